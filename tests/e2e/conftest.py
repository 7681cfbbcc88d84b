"""Browser-test fixtures: a Streamlit server for app.py, headless Chromium, a checked page.

Helpers shared with bench/ live in tests/e2e/harness.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.harness import (
    REPO_ROOT,
    VIEWPORT,
    exception_texts,
    launch_chromium,
    streamlit_server,
)


@pytest.fixture(scope="session")
def app_server():
    """Base URL of `streamlit run app.py` (headless, free port, 127.0.0.1) for the session."""
    with streamlit_server(REPO_ROOT / "app.py") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright."""
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh 1366x768 page; the test fails if it ends with a Streamlit exception shown."""
    new_page = browser.new_page(viewport=VIEWPORT)
    yield new_page
    errors = exception_texts(new_page) if not new_page.is_closed() else []
    new_page.close()
    if errors:
        pytest.fail("Streamlit showed an exception:\n" + "\n---\n".join(errors))

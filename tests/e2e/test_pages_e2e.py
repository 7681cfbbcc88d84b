"""Every page in a real browser, in both languages: it draws and shows no exception."""

from __future__ import annotations

import pytest

from tests.e2e.harness import exception_texts, goto_app

PAGES = ("playground", "backprop", "gradcheck", "compare", "hidden_space")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PAGES)
def test_page_draws_without_errors(page, app_server, path, lang):
    goto_app(page, f"{app_server}/{path}?lang={lang}")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    # deep links run through app.py: its navigation bar and language switch are there
    assert page.locator("[data-testid='stTopNavLinkContainer'], nav a").count() >= len(PAGES)
    assert exception_texts(page) == []
    body = page.inner_text("body")
    assert "encountered an error" not in body and "Traceback" not in body
    assert ("中文" in body) and ("English" in body)

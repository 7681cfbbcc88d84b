"""The playground in a real browser: Play, watch it learn, Pause, Step, Reset."""

from __future__ import annotations

import re
import time

from tests.e2e.harness import REPO_ROOT, goto_app, wait_idle

SCREENSHOT = REPO_ROOT / "docs" / "screenshots" / "playground.png"
COUNTERS = ".st-key-counters"
BOUNDARY_Z_JS = """() => {
  const plot = document.querySelector('.st-key-chart_boundary .js-plotly-plot');
  return plot && plot.data ? JSON.stringify(plot.data[0].z) : null;
}"""


def button(page, key: str):
    """The visible button of the Streamlit widget with this key."""
    return page.locator(f".st-key-{key} button:visible").first


def counters(page) -> dict[str, float]:
    """The counters line parsed into numbers, e.g. {"Steps": 120, "Train loss": 0.41}."""
    text = page.locator(COUNTERS).inner_text()
    pairs = re.findall(r"([A-Za-z /]+?)\s+([\d,]+(?:\.\d+)?)%?(?:\s·|$)", text.replace("\n", " "))
    return {name.strip(" ·"): float(value.replace(",", "")) for name, value in pairs}


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.2):
    """Poll `predicate` until it returns a truthy value; returns it (or the last falsy one)."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value


def test_play_learns_pause_stops_step_and_reset(page, app_server):
    goto_app(page, app_server)
    page.wait_for_selector(".st-key-chart_boundary .js-plotly-plot .main-svg")
    start = counters(page)
    assert start["Steps"] == 0
    boundary_before = page.evaluate(BOUNDARY_Z_JS)

    button(page, "play_pause").click()
    assert wait_for(lambda: counters(page).get("Steps", 0) >= 300), "training did not advance"
    trained = wait_for(lambda: counters(page)["Train loss"] < start["Train loss"] - 0.05)
    assert trained, f"loss did not fall: {start} -> {counters(page)}"
    assert page.evaluate(BOUNDARY_Z_JS) != boundary_before

    button(page, "play_pause").click()
    wait_idle(page)
    paused = counters(page)["Steps"]
    time.sleep(1.0)
    assert counters(page)["Steps"] == paused, "counters kept moving after Pause"

    button(page, "step").click()
    assert wait_for(lambda: counters(page)["Steps"] == paused + 1)
    wait_idle(page)

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000

    button(page, "reset").click()
    assert wait_for(lambda: counters(page)["Steps"] == 0)
    assert "encountered an error" not in page.inner_text("body")


def test_keyboard_shortcuts_step_and_reset(page, app_server):
    goto_app(page, app_server)
    page.wait_for_selector(".st-key-chart_boundary .js-plotly-plot .main-svg")
    page.locator(COUNTERS).click()  # focus the page, outside any input
    page.keyboard.press("ArrowRight")
    assert wait_for(lambda: counters(page)["Steps"] == 1), "→ did not step"
    wait_idle(page)
    page.keyboard.press("r")
    assert wait_for(lambda: counters(page)["Steps"] == 0), "r did not reset"


def test_two_tabs_train_independently(browser, app_server):
    first = browser.new_page(viewport={"width": 1366, "height": 768})
    second = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        goto_app(first, app_server)
        goto_app(second, app_server)
        button(first, "step").click()
        assert wait_for(lambda: counters(first)["Steps"] == 1)
        wait_idle(first)
        assert counters(second)["Steps"] == 0
    finally:
        first.close()
        second.close()


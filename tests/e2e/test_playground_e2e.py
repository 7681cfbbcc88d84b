"""The playground in a real browser: Play, watch it learn, Pause, Step, Reset."""

from __future__ import annotations

import time

from tests.e2e.harness import REPO_ROOT, button, counters, goto_app, wait_for, wait_idle

# The README shows a copy of this picture (docs/screenshots/playground.png).
SCREENSHOT = REPO_ROOT / "tests" / "e2e" / "artifacts" / "playground.png"
COUNTERS = ".st-key-counters"  # the playground's counters line
BOUNDARY_Z_JS = """() => {
  const plot = document.querySelector('.st-key-chart_boundary .js-plotly-plot');
  return plot && plot.data ? JSON.stringify(plot.data[0].z) : null;
}"""


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
    learned = wait_for(lambda: counters(page)["Train accuracy"] >= 95, timeout=60)
    assert learned, f"XOR not learned: {counters(page)}"
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
    page.mouse.move(5, 760)  # no tooltip in the picture
    page.wait_for_timeout(300)
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


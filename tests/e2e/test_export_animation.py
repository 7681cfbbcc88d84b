"""The exported HTML animation in real Chromium, with every network request blocked (offline)."""

from __future__ import annotations

from ui.common.settings import Settings
from ui.export.animation import animation_html
from ui.playground.model import Playground

CHART = "document.querySelector('#animation')"


def test_exported_animation_plays_offline(browser, tmp_path):
    settings = Settings(hidden=(4,), learning_rate=0.3)
    playground = Playground(settings)
    playground.train("epoch", 30)
    path = tmp_path / "animation.html"
    path.write_text(animation_html(playground, settings, "en"), encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else route.abort())
    try:
        page.goto(path.as_uri())
        page.wait_for_function(f"{CHART}?._transitionData?._frames?.length > 0", timeout=30_000)
        frames = page.evaluate(f"{CHART}._transitionData._frames.length")
        first_row = page.evaluate(f"JSON.stringify({CHART}.data[0].z[10])")
        page.get_by_text("Play").click()
        page.wait_for_function(f"{CHART}.layout.sliders[0].active > 3", timeout=30_000)
        assert page.evaluate(f"JSON.stringify({CHART}.data[0].z[10])") != first_row
    finally:
        page.close()
    assert frames == len(playground.run.snapshots)
    assert errors == []

"""Lecture features in a real browser: click to add a point, language switch, presenter mode."""

from __future__ import annotations

from tests.e2e.harness import counters, goto_app, live_button, wait_for, wait_idle, wait_live

# The number of data points the boundary chart draws (from the live view's chart spec).
BOUNDARY_POINTS_JS = """() => {
  const view = document.querySelector('[data-live-view]').parentElement.__liveView;
  const boundary = view.spec.charts.find((chart) => chart.name === 'boundary');
  return boundary.points.reduce((n, series) => n + series.x.length, 0);
}"""


def open_section(page, title: str) -> None:
    page.locator("[data-testid='stSidebar'] summary", has_text=title).first.click()


def test_clicking_the_boundary_adds_a_training_point(page, app_server):
    goto_app(page, app_server)
    wait_live(page, ("boundary",))
    before = page.evaluate(BOUNDARY_POINTS_JS)
    open_section(page, "Your data")
    page.get_by_text("adds a class 1 point").click()
    wait_idle(page)
    canvas = page.locator("[data-chart='boundary'] canvas").first
    box = canvas.bounding_box()
    canvas.click(position={"x": box["width"] / 2, "y": box["height"] / 2})
    assert wait_for(lambda: page.evaluate(BOUNDARY_POINTS_JS) == before + 1), "no point added"
    wait_idle(page)
    assert counters(page)["Steps"] == 0  # the same network, not reset


def test_language_switch_relabels_the_page(page, app_server):
    goto_app(page, app_server)
    wait_live(page)
    page.get_by_text("中文").first.click()
    assert wait_for(lambda: "训练损失" in page.locator("[data-live='counters']").inner_text())
    assert "单步" in live_button(page, "step").inner_text()


def test_presenter_link_hides_the_sidebar_and_shows_shortcuts(page, app_server):
    goto_app(page, app_server + "/?presenter=1")
    wait_live(page, ("boundary",))
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert page.get_by_text("space = play/pause").is_visible()
    page.locator(".st-key-leave_presenter button").first.click()
    assert wait_for(lambda: page.locator("[data-testid='stSidebar']").is_visible())

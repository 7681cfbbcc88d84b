"""Lecture features in a real browser: click to add a point, language switch, presenter mode."""

from __future__ import annotations

from tests.e2e.harness import counters, goto_app, wait_for, wait_idle

BOUNDARY_POINTS_JS = """() => {
  const plot = document.querySelector('.st-key-chart_boundary .js-plotly-plot');
  return plot.data.filter((t) => t.type === 'scatter')
    .reduce((n, t) => n + (t.x ? t.x.length : 0), 0);
}"""


def open_section(page, title: str) -> None:
    page.locator("[data-testid='stSidebar'] summary", has_text=title).first.click()


def test_clicking_the_boundary_adds_a_training_point(page, app_server):
    goto_app(page, app_server)
    page.wait_for_selector(".st-key-chart_boundary .js-plotly-plot .main-svg")
    before = page.evaluate(BOUNDARY_POINTS_JS)
    open_section(page, "Your data")
    page.get_by_text("adds a class 1 point").click()
    wait_idle(page)
    plot_area = page.locator(".st-key-chart_boundary .js-plotly-plot .nsewdrag").first
    plot_area.click(position={"x": 40, "y": 40})
    assert wait_for(lambda: page.evaluate(BOUNDARY_POINTS_JS) == before + 1), "no point added"
    wait_idle(page)
    assert counters(page)["Steps"] == 0  # the same network, not reset


def test_language_switch_relabels_the_page(page, app_server):
    goto_app(page, app_server)
    page.get_by_text("中文").first.click()
    assert wait_for(lambda: "训练损失" in page.locator(".st-key-counters").inner_text())
    assert page.locator(".st-key-step button").first.inner_text().startswith("skip_next")
    assert "单步" in page.locator(".st-key-step button").first.inner_text()


def test_presenter_link_hides_the_sidebar_and_shows_shortcuts(page, app_server):
    goto_app(page, app_server + "/?presenter=1")
    page.wait_for_selector(".st-key-chart_boundary .js-plotly-plot .main-svg")
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert page.get_by_text("space = play/pause").is_visible()
    page.locator(".st-key-leave_presenter button").first.click()
    assert wait_for(lambda: page.locator("[data-testid='stSidebar']").is_visible())

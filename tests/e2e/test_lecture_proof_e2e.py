"""A lecture in a real browser: language switches keep the run, presenter mode is readable,
labels never overlap, the network is edited on its diagram, divergence reads cleanly, and the
page asks nothing from the internet."""

from __future__ import annotations

import re

from tests.e2e.harness import (
    counters,
    goto_app,
    live_button,
    wait_for,
    wait_idle,
    wait_live,
)

FULL_HD = {"width": 1920, "height": 1080}
CHARTS = ("network", "boundary", "loss", "weights")
# Records every text a canvas draws (with its font, place and transform) while enabled.
TEXT_RECORDER_JS = """(() => {
  window.__texts = [];
  window.__recordTexts = false;
  const original = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, ...rest) {
    if (window.__recordTexts) {
      const m = this.getTransform();
      window.__texts.push({ canvas: this.canvas, text: String(text), font: this.font, x, y,
        align: this.textAlign, baseline: this.textBaseline,
        matrix: [m.a, m.b, m.c, m.d, m.e, m.f] });
    }
    return original.call(this, text, x, y, ...rest);
  };
})();"""
# Redraws `names` with the recorder on; returns per chart its texts as boxes in CSS pixels
# ({text, px, box: [left, top, right, bottom]}), where px is the drawn font size.
CHART_TEXTS_JS = """async (names) => {
  const view = document.querySelector('[data-live-view]').parentElement.__liveView;
  window.__texts = [];
  window.__recordTexts = true;
  for (const name of names) view.charts.get(name).invalidate();
  view.scheduleDraw();
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  window.__recordTexts = false;
  const ratio = window.devicePixelRatio || 1;
  const measure = document.createElement('canvas').getContext('2d');
  const result = {};
  for (const name of names) {
    const chart = view.charts.get(name);
    result[name] = window.__texts
      .filter((t) => t.canvas === chart.canvas || t.canvas === chart.layer)
      .map((t) => {
        measure.font = t.font;
        const width = measure.measureText(t.text).width;
        const size = parseFloat(/([\\d.]+)px/.exec(t.font)[1]);
        const left = t.align === 'center' ? t.x - width / 2
          : (t.align === 'right' || t.align === 'end') ? t.x - width : t.x;
        const top = t.baseline === 'middle' ? t.y - size / 2
          : t.baseline === 'top' ? t.y : t.baseline === 'bottom' ? t.y - size : t.y - 0.8 * size;
        const [a, b, c, d, e, f] = t.matrix;
        const corners = [[left, top], [left + width, top], [left, top + size],
                         [left + width, top + size]].map(([x, y]) =>
          [(a * x + c * y + e) / ratio, (b * x + d * y + f) / ratio]);
        const xs = corners.map((p) => p[0]);
        const ys = corners.map((p) => p[1]);
        return { text: t.text, px: size * Math.hypot(a, b) / ratio,
                 box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
      });
  }
  return result;
}"""
BOXES_JS = """(names) => Object.fromEntries(names.map((name) => {
  const box = document.querySelector(`[data-chart="${name}"]`).getBoundingClientRect();
  return [name, [box.left, box.top, box.right, box.bottom]];
}))"""
SHAPE_JS = """() => document.querySelector('[data-live-view]').parentElement.__liveView
  .spec.charts.find((chart) => chart.name === 'network').columns.map((c) => c.total).join('-')"""
OVERFLOW_WORDS_JS = """() => ['loss', 'weights'].map((name) => document
  .querySelector('[data-live-view]').parentElement.__liveView.charts.get(name).overflowWord)"""
LOSS_TOP_JS = """() => document.querySelector('[data-live-view]').parentElement.__liveView
  .charts.get('loss').ranges().y[1]"""


def overlaps(texts: list[dict], slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than `slack` pixels each way."""
    found = []
    for i, first in enumerate(texts):
        for second in texts[i + 1:]:
            a, b = first["box"], second["box"]
            if (min(a[2], b[2]) - max(a[0], b[0]) > slack
                    and min(a[3], b[3]) - max(a[1], b[1]) > slack):
                found.append((first["text"], second["text"]))
    return found


def state(page) -> tuple[str, str]:
    """The dataset shown and the query string."""
    return page.locator(".st-key-w_dataset input").first.input_value(), page.url.split("?")[-1]


def switch(page, language: str) -> None:
    """Click a language and wait until the live view speaks it."""
    page.get_by_text(language, exact=True).first.click()
    wait_idle(page)
    word = "轮次" if language == "中文" else "Epoch"
    assert wait_for(lambda: page.inner_text("[data-live='counters']").startswith(word))


def test_switching_language_keeps_the_run_both_ways_and_while_playing(page, app_server):
    goto_app(page, app_server + "/?dataset=spiral&hidden=8-8")
    wait_live(page, CHARTS)
    page.wait_for_selector(".st-key-w_dataset")
    live_button(page, "play").click()
    assert wait_for(lambda: counters(page)["Epoch"] >= 10)
    switch(page, "中文")  # while playing
    assert wait_for(lambda: "暂停" in live_button(page, "play").inner_text())
    dataset, query = state(page)
    assert dataset == "双螺旋" and "dataset=spiral&hidden=8-8" in query and "lang=zh" in query
    epoch = float(re.search(r"轮次\s*([\d,]+)", page.inner_text("[data-live='counters']"))
                  .group(1).replace(",", ""))
    assert epoch >= 10  # the same run went on
    assert page.evaluate(OVERFLOW_WORDS_JS) == ["溢出", "溢出"]  # the tooltips' word too
    live_button(page, "play").click()  # Pause works at once after the switch
    assert wait_for(lambda: "播放" in live_button(page, "play").inner_text())
    switch(page, "English")  # while paused, back
    shown = counters(page)
    assert shown["Epoch"] >= epoch
    assert state(page) == ("Two spirals", "dataset=spiral&hidden=8-8")
    assert page.evaluate(OVERFLOW_WORDS_JS) == ["overflow", "overflow"]
    live_button(page, "play").click()
    assert wait_for(lambda: counters(page)["Epoch"] > shown["Epoch"] + 3)
    switch(page, "中文")
    switch(page, "English")  # twice while playing
    live_button(page, "play").click()
    assert wait_for(lambda: "Play" in live_button(page, "play").inner_text())
    assert state(page) == ("Two spirals", "dataset=spiral&hidden=8-8")
    assert counters(page)["Epoch"] > shown["Epoch"] + 3


def test_presenter_mode_text_is_18_px_and_every_chart_fits_full_hd(browser, app_server):
    page = browser.new_page(viewport=FULL_HD)
    page.add_init_script(TEXT_RECORDER_JS)
    goto_app(page, app_server + "/?presenter=1")
    wait_live(page, CHARTS)
    texts = page.evaluate(CHART_TEXTS_JS, list(CHARTS))
    for name in CHARTS:
        sizes = [item["px"] for item in texts[name]]
        assert sizes and min(sizes) >= 18, (name, min(sizes))
    for name, (left, top, right, bottom) in page.evaluate(BOXES_JS, list(CHARTS)).items():
        assert 0 <= left and right <= FULL_HD["width"], name
        assert 0 <= top and bottom <= FULL_HD["height"], (name, bottom)
    normal = browser.new_page(viewport=FULL_HD)
    goto_app(normal, app_server)
    wait_live(normal, CHARTS)
    heights = [box[3] - box[1] for box in normal.evaluate(BOXES_JS, list(CHARTS)).values()]
    assert min(heights) > 350  # charts grow with the screen instead of leaving it empty
    normal.close()
    page.close()


def test_weight_labels_never_overlap(browser, app_server):
    for query, viewport in (("", None), ("?hidden=32-32-32-32-32-32-32-32", None),
                            ("?presenter=1&hidden=32-32-32-32-32-32-32-32", FULL_HD),
                            ("?features=x1,x2,sin(x1),sin(x2)&hidden=3", None)):
        page = browser.new_page(viewport=viewport or {"width": 1366, "height": 768})
        page.add_init_script(TEXT_RECORDER_JS)
        goto_app(page, app_server + "/" + query)
        wait_live(page, ("weights", "network"))
        texts = page.evaluate(CHART_TEXTS_JS, ["weights", "network"])
        assert texts["weights"], query
        assert overlaps(texts["weights"]) == [], query
        assert overlaps(texts["network"]) == [], query
        if "sin" in query:  # the real feature names, not x3/x4
            shown = {item["text"] for item in texts["weights"]}
            assert {"sin(x1)", "sin(x2)"} <= shown
        page.close()


def test_the_network_is_edited_on_its_diagram(page, app_server):
    goto_app(page, app_server)
    wait_live(page, CHARTS)
    page.wait_for_selector(".st-key-w_hidden")
    assert page.evaluate(SHAPE_JS) == "2-4-2-1"
    for title, shape in (("Add a neuron to this layer", "2-5-2-1"),
                         ("Add a hidden layer", "2-5-2-2-1"),
                         ("Remove the last hidden layer", "2-5-2-1"),
                         ("Remove a neuron from this layer", "2-4-2-1"),
                         ("Remove the last hidden layer", "2-4-1")):
        page.locator(f"[data-chart='network'] button[title='{title}']").first.click()
        page.wait_for_function(f"() => ({SHAPE_JS})() === '{shape}'", timeout=10_000)
        wait_idle(page)
        expected = "-".join(shape.split("-")[1:-1])
        assert page.locator(".st-key-w_hidden input").input_value() == expected
        assert (f"hidden={expected}" in page.url) or (expected == "4-2")
        layers = len(shape.split("-")) - 2
        label = page.locator("[data-chart='network'] .live-edit-group span").first
        assert label.inner_text() == f"{layers} hidden layer{'s' * (layers != 1)}"


def test_divergence_reads_short_and_the_axes_recover(page, app_server):
    goto_app(page, app_server + "/?preset=lr_too_high")
    wait_live(page, CHARTS)
    live_button(page, "play").click()
    assert wait_for(lambda: page.locator(".live-alert").count() > 0, timeout=30)
    line = page.inner_text("[data-live='counters']")
    assert all(len(value) <= 12 for value in re.findall(r"[\d.e+\-,%–a-z]+(?= ·|$)", line))
    alert = page.inner_text(".live-alert")
    assert alert.count("last good weights") == 1, alert
    diverged_top = page.evaluate(LOSS_TOP_JS)
    slider = page.locator(".st-key-w_learning_rate input").first
    slider.focus()
    for _ in range(6):  # 10 -> 0.01: six steps down the learning-rate ladder
        slider.press("ArrowLeft")
        wait_idle(page)
    assert wait_for(lambda: not live_button(page, "play").is_disabled())
    live_button(page, "play").click()
    assert wait_for(lambda: page.evaluate(LOSS_TOP_JS) < diverged_top / 1000, timeout=60), \
        (diverged_top, page.evaluate(LOSS_TOP_JS))
    live_button(page, "play").click()


def test_the_pages_fetch_nothing_from_the_internet(page, app_server):
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((app_server, "data:", "blob:")) else None)
    goto_app(page, app_server + "/?lang=zh")
    wait_live(page)
    for path in ("backprop", "gradcheck", "compare", "hidden_space"):
        goto_app(page, f"{app_server}/{path}")
    assert outside == []

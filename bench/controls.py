"""How long a control change takes to show: the round trip of a page run, in headless Chromium.

    .venv/bin/python -m bench.controls [--repeats 5]

Opens the default playground at 1366x768 and times, on the page's clock, from the input event
(pointer down or key down) to the first animation frame that shows the change:
- a neuron added with + on the network diagram, until the diagram shows the new shape;
- a hidden-layers shape typed into the sidebar field, until the diagram shows it;
- the learning rate moved one step with the keyboard, until the page run has finished;
- another dataset chosen, until the boundary chart shows the new data.
Prints the median and the worst of `--repeats` tries each. Prints figures only.
"""

from __future__ import annotations

import argparse
import statistics

from playwright.sync_api import sync_playwright

from tests.e2e.harness import (
    REPO_ROOT,
    VIEWPORT,
    goto_app,
    launch_chromium,
    streamlit_server,
    wait_idle,
    wait_live,
)

TARGET_S = 0.5
SHAPE_JS = """() => document.querySelector('[data-live-view]').parentElement.__liveView
  .spec.charts.find((chart) => chart.name === 'network').columns.map((c) => c.total).join('-')"""
POINTS_JS = """() => document.querySelector('[data-live-view]').parentElement.__liveView
  .spec.charts.find((chart) => chart.name === 'boundary').points[0].x.slice(0, 3).join()"""


INPUT_CLOCK_JS = """() => {
  window.__controlInputAt = null;
  const note = (event) => {
    if (window.__controlInputAt === null) window.__controlInputAt = event.timeStamp;
  };
  for (const type of ["pointerdown", "keydown"]) {
    document.addEventListener(type, note, { capture: true, once: true });
  }
  const app = document.querySelector("[data-testid='stApp']");
  window.__controlRunSeen = false;
  new MutationObserver((changes, observer) => {  // any change of state is a page run
    window.__controlRunSeen = true;
    observer.disconnect();
  }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
}"""
RUN_FINISHED_JS = """() => window.__controlRunSeen
  && document.querySelector("[data-testid='stApp']")
    .getAttribute('data-test-script-state') === 'notRunning'"""


def timed(page, act, done) -> float:
    """Seconds, on the page's clock, from the input event (pointer down or key down) that `act()`
    causes to the first animation frame in which `done()` is true. Playwright's own work before it
    sends the input (actionability checks) is not counted: a user's click has none."""
    page.evaluate(INPUT_CLOCK_JS)
    act()
    finished_at = page.evaluate(
        """(done) => new Promise((resolve, reject) => {
          const check = new Function("return (" + done + ")()");
          const limit = performance.now() + 20000;
          const tick = () => {
            if (check()) resolve(performance.now());
            else if (performance.now() > limit) reject(new Error("control change not shown"));
            else requestAnimationFrame(tick);
          };
          tick();
        })""", done)
    started_at = page.evaluate("() => window.__controlInputAt")
    if started_at is None:
        raise RuntimeError("no input event reached the page")
    return (finished_at - started_at) / 1000


def measure(page, repeats: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"+ neuron on the diagram": [], "typed shape": [],
                                       "learning rate step": [], "dataset": []}
    field = page.locator(".st-key-w_hidden input").first
    for index in range(repeats):
        before = page.evaluate(SHAPE_JS)
        add = page.locator("[data-chart='network'] button[title='Add a neuron to this layer']")
        figures["+ neuron on the diagram"].append(timed(
            page, add.first.click, f"() => ({SHAPE_JS})() !== '{before}'"))
        wait_idle(page)
        current = page.evaluate(SHAPE_JS)
        shape = next(f"{width}-3" for width in (3, 5) if f"2-{width}-3-1" != current)
        field.fill(shape)
        figures["typed shape"].append(timed(
            page, lambda: page.keyboard.press("Enter"), f"() => ({SHAPE_JS})() === '2-{shape}-1'"))
        wait_idle(page)
        slider = page.locator(".st-key-w_learning_rate input").first
        slider.focus()
        key = "ArrowRight" if index % 2 == 0 else "ArrowLeft"
        figures["learning rate step"].append(timed(
            page, lambda key=key, slider=slider: slider.press(key),
            RUN_FINISHED_JS))
        wait_idle(page)
        before = page.evaluate(POINTS_JS)
        target = "Circle" if index % 2 == 0 else "XOR (4 quadrants)"
        page.locator(".st-key-w_dataset input").first.click()
        page.keyboard.type(target)
        figures["dataset"].append(timed(
            page, lambda: page.keyboard.press("Enter"), f"() => ({POINTS_JS})() !== '{before}'"))
        wait_idle(page)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with streamlit_server(REPO_ROOT / "app.py") as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport=VIEWPORT)
        goto_app(page, url)
        wait_live(page)
        page.wait_for_selector(".st-key-w_hidden input")
        figures = measure(page, args.repeats)
        browser.close()
    print(f"{'control change':<28}{'median s':>10}{'worst s':>10}   target <= {TARGET_S} s")
    for name, values in figures.items():
        print(f"{name:<28}{statistics.median(values):>10.3f}{max(values):>10.3f}")


if __name__ == "__main__":
    main()

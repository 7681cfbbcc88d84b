"""Live charts in a real browser: our app next to the original TensorFlow Playground (TFP).

    .venv/bin/python -m bench.frames [--seconds 8] [--runs 1] [--app app.py]
                                     [--query "dataset=spiral&hidden=8-8-8-8-8-8"]
                                     [--no-tfp | --no-app]

One run measures our app (`streamlit run`, tests/e2e/harness.py) and then TFP (the static build
in /opt/tfp, bench/tfp.py: XOR, 4-2 tanh, learning rate 0.03, like our defaults), one server at
a time, each in headless Debian Chromium at 1366x768 on this machine, and prints one column per
app, then the targets (judged on the medians; TFP's verdicts are for reference). `--runs N`
repeats the run and prints min / median / max. Without /opt/tfp only our app is measured. An
app that cannot be driven (a selector never shows up) gets a note instead of figures. Prints
figures only; never fails on a slow result.

Counting (tests/e2e/frame_counter.js, installed with page.add_init_script before navigation): a
chart is the element carrying data-chart="<name>". In each animation frame a chart counts one
update when the DOM changed inside it (MutationObserver on the document: childList,
attributes, characterData, subtree) or one of its canvases drew (drawImage, putImageData, fill,
stroke, fillRect, strokeRect, clearRect, fillText or strokeText; canvases not connected to the
document, such as offscreen caches, are ignored). The counter keeps per chart the count and the
page-clock time of its last change.

Blank test (blank samples, and "drawn" for the first chart): a chart is blank when it is
missing or has no box, or when nothing is drawn in it: if it holds visible canvases, none of
them has a pixel of non-zero alpha on 8 evenly spaced full rows and 8 full columns (a canvas
never drawn through a 2-D context, e.g. WebGL, is scaled into a 32x32 scratch canvas and read
whole); if it holds none, none of its SVG shapes has a box.

The floor: the same cold-browser timing for bench/floor_app.py, a Streamlit page with one line
of text (time to that text), since no Streamlit app can draw before Streamlit itself has.

Per app, in this order:
- server warm-up: one page load in a throwaway browser, so that the next figure is the
  browser's cold cache and not the server's first script run (Python imports);
- first chart cold: a new browser process (empty cache) opens the page; time from time.time()
  just before page.goto to the first update after which a chart was not blank (page clock,
  performance.timeOrigin + performance.now()); first chart warm: the same after page.reload();
- Play, 1 s of warm-up, then `--seconds` of play: updates/s of every chart and of the slowest
  one; epochs/s from the page's counter (ours: "Epoch <n>" in [data-live="counters"]; TFP: its
  iteration counter, one epoch per frame); CPU cores used by Chromium's process tree and by the
  server's process tree (psutil: user + system seconds over wall seconds); the page's animation
  frames/s; blank samples, every 100 ms: the number of (sample, chart) pairs that were blank;
- pause latency: from the page clock taken in the evaluate that clicks Pause to the last change
  in any chart, read 1.5 s after the click.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from bench import tfp
from bench.frames_report import FLOOR, OUR_CHARTS, OURS, TFP, Measurement, report
from bench.processes import chromium_processes, cpu_seconds_by_pid
from tests.e2e.harness import (
    FRAME_COUNTER_JS,
    REPO_ROOT,
    VIEWPORT,
    launch_chromium,
    streamlit_server,
    wait_idle,
)

# Our app (the live view): selectors
OUR_LIVE_VIEW = "[data-live-view]"
OUR_PLAY_BUTTON = '[data-live-action="play"]'   # its text switches between Play and Pause
OUR_COUNTERS = '[data-live="counters"]'          # "Epoch 12 · Steps 120 · ..."
OUR_EPOCH_PATTERN = r"Epoch\s*([\d,]+)"
OUR_PAUSED_TEST = "(button) => !/pause/i.test(button.textContent)"
TFP_EPOCH_PATTERN = r"([\d,]+)"
TFP_PAUSED_TEST = "(button) => !button.classList.contains('playing')"

SETTLE_SECONDS = 0.5          # after the page is ready, before Play
WARMUP_SECONDS = 1.0          # of play before measuring
BLANK_SAMPLE_MS = 100
PAUSE_SETTLE_SECONDS = 1.5
PAGE_TIMEOUT_MS = 60_000

FIRST_DRAWN_JS = "() => !!window.__frameCounter && window.__frameCounter.firstDrawn !== null"
FLOOR_APP = REPO_ROOT / "bench" / "floor_app.py"
FLOOR_TEXT = "[data-testid='stMarkdown']"
# Marks (page clock) when the floor page's text first shows.
FLOOR_WATCH_JS = """(() => {
  new MutationObserver((records, observer) => {
    if (document.querySelector("[data-testid='stMarkdown']")) {
      window.__floorShown = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
})();"""
READ_JS = "(selector) => window.__frameCounter.read(selector)"
CLICK_JS = "(selector) => window.__frameCounter.click(selector)"
START_SAMPLER_JS = "([names, everyMs]) => window.__frameCounter.startBlankSampler(names, everyMs)"
STOP_SAMPLER_JS = "() => window.__frameCounter.stopBlankSampler()"


@dataclass(frozen=True)
class AppUnderTest:
    """How to drive one app: where it is, its charts, controls and counter."""

    label: str
    url: str
    server_port: int
    charts: tuple[str, ...]
    play_button: str
    epoch_counter: str
    epoch_pattern: str
    paused_test: str                      # JS (button) => true when the app shows it is paused
    wait_ready: Callable[[object], None]  # page -> returns once the app is drawn and idle
    init_scripts: tuple[str, ...] = ()


# --- processes ------------------------------------------------------------------------------

def _server_processes(port: int) -> list[psutil.Process]:
    """The server this process started on `port` (found by its command line) and its children."""
    for process in psutil.Process().children(recursive=True):
        try:
            if str(port) in process.cmdline():
                return [process, *process.children(recursive=True)]
        except psutil.Error:
            continue
    return []


def _cores_used(before: dict[int, float], after: dict[int, float], wall_s: float) -> float:
    """CPU cores used between two cpu_seconds_by_pid snapshots (new processes count from zero)."""
    used = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
    return used / wall_s


# --- one app ----------------------------------------------------------------------------------

def _open_page(browser, app: AppUnderTest, counter_js: str):
    """A 1366x768 page with the frame counter (and the app's own scripts) installed."""
    page = browser.new_page(viewport=VIEWPORT)
    page.add_init_script(script=counter_js)
    for script in app.init_scripts:
        page.add_init_script(script=script)
    return page


def _first_chart_s(page, started_at: float) -> float:
    """Seconds from `started_at` (time.time() before the navigation) to the first update that
    left a chart drawn."""
    page.wait_for_function(FIRST_DRAWN_JS, timeout=PAGE_TIMEOUT_MS)
    drawn_ms = page.evaluate("() => performance.timeOrigin + window.__frameCounter.firstDrawn")
    return drawn_ms / 1000 - started_at


def _epoch(text: str | None, pattern: str) -> float | None:
    """The epoch number in the counter's text, or None when it shows none."""
    digits = re.search(pattern, text or "")
    digits = digits.group(1).replace(",", "") if digits else ""
    return float(digits) if digits else None


def measure(app: AppUnderTest, playwright, seconds: float, counter_js: str) -> Measurement:
    """The whole scenario for one app (see the module docstring)."""
    result = Measurement()
    warmup_browser = launch_chromium(playwright)
    try:
        page = _open_page(warmup_browser, app, counter_js)
        page.goto(app.url)
        page.wait_for_function(FIRST_DRAWN_JS, timeout=PAGE_TIMEOUT_MS)
    finally:
        warmup_browser.close()

    browser = launch_chromium(playwright)
    try:
        result.browser_version = browser.version
        page = _open_page(browser, app, counter_js)
        started_at = time.time()
        page.goto(app.url)
        result.figures["first_cold"] = _first_chart_s(page, started_at)
        app.wait_ready(page)
        started_at = time.time()
        page.reload()
        result.figures["first_warm"] = _first_chart_s(page, started_at)
        app.wait_ready(page)
        page.wait_for_timeout(SETTLE_SECONDS * 1000)

        page.evaluate(CLICK_JS, app.play_button)
        page.wait_for_timeout(WARMUP_SECONDS * 1000)
        _play_figures(page, app, seconds, result)
        _pause_figures(page, app, result)
    finally:
        browser.close()
    return result


def _play_figures(page, app: AppUnderTest, seconds: float, result: Measurement) -> None:
    """Updates/s, epochs/s, CPU and blank samples over `seconds` of play."""
    browsers, servers = chromium_processes(), _server_processes(app.server_port)
    page.evaluate(START_SAMPLER_JS, [list(app.charts), BLANK_SAMPLE_MS])
    start = page.evaluate(READ_JS, app.epoch_counter)
    cpu_start = (cpu_seconds_by_pid(browsers), cpu_seconds_by_pid(servers), time.monotonic())
    page.wait_for_timeout(seconds * 1000)
    end = page.evaluate(READ_JS, app.epoch_counter)
    wall_s = time.monotonic() - cpu_start[2]
    browser_cpu, server_cpu = cpu_seconds_by_pid(chromium_processes()), cpu_seconds_by_pid(servers)
    blanks = page.evaluate(STOP_SAMPLER_JS)

    elapsed_s = (end["now"] - start["now"]) / 1000
    figures = result.figures
    for name in app.charts:
        counted = [read["charts"].get(name, {}).get("count", 0) for read in (start, end)]
        figures[f"updates:{name}"] = (counted[1] - counted[0]) / elapsed_s
    figures["slowest"] = min(figures[f"updates:{name}"] for name in app.charts)
    figures["frames"] = (end["frames"] - start["frames"]) / elapsed_s
    epochs = [_epoch(read["text"], app.epoch_pattern) for read in (start, end)]
    if None in epochs:
        result.notes.append(f"no epoch counter read from {app.epoch_counter}: {end['text']!r}")
    else:
        figures["epochs"] = (epochs[1] - epochs[0]) / elapsed_s
    figures["browser_cpu"] = _cores_used(cpu_start[0], browser_cpu, wall_s)
    if servers:
        figures["server_cpu"] = _cores_used(cpu_start[1], server_cpu, wall_s)
    figures["blank"] = sum(blanks["blank"].values())
    figures["blank_samples"] = blanks["samples"]
    blank_charts = ", ".join(f"{name} {count}" for name, count in blanks["blank"].items() if count)
    if blank_charts:
        result.notes.append(f"blank of {blanks['samples']} samples: {blank_charts}")


def _pause_figures(page, app: AppUnderTest, result: Measurement) -> None:
    """Pause latency: the Pause click to the last change in any chart."""
    clicked_at = page.evaluate(CLICK_JS, app.play_button)
    page.wait_for_timeout(PAUSE_SETTLE_SECONDS * 1000)
    after = page.evaluate(READ_JS, None)
    last = max((chart["last"] for chart in after["charts"].values()), default=clicked_at)
    result.figures["pause"] = max(0.0, (last - clicked_at) / 1000)
    paused = page.evaluate(
        f"(selector) => ({app.paused_test})(window.__frameCounter.find(selector))",
        app.play_button,
    )
    if not paused:
        result.notes.append("the app did not show a paused state after the Pause click")


# --- the two apps -----------------------------------------------------------------------------

def _wait_ours_ready(page) -> None:
    wait_idle(page, PAGE_TIMEOUT_MS)
    page.wait_for_selector(OUR_LIVE_VIEW, state="attached", timeout=PAGE_TIMEOUT_MS)
    for name in OUR_CHARTS:
        page.wait_for_selector(f'[data-chart="{name}"]', state="attached",
                               timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(OUR_PLAY_BUTTON, state="visible", timeout=PAGE_TIMEOUT_MS)


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/", 1)[0])


def our_app(base_url: str, query: str) -> AppUnderTest:
    """Our app served at `base_url`, opened with the extra query string `query`."""
    query = query.lstrip("?")
    return AppUnderTest(
        label=OURS, url=f"{base_url}/" + (f"?{query}" if query else ""),
        server_port=_port(base_url), charts=OUR_CHARTS, play_button=OUR_PLAY_BUTTON,
        epoch_counter=OUR_COUNTERS, epoch_pattern=OUR_EPOCH_PATTERN,
        paused_test=OUR_PAUSED_TEST, wait_ready=_wait_ours_ready,
    )


def tfp_app(base_url: str) -> AppUnderTest:
    """TFP served at `base_url` (bench/tfp.py)."""
    return AppUnderTest(
        label=TFP, url=tfp.page_url(base_url), server_port=_port(base_url),
        charts=tfp.CHART_NAMES, play_button=tfp.PLAY_BUTTON,
        epoch_counter=tfp.ITERATION_COUNTER, epoch_pattern=TFP_EPOCH_PATTERN,
        paused_test=TFP_PAUSED_TEST, wait_ready=tfp.wait_ready,
        init_scripts=(tfp.TAG_CHARTS_INIT_SCRIPT,),
    )


@contextmanager
def _served(label: str, app_path: Path, query: str) -> Iterator[AppUnderTest]:
    """Start the app's server; yield how to drive the app."""
    if label == OURS:
        with streamlit_server(app_path) as base_url:
            yield our_app(base_url, query)
    else:
        with tfp.tfp_server() as base_url:
            yield tfp_app(base_url)


def measure_floor(playwright) -> float:
    """Seconds from navigation to the floor page's text, in a fresh browser (server warmed)."""
    with streamlit_server(FLOOR_APP) as url:
        warmup = launch_chromium(playwright)
        try:
            page = warmup.new_page(viewport=VIEWPORT)
            page.goto(url)
            page.wait_for_selector(FLOOR_TEXT, timeout=PAGE_TIMEOUT_MS)
        finally:
            warmup.close()
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.add_init_script(script=FLOOR_WATCH_JS)
            started_at = time.time()
            page.goto(url)
            page.wait_for_function("() => window.__floorShown !== undefined",
                                   timeout=PAGE_TIMEOUT_MS)
            shown_ms = page.evaluate("() => performance.timeOrigin + window.__floorShown")
        finally:
            browser.close()
    return shown_ms / 1000 - started_at


def run_once(labels: list[str], args, playwright, counter_js: str) -> dict[str, Measurement]:
    """Measure each app in turn (one server at a time); an app that cannot be driven gets a
    Measurement with no figures and the reason as a note."""
    results = {}
    if OURS in labels:
        results[FLOOR] = Measurement(figures={"first_cold": measure_floor(playwright)})
    for label in labels:
        try:
            with _served(label, REPO_ROOT / args.app, args.query) as app:
                results[label] = measure(app, playwright, args.seconds, counter_js)
        except (PlaywrightError, RuntimeError, TimeoutError) as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            results[label] = Measurement(notes=[f"not measured: {reason}"])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="seconds of play measured")
    parser.add_argument("--app", default="app.py", help="our app, relative to the repository")
    parser.add_argument("--query", default="", help='extra query string for our app, e.g. '
                        '"dataset=spiral&hidden=8-8-8-8-8-8"')
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole scenario N times")
    parser.add_argument("--no-tfp", action="store_true", help="measure only our app")
    parser.add_argument("--no-app", action="store_true", help="measure only TFP")
    args = parser.parse_args()
    if args.no_app and args.no_tfp:
        parser.error("--no-app and --no-tfp leave nothing to measure")
    if args.runs < 1 or args.seconds <= 0:
        parser.error("--runs must be at least 1 and --seconds positive")
    labels = [] if args.no_app else [OURS]
    if not args.no_tfp:
        if tfp.available():
            labels.append(TFP)
        else:
            print(f"note: no TensorFlow Playground build at {tfp.TFP_ROOT}; measuring only ours")
    if not labels:
        return
    counter_js = FRAME_COUNTER_JS
    runs = []
    with sync_playwright() as playwright:
        for _ in range(args.runs):
            runs.append(run_once(labels, args, playwright, counter_js))
    print(report(runs, labels, args.seconds))


if __name__ == "__main__":
    main()

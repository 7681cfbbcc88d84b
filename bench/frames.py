"""Real-browser frame benchmark for live charts.

    .venv/bin/python -m bench.frames [--app bench/frames_demo_app.py] [--seconds 8]
                                     [--mode live_chart|plotly_chart] [--secondary-fps 10]
                                     [--server-fps 40]

Starts the app with `streamlit run` on a free local port, opens it in headless Debian Chromium
at 1366x768 and reports:
- time from opening the page to the first drawn chart (fresh browser context, then a reload);
- chart updates per second for each chart slot while playing (a MutationObserver on each Plotly
  div marks it dirty; each animation frame counts one update per dirty chart);
- blank samples: every ~50 ms, whether a chart slot has no drawn plot;
- pause latency: from the Pause click to the busiest chart's last update.
Chart slots are the page's containers keyed `slot_*` (class `st-key-slot_*`). `--mode` sets
LIVE_CHART_MODE for the demo app (plotly_chart draws with st.plotly_chart, for comparison).
Prints figures only; never fails on a slow result.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.e2e.harness import (
    REPO_ROOT,
    VIEWPORT,
    chart_labels,
    exception_texts,
    install_frame_counter,
    launch_chromium,
    read_frame_counts,
    streamlit_server,
    wait_idle,
)

SLOT_PREFIX = "st-key-slot_"  # the demo page's chart containers
APP_SLOT_PREFIX = "st-key-chart_"  # the playground's live charts (app.py)
PLAY_BUTTON = ".st-key-play_pause button"
SAMPLE_MS = 50
PAUSE_SETTLE_SECONDS = 1.5
TARGET_FPS = 30
TARGET_PAUSE_S = 0.2
TARGET_FIRST_DRAW_S = 2.0

# Every SAMPLE_MS, count per slot whether it lacks a drawn plot (a sized Plotly SVG).
BLANK_SAMPLER_JS = """
([prefix, everyMs]) => {
  const slots = [...document.querySelectorAll(`[class*="${prefix}"]`)];
  const names = slots.map((el) => [...el.classList].find((c) => c.startsWith(prefix)));
  const sampler = { names, samples: 0, blank: names.map(() => 0) };
  sampler.timer = setInterval(() => {
    sampler.samples += 1;
    slots.forEach((slot, i) => {
      const svg = slot.querySelector('.js-plotly-plot .main-svg');
      const box = svg ? svg.getBoundingClientRect() : null;
      if (!box || box.width === 0 || box.height === 0) sampler.blank[i] += 1;
    });
  }, everyMs);
  window.__blankSampler = sampler;
}
"""
STOP_SAMPLER_JS = """
() => { const s = window.__blankSampler; clearInterval(s.timer);
        return { names: s.names, samples: s.samples, blank: s.blank }; }
"""
# Click a button from inside the page and return the click time on the page's clock (ms).
CLICK_JS = "(selector) => { const t = performance.now(); document.querySelector(selector).click();"\
    " return t; }"
# live_chart's own counters (Plotly.react calls, time in them); absent in plotly_chart mode.
DRAW_STATS_JS = (
    "() => ({...{draws: 0, drawMs: 0, frames: 0, fastDraws: 0},"
    " ...(window.__liveChartShared?.stats ?? {})})"
)
FIRST_DRAWN_JS = """
() => [...document.querySelectorAll('.js-plotly-plot .main-svg')]
        .some((svg) => svg.getBoundingClientRect().width > 0)
"""


def _per_slot(labels: list[str], values: list, combine) -> dict[str, object]:
    """Combine per-chart values by slot label (re-mounted charts share their slot's label)."""
    grouped: dict[str, list] = {}
    # labels may be read a moment after values: charts first seen in between are left out
    for label, value in zip(labels, values, strict=False):
        if label:
            grouped.setdefault(label.removeprefix("st-key-"), []).append(value)
    return {slot: combine(vals) for slot, vals in sorted(grouped.items())}


def _server_frame(page) -> int:
    """The frame number the demo page shows ("frame N"), or 0 when the app shows none."""
    texts = page.locator("text=/^frame \\d+$/").all_inner_texts()
    return int(texts[0].split()[1]) if texts else 0


def _latest(values: list) -> float | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def measure(
    app: Path, seconds: float, mode: str, secondary_fps: float = 0, server_fps: float = 0,
    slot_prefix: str = SLOT_PREFIX,
) -> dict:
    """Run the whole scenario once; return the measured figures."""
    env = {
        "LIVE_CHART_MODE": mode,
        "LIVE_CHART_SECONDARY_FPS": str(secondary_fps or ""),
        "LIVE_CHART_SERVER_FPS": str(server_fps or ""),
    }
    with streamlit_server(app, env=env) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            opened = time.perf_counter()
            page.goto(url)
            page.wait_for_function(FIRST_DRAWN_JS, polling="raf", timeout=30_000)
            first_draw_s = time.perf_counter() - opened
            wait_idle(page)
            install_frame_counter(page)
            page.wait_for_timeout(500)

            page.evaluate(BLANK_SAMPLER_JS, [slot_prefix, SAMPLE_MS])
            start = read_frame_counts(page)
            server_frame_start = _server_frame(page)
            draw_stats_start = page.evaluate(DRAW_STATS_JS)
            page.evaluate(CLICK_JS, PLAY_BUTTON)
            page.wait_for_timeout(seconds * 1000)
            end = read_frame_counts(page)
            server_frame_end = _server_frame(page)
            draw_stats_end = page.evaluate(DRAW_STATS_JS)
            blanks = page.evaluate(STOP_SAMPLER_JS)
            labels = chart_labels(page, slot_prefix)

            elapsed_s = (end["now"] - start["now"]) / 1000
            before = start["counts"] + [0] * (len(end["counts"]) - len(start["counts"]))
            updates = [e - b for e, b in zip(end["counts"], before, strict=True)]
            fps = _per_slot(labels, updates, lambda vals: sum(vals) / elapsed_s)
            busiest = max(fps, key=fps.get)

            paused_at = page.evaluate(CLICK_JS, PLAY_BUTTON)
            page.wait_for_timeout(PAUSE_SETTLE_SECONDS * 1000)
            after = read_frame_counts(page)
            labels = chart_labels(page, slot_prefix)
            last_update = _per_slot(labels, after["last"], _latest)[busiest]
            pause_latency_s = max(0.0, (last_update - paused_at) / 1000) if last_update else 0.0
            label_after_pause = page.locator(PLAY_BUTTON).first.inner_text()
            errors = exception_texts(page)

            reloaded = time.perf_counter()
            page.reload()
            page.wait_for_function(FIRST_DRAWN_JS, polling="raf", timeout=30_000)
            reload_draw_s = time.perf_counter() - reloaded
        finally:
            browser.close()
    return {
        "mode": mode, "secondary_fps": secondary_fps, "first_draw_s": first_draw_s,
        "reload_draw_s": reload_draw_s,
        "seconds": elapsed_s, "fps": fps,
        "busiest": busiest, "blanks": blanks, "pause_latency_s": pause_latency_s,
        "label_after_pause": label_after_pause, "errors": errors,
        "server_fps": (server_frame_end - server_frame_start) / elapsed_s,
        "draws": draw_stats_end["draws"] - draw_stats_start["draws"],
        "draw_ms": draw_stats_end["drawMs"] - draw_stats_start["drawMs"],
        "fast_draws": draw_stats_end["fastDraws"] - draw_stats_start["fastDraws"],
    }


def report(result: dict) -> str:
    """A plain-text table of the figures, with the targets."""
    blank_by_slot = dict(zip(result["blanks"]["names"], result["blanks"]["blank"], strict=True))
    samples = result["blanks"]["samples"]
    lines = [
        f"mode: {result['mode']}   secondary charts capped at: "
        f"{result['secondary_fps'] or 'no cap'} fps   measured {result['seconds']:.1f} s playing",
        f"{'chart slot':<16}{'updates/s':>10}{'blank samples':>16}",
    ]
    for slot, fps in result["fps"].items():
        blank = blank_by_slot.get(f"st-key-{slot}", 0)
        lines.append(f"{slot:<16}{fps:>10.1f}{f'{blank}/{samples}':>16}")
    busiest_fps = result["fps"][result["busiest"]]
    total_blank = sum(result["blanks"]["blank"])
    checks = [
        ("busiest chart updates/s", f"{busiest_fps:.1f}", f">= {TARGET_FPS}",
         busiest_fps >= TARGET_FPS),
        ("blank samples (all slots)", f"{total_blank}", "0", total_blank == 0),
        ("pause latency (busiest)", f"{result['pause_latency_s']:.3f} s",
         f"<= {TARGET_PAUSE_S} s", result["pause_latency_s"] <= TARGET_PAUSE_S),
        ("first chart drawn", f"{result['first_draw_s']:.2f} s",
         f"<= {TARGET_FIRST_DRAW_S} s", result["first_draw_s"] <= TARGET_FIRST_DRAW_S),
    ]
    lines.append("")
    lines.append(f"{'figure':<28}{'measured':>12}{'target':>12}  ok")
    for name, value, target, ok in checks:
        lines.append(f"{name:<28}{value:>12}{target:>12}  {'yes' if ok else 'NO'}")
    lines.append(f"first chart drawn after a reload (browser cache warm): "
                 f"{result['reload_draw_s']:.2f} s")
    lines.append(f"frames sent by the server: {result['server_fps']:.1f}/s")
    if result["draws"]:
        lines.append(
            f"chart draws: {result['draws'] / result['seconds']:.1f}/s "
            f"({result['fast_draws'] / result['seconds']:.1f}/s by the heatmap fast path), "
            f"{result['draw_ms'] / result['draws']:.1f} ms each, "
            f"{result['draw_ms'] / result['seconds'] / 10:.0f}% of the page's main thread"
        )
    lines.append(f"button label after Pause: {result['label_after_pause']!r}")
    lines.append(f"exceptions on page: {len(result['errors'])}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default=str(REPO_ROOT / "bench" / "frames_demo_app.py"))
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--mode", choices=["live_chart", "plotly_chart"], default="live_chart")
    parser.add_argument("--secondary-fps", type=float, default=0,
                        help="cap for the loss and weight charts (LIVE_CHART_SECONDARY_FPS)")
    parser.add_argument("--server-fps", type=float, default=0,
                        help="the demo loop's frame cap (LIVE_CHART_SERVER_FPS, default 40)")
    args = parser.parse_args()
    demo = Path(args.app).name == "frames_demo_app.py"
    result = measure(Path(args.app), args.seconds, args.mode, args.secondary_fps, args.server_fps,
                     SLOT_PREFIX if demo else APP_SLOT_PREFIX)
    print(report(result))


if __name__ == "__main__":
    main()

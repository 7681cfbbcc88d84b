"""Load and soak benchmark: many browser sessions training at once on one local server.

    .venv/bin/python -m bench.load [--sessions 1 5 10 20] [--seconds 20]
    .venv/bin/python -m bench.load --soak-minutes 10 [--sample-seconds 10]

Load mode, for each N: start `streamlit run app.py` on a free port of 127.0.0.1, open N pages
(each in its own browser context, so N Streamlit sessions) in one headless Chromium, press Play
in every page, train for `--seconds`, then press Pause in every page. Reports per N:
- chart updates per second per session on its busiest live chart (harness frame counter),
  min and median over the sessions; and the frames the server ran per session (the Steps
  counter's growth / speed, batches per frame), to tell a slow server from a slow browser;
- Pause latency per session (Pause click -> that chart's last update), median and max;
- server RSS (the server process and its children, psutil) before Play and after Pause;
- CPU seconds used by the server and by Chromium during the run (to see who eats the 2 cores);
- errors: Streamlit exception elements, console errors and page errors, sessions that did not
  return to "Play" within 60 s of Pause.
Soak mode: one session at the highest speed (`?speed=250`) playing for the given minutes;
server RSS every `--sample-seconds`, printed as a series with its growth. Prints figures only.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import psutil
from playwright.sync_api import sync_playwright

from tests.e2e.harness import (
    REPO_ROOT,
    VIEWPORT,
    chart_labels,
    counters,
    exception_texts,
    goto_app,
    install_frame_counter,
    launch_chromium,
    read_frame_counts,
    streamlit_server,
)
from ui.settings import Settings

CHART_PREFIX = "st-key-chart_"  # the playground's live chart slots
PLAY_BUTTON = ".st-key-play_pause button"
PAUSE_SETTLE_SECONDS = 2.0  # after every button reads "Play" again, for late chart updates
PAUSE_TIMEOUT_SECONDS = 60.0
# Click from inside the page; returns the click time on the page's clock (ms).
CLICK_JS = "(selector) => { const t = performance.now(); document.querySelector(selector).click();"\
    " return t; }"
MB = 1024 * 1024


def server_process(port: str) -> psutil.Process:
    """The `streamlit run` process we started (a child of this process) serving on `port`."""
    for child in psutil.Process().children(recursive=True):
        try:
            cmdline = child.cmdline()
        except psutil.Error:
            continue
        if "streamlit" in " ".join(cmdline) and port in cmdline:
            return child
    raise RuntimeError(f"no streamlit server child on port {port}")


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its children, bytes."""
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def tree_cpu_seconds(processes: list[psutil.Process]) -> float:
    """User + system CPU seconds of these processes."""
    total = 0.0
    for proc in processes:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def chromium_processes() -> list[psutil.Process]:
    """The Chromium processes started (through Playwright) by this process."""
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if "chrom" in child.name().lower():
                found.append(child)
        except psutil.Error:
            pass
    return found


@dataclass
class Session:
    """One browser context + page, and what went wrong in it."""

    context: object
    page: object
    console_errors: list[str] = field(default_factory=list)


def open_session(browser, url: str) -> Session:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    session = Session(context, page)
    page.on("console", lambda msg: msg.type == "error" and session.console_errors.append(msg.text))
    page.on("pageerror", lambda error: session.console_errors.append(f"pageerror: {error}"))
    return session


def per_slot(labels: list[str], values: list, combine) -> dict[str, float]:
    """Combine per-chart values by chart slot (re-mounted charts share their slot's label)."""
    grouped: dict[str, list] = {}
    for label, value in zip(labels, values, strict=False):
        if label:
            grouped.setdefault(label, []).append(value)
    return {slot: combine(vals) for slot, vals in grouped.items()}


def busiest_rate(start: dict, end: dict, labels: list[str]) -> tuple[str, float]:
    """(slot, updates per second) of the chart slot that updated most between two readings."""
    before = start["counts"] + [0] * (len(end["counts"]) - len(start["counts"]))
    updates = [after - first for after, first in zip(end["counts"], before, strict=True)]
    elapsed = (end["now"] - start["now"]) / 1000
    rates = per_slot(labels, updates, lambda vals: sum(vals) / elapsed)
    if not rates:
        return "", 0.0
    slot = max(rates, key=rates.get)
    return slot, rates[slot]


def latest(values: list) -> float | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def wait_all_paused(sessions: list[Session], timeout: float = PAUSE_TIMEOUT_SECONDS) -> None:
    """Wait (bounded) until every page's transport button reads "Play" again."""
    deadline = time.monotonic() + timeout
    for session in sessions:
        button = session.page.locator(PLAY_BUTTON).first
        while "Pause" in button.inner_text() and time.monotonic() < deadline:
            time.sleep(0.2)


def run_load(n_sessions: int, seconds: float, query: str = "") -> dict:
    """One server, `n_sessions` sessions playing for `seconds`; the measured figures."""
    speed = int(parse_qs(query.lstrip("?")).get("speed", [Settings().speed])[-1])
    with streamlit_server(REPO_ROOT / "app.py") as url, sync_playwright() as playwright:
        server = server_process(url.rsplit(":", 1)[1])
        browser = launch_chromium(playwright)
        try:
            sessions = [open_session(browser, url) for _ in range(n_sessions)]
            for session in sessions:
                goto_app(session.page, url + query, timeout_ms=120_000)
                install_frame_counter(session.page)
            time.sleep(1.0)
            rss_before = tree_rss(server)
            browsers = chromium_processes()
            cpu_server, cpu_browser = tree_cpu_seconds([server]), tree_cpu_seconds(browsers)
            starts, steps_start = [], []
            for session in sessions:
                session.page.evaluate(CLICK_JS, PLAY_BUTTON)
                starts.append(read_frame_counts(session.page))
                steps_start.append(counters(session.page).get("Steps", 0.0))
            wall = time.perf_counter()
            time.sleep(seconds)
            rates, slots, server_rates = [], [], []
            for session, start, first in zip(sessions, starts, steps_start, strict=True):
                end = read_frame_counts(session.page)
                trained = counters(session.page).get("Steps", 0.0) - first
                server_rates.append(trained / speed / ((end["now"] - start["now"]) / 1000))
                slot, rate = busiest_rate(start, end, chart_labels(session.page, CHART_PREFIX))
                rates.append(rate)
                slots.append(slot)
            wall = time.perf_counter() - wall
            cpu_server = tree_cpu_seconds([server]) - cpu_server
            cpu_browser = tree_cpu_seconds(browsers) - cpu_browser
            paused_at = [s.page.evaluate(CLICK_JS, PLAY_BUTTON) for s in sessions]
            wait_all_paused(sessions)
            time.sleep(PAUSE_SETTLE_SECONDS)
            latencies, not_paused, exceptions = [], 0, []
            for session, slot, clicked in zip(sessions, slots, paused_at, strict=True):
                after = read_frame_counts(session.page)
                labels = chart_labels(session.page, CHART_PREFIX)
                last = per_slot(labels, after["last"], latest).get(slot)
                latencies.append(max(0.0, (last - clicked) / 1000) if last else 0.0)
                label = session.page.locator(PLAY_BUTTON).first.inner_text()
                not_paused += "Pause" in label
                exceptions += exception_texts(session.page)
            rss_after = tree_rss(server)
            console = [text for s in sessions for text in s.console_errors]
        finally:
            browser.close()
    return {
        "sessions": n_sessions, "seconds": wall, "rates": rates, "latencies": latencies,
        "server_rates": server_rates,
        "rss_before": rss_before, "rss_after": rss_after, "cpu_server": cpu_server,
        "cpu_browser": cpu_browser, "exceptions": exceptions, "console": console,
        "not_paused": not_paused,
    }


def report_load(result: dict) -> str:
    rates, latencies = result["rates"], result["latencies"]
    wall = result["seconds"]
    lines = [
        f"N={result['sessions']:>2}  updates/s per session: min {min(rates):5.1f}"
        f"  median {statistics.median(rates):5.1f}  max {max(rates):5.1f}"
        f" | server frames/s per session: median {statistics.median(result['server_rates']):5.1f}"
        f" | pause latency s: median {statistics.median(latencies):4.2f}"
        f"  max {max(latencies):4.2f}"
        f" | server RSS MB {result['rss_before'] / MB:6.1f} -> {result['rss_after'] / MB:6.1f}"
        f" | CPU cores busy: server {result['cpu_server'] / wall:4.2f}"
        f"  chromium {result['cpu_browser'] / wall:4.2f}"
        f" | errors: {len(result['exceptions'])} exceptions, {len(result['console'])} console,"
        f" {result['not_paused']} not paused",
    ]
    for text in (result["exceptions"] + result["console"])[:5]:
        lines.append("    " + text.replace("\n", " ")[:200])
    return "\n".join(lines)


def run_soak(minutes: float, sample_seconds: float, query: str) -> dict:
    """One session playing at `query` (max speed) for `minutes`; server RSS every sample."""
    with streamlit_server(REPO_ROOT / "app.py") as url, sync_playwright() as playwright:
        server = server_process(url.rsplit(":", 1)[1])
        browser = launch_chromium(playwright)
        try:
            session = open_session(browser, url)
            goto_app(session.page, url + query, timeout_ms=120_000)
            install_frame_counter(session.page)
            series = [(0.0, tree_rss(server))]
            start_counts = read_frame_counts(session.page)
            steps_start = session.page.locator(".st-key-counters").inner_text()
            session.page.evaluate(CLICK_JS, PLAY_BUTTON)
            began = time.perf_counter()
            while (elapsed := time.perf_counter() - began) < minutes * 60:
                time.sleep(min(sample_seconds, max(0.0, minutes * 60 - elapsed)))
                series.append((time.perf_counter() - began, tree_rss(server)))
                print(f"  t={series[-1][0]:6.0f} s  RSS {series[-1][1] / MB:7.1f} MB", flush=True)
            end_counts = read_frame_counts(session.page)
            slot, rate = busiest_rate(start_counts, end_counts,
                                      chart_labels(session.page, CHART_PREFIX))
            counters_end = session.page.locator(".st-key-counters").inner_text()
            session.page.evaluate(CLICK_JS, PLAY_BUTTON)
            time.sleep(PAUSE_SETTLE_SECONDS)
            exceptions = exception_texts(session.page)
        finally:
            browser.close()
    return {"series": series, "rate": rate, "slot": slot, "exceptions": exceptions,
            "console": session.console_errors, "counters_start": steps_start,
            "counters_end": counters_end}


def report_soak(result: dict) -> str:
    series = result["series"]
    rss = [value / MB for _, value in series]
    after_first_minute = [value / MB for t, value in series if t >= 60] or rss
    lines = [
        "RSS series (MB): " + " ".join(f"{value:.0f}" for value in rss),
        f"RSS before Play {rss[0]:.1f} MB, first sample {rss[1]:.1f} MB, last {rss[-1]:.1f} MB,"
        f" max {max(rss):.1f} MB",
        f"growth from 1 min to end: {after_first_minute[-1] - after_first_minute[0]:+.1f} MB"
        f" (min {min(after_first_minute):.1f}, max {max(after_first_minute):.1f})",
        f"chart updates/s over the soak ({result['slot']}): {result['rate']:.1f}",
        f"counters at start: {' '.join(result['counters_start'].split())}",
        f"counters at end:   {' '.join(result['counters_end'].split())}",
        f"errors: {len(result['exceptions'])} exceptions, {len(result['console'])} console",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--query", default="", help="link query for every session, e.g. ?speed=50")
    parser.add_argument("--soak-minutes", type=float, default=0.0)
    parser.add_argument("--sample-seconds", type=float, default=10.0)
    args = parser.parse_args()
    print(f"CPU cores: {psutil.cpu_count()}")
    if args.soak_minutes:
        query = args.query or "?speed=250"
        print(f"soak: 1 session, {query}, {args.soak_minutes:g} min", flush=True)
        print(report_soak(run_soak(args.soak_minutes, args.sample_seconds, query)))
        return
    for n_sessions in args.sessions:
        print(report_load(run_load(n_sessions, args.seconds, args.query)), flush=True)


if __name__ == "__main__":
    main()

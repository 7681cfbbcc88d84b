"""Load and soak benchmark of the served app: frame clients and one real browser through HAProxy.

    .venv/bin/python -m bench.load [--workers 1 2] [--clients 5 10 20 40] [--seconds 20]
    .venv/bin/python -m bench.load --soak-minutes 10 [--soak-sessions 5] [--soak-workers 1]

It measures the server, not the test machine's browsers: the sessions are `bench.frame_client`
clients (Streamlit's websocket plus the live view's frame stream, one frame in flight, at most
`--max-fps` requests a second like a browser's animation frames, no drawing), run in a separate
process. One real headless Chromium session plays alongside them, for the Pause latency a
student sees.

Load mode, for each WORKERS in --workers: `scripts/serve.py serve` (HAProxy in front of that many
`streamlit run` workers, free ports on 127.0.0.1); then for each K in --clients:
1. open K sessions (page run, "ready" rerun that draws the sidebar, frame stream connected) and
   let them sit idle: memory per idle session = growth of the workers' RSS / K;
2. open the Chromium page and press Play in it;
3. all K clients play for --seconds; the workers' CPU is measured over that window;
4. Chromium presses Pause while the clients still play: Pause latency = the last chart change
   minus the click time (page clock), read 1.5 s after the click (tests/e2e/frame_counter.js);
5. each client pauses (time to the pause frame), then stays connected while the workers' idle
   timeout passes (--idle-minutes, given to the workers as PLAYGROUND_IDLE_MINUTES; 0 skips
   this step): memory per session after the idle views released what they can rebuild;
6. each client closes.
Reported per K: per-session frames/s (min, median), server steps/s per session, the Chromium
session's frames/s and Pause latency, the clients' pause answers, CPU in cores (all workers;
HAProxy, the client process and Chromium separately; and everything else on the machine, which
skews the figures when it is busy), memory per idle session, per session after playing and
after the idle release, errors. Then, per WORKERS, how many sessions each held at >= 10 frames/s.

Soak mode: against --soak-workers workers, --soak-sessions slots of sessions coming and going
(open, play 10-40 s, pause, close, repeat) for --soak-minutes; the workers' RSS at the start,
every minute and at the end, and after the last session closed. Flat means no leak.

Prints figures only; never asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import multiprocessing
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import asdict
from multiprocessing.connection import Connection

import psutil

from bench.frame_client import ClientError, FrameClient, PlayStats
from bench.load_report import report_k, report_summary
from bench.processes import chromium_processes, cpu_seconds, machine_busy_seconds, rss
from ui.live.limits import IDLE_MINUTES_ENV
from ui.live.registry import IDLE_SWEEP_SECONDS
from ui.live.stream import IDLE_CHECK_SECONDS

MB = 1024 * 1024
SESSION_KEPT_SECONDS = 120    # Streamlit's MemorySessionStorage keeps closed sessions this long
OPEN_CONCURRENCY = 4          # sessions opened at once (a class arriving, not a stampede)
IDLE_SETTLE_SECONDS = 3.0
PAUSE_READ_SECONDS = 1.5      # read the chart counter this long after the Pause click
PAUSE_SLACK_SECONDS = 3.0     # the clients keep playing this long after Chromium's Pause click
LIVE_PLAY = "[data-live-action='play']"
CLICK_JS = "(selector) => window.__frameCounter.click(selector)"
READ_JS = "() => window.__frameCounter.read(null)"


# --- the client process -----------------------------------------------------------------------

def client_process(conn: Connection, url: str, count: int, query: str, max_fps: float,
                   seconds: float) -> None:
    """Child process: open `count` clients, report, wait for "go", play, pause, report, close."""
    asyncio.run(_client_phases(conn, url, count, query, max_fps, seconds))


async def _client_phases(conn: Connection, url: str, count: int, query: str, max_fps: float,
                         seconds: float) -> None:
    loop = asyncio.get_running_loop()
    clients = [FrameClient(url, query, max_fps=max_fps) for _ in range(count)]
    gate = asyncio.Semaphore(OPEN_CONCURRENCY)

    async def open_one(client: FrameClient) -> None:
        async with gate:
            try:
                await client.open()
            except Exception as error:  # every failure is a reported figure, never a crash
                client.stats.errors.append(f"open: {error}")

    await asyncio.gather(*(open_one(client) for client in clients))
    conn.send({"phase": "opened", "errors": sum(bool(c.stats.errors) for c in clients)})
    await loop.run_in_executor(None, conn.recv)  # "go"

    async def play_one(client: FrameClient) -> None:
        if client.stats.errors:
            return
        try:
            await client.play(seconds)
            await client.pause()
        except Exception as error:
            client.stats.errors.append(f"play: {error}")

    began = time.perf_counter()
    await asyncio.gather(*(play_one(client) for client in clients))
    conn.send({"phase": "played", "wall": time.perf_counter() - began,
               "stats": [asdict(client.stats) for client in clients]})
    await loop.run_in_executor(None, conn.recv)  # "go": close now
    await asyncio.gather(*(client.close() for client in clients))
    conn.send({"phase": "closed"})


class ClientPool:
    """K frame clients in a child process, driven phase by phase."""

    def __init__(self, url: str, count: int, query: str, max_fps: float, seconds: float):
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=client_process,
                                       args=(child, url, count, query, max_fps, seconds),
                                       daemon=True)
        self.process.start()

    def expect(self, phase: str, timeout: float = 300.0) -> dict:
        if not self.conn.poll(timeout):
            raise TimeoutError(f"the client process did not reach {phase!r}")
        message = self.conn.recv()
        if message.get("phase") != phase:
            raise RuntimeError(f"expected {phase!r} from the client process, got {message}")
        return message

    def go(self) -> None:
        self.conn.send("go")

    def psutil(self) -> psutil.Process:
        return psutil.Process(self.process.pid)

    def stop(self) -> None:
        self.process.join(timeout=30)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


# --- measuring ----------------------------------------------------------------------------------

def haproxy_processes(cluster) -> list[psutil.Process]:
    pid = (cluster.state().get("haproxy") or {}).get("pid")
    return [psutil.Process(pid)] if pid else []


class BrowserSession:
    """One headless Chromium page on the served app, with the chart counter installed."""

    def __init__(self, browser, url: str, query: str) -> None:
        from tests.e2e.harness import VIEWPORT, goto_app, install_chart_counter, wait_live

        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        install_chart_counter(self.page)
        goto_app(self.page, url + (f"?{query}" if query else ""), timeout_ms=120_000)
        wait_live(self.page, ("boundary",), timeout_ms=120_000)

    def play(self) -> dict:
        self.page.evaluate(CLICK_JS, LIVE_PLAY)
        return self.page.evaluate(READ_JS)

    def pause(self, start: dict) -> tuple[float, float]:
        """Press Pause; (chart updates/s while playing, Pause latency s)."""
        before = self.page.evaluate(READ_JS)
        clicked = self.page.evaluate(CLICK_JS, LIVE_PLAY)
        self.page.wait_for_timeout(PAUSE_READ_SECONDS * 1000)
        after = self.page.evaluate(READ_JS)
        elapsed = (before["now"] - start["now"]) / 1000
        counts = [chart["count"] - start["charts"].get(name, {}).get("count", 0)
                  for name, chart in before["charts"].items()]
        last = max((chart["last"] or 0 for chart in after["charts"].values()), default=clicked)
        return (max(counts, default=0) / elapsed if elapsed > 0 else 0.0,
                max(0.0, (last - clicked) / 1000))

    def exceptions(self) -> list[str]:
        from tests.e2e.harness import exception_texts

        return exception_texts(self.page)

    def close(self) -> None:
        self.context.close()


def run_k(cluster, browser, k: int, args: argparse.Namespace) -> dict:
    """One measurement: K frame clients plus one Chromium session on the running cluster."""
    workers = list(cluster.worker_processes().values())
    result: dict = {"k": k, "errors": []}
    rss_base = rss(workers)
    pool = ClientPool(cluster.url, k, args.query, args.max_fps, args.seconds)
    try:
        opened = pool.expect("opened")
        time.sleep(IDLE_SETTLE_SECONDS)
        rss_idle = rss(workers)
        result["idle_mb_per_session"] = (rss_idle - rss_base) / MB / k
        chromium = BrowserSession(browser, cluster.url, args.query) if browser else None
        counter_start = chromium.play() if chromium else None
        others = {"haproxy": haproxy_processes(cluster), "clients": [pool.psutil()],
                  "chromium": chromium_processes()}
        cpu_start = {"workers": cpu_seconds(workers), "machine": machine_busy_seconds(),
                     "bench": cpu_seconds([psutil.Process()]),
                     **{name: cpu_seconds(procs) for name, procs in others.items()}}
        began = time.perf_counter()
        pool.go()
        time.sleep(max(0.0, args.seconds - PAUSE_SLACK_SECONDS))
        if chromium:
            result["browser_fps"], result["browser_pause"] = chromium.pause(counter_start)
        played = pool.expect("played", timeout=args.seconds + 120)
        wall = time.perf_counter() - began
        result["cpu"] = {"workers": (cpu_seconds(workers) - cpu_start["workers"]) / wall,
                         "machine": (machine_busy_seconds() - cpu_start["machine"]) / wall,
                         "bench": (cpu_seconds([psutil.Process()]) - cpu_start["bench"]) / wall,
                         **{name: (cpu_seconds(procs) - cpu_start[name]) / wall
                            for name, procs in others.items()}}
        ours = sum(value for name, value in result["cpu"].items() if name != "machine")
        result["cpu"]["other"] = max(0.0, result["cpu"]["machine"] - ours)
        result["rss_played_mb"] = rss(workers) / MB
        result["played_mb_per_session"] = (rss(workers) - rss_base) / MB / k
        if args.idle_minutes:
            time.sleep(idle_release_seconds(args.idle_minutes))
            result["released_mb_per_session"] = (rss(workers) - rss_base) / MB / k
        pool.go()
        stats = [PlayStats(**item) for item in played["stats"]]
        good = [s for s in stats if not s.errors]
        result["fps"] = [s.fps for s in good]
        result["steps_per_s"] = [(s.steps_end - s.steps_start) / s.seconds for s in good
                                 if s.steps_end is not None and s.steps_start is not None
                                 and s.seconds > 0]
        result["pause"] = [s.pause_seconds for s in good if s.pause_seconds is not None]
        result["frame_kb"] = statistics.median(
            [s.frame_bytes / s.frames / 1024 for s in good if s.frames]) if good else 0.0
        result["errors"] += [error for s in stats for error in s.errors]
        result["spread"] = dict(sorted(collections.Counter(s.worker for s in stats).items(),
                                       key=lambda item: str(item[0])))
        result["open_errors"] = opened["errors"]
        if chromium:
            result["errors"] += [f"chromium: {text}" for text in
                                 chromium.exceptions() + chromium.errors]
            chromium.close()
        pool.expect("closed", timeout=60)
        result["rss_base_mb"] = rss_base / MB
    finally:
        pool.stop()
    return result


def idle_release_seconds(idle_minutes: float) -> float:
    """How long paused sessions wait until every worker has released them: the timeout, one
    sweep interval and one paused stream's check, plus a second."""
    idle = idle_minutes * 60
    return idle + min(IDLE_SWEEP_SECONDS, idle) + IDLE_CHECK_SECONDS + 1.0


def run_load(args: argparse.Namespace) -> dict[int, list[dict]]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.harness import launch_chromium, serving

    results: dict[int, list[dict]] = {}
    with sync_playwright() as playwright:
        browser = None if args.no_browser else launch_chromium(playwright)
        try:
            for workers in args.workers:
                results[workers] = []
                env = {IDLE_MINUTES_ENV: f"{args.idle_minutes:g}"}
                with serving(workers=workers, env=env) as cluster:
                    warm_up(cluster.url, args.query, workers)
                    for k in args.clients:
                        result = run_k(cluster, browser, k, args)
                        results[workers].append(result)
                        print(report_k(workers, result), flush=True)
        finally:
            if browser:
                browser.close()
    return results


def warm_up(url: str, query: str, sessions: int) -> None:
    """Play a few seconds in a session per worker first (imports, caches, thread pools)."""
    async def warm() -> None:
        clients = [FrameClient(url, query) for _ in range(sessions * 2)]
        try:
            for client in clients:
                await client.open()
            await asyncio.gather(*(client.play(3.0) for client in clients))
        except (ClientError, OSError):
            pass
        finally:
            await asyncio.gather(*(client.close() for client in clients))
    in_thread(warm)


def in_thread(coroutine_function) -> None:
    """Run an async function to completion in its own thread (Playwright's sync API keeps an
    event loop running in the main thread)."""
    thread = threading.Thread(target=lambda: asyncio.run(coroutine_function()))
    thread.start()
    thread.join()


# --- soak ---------------------------------------------------------------------------------------

async def soak_sessions(url: str, query: str, slots: int, seconds: float, max_fps: float,
                        counts: dict) -> None:
    """`slots` loops of: open a session, play 10-40 s, pause, close, until `seconds` pass."""
    deadline = time.monotonic() + seconds
    rng = random.Random(0)

    async def slot(index: int) -> None:
        await asyncio.sleep(index * 1.5)
        while time.monotonic() < deadline:
            client = FrameClient(url, query, max_fps=max_fps)
            try:
                await client.open()
                counts["opened"] += 1
                await client.play(min(rng.uniform(10, 40), max(0.0, deadline - time.monotonic())))
                await client.pause()
                counts["frames"] += client.stats.frames
            except Exception as error:
                counts["errors"].append(str(error))
                await asyncio.sleep(1.0)
            finally:
                await client.close()
                counts["closed"] += 1
            await asyncio.sleep(rng.uniform(0, 2))

    await asyncio.gather(*(slot(index) for index in range(slots)))


def run_soak(args: argparse.Namespace) -> None:
    from tests.e2e.harness import serving

    seconds = args.soak_minutes * 60
    with serving(workers=args.soak_workers) as cluster:
        workers = list(cluster.worker_processes().values())
        warm_up(cluster.url, args.query, args.soak_workers)
        counts: dict = {"opened": 0, "closed": 0, "frames": 0, "errors": []}
        thread = threading.Thread(target=lambda: asyncio.run(soak_sessions(
            cluster.url, args.query, args.soak_sessions, seconds, args.max_fps, counts)))
        series = [(0.0, rss(workers))]
        print(f"  t=     0 s  workers' RSS {series[0][1] / MB:7.1f} MB", flush=True)
        began = time.monotonic()
        thread.start()
        next_sample = 60.0
        while thread.is_alive():
            thread.join(timeout=1.0)
            elapsed = time.monotonic() - began
            if elapsed >= next_sample or not thread.is_alive():
                series.append((elapsed, rss(workers)))
                print(f"  t={elapsed:6.0f} s  workers' RSS {series[-1][1] / MB:7.1f} MB  "
                      f"sessions opened {counts['opened']}  errors {len(counts['errors'])}",
                      flush=True)
                next_sample += 60.0
        time.sleep(10)
        settled = rss(workers)
        restarts = sum(w["restarts"] for w in cluster.state()["workers"].values())
    values = [value / MB for _, value in series]
    after_first = [value / MB for t, value in series if t >= 60] or values
    second_half = [value / MB for t, value in series if t >= seconds / 2] or values
    print(f"RSS (MB) start {values[0]:.1f}, after 1 min {after_first[0]:.1f}, end "
          f"{values[-1]:.1f}, 10 s after the last session closed {settled / MB:.1f}; "
          f"growth from minute 1 to the end {after_first[-1] - after_first[0]:+.1f} MB "
          f"(min {min(after_first):.1f}, max {max(after_first):.1f}); over the second half "
          f"{second_half[-1] - second_half[0]:+.1f} MB (Streamlit keeps a closed session "
          f"{SESSION_KEPT_SECONDS // 60} min for a reconnect, so the first minutes fill that)")
    print(f"sessions opened {counts['opened']}, closed {counts['closed']}, frames "
          f"{counts['frames']}, errors {len(counts['errors'])}, worker restarts {restarts}")
    for text in counts["errors"][:5]:
        print(f"    {text[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--clients", type=int, nargs="+", default=[5, 10, 20, 40])
    parser.add_argument("--seconds", type=float, default=20.0, help="play time per measurement")
    parser.add_argument("--max-fps", type=float, default=60.0,
                        help="frame requests per second per client at most (browser: 60)")
    parser.add_argument("--query", default="", help="link query for every session, e.g. speed=50")
    parser.add_argument("--no-browser", action="store_true", help="frame clients only")
    parser.add_argument("--idle-minutes", type=float, default=0.25,
                        help="workers' idle timeout; the paused sessions wait it out before "
                             "closing, for the memory after the idle release (0: skip)")
    parser.add_argument("--soak-minutes", type=float, default=0.0)
    parser.add_argument("--soak-sessions", type=int, default=5,
                        help="soak: sessions open at any time")
    parser.add_argument("--soak-workers", type=int, default=1)
    args = parser.parse_args()
    args.query = args.query.lstrip("?")
    print(f"CPU cores: {psutil.cpu_count()} ({os.cpu_count()} logical); python "
          f"{sys.version.split()[0]}; clients at most {args.max_fps:g} frames/s each", flush=True)
    if args.soak_minutes:
        print(f"soak: {args.soak_sessions} sessions coming and going for "
              f"{args.soak_minutes:g} min, WORKERS={args.soak_workers}", flush=True)
        run_soak(args)
        return
    print(report_summary(run_load(args)))


if __name__ == "__main__":
    main()

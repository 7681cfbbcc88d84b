"""Shared pieces for browser tests and benchmarks: a Streamlit server, Chromium, a chart counter.

    with streamlit_server("app.py") as url, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport=VIEWPORT)
        install_chart_counter(page)            # before navigating: counts every chart update
        goto_app(page, url)                    # waits until the script is idle
        wait_live(page, ("boundary",))         # the live view drew and its stream is open
        live_button(page, "play").click()
        chart_counts(page)                     # {"now", "charts": {name: {count, last, ...}}}
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
VIEWPORT = {"width": 1366, "height": 768}
IDLE_SELECTOR = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Python exceptions, and frontend element failures such as a component whose JavaScript threw
EXCEPTION_SELECTOR = "[data-testid='stException'], [data-testid='stErrorElementStack']"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SERVER_START_SECONDS = 60

# Counts updates per live chart (elements carrying data-chart): see the file's own comment.
FRAME_COUNTER_JS = (Path(__file__).parent / "frame_counter.js").read_text(encoding="utf-8")
LIVE_VIEW = "[data-live-view]"
LIVE_COUNTERS = "[data-live='counters']"


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answered(probe_url: str, process: subprocess.Popen, timeout: float,
                        name: str = "streamlit") -> None:
    """Poll `probe_url` until it answers 200 (RuntimeError if `process`, the server called
    `name`, exits first; TimeoutError after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(probe_url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{name} did not answer at {probe_url} within {timeout:.0f} s")


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float) -> None:
    wait_until_answered(f"{url}/_stcore/health", process, timeout)


def stop_process_group(process: subprocess.Popen) -> None:
    """Stop the server's whole process group: SIGTERM, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)


@contextmanager
def streamlit_server(
    app_path: str | Path, env: Mapping[str, str] | None = None, log_path: Path | None = None
) -> Iterator[str]:
    """Run `streamlit run app_path` headless on a free port of 127.0.0.1; yield its base URL.

    The server runs from the repository root in its own process group and is always stopped.
    """
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(app_path),
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]
    log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env={**os.environ, **(env or {})},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, SERVER_START_SECONDS)
        yield url
    finally:
        stop_process_group(process)
        if log_path:
            log.close()


def server_process(url: str):
    """The `streamlit run` child process of this process that serves `url` (a psutil.Process)."""
    import psutil

    port = url.rsplit(":", 1)[1]
    for child in psutil.Process().children(recursive=True):
        try:
            cmdline = child.cmdline()
        except psutil.Error:
            continue
        if "streamlit" in " ".join(cmdline) and port in cmdline:
            return child
    raise AssertionError(f"no streamlit server child serving {url}")


def chromium_path() -> str:
    """Debian's chromium; a clear error when it is missing."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Chromium not found: run `make chromium` (apt-get install chromium)")
    return path


def launch_chromium(playwright):
    """Headless Debian Chromium through Playwright (no `playwright install` needed)."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def open_app(browser, url: str, timeout_ms: float = 30_000):
    """A new 1366x768 page on `url`, returned once the Streamlit script has finished running."""
    page = browser.new_page(viewport=VIEWPORT)
    goto_app(page, url, timeout_ms)
    return page


def goto_app(page, url: str, timeout_ms: float = 30_000) -> None:
    """Load `url` in `page` and wait until the Streamlit script has finished running."""
    page.goto(url)
    wait_idle(page, timeout_ms)


def wait_idle(page, timeout_ms: float = 30_000) -> None:
    """Wait until the app reports that no script run is in progress."""
    page.wait_for_selector(IDLE_SELECTOR, state="attached", timeout=timeout_ms)


def install_chart_counter(page) -> None:
    """Count chart updates from the next navigation on (call before `goto_app`)."""
    page.add_init_script(FRAME_COUNTER_JS)


def chart_counts(page) -> dict:
    """{"now": ms, "charts": {name: {"count", "last", "drawn"}}} from the chart counter."""
    return page.evaluate("() => { const r = window.__frameCounter.read(null);"
                         " return {now: r.now, charts: r.charts}; }")


def wait_live(page, charts: tuple[str, ...] = (), timeout_ms: float = 30_000) -> None:
    """Wait until the live view has drawn (each of `charts` when given) and its stream is open
    (the Play button is enabled)."""
    names = list(charts)
    page.wait_for_function(
        """(names) => {
          const view = document.querySelector('[data-live-view]');
          if (!view || view.querySelector('[data-live-action="play"]').disabled) return false;
          const counts = window.__frameCounter ? window.__frameCounter.read(null).charts : null;
          return names.every((name) => counts ? counts[name] && counts[name].drawn !== null
            : view.querySelector(`[data-chart="${name}"] canvas`));
        }""", arg=names, timeout=timeout_ms)


def exception_texts(page) -> list[str]:
    """Texts of Streamlit exception boxes on the page (empty when all is well)."""
    return page.locator(EXCEPTION_SELECTOR).all_inner_texts()


# --- the live view -------------------------------------------------------------------------

def live_button(page, action: str):
    """The live view's Play/Pause, Step or Reset button."""
    return page.locator(f"[data-live-action='{action}']").first


def counters(page) -> dict[str, float]:
    """The live view's counters line parsed into numbers, e.g. {"Steps": 120, "Train loss":
    0.41} (percentages as their number; "overflow" and "–" are left out)."""
    text = page.locator(LIVE_COUNTERS).inner_text()
    pairs = re.findall(r"([^\d·]+?)\s+([\d,]+(?:\.\d+)?)%?(?:\s·|$)", text.replace("\n", " "))
    return {name.strip(" ·"): float(value.replace(",", "")) for name, value in pairs}


def live_token(page) -> str:
    """The stream token the live view on the page uses (for tests of the stream's refusals)."""
    return page.evaluate("() => document.querySelector('[data-live-view]')"
                         ".parentElement.__liveView.token")


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.2):
    """Poll `predicate` until it returns a truthy value; returns it (or the last falsy one)."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value


# --- serving a class: scripts/serve.py (workers behind HAProxy) --------------------------------

SERVE_SCRIPT = REPO_ROOT / "scripts" / "serve.py"
WORKER_COOKIE = "PLAYGROUND_WORKER"      # HAProxy's sticky-session cookie (deploy/haproxy.cfg...)
WORKER_HEADER = "x-playground-worker"    # HAProxy names the worker that answered
SERVE_START_SECONDS = 120


class Cluster:
    """A running `scripts/serve.py serve`: its URL (HAProxy), log folder and processes."""

    def __init__(self, url: str, process: subprocess.Popen, log_dir: Path) -> None:
        self.url = url
        self.process = process
        self.log_dir = Path(log_dir)

    def state(self) -> dict:
        """The supervisor's state.json (workers with pid, url, ready, restarts; haproxy)."""
        import json

        return json.loads((self.log_dir / "state.json").read_text(encoding="utf-8"))

    def worker_names(self) -> list[str]:
        return sorted(self.state()["workers"])

    def worker_pid(self, name: str) -> int | None:
        return self.state()["workers"][name]["pid"]

    def worker_process(self, name: str):
        """The psutil.Process of worker `name` (a child of the supervisor)."""
        import psutil

        pid = self.worker_pid(name)
        if pid is None:
            raise AssertionError(f"worker {name} is not running")
        return psutil.Process(pid)

    def worker_processes(self) -> dict:
        """{name: psutil.Process} of every running worker."""
        return {name: self.worker_process(name) for name in self.worker_names()
                if self.worker_pid(name) is not None}

    def kill_worker(self, name: str, signum: int = signal.SIGKILL) -> int:
        """Send `signum` to worker `name`; returns the pid it had."""
        pid = self.worker_pid(name)
        if pid is None:
            raise AssertionError(f"worker {name} is not running")
        os.kill(pid, signum)
        return pid

    def wait_restarted(self, name: str, old_pid: int, timeout: float = 60.0) -> bool:
        """Whether the supervisor restarted worker `name` (new pid, healthy) within `timeout`."""
        def restarted() -> bool:
            worker = self.state()["workers"][name]
            return worker["pid"] not in (None, old_pid) and worker["ready"]
        return bool(wait_for(restarted, timeout=timeout))

    def log(self, name: str) -> str:
        """The log of worker `name`, 'haproxy' or the supervisor ('serve')."""
        path = self.log_dir / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def free_ports(count: int) -> list[int]:
    """`count` distinct unused TCP ports on 127.0.0.1."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


@contextmanager
def serving(workers: int = 2, max_playing: int | None = None,
            log_dir: Path | None = None, env: Mapping[str, str] | None = None
            ) -> Iterator[Cluster]:
    """Run `scripts/serve.py serve` (N workers behind HAProxy, all on 127.0.0.1, free ports);
    yield a `Cluster` once HAProxy answers and every worker is healthy. Always stopped (SIGTERM
    to the supervisor, which stops HAProxy and the workers)."""
    import tempfile

    port, *worker_ports = free_ports(workers + 1)
    folder = Path(log_dir) if log_dir else Path(tempfile.mkdtemp(prefix="nn-serve-"))
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, str(SERVE_SCRIPT), "serve", "--workers", str(workers),
        "--port", str(port), "--worker-ports", ",".join(map(str, worker_ports)),
        "--bind", "127.0.0.1", "--log-dir", str(folder),
    ]
    if max_playing is not None:
        command += ["--max-playing", str(max_playing)]
    log = open(folder / "serve.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    cluster = Cluster(f"http://127.0.0.1:{port}", process, folder)
    try:
        def ready() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"scripts/serve.py exited with {process.returncode}:\n"
                                   + cluster.log("serve"))
            try:
                return cluster.state()["ready"]
            except (OSError, ValueError, KeyError):
                return False
        if not wait_for(ready, timeout=SERVE_START_SECONDS, interval=0.3):
            raise TimeoutError("scripts/serve.py not ready within "
                               f"{SERVE_START_SECONDS} s:\n{cluster.log('serve')}")
        _wait_healthy(cluster.url, process, SERVER_START_SECONDS)
        yield cluster
    finally:
        stop_process_group(process)
        log.close()


def served_by(page) -> str | None:
    """The worker that answers this page's requests now (HAProxy's header on a health check
    fetched from inside the page, with the page's cookies)."""
    return page.evaluate(
        "async (header) => (await fetch('/_stcore/health', {cache: 'no-store'}))"
        ".headers.get(header)", WORKER_HEADER)


def worker_cookie(context, url: str) -> str | None:
    """The sticky-session cookie's value in a browser context (None before the first visit)."""
    for cookie in context.cookies(url):
        if cookie["name"] == WORKER_COOKIE:
            return cookie["value"]
    return None


def pin_to_worker(context, url: str, name: str) -> None:
    """Give a browser context the sticky cookie of worker `name` before its first visit."""
    context.add_cookies([{"name": WORKER_COOKIE, "value": name, "url": url}])

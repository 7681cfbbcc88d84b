"""Shared pieces for browser tests and benchmarks: a Streamlit server, Chromium, a frame counter.

    with streamlit_server("app.py") as url, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = open_app(browser, url)          # 1366x768, waits until the script is idle
        install_frame_counter(page)
        ...
        read_frame_counts(page)                # {chart index: frames drawn so far}
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
PLOT_SELECTOR = ".js-plotly-plot"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SERVER_START_SECONDS = 60

# A MutationObserver per Plotly graph div marks it dirty; each animation frame counts one update
# for every dirty chart and records the time (performance.now(), ms) of its last update. A plot
# div seen for the first time counts as one update.
FRAME_COUNTER_JS = """
() => {
  if (window.__frames) return;
  const frames = { counts: [], last: [], observed: new WeakSet(), plots: [], keys: [] };
  window.__frames = frames;
  const dirty = new Set();
  const watch = () => {
    document.querySelectorAll('.js-plotly-plot').forEach((plot) => {
      if (frames.observed.has(plot)) return;
      frames.observed.add(plot);
      const index = frames.plots.length;
      frames.plots.push(plot);
      const keys = [];  // st-key-* classes of the plot's ancestors, nearest first
      for (let el = plot; el; el = el.parentElement) {
        keys.push(...[...el.classList].filter((c) => c.startsWith('st-key-')));
      }
      frames.keys.push(keys);
      // a plot appearing (first seen, or re-mounted by Streamlit) counts as an update
      frames.counts.push(1);
      frames.last.push(performance.now());
      new MutationObserver(() => dirty.add(index)).observe(
        plot, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  };
  const tick = (now) => {
    watch();
    dirty.forEach((index) => { frames.counts[index] += 1; frames.last[index] = now; });
    dirty.clear();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
"""

# Per slot selector: true when the slot holds a Plotly plot that has drawn its SVG with a size.
SLOTS_DRAWN_JS = """
(selectors) => selectors.map((selector) => {
  const slot = document.querySelector(selector);
  if (!slot) return false;
  const svg = slot.querySelector('.js-plotly-plot .main-svg');
  if (!svg) return false;
  const box = svg.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
})
"""


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
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
        _stop(process)
        if log_path:
            log.close()


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


def install_frame_counter(page) -> None:
    """Start counting updates per Plotly chart (see FRAME_COUNTER_JS)."""
    page.evaluate(FRAME_COUNTER_JS)


def read_frame_counts(page) -> dict:
    """{"counts": [...], "last": [ms or None, ...], "now": ms} for the charts seen so far."""
    return page.evaluate(
        "() => ({counts: [...window.__frames.counts], last: [...window.__frames.last],"
        " now: performance.now()})"
    )


def chart_labels(page, prefix: str = "st-key-") -> list[str]:
    """For each counted chart, its nearest ancestor class starting with `prefix` ("" if none).

    Recorded when the chart was first seen, so charts Streamlit has since removed keep their
    label: re-mounted Plotly divs show up as new charts, and callers add counts up per slot.
    """
    return page.evaluate(
        "(prefix) => window.__frames.keys.map((keys) => keys.find((k) => k.startsWith(prefix))"
        " || '')",
        prefix,
    )


def slots_drawn(page, selectors: list[str]) -> list[bool]:
    """For each CSS selector, whether that slot currently shows a drawn Plotly plot."""
    return page.evaluate(SLOTS_DRAWN_JS, selectors)


def exception_texts(page) -> list[str]:
    """Texts of Streamlit exception boxes on the page (empty when all is well)."""
    return page.locator(EXCEPTION_SELECTOR).all_inner_texts()


# --- the playground page ----------------------------------------------------------------------

def button(page, key: str):
    """The visible button of the Streamlit widget with this key."""
    return page.locator(f".st-key-{key} button:visible").first


def counters(page) -> dict[str, float]:
    """The counters line parsed into numbers, e.g. {"Steps": 120, "Train loss": 0.41}."""
    text = page.locator(".st-key-counters").inner_text()
    pairs = re.findall(r"([A-Za-z /]+?)\s+([\d,]+(?:\.\d+)?)%?(?:\s·|$)", text.replace("\n", " "))
    return {name.strip(" ·"): float(value.replace(",", "")) for name, value in pairs}


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.2):
    """Poll `predicate` until it returns a truthy value; returns it (or the last falsy one)."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value

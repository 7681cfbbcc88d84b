"""Faults with a real server and Chromium: reloads, vanished sessions, Ctrl-C, isolation.

Every wait is bounded; nothing asserts on speed. "The stream stopped" is shown by the server's
CPU time: while a session plays, the server burns CPU continuously (training and building
frames for the stream); once the tab is closed its stream closes, and the server's CPU use over a
sampling window falls to a small fraction of what it was while playing. (Thread counts were also
tried: Streamlit's thread pools grow and shrink on their own, so they make a noisy signal.)
"""

from __future__ import annotations

import signal
import time
import urllib.request

import psutil
import pytest

from tests.e2e.harness import (
    REPO_ROOT,
    counters,
    exception_texts,
    live_button,
    open_app,
    server_process,
    streamlit_server,
    wait_for,
    wait_idle,
    wait_live,
)

pytestmark = pytest.mark.timeout(240)

STEPS = "Steps"
CPU_WINDOW_SECONDS = 3.0
IDLE_FRACTION = 0.15  # after the tab closed, CPU use below this share of the playing rate
SHUTDOWN_SECONDS = 30


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def cpu_rate(process: psutil.Process, seconds: float = CPU_WINDOW_SECONDS) -> float:
    """CPU seconds per second the process used over the next `seconds`."""
    before = cpu_seconds(process)
    time.sleep(seconds)
    return (cpu_seconds(process) - before) / seconds


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def open_playground(browser, url: str):
    """A page on the playground, once its live view has drawn and its stream is open."""
    page = open_app(browser, url)
    wait_live(page, ("boundary",))
    return page


def steps(page) -> float:
    return counters(page).get(STEPS, 0.0)


def start_playing(page) -> float:
    """Press Play and wait until training visibly advanced; returns the step count seen."""
    before = steps(page)
    live_button(page, "play").click()
    advanced = wait_for(lambda: steps(page) > before + 5, timeout=30)
    assert advanced, f"steps did not advance after Play (still {steps(page)})"
    return steps(page)


def dataset_shown(page) -> str:
    """The dataset selectbox's shown value, lower case (e.g. "circle")."""
    return page.locator(".st-key-w_dataset input").first.input_value().lower()


def pause(page) -> None:
    """Press Pause; returns once the button says Play and the frame that was on its way when
    Pause was pressed has been drawn (the step count holds still for a second)."""
    live_button(page, "play").click()
    assert wait_for(lambda: "Play" in live_button(page, "play").inner_text(), timeout=30)
    seen = []

    def held_still() -> bool:
        seen.append(steps(page))
        time.sleep(1.0)
        return steps(page) == seen[-1]

    assert wait_for(held_still, timeout=10, interval=0), f"steps still moving: {seen}"


def test_reload_while_training_keeps_the_server_healthy(app_server, browser):
    page = open_playground(browser, app_server)
    start_playing(page)
    page.reload()
    wait_idle(page)
    wait_live(page, ("boundary",))
    assert healthy(app_server)
    assert not exception_texts(page)
    # the reloaded page is a fresh, working session
    start_playing(page)
    pause(page)
    assert not exception_texts(page)
    other = open_playground(browser, app_server)
    start_playing(other)
    pause(other)
    assert not exception_texts(other)
    other.close()
    page.close()


def test_closing_a_playing_tab_ends_its_stream(browser):
    with streamlit_server(REPO_ROOT / "app.py") as url:
        server = server_process(url)
        page = open_playground(browser, url)
        start_playing(page)
        playing_rate = cpu_rate(server)
        assert playing_rate > 0.1, f"server barely worked while playing ({playing_rate:.2f})"
        page.close()
        rates = []

        def settled() -> bool:
            rates.append(cpu_rate(server))
            return rates[-1] < IDLE_FRACTION * playing_rate

        assert wait_for(settled, timeout=60, interval=0), (playing_rate, rates)
        assert healthy(url)
        fresh = open_playground(browser, url)
        assert not exception_texts(fresh)
        fresh.close()


def test_ctrl_c_stops_a_busy_server_cleanly(browser, tmp_path):
    log_path = tmp_path / "server.log"
    with streamlit_server(REPO_ROOT / "app.py", log_path=log_path) as url:
        server = server_process(url)
        pages = [open_playground(browser, url) for _ in range(2)]
        for page in pages:
            start_playing(page)
        server.send_signal(signal.SIGINT)
        exit_code = server.wait(timeout=SHUTDOWN_SECONDS)
        for page in pages:
            page.close()
    log = log_path.read_text()
    assert exit_code == 0, (exit_code, log[-2000:])
    assert "Traceback" not in log, log[-3000:]
    assert "Stopping..." in log


def test_two_sessions_with_different_links_do_not_affect_each_other(app_server, browser):
    circle = open_playground(browser, f"{app_server}/?dataset=circle&hidden=8&learning_rate=0.1")
    spiral = open_playground(browser, f"{app_server}/?dataset=spiral&hidden=6-6&batch_size=1")
    start_playing(circle)
    start_playing(spiral)
    pause(circle)
    circle_steps = steps(circle)
    # the spiral session keeps training while the circle session stays paused
    spiral_steps = steps(spiral)
    assert wait_for(lambda: steps(spiral) > spiral_steps + 20, timeout=30)
    assert steps(circle) == circle_steps
    pause(spiral)
    assert "dataset=circle" in circle.url and "hidden=8" in circle.url
    assert "dataset=spiral" in spiral.url and "batch_size=1" in spiral.url
    # each page still shows its own choices
    assert "circle" in dataset_shown(circle) and "spiral" not in dataset_shown(circle)
    assert "spiral" in dataset_shown(spiral) and "circle" not in dataset_shown(spiral)
    # Reset in one session leaves the other's counters alone
    spiral_steps = steps(spiral)
    live_button(circle, "reset").click()
    assert wait_for(lambda: steps(circle) == 0, timeout=30)
    assert steps(spiral) == spiral_steps
    assert not exception_texts(circle) and not exception_texts(spiral)
    circle.close()
    spiral.close()

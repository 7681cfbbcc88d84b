"""The processes a benchmark started, found with psutil, and what they use (memory, CPU time).
A process that has ended counts as nothing."""

from __future__ import annotations

from collections.abc import Callable

import psutil


def chromium_processes() -> list[psutil.Process]:
    """The Chromium processes this process started (through Playwright's driver)."""
    found = []
    for process in psutil.Process().children(recursive=True):
        try:
            if "chrom" in process.name().lower():
                found.append(process)
        except psutil.Error:
            pass
    return found


def _total(processes: list[psutil.Process], figure: Callable[[psutil.Process], float]) -> float:
    """`figure` summed over `processes`."""
    total = 0.0
    for process in processes:
        try:
            total += figure(process)
        except psutil.Error:
            pass
    return total


def rss(processes: list[psutil.Process]) -> int:
    """Resident memory of `processes` together, in bytes."""
    return int(_total(processes, lambda process: process.memory_info().rss))


def _user_and_system_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def cpu_seconds(processes: list[psutil.Process]) -> float:
    """User + system CPU seconds `processes` have used so far, together."""
    return _total(processes, _user_and_system_seconds)


def cpu_seconds_by_pid(processes: list[psutil.Process]) -> dict[int, float]:
    """pid -> user + system CPU seconds so far (a snapshot: processes started after it count
    from zero in a later one)."""
    seconds = {}
    for process in processes:
        try:
            seconds[process.pid] = _user_and_system_seconds(process)
        except psutil.Error:
            pass
    return seconds


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (every core, every process)."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)

"""The processes a benchmark started, found with psutil, and what they use (memory, CPU time).
A process that has ended counts as nothing."""

from __future__ import annotations

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


def rss(processes: list[psutil.Process]) -> int:
    """Resident memory of `processes` together, in bytes."""
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            pass
    return total


def cpu_seconds(processes: list[psutil.Process]) -> float:
    """User + system CPU seconds `processes` have used so far, together."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (every core, every process)."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)

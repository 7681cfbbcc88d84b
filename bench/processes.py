"""The processes a benchmark started, found with psutil."""

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

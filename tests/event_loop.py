"""Running a coroutine from a synchronous test, whatever ran before it.

Playwright's sync API leaves an event loop running on the main thread for the rest of the pytest
session (the e2e browser fixture is session-wide), and `asyncio.run` refuses to start inside a
running loop. A fresh thread has no loop, so the coroutine gets its own there.
"""

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

Result = TypeVar("Result")


def run_coroutine(coroutine: Coroutine[Any, Any, Result]) -> Result:
    """`asyncio.run(coroutine)` on a thread of its own; returns its result or raises its error."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

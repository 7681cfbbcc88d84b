"""A worker's limits for serving a class, read once per process from the environment.

- `PLAYGROUND_MAX_PLAYING`: at most this many sessions play at once in this process (see
  `StreamRegistry.admit_player`). Unset, empty or 0: no cap.
- `PLAYGROUND_IDLE_MINUTES`: a live view not used for this long drops what it can rebuild
  (see `LiveSource.release`). Unset: 10 minutes; 0: never.

A value that is not a number logs one clear line and falls back to the default; it never stops
the server.
"""

from __future__ import annotations

import functools
import logging
import math
import os
from collections.abc import Callable
from typing import TypeVar

MAX_PLAYING_ENV = "PLAYGROUND_MAX_PLAYING"
IDLE_MINUTES_ENV = "PLAYGROUND_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 10.0

_LOGGER = logging.getLogger(__name__)
Value = TypeVar("Value")


def parse_max_playing(text: str | None) -> int | None:
    """The cap of playing sessions from `text`: a whole number >= 1, or None for no cap
    (unset, empty, "0"). ValueError for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        cap = int(text)
    except ValueError:
        raise ValueError("not a whole number") from None
    if cap < 0:
        raise ValueError("negative")
    return cap or None


def parse_idle_seconds(text: str | None) -> float | None:
    """The idle timeout in seconds from minutes in `text` (decimals allowed): the default when
    unset or empty, None for "0" (never). ValueError for anything else."""
    text = (text or "").strip()
    if not text:
        return DEFAULT_IDLE_MINUTES * 60
    try:
        minutes = float(text)
    except ValueError:
        raise ValueError("not a number of minutes") from None
    if not math.isfinite(minutes) or minutes < 0:
        raise ValueError("not a number of minutes >= 0")
    return minutes * 60 or None


def _from_environment(name: str, parse: Callable[[str | None], Value], fallback: Value,
                      expected: str) -> Value:
    """`parse` of the environment variable `name`; when it refuses the value, one log line
    (what was `expected`, what happens instead) and `fallback`."""
    raw = os.environ.get(name)
    try:
        return parse(raw)
    except ValueError as problem:
        _LOGGER.error("%s=%r is not usable (%s; expected %s", name, raw, problem, expected)
        return fallback


@functools.cache
def max_playing() -> int | None:
    """This process's cap of playing sessions (None: no cap)."""
    return _from_environment(
        MAX_PLAYING_ENV, parse_max_playing, None,
        "a whole number, 0 for no cap): serving without a cap of playing sessions")


@functools.cache
def idle_seconds() -> float | None:
    """This process's idle timeout in seconds (None: never)."""
    return _from_environment(
        IDLE_MINUTES_ENV, parse_idle_seconds, DEFAULT_IDLE_MINUTES * 60,
        f"minutes, 0 for never): idle views free their memory after {DEFAULT_IDLE_MINUTES:g} "
        "minutes")

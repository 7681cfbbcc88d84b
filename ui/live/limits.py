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

MAX_PLAYING_ENV = "PLAYGROUND_MAX_PLAYING"
IDLE_MINUTES_ENV = "PLAYGROUND_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 10.0

_LOGGER = logging.getLogger(__name__)


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


@functools.cache
def max_playing() -> int | None:
    """This process's cap of playing sessions (None: no cap)."""
    raw = os.environ.get(MAX_PLAYING_ENV)
    try:
        return parse_max_playing(raw)
    except ValueError as problem:
        _LOGGER.error("%s=%r is not usable (%s; expected a whole number, 0 for no cap): "
                      "serving without a cap of playing sessions", MAX_PLAYING_ENV, raw, problem)
        return None


@functools.cache
def idle_seconds() -> float | None:
    """This process's idle timeout in seconds (None: never)."""
    raw = os.environ.get(IDLE_MINUTES_ENV)
    try:
        return parse_idle_seconds(raw)
    except ValueError as problem:
        _LOGGER.error("%s=%r is not usable (%s; expected minutes, 0 for never): idle views "
                      "free their memory after %g minutes", IDLE_MINUTES_ENV, raw, problem,
                      DEFAULT_IDLE_MINUTES)
        return DEFAULT_IDLE_MINUTES * 60

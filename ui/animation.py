"""A paced frame loop shared by every page that animates while it trains.

`run_frames(keep_going, frame)` calls `frame()` about `fps` times a second while `keep_going()`
is true. Each frame makes Streamlit calls, so a click (Pause, any widget) interrupts the loop at
the next frame: Streamlit stops a running script only at its next `st.` call.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

DEFAULT_FPS = 30


def run_frames(keep_going: Callable[[], bool], frame: Callable[[], None], *,
               fps: float = DEFAULT_FPS, frame_limit: int | None = None) -> int:
    """Run frames until `keep_going()` is false or `frame_limit` frames ran; return the count.

    Frames are paced on a fixed schedule (k / fps seconds after the start); a frame that runs
    late moves the schedule instead of bunching the next frames together.
    """
    interval = 1.0 / fps
    frames = 0
    next_frame = time.perf_counter()
    while keep_going():
        frame()
        frames += 1
        if frame_limit is not None and frames >= frame_limit:
            break
        next_frame += interval
        delay = next_frame - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        else:
            next_frame = time.perf_counter()
    return frames


class FrameGate:
    """Calling it answers whether at least 1/fps seconds passed since it last said yes."""

    def __init__(self, fps: float) -> None:
        self.interval = 1.0 / fps
        self.last = -math.inf

    def __call__(self) -> bool:
        now = time.perf_counter()
        if now - self.last < self.interval:
            return False
        self.last = now
        return True

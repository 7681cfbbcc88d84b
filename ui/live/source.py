"""What a live view shows and how the frame stream drives it (pure; no Streamlit).

A `LiveSource` wraps one page's model (the playground's run, a group of compared runs, the
hidden-space network). The stream calls `serve(op, run, have)` for every request, holding the
session's lock; page runs change the model under the same lock. `frame(have)` builds one frame:
a JSON-ready header and named arrays (see `ui.live.protocol`).

Loss curves travel incrementally: the browser says which history points it has ("have":
{"run": id, "h": {channel: [revision, size]}}) and the frame carries only newer points, or the
whole history when the run or the history's revision changed (it halves when full).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from nn_core.training import History
from ui.live.charts import float32

OPS = ("play", "step", "reset", "pause", "replay", "frame")
PLAYER_SECONDS = 10.0  # a playing browser asks for frames far more often than this


def new_run_id() -> str:
    """A short unique id for a freshly built model (frames say which run they show)."""
    return uuid.uuid4().hex[:16]


def history_update(channel: str, history: History, columns: Sequence[str],
                   have: Any) -> tuple[dict, dict[str, np.ndarray]]:
    """The history points of `channel` the browser lacks.

    have: the browser's [revision, size] for this channel, or anything else for "nothing".
    Returns ({"rev", "start", "size"}, {"<channel>.<column>": float32 values}): the browser
    writes the values at [start, size) of its copy and drops anything after `size`.
    """
    size = len(history)
    start = 0
    if (isinstance(have, list) and len(have) == 2 and have[0] == history.revision
            and isinstance(have[1], int) and 0 <= have[1] <= size):
        start = have[1]
    arrays = {f"{channel}.{name}": float32(history.column(name)[start:]) for name in columns}
    return {"rev": history.revision, "start": start, "size": size}, arrays


class LiveSource:
    """Base of the live views' sources: playing flag, ops, and the frame contract.

    `playing` mirrors the browser (it asks for "play" frames while playing); `stop()` is for the
    server's own reasons to stop (divergence, a new model): it bumps `play_serial`, which tells a
    browser that still plays to stop when the page's data reaches it. `run_id` names the model
    shown; it changes whenever the model is rebuilt.

    For serving a class: `is_player(now)` says whether the source plays right now (it asked for
    a "play" frame within `PLAYER_SECONDS`; a closed or hidden tab stops asking), and
    `last_used` / `released` let an idle view drop what it can rebuild (`release`).
    """

    run_id: str

    def __init__(self) -> None:
        self.playing = False
        self.play_serial = 0
        self.frames_built = 0
        self.last_played = float("-inf")
        self.last_used = time.monotonic()
        self.released = False

    def touch(self) -> None:
        """Note a use (a stream request or a page run): the view is not idle."""
        self.last_used = time.monotonic()
        self.released = False

    def is_player(self, now: float) -> bool:
        """Whether this source counts as playing at time `now` (time.monotonic())."""
        return self.playing and now - self.last_played < PLAYER_SECONDS

    def mark_player(self, now: float) -> None:
        """Count this source as playing from `now` on."""
        self.playing = True
        self.last_played = now

    def serve(self, op: str, run: str | None, have: dict) -> tuple[dict, dict[str, np.ndarray]]:
        """Carry out `op` and return the frame (called by the stream under the session lock).

        `have` only counts when the browser shows this run (`run` equals `run_id`).
        """
        if op not in OPS:
            raise ValueError(f"unknown op {op!r}")
        self.touch()
        if op == "play":
            self.mark_player(time.monotonic())
            self.advance()
        elif op in ("pause", "step", "reset"):
            self.playing = False
            if op == "step":
                self.step()
            elif op == "reset":
                self.reset()
        elif op == "replay":
            self.replay_next()
        return self.frame(have if run == self.run_id else {})

    def refuse_play(self, run: str | None, have: dict) -> tuple[dict, dict[str, np.ndarray]]:
        """The answer to a "play" the server turned away (full): not playing, nothing trained,
        the present frame with header "full"."""
        self.touch()
        self.playing = False
        header, arrays = self.frame(have if run == self.run_id else {})
        return {**header, "full": True}, arrays

    def stop(self) -> None:
        """Stop playing for a reason of the server's own."""
        self.playing = False
        self.play_serial += 1

    def release(self) -> None:
        """Idle for long: drop what can be rebuilt on the next use (caches, drawing buffers),
        never the user's data, run or weights. Subclasses extend it; call `super().release()`."""
        self.released = True

    # --- what subclasses define ---------------------------------------------------------------

    def advance(self) -> None:
        """Train one frame's worth while playing."""
        raise NotImplementedError

    def step(self) -> None:
        """One step of the chosen unit."""
        raise NotImplementedError

    def reset(self) -> None:
        """Start the model over."""
        raise NotImplementedError

    def replay_next(self) -> None:
        """Show the next replay snapshot (sources without replay ignore it)."""

    def frame(self, have: dict) -> tuple[dict, dict[str, np.ndarray]]:
        """One frame for a browser that already has `have` (empty: nothing), numbered: header
        "serial" grows with every frame, so a browser can tell a frame that reached it late (a
        page run's, drawn after newer stream frames) from a newer one."""
        header, arrays = self.build_frame(have)
        self.frames_built += 1
        return {**header, "serial": self.frames_built}, arrays

    def build_frame(self, have: dict) -> tuple[dict, dict[str, np.ndarray]]:
        """The frame's header and arrays (see `frame`)."""
        raise NotImplementedError



class RebuiltSource(LiveSource):
    """A source whose model `make()` builds afresh (on Reset, and after `rebuild`); `key` says
    what it was built from, so a page run can tell whether its settings still match."""

    def __init__(self, make: Callable[[], Any], key: tuple) -> None:
        super().__init__()
        self.make, self.key = make, key
        self.run_id = new_run_id()

    def rebuild(self, make: Callable[[], Any], key: tuple) -> None:
        """Other settings: a new model and run (via `reset`); playing stops."""
        self.make, self.key = make, key
        self.reset()
        self.stop()

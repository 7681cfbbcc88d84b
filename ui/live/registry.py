"""Where the frame stream finds a session's live view: channels by token.

A page run opens a `Channel` for its live view (`StreamRegistry.open`) and keeps it in
`st.session_state`; the stream route looks the channel up by the token the browser sends. The
registry is the one table shared by page runs (script threads) and the stream (the server's
event loop), like Streamlit's own session manager, so it is created once per process by
`stream_registry()`. It holds only weak references: a channel, its lock and its source live in
the session's state and nowhere else, so an ended session's data is freed with it. The table is
bounded; dead entries are dropped on every `open`, the oldest live ones past the limit.

Serving a class, the registry also answers for the whole process:
- admission: `admit_player` lets a session start playing only while fewer than the cap of
  sessions play (a session already playing always goes on, so players keep their rate);
- idle views: `release_idle` asks the sources not used for a while to drop what they can
  rebuild (at most every `IDLE_SWEEP_SECONDS`, from the checks of paused streams).

Tokens are `<session id>.<view>.<secret>` (the session id with anything but letters, digits, _
and - replaced) with a 256-bit random secret.
"""

from __future__ import annotations

import functools
import re
import secrets
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

MAX_CHANNELS = 10_000
IDLE_SWEEP_SECONDS = 30.0
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}\.[a-z_]{1,32}\.[A-Za-z0-9_-]{43}$")


@dataclass(eq=False)
class Channel:
    """One live view of one browser session, as the stream serves it.

    `lock` is the session's lock: page runs hold it while they run, the stream while it trains
    and builds a frame, so the two never interleave half-way. `source` is the view's current
    `ui.live.source.LiveSource` (a page run swaps it when it builds a new model).
    """

    session_id: str
    view: str
    lock: threading.RLock
    source: Any = None
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    opened: float = field(default_factory=time.monotonic)

    @property
    def owner(self) -> str:
        """The token's first two parts: session and view."""
        return f"{re.sub(r'[^A-Za-z0-9_-]', '_', self.session_id)[:64] or '_'}.{self.view}"

    @property
    def token(self) -> str:
        return f"{self.owner}.{self.secret}"


class StreamRegistry:
    """Thread-safe, bounded table token -> weak reference to a `Channel`."""

    def __init__(self, limit: int = MAX_CHANNELS) -> None:
        self.limit = limit
        self._guard = threading.Lock()
        self._admission = threading.Lock()
        self._channels: OrderedDict[str, weakref.ref[Channel]] = OrderedDict()
        self._last_sweep = time.monotonic()

    def __len__(self) -> int:
        with self._guard:
            return len(self._channels)

    def open(self, session_id: str, view: str, lock: threading.RLock) -> Channel:
        """A new channel for `view` of session `session_id`; the caller keeps it alive."""
        if not re.fullmatch(r"[a-z_]{1,32}", view):
            raise ValueError(f"view name {view!r} is not usable in a token")
        channel = Channel(session_id, view, lock)
        with self._guard:
            self._prune()
            self._channels[channel.secret] = weakref.ref(channel)
            while len(self._channels) > self.limit:
                self._channels.popitem(last=False)
        return channel

    def close(self, channel: Channel) -> None:
        """Forget `channel` (its token stops working)."""
        with self._guard:
            self._channels.pop(channel.secret, None)

    def lookup(self, token: Any) -> Channel | None:
        """The live channel behind `token`, or None (malformed, unknown, closed or freed)."""
        if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
            return None
        owner, secret = token.rsplit(".", 1)
        with self._guard:
            ref = self._channels.get(secret)
        channel = ref() if ref is not None else None
        if channel is None or not secrets.compare_digest(channel.owner.encode(), owner.encode()):
            return None
        return channel

    def live_channels(self) -> list[Channel]:
        """The channels still alive (a snapshot)."""
        with self._guard:
            refs = list(self._channels.values())
        return [channel for channel in (ref() for ref in refs) if channel is not None]

    def players(self, now: float) -> set[str]:
        """The sessions with a view playing at time `now` (see `LiveSource.is_player`)."""
        return {channel.session_id for channel in self.live_channels()
                if channel.source is not None and channel.source.is_player(now)}

    def can_play(self, channel: Channel, cap: int | None, now: float) -> bool:
        """Whether `channel`'s session may play now: no cap, it already plays, or fewer than
        `cap` sessions play."""
        if cap is None or (channel.source is not None and channel.source.is_player(now)):
            return True
        players = self.players(now)
        return channel.session_id in players or len(players) < cap

    def admit_player(self, channel: Channel, cap: int | None, now: float) -> bool:
        """Let `channel`'s source play if `can_play`, counting it as a player at once (so two
        newcomers cannot both take the last place); False: the process is full."""
        with self._admission:
            if not self.can_play(channel, cap, now):
                return False
            channel.source.mark_player(now)
            return True

    def release_idle(self, idle_seconds: float | None, now: float, *, force: bool = False
                     ) -> int:
        """Ask every source unused for `idle_seconds` to `release` what it can rebuild; returns
        how many did. Runs at most every IDLE_SWEEP_SECONDS unless `force`; skips a source
        whose session is busy (its lock is taken)."""
        if idle_seconds is None:
            return 0
        with self._guard:
            if not force and now - self._last_sweep < min(IDLE_SWEEP_SECONDS, idle_seconds):
                return 0
            self._last_sweep = now
        released = 0
        for channel in self.live_channels():
            source = channel.source
            if source is None or source.released or now - source.last_used < idle_seconds:
                continue
            if not channel.lock.acquire(blocking=False):
                continue
            try:
                if channel.source is source and now - source.last_used >= idle_seconds:
                    source.release()
                    released += 1
            finally:
                channel.lock.release()
        return released

    def _prune(self) -> None:
        dead = [secret for secret, ref in self._channels.items() if ref() is None]
        for secret in dead:
            del self._channels[secret]


@functools.cache
def stream_registry() -> StreamRegistry:
    """The process's one registry (created on first use)."""
    return StreamRegistry()

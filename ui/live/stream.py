"""The frame stream: a WebSocket route that trains a session's model and answers with frames.

Protocol (one WebSocket per live view, same origin only):

1. The browser connects to `STREAM_PATH` and sends {"op": "hello", "token": "..."} (the token
   comes with the page). A bad token closes the connection with `CLOSE_BAD_TOKEN`.
2. Then it sends one request at a time and waits for the answer before sending the next, so
   at most one frame is in flight: {"op": "play" | "step" | "reset" | "pause" | "replay" |
   "frame", "run": <run id it shows>, "have": {...}}. The server answers each request with
   exactly one binary frame (`ui.live.protocol`). "play" trains one frame's worth of steps
   first, "frame" only reports; what the other ops do is up to the view's source.
3. While paused the browser sends nothing. The server closes the stream when the session ends
   (`CLOSE_SESSION_ENDED`), on a malformed request (`CLOSE_MALFORMED`) and when requests arrive
   faster than `MAX_REQUESTS_PER_SECOND` (`CLOSE_TOO_MANY`). These closes log one line, never a
   traceback.
4. Admission: with a cap of playing sessions (`ui.live.limits.max_playing`), a "play" from a
   session that is not playing yet, while the cap's number of sessions play, trains nothing:
   the answer is the present frame with header "full": true (the browser stops playing and
   says the server is full). Sessions already playing are never turned away.

Training and frame building run in a small worker pool, never on the event loop, and only while
holding the session's lock (page runs hold it too). A request that finds the lock taken (a page
run is in progress) waits on the event loop, not in a worker thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import json
import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from ui.live.limits import idle_seconds, max_playing
from ui.live.protocol import encode_frame
from ui.live.registry import Channel, StreamRegistry, stream_registry

STREAM_PATH = "/live/stream"
OPS = ("play", "step", "reset", "pause", "replay", "frame")
MAX_REQUEST_BYTES = 4096
MAX_REQUESTS_PER_SECOND = 240      # four times the browser's frame ceiling
HELLO_SECONDS = 10.0
IDLE_CHECK_SECONDS = 5.0           # a paused stream checks this often that its session lives
LOCK_RETRY_SECONDS = 0.005
WORKER_THREADS = 2

CLOSE_MALFORMED = 4400
CLOSE_BAD_TOKEN = 4401
CLOSE_BAD_ORIGIN = 4403
CLOSE_HELLO_TIMEOUT = 4408
CLOSE_SESSION_ENDED = 4410
CLOSE_TOO_MANY = 4429
CLOSE_INTERNAL = 1011

_LOGGER = logging.getLogger(__name__)


class StreamClosed(Exception):
    """Close the stream with `code` and a short `reason` (shown in the browser's console)."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class FrameRequest:
    """One validated request: the op, the run the browser shows and what it already has."""

    op: str
    run: str | None
    have: dict


def parse_request(text: Any) -> FrameRequest:
    """A FrameRequest from the request text; StreamClosed(CLOSE_MALFORMED) when it is not one."""
    if not isinstance(text, str) or len(text) > MAX_REQUEST_BYTES:
        raise StreamClosed(CLOSE_MALFORMED, "requests are short JSON texts")
    try:
        message = json.loads(text)
    except json.JSONDecodeError:
        raise StreamClosed(CLOSE_MALFORMED, "request is not JSON") from None
    if not isinstance(message, dict) or message.get("op") not in OPS:
        raise StreamClosed(CLOSE_MALFORMED, "unknown op")
    run = message.get("run")
    have = message.get("have", {})
    if not (run is None or (isinstance(run, str) and len(run) <= 64)) or not isinstance(have,
                                                                                       dict):
        raise StreamClosed(CLOSE_MALFORMED, "bad run or have")
    return FrameRequest(message["op"], run, have)


class RequestRate:
    """Counts requests in the last second; `allow()` is False past the limit."""

    def __init__(self, limit: int = MAX_REQUESTS_PER_SECOND) -> None:
        self.limit = limit
        self.window_start = time.monotonic()
        self.count = 0

    def allow(self) -> bool:
        now = time.monotonic()
        if now - self.window_start >= 1.0:
            self.window_start, self.count = now, 0
        self.count += 1
        return self.count <= self.limit


def origin_allowed(origin: str | None, host: str | None) -> bool:
    """Same origin only: the Origin header's host:port equals the Host header."""
    if not origin or not host:
        return False
    return urlparse(origin).netloc == host


def serve_request(channel: Channel, request: FrameRequest) -> bytes | None:
    """Carry out `request` on the channel's source and encode the answer frame.

    Runs in a worker thread. Returns None without waiting when a page run holds the session's
    lock (the caller retries shortly).
    """
    if not channel.lock.acquire(blocking=False):
        return None
    try:
        source = channel.source
        if source is None:
            raise StreamClosed(CLOSE_SESSION_ENDED, "this view is gone")
        if request.op == "play" and not stream_registry().admit_player(
                channel, max_playing(), time.monotonic()):
            header, arrays = source.refuse_play(request.run, request.have)
        else:
            header, arrays = source.serve(request.op, request.run, request.have)
    finally:
        channel.lock.release()
    return encode_frame(header, arrays)


@functools.cache
def _workers() -> concurrent.futures.ThreadPoolExecutor:
    """The process's frame workers (created on first use)."""
    return concurrent.futures.ThreadPoolExecutor(WORKER_THREADS, thread_name_prefix="live-frame")


async def _answer(channel: Channel, request: FrameRequest) -> bytes:
    loop = asyncio.get_running_loop()
    while True:
        frame = await loop.run_in_executor(_workers(), serve_request, channel, request)
        if frame is not None:
            return frame
        await asyncio.sleep(LOCK_RETRY_SECONDS)


def _release_idle() -> None:
    """Let this process's idle views drop what they can rebuild (see `release_idle`)."""
    released = stream_registry().release_idle(idle_seconds(), time.monotonic())
    if released:
        _LOGGER.info("%d idle live views released what they can rebuild", released)


def _session_alive(channel: Channel) -> bool:
    """Whether Streamlit still has the channel's session connected (True outside a runtime)."""
    from streamlit import runtime

    if not runtime.exists():
        return True
    return runtime.get_instance().is_active_session(channel.session_id)


async def _receive_text(websocket: WebSocket, timeout: float) -> str | None:
    """The next text message, None on timeout; StreamClosed/WebSocketDisconnect otherwise."""
    try:
        message = await asyncio.wait_for(websocket.receive(), timeout)
    except TimeoutError:
        return None
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    if message.get("text") is None:
        raise StreamClosed(CLOSE_MALFORMED, "requests are text")
    return message["text"]


async def _hello(websocket: WebSocket, registry: StreamRegistry) -> Channel:
    text = await _receive_text(websocket, HELLO_SECONDS)
    if text is None:
        raise StreamClosed(CLOSE_HELLO_TIMEOUT, "no hello")
    try:
        message = json.loads(text) if len(text) <= MAX_REQUEST_BYTES else None
    except json.JSONDecodeError:
        message = None
    if not isinstance(message, dict) or message.get("op") != "hello":
        raise StreamClosed(CLOSE_MALFORMED, "expected hello")
    channel = registry.lookup(message.get("token"))
    if channel is None:
        raise StreamClosed(CLOSE_BAD_TOKEN, "unknown or expired token")
    return channel


async def stream_endpoint(websocket: WebSocket) -> None:
    """The WebSocket route: hello, then one frame per request until closed."""
    if not origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host")):
        _LOGGER.info("live stream refused: origin %r", websocket.headers.get("origin"))
        await websocket.close(code=CLOSE_BAD_ORIGIN)
        return
    await websocket.accept()
    rate = RequestRate()
    try:
        channel = await _hello(websocket, stream_registry())
        while True:
            text = await _receive_text(websocket, IDLE_CHECK_SECONDS)
            if not _session_alive(channel) or channel.source is None:
                raise StreamClosed(CLOSE_SESSION_ENDED, "session ended")
            if text is None:
                _release_idle()  # cheap: a clock check, rarely dropping references
                continue
            if not rate.allow():
                raise StreamClosed(CLOSE_TOO_MANY, "too many requests")
            frame = await _answer(channel, parse_request(text))
            await websocket.send_bytes(frame)
    except WebSocketDisconnect:
        return
    except StreamClosed as closed:
        _LOGGER.info("live stream closed (%d): %s", closed.code, closed.reason)
        await _close(websocket, closed.code, closed.reason)
    except Exception:  # a bug in a source: log it once, close cleanly, keep the server up
        _LOGGER.exception("live stream failed")
        await _close(websocket, CLOSE_INTERNAL, "internal error")


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    if websocket.client_state == WebSocketState.CONNECTED:
        try:
            await websocket.close(code=code, reason=reason)
        except (RuntimeError, WebSocketDisconnect):
            pass


def stream_routes() -> list[WebSocketRoute]:
    """Routes to mount with `st.App(..., routes=...)`."""
    return [WebSocketRoute(STREAM_PATH, stream_endpoint)]

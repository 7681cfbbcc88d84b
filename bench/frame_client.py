"""A browser-less client of the playground: one Streamlit session plus its live view's frame stream.

    .venv/bin/python -m bench.frame_client http://127.0.0.1:8600 [--seconds 10] [--max-fps 60]

It does what a browser tab does, minus the drawing, so that a load test measures the server:

1. Loads the page (GET /) and keeps the cookies it sets, as a browser does: behind HAProxy the
   sticky-session cookie is what sends every later connection to the same worker. Then opens
   Streamlit's websocket (`/_stcore/stream`, subprotocol "streamlit", an Origin header of the
   server's own address, the cookies) and asks for a script run (BackMsg `rerun_script` with
   the link's query string). The server answers with ForwardMsgs: `new_session`,
   `session_status_changed`, `delta`s (the page's elements) and `script_finished`.
2. Finds the live view in the deltas: a BidiComponent element whose component_name ends with
   "live_view"; its `json` field is a JSON text holding a JSON text of the component's data,
   with the stream's "token" and "stream_path" ("/live/stream").
3. Like the browser once it has drawn its first frame, sends the component's "ready" trigger, so
   the page also draws its sidebar controls (what a real tab's session holds in memory).
4. Opens the frame stream (same Origin, same cookies), says {"op": "hello", "token": ...} and
   plays exactly as the browser does: one request in flight, {"op": "play", "run": <run of the
   last frame>, "have": {"h": {channel: [rev, size]}}}, the answer decoded with
   `ui.live.protocol.decode_frame` (which raises on a malformed frame), "have" kept up to date
   from the frame header's "history". `max_fps` paces requests like the browser's animation
   frames (it asks for the next frame only after drawing the last one, at most 60 times a second
   here); 0 means as fast as the server answers.
5. Pauses ({"op": "pause"}) and measures the time until the answer.

Streamlit's websocket stays open the whole time (the frame stream closes when its session ends).
The CLI plays one session and prints its figures; `bench.load` runs many at once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from ui.live.protocol import decode_frame

STREAMLIT_PATH = "/_stcore/stream"
LIVE_COMPONENT_SUFFIX = "live_view"
FULL_TEXT = "The class server is full right now"
# Streamlit's id of a bidi component's trigger aggregator widget (components.v2.bidi_component)
TRIGGER_ID = "$$STREAMLIT_INTERNAL_KEY_{id}__events"
SCRIPT_SECONDS = 60.0
FRAME_SECONDS = 30.0
MAX_MESSAGE_BYTES = 64 * 1024 * 1024


class ClientError(Exception):
    """The session could not be opened or played (the message says why)."""


class ServerFull(ClientError):
    """The app refused the session: the class server is full."""


@dataclass
class LiveView:
    """What the page told us about its live view."""

    element_id: str
    token: str
    stream_path: str
    data: dict


@dataclass
class PlayStats:
    """Figures of one played session."""

    frames: int = 0
    seconds: float = 0.0
    frame_bytes: int = 0
    steps_start: float | None = None
    steps_end: float | None = None
    pause_seconds: float | None = None
    open_seconds: float | None = None
    worker: str | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def fps(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else 0.0


def ws_url(base_url: str, path: str) -> str:
    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{path}"


def origin_of(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def live_view_data(element: Any) -> dict | None:
    """The component data of a live-view BidiComponent element (None for any other element)."""
    if element.WhichOneof("type") != "bidi_component":
        return None
    component = element.bidi_component
    if not component.component_name.endswith(LIVE_COMPONENT_SUFFIX) or not component.json:
        return None
    data = json.loads(component.json)
    if isinstance(data, str):  # the app passes a JSON text; Streamlit encodes it once more
        data = json.loads(data)
    return data if isinstance(data, dict) else None


def element_texts(element: Any) -> list[str]:
    """Visible texts of alert and markdown elements (to recognise "the server is full")."""
    kind = element.WhichOneof("type")
    if kind == "alert":
        return [element.alert.body]
    if kind == "markdown":
        return [element.markdown.body]
    if kind == "exception":
        return [f"{element.exception.type}: {element.exception.message}"]
    return []


class FrameClient:
    """One session: `await open()`, `await play(seconds)`, `await pause()`, `await close()`."""

    def __init__(self, base_url: str, query: str = "", *, max_fps: float = 60.0,
                 send_ready: bool = True) -> None:
        self.base_url = base_url.rstrip("/")
        self.query = query.lstrip("?")
        self.max_fps = max_fps
        self.send_ready = send_ready
        self.origin = origin_of(self.base_url)
        self.session_ws: Any = None
        self.stream_ws: Any = None
        self.view: LiveView | None = None
        self.texts: list[str] = []
        self.exceptions: list[str] = []
        self.run: str | None = None
        self.have: dict[str, list] = {}
        self.header: dict = {}
        self.stats = PlayStats()
        self._finished = asyncio.Event()
        self._reader: asyncio.Task | None = None
        self.session_messages = 0
        self.session_closed: str | None = None
        self.cookies: dict[str, str] = {}
        self.worker: str | None = None  # the worker HAProxy named (X-Playground-Worker), if any

    # --- Streamlit's session -----------------------------------------------------------------

    async def open(self) -> LiveView:
        """Open the Streamlit session, run the page and find its live view."""
        started = time.perf_counter()
        await asyncio.to_thread(self._load_page)
        self.session_ws = await websockets.connect(
            ws_url(self.base_url, STREAMLIT_PATH), subprotocols=["streamlit"],
            origin=self.origin, max_size=MAX_MESSAGE_BYTES, open_timeout=30,
            additional_headers=self._cookie_header(),
        )
        self._keep_cookies(self.session_ws.response.headers)
        self._reader = asyncio.create_task(self._read_session())
        await self._rerun()
        if self.view is None:
            if any(FULL_TEXT in text for text in self.texts):
                raise ServerFull(FULL_TEXT)
            raise ClientError("the page has no live view"
                              + (f" (exception: {self.exceptions[0]})" if self.exceptions else ""))
        if self.send_ready and self.view.data.get("awaiting_ready"):
            await self._rerun(ready=True)
        if self.exceptions:
            raise ClientError(f"the page showed an exception: {self.exceptions[0]}")
        await self._open_stream()
        self.stats.open_seconds = time.perf_counter() - started
        self.stats.worker = self.worker
        return self.view

    def _load_page(self) -> None:
        """GET the page like a browser's first request; keep its cookies."""
        request = urllib.request.Request(self.base_url + "/?" + self.query if self.query
                                         else self.base_url + "/")
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            self._keep_cookies(response.headers)

    def _keep_cookies(self, headers: Any) -> None:
        for value in headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        self.worker = headers.get("X-Playground-Worker") or self.worker

    def _cookie_header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}

    async def _rerun(self, ready: bool = False) -> None:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query
        if ready and self.view is not None:
            widget = state.widget_states.widgets.add()
            widget.id = TRIGGER_ID.format(id=self.view.element_id)
            widget.json_trigger_value = json.dumps([{"event": "ready", "value": True}])
        self._finished.clear()
        await self.session_ws.send(back.SerializeToString())
        try:
            await asyncio.wait_for(self._finished.wait(), SCRIPT_SECONDS)
        except TimeoutError:
            raise ClientError(self.session_closed or "the page run did not finish") from None
        if self.session_closed:
            raise ClientError(self.session_closed)

    async def _read_session(self) -> None:
        """Read Streamlit's ForwardMsgs for as long as the session is open."""
        try:
            async for data in self.session_ws:
                self.session_messages += 1
                if isinstance(data, str):
                    continue
                message = ForwardMsg()
                message.ParseFromString(data)
                kind = message.WhichOneof("type")
                if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    self._element(message.delta.new_element)
                elif kind == "script_finished":
                    self._finished.set()
        except websockets.ConnectionClosed as closed:
            self.session_closed = f"Streamlit's websocket closed ({closed.code})"
        except Exception as error:  # reported, never raised
            self.session_closed = f"Streamlit's websocket failed: {error!r}"
        else:
            self.session_closed = "Streamlit's websocket closed"
        finally:
            self._finished.set()

    def _element(self, element: Any) -> None:
        data = live_view_data(element)
        if data is not None:
            self.view = LiveView(element.bidi_component.id, str(data["token"]),
                                 str(data["stream_path"]), data)
            return
        if element.WhichOneof("type") == "exception":
            self.exceptions.extend(element_texts(element))
        self.texts.extend(element_texts(element))

    # --- the frame stream ----------------------------------------------------------------------

    async def _open_stream(self) -> None:
        assert self.view is not None
        self.stream_ws = await websockets.connect(
            ws_url(self.base_url, self.view.stream_path), origin=self.origin,
            max_size=MAX_MESSAGE_BYTES, open_timeout=30, additional_headers=self._cookie_header(),
        )
        await self.stream_ws.send(json.dumps({"op": "hello", "token": self.view.token}))
        await self.request("frame")

    async def request(self, op: str) -> dict:
        """Send one request and wait for its frame; returns the frame's header."""
        message = {"op": op, "run": self.run, "have": {"h": self.have}}
        await self.stream_ws.send(json.dumps(message, separators=(",", ":")))
        try:
            frame = await asyncio.wait_for(self.stream_ws.recv(), FRAME_SECONDS)
        except TimeoutError:
            raise ClientError(f"no answer to {op!r} within {FRAME_SECONDS:.0f} s") from None
        except websockets.ConnectionClosed as closed:
            raise ClientError(f"frame stream closed ({closed.code} {closed.reason})") from None
        if not isinstance(frame, bytes):
            raise ClientError("the frame stream sent text")
        header, _arrays = decode_frame(frame)
        self._apply(header)
        self.stats.frame_bytes += len(frame)
        return header

    def _apply(self, header: dict) -> None:
        """Keep "have" as the browser does: a new run starts over; each channel of the frame's
        history gives [rev, size] once its points are applied."""
        if header.get("run") != self.run:
            self.have = {}
        self.run = header.get("run")
        for channel, info in (header.get("history") or {}).items():
            self.have[channel] = [info["rev"], info["size"]]
        self.header = header

    def steps(self) -> float | None:
        """The run's step count from the last frame header (its "state" starts "<steps>:")."""
        state = self.header.get("state")
        if isinstance(state, str):
            try:
                return float(state.split(":", 1)[0])
            except ValueError:
                return None
        return None

    async def play(self, seconds: float, stop: asyncio.Event | None = None) -> PlayStats:
        """Play for `seconds` (or until `stop` is set), one request in flight."""
        stats = self.stats
        interval = 1.0 / self.max_fps if self.max_fps > 0 else 0.0
        stats.steps_start = self.steps()
        started = time.perf_counter()
        next_send = started
        while True:
            now = time.perf_counter()
            if now - started >= seconds or (stop is not None and stop.is_set()):
                break
            if interval and now < next_send:
                await asyncio.sleep(next_send - now)
            next_send = max(next_send + interval, time.perf_counter()) if interval else 0.0
            await self.request("play")
            stats.frames += 1
        stats.seconds += time.perf_counter() - started
        stats.steps_end = self.steps()
        return stats

    async def pause(self) -> float:
        """Send Pause; returns the seconds until its answer arrived."""
        started = time.perf_counter()
        await self.request("pause")
        self.stats.pause_seconds = time.perf_counter() - started
        return self.stats.pause_seconds

    async def close(self) -> None:
        for socket in (self.stream_ws, self.session_ws):
            if socket is not None:
                try:
                    await asyncio.wait_for(socket.close(), 5)
                except (TimeoutError, websockets.WebSocketException, OSError):
                    pass
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass


async def play_once(base_url: str, query: str, seconds: float, max_fps: float) -> PlayStats:
    client = FrameClient(base_url, query, max_fps=max_fps)
    try:
        await client.open()
        await client.play(seconds)
        await client.pause()
    except (ClientError, OSError, websockets.WebSocketException) as error:
        client.stats.errors.append(str(error) or repr(error))
    finally:
        await client.close()
    return client.stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the app's address, e.g. http://127.0.0.1:8600")
    parser.add_argument("--query", default="", help="the link's query string, e.g. speed=10")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-fps", type=float, default=60.0,
                        help="at most this many requests per second (0: no limit)")
    args = parser.parse_args()
    stats = asyncio.run(play_once(args.url, args.query, args.seconds, args.max_fps))
    if stats.errors:
        print("errors:", "; ".join(stats.errors))
    print(f"opened in {stats.open_seconds or 0:.2f} s; {stats.frames} frames in "
          f"{stats.seconds:.1f} s = {stats.fps:.1f} frames/s "
          f"({stats.frame_bytes / max(stats.frames, 1) / 1024:.1f} kB each); steps "
          f"{stats.steps_start} -> {stats.steps_end}; pause answered in "
          f"{(stats.pause_seconds or 0) * 1000:.1f} ms")


if __name__ == "__main__":
    main()

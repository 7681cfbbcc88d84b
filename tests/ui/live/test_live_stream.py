"""The frame stream over a real WebSocket: hello, flow control, refusals with clear codes."""

from __future__ import annotations

import json
import threading
import time

import numpy as np
import pytest
import uvicorn
from starlette.applications import Starlette
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from tests.e2e.harness import free_port, wait_for
from ui.live import stream
from ui.live.protocol import decode_frame
from ui.live.registry import stream_registry
from ui.live.source import LiveSource


class CountingSource(LiveSource):
    """A stand-in model: a counter that "trains" by one per play request."""

    run_id = "run-1"

    def __init__(self) -> None:
        super().__init__()
        self.trained = 0

    def advance(self) -> None:
        self.trained += 1

    def step(self) -> None:
        self.trained += 10

    def reset(self) -> None:
        self.trained = 0

    def build_frame(self, have: dict):
        return ({"run": self.run_id, "trained": self.trained, "have": have},
                {"values": np.full(3, self.trained, dtype=np.float32)})


@pytest.fixture(scope="module")
def server_url():
    port = free_port()
    app = Starlette(routes=stream.stream_routes())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def channel():
    lock = threading.RLock()
    opened = stream_registry().open("session-1", "playground", lock)
    opened.source = CountingSource()
    yield opened
    stream_registry().close(opened)


def open_stream(host: str, origin: str | None = None):
    return connect(f"ws://{host}{stream.STREAM_PATH}",
                   origin=origin or f"http://{host}", open_timeout=5)


def request(ws, op: str, **extra) -> tuple[dict, dict]:
    ws.send(json.dumps({"op": op, "run": "run-1", **extra}))
    return decode_frame(ws.recv(timeout=5))


def closed_code(ws) -> int:
    with pytest.raises(ConnectionClosed) as closed:
        for _ in range(1000):
            ws.recv(timeout=5)
    return closed.value.rcvd.code


def test_each_request_gets_one_frame_and_play_trains(server_url, channel):
    with open_stream(server_url) as ws:
        ws.send(json.dumps({"op": "hello", "token": channel.token}))
        for expected in (1, 2, 3):
            header, arrays = request(ws, "play", have={"h": {"h": [0, 5]}})
            assert header["trained"] == expected
            assert arrays["values"].tolist() == [expected] * 3
            assert header["have"] == {"h": {"h": [0, 5]}}  # what the browser has reaches it
        assert channel.source.playing
        header, _ = request(ws, "pause")
        assert header["trained"] == 3 and not channel.source.playing
        assert request(ws, "step")[0]["trained"] == 13
        assert request(ws, "reset")[0]["trained"] == 0


def test_a_page_run_holding_the_lock_delays_the_frame(server_url, channel):
    with open_stream(server_url) as ws:
        ws.send(json.dumps({"op": "hello", "token": channel.token}))
        channel.lock.acquire()
        try:
            ws.send(json.dumps({"op": "play", "run": "run-1"}))
            with pytest.raises(TimeoutError):
                ws.recv(timeout=0.3)
            assert channel.source.trained == 0  # nothing trained under a page run's feet
        finally:
            channel.lock.release()
        assert decode_frame(ws.recv(timeout=5))[0]["trained"] == 1


@pytest.mark.parametrize("token", ["nonsense", "session-1.playground." + "A" * 43, 42, None])
def test_bad_tokens_are_refused(server_url, channel, token):
    with open_stream(server_url) as ws:
        ws.send(json.dumps({"op": "hello", "token": token}))
        assert closed_code(ws) == stream.CLOSE_BAD_TOKEN


def test_a_token_of_another_view_is_refused(server_url, channel):
    forged = channel.token.replace(".playground.", ".compare.")
    with open_stream(server_url) as ws:
        ws.send(json.dumps({"op": "hello", "token": forged}))
        assert closed_code(ws) == stream.CLOSE_BAD_TOKEN


@pytest.mark.parametrize("message", [
    "not json", json.dumps({"op": "explode"}), json.dumps(["play"]),
    json.dumps({"op": "play", "run": 5}), json.dumps({"op": "play", "have": []}),
    json.dumps({"op": "play", "pad": "x" * 5000}),
])
def test_malformed_requests_close_the_stream(server_url, channel, message):
    with open_stream(server_url) as ws:
        ws.send(json.dumps({"op": "hello", "token": channel.token}))
        ws.send(message)
        assert closed_code(ws) == stream.CLOSE_MALFORMED


def test_binary_requests_and_a_missing_hello_are_malformed(server_url, channel):
    with open_stream(server_url) as ws:
        ws.send(json.dumps({"op": "hello", "token": channel.token}))
        ws.send(b"\x00\x01")
        assert closed_code(ws) == stream.CLOSE_MALFORMED
    with open_stream(server_url) as ws:
        ws.send(json.dumps({"op": "play"}))
        assert closed_code(ws) == stream.CLOSE_MALFORMED


def test_a_flood_of_requests_is_cut_off(server_url, channel):
    with open_stream(server_url) as ws:
        ws.send(json.dumps({"op": "hello", "token": channel.token}))
        for _ in range(stream.MAX_REQUESTS_PER_SECOND + 50):
            ws.send(json.dumps({"op": "frame", "run": "run-1"}))
        assert closed_code(ws) == stream.CLOSE_TOO_MANY


def test_other_origins_are_refused_before_the_handshake(server_url, channel):
    with pytest.raises(InvalidStatus) as refused:
        open_stream(server_url, origin="http://evil.example")
    assert refused.value.response.status_code == 403


def test_a_view_that_is_gone_ends_the_stream(server_url, channel):
    with open_stream(server_url) as ws:
        ws.send(json.dumps({"op": "hello", "token": channel.token}))
        request(ws, "play")
        channel.source = None
        ws.send(json.dumps({"op": "play", "run": "run-1"}))
        assert closed_code(ws) == stream.CLOSE_SESSION_ENDED


def test_no_hello_in_time_closes(server_url, channel, monkeypatch):
    monkeypatch.setattr(stream, "HELLO_SECONDS", 0.2)
    with open_stream(server_url) as ws:
        assert closed_code(ws) == stream.CLOSE_HELLO_TIMEOUT


def test_a_freed_channel_token_stops_working(server_url):
    opened = stream_registry().open("session-2", "playground", threading.RLock())
    token = opened.token
    assert stream_registry().lookup(token) is opened
    del opened  # the session's state is gone
    assert stream_registry().lookup(token) is None


def test_with_a_cap_of_one_a_second_session_is_turned_away_and_the_first_plays_on(
        server_url, channel, monkeypatch):
    monkeypatch.setattr(stream, "max_playing", lambda: 1)
    other = stream_registry().open("session-2", "playground", threading.RLock())
    other.source = CountingSource()
    try:
        with open_stream(server_url) as first, open_stream(server_url) as second:
            first.send(json.dumps({"op": "hello", "token": channel.token}))
            second.send(json.dumps({"op": "hello", "token": other.token}))
            assert request(first, "play")[0]["trained"] == 1
            refused, arrays = request(second, "play")
            assert refused["full"] is True and refused["trained"] == 0
            assert arrays["values"].tolist() == [0, 0, 0]  # a frame all the same, cleanly
            assert not other.source.playing
            for expected in (2, 3):  # the player keeps its place
                header, _ = request(first, "play")
                assert header["trained"] == expected and "full" not in header
            assert request(second, "step")[0]["trained"] == 10  # only Play is capped
            request(first, "pause")  # pausing frees the place
            admitted, _ = request(second, "play")
            assert "full" not in admitted and admitted["trained"] == 11
            assert request(first, "play")[0]["full"] is True
    finally:
        stream_registry().close(other)


def test_a_paused_stream_lets_idle_views_release_and_a_request_brings_them_back(
        server_url, channel, monkeypatch):
    monkeypatch.setattr(stream, "IDLE_CHECK_SECONDS", 0.05)
    monkeypatch.setattr(stream, "idle_seconds", lambda: 0.2)
    with open_stream(server_url) as ws:
        ws.send(json.dumps({"op": "hello", "token": channel.token}))
        request(ws, "play")
        request(ws, "pause")
        assert not channel.source.released
        assert wait_for(lambda: channel.source.released, timeout=5, interval=0.05), (
            "the paused stream's idle view was not released")
        header, _ = request(ws, "frame")
        assert header["trained"] == 1 and not channel.source.released

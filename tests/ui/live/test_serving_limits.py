"""Serving a class, without a server: the worker's limits from the environment, the admission
of playing sessions, and idle views that drop what they can rebuild and come back intact."""

from __future__ import annotations

import logging
import threading

import numpy as np
import pytest

from tests.ui.live.test_live_stream import CountingSource
from ui.common.i18n import t
from ui.common.settings import Settings
from ui.live import limits
from ui.live.protocol import decode_frame, encode_frame
from ui.live.registry import StreamRegistry
from ui.live.source import PLAYER_SECONDS
from ui.playground.live import PlaygroundSource
from ui.playground.model import Playground

NOW = 1000.0


# --- limits from the environment -------------------------------------------------------------

@pytest.mark.parametrize(("parse", "text", "value"), [
    *[(limits.parse_max_playing, text, cap)
      for text, cap in [(None, None), ("", None), (" ", None), ("0", None), ("1", 1),
                        (" 40 ", 40)]],
    *[(limits.parse_idle_seconds, text, seconds)
      for text, seconds in [(None, 600.0), ("", 600.0), ("0", None), ("0.5", 30.0),
                            ("15", 900.0)]],
])
def test_limit_values(parse, text, value):
    assert parse(text) == value


@pytest.mark.parametrize(("parse", "text"), [
    *[(limits.parse_max_playing, text) for text in ["forty", "-3", "2.5", "1e3"]],
    *[(limits.parse_idle_seconds, text) for text in ["soon", "-1", "nan", "inf"]],
])
def test_bad_limit_values_are_refused(parse, text):
    with pytest.raises(ValueError):
        parse(text)


@pytest.fixture
def fresh_limits():
    limits.max_playing.cache_clear()
    limits.idle_seconds.cache_clear()
    yield
    limits.max_playing.cache_clear()
    limits.idle_seconds.cache_clear()


def test_the_environment_is_read_once_per_process(monkeypatch, fresh_limits):
    monkeypatch.setenv(limits.MAX_PLAYING_ENV, "3")
    assert limits.max_playing() == 3
    monkeypatch.setenv(limits.MAX_PLAYING_ENV, "7")
    assert limits.max_playing() == 3


def test_a_bad_environment_value_logs_one_clear_line_and_means_no_cap(monkeypatch, caplog,
                                                                      fresh_limits):
    monkeypatch.setenv(limits.MAX_PLAYING_ENV, "lots")
    monkeypatch.setenv(limits.IDLE_MINUTES_ENV, "-2")
    with caplog.at_level(logging.ERROR, logger=limits.__name__):
        assert limits.max_playing() is None
        assert limits.idle_seconds() == limits.DEFAULT_IDLE_MINUTES * 60
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2 and all(record.exc_info is None for record in caplog.records)
    assert "PLAYGROUND_MAX_PLAYING='lots'" in messages[0] and "without a cap" in messages[0]
    assert "PLAYGROUND_IDLE_MINUTES='-2'" in messages[1]


def test_the_full_notice_is_translated():
    english, chinese = t("live.server_full", "en"), t("live.server_full", "zh")
    assert english.startswith("The class server is full right now.")
    assert "`make run`" in english and "`make run`" in chinese
    assert "服务器" in chinese and english != chinese


# --- admission --------------------------------------------------------------------------------

def open_sessions(registry: StreamRegistry, count: int) -> list:
    """`count` sessions' playground channels, each with a counting source."""
    channels = []
    for index in range(count):
        channel = registry.open(f"session-{index}", "playground", threading.RLock())
        channel.source = CountingSource()
        channels.append(channel)
    return channels


def test_players_are_counted_per_session_and_only_while_they_ask_for_frames():
    registry = StreamRegistry()
    first, second, third = open_sessions(registry, 3)
    assert registry.players(NOW) == set()
    first.source.mark_player(NOW)
    second.source.mark_player(NOW - PLAYER_SECONDS - 1)  # a closed or hidden tab: no frames
    third.source.mark_player(NOW)
    third.source.serve("pause", None, {})
    assert registry.players(NOW) == {"session-0"}
    other_view = registry.open("session-0", "compare", threading.RLock())
    other_view.source = CountingSource()
    other_view.source.mark_player(NOW)
    assert registry.players(NOW) == {"session-0"}  # one session, two views: one player


def test_past_the_cap_a_newcomer_is_refused_and_the_players_go_on():
    registry = StreamRegistry()
    first, second = open_sessions(registry, 2)
    assert registry.admit_player(first, 1, NOW)
    assert not registry.can_play(second, 1, NOW)
    assert not registry.admit_player(second, 1, NOW)
    assert not second.source.playing
    assert registry.admit_player(first, 1, NOW + 0.1)  # the player keeps its place
    first.source.serve("pause", None, {})  # pausing frees the place
    assert registry.admit_player(second, 1, NOW + 0.2)
    assert not registry.admit_player(first, 1, NOW + 0.3)
    assert registry.admit_player(first, None, NOW + 0.4)  # no cap: everyone plays


def test_two_newcomers_at_once_cannot_both_take_the_last_place():
    registry = StreamRegistry()
    channels = open_sessions(registry, 8)
    admitted = []
    start = threading.Barrier(len(channels))

    def ask(channel) -> None:
        start.wait()
        if registry.admit_player(channel, 3, NOW):
            admitted.append(channel)

    threads = [threading.Thread(target=ask, args=(channel,)) for channel in channels]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(admitted) == 3 and len(registry.players(NOW)) == 3


def test_a_refused_play_trains_nothing_and_says_full():
    source = CountingSource()
    header, arrays = source.refuse_play("run-1", {"h": {}})
    assert header["full"] is True and source.trained == 0 and not source.playing
    assert header["have"] == {"h": {}}
    assert "full" not in source.serve("play", "run-1", {})[0]


# --- idle views -------------------------------------------------------------------------------

def test_idle_sources_release_once_and_busy_or_recent_ones_are_left_alone():
    registry = StreamRegistry()
    idle, recent, busy = open_sessions(registry, 3)
    for channel in (idle, busy):
        channel.source.last_used = NOW - 700
    recent.source.last_used = NOW - 10
    taken, done = threading.Event(), threading.Event()

    def page_run() -> None:  # holds the busy session's lock, as a page run does
        with busy.lock:
            taken.set()
            done.wait(10)

    runner = threading.Thread(target=page_run)
    runner.start()
    taken.wait(10)
    try:
        assert registry.release_idle(600, NOW, force=True) == 1
    finally:
        done.set()
        runner.join()
    assert idle.source.released and not recent.source.released and not busy.source.released
    assert registry.release_idle(600, NOW + 1, force=True) == 1  # only the busy one now
    assert registry.release_idle(600, NOW + 2) == 0  # the sweep runs at most every 30 s
    assert registry.release_idle(None, NOW + 100) == 0  # timeout 0: never
    idle.source.serve("frame", None, {})
    assert not idle.source.released  # in use again


def frame_of(source: PlaygroundSource, have: dict):
    return decode_frame(encode_frame(*source.frame(have)))


def test_an_idle_playground_comes_back_as_it_was():
    settings = Settings(dataset="circle", features=("x1", "x2", "x1*x2"), hidden=(6, 3))
    source = PlaygroundSource(Playground(settings), settings, "en")
    for _ in range(30):
        source.serve("play", None, {})
    source.serve("pause", None, {})
    playground = source.playground
    before_header, before = frame_of(source, {})
    weights = playground.run.net.flat.copy()
    steps, history = playground.run.steps, len(playground.run.history)
    registry = StreamRegistry()
    channel = registry.open("session-0", "playground", threading.RLock())
    channel.source = source
    source.last_used -= 700

    assert registry.release_idle(600, source.last_used + 700, force=True) == 1
    assert playground._grids is None  # the drawing grids were dropped

    after_header, after = frame_of(source, {})
    assert after.keys() == before.keys()
    for name, array in before.items():
        assert np.array_equal(after[name], array), name
    same = ("run", "state", "counters", "history", "zmax")
    assert {key: after_header[key] for key in same} == {key: before_header[key] for key in same}
    assert np.array_equal(playground.run.net.flat, weights)
    assert (playground.run.steps, len(playground.run.history)) == (steps, history)
    source.serve("play", None, {})  # and it trains on from where it was
    assert playground.run.steps > steps

"""Streamlit side of the live view: the session's lock, the stream channels and the component.

A page builds its model, wraps it in a `LiveSource` and calls `live_view(...)` once per run. The
component gets the chart specs, the current frame (so the page draws at once, before the stream
is connected), the stream's token and the play state. The page run holds the session's lock
from start to end (`page_run_lock`, entered in app.py), so the stream never sees a half-applied
change.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from ui.common.i18n import t
from ui.live.assets import BUNDLE, asset_url, loader_js
from ui.live.limits import max_playing
from ui.live.protocol import encode_frame
from ui.live.registry import Channel, stream_registry
from ui.live.source import LiveSource
from ui.live.stream import STREAM_PATH

SESSION_LOCK = "live_session_lock"
CONTROLS_READY = "live_controls_ready"   # the browser has drawn its first frame
CHANNELS = "live_channels"
STOP_REQUESTS = "live_stop_requests"     # views whose playing a callback asked to stop
REPLAYS = "live_replays"                 # view -> {"serial": n, "active": bool}
COMPONENT_NAME = "live_view"
PRESENTER_FONT_SCALE = 1.8         # the smallest chart text, 10 px, becomes 18 px
REPLAY_FPS = 8
NORMAL_ROWS = {"min_row": 230, "max_row": 560}
PRESENTER_ROWS = {"min_row": 260, "max_row": 720}

_mount_live_view = st.components.v2.component(COMPONENT_NAME, js=loader_js(),
                                              isolate_styles=False)

def session_lock() -> threading.RLock:
    """This browser session's lock (shared by its page runs and its frame stream)."""
    return st.session_state.setdefault(SESSION_LOCK, threading.RLock())


@contextmanager
def page_run_lock() -> Iterator[None]:
    """Hold the session's lock for a whole page run."""
    with session_lock():
        yield


def channel(view: str) -> Channel:
    """The session's stream channel for `view` (opened on first use)."""
    channels: dict[str, Channel] = st.session_state.setdefault(CHANNELS, {})
    if view not in channels:
        ctx = get_script_run_ctx()
        session_id = ctx.session_id if ctx is not None else "local"
        channels[view] = stream_registry().open(session_id, view, session_lock())
    return channels[view]


def request_stop(view: str) -> None:
    """From a callback: stop `view` playing (carried out by the next page run, under the lock)."""
    st.session_state.setdefault(STOP_REQUESTS, set()).add(view)


def request_replay(view: str, active: bool) -> None:
    """From a callback: start (`active`) or end the browser's replay of `view`'s snapshots."""
    replays = st.session_state.setdefault(REPLAYS, {})
    serial = replays.get(view, {}).get("serial", 0) + 1
    replays[view] = {"serial": serial, "active": active}
    request_stop(view)


def apply_requests(view: str, source: LiveSource) -> None:
    """Carry out what callbacks asked of `view` (the page run holds the lock)."""
    stops = st.session_state.get(STOP_REQUESTS, set())
    if view in stops:
        stops.discard(view)
        source.stop()


def controls_ready() -> bool:
    """Whether a page may draw its (many) controls: only once the browser has drawn the live
    view's first frame, so that the charts are not kept waiting behind them on a fresh page."""
    return bool(st.session_state.get(CONTROLS_READY))


def _mark_ready() -> None:
    st.session_state[CONTROLS_READY] = True


def labels(lang: str) -> dict[str, str]:
    """The live view's own words in `lang`."""
    keys = {"play": "btn.play", "pause": "btn.pause", "step": "btn.step", "reset": "btn.reset",
            "play_help": "btn.play.help", "step_help": "btn.step.help",
            "reset_help": "btn.reset.help", "png": "live.png", "png_help": "live.png.help",
            "reconnecting": "live.reconnecting", "key_space": "live.key_space",
            "server_full": "live.server_full", "overflow": "live.overflow"}
    return {name: t(key, lang) for name, key in keys.items()}


def component_data(view: str, source: LiveSource, spec: dict, *, lang: str,
                   presenter: bool) -> dict[str, Any]:
    """The component's data for this run (plain JSON)."""
    spec_text = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    frame = encode_frame(*source.frame({}))
    return {
        "runtime_url": asset_url(BUNDLE),
        "awaiting_ready": not controls_ready(),
        "stream_path": STREAM_PATH,
        "token": channel(view).token,
        "spec": spec,
        "spec_key": hashlib.sha1(spec_text.encode()).hexdigest(),
        "frame": base64.b64encode(frame).decode("ascii"),
        "playing": source.playing,
        "full": not stream_registry().can_play(channel(view), max_playing(), time.monotonic()),
        "play_serial": source.play_serial,
        "replay": st.session_state.get(REPLAYS, {}).get(view, {"serial": 0, "active": False}),
        "replay_fps": REPLAY_FPS,
        "labels": labels(lang),
        "font_scale": PRESENTER_FONT_SCALE if presenter else 1.0,
        "fill": PRESENTER_ROWS if presenter else NORMAL_ROWS,
        "primary_color": st.get_option("theme.primaryColor") or "#f59e0b",
    }


def _ignore_event() -> None:
    """Callback that only makes Streamlit report a trigger value."""


def _edited(view: str, on_edit: Callable[[dict], None] | None) -> None:
    """Callback of an "edit" from the view (e.g. + on the network diagram): hand it on."""
    payload = (st.session_state.get(f"live_{view}") or {}).get("edit")
    if on_edit is not None and isinstance(payload, dict):
        on_edit(payload)


def live_view(view: str, source: LiveSource, spec: dict, *, lang: str,
              presenter: bool = False,
              on_edit: Callable[[dict], None] | None = None) -> dict | None:
    """Show the live view of `source`; returns a chart click {"chart", "x", "y"} or None.

    `on_edit(payload)` runs as a callback (before the page run) when the view asks for a
    change of the model, e.g. {"op": "add_neuron", "layer": 2} from the network diagram.
    """
    apply_requests(view, source)
    source.touch()
    channel(view).source = source
    data = component_data(view, source, spec, lang=lang, presenter=presenter)
    result = _mount_live_view(key=f"live_{view}", data=json.dumps(data, allow_nan=False),
                              on_click_change=_ignore_event, on_sync_change=_ignore_event,
                              on_ready_change=_mark_ready,
                              on_edit_change=functools.partial(_edited, view, on_edit))
    return result.get("click")

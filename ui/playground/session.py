"""The session's playground (Streamlit side): rebuilt when data or network change, read by the
other pages (or a stand-in before the playground has run), its live view, and stopping Play.

Callbacks only flip flags in `st.session_state`; the page run (holding the session's lock) does
the work. Training while playing, Step and Reset happen in the frame stream (ui.live), which
drives the `PlaygroundSource` kept here.
"""

from __future__ import annotations

import streamlit as st

from ui.common.controls import edit_hidden, hidden_text, widget_key
from ui.common.session import current_settings, push_notice
from ui.common.settings import Settings, parse_value
from ui.live.view import live_view, request_stop
from ui.playground.live import PlaygroundSource, playground_spec
from ui.playground.model import Playground

PLAYGROUND = "playground"  # session-state key of the session's Playground
VIEW = "playground"
SOURCE = "playground_source"


def stop_playing() -> None:
    """Callback-safe: the playground stops playing on the next page run."""
    request_stop(VIEW)


def get_or_build_playground(settings: Settings) -> Playground:
    """The session's playground, rebuilt (with a notice) when data or architecture changed."""
    playground: Playground | None = st.session_state.get(PLAYGROUND)
    if playground is None:
        playground = Playground(settings)
        st.session_state[PLAYGROUND] = playground
    elif playground.sync(settings):
        push_notice("msg.reset_by_change")
    return playground


def playground_source(playground: Playground, settings: Settings, lang: str) -> PlaygroundSource:
    """The stream's source for this session's playground, up to date with this page run (a new
    playground or network stops playing)."""
    source: PlaygroundSource | None = st.session_state.get(SOURCE)
    if source is None:
        source = st.session_state[SOURCE] = PlaygroundSource(playground, settings, lang)
    source.configure(playground, settings, lang)
    return source


def edit_network(payload: dict) -> None:
    """Callback: + or - on the network diagram changes the hidden-layers widget."""
    key = widget_key("hidden")
    current = st.session_state.get(key, "")
    try:
        widths = parse_value("hidden", str(current).strip() or "0")
    except ValueError:
        return  # the field holds a typing error: the diagram's buttons wait for a valid shape
    edited = edit_hidden(widths, str(payload.get("op")), payload.get("layer"))
    st.session_state[key] = hidden_text(edited)


def show_live_view(source: PlaygroundSource, settings: Settings, lang: str) -> dict | None:
    """The playground's live view; returns a click on the boundary chart ({"x", "y"}) or None."""
    spec = playground_spec(source.playground, settings, lang)
    click = live_view(VIEW, source, spec, lang=lang, presenter=settings.presenter,
                      on_edit=edit_network)
    return click if click and click.get("chart") == "boundary" else None


def get_playground() -> Playground | None:
    """The session's playground (network, data, run), or None before the playground page ran."""
    return st.session_state.get(PLAYGROUND)


def playground_or_stand_in(stand_in_key: str) -> tuple[Playground, bool]:
    """(playground, is_stand_in): the session's playground, or, before the playground page has
    run, a stand-in built from the current settings and kept under `stand_in_key` (built again
    when the settings' network changes)."""
    playground = get_playground()
    if playground is not None:
        return playground, False
    settings = current_settings()
    stand_in = st.session_state.get(stand_in_key)
    if stand_in is None or stand_in.network_key != settings.network_key():
        stand_in = Playground(settings)
        st.session_state[stand_in_key] = stand_in
    return stand_in, True

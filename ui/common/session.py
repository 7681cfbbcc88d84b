"""Per-browser-session state in `st.session_state` (nothing per user lives at module level).

- `start_session()` runs once per session: it reads the link's query string into the widgets
  and remembers which parameters were not understood.
- `current_settings()` reads the widgets; `sync_url()` mirrors the settings into the address bar.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from ui.common.controls import load_settings_into_widgets, read_settings, widget_key
from ui.common.presets import preset_by_id
from ui.common.settings import Settings, from_query, to_query

STARTED = "session_started"
SETTINGS = "settings"
LINK_PROBLEMS = "link_problems"
NOTICES = "notices"
LABELS_LANGUAGE = "labels_language"  # page group -> language its widgets were last drawn in


def start_session() -> None:
    """First script run of a browser session: settings from the link (or defaults)."""
    state = st.session_state
    if state.get(STARTED):
        return
    query = {name: st.query_params.get_all(name) for name in st.query_params}
    settings, problems = from_query(query)
    preset = preset_by_id(settings.preset) if settings.preset else None
    if preset is not None and "dataset" not in query:
        settings = preset.apply(settings)  # a bare ?preset=... link opens that scene
    state[SETTINGS] = settings
    state[LINK_PROBLEMS] = [_shown_name(problem.name) for problem in problems]
    load_settings_into_widgets(settings)
    state[STARTED] = True


def _shown_name(name: str) -> str:
    """A link parameter's name made safe to show: letters, digits, _ and - only, short."""
    safe = "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch in "_-"))
    return (safe[:30] or "?") + ("…" if len(safe) > 30 else "")


def current_settings() -> Settings:
    """The settings the widgets show now; also stored as the session's latest settings."""
    saved = st.session_state.get(SETTINGS, Settings())
    load_settings_into_widgets(saved, only_missing=True)
    settings = read_settings(saved)
    st.session_state[SETTINGS] = settings
    return settings


def apply_settings(settings: Settings) -> None:
    """Load new settings (a preset, an imported model) into the widgets for the next run."""
    st.session_state[SETTINGS] = settings
    load_settings_into_widgets(settings)


def current_language() -> str:
    """The session's language code ('en' or 'zh')."""
    return st.session_state.get(widget_key("lang"), st.session_state.get(SETTINGS, Settings()).lang)


def relabel_on_language_change(group: str, keys: Iterable[str], lang: str) -> None:
    """Keep the choices of translated widgets when the language changes.

    A select, radio or segmented control sends the *label* of its choice back to the server
    (Streamlit 1.67). After a language switch the browser still holds the old language's
    label, which matches no option any more: the choice would silently fall back to the first
    option (XOR, "sample") on the next run. So when `lang` differs from the language this
    group's widgets were last drawn in, their values are written back into session state
    before the widgets are drawn: Streamlit then sends them to the browser again, in the new
    labels. (Before the widgets of this run exist, session state still holds the values the
    previous labels meant.)
    """
    drawn = st.session_state.setdefault(LABELS_LANGUAGE, {})
    if drawn.get(group, lang) != lang:
        for key in keys:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]
    drawn[group] = lang


def sync_url(settings: Settings) -> None:
    """Mirror `settings` in the query string, so the address bar reproduces this run."""
    wanted = to_query(settings)
    current = {name: st.query_params.get(name) for name in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def push_notice(text_key: str, **values: Any) -> None:
    """Queue a translated notice to show once on the next page render."""
    st.session_state.setdefault(NOTICES, []).append((text_key, values))


def pop_notices() -> list[tuple[str, dict]]:
    """The queued notices, emptied."""
    return st.session_state.pop(NOTICES, [])

"""The playground page (Streamlit): choose data and network, press Play, watch it learn.

The session's playground and its live view are in `ui.playground.session`; the sidebar's lecture,
data, replay and export panels in `ui.playground.panels`.
"""

from __future__ import annotations

import streamlit as st

from ui.common import controls
from ui.common.i18n import t
from ui.common.session import (
    LINK_PROBLEMS,
    current_language,
    current_settings,
    pop_notices,
    relabel_on_language_change,
    sync_url,
)
from ui.common.style import apply_view_modes
from ui.live.view import controls_ready
from ui.playground import panels
from ui.playground.session import get_or_build_playground, playground_source, show_live_view


def show_page() -> None:
    """The whole page."""
    lang = current_language()
    settings = current_settings()
    relabel_on_language_change(
        "playground", [*controls.settings_widget_keys(), *panels.WIDGET_KEYS], lang)
    playground = get_or_build_playground(settings)
    panels.apply_panel_requests(playground, settings)
    source = playground_source(playground, settings, lang)
    sync_url(settings)

    apply_view_modes(presenter=settings.presenter, hide_controls=settings.hide_controls)
    panels.restore_controls_button(settings, lang)
    panels.scene_note(settings, lang)
    bad_link = st.session_state.pop(LINK_PROBLEMS, None)
    if bad_link:
        st.warning(t("msg.bad_link", lang, names=", ".join(bad_link)), icon=":material/link_off:")
    for text_key, values in pop_notices():
        st.info(t(text_key, lang, **values), icon=":material/info:")
    if playground.head.adjusted:
        st.caption(t("net.head_adjusted", lang, output=playground.head.output_activation,
                     loss=playground.head.loss))
    click = show_live_view(source, settings, lang)
    if panels.handle_click(playground, click):
        st.rerun()  # draw the edited data

    if not controls_ready():  # a fresh page: the charts first, the controls once they are drawn
        st.sidebar.caption(t("live.loading_controls", lang))
        st.stop()
    with st.sidebar:
        with st.expander(t("section.scene", lang), expanded=bool(settings.preset)):
            panels.scene_panel(settings, lang)
        with st.expander(t("section.data", lang), expanded=True):
            controls.data_controls(settings, lang)
        with st.expander(t("section.network", lang), expanded=True):
            controls.network_controls(settings, lang)
        with st.expander(t("section.training", lang), expanded=True):
            controls.training_controls(settings, lang)
        with st.expander(t("section.replay", lang)):
            panels.replay_panel(playground, lang)
        with st.expander(t("section.your_data", lang)):
            panels.data_panel(playground, lang)
        with st.expander(t("section.view", lang)):
            controls.view_controls(lang)
            panels.view_switches(settings, lang)
        with st.expander(t("section.export", lang)):
            panels.export_panel(playground, settings, lang)

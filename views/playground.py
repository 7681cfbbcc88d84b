"""The playground: choose data and network, press Play, watch it learn."""

import streamlit as st

from ui import controls, lecture_panels
from ui.i18n import t
from ui.live.view import controls_ready
from ui.playground_view import get_or_build_playground, playground_source, show_live_view
from ui.session import (
    LINK_PROBLEMS,
    current_language,
    current_settings,
    pop_notices,
    relabel_on_language_change,
    sync_url,
)
from ui.style import apply_view_modes

lang = current_language()
settings = current_settings()
relabel_on_language_change(
    "playground", [*controls.settings_widget_keys(), *lecture_panels.WIDGET_KEYS], lang)
playground = get_or_build_playground(settings)
lecture_panels.apply_panel_requests(playground, settings)
source = playground_source(playground, settings, lang)
sync_url(settings)

apply_view_modes(presenter=settings.presenter, hide_controls=settings.hide_controls)
lecture_panels.restore_controls_button(settings, lang)
lecture_panels.scene_note(settings, lang)
bad_link = st.session_state.pop(LINK_PROBLEMS, None)
if bad_link:
    st.warning(t("msg.bad_link", lang, names=", ".join(bad_link)), icon=":material/link_off:")
for text_key, values in pop_notices():
    st.info(t(text_key, lang, **values), icon=":material/info:")
if playground.head.adjusted:
    st.caption(t("net.head_adjusted", lang, output=playground.head.output_activation,
                 loss=playground.head.loss))
click = show_live_view(source, settings, lang)
if lecture_panels.handle_click(playground, click):
    st.rerun()  # draw the edited data

if not controls_ready():  # a fresh page: the charts first, the controls once they are drawn
    st.sidebar.caption(t("live.loading_controls", lang))
    st.stop()
with st.sidebar:
    with st.expander(t("section.scene", lang), expanded=bool(settings.preset)):
        lecture_panels.scene_panel(settings, lang)
    with st.expander(t("section.data", lang), expanded=True):
        controls.data_controls(settings, lang)
    with st.expander(t("section.network", lang), expanded=True):
        controls.network_controls(settings, lang)
    with st.expander(t("section.training", lang), expanded=True):
        controls.training_controls(settings, lang)
    with st.expander(t("section.replay", lang)):
        lecture_panels.replay_panel(playground, lang)
    with st.expander(t("section.your_data", lang)):
        lecture_panels.data_panel(playground, lang)
    with st.expander(t("section.view", lang)):
        controls.view_controls(lang)
        lecture_panels.view_switches(settings, lang)
    with st.expander(t("section.export", lang)):
        lecture_panels.export_panel(playground, settings, lang)

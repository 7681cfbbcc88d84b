"""The playground: choose data and network, press Play, watch it learn."""

import streamlit as st

from ui import controls, lecture_panels
from ui.i18n import t
from ui.playground_view import (
    PlaygroundCharts,
    get_or_build_playground,
    handle_button_requests,
    play_loop,
    replay_loop,
    transport_buttons,
)
from ui.session import LINK_PROBLEMS, current_language, current_settings, pop_notices, sync_url
from ui.shortcuts import bind_keys
from ui.style import apply_view_modes

CHART_HEIGHT = 300
NOTE_CHART_HEIGHT = 270  # with a scene note above them the two rows still fit 768 pixels
PRESENTER_CHART_HEIGHT = 420

lang = current_language()
settings = current_settings()
playground = get_or_build_playground(settings)
handle_button_requests(playground, settings)
lecture_panels.apply_panel_requests(playground, settings)
sync_url(settings)

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

apply_view_modes(presenter=settings.presenter, hide_controls=settings.hide_controls)
buttons_place, counters_place = st.columns([6, 7], vertical_alignment="center")
with buttons_place:
    transport_buttons(lang, playground.run.diverged)
bind_keys({"r": "reset"})
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
if playground.run.diverged:
    st.error(t("msg.diverged", lang, reason=playground.run.divergence_reason),
             icon=":material/warning:")
if playground.view_index is not None:
    shown = playground.run.snapshots[playground.view_index]
    st.caption(t("replay.banner", lang, epoch=int(shown.epoch), step=shown.step))

if settings.presenter:
    chart_height = PRESENTER_CHART_HEIGHT
else:
    chart_height = NOTE_CHART_HEIGHT if settings.preset else CHART_HEIGHT
charts = PlaygroundCharts(chart_height, counters_place, presenter=settings.presenter)
click = charts.draw(playground, settings, lang)
if lecture_panels.handle_click(playground, click):
    charts.draw(playground, settings, lang)
replay_loop(playground, charts, settings, lang)
play_loop(playground, charts, settings, lang)

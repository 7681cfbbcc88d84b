"""The playground: choose data and network, press Play, watch it learn."""

import streamlit as st

from ui import controls
from ui.i18n import t
from ui.playground_view import (
    PlaygroundCharts,
    get_or_build_playground,
    handle_button_requests,
    play_loop,
    transport_buttons,
)
from ui.session import LINK_PROBLEMS, current_language, current_settings, pop_notices, sync_url
from ui.shortcuts import bind_keys
from ui.style import apply_page_style

CHART_HEIGHT = 300

lang = current_language()
settings = current_settings()

with st.sidebar:
    with st.expander(t("section.data", lang), expanded=True):
        controls.data_controls(settings, lang)
    with st.expander(t("section.network", lang), expanded=True):
        controls.network_controls(settings, lang)
    with st.expander(t("section.training", lang), expanded=True):
        controls.training_controls(settings, lang)
    with st.expander(t("section.view", lang)):
        controls.view_controls(lang)

playground = get_or_build_playground(settings)
handle_button_requests(playground, settings)
sync_url(settings)

apply_page_style(presenter=settings.presenter, hide_controls=settings.hide_controls)
buttons_place, counters_place = st.columns([6, 7], vertical_alignment="center")
with buttons_place:
    transport_buttons(lang, playground.run.diverged)
bind_keys({"r": "reset"})

bad_link = st.session_state.pop(LINK_PROBLEMS, None)
if bad_link:
    st.warning(t("msg.bad_link", lang, names=", ".join(bad_link)), icon="🔗")
for text_key, values in pop_notices():
    st.info(t(text_key, lang, **values), icon="ℹ️")
if playground.head.adjusted:
    st.caption(t("net.head_adjusted", lang, output=playground.head.output_activation,
                 loss=playground.head.loss))
if playground.run.diverged:
    st.error(t("msg.diverged", lang, reason=playground.run.divergence_reason), icon="⚠️")

charts = PlaygroundCharts(CHART_HEIGHT, counters_place)
charts.draw(playground, settings, lang)
play_loop(playground, charts, settings, lang)

"""Inside the hidden layer: the input lattice and the data as two hidden neurons see them."""

import streamlit as st

from ui.hidden_space import DEMO_ACTIVATIONS
from ui.hidden_space_view import (
    ACTIVATION,
    LAYER,
    NEURON_X,
    NEURON_Y,
    SAVED,
    SOURCE,
    SOURCES,
    SPEED,
    SPEEDS,
    hidden_source,
    neuron_label,
    pick,
    plane_note,
    restore_widgets,
    show_live_view,
)
from ui.i18n import t
from ui.session import current_language, current_settings

lang = current_language()
settings = current_settings()

st.title(t("hidden_space.title", lang))
st.caption(t("hidden_space.intro", lang))
restore_widgets(lang)

pick_source, pick_activation, pick_layer, pick_x, pick_y, pick_speed = st.columns(
    [2, 1.1, 1.6, 1.1, 1.1, 1.1])
source = pick_source.selectbox(
    t("hidden_space.source", lang), SOURCES, key=SOURCE,
    format_func=lambda name: t(f"hidden_space.demo.{name}", lang),
    help=t("hidden_space.source.help", lang))
activation = pick_activation.selectbox(
    t("hidden_space.activation", lang), DEMO_ACTIVATIONS, key=ACTIVATION,
    format_func=lambda name: t(f"opt.{name}", lang),
    disabled=source == "playground", help=t("hidden_space.activation.help", lang))
speed = pick_speed.selectbox(t("hidden_space.speed", lang), SPEEDS, key=SPEED,
                             help=t("hidden_space.speed.help", lang))

live = hidden_source(source, activation, lang)
model = live.model
widths = model.hidden_widths
if not widths:
    st.info(t("hidden_space.no_hidden", lang), icon="ℹ️")
    st.stop()

layers = list(range(len(widths)))
pick(LAYER, layers, default=-1)  # the last hidden layer feeds the output: the clearest picture
layer = pick_layer.selectbox(
    t("hidden_space.layer", lang), layers, key=LAYER,
    format_func=lambda index: t("hidden_space.layer_option", lang, layer=index + 1,
                                width=widths[index]))
neurons = list(range(widths[layer]))
pick(NEURON_X, neurons)
pick(NEURON_Y, neurons, default=min(1, len(neurons) - 1))
i = pick_x.selectbox(t("hidden_space.neuron_x", lang), neurons, key=NEURON_X,
                     format_func=lambda index: neuron_label(index, lang))
j = pick_y.selectbox(t("hidden_space.neuron_y", lang), neurons, key=NEURON_Y,
                     format_func=lambda index: neuron_label(index, lang))
st.session_state[SAVED] = {SOURCE: source, ACTIVATION: activation, SPEED: speed, LAYER: layer,
                           NEURON_X: i, NEURON_Y: j}

st.caption(plane_note(model, layer, i, j, lang) + " " + t("hidden_space.histograms.caption",
                                                         lang))
show_live_view(live, speed=speed, layer=layer, i=i, j=j, settings=settings, lang=lang)

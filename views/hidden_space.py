"""Inside the hidden layer: the input lattice and the data as two hidden neurons see them."""

import streamlit as st

from ui.animation import run_frames
from ui.hidden_space import DEMO_ACTIVATIONS
from ui.hidden_space_view import (
    ACTIVATION,
    CONTROLS,
    LAYER,
    NEURON_X,
    NEURON_Y,
    SAVED,
    SOURCE,
    SOURCES,
    SPEED,
    SPEEDS,
    HiddenCharts,
    current_model,
    neuron_label,
    pick,
    plane_note,
    restore_widgets,
)
from ui.i18n import t
from ui.session import current_language

lang = current_language()

st.title(t("hidden_space.title", lang))
st.caption(t("hidden_space.intro", lang))
restore_widgets()

pick_source, pick_activation, pick_layer, pick_x, pick_y, pick_speed = st.columns(
    [2, 1.1, 1.6, 1.1, 1.1, 1.1])
source = pick_source.selectbox(
    t("hidden_space.source", lang), SOURCES, key=SOURCE, on_change=CONTROLS.stop,
    format_func=lambda name: t(f"hidden_space.demo.{name}", lang),
    help=t("hidden_space.source.help", lang))
activation = pick_activation.selectbox(
    t("hidden_space.activation", lang), DEMO_ACTIVATIONS, key=ACTIVATION,
    on_change=CONTROLS.stop, format_func=lambda name: t(f"opt.{name}", lang),
    disabled=source == "playground", help=t("hidden_space.activation.help", lang))
speed = pick_speed.selectbox(t("hidden_space.speed", lang), SPEEDS, key=SPEED,
                             help=t("hidden_space.speed.help", lang))

pending = CONTROLS.pop_request()
model = current_model(source, activation, pending, lang)
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

if pending == "step":
    model.train(speed)

CONTROLS.buttons(lang, stopped=model.run.diverged)
if model.run.diverged:
    st.error(t("msg.diverged", lang, reason=model.run.divergence_reason), icon="⚠️")

charts = HiddenCharts(lang)
charts.note.caption(plane_note(model, layer, i, j, lang))
charts.draw(model, layer, i, j)


def frame() -> None:
    model.train(speed)
    charts.draw(model, layer, i, j)


run_frames(lambda: CONTROLS.playing() and not model.run.diverged, frame,
           frame_limit=CONTROLS.frame_limit())
CONTROLS.stop_when_done(model.run.diverged)

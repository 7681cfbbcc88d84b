"""Inside the hidden layer: the input lattice and the data as two hidden neurons see them."""

import math

import streamlit as st

from ui.animation import run_frames
from ui.figures import BOUNDARY_LABELS
from ui.hidden_space import (
    DEMO_ACTIVATIONS,
    DEMOS,
    HiddenSpace,
    activation_range,
    dead_counts,
    demo_settings,
)
from ui.i18n import figure_labels, t
from ui.live_chart import LiveChartSlot
from ui.playground import Playground
from ui.session import current_language, current_settings, get_playground

SOURCE, ACTIVATION, SPEED = "hs_source", "hs_activation", "hs_speed"
LAYER, NEURON_X, NEURON_Y = "hs_layer", "hs_neuron_x", "hs_neuron_y"
MODEL, MODEL_KEY, PLAYING, REQUEST = "hs_model", "hs_model_key", "hs_playing", "hs_request"
FALLBACK, SAVED = "hs_fallback_playground", "hs_saved"
FRAME_LIMIT = "hs_frame_limit"  # tests bound the play loop with this; None in normal use
SOURCES = (*DEMOS, "playground")
SPEEDS = (1, 2, 5, 10, 25)
DEFAULT_SPEED = 5
PLANE_HEIGHT = 400
HISTOGRAM_HEIGHT = 330
HISTOGRAM_FPS = 6

lang = current_language()
state = st.session_state


def toggle_play() -> None:
    state[PLAYING] = not state.get(PLAYING, False)


def request(name: str) -> None:
    state[PLAYING] = False
    state[REQUEST] = name


def stop_playing() -> None:
    state[PLAYING] = False


def restore_widgets() -> None:
    """Put back the widget values of the last visit (Streamlit drops widgets of other pages)."""
    saved = state.get(SAVED, {})
    defaults = {SOURCE: SOURCES[0], ACTIVATION: DEMO_ACTIVATIONS[0], SPEED: DEFAULT_SPEED}
    for key, default in defaults.items():
        state.setdefault(key, saved.get(key, default))
    for key in (LAYER, NEURON_X, NEURON_Y):
        if key not in state and key in saved:
            state[key] = saved[key]


def playground_source() -> tuple:
    """(key, playground) of the network to copy: the session's playground, or a new one with
    the playground's settings while the playground page has not run yet."""
    playground = get_playground()
    if playground is None:
        settings = current_settings()
        fallback = state.get(FALLBACK)
        if fallback is None or fallback.network_key != settings.network_key():
            fallback = Playground(settings)
            state[FALLBACK] = fallback
        playground = fallback
    return ("playground", id(playground.run), playground.network_key), playground


def pick(key: str, options: list[int]) -> None:
    """Keep a picker's state inside its options (layers and widths change with the network)."""
    if state.get(key) not in options:
        state[key] = options[0]


def neuron_label(index: int) -> str:
    return t("hidden_space.neuron_option", lang, index=index)


def format_metric(value, percent=False) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.1%}" if percent else f"{value:.4f}"


def counters_text(model: HiddenSpace) -> str:
    metrics = model.run.metrics()
    return t("hidden_space.counters", lang, epoch=f"{model.run.epoch:,}",
             steps=f"{model.run.steps:,}", loss=format_metric(metrics["train_loss"]),
             acc=format_metric(metrics["train_acc"], True))


def dead_text(model: HiddenSpace, stats) -> str:
    """'Dead ReLU units: Layer 1: 0 of 6 · Layer 2: not ReLU (tanh)' (Markdown)."""
    counts = dead_counts(stats.activations)
    parts = []
    for index, (count, width, name) in enumerate(zip(counts, model.hidden_widths, stats.names,
                                                     strict=True)):
        value = (t("hidden_space.dead.count", lang, dead=count, width=width) if name == "relu"
                 else t("hidden_space.dead.not_relu", lang, activation=name))
        parts.append(f"{t('hidden_space.dead.layer', lang, layer=index + 1)}: **{value}**")
    return f"{t('hidden_space.dead', lang)} — " + " · ".join(parts)


class HiddenCharts:
    """Counters, the input and hidden planes side by side, histograms and dead-unit counts."""

    def __init__(self) -> None:
        self.counters = st.empty()
        left, right = st.columns(2, gap="medium")
        with left:
            self.input = LiveChartSlot("hs_chart_input", height=PLANE_HEIGHT)
        with right:
            self.hidden = LiveChartSlot("hs_chart_hidden", height=PLANE_HEIGHT)
            self.note = st.empty()
        st.subheader(t("hidden_space.histograms", lang))
        st.caption(t("hidden_space.histograms.caption", lang))
        # the planes matter most: the histograms leave them most of the browser's drawing time
        self.histograms = LiveChartSlot("hs_chart_histograms", height=HISTOGRAM_HEIGHT,
                                        max_fps=HISTOGRAM_FPS)
        self.dead = st.empty()

    def draw(self, model: HiddenSpace, layer: int, i: int, j: int) -> None:
        self.counters.markdown(counters_text(model))
        revision = hash((id(model), model.run.steps, layer, i, j, lang))
        axis_name = "hidden_space.axis"
        hidden_labels = {**boundary_labels, "title": t("hidden_space.hidden_title", lang),
                         "x": t(axis_name, lang, layer=layer + 1, index=i),
                         "y": t(axis_name, lang, layer=layer + 1, index=j)}
        self.hidden.draw(model.hidden_figure(layer, i, j, labels=hidden_labels,
                                             height=PLANE_HEIGHT), revision=revision)
        self.input.draw(model.input_figure(
            labels={**boundary_labels, "title": t("hidden_space.input_title", lang)},
            height=PLANE_HEIGHT), revision=revision)
        if not self.histograms.due():
            return
        stats = model.stats()
        self.histograms.draw(model.histograms(stats, labels=histogram_labels,
                                              height=HISTOGRAM_HEIGHT), revision=revision)
        self.dead.markdown(dead_text(model, stats), help=t("hidden_space.dead.help", lang))


st.title(t("hidden_space.title", lang))
st.caption(t("hidden_space.intro", lang))
restore_widgets()
boundary_labels = figure_labels("boundary", BOUNDARY_LABELS, lang)
histogram_labels = {name: t(f"hidden_space.hist.{name}", lang)
                    for name in ("activations", "deltas", "count")}

pick_source, pick_activation, pick_layer, pick_x, pick_y, pick_speed = st.columns(
    [2, 1.1, 1.6, 1.1, 1.1, 1.1])
source = pick_source.selectbox(
    t("hidden_space.source", lang), SOURCES, key=SOURCE, on_change=stop_playing,
    format_func=lambda name: t(f"hidden_space.demo.{name}", lang),
    help=t("hidden_space.source.help", lang))
activation = pick_activation.selectbox(
    t("hidden_space.activation", lang), DEMO_ACTIVATIONS, key=ACTIVATION,
    on_change=stop_playing, format_func=lambda name: t(f"opt.{name}", lang),
    disabled=source == "playground", help=t("hidden_space.activation.help", lang))
speed = pick_speed.selectbox(t("hidden_space.speed", lang), SPEEDS, key=SPEED,
                             help=t("hidden_space.speed.help", lang))

if source == "playground":
    model_key, playground = playground_source()
    if get_playground() is None:
        st.caption(t("hidden_space.no_playground", lang))
else:
    model_key, playground = (source, activation), None
pending = state.pop(REQUEST, None)
model: HiddenSpace | None = state.get(MODEL)
if model is None or state.get(MODEL_KEY) != model_key or pending == "reset":
    if state.get(MODEL_KEY) != model_key:  # another network: start at its last layer again
        for key in (LAYER, NEURON_X, NEURON_Y):
            state.pop(key, None)
    model = (HiddenSpace.from_run(playground.run, playground.problem) if playground is not None
             else HiddenSpace.from_settings(demo_settings(source, activation)))
    state[MODEL], state[MODEL_KEY] = model, model_key

widths = model.hidden_widths
if not widths:
    st.info(t("hidden_space.no_hidden", lang), icon="ℹ️")
    st.stop()
layers = list(range(len(widths)))
if state.get(LAYER) not in layers:
    state[LAYER] = layers[-1]  # the last hidden layer feeds the output: the clearest picture
layer = pick_layer.selectbox(
    t("hidden_space.layer", lang), layers, key=LAYER,
    format_func=lambda index: t("hidden_space.layer_option", lang, layer=index + 1,
                                width=widths[index]))
neurons = list(range(widths[layer]))
pick(NEURON_X, neurons)
if state.get(NEURON_Y) not in neurons:
    state[NEURON_Y] = neurons[min(1, len(neurons) - 1)]
i = pick_x.selectbox(t("hidden_space.neuron_x", lang), neurons, key=NEURON_X,
                     format_func=neuron_label)
j = pick_y.selectbox(t("hidden_space.neuron_y", lang), neurons, key=NEURON_Y,
                     format_func=neuron_label)
state[SAVED] = {SOURCE: source, ACTIVATION: activation, SPEED: speed, LAYER: layer,
                NEURON_X: i, NEURON_Y: j}

if pending == "step":
    model.train(speed)

playing = state.get(PLAYING, False)
diverged = model.run.diverged
play, step, reset = st.columns(3)
play.button(t("btn.pause" if playing else "btn.play", lang), key="hs_play", type="primary",
            on_click=toggle_play, shortcut="space", help=t("hidden_space.play.help", lang),
            width="stretch", disabled=diverged and not playing)
step.button(t("btn.step", lang), key="hs_step", on_click=request, args=("step",),
            shortcut="right", help=t("hidden_space.step.help", lang), width="stretch",
            disabled=diverged)
reset.button(t("btn.reset", lang), key="hs_reset", on_click=request, args=("reset",),
             help=t("hidden_space.reset.help", lang), width="stretch")
if diverged:
    st.error(t("msg.diverged", lang, reason=model.run.divergence_reason), icon="⚠️")

charts = HiddenCharts()
layer_activation = model.net.activation_names[layer]
is_last = layer == len(widths) - 1
if is_last and widths[layer] == 2 and i != j and model.problem.dataset.kind != "regression":
    note = t("hidden_space.separable", lang)
elif widths[layer] > 2:
    note = t("hidden_space.projection", lang, width=widths[layer])
else:
    note = ""
axes = ("hidden_space.fixed_axes" if activation_range(layer_activation) is not None
        else "hidden_space.adaptive_axes")
charts.note.caption(" ".join(filter(None, (note, t(axes, lang, activation=layer_activation)))))
charts.draw(model, layer, i, j)



def frame() -> None:
    model.train(speed)
    charts.draw(model, layer, i, j)


run_frames(lambda: state.get(PLAYING) and not model.run.diverged, frame,
           frame_limit=state.get(FRAME_LIMIT))
if model.run.diverged and state.get(PLAYING):
    state[PLAYING] = False
    st.rerun()

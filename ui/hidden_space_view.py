"""Streamlit pieces of the hidden-space page: widget state, the network to show, chart slots.

The pure side (lattices, hidden planes, histograms, dead units) lives in `ui.hidden_space`.
"""

from __future__ import annotations

import streamlit as st

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
from ui.page_state import PlayControls
from ui.playground import Playground
from ui.playground_view import format_metric
from ui.session import current_settings, get_playground

SOURCE, ACTIVATION, SPEED = "hs_source", "hs_activation", "hs_speed"
LAYER, NEURON_X, NEURON_Y = "hs_layer", "hs_neuron_x", "hs_neuron_y"
MODEL, MODEL_KEY = "hs_model", "hs_model_key"
FALLBACK, SAVED = "hs_fallback_playground", "hs_saved"
CONTROLS = PlayControls("hs", "hidden_space")  # hs_playing, hs_request, hs_play, ...
SOURCES = (*DEMOS, "playground")
SPEEDS = (1, 2, 5, 10, 25)
DEFAULT_SPEED = 5
PLANE_HEIGHT = 400
HISTOGRAM_HEIGHT = 330
HISTOGRAM_FPS = 6


def restore_widgets() -> None:
    """Put back the widget values of the last visit (Streamlit drops widgets of other pages)."""
    state = st.session_state
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
        fallback = st.session_state.get(FALLBACK)
        if fallback is None or fallback.network_key != settings.network_key():
            fallback = Playground(settings)
            st.session_state[FALLBACK] = fallback
        playground = fallback
    return ("playground", id(playground.run), playground.network_key), playground


def current_model(source: str, activation: str, pending: str | None, lang: str) -> HiddenSpace:
    """The session's model of `source`: rebuilt for another network or on Reset; a new network
    forgets the layer and neuron picks (it starts at its last hidden layer again)."""
    state = st.session_state
    if source == "playground":
        model_key, playground = playground_source()
        if get_playground() is None:
            st.caption(t("hidden_space.no_playground", lang))
    else:
        model_key, playground = (source, activation), None
    model: HiddenSpace | None = state.get(MODEL)
    if model is None or state.get(MODEL_KEY) != model_key or pending == "reset":
        if state.get(MODEL_KEY) != model_key:
            for key in (LAYER, NEURON_X, NEURON_Y):
                state.pop(key, None)
        model = (HiddenSpace.from_run(playground.run, playground.problem)
                 if playground is not None
                 else HiddenSpace.from_settings(demo_settings(source, activation)))
        state[MODEL], state[MODEL_KEY] = model, model_key
    return model


def pick(key: str, options: list[int], default: int = 0) -> None:
    """Keep a picker's state inside its options (layers and widths change with the network)."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[default]


def neuron_label(index: int, lang: str) -> str:
    return t("hidden_space.neuron_option", lang, index=index)


def counters_text(model: HiddenSpace, lang: str) -> str:
    metrics = model.run.metrics()
    return t("hidden_space.counters", lang, epoch=f"{model.run.epoch:,}",
             steps=f"{model.run.steps:,}", loss=format_metric(metrics["train_loss"]),
             acc=format_metric(metrics["train_acc"], True))


def dead_text(model: HiddenSpace, stats, lang: str) -> str:
    """'Dead ReLU units: Layer 1: 0 of 6 · Layer 2: not ReLU (tanh)' (Markdown)."""
    counts = dead_counts(stats.activations)
    parts = []
    for index, (count, width, name) in enumerate(zip(counts, model.hidden_widths, stats.names,
                                                     strict=True)):
        value = (t("hidden_space.dead.count", lang, dead=count, width=width) if name == "relu"
                 else t("hidden_space.dead.not_relu", lang, activation=name))
        parts.append(f"{t('hidden_space.dead.layer', lang, layer=index + 1)}: **{value}**")
    return f"{t('hidden_space.dead', lang)} — " + " · ".join(parts)


def plane_note(model: HiddenSpace, layer: int, i: int, j: int, lang: str) -> str:
    """What the hidden plane shows: separable by a line, a projection, fixed or adaptive axes."""
    widths = model.hidden_widths
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
    return " ".join(filter(None, (note, t(axes, lang, activation=layer_activation))))


class HiddenCharts:
    """Counters, the input and hidden planes side by side, histograms and dead-unit counts."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.boundary_labels = figure_labels("boundary", BOUNDARY_LABELS, lang)
        self.histogram_labels = {name: t(f"hidden_space.hist.{name}", lang)
                                 for name in ("activations", "deltas", "count")}
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
        lang, boundary_labels = self.lang, self.boundary_labels
        self.counters.markdown(counters_text(model, lang))
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
        self.histograms.draw(model.histograms(stats, labels=self.histogram_labels,
                                              height=HISTOGRAM_HEIGHT), revision=revision)
        self.dead.markdown(dead_text(model, stats, lang), help=t("hidden_space.dead.help", lang))

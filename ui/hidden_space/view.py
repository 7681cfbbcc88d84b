"""Streamlit pieces of the hidden-space page: widget state, the network to show, its live view.

The pure side lives in `ui.hidden_space.model` (lattices, hidden planes, histograms, dead units) and
`ui.hidden_space.live` (the live view's charts and source).
"""

from __future__ import annotations

import streamlit as st

from ui.common.i18n import t
from ui.common.session import current_language, current_settings, relabel_on_language_change
from ui.common.settings import Settings
from ui.hidden_space.live import HiddenSource, hidden_spec
from ui.hidden_space.model import (
    DEMO_ACTIVATIONS,
    DEMOS,
    HiddenSpace,
    activation_range,
    demo_settings,
)
from ui.live.view import live_view
from ui.playground.session import playground_or_stand_in

SOURCE, ACTIVATION, SPEED = "hs_source", "hs_activation", "hs_speed"
LAYER, NEURON_X, NEURON_Y = "hs_layer", "hs_neuron_x", "hs_neuron_y"
LIVE_SOURCE = "hs_live_source"
VIEW = "hidden_space"
FALLBACK, SAVED = "hs_fallback_playground", "hs_saved"
SOURCES = (*DEMOS, "playground")
SPEEDS = (1, 2, 5, 10, 25)
DEFAULT_SPEED = 5


def restore_widgets(lang: str) -> None:
    """Put back the widget values of the last visit (Streamlit drops widgets of other pages),
    in `lang`'s labels."""
    state = st.session_state
    saved = state.get(SAVED, {})
    defaults = {SOURCE: SOURCES[0], ACTIVATION: DEMO_ACTIVATIONS[0], SPEED: DEFAULT_SPEED}
    for key, default in defaults.items():
        state.setdefault(key, saved.get(key, default))
    for key in (LAYER, NEURON_X, NEURON_Y):
        if key not in state and key in saved:
            state[key] = saved[key]
    relabel_on_language_change(VIEW, (SOURCE, ACTIVATION, SPEED, LAYER, NEURON_X, NEURON_Y),
                               lang)


def hidden_source(source: str, activation: str, lang: str) -> HiddenSource:
    """The session's network of `source`, rebuilt (and paused) for another network; a new
    network forgets the layer and neuron picks (it starts at its last hidden layer again)."""
    state = st.session_state
    if source == "playground":
        playground, is_stand_in = playground_or_stand_in(FALLBACK)
        model_key = ("playground", id(playground.run), playground.network_key)
        if is_stand_in:
            st.caption(t("hidden_space.no_playground", lang))

        def make_model() -> HiddenSpace:
            return HiddenSpace.from_run(playground.run, playground.problem)
    else:
        model_key = (source, activation)

        def make_model() -> HiddenSpace:
            return HiddenSpace.from_settings(demo_settings(source, activation))
    live: HiddenSource | None = state.get(LIVE_SOURCE)
    if live is None or live.key != model_key:
        for key in (LAYER, NEURON_X, NEURON_Y):
            state.pop(key, None)
        if live is None:
            live = state[LIVE_SOURCE] = HiddenSource(make_model, model_key)
        else:
            live.rebuild(make_model, model_key)
    return live


def pick(key: str, options: list[int], default: int = 0) -> None:
    """Keep a picker's state inside its options (layers and widths change with the network)."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[default]


def neuron_label(index: int, lang: str) -> str:
    return t("hidden_space.neuron_option", lang, index=index + 1)  # counted from 1, as h1,1


def plane_note(model: HiddenSpace, layer: int, i: int, j: int, lang: str) -> str:
    """What the hidden plane shows: separable by a line, a projection, fixed or adaptive axes."""
    widths = model.hidden_widths
    layer_activation = model.net.activation_names[layer]
    is_last = layer == len(widths) - 1
    if is_last and widths[layer] == 2 and i != j and model.problem.dataset.kind != "regression":
        note = t(f"hidden_space.separable.{model.problem.dataset.kind}", lang)
    elif widths[layer] > 2:
        note = t("hidden_space.projection", lang, width=widths[layer])
    else:
        note = ""
    axes = ("hidden_space.fixed_axes" if activation_range(layer_activation) is not None
            else "hidden_space.adaptive_axes")
    return " ".join(filter(None, (note, t(axes, lang, activation=layer_activation))))


def show_live_view(live: HiddenSource, *, speed: int, layer: int, i: int, j: int,
                   settings: Settings, lang: str) -> None:
    """The hidden-space live view (Play, Step, Reset, both planes, histograms, dead units)."""
    live.configure(speed=speed, layer=layer, i=i, j=j, lang=lang)
    spec = hidden_spec(live.model, layer, i, j, settings.palette, lang)
    live_view(VIEW, live, spec, lang=lang, presenter=settings.presenter)


def show_page() -> None:
    """The whole page."""
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

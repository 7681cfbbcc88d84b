"""Streamlit widgets for the playground settings.

Every widget is keyed `w_<setting>` and reads its value from `st.session_state`, never from a
`value=` argument. So loading settings (from a link, a preset or an import) is one call,
`load_settings_into_widgets`, and `read_settings` turns the widgets back into a `Settings`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import Any

import streamlit as st

from nn_core.datasets import DATASETS, FEATURES
from ui.common import settings as cfg
from ui.common.i18n import TRANSLATIONS, t
from ui.common.settings import Settings

# Settings shown as whole percentages: widget value = setting x scale. Noise uses TensorFlow
# Playground's scale, where the dataset's full noise (1.0) reads "50%".
PERCENT_SCALES = MappingProxyType({"noise": 50, "train_ratio": 100})
# Widgets given their start value through `default=` instead of session state: a required
# st.segmented_control drawn by app.py (outside the page) forgets a session-state value when
# st.navigation reruns (measured with Streamlit 1.67), so the language switch takes `default`.
DEFAULT_ARGUMENT_FIELDS = ("lang",)


def widget_key(name: str) -> str:
    """Session-state key of the widget for setting `name`."""
    return f"w_{name}"


HIDDEN_PROBLEM = "hidden_problem"  # why the last typed architecture was not used


def settings_widget_keys() -> list[str]:
    """The session-state keys of every settings widget (the language switch aside)."""
    return [widget_key(name) for name in cfg.FIELDS if name not in DEFAULT_ARGUMENT_FIELDS]


def hidden_text(widths: Sequence[int]) -> str:
    """Hidden layers as typed and linked: (4, 2) -> "4-2", () -> "0"."""
    return cfg.encode_value("hidden", tuple(widths))


def edit_hidden(widths: tuple[int, ...], op: str, layer: int | None = None) -> tuple[int, ...]:
    """The hidden layers after one +/- on the network diagram.

    op: "add_layer" (a copy of the last layer's width, or 4, at the end), "remove_layer" (the
    last), "add_neuron" / "remove_neuron" (in hidden layer `layer`, 1-based). Edits beyond the
    limits (0-8 layers, 1-32 neurons) change nothing.
    """
    if op == "add_layer" and len(widths) < cfg.MAX_HIDDEN_LAYERS:
        return (*widths, widths[-1] if widths else 4)
    if op == "remove_layer" and widths:
        return widths[:-1]
    if op in ("add_neuron", "remove_neuron") and isinstance(layer, int) and (
            1 <= layer <= len(widths)):
        width = widths[layer - 1] + (1 if op == "add_neuron" else -1)
        if 1 <= width <= cfg.MAX_NEURONS:
            return (*widths[:layer - 1], width, *widths[layer:])
    return widths


def load_settings_into_widgets(settings: Settings, *, only_missing: bool = False) -> None:
    """Write settings into the widgets' session-state slots (widgets show them next run).

    Streamlit forgets a widget's value when a run does not draw it (e.g. on another page);
    `only_missing=True` puts back just those, from the session's saved settings.
    """
    state = st.session_state
    slots: dict[str, Any] = {}
    for name in cfg.FIELDS:
        value = getattr(settings, name)
        if name in DEFAULT_ARGUMENT_FIELDS:
            continue
        if name in PERCENT_SCALES:
            value = round(value * PERCENT_SCALES[name])
        elif name == "features":
            value = list(value)
        elif name == "hidden":
            value = hidden_text(value)
        slots[widget_key(name)] = value
    for key, value in slots.items():
        if not only_missing or key not in state:
            state[key] = value


def read_settings(previous: Settings) -> Settings:
    """The settings the widgets show now (fields without a widget keep `previous`)."""
    state = st.session_state
    changes: dict[str, Any] = {}
    state.pop(HIDDEN_PROBLEM, None)
    for name in cfg.FIELDS:
        key = widget_key(name)
        if key not in state:
            continue
        if name == "hidden":
            try:
                changes[name] = cfg.parse_value("hidden", str(state[key]).strip() or "0")
            except ValueError as error:
                state[HIDDEN_PROBLEM] = str(error)
        elif name in PERCENT_SCALES:
            changes[name] = state[key] / PERCENT_SCALES[name]
        elif name == "features":
            chosen = tuple(f for f in FEATURES if f in (state[key] or ()))
            changes[name] = chosen or previous.features
        else:
            changes[name] = state[key]
    valid = {}
    for name, value in changes.items():
        try:
            previous.updated(**{name: value})
        except (ValueError, TypeError):
            continue  # a widget without a usable value keeps the previous setting
        valid[name] = value
    return previous.updated(**valid)


def _options_with(options: Sequence, current: Any) -> list:
    """The option list of a select-slider, including `current` if a link set an odd value."""
    values = list(options)
    if current not in values:
        values = sorted([*values, current])
    return values


def _labeller(lang: str) -> Callable[[str], str]:
    return lambda option: t(f"opt.{option}", lang)


def _select(name: str, options: Sequence[str], label_key: str, lang: str, **kwargs: Any) -> None:
    st.selectbox(
        t(label_key, lang),
        options,
        key=widget_key(name),
        format_func=_labeller(lang),
        help=t(f"{label_key}.help", lang) if f"{label_key}.help" in TRANSLATIONS else None,
        **kwargs,
    )


def _next_data_seed() -> None:
    """Callback of the 'New data' button: move to the next data seed."""
    key = widget_key("data_seed")
    st.session_state[key] = (int(st.session_state.get(key, 0)) + 1) % (2**31 - 1)


def data_controls(settings: Settings, lang: str) -> None:
    """Dataset, size, noise, split, seed and input features."""
    _select("dataset", tuple(DATASETS), "data.dataset", lang)
    if settings.dataset in cfg.FIXED_SIZE_DATASETS:
        st.caption(t("data.n_points.fixed", lang))
    else:
        st.slider(t("data.n_points", lang), 10, cfg.MAX_POINTS, step=10,
                  key=widget_key("n_points"), help=t("data.n_points.help", lang))
    st.slider(t("data.noise", lang), 0, 50, step=5, format="%d%%",
              key=widget_key("noise"), help=t("data.noise.help", lang))
    st.slider(t("data.train_ratio", lang), 10, 90, step=10, format="%d%%",
              key=widget_key("train_ratio"), help=t("data.train_ratio.help", lang))
    st.number_input(t("data.seed", lang), 0, 2**31 - 2, step=1,
                    key=widget_key("data_seed"), help=t("data.seed.help", lang))
    st.button(t("data.regenerate", lang), on_click=_next_data_seed, icon=":material/casino:",
              help=t("data.regenerate.help", lang), key="regenerate", width="stretch")
    st.pills(t("data.features", lang), tuple(FEATURES), selection_mode="multi",
             key=widget_key("features"), help=t("data.features.help", lang))


def network_controls(settings: Settings, lang: str) -> None:
    """Hidden layers and widths, activations, head, regularization, initialisation."""
    st.text_input(t("net.hidden", lang), key=widget_key("hidden"), max_chars=60,
                  placeholder="4-2", help=t("net.hidden.help", lang,
                                             layers=cfg.MAX_HIDDEN_LAYERS,
                                             neurons=cfg.MAX_NEURONS))
    problem = st.session_state.get(HIDDEN_PROBLEM)
    if problem:
        st.error(t("net.hidden.invalid", lang, shown=hidden_text(settings.hidden)),
                 icon=":material/error:")
    _select("activation", cfg.HIDDEN_ACTIVATIONS, "net.activation", lang)
    left, right = st.columns(2)
    with left:
        _select("output_activation", cfg.OUTPUT_CHOICES, "net.output", lang)
    with right:
        _select("loss", cfg.LOSS_CHOICES, "net.loss", lang)
    _select("regularization", cfg.REGULARIZATIONS, "net.regularization", lang)
    st.select_slider(t("net.reg_rate", lang),
                     _options_with(cfg.REG_RATES, settings.reg_rate),
                     key=widget_key("reg_rate"), disabled=settings.regularization == "none",
                     help=t("net.reg_rate.help", lang))
    _select("init", cfg.INITS, "net.init", lang)
    st.number_input(t("net.seed", lang), 0, 2**31 - 1, step=1,
                    key=widget_key("weight_seed"), help=t("net.seed.help", lang))


def training_controls(settings: Settings, lang: str) -> None:
    """Learning rate, batch size, optimizer, speed and the Step button's unit."""
    st.select_slider(t("train.lr", lang),
                     _options_with(cfg.LEARNING_RATES, settings.learning_rate),
                     key=widget_key("learning_rate"), help=t("train.lr.help", lang))
    st.number_input(t("train.batch", lang), 1, cfg.BATCH_SIZE_MAX, step=1,
                    key=widget_key("batch_size"), help=t("train.batch.help", lang))
    _select("optimizer", cfg.OPTIMIZERS, "train.optimizer", lang)
    st.select_slider(t("train.speed", lang), _options_with(cfg.SPEEDS, settings.speed),
                     key=widget_key("speed"), help=t("train.speed.help", lang))
    st.radio(t("train.step_unit", lang), cfg.STEP_UNITS, horizontal=True,
             key=widget_key("step_unit"), format_func=lambda unit: t(f"unit.{unit}", lang),
             help=t("train.step_unit.help", lang))


def view_controls(lang: str) -> None:
    """Display options: test points, discretize, log loss, palette, presenter mode."""
    for name in ("show_test", "discretize", "log_loss"):
        st.toggle(t(f"view.{name}", lang), key=widget_key(name), help=t(f"view.{name}.help", lang))
    st.radio(t("view.palette", lang), cfg.PALETTES, key=widget_key("palette"), horizontal=True,
             format_func=lambda name: t(f"palette.{name}", lang), help=t("view.palette.help", lang))


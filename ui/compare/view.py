"""Streamlit pieces of the compare page: widget state, the session's compared runs, notes.

The pure side lives in `ui.compare.model` (groups of runs) and `ui.compare.live` (names, the
summary table, the live view's charts and source).
"""

from __future__ import annotations

import streamlit as st

from ui.common.i18n import t
from ui.common.session import current_language, current_settings, relabel_on_language_change
from ui.common.settings import Settings
from ui.compare.live import CompareSource, compare_spec, value_name
from ui.compare.model import (
    CHOICES,
    DEFAULT_TARGET_LOSS,
    DEFAULT_VALUES,
    MAX_RUNS,
    MIN_RUNS,
    TARGET_LOSSES,
    VARIABLES,
    CompareGroup,
    group_key,
)
from ui.live.view import live_view
from ui.playground.session import get_playground

VARIABLE, VALUES, TARGET, EPOCHS, LOG = "cmp_variable", "cmp_values", "cmp_target", "cmp_epochs", \
    "cmp_log"
SOURCE = "cmp_source"
VIEW = "compare"
SAVED = "cmp_saved"  # widget values kept across page switches (Streamlit drops unused widgets)
EPOCH_CHOICES = (1, 2, 5, 10, 25)


def variable_changed() -> None:
    st.session_state[VALUES] = list(DEFAULT_VALUES[st.session_state[VARIABLE]])


def restore_widgets(lang: str) -> None:
    """Put back the widget values of the last visit (defaults on the first), in `lang`'s
    labels."""
    state = st.session_state
    saved = state.get(SAVED, {})
    state.setdefault(VARIABLE, saved.get(VARIABLE, VARIABLES[0]))
    chosen = state.get(VALUES, saved.get(VALUES))
    if chosen is None or not set(chosen) <= set(CHOICES[state[VARIABLE]]):
        chosen = list(DEFAULT_VALUES[state[VARIABLE]])
    state[VALUES] = chosen
    state.setdefault(TARGET, saved.get(TARGET, DEFAULT_TARGET_LOSS))
    state.setdefault(EPOCHS, saved.get(EPOCHS, EPOCH_CHOICES[0]))
    state.setdefault(LOG, saved.get(LOG, False))
    relabel_on_language_change(VIEW, (VARIABLE, VALUES, TARGET, EPOCHS, LOG), lang)


def compare_source(settings: Settings, variable: str, values: list, target: float,
                   dataset) -> CompareSource:
    """The session's compared runs, rebuilt (and paused) when their inputs changed."""
    state = st.session_state
    key = group_key(settings, variable, values, None if dataset is None else id(dataset))

    def make_group() -> CompareGroup:
        return CompareGroup(settings, variable, values, dataset=dataset, target_loss=target)

    source: CompareSource | None = state.get(SOURCE)
    if source is None:
        source = state[SOURCE] = CompareSource(make_group, key)
    elif source.key != key:
        source.rebuild(make_group, key)
    source.group.set_target(target)
    return source


def group_notes(group: CompareGroup, settings: Settings, lang: str) -> None:
    """Captions and warnings about what the comparison holds fixed and what went wrong."""
    variable, values = group.variable, group.values
    st.caption(t("compare.same_seed" if variable == "neurons" else "compare.same_start", lang,
                 seed=group.base.weight_seed))
    if variable == "activation" and not settings.hidden:
        st.warning(t("compare.no_hidden", lang), icon="⚠️")
    if variable == "reg_rate":
        st.caption(t("compare.reg_note", lang, kind=t(f"opt.{group.base.regularization}", lang)))
    if variable == "batch_size" and max(values) > len(group.problem.X_train):
        st.caption(t("compare.batch_note", lang, n=len(group.problem.X_train)))


def show_live_view(source: CompareSource, settings: Settings, lang: str, *,
                   epochs_per_frame: int, log_y: bool) -> None:
    """The compared runs' live view (Play, Step, Reset, the charts and the table)."""
    source.configure(epochs_per_frame=epochs_per_frame, lang=lang)
    live_view(VIEW, source, compare_spec(source.group, settings, lang, log_y), lang=lang,
              presenter=settings.presenter)


def choose_runs(lang: str) -> tuple[str, list, float, int, bool]:
    """The row of pickers: (variable, its chosen values in menu order, target loss, epochs per
    frame, log loss axis); the picks are saved for the next visit."""
    pick_variable, pick_values, pick_target, pick_epochs, pick_log = st.columns([2, 3, 1, 1, 1])
    variable = pick_variable.selectbox(
        t("compare.variable", lang), VARIABLES, key=VARIABLE, on_change=variable_changed,
        format_func=lambda name: t(f"compare.var.{name}", lang),
        help=t("compare.variable.help", lang),
    )
    chosen = pick_values.multiselect(
        t("compare.values", lang), CHOICES[variable], key=VALUES, max_selections=MAX_RUNS,
        format_func=lambda value: value_name(value, lang), help=t("compare.values.help", lang),
    )
    target = pick_target.selectbox(t("compare.target", lang), TARGET_LOSSES, key=TARGET,
                                   help=t("compare.target.help", lang))
    epochs_per_frame = pick_epochs.selectbox(
        t("compare.epochs_per_frame", lang), EPOCH_CHOICES, key=EPOCHS,
        help=t("compare.epochs_per_frame.help", lang))
    pick_log.markdown("&nbsp;")
    log_y = pick_log.toggle(t("compare.log_loss", lang), key=LOG)
    st.session_state[SAVED] = {VARIABLE: variable, VALUES: list(chosen), TARGET: target,
                               EPOCHS: epochs_per_frame, LOG: log_y}
    values = [value for value in CHOICES[variable] if value in chosen]
    return variable, values, target, epochs_per_frame, log_y


def show_page() -> None:
    """The whole page."""
    lang = current_language()
    settings = current_settings()
    playground = get_playground()
    dataset = playground.custom_dataset if playground is not None else None

    st.title(t("compare.title", lang))
    st.caption(t("compare.intro", lang))
    restore_widgets(lang)
    variable, values, target, epochs_per_frame, log_y = choose_runs(lang)
    if len(values) < MIN_RUNS:
        st.info(t("compare.pick_values", lang), icon="ℹ️")
        st.stop()

    source = compare_source(settings, variable, values, target, dataset)
    group_notes(source.group, settings, lang)
    show_live_view(source, settings, lang, epochs_per_frame=epochs_per_frame, log_y=log_y)

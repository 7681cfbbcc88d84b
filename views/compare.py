"""Compare runs side by side: 2-4 runs that differ in one setting, trained in lockstep."""

import streamlit as st

from ui.compare import CHOICES, MAX_RUNS, MIN_RUNS, TARGET_LOSSES, VARIABLES
from ui.compare_live import value_name
from ui.compare_view import (
    EPOCH_CHOICES,
    EPOCHS,
    LOG,
    SAVED,
    TARGET,
    VALUES,
    VARIABLE,
    compare_source,
    group_notes,
    restore_widgets,
    show_live_view,
    variable_changed,
)
from ui.i18n import t
from ui.session import current_language, current_settings, get_playground

lang = current_language()
settings = current_settings()
playground = get_playground()
dataset = playground.custom_dataset if playground is not None else None

st.title(t("compare.title", lang))
st.caption(t("compare.intro", lang))

restore_widgets(lang)
pick_variable, pick_values, pick_target, pick_epochs, pick_log = st.columns([2, 3, 1, 1, 1])
variable = pick_variable.selectbox(
    t("compare.variable", lang), VARIABLES, key=VARIABLE, on_change=variable_changed,
    format_func=lambda name: t(f"compare.var.{name}", lang), help=t("compare.variable.help", lang),
)
chosen = pick_values.multiselect(
    t("compare.values", lang), CHOICES[variable], key=VALUES, max_selections=MAX_RUNS,
    format_func=lambda value: value_name(value, lang), help=t("compare.values.help", lang),
)
target = pick_target.selectbox(t("compare.target", lang), TARGET_LOSSES, key=TARGET,
                               help=t("compare.target.help", lang))
epochs_per_frame = pick_epochs.selectbox(t("compare.epochs_per_frame", lang), EPOCH_CHOICES,
                                         key=EPOCHS, help=t("compare.epochs_per_frame.help", lang))
pick_log.markdown("&nbsp;")
log_y = pick_log.toggle(t("compare.log_loss", lang), key=LOG)
st.session_state[SAVED] = {VARIABLE: variable, VALUES: list(chosen), TARGET: target,
                           EPOCHS: epochs_per_frame, LOG: log_y}

values = [value for value in CHOICES[variable] if value in chosen]  # in menu order
if len(values) < MIN_RUNS:
    st.info(t("compare.pick_values", lang), icon="ℹ️")
    st.stop()

source = compare_source(settings, variable, values, target, dataset)
group_notes(source.group, settings, lang)
show_live_view(source, settings, lang, epochs_per_frame=epochs_per_frame, log_y=log_y)

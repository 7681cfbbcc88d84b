"""Compare runs side by side: 2-4 runs that differ in one setting, trained in lockstep."""

import streamlit as st

from ui.animation import FrameGate, run_frames
from ui.compare import CHOICES, MAX_RUNS, MIN_RUNS, TARGET_LOSSES, VARIABLES
from ui.compare_view import (
    CONTROLS,
    EPOCH_CHOICES,
    EPOCHS,
    LOG,
    SAVED,
    TABLE_SECONDS,
    TARGET,
    VALUES,
    VARIABLE,
    CompareCharts,
    current_group,
    group_notes,
    restore_widgets,
    value_name,
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

restore_widgets()
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

pending = CONTROLS.pop_request()
group = current_group(settings, variable, values, target, dataset, pending)
if pending == "step":
    group.tick(epochs_per_frame)

CONTROLS.buttons(lang, stopped=group.all_stopped)
group_notes(group, settings, lang)

charts = CompareCharts(len(group.runs), variable, settings, lang)
charts.draw(group, log_y)
charts.draw_table(group)

table_due = FrameGate(1 / TABLE_SECONDS)
table_due()  # the table was just drawn


def frame() -> None:
    group.tick(epochs_per_frame)
    charts.draw(group, log_y)
    if table_due():
        charts.draw_table(group)


frames = run_frames(lambda: CONTROLS.playing() and not group.all_stopped, frame,
                    frame_limit=CONTROLS.frame_limit())
if frames:
    charts.draw_table(group)
CONTROLS.stop_when_done(group.all_stopped)

"""Streamlit pieces of the compare page: widget state, run names, the chart slots, the table.

The pure side (groups of runs, figures, the summary rows) lives in `ui.compare`.
"""

from __future__ import annotations

import streamlit as st

from ui.compare import (
    CHOICES,
    DEFAULT_TARGET_LOSS,
    DEFAULT_VALUES,
    VARIABLES,
    CompareGroup,
    format_value,
    group_key,
)
from ui.figures import BOUNDARY_LABELS
from ui.i18n import TRANSLATIONS, figure_labels, t
from ui.live_chart import LiveChartSlot
from ui.page_state import PlayControls
from ui.settings import Settings

VARIABLE, VALUES, TARGET, EPOCHS, LOG = "cmp_variable", "cmp_values", "cmp_target", "cmp_epochs", \
    "cmp_log"
GROUP, GROUP_KEY = "cmp_group", "cmp_group_key"
SAVED = "cmp_saved"  # widget values kept across page switches (Streamlit drops unused widgets)
CONTROLS = PlayControls("cmp", "compare")  # cmp_playing, cmp_request, cmp_play, ...
EPOCH_CHOICES = (1, 2, 5, 10, 25)
CHARTS_PER_ROW = 2
BOUNDARY_HEIGHT = 250
TABLE_SECONDS = 0.5


def value_name(value, lang: str) -> str:
    """A compared value as shown: translated option names (ReLU, Adam), numbers as is."""
    key = f"opt.{value}"
    return t(key, lang) if isinstance(value, str) and key in TRANSLATIONS else format_value(value)


def variable_changed() -> None:
    st.session_state[VALUES] = list(DEFAULT_VALUES[st.session_state[VARIABLE]])
    CONTROLS.stop()


def restore_widgets() -> None:
    """Put back the widget values of the last visit (defaults on the first)."""
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


def current_group(settings: Settings, variable: str, values: list, target: float, dataset,
                  pending: str | None) -> CompareGroup:
    """The session's group, rebuilt when its inputs changed or on Reset (a new one pauses)."""
    state = st.session_state
    key = group_key(settings, variable, values, None if dataset is None else id(dataset))
    group: CompareGroup | None = state.get(GROUP)
    if group is None or state.get(GROUP_KEY) != key or pending == "reset":
        if group is not None and state.get(GROUP_KEY) != key:
            CONTROLS.stop()
        group = CompareGroup(settings, variable, values, dataset=dataset, target_loss=target)
        state[GROUP], state[GROUP_KEY] = group, key
    group.set_target(target)
    return group


def run_name(variable: str, value, lang: str) -> str:
    """A run's short name for legends, titles and the table: η = 0.3, 8 neurons, ReLU, ..."""
    return t(f"compare.short.{variable}", lang, value=value_name(value, lang))


def run_names(group: CompareGroup, variable: str, lang: str) -> list[str]:
    names = [run_name(variable, m.value, lang) for m in group.runs]
    return [t("compare.diverged_mark", lang, label=name) if m.run.diverged else name
            for name, m in zip(names, group.runs, strict=True)]


def summary_columns(group: CompareGroup, variable: str, lang: str) -> dict[str, list[str]]:
    """The summary table as translated columns of display strings."""
    def number(value, percent=False):
        if value is None:
            return "–"
        return f"{value:.1%}" if percent else f"{value:.4f}"

    rows = group.summary()
    with_test = group.problem.X_test is not None
    with_acc = rows[0]["train_acc"] is not None
    columns = {
        t("compare.col.run", lang): [run_name(variable, m.value, lang) for m in group.runs],
        t("compare.col.train_loss", lang): [number(r["train_loss"]) for r in rows],
    }
    if with_test:
        columns[t("compare.col.test_loss", lang)] = [number(r["test_loss"]) for r in rows]
    if with_acc:
        columns[t("compare.col.train_acc", lang)] = [number(r["train_acc"], True) for r in rows]
        if with_test:
            columns[t("compare.col.test_acc", lang)] = [number(r["test_acc"], True)
                                                        for r in rows]
    columns[t("compare.col.epoch", lang)] = [str(r["epoch"]) for r in rows]
    columns[t("compare.col.steps", lang)] = [str(r["steps"]) for r in rows]
    columns[t("compare.col.reached", lang) + f" {group.target_loss:g}"] = [
        t("compare.not_reached", lang) if r["reached_steps"] is None else
        t("compare.reached", lang, epoch=round(r["reached_epoch"], 2), steps=r["reached_steps"])
        for r in rows
    ]
    columns[t("compare.col.status", lang)] = [
        t("compare.status.diverged", lang, reason=r["reason"]) if r["status"] == "diverged"
        else t("compare.status.training", lang) for r in rows
    ]
    return columns


def loss_labels(lang: str) -> dict:
    """Translated labels for the overlaid loss chart (keys of MULTI_LOSS_LABELS)."""
    return {"title": t("compare.loss_title", lang), "x": t("compare.fig.epoch", lang),
            "y": t("compare.fig.loss", lang)}


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
    if group.all_stopped:
        st.error(t("compare.all_diverged", lang), icon="⚠️")


class CompareCharts:
    """Counters, the overlaid loss chart, the boundary small multiples and the summary table."""

    def __init__(self, n_runs: int, variable: str, settings: Settings, lang: str) -> None:
        self.variable, self.settings, self.lang = variable, settings, lang
        self.boundary_labels = figure_labels("boundary", BOUNDARY_LABELS, lang)
        self.counters = st.empty()
        rows = -(-n_runs // CHARTS_PER_ROW)
        self.loss_height = max(rows * BOUNDARY_HEIGHT, 280)
        loss_column, boundary_column = st.columns([4, 6], gap="small")
        with loss_column:
            self.loss = LiveChartSlot("cmp_chart_loss", height=self.loss_height)
        self.boundaries = []
        with boundary_column:
            for row in range(rows):
                columns = st.columns(CHARTS_PER_ROW, gap="small")
                for index in range(row * CHARTS_PER_ROW, min(n_runs, (row + 1) * CHARTS_PER_ROW)):
                    with columns[index % CHARTS_PER_ROW]:
                        self.boundaries.append(LiveChartSlot(f"cmp_chart_boundary{index}",
                                                             height=BOUNDARY_HEIGHT))
        st.subheader(t("compare.summary", lang))
        self.table = st.empty()

    def draw(self, group: CompareGroup, log_y: bool) -> None:
        lang, settings = self.lang, self.settings
        live = sum(not m.run.diverged for m in group.runs)
        self.counters.markdown(t("compare.counters", lang, epoch=group.epoch, live=live,
                                 total=len(group.runs)))
        revision = group.revision(lang, log_y, settings.show_test, settings.palette)
        names = run_names(group, self.variable, lang)
        self.loss.draw(group.loss_figure(
            log_y=log_y, names=names, palette=settings.palette,
            height=self.loss_height, labels=loss_labels(lang)), revision=revision)
        figures = group.boundary_figures(titles=names, show_test=settings.show_test,
                                         palette=settings.palette, height=BOUNDARY_HEIGHT,
                                         labels=self.boundary_labels)
        for slot, figure in zip(self.boundaries, figures, strict=True):
            slot.draw(figure, revision=revision)

    def draw_table(self, group: CompareGroup) -> None:
        self.table.dataframe(summary_columns(group, self.variable, self.lang), hide_index=True)

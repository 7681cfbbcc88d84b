"""Compare runs side by side: 2-4 runs that differ in one setting, trained in lockstep."""


import streamlit as st

from ui.animation import FrameGate, run_frames
from ui.compare import (
    CHOICES,
    DEFAULT_TARGET_LOSS,
    DEFAULT_VALUES,
    MAX_RUNS,
    MIN_RUNS,
    TARGET_LOSSES,
    VARIABLES,
    CompareGroup,
    format_value,
    group_key,
)
from ui.figures import BOUNDARY_LABELS
from ui.i18n import TRANSLATIONS, figure_labels, t
from ui.live_chart import LiveChartSlot
from ui.session import current_language, current_settings, get_playground

VARIABLE, VALUES, TARGET, EPOCHS, LOG = "cmp_variable", "cmp_values", "cmp_target", "cmp_epochs", \
    "cmp_log"
GROUP, GROUP_KEY, PLAYING, REQUEST = "cmp_group", "cmp_group_key", "cmp_playing", "cmp_request"
SAVED = "cmp_saved"  # widget values kept across page switches (Streamlit drops unused widgets)
FRAME_LIMIT = "cmp_frame_limit"  # tests bound the play loop with this; None in normal use
EPOCH_CHOICES = (1, 2, 5, 10, 25)
CHARTS_PER_ROW = 2
BOUNDARY_HEIGHT = 250
TABLE_SECONDS = 0.5

lang = current_language()
state = st.session_state
settings = current_settings()
playground = get_playground()
dataset = playground.custom_dataset if playground is not None else None


def value_name(value) -> str:
    """A compared value as shown: translated option names (ReLU, Adam), numbers as is."""
    key = f"opt.{value}"
    return t(key, lang) if isinstance(value, str) and key in TRANSLATIONS else format_value(value)


def variable_changed() -> None:
    state[VALUES] = list(DEFAULT_VALUES[state[VARIABLE]])
    state[PLAYING] = False


def toggle_play() -> None:
    state[PLAYING] = not state.get(PLAYING, False)


def request(name: str) -> None:
    state[PLAYING] = False
    state[REQUEST] = name


def restore_widgets() -> None:
    """Put back the widget values of the last visit (defaults on the first)."""
    saved = state.get(SAVED, {})
    state.setdefault(VARIABLE, saved.get(VARIABLE, VARIABLES[0]))
    chosen = state.get(VALUES, saved.get(VALUES))
    if chosen is None or not set(chosen) <= set(CHOICES[state[VARIABLE]]):
        chosen = list(DEFAULT_VALUES[state[VARIABLE]])
    state[VALUES] = chosen
    state.setdefault(TARGET, saved.get(TARGET, DEFAULT_TARGET_LOSS))
    state.setdefault(EPOCHS, saved.get(EPOCHS, EPOCH_CHOICES[0]))
    state.setdefault(LOG, saved.get(LOG, False))


def summary_columns(group: CompareGroup) -> dict[str, list[str]]:
    """The summary table as translated columns of display strings."""
    def number(value, percent=False):
        if value is None:
            return "–"
        return f"{value:.1%}" if percent else f"{value:.4f}"

    rows = group.summary()
    with_test = group.problem.X_test is not None
    with_acc = rows[0]["train_acc"] is not None
    columns = {
        t("compare.col.run", lang): [run_name(m.value) for m in group.runs],
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


def run_name(value) -> str:
    """A run's short name for legends, titles and the table: η = 0.3, 8 neurons, ReLU, ..."""
    return t(f"compare.short.{variable}", lang, value=value_name(value))


def run_names(group: CompareGroup) -> list[str]:
    names = [run_name(m.value) for m in group.runs]
    return [t("compare.diverged_mark", lang, label=name) if m.run.diverged else name
            for name, m in zip(names, group.runs, strict=True)]


class CompareCharts:
    """Counters, the overlaid loss chart, the boundary small multiples and the summary table."""

    def __init__(self, n_runs: int) -> None:
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
        live = sum(not m.run.diverged for m in group.runs)
        self.counters.markdown(t("compare.counters", lang, epoch=group.epoch, live=live,
                                 total=len(group.runs)))
        revision = group.revision(lang, log_y, settings.show_test, settings.palette)
        self.loss.draw(group.loss_figure(
            log_y=log_y, names=run_names(group), palette=settings.palette,
            height=self.loss_height, labels=loss_labels()), revision=revision)
        figures = group.boundary_figures(titles=run_names(group), show_test=settings.show_test,
                                         palette=settings.palette, height=BOUNDARY_HEIGHT,
                                         labels=boundary_labels)
        for slot, figure in zip(self.boundaries, figures, strict=True):
            slot.draw(figure, revision=revision)

    def draw_table(self, group: CompareGroup) -> None:
        self.table.dataframe(summary_columns(group), hide_index=True)


def loss_labels() -> dict:
    """Translated labels for the overlaid loss chart (keys of MULTI_LOSS_LABELS)."""
    return {"title": t("compare.loss_title", lang), "x": t("compare.fig.epoch", lang),
            "y": t("compare.fig.loss", lang)}


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
    format_func=value_name, help=t("compare.values.help", lang),
)
target = pick_target.selectbox(t("compare.target", lang), TARGET_LOSSES, key=TARGET,
                               help=t("compare.target.help", lang))
epochs_per_frame = pick_epochs.selectbox(t("compare.epochs_per_frame", lang), EPOCH_CHOICES,
                                         key=EPOCHS, help=t("compare.epochs_per_frame.help", lang))
pick_log.markdown("&nbsp;")
log_y = pick_log.toggle(t("compare.log_loss", lang), key=LOG)
state[SAVED] = {VARIABLE: variable, VALUES: list(chosen), TARGET: target,
                EPOCHS: epochs_per_frame, LOG: log_y}
boundary_labels = figure_labels("boundary", BOUNDARY_LABELS, lang)

values = [value for value in CHOICES[variable] if value in chosen]  # in menu order
if len(values) < MIN_RUNS:
    st.info(t("compare.pick_values", lang), icon="ℹ️")
    st.stop()

key = group_key(settings, variable, values, None if dataset is None else id(dataset))
pending = state.pop(REQUEST, None)
group: CompareGroup | None = state.get(GROUP)
if group is None or state.get(GROUP_KEY) != key or pending == "reset":
    if group is not None and state.get(GROUP_KEY) != key:
        state[PLAYING] = False
    group = CompareGroup(settings, variable, values, dataset=dataset, target_loss=target)
    state[GROUP], state[GROUP_KEY] = group, key
group.set_target(target)
if pending == "step":
    group.tick(epochs_per_frame)

playing = state.get(PLAYING, False)
play, step, reset = st.columns(3)
play.button(t("btn.pause" if playing else "btn.play", lang), key="cmp_play", type="primary",
            on_click=toggle_play, shortcut="space", help=t("compare.play.help", lang),
            width="stretch", disabled=group.all_stopped and not playing)
step.button(t("btn.step", lang), key="cmp_step", on_click=request, args=("step",),
            shortcut="right", help=t("compare.step.help", lang), width="stretch",
            disabled=group.all_stopped)
reset.button(t("btn.reset", lang), key="cmp_reset", on_click=request, args=("reset",),
             help=t("compare.reset.help", lang), width="stretch")

architecture_varies = variable == "neurons"
st.caption(t("compare.same_seed" if architecture_varies else "compare.same_start", lang,
             seed=group.base.weight_seed))
if variable == "activation" and not settings.hidden:
    st.warning(t("compare.no_hidden", lang), icon="⚠️")
if variable == "reg_rate":
    st.caption(t("compare.reg_note", lang, kind=t(f"opt.{group.base.regularization}", lang)))
if variable == "batch_size" and max(values) > len(group.problem.X_train):
    st.caption(t("compare.batch_note", lang, n=len(group.problem.X_train)))
if group.all_stopped:
    st.error(t("compare.all_diverged", lang), icon="⚠️")

charts = CompareCharts(len(group.runs))
charts.draw(group, log_y)
charts.draw_table(group)

table_due = FrameGate(1 / TABLE_SECONDS)
table_due()  # the table was just drawn


def frame() -> None:
    group.tick(epochs_per_frame)
    charts.draw(group, log_y)
    if table_due():
        charts.draw_table(group)


frames = run_frames(lambda: state.get(PLAYING) and not group.all_stopped, frame,
                    frame_limit=state.get(FRAME_LIMIT))
if frames:
    charts.draw_table(group)
if group.all_stopped and state.get(PLAYING):
    state[PLAYING] = False
    st.rerun()

"""Streamlit pieces of the playground page: buttons, counters, chart slots, the play loop.

Callbacks only flip flags in `st.session_state`; the page run does the work. While playing, the
page ends in `play_loop`, which trains a little and redraws the mounted charts in place about
30 times a second until a click (Pause, a widget) interrupts the run.
"""

from __future__ import annotations

import math

import streamlit as st

from ui.animation import FrameGate, run_frames
from ui.i18n import t
from ui.live_chart import LiveChartSlot
from ui.playground import CHART_NAMES, Playground
from ui.session import PLAYGROUND, push_notice
from ui.settings import Settings
from ui.style import presenter_figure

PLAYING = "playing"
PENDING_STEP = "pending_step"
PENDING_RESET = "pending_reset"
FRAME_LIMIT = "frame_limit"  # tests set this to bound the play loop; None in normal use
FPS = 30
# The decision boundary redraws every frame (its heatmap repaints in about a millisecond); the
# other charts and the counters at most this often, so the browser keeps up (bench/frames.py).
SECONDARY_FPS = 4
SECONDARY_ORDER = ("loss", "network", "weights")
REPLAY_FPS = 8
REPLAYING = "replaying"


def _toggle_play() -> None:
    st.session_state[PLAYING] = not st.session_state.get(PLAYING, False)
    st.session_state[REPLAYING] = False
    st.session_state.pop("replay_index", None)


def _request_step() -> None:
    st.session_state[PLAYING] = False
    st.session_state[PENDING_STEP] = True


def _request_reset() -> None:
    st.session_state[PLAYING] = False
    st.session_state[PENDING_RESET] = True


def get_or_build_playground(settings: Settings) -> Playground:
    """The session's playground, rebuilt (with a notice) when data or architecture changed."""
    playground: Playground | None = st.session_state.get(PLAYGROUND)
    if playground is None:
        playground = Playground(settings)
        st.session_state[PLAYGROUND] = playground
    elif playground.sync(settings):
        st.session_state[PLAYING] = False
        push_notice("msg.reset_by_change")
    return playground


def handle_button_requests(playground: Playground, settings: Settings) -> None:
    """Carry out a Step or Reset the buttons asked for."""
    state = st.session_state
    if state.pop(PENDING_RESET, False):
        playground.reset(settings)
    if state.pop(PENDING_STEP, False):
        playground.train(settings.step_unit, 1)


def transport_buttons(lang: str, diverged: bool) -> None:
    """Play/Pause, Step and Reset, with keyboard shortcuts (space, →, r)."""
    playing = st.session_state.get(PLAYING, False)
    play, step, reset = st.columns([4, 3, 3], gap="small")
    play.button(
        t("btn.pause" if playing else "btn.play", lang), key="play_pause", type="primary",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        on_click=_toggle_play, shortcut="space", help=t("btn.play.help", lang),
        width="stretch", disabled=diverged and not playing,
    )
    step.button(t("btn.step", lang), key="step", on_click=_request_step, shortcut="right",
                icon=":material/skip_next:", help=t("btn.step.help", lang), width="stretch",
                disabled=diverged)
    reset.button(t("btn.reset", lang), key="reset", on_click=_request_reset,
                 icon=":material/restart_alt:", help=t("btn.reset.help", lang),
                 width="stretch")


def format_metric(value: float | None, percent: bool = False) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.1%}" if percent else f"{value:.4f}"


def counters_text(playground: Playground, lang: str) -> str:
    """One line of counters: epoch, steps, samples, losses, accuracies, speed (Markdown)."""
    run = playground.run
    metrics = run.metrics()
    parts = [
        (t("stat.epoch", lang), f"{run.epoch:,}"),
        (t("stat.steps", lang), f"{run.steps:,}"),
        (t("stat.samples", lang), f"{run.samples_seen:,}"),
        (t("stat.train_loss", lang), format_metric(metrics.get("train_loss"))),
    ]
    if playground.problem.X_test is not None:
        parts.append((t("stat.test_loss", lang), format_metric(metrics.get("test_loss"))))
    if metrics.get("train_acc") is not None:
        parts.append((t("stat.train_acc", lang), format_metric(metrics["train_acc"], True)))
        if playground.problem.X_test is not None:
            parts.append((t("stat.test_acc", lang), format_metric(metrics["test_acc"], True)))
    parts.append((t("stat.speed", lang), f"{playground.steps_per_second:,.0f}"))
    return " · ".join(f"{name} **{value}**" for name, value in parts)


class PlaygroundCharts:
    """The counters line and the four chart slots.

    Normal layout: two rows of two (network | boundary, loss | weights). Presenter layout:
    network, boundary and loss large in one row, the weights below them.
    """

    def __init__(self, height: int, counters_place: st.delta_generator.DeltaGenerator,
                 presenter: bool = False) -> None:
        self.height = height
        with counters_place:
            self.counters = st.container(key="counters").empty()
        if presenter:
            network, boundary, loss = st.columns([4, 3, 4], gap="small")
            places = {"network": network, "boundary": boundary, "loss": loss,
                      "weights": st.container()}
        else:
            top_left, top_right = st.columns([3, 2], gap="small")
            bottom_left, bottom_right = st.columns([3, 2], gap="small")
            places = dict(zip(CHART_NAMES, (top_left, top_right, bottom_left, bottom_right),
                              strict=True))
        self.slots: dict[str, LiveChartSlot] = {}
        for name in CHART_NAMES:
            with places[name]:
                self.slots[name] = LiveChartSlot(
                    f"chart_{name}", height=height, on_click=name == "boundary",
                    max_fps=None if name == "boundary" else SECONDARY_FPS,
                )
        self._counters_due = FrameGate(SECONDARY_FPS)
        self._drawn_once = False

    def _due_charts(self) -> tuple[str, ...]:
        """Every chart on the run's first draw; later the boundary plus at most one other due
        chart, so two expensive redraws never land in the same browser frame."""
        if not self._drawn_once:
            self._drawn_once = True
            return CHART_NAMES
        secondary = next((name for name in SECONDARY_ORDER if self.slots[name].due()), None)
        return ("boundary",) if secondary is None else ("boundary", secondary)

    def draw(self, playground: Playground, settings: Settings, lang: str) -> dict | None:
        """Draw one frame of the charts that are due; returns a boundary click if any."""
        if self._counters_due():
            self.counters.markdown(counters_text(playground, lang))
        revision = playground.revision(settings, lang, self.height)
        names = self._due_charts()
        figures = playground.frame(settings, lang, self.height, names)
        if settings.presenter:  # weight cells carry numbers that larger text would overlap
            figures = {name: figure if name == "weights" else presenter_figure(figure)
                       for name, figure in figures.items()}
        clicks = [self.slots[name].draw(figures[name], revision=revision) for name in names]
        return next((click for click in clicks if click), None)


def play_loop(playground: Playground, charts: PlaygroundCharts, settings: Settings,
              lang: str) -> None:
    """Train and redraw about 30 times a second until paused, interrupted or diverged."""

    def frame() -> None:
        playground.train("batch", settings.speed)
        charts.draw(playground, settings, lang)

    run_frames(lambda: st.session_state.get(PLAYING) and not playground.run.diverged, frame,
               fps=FPS, frame_limit=st.session_state.get(FRAME_LIMIT))
    if playground.run.diverged and st.session_state.get(PLAYING):
        st.session_state[PLAYING] = False
        st.rerun()


def replay_loop(playground: Playground, charts: PlaygroundCharts, settings: Settings,
                lang: str) -> None:
    """Play the kept snapshots back, from the one on screen (or the start) to the present."""
    if not st.session_state.get(REPLAYING):
        return
    snapshots = playground.run.snapshots
    last = len(snapshots) - 1
    start = playground.view_index if playground.view_index not in (None, last) else 0
    indices = range(start, last + 1)
    shown = 0

    def frame() -> None:
        nonlocal shown
        playground.show_snapshot(indices[shown])
        charts.draw(playground, settings, lang)
        shown += 1

    run_frames(lambda: shown < len(indices), frame, fps=REPLAY_FPS,
               frame_limit=st.session_state.get(FRAME_LIMIT))
    st.session_state[REPLAYING] = False

"""The backprop page (Streamlit): one training step of a real network with the numbers nn_core
computed, stage by stage, beside the tutorial's code.

The pure side lives in `ui.backprop.model` (the stages and formulas) and `ui.backprop.lesson`
(the networks and data it walks through).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui.backprop.lesson import (
    NONLINEARITY_DEMO_NETS,
    TUTORIAL_CODE,
    TUTORIAL_NOTES,
    TUTORIAL_STEPS,
    Lesson,
    nonlinearity_demo,
    playground_lesson,
    take_steps,
    tutorial_lesson,
)
from ui.backprop.model import Stage, build_stages, network_formula, prediction_table, stage_figures
from ui.common.i18n import t
from ui.common.session import current_language, relabel_on_language_change
from ui.playground.session import playground_or_stand_in

SOURCE, SEED, BATCH, STAGE = "bp_source", "bp_seed", "bp_batch", "bp_stage"
NET, NET_KEY, STEPS, REQUEST, DEMO = "bp_net", "bp_net_key", "bp_steps", "bp_request", "bp_demo"
FALLBACK_PLAYGROUND = "bp_fallback_playground"
TUTORIAL_RANDOM = "bp_tutorial_random"
SOURCES = ("tutorial", "playground")
MAX_BATCH = 16
KEEP = "session"  # widget values survive page switches


def request(name: str) -> None:
    """Button callback: the page run does `name` ('apply', 'run' or 'reset')."""
    st.session_state[REQUEST] = name


def move_stage(offset: int, n_stages: int) -> None:
    """Button callback: `offset` stages on, kept within 0 .. n_stages - 1."""
    state = st.session_state
    state[STAGE] = min(max(state.get(STAGE, 0) + offset, 0), n_stages - 1)


def number_columns(names) -> dict:
    """Column formats showing three decimals."""
    return {name: st.column_config.NumberColumn(format="%.3f") for name in names}


def show_matrices(stage: Stage) -> None:
    """The stage's matrices as heatmaps with their numbers (exact values on hover)."""
    for i, figure in enumerate(stage_figures(stage)):
        st.plotly_chart(figure, key=f"bp_matrices_{i}", width="content",
                        config={"displayModeBar": False})


def show_tutorial_code(stage: Stage, lang: str) -> None:
    """The stage in the tutorial's own code, with a note where the tutorial differs."""
    code = TUTORIAL_CODE.get((stage.kind, stage.layer))
    note = TUTORIAL_NOTES.get((stage.kind, stage.layer))
    if code:
        st.caption(t("backprop.tutorial_code", lang))
        st.code(code, language="python", wrap_lines=True)
    if note:
        st.caption(t(note, lang))


def exact_values(stage: Stage) -> str:
    """Every matrix of the stage with all its digits."""
    with np.printoptions(precision=17, floatmode="maxprec", linewidth=100):
        return "\n\n".join(f"{m.name} =\n{m.values!r}" for m in stage.matrices)


def choose_lesson(lang: str) -> Lesson:
    """Sidebar: which network and data the page walks through."""
    source = st.segmented_control(
        t("backprop.source", lang), SOURCES, key=SOURCE, persist_state=KEEP, default=SOURCES[0],
        required=True, format_func=lambda name: t(f"backprop.source.{name}", lang),
    )
    if source == "tutorial":
        seed = st.number_input(t("backprop.seed", lang), 0, 10_000, 0, key=SEED,
                               persist_state=KEEP, help=t("backprop.seed.help", lang))
        tutorial_random = st.toggle(
            t("backprop.tutorial_random", lang), key=TUTORIAL_RANDOM, persist_state=KEEP,
            help=t("backprop.tutorial_random.help", lang),
        )
        st.caption(t("backprop.tutorial_note", lang))
        return tutorial_lesson(seed, tutorial_random)
    k = st.number_input(t("backprop.batch", lang), 1, MAX_BATCH, 4, key=BATCH,
                        persist_state=KEEP, help=t("backprop.batch.help", lang))
    playground, is_stand_in = playground_or_stand_in(FALLBACK_PLAYGROUND)
    if is_stand_in:
        st.info(t("backprop.no_playground", lang), icon="ℹ️")
    lesson = playground_lesson(playground, k)
    st.caption(t("backprop.copy_note", lang, k=len(lesson.X), lr=f"{lesson.learning_rate:g}"))
    st.caption(t("backprop.sgd_note", lang))
    return lesson


def lesson_network(lesson: Lesson, lang: str):
    """The session's network for `lesson` after this run's button request (apply one step, run
    TUTORIAL_STEPS, reset); a new lesson starts from its starting network."""
    state = st.session_state
    action = state.pop(REQUEST, None)
    if state.get(NET_KEY) != lesson.key or action == "reset":
        state[NET], state[NET_KEY] = lesson.start_network(), lesson.key
        state[STEPS], state[STAGE] = 0, 0
    net = state[NET]
    if action in ("apply", "run"):
        steps = 1 if action == "apply" else TUTORIAL_STEPS
        if take_steps(net, lesson, steps):
            state[STEPS] += steps
        else:
            st.error(t("backprop.diverged", lang, steps=steps), icon="⚠️")
        state[STAGE] = 0
    return net


def stage_buttons(index: int, n_stages: int, lang: str) -> None:
    """Previous / next stage, apply one step, run the tutorial's steps, reset."""
    buttons = st.columns(5)
    buttons[0].button(t("backprop.btn.prev", lang), key="bp_prev", on_click=move_stage,
                      args=(-1, n_stages), disabled=index == 0, width="stretch")
    buttons[1].button(t("backprop.btn.next", lang), key="bp_next", on_click=move_stage,
                      args=(1, n_stages), disabled=index == n_stages - 1, width="stretch",
                      type="primary")
    buttons[2].button(t("backprop.btn.apply", lang), key="bp_apply", on_click=request,
                      args=("apply",), help=t("backprop.btn.apply.help", lang), width="stretch")
    buttons[3].button(t("backprop.btn.run", lang, steps=TUTORIAL_STEPS), key="bp_run",
                      on_click=request, args=("run",), width="stretch",
                      help=t("backprop.btn.run.help", lang, steps=TUTORIAL_STEPS))
    buttons[4].button(t("backprop.btn.reset", lang), key="bp_reset", on_click=request,
                      args=("reset",), help=t("backprop.btn.reset.help", lang), width="stretch")


def predictions_and_demo(net, lesson: Lesson, lang: str) -> None:
    """The network's predictions on the batch, and the nonlinearity demo beside them."""
    state = st.session_state
    is_tutorial = lesson.key[0] == "tutorial"
    table_column, demo_column = st.columns([2, 3], gap="medium")
    with table_column:
        st.subheader(t("backprop.predictions", lang))
        caption = "caption_tutorial" if is_tutorial else "caption"
        st.caption(t(f"backprop.predictions.{caption}", lang, steps=state[STEPS]))
        predictions = prediction_table(net, lesson.X, lesson.y)
        st.dataframe(predictions, column_config=number_columns(predictions.columns))
    with demo_column:
        st.subheader(t("backprop.nonlinear.title", lang))
        st.write(t("backprop.nonlinear.text", lang, steps=TUTORIAL_STEPS))
        demo_seed = lesson.key[1] if is_tutorial else 0
        if state.get(DEMO, (None,))[0] != demo_seed:
            state[DEMO] = (demo_seed, nonlinearity_demo(demo_seed))
        labels = {"y": t("backprop.nonlinear.target", lang)}
        labels.update({name: t(f"backprop.nonlinear.{name}", lang)
                       for name in NONLINEARITY_DEMO_NETS})
        demo = state[DEMO][1].rename(columns=labels)
        st.dataframe(demo, column_config=number_columns(demo.columns))


def show_page() -> None:
    """The whole page."""
    lang = current_language()
    state = st.session_state
    relabel_on_language_change("backprop", (SOURCE, SEED, BATCH, STAGE, TUTORIAL_RANDOM), lang)
    st.title(t("backprop.title", lang))
    st.caption(t("backprop.intro", lang))
    with st.sidebar:
        lesson = choose_lesson(lang)
    net = lesson_network(lesson, lang)

    is_tutorial = lesson.key[0] == "tutorial"
    st.caption(t("backprop.whole_network", lang))
    st.latex(network_formula(net))
    stages = build_stages(net, lesson.X, lesson.y, lesson.learning_rate, lesson.input_names)
    n_stages = len(stages)
    if not 0 <= state.get(STAGE, 0) < n_stages:
        state[STAGE] = 0

    def stage_name(index: int, form: str) -> str:
        stage = stages[index]
        return t(f"backprop.{form}.{stage.kind}", lang, layer=stage.layer)

    st.segmented_control(t("backprop.stage", lang), list(range(n_stages)), key=STAGE,
                         persist_state=KEEP, required=True,
                         format_func=lambda i: f"{i + 1}. {stage_name(i, 'short')}")
    index = state[STAGE]
    stage_buttons(index, n_stages, lang)

    stage = stages[index]
    loss_now = next(s.loss for s in stages if s.kind == "loss")
    formula_column, text_column = st.columns([3, 2], gap="medium")
    with formula_column:
        st.markdown(f"**{index + 1} / {n_stages} · {stage_name(index, 'stage')}**")
        for formula in filter(None, (stage.chain, *stage.formulas)):
            st.latex(formula)
        if is_tutorial:
            show_tutorial_code(stage, lang)
    with text_column:
        st.caption(t("backprop.status", lang, steps=state[STEPS], loss=f"{loss_now:.6g}"))
        st.caption(t(f"backprop.explain.{stage.kind}", lang) + " " + t("backprop.rounded", lang))
    show_matrices(stage)
    with st.expander(t("backprop.exact", lang)):
        st.code(exact_values(stage), language=None)

    st.divider()
    predictions_and_demo(net, lesson, lang)

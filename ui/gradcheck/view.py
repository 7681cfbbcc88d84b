"""The gradient-check page (Streamlit): backpropagation's gradients against centred finite
differences, per parameter, with a switch that breaks the derivative on purpose.

The pure side lives in `ui.gradcheck.model`.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from ui.backprop.lesson import tutorial_lesson
from ui.common.i18n import t
from ui.common.session import current_language, relabel_on_language_change
from ui.gradcheck.model import (
    RESOLUTION,
    STEP,
    THRESHOLD,
    bug_applies,
    error_heatmap_figures,
    report_key,
    run_gradcheck,
    summary_rows,
    verdict_message,
)
from ui.playground.session import playground_or_stand_in

SOURCE, SAMPLES, BROKEN, REPORT = "gc_source", "gc_samples", "gc_broken", "gc_report"
FALLBACK_PLAYGROUND = "gc_fallback_playground"
SOURCES = ("playground", "tutorial")
MAX_SAMPLES = 32
KEEP = "session"  # widget values survive page switches


def choose_network(lang: str):
    """Sidebar: (network, X, y, input names) to check."""
    source = st.segmented_control(
        t("gradcheck.source", lang), SOURCES, key=SOURCE, persist_state=KEEP,
        default=SOURCES[0], required=True,
        format_func=lambda name: t(f"gradcheck.source.{name}", lang),
    )
    if source == "tutorial":
        lesson = tutorial_lesson(0)
        return lesson.start_network(), lesson.X, lesson.y, lesson.input_names
    k = st.number_input(t("gradcheck.samples", lang), 1, MAX_SAMPLES, 8, key=SAMPLES,
                        persist_state=KEEP, help=t("gradcheck.samples.help", lang))
    playground, is_stand_in = playground_or_stand_in(FALLBACK_PLAYGROUND)
    if is_stand_in:
        st.info(t("gradcheck.no_playground", lang), icon="ℹ️")
    problem = playground.problem
    return playground.run.net, problem.X_train[:k], problem.y_train[:k], problem.features


def show_verdict(report, net, broken: bool, lang: str) -> None:
    """Pass, fail or kink in words, the network checked, and what the broken switch does."""
    values = {"max": f"{report.max_error:.1e}", "threshold": f"{report.threshold:g}",
              "failing": report.n_failing, "total": report.n_entries,
              "resolution": f"{RESOLUTION:g}"}
    verdict_text = t(f"gradcheck.verdict.{verdict_message(report)}", lang, **values)
    {"pass": st.success, "fail": st.error, "kink": st.warning}[report.verdict](verdict_text)
    st.caption(t("gradcheck.network", lang, sizes="-".join(map(str, net.sizes)),
                 acts=", ".join(net.activation_names), loss=net.loss_name, n=net.n_params))
    if broken:
        st.caption(t("gradcheck.broken.on", lang))
        if not bug_applies(net):
            st.info(t("gradcheck.broken.no_effect", lang), icon="ℹ️")


def show_table(report, lang: str) -> None:
    """One row per parameter: shape, largest error, entries failing; then the worst entry."""
    st.markdown(f"**{t('gradcheck.table', lang)}**")
    columns = ("parameter", "shape", "max_error", "failing", "ok")
    table = pd.DataFrame(summary_rows(report), columns=columns)
    table["ok"] = table["ok"].map({True: "✓", False: "✗"})
    table.columns = [t(f"gradcheck.col.{name}", lang) for name in columns]
    st.dataframe(table, hide_index=True, column_config={
        t("gradcheck.col.max_error", lang): st.column_config.NumberColumn(format="%.2e"),
    })
    name, index, analytic, numeric, _ = report.worst()
    st.caption(t("gradcheck.worst" if report.n_failing else "gradcheck.largest", lang,
                 name=name, index=list(index), analytic=f"{analytic:.10g}",
                 numeric=f"{numeric:.10g}"))


def show_page() -> None:
    """The whole page."""
    lang = current_language()
    state = st.session_state
    relabel_on_language_change("gradcheck", (SOURCE, SAMPLES, BROKEN), lang)
    st.title(t("gradcheck.title", lang))
    st.caption(t("gradcheck.intro", lang))
    with st.sidebar:
        net, X, y, input_names = choose_network(lang)
        broken = st.toggle(t("gradcheck.broken", lang), key=BROKEN, persist_state=KEEP,
                           help=t("gradcheck.broken.help", lang))

    key = report_key(net, X, y, broken)
    if state.get(REPORT, (None,))[0] != key:  # reruns reuse the last check of the same weights
        state[REPORT] = (key, run_gradcheck(net, X, y, broken=broken))
    report = state[REPORT][1]
    show_verdict(report, net, broken, lang)

    table_column, map_column = st.columns([2, 3], gap="medium")
    with table_column:
        show_table(report, lang)
    with map_column:
        st.markdown(f"**{t('gradcheck.heatmap', lang)}**")
        for i, figure in enumerate(error_heatmap_figures(report, net.sizes, input_names)):
            st.plotly_chart(figure, key=f"gc_heatmap_{i}", width="content",
                            config={"displayModeBar": False})
        st.caption(t("gradcheck.heatmap.caption", lang, exp=round(math.log10(THRESHOLD))))

    formula_column, about_column = st.columns([1, 1], gap="medium")
    with formula_column:
        st.latex(r"\frac{\partial L}{\partial p} \approx \frac{L(p + h) - L(p - h)}{2h}, "
                 rf"\quad h = 10^{{{round(math.log10(STEP))}}}")
        st.latex(r"\text{rel. error} = \frac{|a - n|}{\max(10^{-12},\ |a| + |n|)}")
    with about_column:
        st.markdown(f"**{t('gradcheck.about', lang)}**")
        st.write(t("gradcheck.about.text", lang, threshold=f"{THRESHOLD:g}",
                   resolution=f"{RESOLUTION:g}"))

"""Gradient check: backpropagation's gradients against centred finite differences."""

import math

import pandas as pd
import streamlit as st

from ui.backprop import tutorial_lesson
from ui.gradcheck_view import (
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
from ui.i18n import t
from ui.playground import Playground
from ui.session import (
    current_language,
    current_settings,
    get_playground,
    relabel_on_language_change,
)

SOURCE, SAMPLES, BROKEN, REPORT = "gc_source", "gc_samples", "gc_broken", "gc_report"
FALLBACK_PLAYGROUND = "gc_fallback_playground"
SOURCES = ("playground", "tutorial")
MAX_SAMPLES = 32
KEEP = "session"  # widget values survive page switches

lang = current_language()
state = st.session_state
relabel_on_language_change("gradcheck", (SOURCE, SAMPLES, BROKEN), lang)


def choose_network():
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
    playground = get_playground()
    if playground is None:
        if FALLBACK_PLAYGROUND not in state:
            state[FALLBACK_PLAYGROUND] = Playground(current_settings())
        playground = state[FALLBACK_PLAYGROUND]
        st.info(t("gradcheck.no_playground", lang), icon="ℹ️")
    problem = playground.problem
    return playground.run.net, problem.X_train[:k], problem.y_train[:k], problem.features


st.title(t("gradcheck.title", lang))
st.caption(t("gradcheck.intro", lang))
with st.sidebar:
    net, X, y, input_names = choose_network()
    broken = st.toggle(t("gradcheck.broken", lang), key=BROKEN, persist_state=KEEP,
                       help=t("gradcheck.broken.help", lang))

key = report_key(net, X, y, broken)
if state.get(REPORT, (None,))[0] != key:  # reruns reuse the last check of the same weights
    state[REPORT] = (key, run_gradcheck(net, X, y, broken=broken))
report = state[REPORT][1]
values = {"max": f"{report.max_error:.1e}", "threshold": f"{report.threshold:g}",
          "failing": report.n_failing, "total": report.n_entries, "resolution": f"{RESOLUTION:g}"}
verdict_text = t(f"gradcheck.verdict.{verdict_message(report)}", lang, **values)
{"pass": st.success, "fail": st.error, "kink": st.warning}[report.verdict](verdict_text)
st.caption(t("gradcheck.network", lang, sizes="-".join(map(str, net.sizes)),
             acts=", ".join(net.activation_names), loss=net.loss_name, n=net.n_params))
if broken:
    st.caption(t("gradcheck.broken.on", lang))
    if not bug_applies(net):
        st.info(t("gradcheck.broken.no_effect", lang), icon="ℹ️")

table_column, map_column = st.columns([2, 3], gap="medium")
with table_column:
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

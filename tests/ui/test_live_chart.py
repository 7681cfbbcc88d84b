"""ui.live_chart: payload conversion (pure) and what AppTest sees of live charts."""

from __future__ import annotations

import base64
import json
import math
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from ui.live_chart import (
    COMPONENT_NAME,
    ELEMENT_TYPE,
    chart_payload,
    chart_payloads,
    figure_from_element,
    round_significant,
    to_json_ready,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_round_significant_keeps_four_digits_and_prints_short():
    values = np.array([0.123456, 123456.0, -0.000987654, 1.0, 0.0, 2.5e-7])
    rounded = round_significant(values)
    assert rounded.tolist() == [0.1235, 123500.0, -0.0009877, 1.0, 0.0, 2.5e-7]
    assert json.dumps(rounded.tolist()) == "[0.1235, 123500.0, -0.0009877, 1.0, 0.0, 2.5e-07]"


@given(st.floats(min_value=-1e30, max_value=1e30, allow_nan=False).filter(lambda v: v != 0))
def test_round_significant_error_is_within_half_a_unit_in_the_fourth_digit(value):
    rounded = float(round_significant(np.array([value]))[0])
    assert abs(rounded - value) <= 0.5e-3 * abs(value) * (1 + 1e-9)
    mantissa = repr(abs(rounded)).split("e")[0].replace(".", "").lstrip("0").rstrip("0")
    assert len(mantissa) <= 4


def test_round_significant_passes_nan_and_inf_through():
    rounded = round_significant(np.array([np.nan, np.inf, -np.inf, 0.5]))
    assert np.isnan(rounded[0]) and rounded[1] == np.inf and rounded[2] == -np.inf
    assert rounded[3] == 0.5


def test_to_json_ready_converts_nested_numpy_and_gaps():
    figure = {
        "data": [{
            "type": "heatmap",
            "z": np.array([[0.333333, np.nan], [np.inf, 1.0]], dtype=np.float32),
            "x": np.arange(2),
            "visible": np.bool_(True),
        }],
        "layout": {"height": np.int64(300), "yaxis": {"range": (np.float64(-1.5), 1.5)}},
    }
    plain = to_json_ready(figure)
    assert plain == {
        "data": [{"type": "heatmap", "z": [[0.3333, None], [None, 1.0]], "x": [0, 1],
                  "visible": True}],
        "layout": {"height": 300, "yaxis": {"range": [-1.5, 1.5]}},
    }
    json.dumps(plain, allow_nan=False)  # strict JSON: no NaN or Infinity left


def test_to_json_ready_unwraps_plotly_figures():
    go = pytest.importorskip("plotly.graph_objects")
    figure = go.Figure(go.Scatter(x=np.array([0.0, 1.0]), y=np.array([0.1234567, 2.0])))
    plain = to_json_ready(figure)
    assert plain["data"][0]["type"] == "scatter"
    # plotly 7 stores arrays as base64 typed arrays, which plotly.js reads as they are
    y = plain["data"][0]["y"]
    assert y["dtype"] == "f8"
    assert np.frombuffer(base64.b64decode(y["bdata"]), dtype="f8").tolist() == [0.1234567, 2.0]
    json.dumps(plain, allow_nan=False)


def test_chart_payload_sets_height_revision_and_keeps_modebar():
    payload = chart_payload(
        {"data": [], "layout": {"title": {"text": "t"}}}, height=250, revision=7, on_click=True,
        plotly_url="/component/x/plotly.min.js",
    )
    assert payload["figure"]["layout"] == {"title": {"text": "t"}, "height": 250}
    assert payload["revision"] == 7 and payload["on_click"] is True
    assert payload["height"] == 250
    assert payload["plotly_url"].endswith("plotly.min.js")
    config = payload["figure"]["config"]
    assert config["displaylogo"] is False
    assert config.get("displayModeBar", True) is not False
    assert "toImage" not in config["modeBarButtonsToRemove"]
    assert "sendChartToCloud" in config["modeBarButtonsToRemove"]


def test_chart_payload_keeps_callers_height_and_config():
    payload = chart_payload(
        {"data": [], "layout": {"height": 500},
         "config": {"displaylogo": True, "modeBarButtonsToRemove": ["lasso2d"]}},
        height=250,
    )
    assert payload["figure"]["layout"]["height"] == 500
    assert payload["figure"]["config"]["displaylogo"] is True
    assert payload["figure"]["config"]["modeBarButtonsToRemove"] == ["lasso2d", "sendChartToCloud"]
    assert payload["revision"] is None


LOOP_APP = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    import numpy as np
    import streamlit as st
    from ui.live_chart import LiveChartSlot, live_chart

    left, right = st.columns(2)
    with left:
        slot = LiveChartSlot("field", height=300)
    with right:
        live_chart({{"data": [{{"type": "scatter", "y": np.array([0.5, 0.25])}}]}},
                   key="single-chart", revision=3)
    for frame in range(5):
        slot.draw({{"data": [{{"type": "heatmap", "z": np.full((2, 2), frame / 3)}}]}},
                  revision=frame)
    st.write("loop done")
    """
)


@pytest.fixture
def loop_app_test():
    return AppTest.from_string(LOOP_APP.format(root=str(REPO_ROOT)), default_timeout=30).run()


def test_app_test_sees_the_last_frame_of_a_loop(loop_app_test):
    at = loop_app_test
    assert not at.exception
    charts = [e for e in at.get(ELEMENT_TYPE) if e.proto.component_name == COMPONENT_NAME]
    assert len(charts) == 2  # five draws through one slot leave one element
    payloads = chart_payloads(at)
    assert set(payloads) == {"field", "single-chart"}
    assert payloads["field"]["revision"] == 4
    assert payloads["field"]["figure"]["data"][0]["z"] == [[1.333, 1.333], [1.333, 1.333]]
    assert payloads["single-chart"]["revision"] == 3
    field_element = next(e for e in charts if e.proto.id.endswith("-field"))
    assert figure_from_element(field_element)["layout"]["height"] == 300
    assert at.markdown[0].value == "loop done"


def test_loop_redraws_keep_element_identity_and_code(loop_app_test):
    charts = [e for e in loop_app_test.get(ELEMENT_TYPE)
              if e.proto.component_name == COMPONENT_NAME]
    first_run_ids = {e.proto.id for e in charts}
    js_sources = {e.proto.js_content for e in charts}
    assert len(js_sources) == 1 and "runtime_url" in js_sources.pop()  # the small loader
    assert all(not e.proto.isolate_styles for e in charts)
    rerun = loop_app_test.run()
    assert {e.proto.id for e in rerun.get(ELEMENT_TYPE)} == first_run_ids


def test_scripts_are_served_as_static_files(loop_app_test):
    payload = chart_payloads(loop_app_test)["field"]
    assert payload["plotly_url"].startswith("/component/")
    assert payload["plotly_url"].endswith("/plotly.min.js")
    assert payload["runtime_url"].startswith("/component/")
    assert "/live_chart.js?v=" in payload["runtime_url"]


def test_max_fps_drops_redraws_sent_too_soon():
    app = LOOP_APP.format(root=str(REPO_ROOT)).replace(
        'LiveChartSlot("field", height=300)', 'LiveChartSlot("field", height=300, max_fps=0.001)'
    )
    at = AppTest.from_string(app, default_timeout=30).run()
    assert not at.exception
    assert chart_payloads(at)["field"]["revision"] == 0  # only the run's first draw was sent


def test_on_click_chart_returns_none_without_a_click():
    app = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO_ROOT)!r})
        import streamlit as st
        from ui.live_chart import live_chart
        st.session_state.clicked = live_chart({{"data": []}}, key="clickable", on_click=True)
        """
    )
    at = AppTest.from_string(app, default_timeout=30).run()
    assert not at.exception
    assert at.session_state.clicked is None
    assert chart_payloads(at)["clickable"]["on_click"] is True


def test_rounding_matches_math_for_a_known_value():
    assert round_significant(np.array([math.pi]))[0] == 3.142

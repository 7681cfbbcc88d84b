"""AppTest of the Inside the hidden layer page: loads, Play/Step/Reset, pickers, sources."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.live_chart import chart_payloads

APP_PATH = str(Path(__file__).resolve().parents[2] / "app.py")
CHARTS = {"hs_chart_input", "hs_chart_hidden", "hs_chart_histograms"}


def _open(query: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP_PATH, default_timeout=60)
    app.query_params.update(query or {})
    app.run()
    app.switch_page("views/hidden_space.py")
    app.session_state["hs_frame_limit"] = 3  # each Play runs three frames
    app.run()
    assert not app.exception
    return app


@pytest.fixture
def at() -> AppTest:
    return _open()


def _counters(app: AppTest) -> str:
    return next(m.value for m in app.markdown if m.value.startswith("Epoch"))


def _hidden(app: AppTest) -> dict:
    return chart_payloads(app)["hs_chart_hidden"]["figure"]


def _points(figure: dict) -> list:
    return [trace["x"] for trace in figure["data"] if trace.get("uid", "").startswith("train")]


def test_page_loads_with_the_two_neuron_demo(at):
    assert CHARTS <= set(chart_payloads(at))
    figure = _hidden(at)
    assert figure["layout"]["xaxis"]["title"]["text"] == "layer 1, neuron 0"
    assert figure["layout"]["yaxis"]["title"]["text"] == "layer 1, neuron 1"
    assert figure["data"][0]["visible"] is True  # the whole last layer: output shading shown
    assert "steps **0**" in _counters(at)
    assert at.selectbox(key="hs_layer").options == ["layer 1 (2 neurons)"]


def test_step_and_play_change_counters_and_charts(at):
    before = _points(_hidden(at))
    speed = at.selectbox(key="hs_speed").value  # mini-batches per Step and per frame
    at.button(key="hs_step").click().run()
    assert not at.exception
    assert f"steps **{speed}**" in _counters(at)
    after_step = _points(_hidden(at))
    assert after_step != before
    at.button(key="hs_play").click().run()
    assert not at.exception
    assert f"steps **{4 * speed}**" in _counters(at)
    assert _points(_hidden(at)) != after_step
    at.button(key="hs_play").click().run()  # pause
    at.button(key="hs_reset").click().run()
    assert "steps **0**" in _counters(at)
    assert _points(_hidden(at)) == before


def test_layer_and_neuron_pickers(at):
    at.selectbox(key="hs_source").set_value("circle_6_2").run()
    assert not at.exception
    layer = at.selectbox(key="hs_layer")
    assert layer.options == ["layer 1 (6 neurons)", "layer 2 (2 neurons)"]
    assert layer.value == 1  # the last hidden layer first
    layer.set_value(0).run()
    assert at.selectbox(key="hs_neuron_x").options == [f"neuron {i}" for i in range(6)]
    at.selectbox(key="hs_neuron_x").set_value(4).run()
    at.selectbox(key="hs_neuron_y").set_value(5).run()
    assert not at.exception
    figure = _hidden(at)
    assert figure["layout"]["xaxis"]["title"]["text"] == "layer 1, neuron 4"
    assert figure["layout"]["yaxis"]["title"]["text"] == "layer 1, neuron 5"
    assert figure["data"][0]["visible"] is False  # 2 of 6 neurons: a projection, no shading
    assert any("projection" in caption.value for caption in at.caption)
    histograms = chart_payloads(at)["hs_chart_histograms"]["figure"]
    assert len(histograms["data"]) == 4  # two layers x (activations, deltas)


def test_relu_demo_reports_dead_units(at):
    at.selectbox(key="hs_activation").set_value("relu").run()
    assert not at.exception
    assert any("Dead ReLU units" in m.value and "of 2" in m.value for m in at.markdown)


def test_playground_network_and_a_network_without_hidden_layers():
    at = _open({"hidden": "3"})
    at.selectbox(key="hs_source").set_value("playground").run()
    assert not at.exception
    assert at.selectbox(key="hs_layer").options == ["layer 1 (3 neurons)"]
    assert CHARTS <= set(chart_payloads(at))
    bare = _open({"hidden": "0"})
    bare.selectbox(key="hs_source").set_value("playground").run()
    assert not bare.exception
    assert any("no hidden layer" in info.value for info in bare.info)


def test_page_in_chinese_with_every_demo():
    app = _open({"lang": "zh"})
    assert app.title[0].value == "隐藏层内部"
    for source in ("xor_2", "circle_6_2"):
        app.selectbox(key="hs_source").set_value(source).run()
        assert not app.exception, source
    assert chart_payloads(app)["hs_chart_hidden"]["figure"]["layout"]["xaxis"]["title"][
        "text"] == "第 2 层，神经元 0"

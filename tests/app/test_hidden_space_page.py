"""AppTest of the Inside the hidden layer page: loads, Play/Step/Reset, pickers, sources."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import counters, live_charts, live_frame, open_page, stream

VIEW = "hidden_space"


@pytest.fixture
def at() -> AppTest:
    return open_page(VIEW)


def points(app: AppTest) -> np.ndarray:
    return live_frame(app, VIEW)[1]["hidden.points"].copy()


def test_page_loads_with_the_two_neuron_demo(at):
    shown = live_charts(at, VIEW)
    assert set(shown) == {"input", "hidden", "histograms", "dead"}
    assert shown["hidden"]["x"]["title"] == "layer 1, neuron 1"  # counted from 1, as h1,1
    assert shown["hidden"]["y"]["title"] == "layer 1, neuron 2"
    assert shown["hidden"]["image"] is not None  # the whole last layer: output shading shown
    header, arrays = live_frame(at, VIEW)
    assert "hidden" in arrays and arrays["hidden.points"].shape[1] == 2
    assert counters(at, VIEW)["Steps"] == "0"
    assert at.selectbox(key="hs_layer").options == ["layer 1 (2 neurons)"]


def test_step_and_play_change_counters_and_charts(at):
    before = points(at)
    speed = at.selectbox(key="hs_speed").value  # mini-batches per Step and per frame
    stream(at, "step", VIEW).run()
    assert not at.exception
    assert counters(at, VIEW)["Steps"] == str(speed)
    after_step = points(at)
    assert not np.array_equal(after_step, before)
    stream(at, "play", VIEW, times=3).run()
    assert not at.exception
    assert counters(at, VIEW)["Steps"] == str(4 * speed)
    assert not np.array_equal(points(at), after_step)
    stream(at, "pause", VIEW).run()
    stream(at, "reset", VIEW).run()
    assert counters(at, VIEW)["Steps"] == "0"
    np.testing.assert_array_equal(points(at), before)


def test_layer_and_neuron_pickers(at):
    at.selectbox(key="hs_source").set_value("circle_6_2").run()
    assert not at.exception
    layer = at.selectbox(key="hs_layer")
    assert layer.options == ["layer 1 (6 neurons)", "layer 2 (2 neurons)"]
    assert layer.value == 1  # the last hidden layer first
    layer.set_value(0).run()
    assert at.selectbox(key="hs_neuron_x").options == [f"neuron {i}" for i in range(1, 7)]
    at.selectbox(key="hs_neuron_x").set_value(4).run()
    at.selectbox(key="hs_neuron_y").set_value(5).run()
    assert not at.exception
    hidden = live_charts(at, VIEW)["hidden"]
    assert hidden["x"]["title"] == "layer 1, neuron 5"
    assert hidden["y"]["title"] == "layer 1, neuron 6"
    assert hidden["image"] is None  # 2 of 6 neurons: a projection, no shading
    assert "hidden" not in live_frame(at, VIEW)[1]
    assert any("projection" in caption.value for caption in at.caption)
    panels = live_charts(at, VIEW)["histograms"]["panels"]
    assert len(panels) == 4  # two layers x (activations, deltas)
    arrays = live_frame(at, VIEW)[1]
    assert {"act0", "act1", "delta0", "delta1", "act0.range"} <= set(arrays)


def test_relu_demo_reports_dead_units(at):
    at.selectbox(key="hs_activation").set_value("relu").run()
    assert not at.exception
    dead = live_frame(at, VIEW)[0]["texts"]["dead"]
    assert "Dead ReLU units" in dead and "of 2" in dead


def test_playground_network_and_a_network_without_hidden_layers():
    at = open_page(VIEW, {"hidden": "3"})
    at.selectbox(key="hs_source").set_value("playground").run()
    assert not at.exception
    assert at.selectbox(key="hs_layer").options == ["layer 1 (3 neurons)"]
    assert set(live_charts(at, VIEW)) == {"input", "hidden", "histograms", "dead"}
    bare = open_page(VIEW, {"hidden": "0"})
    bare.selectbox(key="hs_source").set_value("playground").run()
    assert not bare.exception
    assert any("no hidden layer" in info.value for info in bare.info)


def test_page_in_chinese_with_every_demo():
    app = open_page(VIEW, {"lang": "zh"})
    assert app.title[0].value == "隐藏层内部"
    for source in ("xor_2", "circle_6_2"):
        app.selectbox(key="hs_source").set_value(source).run()
        assert not app.exception, source
    assert live_charts(app, VIEW)["hidden"]["x"]["title"] == "第 2 层，神经元 1"

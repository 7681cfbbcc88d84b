"""The playground page in AppTest: loads, Play/Step/Reset, live vs resetting settings."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from nn_core.datasets import DATASETS
from tests.app.helpers import start_app
from ui.live_chart import chart_payloads
from ui.settings import HIDDEN_ACTIVATIONS


def make_app(query: dict | None = None) -> AppTest:
    at = start_app(query)
    assert not at.exception, at.exception
    return at


def playground(at: AppTest):
    return at.session_state["playground"]


def boundary_z(at: AppTest) -> np.ndarray:
    figure = chart_payloads(at)["chart_boundary"]["figure"]
    heatmap = next(trace for trace in figure["data"] if trace["type"] == "heatmap")
    return np.array(heatmap["z"], dtype=float)


def test_page_loads_with_four_charts_and_counters():
    at = make_app()
    payloads = chart_payloads(at)
    assert set(payloads) == {"chart_network", "chart_boundary", "chart_loss", "chart_weights"}
    for payload in payloads.values():
        assert payload["figure"]["data"], "every chart has traces"
    assert any("Epoch" in md.value for md in at.markdown)
    assert playground(at).run.steps == 0


def test_play_trains_and_changes_charts_then_pause_stops():
    at = make_app()
    before = boundary_z(at)
    at.button(key="play_pause").click().run()
    assert not at.exception
    run = playground(at).run
    steps_after_play = run.steps
    assert steps_after_play == 5 * 10  # five frames of `speed` (10) mini-batch steps
    assert not np.allclose(boundary_z(at), before)
    at.button(key="play_pause").click().run()  # pause
    assert not at.session_state["playing"]
    assert playground(at).run.steps == steps_after_play


def test_step_advances_by_one_step_and_reset_starts_over():
    at = make_app()
    at.button(key="step").click().run()
    assert playground(at).run.steps == 1
    initial = playground(at).run.net.get_flat().copy()
    at.button(key="step").click().run()
    assert playground(at).run.steps == 2
    assert not np.array_equal(playground(at).run.net.get_flat(), initial)
    at.button(key="reset").click().run()
    fresh = playground(at).run
    assert fresh.steps == 0 and fresh.epoch == 0


def test_changing_dataset_resets_with_a_notice():
    at = make_app()
    at.button(key="step").click().run()
    at.selectbox(key="w_dataset").set_value("circle").run()
    assert not at.exception
    assert playground(at).run.steps == 0
    assert playground(at).problem.dataset.name == "circle"
    assert any("starts again" in info.value for info in at.info)


def test_changing_learning_rate_keeps_the_network():
    at = make_app()
    at.button(key="step").click().run()
    pg = playground(at)
    weights = pg.run.net.get_flat().copy()
    at.select_slider(key="w_learning_rate").set_value(0.3).run()
    assert playground(at) is pg
    assert pg.run.steps == 1
    assert pg.run.learning_rate == 0.3
    assert np.array_equal(pg.run.net.get_flat(), weights)


def test_divergence_pauses_and_explains():
    at = make_app({"learning_rate": "10", "dataset": "plane", "hidden": "4-2",
                   "activation": "relu", "speed": "50"})
    for _ in range(20):
        at.button(key="play_pause").click().run()
        if playground(at).run.diverged:
            break
        at.button(key="play_pause").click().run()
    run = playground(at).run
    assert run.diverged
    assert not at.session_state["playing"]
    assert at.error and "learning rate" in at.error[0].value
    assert np.isfinite(run.net.get_flat()).all()


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_can_be_selected(name):
    at = make_app()
    at.selectbox(key="w_dataset").set_value(name).run()
    assert not at.exception, at.exception
    at.button(key="step").click().run()
    assert not at.exception, at.exception
    assert playground(at).problem.dataset.name == name


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
def test_every_activation_can_be_selected(activation):
    at = make_app()
    at.selectbox(key="w_activation").set_value(activation).run()
    at.button(key="step").click().run()
    assert not at.exception, at.exception
    assert playground(at).run.net.activation_names[0] == activation


def test_link_settings_are_applied_and_bad_ones_reported():
    at = make_app({"dataset": "moons", "hidden": "3-3-3", "learning_rate": "banana"})
    pg = playground(at)
    assert pg.problem.dataset.name == "moons"
    assert pg.run.net.sizes == [2, 3, 3, 3, 1]
    assert pg.run.learning_rate == 0.03
    assert at.warning and "learning_rate" in at.warning[0].value

"""The playground page in AppTest: loads, Play/Step/Reset through the live view's source, live
vs resetting settings, divergence, every dataset and activation."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from nn_core.datasets import DATASETS
from tests.app.helpers import APP_PATH, counters, live_frame, live_payload, start_app, stream
from ui.common.settings import HIDDEN_ACTIVATIONS


def make_app(query: dict | None = None) -> AppTest:
    at = start_app(query)
    assert not at.exception, at.exception
    return at


def playground(at: AppTest):
    return at.session_state["playground"]


def test_page_loads_with_four_charts_and_counters():
    at = make_app()
    spec = live_payload(at)["spec"]
    assert [chart["name"] for chart in spec["charts"]] == ["network", "boundary", "loss",
                                                          "weights"]
    header, arrays = live_frame(at)
    assert arrays["boundary"].shape == (50, 50) and arrays["thumbs"].shape[0] == 2 + 4 + 2 + 1
    assert counters(at)["Epoch"] == "0" and playground(at).run.steps == 0


def test_play_trains_and_changes_the_frame_then_pause_stops():
    at = make_app()
    before = live_frame(at)[1]["boundary"].copy()
    stream(at, "play", times=5).run()
    assert not at.exception
    assert playground(at).run.steps == 5 * 10  # five frames of `speed` (10) mini-batch steps
    assert live_payload(at)["playing"]
    assert not np.array_equal(live_frame(at)[1]["boundary"], before)
    assert counters(at)["Steps"] == "50"
    stream(at, "pause").run()
    assert not live_payload(at)["playing"]
    assert playground(at).run.steps == 50


def test_step_advances_by_one_step_and_reset_starts_over():
    at = make_app()
    stream(at, "step").run()
    assert playground(at).run.steps == 1
    initial = playground(at).run.net.get_flat().copy()
    stream(at, "step").run()
    assert playground(at).run.steps == 2
    assert not np.array_equal(playground(at).run.net.get_flat(), initial)
    run_id = live_frame(at)[0]["run"]
    stream(at, "reset").run()
    fresh = playground(at).run
    assert fresh.steps == 0 and fresh.epoch == 0
    assert live_frame(at)[0]["run"] != run_id


def test_changing_dataset_resets_with_a_notice_and_stops_playing():
    at = make_app()
    stream(at, "play").run()
    serial = live_payload(at)["play_serial"]
    at.selectbox(key="w_dataset").set_value("circle").run()
    assert not at.exception
    assert playground(at).run.steps == 0
    assert playground(at).problem.dataset.name == "circle"
    assert any("starts again" in info.value for info in at.info)
    payload = live_payload(at)
    assert not payload["playing"] and payload["play_serial"] > serial


def test_changing_learning_rate_keeps_the_network_and_playing():
    at = make_app()
    stream(at, "play").run()
    pg = playground(at)
    weights = pg.run.net.get_flat().copy()
    at.select_slider(key="w_learning_rate").set_value(0.3).run()
    assert playground(at) is pg
    assert pg.run.steps == 10
    assert pg.run.learning_rate == 0.3
    assert np.array_equal(pg.run.net.get_flat(), weights)
    assert live_payload(at)["playing"]  # a live setting does not stop the animation


def test_divergence_stops_and_explains_once():
    at = make_app({"learning_rate": "10", "dataset": "plane", "hidden": "4-2",
                   "activation": "relu", "speed": "50"})
    for _ in range(20):
        stream(at, "play")
        if playground(at).run.diverged:
            break
    at.run()
    run = playground(at).run
    assert run.diverged
    assert not live_payload(at)["playing"]
    header = live_frame(at)[0]
    assert header["diverged"] and "learning rate" in header["alert"]
    assert not at.error  # said once: in the live view, not again by the page
    assert np.isfinite(run.net.get_flat()).all()


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_can_be_selected(name):
    at = make_app()
    at.selectbox(key="w_dataset").set_value(name).run()
    assert not at.exception, at.exception
    stream(at, "step").run()
    assert not at.exception, at.exception
    assert playground(at).problem.dataset.name == name


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
def test_every_activation_can_be_selected(activation):
    at = make_app()
    at.selectbox(key="w_activation").set_value(activation).run()
    stream(at, "step").run()
    assert not at.exception, at.exception
    assert playground(at).run.net.activation_names[0] == activation


def test_link_settings_are_applied_and_bad_ones_reported():
    at = make_app({"dataset": "moons", "hidden": "3-3-3", "learning_rate": "banana"})
    pg = playground(at)
    assert pg.problem.dataset.name == "moons"
    assert pg.run.net.sizes == [2, 3, 3, 3, 1]
    assert pg.run.learning_rate == 0.03
    assert at.warning and "learning_rate" in at.warning[0].value


def test_a_fresh_page_draws_the_charts_before_the_controls():
    at = AppTest.from_file(APP_PATH, default_timeout=60)
    at.run()
    assert live_payload(at)["awaiting_ready"]
    assert not at.selectbox and "Loading the controls" in at.sidebar.caption[0].value
    at.session_state["live_controls_ready"] = True  # what the browser's "ready" sets
    at.run()
    assert not live_payload(at)["awaiting_ready"]
    assert at.selectbox(key="w_dataset").value == "xor"


def test_typing_a_network_shape_builds_it_and_a_typo_is_explained():
    at = make_app()
    at.text_input(key="w_hidden").set_value("8-8-3").run()
    assert playground(at).run.net.sizes == [2, 8, 8, 3, 1]
    assert "hidden=8-8-3" in "&".join(f"{k}={v}" for k, v in at.query_params.items())
    at.text_input(key="w_hidden").set_value("8;8").run()
    assert not at.exception
    assert at.error and "Not a network shape" in at.error[0].value and "8-8-3" in at.error[0].value
    assert playground(at).run.net.sizes == [2, 8, 8, 3, 1]  # the network on screen is kept
    at.text_input(key="w_hidden").set_value("0").run()
    assert playground(at).run.net.sizes == [2, 1] and not at.error

"""The backprop page in AppTest: the numbers it shows are nn_core's on the same seed."""

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import open_page as open_app_page
from tests.app.helpers import page_alone
from ui.backprop.lesson import TUTORIAL_STEPS, tutorial_data, tutorial_network
from ui.backprop.model import build_stages

PAGE = "backprop"


def open_page(lang: str | None = None) -> AppTest:
    return open_app_page(PAGE, {"lang": lang} if lang else None)


def shown_matrices(at: AppTest) -> dict[str, np.ndarray]:
    """Every heatmap panel on the page: its matrix name -> values (z)."""
    shown = {}
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            if trace["type"] == "heatmap":
                name = trace["name"].split("  (")[0]
                shown[name] = np.array(trace["z"], dtype=float)
    return shown


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def test_first_stage_shows_x_w1_z1_a1_of_the_seeded_tutorial_network():
    at = open_page()
    net = tutorial_network(0)
    X, _ = tutorial_data()
    trace = net.forward_trace(X)
    shown = shown_matrices(at)
    assert list(shown) == ["X", "W1", "z1", "a1"]
    np.testing.assert_array_equal(shown["X"], X)
    np.testing.assert_array_equal(shown["W1"], net.params["W1"])
    np.testing.assert_array_equal(shown["z1"], trace.zs[0])
    np.testing.assert_array_equal(shown["a1"], trace.activations[1])
    assert any("z_{1} = X\\,W_{1}" in latex.value for latex in at.latex)


def test_next_walks_every_stage_with_the_cores_deltas_and_gradients():
    at = open_page()
    net = tutorial_network(0)
    X, y = tutorial_data()
    trace = net.backward_trace(X, y)
    _, grads = net.loss_and_grads(X, y)
    expected_stages = build_stages(net, X, y, 1.0)
    seen = {}
    for index, stage in enumerate(expected_stages):
        assert at.session_state["bp_stage"] == index
        shown = shown_matrices(at)
        assert list(shown) == [m.name for m in stage.matrices]
        seen.update({(stage.kind, name): values for name, values in shown.items()})
        if index < len(expected_stages) - 1:
            click(at, "bp_next")
    assert at.button(key="bp_next").disabled
    np.testing.assert_array_equal(seen[("output_delta", "δ2")], trace.deltas[1])
    np.testing.assert_array_equal(seen[("hidden_delta", "δ1")], trace.deltas[0])
    np.testing.assert_array_equal(seen[("gradient", "∂L/∂W2")], grads["W2"])
    np.testing.assert_array_equal(seen[("gradient", "∂L/∂W1")], grads["W1"])
    np.testing.assert_allclose(seen[("update", "W1'")], net.params["W1"] - grads["W1"],
                               rtol=1e-15)
    click(at, "bp_prev")
    assert at.session_state["bp_stage"] == len(expected_stages) - 2


def test_apply_update_takes_the_cores_step_and_returns_to_stage_one():
    at = open_page()
    click(at, "bp_next")
    click(at, "bp_apply")
    net = tutorial_network(0)
    X, y = tutorial_data()
    net.train_batch(X, y, lr=1.0)
    assert at.session_state["bp_stage"] == 0
    assert at.session_state["bp_steps"] == 1
    np.testing.assert_array_equal(shown_matrices(at)["W1"], net.params["W1"])


def test_run_1000_steps_reproduces_the_tutorial_predictions():
    at = open_page()
    click(at, "bp_run")
    table = at.dataframe[0].value
    net = tutorial_network(0)
    X, y = tutorial_data()
    for _ in range(TUTORIAL_STEPS):
        net.train_batch(X, y, lr=1.0)
    np.testing.assert_array_equal(table["ŷ"].to_numpy(), net.predict(X)[:, 0])
    np.testing.assert_array_equal(table["y"].to_numpy(), y[:, 0])
    assert np.all(np.abs(table["ŷ"].to_numpy() - y[:, 0]) < 0.1)
    click(at, "bp_reset")
    assert at.session_state["bp_steps"] == 0
    np.testing.assert_array_equal(shown_matrices(at)["W1"], tutorial_network(0).params["W1"])


def test_seed_changes_the_starting_weights():
    at = open_page()
    at.number_input(key="bp_seed").set_value(3).run()
    assert not at.exception
    np.testing.assert_array_equal(shown_matrices(at)["W1"], tutorial_network(3).params["W1"])


def test_nonlinearity_demo_table_shows_linear_stuck_at_one_half():
    at = open_page()
    demo = at.dataframe[1].value
    assert list(demo.columns) == ["target y", "sigmoid hidden layer", "linear hidden layer",
                                  "no hidden layer"]
    assert np.all(np.abs(demo["linear hidden layer"].to_numpy() - 0.5) < 0.05)
    assert np.all(np.abs(demo["sigmoid hidden layer"] - demo["target y"]).to_numpy() < 0.1)


def test_playground_network_on_a_mini_batch():
    at = open_page()
    at.segmented_control(key="bp_source").set_value("playground").run()
    assert not at.exception, at.exception
    playground = at.session_state["playground"]
    shown = shown_matrices(at)
    assert list(shown) == ["X", "W1", "b1", "z1", "a1"]
    np.testing.assert_array_equal(shown["X"], playground.problem.X_train[:4])
    np.testing.assert_array_equal(shown["W1"], playground.run.net.params["W1"])
    at.number_input(key="bp_batch").set_value(6).run()
    assert shown_matrices(at)["X"].shape == (6, 2)
    assert at.dataframe[0].value.shape[0] == 6
    before = playground.run.net.get_flat().copy()
    click(at, "bp_apply")
    np.testing.assert_array_equal(playground.run.net.get_flat(), before)  # the copy trains
    n_layers = playground.run.net.n_layers
    stage_options = at.segmented_control(key="bp_stage").options
    assert len(stage_options) == n_layers + 2 + 2 * (n_layers - 1) + 2


@pytest.mark.parametrize("lang, title", [("en", "Backpropagation"), ("zh", "反向传播")])
def test_page_speaks_both_languages(lang, title):
    at = open_page(lang)
    assert title in at.title[0].value


def test_playground_source_before_the_playground_ran_uses_a_default_network():
    at = page_alone(PAGE)
    at.session_state["bp_source"] = "playground"
    at.run()
    assert not at.exception, at.exception
    assert "playground" not in at.session_state
    assert any("has not run" in info.value for info in at.info)
    fallback = at.session_state["bp_fallback_playground"]
    np.testing.assert_array_equal(shown_matrices(at)["W1"], fallback.run.net.params["W1"])


def test_choices_survive_a_visit_to_another_page():
    at = open_page()
    at.segmented_control(key="bp_source").set_value("playground").run()
    at.segmented_control(key="bp_stage").set_value(6).run()
    weights = at.session_state["bp_net"].get_flat().copy()
    at.switch_page("views/playground.py")
    at.run()
    at.switch_page("views/backprop.py")
    at.run()
    assert not at.exception, at.exception
    assert at.segmented_control(key="bp_source").value == "playground"
    assert at.session_state["bp_stage"] == 6
    np.testing.assert_array_equal(at.session_state["bp_net"].get_flat(), weights)


def page_texts(at: AppTest) -> str:
    """Every caption, code block and LaTeX formula on the page, joined."""
    parts = [c.value for c in at.caption] + [c.value for c in at.code]
    return "\n".join(parts + [latex.value for latex in at.latex])


def test_tutorial_stages_show_the_tutorials_code_and_the_sign_note_at_the_output_delta():
    at = open_page()
    assert r"\hat{y} = \sigma\big(\sigma(X\,W_{1})\,W_{2}\big)" in page_texts(at)
    assert "self.layer1 = sigmoid(np.dot(self.input, self.weights1))" in page_texts(at)
    at.segmented_control(key="bp_stage").set_value(3).run()  # output delta
    texts = page_texts(at)
    assert "2(y − ŷ)" in texts and "# = −δ₂" in texts and r"\underbrace" in texts
    assert "0.02 / 0.97" in texts


def test_the_tutorials_random_numbers_switch_draws_the_tutorials_weights():
    at = open_page()
    at.toggle(key="bp_tutorial_random").set_value(True).run()
    assert not at.exception, at.exception
    np.testing.assert_array_equal(shown_matrices(at)["W1"],
                                  tutorial_network(0, tutorial_random=True).params["W1"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_playground_network_shows_no_tutorial_only_text(lang):
    at = open_page(lang)
    at.segmented_control(key="bp_source").set_value("playground").run()
    for stage in at.segmented_control(key="bp_stage").options:
        at.segmented_control(key="bp_stage").set_value(int(stage.split(".")[0]) - 1).run()
        texts = page_texts(at)
        assert not [c for c in at.code if c.language == "python"]
        assert "0.02 / 0.97" not in texts and "d_weights" not in texts
        assert "tutorial" not in texts and "教程" not in texts

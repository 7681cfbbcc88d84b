"""ui.backprop.model: the stage tables are nn_core's numbers and the textbook's formulas."""

import numpy as np
import pytest

from nn_core import MLP
from ui.backprop.lesson import (
    Lesson,
    nonlinearity_demo,
    playground_lesson,
    take_steps,
    train_steps,
    tutorial_data,
    tutorial_lesson,
    tutorial_network,
)
from ui.backprop.model import build_stages, matrix_panel, prediction_table, stage_figures
from ui.common.figures.panels import CELL_WIDTH_PX, MAX_FIGURE_WIDTH_PX, PANEL_GAP_PX, panel_rows
from ui.common.settings import Settings
from ui.playground.model import Playground


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def stage(stages, kind, layer=0):
    return next(s for s in stages if s.kind == kind and s.layer == layer)


@pytest.fixture
def tutorial():
    lesson = tutorial_lesson(0)
    net = lesson.start_network()
    np.testing.assert_array_equal(net.get_flat(), tutorial_network(seed=0).get_flat())
    assert lesson.learning_rate == 1.0
    X, y = tutorial_data()
    np.testing.assert_array_equal(lesson.X, X)
    return net, X, y, build_stages(net, X, y, lesson.learning_rate, lesson.input_names)


def test_tutorial_stages_follow_the_textbook_order(tutorial):
    _, _, _, stages = tutorial
    assert [(s.kind, s.layer) for s in stages] == [
        ("forward", 1), ("forward", 2), ("loss", 0), ("output_delta", 2), ("gradient", 2),
        ("hidden_delta", 1), ("gradient", 1), ("update", 0)]


def test_tutorial_network_is_the_tutorials():
    net = tutorial_network(3)
    assert net.sizes == [3, 4, 1] and not net.bias and net.loss_name == "sse"
    assert net.activation_names == ["sigmoid", "sigmoid"]
    w = net.get_flat()
    assert np.all((w >= 0) & (w < 1))
    np.testing.assert_array_equal(w, tutorial_network(3).get_flat())
    assert not np.array_equal(w, tutorial_network(4).get_flat())


def test_forward_stages_hold_x_w_z_and_sigmoid(tutorial):
    net, X, _, stages = tutorial
    first, second = stage(stages, "forward", 1), stage(stages, "forward", 2)
    assert [m.name for m in first.matrices] == ["X", "W1", "z1", "a1"]
    assert [m.name for m in second.matrices] == ["a1", "W2", "z2", "ŷ"]
    W1, W2 = net.params["W1"], net.params["W2"]
    np.testing.assert_array_equal(first.matrix("X").values, X)
    np.testing.assert_array_equal(first.matrix("W1").values, W1)
    np.testing.assert_allclose(first.matrix("z1").values, X @ W1, rtol=1e-15)
    a1 = sigmoid(X @ W1)
    np.testing.assert_allclose(first.matrix("a1").values, a1, rtol=1e-14)
    np.testing.assert_allclose(second.matrix("ŷ").values, sigmoid(a1 @ W2), rtol=1e-14)
    np.testing.assert_array_equal(second.matrix("ŷ").values, net.forward_trace(X).output)
    assert first.matrix("W1").shape == (3, 4)
    assert first.matrix("W1").row_names == ("x1", "x2", "1")


def test_loss_and_output_delta_are_the_sum_of_squares(tutorial):
    net, X, y, stages = tutorial
    y_hat = sigmoid(sigmoid(X @ net.params["W1"]) @ net.params["W2"])
    loss = stage(stages, "loss")
    assert loss.loss == pytest.approx(np.sum((y - y_hat) ** 2), rel=1e-14)
    np.testing.assert_array_equal(loss.matrix("y").values, y)
    delta = stage(stages, "output_delta", 2)
    np.testing.assert_allclose(delta.matrix("∂L/∂ŷ").values, 2 * (y_hat - y), rtol=1e-14)
    np.testing.assert_allclose(delta.matrix("σ'(z2)").values, y_hat * (1 - y_hat), rtol=1e-13)
    np.testing.assert_allclose(delta.matrix("δ2").values, 2 * (y_hat - y) * y_hat * (1 - y_hat),
                               rtol=1e-13)


def test_chain_rule_stages_match_loss_and_grads(tutorial):
    net, X, y, stages = tutorial
    trace = net.backward_trace(X, y)
    _, grads = net.loss_and_grads(X, y)
    a1 = trace.forward.activations[1]
    hidden = stage(stages, "hidden_delta", 1)
    np.testing.assert_allclose(hidden.matrix("δ2·W2ᵀ").values,
                               trace.deltas[1] @ net.params["W2"].T, rtol=1e-15)
    np.testing.assert_allclose(hidden.matrix("σ'(z1)").values, a1 * (1 - a1), rtol=1e-15)
    np.testing.assert_allclose(hidden.matrix("δ1").values,
                               (trace.deltas[1] @ net.params["W2"].T) * a1 * (1 - a1), rtol=1e-13)
    for layer, previous in ((2, a1), (1, X)):
        gradient = stage(stages, "gradient", layer)
        np.testing.assert_array_equal(gradient.matrix(f"∂L/∂W{layer}").values, grads[f"W{layer}"])
        np.testing.assert_allclose(gradient.matrix(f"∂L/∂W{layer}").values,
                                   previous.T @ trace.deltas[layer - 1], rtol=1e-13)


def test_update_stage_is_what_train_batch_does(tutorial):
    net, X, y, stages = tutorial
    update = stage(stages, "update")
    net.train_batch(X, y, lr=1.0)
    for layer in (1, 2):
        np.testing.assert_allclose(update.matrix(f"W{layer}'").values, net.params[f"W{layer}"],
                                   rtol=1e-14, atol=1e-15)
        assert not np.allclose(update.matrix(f"W{layer}").values, net.params[f"W{layer}"])


def check_update_matches_core(net, X, y, lr):
    stages = build_stages(net, X, y, lr)
    update = stage(stages, "update")
    net.train_batch(X, y, lr=lr)
    for name, param in net.params.items():
        np.testing.assert_allclose(update.matrix(name + "'").values.reshape(param.shape), param,
                                   rtol=1e-12, atol=1e-14)
    return stages


def test_playground_network_with_biases_and_two_hidden_layers():
    playground = Playground(Settings())
    lesson = playground_lesson(playground, 4)
    net = lesson.start_network()
    assert net is not playground.run.net
    np.testing.assert_array_equal(net.get_flat(), playground.run.net.get_flat())
    stages = check_update_matches_core(net, lesson.X, lesson.y, lesson.learning_rate)
    assert [(s.kind, s.layer) for s in stages] == [
        ("forward", 1), ("forward", 2), ("forward", 3), ("loss", 0), ("output_delta", 3),
        ("gradient", 3), ("hidden_delta", 2), ("gradient", 2), ("hidden_delta", 1),
        ("gradient", 1), ("update", 0)]
    first = stage(stages, "forward", 1)
    assert [m.name for m in first.matrices] == ["X", "W1", "b1", "z1", "a1"]
    assert first.matrix("X").col_names == ("x1", "x2")
    # sigmoid + bce: delta_L = (y_hat - y) / n
    delta = stage(stages, "output_delta", 3)
    np.testing.assert_allclose(delta.matrix("δ3").values, delta.matrix("ŷ − y").values / 4,
                               rtol=1e-14)
    gradient = stage(stages, "gradient", 1)
    np.testing.assert_allclose(gradient.matrix("∂L/∂b1").values[0],
                               gradient.matrix("δ1").values.sum(axis=0), rtol=1e-13)


def test_softmax_cross_entropy_with_integer_labels():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 2))
    labels = np.array([0, 2, 1, 2, 0])
    net = MLP([2, 3, 3], "tanh", "softmax", "ce", seed=1)
    stages = check_update_matches_core(net, X, labels, 0.5)
    target = stage(stages, "loss").matrix("y").values
    np.testing.assert_array_equal(target.argmax(axis=1), labels)
    assert stage(stages, "output_delta", 2).formulas[0].startswith(r"\delta_{L}")


def test_l2_regularization_appears_in_the_gradient():
    X, y = tutorial_data()
    net = MLP([3, 2, 1], "tanh", "sigmoid", "mse", regularization="l2", reg_rate=0.1, seed=2)
    stages = check_update_matches_core(net, X, y, 0.3)
    gradient = stage(stages, "gradient", 1)
    assert r"\lambda W_{1}" in gradient.formulas[0]
    plain = gradient.matrix("Xᵀ").values @ gradient.matrix("δ1").values
    assert not np.allclose(gradient.matrix("∂L/∂W1").values, plain)


def test_thousand_steps_reproduce_the_tutorial_table():
    lesson = tutorial_lesson(0)
    net = lesson.start_network()
    assert take_steps(net, lesson, 1000)
    table = prediction_table(net, lesson.X, lesson.y)
    np.testing.assert_array_equal(table["y"], [0, 1, 1, 0])
    assert np.all(np.abs(table["ŷ"] - table["y"]) < 0.1)
    reference = tutorial_network(0)
    train_steps(reference, lesson.X, lesson.y, 1.0, 1000)
    np.testing.assert_array_equal(table["ŷ"], reference.predict(lesson.X)[:, 0])


def test_nonlinearity_demo_linear_and_no_hidden_layer_stay_at_one_half():
    demo = nonlinearity_demo(seed=0)
    assert list(demo.columns) == ["y", "sigmoid", "linear", "none"]
    assert np.all(np.abs(demo["sigmoid"] - demo["y"]) < 0.1)
    for column in ("linear", "none"):
        assert np.all(np.abs(demo[column] - 0.5) < 0.05), column


def test_take_steps_restores_weights_when_training_blows_up():
    X = np.array([[50.0, -40.0], [30.0, 20.0]])
    y = np.array([[1.0], [-1.0]])
    lesson = Lesson(("test",), lambda: MLP([2, 3, 1], "linear", "linear", "sse", seed=0),
                    X, y, 1e6, ("x1", "x2"))
    net = lesson.start_network()
    before = net.get_flat()
    assert not take_steps(net, lesson, 50)
    np.testing.assert_array_equal(net.get_flat(), before)


def test_matrix_panel_rounds_text_and_keeps_exact_values(tutorial):
    _, _, _, stages = tutorial
    matrix = stage(stages, "forward", 1).matrix("z1")
    panel = matrix_panel(matrix)
    np.testing.assert_array_equal(panel.z, matrix.values)
    assert panel.text[0, 0] == f"{matrix.values[0, 0]:.3f}"
    assert panel.hover[1, 2].endswith(repr(matrix.values[1, 2]))
    assert panel.zmin == -panel.zmax == -np.abs(matrix.values).max()
    tiny = matrix_panel(type(matrix)("t", "t", np.array([[-1e-5, 0.0005]]), ("r",), ("a", "b")))
    assert list(tiny.text[0]) == ["0.000", "0.001"]


def test_stage_figures_show_every_matrix_once_and_wrap_wide_rows():
    playground = Playground(Settings(hidden=(8, 8)))
    lesson = playground_lesson(playground, 4)
    stages = build_stages(lesson.start_network(), lesson.X, lesson.y, lesson.learning_rate)
    for item in stages:
        figures = stage_figures(item)
        heatmaps = [trace for figure in figures for trace in figure["data"]]
        assert len(heatmaps) == len(item.matrices)
        for trace, matrix in zip(heatmaps, item.matrices, strict=True):
            np.testing.assert_array_equal(np.array(trace["z"]), matrix.values)
        for figure in figures:
            assert figure["layout"]["width"] <= MAX_FIGURE_WIDTH_PX + 2 * PANEL_GAP_PX
    update = stage(stages, "update")
    assert len(stage_figures(update)) > 1  # 8-wide layers do not fit in one row


def test_panel_rows_never_leave_a_row_empty():
    wide = matrix_panel(stage(build_stages(*_wide_net()), "forward", 1).matrix("W1"))
    assert wide.z.shape[1] * CELL_WIDTH_PX > MAX_FIGURE_WIDTH_PX
    rows = panel_rows([wide, wide])
    assert [len(row) for row in rows] == [1, 1]


def _wide_net():
    X = np.zeros((2, 2))
    return MLP([2, 30, 1], seed=0), X, np.zeros((2, 1)), 0.1

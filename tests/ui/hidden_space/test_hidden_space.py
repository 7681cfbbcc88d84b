"""Inside the hidden layer: lattice mapping, hidden planes, ranges, histograms, dead units."""

import numpy as np
import pytest

from nn_core import MLP
from nn_core.datasets import add_features
from ui.common.settings import Settings
from ui.hidden_space.model import (
    FIXED_MARGIN,
    GROW_RATE,
    SHRINK_RATE,
    HiddenSpace,
    activation_range,
    adapt_range,
    dead_counts,
    dead_units,
    demo_settings,
    histogram,
    lattice_lines,
    layer_stats,
    map_lines,
    output_from_hidden,
    target_range,
)

DOMAIN = (-6.0, 6.0, -4.0, 4.0)


def test_lattice_has_vertical_then_horizontal_lines_over_the_domain():
    lines = lattice_lines(DOMAIN, n_lines=15, n_points=30)
    assert lines.shape == (30, 30, 2)
    vertical, horizontal = lines[:15], lines[15:]
    assert np.all(vertical[:, :, 0] == vertical[:, :1, 0])  # constant x1 along each line
    assert np.all(horizontal[:, :, 1] == horizontal[:, :1, 1])
    np.testing.assert_allclose(vertical[:, 0, 0], np.linspace(-6, 6, 15))
    np.testing.assert_allclose(vertical[0, :, 1], np.linspace(-4, 4, 30))
    np.testing.assert_allclose(horizontal[:, 0, 1], np.linspace(-4, 4, 15))
    assert lines[..., 0].min() == -6 and lines[..., 0].max() == 6


def test_mapping_equals_the_hidden_layer_by_hand():
    net = MLP([2, 3, 1], activation="tanh", seed=4)
    lines = lattice_lines(DOMAIN, n_lines=5, n_points=7)
    mapped = map_lines(net, lines, ("x1", "x2"), 0)
    assert mapped.shape == (10, 7, 3)
    by_hand = np.tanh(lines.reshape(-1, 2) @ net.params["W1"] + net.params["b1"])
    np.testing.assert_allclose(mapped.reshape(-1, 3), by_hand, rtol=1e-12, atol=1e-12)


def test_mapping_of_a_deeper_layer_with_features_equals_hidden_outputs():
    features = ("x1", "x2", "x1*x2")
    net = MLP([3, 4, 2, 1], activation="relu", seed=1)
    lines = lattice_lines(DOMAIN, n_lines=4, n_points=6)
    mapped = map_lines(net, lines, features, 1)
    expected = net.hidden_outputs(add_features(lines.reshape(-1, 2), features))[1]
    np.testing.assert_array_equal(mapped.reshape(-1, 2), expected)
    h1 = np.maximum(add_features(lines.reshape(-1, 2), features) @ net.params["W1"]
                    + net.params["b1"], 0)
    h2 = np.maximum(h1 @ net.params["W2"] + net.params["b2"], 0)
    np.testing.assert_allclose(mapped.reshape(-1, 2), h2, atol=1e-12)


def test_dead_relu_unit_is_counted():
    net = MLP([2, 3, 1], activation="relu", seed=0)
    X = np.random.default_rng(0).uniform(-1, 1, (50, 2))
    net.params["W1"][:, 1] = [0.5, -0.5]
    net.params["b1"][1] = -5.0   # z = 0.5 x1 - 0.5 x2 - 5 < 0 on [-1, 1]^2: always 0
    net.params["W1"][:, 0] = [1.0, 0.0]
    net.params["b1"][0] = 0.0    # alive for x1 > 0
    net.params["W1"][:, 2] = [0.0, 1.0]
    net.params["b1"][2] = 2.0    # always positive
    hidden = net.hidden_outputs(X)
    assert dead_units(hidden[0]).tolist() == [False, True, False]
    assert dead_counts(hidden) == [1]
    net.params["b1"][1] = 0.0    # revive it
    assert dead_counts(net.hidden_outputs(X)) == [0]


def test_layer_stats_match_the_traces():
    net = MLP([2, 4, 3, 1], activation="tanh", seed=2)
    X = np.random.default_rng(1).normal(size=(20, 2))
    y = (X[:, :1] > 0).astype(float)
    stats = layer_stats(net, X, y)
    assert stats.names == ["tanh", "tanh"]
    for got, expected in zip(stats.activations, net.hidden_outputs(X), strict=True):
        np.testing.assert_allclose(got, expected, atol=1e-12)
    trace = net.backward_trace(X, y)
    assert [d.shape for d in stats.deltas] == [(20, 4), (20, 3)]
    np.testing.assert_array_equal(stats.deltas[0], trace.deltas[0])


def test_histogram_counts_sum_to_the_number_of_values():
    values = np.random.default_rng(0).normal(size=(100, 3))
    counts, edges = histogram(values, (-1.0, 1.0), bins=10)   # many values lie outside
    assert counts.sum() == 300
    assert len(edges) == 11 and edges[0] == -1 and edges[-1] == 1
    assert counts[0] >= np.sum(values < -0.8)
    with_nan = np.append(values.ravel(), [np.nan, np.inf])
    assert histogram(with_nan, (-1.0, 1.0), bins=10)[0].sum() == 300


def test_fixed_ranges_for_bounded_activations():
    assert activation_range("tanh") == pytest.approx((-1 - 2 * FIXED_MARGIN, 1 + 2 * FIXED_MARGIN))
    assert activation_range("sigmoid") == pytest.approx((-FIXED_MARGIN, 1 + FIXED_MARGIN))
    assert activation_range("relu") is None
    assert activation_range("linear") is None


def test_adaptive_range_moves_slowly_toward_the_data():
    assert adapt_range(None, np.array([0.0, 10.0])) == target_range(np.array([0.0, 10.0]))
    lo, hi = target_range(np.array([0.0, 20.0]))
    grown = adapt_range((-0.5, 10.5), np.array([0.0, 20.0]))
    assert grown[1] == pytest.approx(10.5 + GROW_RATE * (hi - 10.5))
    assert lo < -0.5 and grown[0] == pytest.approx(-0.5 + GROW_RATE * (lo + 0.5))
    shrunk = adapt_range((-0.5, 10.5), np.array([0.0, 1.0]))
    assert 1.05 < shrunk[1] < 10.5
    assert shrunk[1] == pytest.approx(10.5 + SHRINK_RATE * (1.05 - 10.5))
    assert target_range(np.array([3.0, 3.0]))[0] < 3 < target_range(np.array([3.0, 3.0]))[1]


def test_output_from_the_last_hidden_layer_equals_predict():
    for sizes, output, loss in (([2, 5, 2, 1], "sigmoid", "bce"), ([2, 3, 3], "softmax", "ce")):
        net = MLP(sizes, activation="tanh", output_activation=output, loss=loss, seed=3)
        X = np.random.default_rng(2).normal(size=(15, 2))
        hidden = net.hidden_outputs(X)[-1]
        np.testing.assert_allclose(output_from_hidden(net, hidden), net.predict(X), atol=1e-12)


def _model(hidden=(2,), activation="tanh", dataset="circle") -> HiddenSpace:
    return HiddenSpace.from_settings(Settings(dataset=dataset, hidden=hidden,
                                              activation=activation, n_points=100))


def test_hidden_plane_shows_the_mapped_points_and_lattice():
    model = _model(hidden=(3, 2))
    model.train(20)
    plane = model.hidden_plane(0, 2, 0)
    hidden = model.net.hidden_outputs(model.problem.X_train)[0]
    np.testing.assert_allclose(plane.points[:, 0], hidden[:, 2])  # x = neuron 2
    np.testing.assert_allclose(plane.points[:, 1], hidden[:, 0])  # y = neuron 0
    lattice = map_lines(model.net, model.lines, model.problem.features, 0)
    np.testing.assert_allclose(plane.lines[..., 0], lattice[..., 2])
    np.testing.assert_allclose(plane.lines[..., 1], lattice[..., 0])
    assert plane.x_range == pytest.approx(activation_range("tanh"))
    assert plane.background is None  # layer 1 is not the last: no output shading


def test_output_shading_only_for_the_whole_last_layer():
    model = _model(hidden=(2,))
    shaded = model.hidden_plane(0, 0, 1).background
    assert shaded is not None and shaded.shape == (40, 40, 1)
    assert 0 <= shaded.min() and shaded.max() <= 1
    swapped = model.hidden_plane(0, 1, 0).background
    np.testing.assert_allclose(swapped[..., 0], shaded[..., 0].T, atol=1e-9)  # axes swapped
    assert model.hidden_plane(0, 1, 1).background is None
    assert model.shades_output(0, 0, 1) and not model.shades_output(0, 1, 1)


def test_shading_rows_run_up_the_y_neuron():
    """Row r of the background is the output at y = r-th grid value (row 0 at the bottom)."""
    model = _model(hidden=(2,))
    plane = model.hidden_plane(0, 0, 1)
    hx = np.linspace(*plane.x_range, 40)
    hy = np.linspace(*plane.y_range, 40)
    expected = output_from_hidden(model.net, np.array([[hx[3], hy[30]]]))[0, 0]
    assert plane.background[30, 3, 0] == pytest.approx(expected)


def test_relu_axes_adapt_and_are_remembered():
    model = _model(hidden=(2,), activation="relu")
    first = model.hidden_plane(0, 0, 1).x_range
    assert model.ranges["x0:0"] == tuple(first)
    model.train(200)
    second = model.hidden_plane(0, 0, 1).x_range
    assert second != first and model.ranges["x0:0"] == tuple(second)


def test_histograms_count_every_training_value():
    model = _model(hidden=(4, 3), activation="relu")
    model.train(5)
    histograms = model.histograms(model.stats())
    n = len(model.problem.X_train)
    assert len(histograms) == 2
    (acts0, act_range0), (deltas0, _) = histograms[0]
    (acts1, _), (deltas1, _) = histograms[1]
    assert np.sum(acts0) == n * 4 and np.sum(deltas0) == n * 4
    assert np.sum(acts1) == n * 3 and np.sum(deltas1) == n * 3
    assert act_range0[0] < act_range0[1]


def test_copy_of_a_run_trains_without_touching_the_original():
    original = _model(hidden=(3,))
    before = original.net.get_flat()
    copy = HiddenSpace.from_run(original.run, original.problem)
    np.testing.assert_array_equal(copy.net.get_flat(), before)
    copy.train(10)
    np.testing.assert_array_equal(original.net.get_flat(), before)
    assert not np.array_equal(copy.net.get_flat(), before)
    assert original.run.steps == 0 and copy.run.steps == 10


def test_demo_networks_have_a_two_neuron_last_layer():
    for demo in ("circle_2", "xor_2", "circle_6_2"):
        settings = demo_settings(demo, "relu")
        assert settings.hidden[-1] == 2 and settings.activation == "relu"
    assert demo_settings("circle_2").hidden == (2,)

"""ui.gradcheck.model: the real core passes, the deliberately wrong derivative fails."""

import numpy as np
import pytest

from nn_core import MLP, get_activation, gradcheck
from nn_core.gradcheck import elementwise_relative_error
from ui.backprop.lesson import tutorial_data, tutorial_network
from ui.gradcheck.model import (
    LOG_ERROR_MAX,
    LOG_ERROR_MIN,
    RESOLUTION,
    THRESHOLD,
    GradcheckReport,
    ParamCheck,
    bug_applies,
    decide,
    error_colorscale,
    error_heatmap_figures,
    near_kink,
    report_key,
    run_gradcheck,
    summary_rows,
    true_derivative,
    verdict_message,
    wrong_derivative,
)

RNG = np.random.default_rng(7)
X_SMALL = RNG.normal(size=(6, 2))
Y_BINARY = (X_SMALL[:, :1] * X_SMALL[:, 1:] > 0).astype(float)
NETWORKS = [
    (MLP([2, 4, 2, 1], "tanh", "sigmoid", "bce", seed=0), Y_BINARY),
    (MLP([2, 3, 1], "sigmoid", "linear", "mse", seed=1), X_SMALL[:, :1] ** 2),
    (MLP([2, 5, 3], "softplus", "softmax", "ce", seed=2), np.array([0, 1, 2, 2, 1, 0])),
    (MLP([2, 3, 1], "sin", "sigmoid", "bce", regularization="l2", reg_rate=0.05, seed=3),
     Y_BINARY),
]


@pytest.mark.parametrize("net, y", NETWORKS)
def test_manual_backprop_with_the_true_derivative_equals_the_core(net, y):
    _, grads = net.loss_and_grads(X_SMALL, y)
    manual = net.backward_trace(X_SMALL, y, true_derivative).grads
    assert list(manual) == list(grads)
    for name in grads:
        np.testing.assert_allclose(manual[name], grads[name], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("net, y", NETWORKS)
def test_real_core_passes_and_matches_nn_core_gradcheck(net, y):
    before = net.get_flat()
    report = run_gradcheck(net, X_SMALL, y)
    assert report.verdict == "pass" and report.n_failing == 0
    assert report.max_error < THRESHOLD
    core = gradcheck(net, X_SMALL, y)
    for check in report.params:
        assert check.max_error == pytest.approx(core[check.name], rel=1e-9, abs=1e-15)
    np.testing.assert_array_equal(net.get_flat(), before)  # the check never moves the weights


@pytest.mark.parametrize("net, y", NETWORKS)
def test_wrong_derivative_fails(net, y):
    report = run_gradcheck(net, X_SMALL, y, broken=True)
    assert report.broken and report.verdict == "fail"
    assert report.max_error > 1e-2
    first = report.params[0]  # W1 lies upstream of every wrong derivative
    assert first.name == "W1" and first.n_failing() == first.errors.size


def test_tutorial_network_pass_and_broken_fail():
    X, y = tutorial_data()
    net = tutorial_network(0)
    assert run_gradcheck(net, X, y).verdict == "pass"
    broken = run_gradcheck(net, X, y, broken=True)
    assert broken.verdict == "fail"
    name, index, analytic, numeric, error = broken.worst()
    _, grads = net.loss_and_grads(X, y)
    assert numeric == pytest.approx(grads[name][index], rel=1e-6)
    assert error == broken.max_error


def test_wrong_derivative_is_sigma_instead_of_sigma_one_minus_sigma():
    z = np.array([[0.0, 2.0]])
    a = 1 / (1 + np.exp(-z))
    sigmoid = get_activation("sigmoid")
    np.testing.assert_allclose(true_derivative(sigmoid, z, a), a * (1 - a))
    np.testing.assert_array_equal(wrong_derivative(sigmoid, z, a), a)


def test_elementwise_relative_error_formula():
    a = np.array([1.0, 0.0, -2.0, 1e-20])
    n = np.array([1.0, 0.0, 2.0, 0.0])
    np.testing.assert_allclose(elementwise_relative_error(a, n), [0.0, 0.0, 1.0, 1e-8])


def _check(errors, difference=1.0):
    errors = np.asarray(errors, float)
    return ParamCheck("W1", errors + difference, errors, errors)


def test_decide_pass_fail_and_isolated_kink():
    clean = (_check(np.full(20, 1e-9)),)
    assert decide(clean, THRESHOLD, kink=True) == "pass"
    one_bad = (_check([*np.full(19, 1e-9), 0.3]),)
    assert decide(one_bad, THRESHOLD, kink=True) == "kink"
    assert decide(one_bad, THRESHOLD, kink=False) == "fail"
    many_bad = (_check([*np.full(10, 1e-9), *np.full(10, 0.3)]),)
    assert decide(many_bad, THRESHOLD, kink=True) == "fail"
    nan = (_check([np.nan, *np.full(19, 1e-9)]),)
    assert decide(nan, THRESHOLD, kink=False) == "fail"
    unresolved = (_check([*np.full(19, 1e-9), 0.3], difference=RESOLUTION / 10),)
    assert decide(unresolved, THRESHOLD, kink=False) == "pass"
    assert unresolved[0].unresolved().sum() == 1


def test_tiny_gradients_below_resolution_do_not_fail():
    """Relative error 0.1 between 1e-11 and 1.2e-11 is finite-difference noise, not a bug."""
    check = ParamCheck("W1", np.array([1e-11, 0.5]), np.array([1.2e-11, 0.5]),
                       elementwise_relative_error([1e-11, 0.5], [1.2e-11, 0.5]))
    assert check.max_error > 0.05
    assert check.n_failing() == 0
    assert list(check.unresolved()) == [True, False]


def test_verdict_message_names_passes_limited_by_resolution():
    def report(check, verdict):
        return GradcheckReport((check,), THRESHOLD, verdict, False, False)

    clean = ParamCheck("W1", np.array([0.5]), np.array([0.5]), np.array([1e-12]))
    tiny = ParamCheck("W1", np.array([1e-11]), np.array([1.2e-11]), np.array([0.09]))
    assert verdict_message(report(clean, "pass")) == "pass"
    assert verdict_message(report(tiny, decide((tiny,), THRESHOLD, False))) == "pass_resolution"
    assert verdict_message(report(clean, "fail")) == "fail"


def test_report_key_changes_with_weights_data_and_bug_switch():
    net, y = NETWORKS[0]
    key = report_key(net, X_SMALL, y, False)
    assert key == report_key(net.copy(), X_SMALL.copy(), y.copy(), False)
    assert key != report_key(net, X_SMALL, y, True)
    assert key != report_key(net, X_SMALL[:5], y[:5], False)
    moved = net.copy()
    moved.params["W1"][0, 0] += 1e-9
    assert key != report_key(moved, X_SMALL, y, False)


def test_relu_units_at_their_kink_are_detected():
    net = MLP([2, 3, 1], "relu", "sigmoid", "bce", seed=0)
    X = np.zeros((2, 2))  # zero inputs and zero biases: every hidden z is exactly 0
    assert near_kink(net, X)
    assert not near_kink(MLP([2, 3, 1], "tanh", "sigmoid", "bce", seed=0), X)
    net.params["b1"][...] = 1.0  # every hidden z is now 1 on zero inputs
    assert not near_kink(net, X)


def test_bug_applies_except_softmax_without_hidden_layer():
    assert bug_applies(MLP([2, 1], "tanh", "sigmoid", "bce"))
    assert bug_applies(MLP([2, 3, 3], "tanh", "softmax", "ce"))
    assert not bug_applies(MLP([2, 3], "tanh", "softmax", "ce"))


def test_summary_rows_and_heatmap_hold_the_errors():
    net, y = NETWORKS[0]
    report = run_gradcheck(net, X_SMALL, y, broken=True)
    rows = summary_rows(report)
    assert [row["parameter"] for row in rows] == list(net.params)
    assert rows[0]["shape"] == "2×4" and rows[1]["shape"] == "4"
    assert all(row["ok"] == (row["failing"] == 0) for row in rows)
    assert rows[0]["failing"] == report.params[0].errors.size
    figures = error_heatmap_figures(report, net.sizes, ("x1", "x2"))
    traces = [trace for figure in figures for trace in figure["data"]]
    assert [trace["name"] for trace in traces] == list(net.params)
    for trace, check in zip(traces, report.params, strict=True):
        z = np.array(trace["z"], dtype=float)
        expected = np.log10(np.maximum(check.errors, 1e-16)).reshape(z.shape)
        np.testing.assert_allclose(z, expected)
        assert (trace["zmin"], trace["zmax"]) == (LOG_ERROR_MIN, LOG_ERROR_MAX)
    assert traces[0]["y"] == ["x1", "x2"] and traces[1]["y"] == ["b"]


def test_colorscale_steps_at_the_threshold():
    scale = error_colorscale(1e-6)
    cut = (-6 - LOG_ERROR_MIN) / (LOG_ERROR_MAX - LOG_ERROR_MIN)
    positions = [stop[0] for stop in scale]
    assert positions == sorted(positions) and positions.count(cut) == 2

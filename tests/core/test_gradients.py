"""Finite-difference gradient checks (centred, h = 1e-5, float64) and trace consistency."""

import numpy as np
import pytest

from nn_core import ACTIVATIONS, MLP, gradcheck
from nn_core.gradcheck import numeric_grads, relative_error

OUTPUT_FOR_LOSS = {"bce": ("sigmoid", 1), "ce": ("softmax", 3), "mse": ("linear", 2),
                   "sse": ("sigmoid", 1)}
KINK_MARGIN = 1e-3  # |z| must exceed this so a 1e-5 step never crosses a ReLU kink
MIN_GRAD = 1e-4  # relative error is meaningless for entries near round-off (~1e-16 L / h)
MAX_ATTEMPTS = 60


def _targets(loss, rng, n, k):
    if loss == "bce":
        return (rng.random((n, 1)) > 0.5).astype(float)
    if loss == "ce":
        return rng.integers(0, k, n)
    if loss == "mse":
        return rng.normal(size=(n, k))
    return rng.random((n, 1))


def _well_posed_case(hidden_act, loss, depth, output_act=None):
    """A seeded (net, X, y) away from kinks whose analytic gradients are not at round-off level.

    Returns the case and the number of attempts it took; fails the test when none is found.
    """
    out_name, k = OUTPUT_FOR_LOSS[loss]
    out_name = output_act or out_name
    for attempt in range(MAX_ATTEMPTS):
        rng = np.random.default_rng(1000 + attempt)
        X = rng.uniform(-2, 2, (5, 3))
        y = _targets(loss, rng, 5, k)
        net = MLP([3] + [4] * depth + [k], hidden_act, out_name, loss, seed=attempt)
        zs = net.forward_trace(X).zs
        if min(np.abs(z).min() for z in zs) < KINK_MARGIN:
            continue
        loss_value, grads = net.loss_and_grads(X, y)
        magnitudes = np.abs(np.concatenate([g.ravel() for g in grads.values()]))
        nonzero = magnitudes[magnitudes > 0]  # exact zeros (dead ReLU paths) are fine
        if nonzero.size == 0 or nonzero.min() < MIN_GRAD * max(1.0, loss_value):
            continue
        return net, X, y
    pytest.fail(f"no well-posed case for {hidden_act}/{loss}/depth {depth} "
                f"in {MAX_ATTEMPTS} attempts")


@pytest.mark.parametrize("depth", [0, 1, 3])
@pytest.mark.parametrize("loss", ["bce", "ce", "mse", "sse"])
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_gradients_match_finite_differences(activation, loss, depth):
    net, X, y = _well_posed_case(activation, loss, depth)
    errors = gradcheck(net, X, y, h=1e-5)
    assert set(errors) == set(net.params)
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("output_act", sorted(ACTIVATIONS))
@pytest.mark.parametrize("loss", ["mse", "sse"])
def test_gradients_for_every_output_activation(output_act, loss):
    net, X, y = _well_posed_case("tanh", loss, 1, output_act=output_act)
    assert max(gradcheck(net, X, y).values()) < 1e-6


@pytest.mark.parametrize("regularization", ["l1", "l2"])
def test_regularization_gradients(regularization):
    net, X, y = _well_posed_case("tanh", "bce", 1)
    net.regularization, net.reg_rate = regularization, 0.05
    assert max(gradcheck(net, X, y).values()) < 1e-6
    # the penalty is in the loss and only on the weights
    _, with_reg = net.loss_and_grads(X, y)
    net.reg_rate = 0.0
    _, without = net.loss_and_grads(X, y)
    for i in (1, 2):
        W = net.params[f"W{i}"]
        expected = 0.05 * (W if regularization == "l2" else np.sign(W))
        np.testing.assert_allclose(with_reg[f"W{i}"] - without[f"W{i}"], expected, atol=1e-14)
        np.testing.assert_array_equal(with_reg[f"b{i}"], without[f"b{i}"])


def test_regularization_penalty_value():
    net = MLP([2, 3, 1], seed=0, regularization="l2", reg_rate=0.1)
    X, y = np.array([[0.5, -1.0]]), np.array([[1.0]])
    plain = MLP.from_dict({**net.to_dict(), "config": {**net.config(), "reg_rate": 0.0}})
    weights_sq = sum(np.sum(net.params[f"W{i}"] ** 2) for i in (1, 2))
    assert net.loss(X, y) == pytest.approx(plain.loss(X, y) + 0.05 * weights_sq, rel=1e-12)
    net.regularization = "l1"
    weights_abs = sum(np.sum(np.abs(net.params[f"W{i}"])) for i in (1, 2))
    assert net.loss(X, y) == pytest.approx(plain.loss(X, y) + 0.1 * weights_abs, rel=1e-12)


def test_gradcheck_detects_a_wrong_gradient():
    net, X, y = _well_posed_case("tanh", "mse", 1)
    _, grads = net.loss_and_grads(X, y)
    numeric = numeric_grads(net, X, y)
    assert relative_error(grads["W1"], numeric["W1"]) < 1e-6
    assert relative_error(grads["W1"] * 1.01, numeric["W1"]) > 1e-3


def test_tutorial_network_without_bias_gradients():
    rng = np.random.default_rng(3)
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    net = MLP([3, 4, 1], "sigmoid", "sigmoid", "sse", bias=False, init="uniform01", rng=rng)
    assert set(net.params) == {"W1", "W2"}
    assert max(gradcheck(net, X, y).values()) < 1e-6


@pytest.mark.parametrize("loss", ["bce", "ce", "mse", "sse"])
def test_backward_trace_equals_loss_and_grads(loss):
    net, X, y = _well_posed_case("relu", loss, 3)
    loss_value, grads = net.loss_and_grads(X, y)
    trace = net.backward_trace(X, y)
    assert trace.loss == loss_value
    assert len(trace.deltas) == net.n_layers
    for i in range(1, net.n_layers + 1):
        np.testing.assert_array_equal(trace.dW[i - 1], grads[f"W{i}"])
        np.testing.assert_array_equal(trace.db[i - 1], grads[f"b{i}"])
        # textbook relations: dW_l = a_{l-1}.T @ delta_l and db_l = sum_i delta_l
        a_prev = trace.forward.activations[i - 1]
        np.testing.assert_allclose(a_prev.T @ trace.deltas[i - 1], grads[f"W{i}"], rtol=1e-12)
        np.testing.assert_allclose(trace.deltas[i - 1].sum(axis=0), grads[f"b{i}"], rtol=1e-12)
        assert trace.deltas[i - 1].shape == (len(X), net.sizes[i])
    np.testing.assert_array_equal(trace.forward.output, net.forward_trace(X).output)

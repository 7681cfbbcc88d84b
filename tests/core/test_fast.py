"""The fast path (nn_core.fast) against the reference path (nn_core.mlp) on every hidden
activation x output activation x loss: training, the epoch loss, optimizers and prediction."""

import numpy as np
import pytest

from nn_core import ACTIVATIONS, MLP, make_optimizer

HIDDEN = sorted(ACTIVATIONS)
OUTPUTS = ([("sigmoid", "bce", 1), ("softmax", "ce", 3)]
           + [(out, loss, 2) for out in sorted(ACTIVATIONS) for loss in ("mse", "sse")])
N, BATCH = 23, 5  # four full batches and a last one of 3


def _case(loss, k, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.5, 1.5, (N, 2))
    if loss == "bce":
        y = (rng.random((N, k)) > 0.5) * 1.0
    elif loss == "ce":
        y = rng.integers(0, k, N)
    else:
        y = rng.uniform(-1, 1, (N, k))
    return X, y


def _reference_epoch(net, X, y, lr, batch_size, optimizer=None):
    """gradient_step per consecutive batch; the epoch loss as train_epoch defines it."""
    losses, sizes = [], []
    for start in range(0, len(X), batch_size):
        rows = slice(start, start + batch_size)
        losses.append(net.gradient_step(X[rows], y[rows], lr, optimizer))
        sizes.append(len(X[rows]))
    if net.loss_name == "sse":
        return float(np.sum(losses))
    return float(np.average(losses, weights=sizes))


@pytest.mark.parametrize("out,loss,k", OUTPUTS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_fast_epoch_equals_reference_for_every_combination(hidden, out, loss, k):
    X, y = _case(loss, k)
    net = MLP([2, 5, 4, k], hidden, out, loss, seed=3)
    reference = net.copy()
    lr = 0.02 if loss == "sse" else 0.1  # sse sums over the batch
    for _ in range(2):
        fast_loss = net.train_epoch(X, y, lr=lr, batch_size=BATCH)
        reference_loss = _reference_epoch(reference, X, y, lr, BATCH)
        assert np.isfinite(fast_loss)
        assert fast_loss == pytest.approx(reference_loss, rel=1e-12, abs=1e-15)
        np.testing.assert_allclose(net.flat, reference.flat, rtol=0, atol=1e-12)
    assert not np.array_equal(net.flat, MLP([2, 5, 4, k], hidden, out, loss, seed=3).flat)


@pytest.mark.parametrize("out,loss,k", [("sigmoid", "bce", 1), ("softmax", "ce", 3),
                                        ("linear", "mse", 2), ("tanh", "sse", 2)])
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("regularization", ["none", "l1", "l2"])
@pytest.mark.parametrize("bias", [True, False])
def test_fast_optimizers_and_penalties_equal_reference(out, loss, k, optimizer, regularization,
                                                       bias):
    X, y = _case(loss, k, seed=1)
    net = MLP([2, 6, k], "relu", out, loss, seed=4, bias=bias, regularization=regularization,
              reg_rate=0.01)
    reference = net.copy()
    fast_opt, reference_opt = make_optimizer(optimizer), make_optimizer(optimizer)
    for _ in range(3):
        fast_loss = net.train_epoch(X, y, lr=0.05, batch_size=BATCH, optimizer=fast_opt)
        reference_loss = _reference_epoch(reference, X, y, 0.05, BATCH, reference_opt)
        # the epoch loss adds the penalty at the start of the epoch, the reference each batch's
        if regularization == "none":
            assert fast_loss == pytest.approx(reference_loss, rel=1e-12)
    np.testing.assert_allclose(net.flat, reference.flat, rtol=0, atol=1e-12)


@pytest.mark.parametrize("out,loss,k", OUTPUTS)
def test_train_batch_equals_one_gradient_step(out, loss, k):
    X, y = _case(loss, k, seed=2)
    net = MLP([2, 4, 3, k], "tanh", out, loss, seed=5)
    reference = net.copy()
    assert net.train_batch(X, y, lr=0.3) == pytest.approx(reference.gradient_step(X, y, 0.3),
                                                          rel=1e-12)
    np.testing.assert_allclose(net.flat, reference.flat, rtol=0, atol=1e-13)


@pytest.mark.parametrize("out,loss,k", OUTPUTS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_fast_prediction_equals_the_forward_trace(hidden, out, loss, k):
    X, y = _case(loss, k, seed=6)
    net = MLP([2, 5, 4, k], hidden, out, loss, seed=7, bias=hidden != "sin")
    trace = net.forward_trace(X)
    np.testing.assert_allclose(net.predict(X), trace.output, rtol=1e-13, atol=1e-15)
    for fast, reference in zip(net.hidden_outputs(X), trace.activations[1:-1], strict=True):
        np.testing.assert_allclose(fast, reference, rtol=1e-13, atol=1e-15)
    data_loss, outputs = net.evaluate(X, y)
    assert data_loss == pytest.approx(net.loss(X, y), rel=1e-12)
    np.testing.assert_array_equal(outputs, net.predict(X))
    np.testing.assert_allclose(net.predict(X, dtype=np.float32), trace.output, atol=1e-5)


def test_ce_epoch_loss_with_soft_targets_and_huge_logits():
    """The fast path's ce loss comes from the softmax's per-sample max and sum: it must equal
    the reference for targets that are not one-hot and stay exact for confident outputs."""
    rng = np.random.default_rng(8)
    X = rng.uniform(-1, 1, (N, 2))
    soft = rng.dirichlet(np.ones(3), N) * rng.uniform(0.5, 1.5, (N, 1))  # rows need not sum to 1
    net = MLP([2, 4, 3], "tanh", "softmax", "ce", seed=9)
    reference = net.copy()
    fast_loss = net.train_epoch(X, soft, lr=0.1, batch_size=BATCH)
    assert fast_loss == pytest.approx(_reference_epoch(reference, X, soft, 0.1, BATCH), rel=1e-12)
    confident = MLP([2, 3], "tanh", "softmax", "ce", seed=1)
    confident.params["W1"][...] = [[400.0, -400.0, 0.0], [0.0, 0.0, 0.0]]
    X_far, wrong = np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([1, 0])
    expected = confident.loss(X_far, wrong)  # 800 from the logits (clipped p would give 27.6)
    assert expected == pytest.approx(800.0, rel=1e-12)
    assert confident.train_batch(X_far, wrong, lr=1e-9) == pytest.approx(expected, rel=1e-12)

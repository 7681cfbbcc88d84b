"""Robustness of the engine under extreme settings and odd data.

Every case trains a few epochs and must end either with finite metrics or with a clear
divergence (``run.diverged`` and a reason that names the learning rate) - and never emit a
warning (NumPy overflow included).
"""

from __future__ import annotations

import math
import warnings
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nn_core import MLP, TrainingRun
from nn_core.datasets import DATASETS, make_dataset

EPOCHS = 5
MAX_WIDTH = 32  # the widest layer the playground offers
MAX_DEPTH = 8  # the most hidden layers the playground offers
HEADS = MappingProxyType({"binary": ("sigmoid", "bce"), "multiclass": ("softmax", "ce"),
                          "regression": ("linear", "mse")})


def train_and_check(X, y, hidden, *, lr=0.03, batch_size=10, activation="tanh",
                    output="sigmoid", loss="bce", epochs=EPOCHS, n_out=1,
                    regularization="none", reg_rate=0.0) -> TrainingRun:
    """Train, then assert the run ended finite or diverged with a learning-rate message."""
    X = np.asarray(X, dtype=np.float64)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        net = MLP([X.shape[1], *hidden, n_out], activation=activation, output_activation=output,
                  loss=loss, seed=0, regularization=regularization, reg_rate=reg_rate)
        run = TrainingRun(net, X, y, X, y, learning_rate=lr, batch_size=batch_size, seed=0)
        for _ in range(epochs):
            run.step("epoch")
        metrics = run.metrics()
    assert not caught, [str(w.message) for w in caught]
    assert math.isfinite(metrics["train_loss"]), metrics
    assert math.isfinite(metrics["test_loss"]), metrics
    if run.kind == "regression":
        assert metrics["train_acc"] is None
    else:
        assert 0.0 <= metrics["train_acc"] <= 1.0
    assert np.isfinite(net.flat).all()
    if run.diverged:
        assert "learning rate" in run.divergence_reason
    else:
        assert run.epoch == epochs
    return run


def xor_data(n=40, noise=0.0, seed=0):
    data = make_dataset("xor", n=n, noise=noise, seed=seed)
    return data.X, data.y


@pytest.mark.parametrize("lr", [1e-8, 1e-5, 0.03, 1.0, 10.0, 100.0, 1e4])
def test_learning_rates_end_finite_or_diverge_clearly(lr):
    X, y = xor_data()
    train_and_check(X, y, (8, 8), lr=lr)


def test_huge_learning_rate_with_linear_output_diverges_with_reason():
    X, y = xor_data()
    run = train_and_check(X, y * 1e3, (32, 32), lr=1e4, activation="relu",
                          output="linear", loss="mse")
    assert run.diverged
    assert "learning rate" in run.divergence_reason


@pytest.mark.parametrize("regularization", ["l1", "l2"])
@pytest.mark.parametrize("lr", [0.03, 10.0])
def test_strongest_regularization(regularization, lr):
    """reg_rate 10 with learning rate 10 flips and grows the weights each step (1 - lr * rate)."""
    X, y = xor_data(n=200)
    run = train_and_check(X, y, (4, 2), lr=lr, regularization=regularization, reg_rate=10.0,
                          epochs=10)
    if regularization == "l2" and lr == 10.0:
        assert run.diverged


@pytest.mark.parametrize("hidden", [(), (1,), (MAX_WIDTH,), (1,) * MAX_DEPTH,
                                    (MAX_WIDTH,) * MAX_DEPTH])
@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_depth_and_width_extremes(hidden, activation):
    X, y = xor_data()
    train_and_check(X, y, hidden, activation=activation, lr=0.3)


@pytest.mark.parametrize("batch_size", [1, 39, 40, 41, 10_000])
def test_batch_size_from_one_to_more_than_the_data(batch_size):
    X, y = xor_data(n=40)
    run = train_and_check(X, y, (4,), batch_size=batch_size)
    expected_batches = math.ceil(40 / min(batch_size, 40))
    assert run.steps == EPOCHS * expected_batches


@pytest.mark.parametrize("noise", [0.0, 1.0])
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_noise_at_both_ends_on_every_dataset(name, noise):
    data = make_dataset(name, n=60, noise=noise, seed=3)
    assert np.isfinite(data.X).all()
    output, loss = HEADS[data.kind]
    n_out = data.n_classes if data.kind == "multiclass" else 1
    train_and_check(data.X, data.y, (4, 2), output=output, loss=loss, n_out=n_out)


def test_one_class_only_still_trains_with_defined_accuracy():
    X, _ = xor_data()
    for label in (0.0, 1.0):
        y = np.full((len(X), 1), label)
        run = train_and_check(X, y, (4,), lr=0.3)
        assert run.metrics()["train_acc"] > 0.9  # it learns to predict the only class


def test_duplicated_points_with_conflicting_labels():
    X = np.repeat([[0.5, -0.5], [1.0, 1.0]], 20, axis=0)
    y = np.tile([[0.0], [1.0]], (20, 1))  # same point, both labels
    run = train_and_check(X, y, (4,), lr=0.3)
    assert run.metrics()["train_acc"] == pytest.approx(0.5, abs=0.26)


@pytest.mark.parametrize("scale", [1e3, 1e6])
@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_huge_coordinates(scale, activation):
    X, y = xor_data()
    train_and_check(X * scale, y, (8,), activation=activation, lr=0.03)


@pytest.mark.parametrize("loss", ["mse", "sse"])
def test_regression_head_with_huge_targets(loss):
    X, y = xor_data()
    train_and_check(X * 1e6, y * 1e6, (8,), output="linear", loss=loss, lr=1.0)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    log_lr=st.floats(-8, 4),
    depth=st.integers(0, MAX_DEPTH),
    width=st.sampled_from([1, 2, 8, MAX_WIDTH]),
    batch_size=st.integers(1, 100),
    log_scale=st.floats(-3, 6),
    activation=st.sampled_from(["tanh", "relu", "sigmoid", "leaky_relu", "linear"]),
    noise=st.sampled_from([0.0, 0.5, 1.0]),
)
def test_random_settings_end_finite_or_diverge_clearly(
    log_lr, depth, width, batch_size, log_scale, activation, noise
):
    X, y = xor_data(n=30, noise=noise)
    train_and_check(X * 10.0**log_scale, y, (width,) * depth, lr=10.0**log_lr,
                    batch_size=batch_size, activation=activation, epochs=2)


def test_diverged_run_recovers_after_lowering_the_learning_rate():
    X, y = xor_data()
    run = train_and_check(X, y * 1e3, (32, 32), lr=1e4, activation="relu",
                          output="linear", loss="mse")
    assert run.diverged
    run.learning_rate = 1e-6
    assert not run.diverged
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run.step("epoch")
    assert not caught
    assert not run.diverged
    assert math.isfinite(run.metrics()["train_loss"])

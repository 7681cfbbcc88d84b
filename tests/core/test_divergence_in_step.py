"""Divergence is caught by the step that overflows, not later by whoever asks for metrics.

A caller that only steps (never calls `metrics()`) must see `diverged` on the very step whose
update made the weights or the loss non-finite, with the last good weights back in place.
The runs first train calmly until their history and snapshots record only every few steps,
so no metrics are computed inside the overflowing step: only the step's own check can see it.
"""

import numpy as np
import pytest

from nn_core import MLP, OPTIMIZERS, STEP_UNITS, TrainingRun


def calm_then_wild(unit: str, optimizer: str) -> TrainingRun:
    rng = np.random.default_rng(0)
    X = rng.uniform(-3, 3, (40, 2))
    y = X @ np.array([2.0, -1.0]) + 0.5
    net = MLP([2, 8, 8, 1], activation="relu", output_activation="linear", loss="mse", seed=1)
    run = TrainingRun(net, X, y, learning_rate=0.001, batch_size=5, optimizer=optimizer,
                      history_limit=4, snapshot_limit=2)
    run.step("batch", 399)  # history and snapshots now keep one step in many
    run.calm = run.net.get_flat().copy()
    run.step("batch", 1)
    assert run.history.interval >= 64 and not run.diverged
    run.learning_rate = 1e100 if optimizer == "adam" else 1e30  # overflows within a few steps
    return run


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("unit", STEP_UNITS)
def test_the_overflowing_step_reports_it_and_restores(unit, optimizer):
    run = calm_then_wild(unit, optimizer)
    seen = [run.calm, run.net.get_flat().copy()]
    for _ in range(200):
        steps = run.steps
        report = run.step(unit, 1)
        if report.diverged:
            break
        assert np.isfinite(run.net.get_flat()).all(), "non-finite weights, no divergence"
        seen.append(run.net.get_flat().copy())
    assert report.diverged and run.diverged, "the run never reported its overflow"
    assert run.divergence is not None and run.divergence.learning_rate == run.learning_rate
    weights = run.net.get_flat()
    assert np.isfinite(weights).all()
    # the last good weights: those before the failed step, or before the step before it when
    # the failed step's loss (measured on its starting weights) was already infinite
    assert any(np.array_equal(weights, good) for good in seen[-2:])
    assert np.isfinite(run.net.loss(run.X_train, run.Y_train))
    assert run.steps == steps  # the failed update is not counted

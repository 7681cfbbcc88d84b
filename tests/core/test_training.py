"""TrainingRun: stepping units, counters, divergence, bounded history and snapshots, replay."""

import warnings

import numpy as np
import pytest

from nn_core import MLP, History, TrainingRun


def noisy_xor(n, seed):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-6, 6, (n, 2)) / 6
    return X, (X[:, 0] * X[:, 1] > 0).astype(float).reshape(-1, 1)


def make_run(**kwargs):
    X, y = noisy_xor(50, seed=1)
    X_test, y_test = noisy_xor(40, seed=2)
    net = MLP([2, 5, 1], "tanh", seed=0)
    return TrainingRun(net, X, y, X_test, y_test, **kwargs)


def test_counters_for_samples_batches_and_epochs():
    run = make_run(batch_size=10)
    assert (run.epoch, run.steps, run.samples_seen) == (0, 0, 0)
    run.step_sample()
    assert (run.epoch, run.steps, run.samples_seen) == (0, 1, 1)
    run.step_batch()
    assert (run.epoch, run.steps, run.samples_seen) == (0, 2, 11)
    report = run.step_epoch()  # finishes the epoch: 39 samples left -> 4 updates
    assert (run.epoch, run.steps, run.samples_seen) == (1, 6, 50)
    assert report.steps == 6 and report.epoch == 1 and not report.diverged
    run.step("epoch", count=2)
    assert (run.epoch, run.steps, run.samples_seen) == (3, 16, 150)
    run.step("batch", count=5)
    assert (run.epoch, run.steps, run.epoch_progress) == (4, 21, 0.0)
    with pytest.raises(ValueError, match="unknown step unit"):
        run.step("minute")


def test_batch_steps_equal_the_fast_epoch():
    """Five step_batch calls over a 50-sample epoch update exactly like one step_epoch."""
    a, b = make_run(batch_size=10, seed=3), make_run(batch_size=10, seed=3)
    for _ in range(5):
        a.step_batch()
    b.step_epoch()
    np.testing.assert_allclose(a.net.flat, b.net.flat, rtol=0, atol=1e-14)
    assert a.epoch == b.epoch == 1 and a.steps == b.steps == 5


def test_metrics_and_kinds():
    run = make_run()
    m = run.metrics()
    assert set(m) == {"train_loss", "test_loss", "train_acc", "test_acc"}
    assert 0 <= m["train_acc"] <= 1 and m["test_loss"] > 0
    assert run.kind == "binary"
    X, _ = noisy_xor(30, seed=4)
    reg = TrainingRun(MLP([2, 4, 1], output_activation="linear", loss="mse"), X, X[:, :1] * 2)
    assert reg.kind == "regression"
    assert reg.metrics()["train_acc"] is None and reg.metrics()["test_loss"] is None
    multi = TrainingRun(MLP([2, 4, 3], output_activation="softmax", loss="ce"), X,
                        np.arange(30) % 3)
    assert multi.kind == "multiclass" and 0 <= multi.metrics()["train_acc"] <= 1


def test_training_improves_the_metrics():
    run = make_run(learning_rate=0.3, batch_size=5)
    start = run.metrics()
    run.step("epoch", count=60)
    end = run.metrics()
    assert end["train_loss"] < start["train_loss"]
    assert end["train_acc"] > 0.85


def test_same_seed_same_run_bit_for_bit():
    runs = [make_run(seed=7, optimizer="momentum") for _ in range(2)]
    for run in runs:
        run.step("sample", count=7)
        run.step("batch", count=43)
        run.step("epoch", count=10)
    np.testing.assert_array_equal(runs[0].net.flat, runs[1].net.flat)
    assert runs[0].steps == runs[1].steps


def test_divergence_is_detected_and_last_good_weights_kept():
    X, y = noisy_xor(50, seed=1)
    net = MLP([2, 8, 8, 1], "relu", output_activation="linear", loss="mse", seed=0)
    run = TrainingRun(net, X * 6, y, learning_rate=1e4, batch_size=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = run.step("batch", count=50)
    assert run.diverged and report.diverged
    assert "learning rate 10000 is too high" in run.divergence_reason
    assert "NaN" in run.divergence_reason or "infinite" in run.divergence_reason
    assert np.all(np.isfinite(net.flat))
    np.testing.assert_array_equal(net.flat, run._last_good)
    steps, frozen = run.steps, net.get_flat()
    run.step("epoch", count=3)  # no-op while diverged
    assert run.steps == steps
    np.testing.assert_array_equal(net.flat, frozen)
    assert all(np.isfinite(v) for v in run.history.train_loss)
    run.learning_rate = 0.01  # changing the rate clears the divergence
    assert not run.diverged and run.divergence_reason is None
    run.step_epoch()
    assert run.steps > steps and np.all(np.isfinite(net.flat))


@pytest.mark.parametrize("unit", ["sample", "batch", "epoch"])
def test_divergence_restores_weights_with_a_finite_loss(unit):
    X, y = noisy_xor(50, seed=1)
    net = MLP([2, 8, 8, 1], "relu", output_activation="linear", loss="mse", seed=0)
    run = TrainingRun(net, X * 6, y, learning_rate=50.0, batch_size=10)
    before_each_step = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(500):
            before_each_step.append(run.net.get_flat())
            if run.step(unit).diverged:
                break
    assert run.diverged
    # restored: the weights before the failing step, or before the one preceding it when the
    # failing step's own starting weights already gave a non-finite loss
    assert any(np.array_equal(run.net.flat, w) for w in before_each_step[-2:])
    assert np.isfinite(run.net.loss(X * 6, y))
    assert run.steps <= 10 * len(before_each_step)
    assert all(np.isfinite(run.history.train_loss))


def test_history_stays_bounded_and_decimates():
    run = make_run(history_limit=20, batch_size=25)
    run.step("epoch", count=500)
    h = run.history
    assert len(h) <= 20
    steps = h.step
    assert steps[0] == 0 and np.all(np.diff(steps) > 0)
    assert h.interval > 1
    assert steps[-1] >= 900  # still covers (nearly) the whole run
    assert np.all(np.diff(h.epoch) > 0)


def test_history_class_halves_resolution():
    h = History(limit=4)
    for i in range(40):
        h.offer(lambda i=i: (i, i, 0.0, None, None, None))
    assert len(h) <= 4
    assert h.step[0] == 0 and list(np.diff(h.step)) == [h.interval] * (len(h) - 1)
    assert np.isnan(h.test_loss).all()
    with pytest.raises(ValueError):
        History(limit=5)


def test_snapshots_bounded_and_replayable():
    run = make_run(snapshot_limit=10, batch_size=10)
    run.step("batch", count=500)
    snaps = run.snapshots
    assert 2 <= len(snaps) <= 10
    assert snaps[0].step == 0
    assert [s.step for s in snaps] == sorted(s.step for s in snaps)
    assert snaps[-1].step >= 300
    first = run.net_at(0)
    np.testing.assert_array_equal(first.flat, snaps[0].flat)
    fresh = MLP([2, 5, 1], "tanh", seed=0)
    np.testing.assert_array_equal(first.flat, fresh.flat)
    assert first is not run.net and not np.array_equal(first.flat, run.net.flat)
    X, _ = noisy_xor(5, seed=9)
    np.testing.assert_array_equal(run.net_at(len(snaps) - 1).predict(X),
                                  MLP.from_dict({**fresh.to_dict(), "params": {
                                      k: v.tolist() for k, v in run.net_at(-1).params.items()}})
                                  .predict(X))


def test_live_settings():
    run = make_run()
    run.batch_size = 7
    run.step_batch()
    assert run.samples_seen == 7
    run.reg_rate = 0.1
    assert run.net.reg_rate == 0.1
    run.set_optimizer("adam")
    run.step_epoch()
    assert run.optimizer_name == "adam" and run.optimizer.t > 0
    with pytest.raises(ValueError, match="learning rate"):
        run.learning_rate = -1
    with pytest.raises(ValueError, match="batch_size"):
        run.batch_size = 0


def test_metrics_never_report_an_overflowed_update():
    X, y = noisy_xor(50, seed=1)
    net = MLP([2, 8, 8, 1], "relu", output_activation="linear", loss="mse", seed=0)
    run = TrainingRun(net, X * 6, y, learning_rate=50.0, batch_size=10, history_limit=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(300):
            run.step_batch()  # with history_limit 4 most updates are not scored at once
            metrics = run.metrics()
            assert np.isfinite(metrics["train_loss"])
            if run.diverged:
                break
    assert run.diverged and "too high" in run.divergence_reason
    assert np.isfinite(run.net.loss(X * 6, y))


def test_replace_data_keeps_weights_and_counters_and_trains_on_the_new_points():
    run = make_run()
    run.step("batch", 3)
    weights, steps = run.net.get_flat().copy(), run.steps
    X_new, y_new = noisy_xor(7, seed=5)
    run.replace_data(X_new, y_new)
    assert np.array_equal(run.net.get_flat(), weights) and run.steps == steps
    assert run.n_train == 7 and run.X_test is None
    assert run.metrics()["test_loss"] is None
    expected = run.net.loss(X_new, y_new)
    assert run.metrics()["train_loss"] == pytest.approx(expected - run.net._penalty())
    run.step("epoch")
    assert run.samples_seen == steps * run.batch_size + 7
    with pytest.raises(ValueError):
        run.replace_data(X_new[:0], y_new[:0])


def test_continue_from_sets_counters_and_restarts_history_at_the_current_weights():
    run = make_run()
    run.step("epoch", 3)
    run.continue_from(epoch=40, steps=900, samples_seen=18_000)
    assert (run.epoch, run.steps, run.samples_seen) == (40, 900, 18_000)
    assert len(run.history) == 1 and run.history.step[0] == 900
    assert len(run.snapshots) == 1
    assert np.array_equal(run.snapshots[0].flat, run.net.get_flat())
    run.step("epoch")
    assert run.epoch == 41 and run.steps == 900 + run.batches_per_epoch
    with pytest.raises(ValueError):
        run.continue_from(-1, 0, 0)


@pytest.mark.parametrize("output, loss", [("sigmoid", "bce"), ("sigmoid", "mse"),
                                          ("sigmoid", "sse"), ("tanh", "mse"), ("linear", "mse")])
def test_two_class_data_is_binary_whatever_the_output_and_loss(output, loss):
    """The kind of problem comes from the targets, not from the loss: accuracy stays."""
    X, y = noisy_xor(50, seed=1)
    run = TrainingRun(MLP([2, 5, 1], "tanh", output, loss, seed=0), X, y, X, y)
    assert run.kind == "binary"
    assert run.metrics()["train_acc"] is not None


def test_real_valued_targets_are_regression():
    X, _ = noisy_xor(50, seed=1)
    run = TrainingRun(MLP([2, 5, 1], "tanh", "linear", "mse", seed=0), X, X[:, :1] * 0.3)
    assert run.kind == "regression" and run.metrics()["train_acc"] is None

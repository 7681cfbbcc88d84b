"""A training run: network, data, optimizer state, counters, bounded history and snapshots.

The app keeps one TrainingRun per browser session. ``step(unit, count)`` advances by samples,
mini-batches or epochs. Mini-batches walk a seeded permutation of the training set with a
cursor, reshuffled every epoch. Any NaN/inf in the loss or the weights stops the run, restores
the last good weights and records why (``divergence``; ``divergence_reason`` in English).

Memory stays bounded however long a run trains: ``History`` and the snapshot list halve their
resolution (keep every second point and double the recording interval) when they fill up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nn_core.mlp import MLP
from nn_core.optim import make_optimizer

KINDS = ("binary", "multiclass", "regression")
STEP_UNITS = ("sample", "batch", "epoch")
"""Choice list of what one TrainingRun.step advances by."""
SNAPSHOT_BYTES = 16_000_000  # the snapshot list never holds more parameter bytes than this


DIVERGENCE_CAUSES = ("loss_inf", "loss_nan", "weights")


@dataclass(frozen=True)
class Divergence:
    """Why and where a run stopped: the cause ("loss_inf", "loss_nan" or "weights": the
    weights became NaN or infinite), the step that failed and the learning rate then. Pages
    put it into words in their own language; `reason` is the English sentence."""

    cause: str
    step: int
    learning_rate: float

    @property
    def reason(self) -> str:
        what = {"loss_inf": "the loss became infinite", "loss_nan": "the loss became NaN",
                "weights": "the weights became NaN or infinite"}[self.cause]
        return (f"{what} at step {self.step} (learning rate {self.learning_rate:g} is too "
                f"high for this network)")


@dataclass(frozen=True)
class StepReport:
    """Result of one step call: the training loss reported by the last update (the loss before
    it, see MLP.train_epoch), whether the run has diverged, and the counters afterwards."""

    loss: float
    diverged: bool
    steps: int
    epoch: int
    reason: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """Parameters at one moment of the run (for replay): a copy of ``net.flat`` and metrics."""

    step: int
    epoch: float
    flat: np.ndarray
    metrics: dict


class History:
    """Bounded metric history: arrays epoch, step, train_loss, test_loss, train_acc, test_acc.

    Points are offered after every update; one in ``interval`` is kept. When ``limit`` points
    are stored, every second one is dropped and ``interval`` doubles. Missing values are NaN.
    ``revision`` counts those halvings: points already read stay valid while it is unchanged
    (new points are only appended).
    """

    FIELDS = ("epoch", "step", "train_loss", "test_loss", "train_acc", "test_acc")

    def __init__(self, limit: int = 1000):
        if limit < 4 or limit % 2:
            raise ValueError("history_limit must be an even number >= 4")
        self.limit = int(limit)
        self.interval = 1
        self.revision = 0
        self._offers = 0
        self._size = 0
        self._data = np.full((len(self.FIELDS), self.limit), np.nan)

    def __len__(self) -> int:
        return self._size

    def wants_next(self) -> bool:
        """Whether the next offered point will be kept."""
        return self._offers % self.interval == 0

    def offer(self, make_row) -> bool:
        """Count one candidate point; when kept, ``make_row()`` gives the values in FIELDS order."""
        keep = self.wants_next()
        self._offers += 1
        if keep:
            if self._size == self.limit:
                kept = self._data[:, 0:self.limit:2].copy()
                self._data[:] = np.nan
                self._data[:, :kept.shape[1]] = kept
                self._size = kept.shape[1]
                self.interval *= 2  # with an even limit the kept points stay on the new grid
                self.revision += 1
            row = [np.nan if v is None else v for v in make_row()]
            self._data[:, self._size] = row
            self._size += 1
        return keep

    def column(self, name: str) -> np.ndarray:
        """A read-only copy of one column (length ``len(self)``)."""
        values = self._data[self.FIELDS.index(name), :self._size].copy()
        values.flags.writeable = False
        return values

    def __getattr__(self, name):
        if name in History.FIELDS:
            return self.column(name)
        raise AttributeError(name)

    def as_dict(self) -> dict:
        return {name: self.column(name) for name in self.FIELDS}


def infer_kind(net: MLP, Y: np.ndarray) -> str:
    """The kind of problem, from the targets Y (n, n_out), not from the loss: one-hot rows over
    several outputs (ce) are multiclass, one column of 0s and 1s is binary, anything else is
    regression. So a two-class problem keeps its accuracy whatever output and loss it uses."""
    if net.loss_name == "ce":
        return "multiclass"
    if Y.shape[1] == 1 and np.all((Y == 0) | (Y == 1)):
        return "binary"
    return "regression"


class TrainingRun:
    """Train ``net`` on (X_train, y_train), scoring on (X_test, y_test) when given.

    ``learning_rate``, ``batch_size`` and ``reg_rate`` can be changed live; changing the
    learning rate also clears a divergence. Counters: ``epoch`` (completed epochs), ``steps``
    (parameter updates) and ``samples_seen``.
    """

    def __init__(self, net: MLP, X_train, y_train, X_test=None, y_test=None, *,
                 learning_rate=0.03, batch_size=10, optimizer="sgd", seed=0,
                 history_limit=1000, snapshot_limit=120, kind=None):
        self.net = net
        self.X_train, self.Y_train = net.prepare_data(X_train, y_train)
        if X_test is None or len(X_test) == 0:
            self.X_test = self.Y_test = None
        else:
            self.X_test, self.Y_test = net.prepare_data(X_test, y_test)
        self.kind = kind if kind is not None else infer_kind(net, self.Y_train)
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; choose one of {', '.join(KINDS)}")
        self._learning_rate = self._check_lr(learning_rate)
        self.batch_size = batch_size
        self.set_optimizer(optimizer)
        self._rng = np.random.default_rng(seed)
        self._order = self._rng.permutation(len(self.X_train))
        self._cursor = 0
        self.epoch = 0
        self.steps = 0
        self.samples_seen = 0
        self.diverged = False
        self.divergence: Divergence | None = None
        self._last_good = net.get_flat()  # latest weights whose loss was seen to be finite
        self._before = net.get_flat()  # weights before the current update
        self._metrics_key = None
        self._metrics: dict = {}
        self.history = History(history_limit)
        if snapshot_limit < 2:
            raise ValueError("snapshot_limit must be at least 2")
        by_bytes = SNAPSHOT_BYTES // max(1, net.flat.nbytes)
        self.snapshot_limit = max(2, min(int(snapshot_limit), by_bytes))
        self.snapshot_interval = 1
        self.snapshots: list[Snapshot] = []
        self._record()

    # --- live settings ------------------------------------------------------------------------

    @staticmethod
    def _check_lr(value) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ValueError(f"learning rate must be a number, got {value!r}")
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"learning rate must be finite and > 0, got {value}")
        return float(value)

    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        value = self._check_lr(value)
        if value != self._learning_rate:
            self._learning_rate = value
            self.clear_divergence()

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"batch_size must be a positive integer, got {value!r}")
        self._batch_size = int(value)

    @property
    def reg_rate(self) -> float:
        return self.net.reg_rate

    @reg_rate.setter
    def reg_rate(self, value) -> None:
        self.net.reg_rate = value
        self._metrics_key = None

    def set_optimizer(self, name: str, **hyper) -> None:
        """Switch optimizer ("sgd", "momentum", "adam"); its state starts fresh."""
        self.optimizer = make_optimizer(name, **hyper)
        self.optimizer_name = name

    def replace_data(self, X_train, y_train, X_test=None, y_test=None) -> None:
        """Train on new data from now on (e.g. points added or removed by hand).

        Weights, optimizer state, counters and history stay; the current epoch starts over on a
        fresh permutation of the new training set.
        """
        X_train, Y_train = self.net.prepare_data(X_train, y_train)
        if len(X_train) == 0:
            raise ValueError("the training set needs at least one point")
        self.X_train, self.Y_train = X_train, Y_train
        if X_test is None or len(X_test) == 0:
            self.X_test = self.Y_test = None
        else:
            self.X_test, self.Y_test = self.net.prepare_data(X_test, y_test)
        self._order = self._rng.permutation(len(self.X_train))
        self._cursor = 0
        self._metrics_key = None

    def continue_from(self, epoch: int, steps: int, samples_seen: int) -> None:
        """Carry on a saved run (e.g. an imported network already in `net`): set the counters
        and start the history and snapshots afresh at the current weights."""
        if min(epoch, steps, samples_seen) < 0:
            raise ValueError("counters must not be negative")
        self.epoch, self.steps, self.samples_seen = int(epoch), int(steps), int(samples_seen)
        self._cursor = 0
        self._last_good = self.net.get_flat()
        self._metrics_key = None
        self.history = History(self.history.limit)
        self.snapshots = []
        self.snapshot_interval = 1
        self._record()

    @property
    def divergence_reason(self) -> str | None:
        """Why the run stopped, in English (None while it runs)."""
        return None if self.divergence is None else self.divergence.reason

    def clear_divergence(self) -> None:
        """Allow stepping again after a divergence (the weights are the last good ones)."""
        self.diverged = False
        self.divergence = None

    # --- properties ---------------------------------------------------------------------------

    @property
    def n_train(self) -> int:
        return len(self.X_train)

    @property
    def batches_per_epoch(self) -> int:
        return -(-self.n_train // self.batch_size)

    @property
    def epoch_progress(self) -> float:
        """Fraction of the current epoch already trained (0 at an epoch boundary)."""
        return self._cursor / self.n_train

    @property
    def epoch_float(self) -> float:
        return self.epoch + self.epoch_progress

    # --- stepping -----------------------------------------------------------------------------

    def step(self, unit: str = "epoch", count: int = 1) -> StepReport:
        """Advance by ``count`` samples, mini-batches or epochs (stops early on divergence)."""
        if unit not in STEP_UNITS:
            raise ValueError(f"unknown step unit {unit!r}; choose one of {', '.join(STEP_UNITS)}")
        method = {"sample": self.step_sample, "batch": self.step_batch,
                  "epoch": self.step_epoch}[unit]
        report = self._report(math.nan)
        for _ in range(int(count)):
            report = method()
            if report.diverged:
                break
        return report

    def step_sample(self) -> StepReport:
        """One update on the next single sample of the permutation."""
        return self._step_rows(1)

    def step_batch(self) -> StepReport:
        """One update on the next mini-batch (the last one of an epoch may be smaller)."""
        return self._step_rows(self.batch_size)

    def step_epoch(self) -> StepReport:
        """Finish the current epoch (a whole epoch through the fast path at an epoch start)."""
        if self.diverged:
            return self._report(math.nan)
        rows = self._order[self._cursor:]
        n_updates = -(-len(rows) // self.batch_size)
        np.copyto(self._before, self.net.flat)
        loss = self.net.train_epoch(self.X_train[rows], self.Y_train[rows],
                                    lr=self.learning_rate, batch_size=self.batch_size,
                                    optimizer=self.optimizer)
        return self._after_update(loss, n_updates, len(rows))

    def _step_rows(self, size: int) -> StepReport:
        if self.diverged:
            return self._report(math.nan)
        rows = self._order[self._cursor:self._cursor + size]
        np.copyto(self._before, self.net.flat)
        loss = self.net.train_batch(self.X_train[rows], self.Y_train[rows],
                                    lr=self.learning_rate, optimizer=self.optimizer)
        return self._after_update(loss, 1, len(rows))

    def _after_update(self, loss: float, n_updates: int, n_rows: int) -> StepReport:
        """Count the update, or detect divergence. ``loss`` was computed with the weights before
        the update, so a finite loss proves those weights good."""
        finite_loss = math.isfinite(loss)
        if finite_loss:
            self._last_good, self._before = self._before, self._last_good
        if not (finite_loss and np.isfinite(self.net.flat).all()):
            self._diverge(loss, finite_loss, self.steps + n_updates)
            return self._report(loss)
        counters = (self.steps, self.samples_seen, self._cursor, self.epoch, self._order)
        self.steps += n_updates
        self.samples_seen += n_rows
        self._cursor += n_rows
        if self._cursor >= self.n_train:
            self.epoch += 1
            self._cursor = 0
            self._order = self._rng.permutation(self.n_train)
        self._metrics_key = None
        if self.history.wants_next() or self._snapshot_due():
            train_loss = self.metrics()["train_loss"]
            if not math.isfinite(train_loss):  # the new weights already overflow
                failed_step = self.steps
                self.steps, self.samples_seen, self._cursor, self.epoch, self._order = counters
                self._diverge(train_loss, False, failed_step)
                return self._report(train_loss)
        self._record()
        return self._report(loss)

    def _diverge(self, loss: float, finite_loss: bool, failed_step: int) -> None:
        """Restore the last weights with a finite loss, stop and record why (`divergence`)."""
        cause = "weights" if finite_loss else ("loss_nan" if math.isnan(loss) else "loss_inf")
        self.net.set_flat(self._last_good)
        self.optimizer.reset()
        self.diverged = True
        self._metrics_key = None
        self.divergence = Divergence(cause, int(failed_step), self.learning_rate)

    def _report(self, loss: float) -> StepReport:
        return StepReport(float(loss), self.diverged, self.steps, self.epoch,
                          self.divergence_reason)

    # --- metrics, history, snapshots ----------------------------------------------------------

    def _accuracy(self, out: np.ndarray, Y: np.ndarray):
        if self.kind == "binary":
            return float(np.mean((out > 0.5) == (Y > 0.5)))
        if self.kind == "multiclass":
            return float(np.mean(np.argmax(out, axis=1) == np.argmax(Y, axis=1)))
        return None

    def _score(self, X, Y):
        if X is None:
            return None, None
        loss, out = self.net.evaluate(X, Y)
        return loss, self._accuracy(out, Y)

    def metrics(self) -> dict:
        """train_loss, test_loss (data loss, without the penalty), train_acc, test_acc
        (accuracy None for regression; test values None without a test set).

        A non-finite training loss here means the latest update overflowed: the run is marked
        diverged and the metrics of the restored last good weights are returned."""
        key = (self.steps, self.samples_seen, self.diverged)
        if self._metrics_key != key:
            train_loss, train_acc = self._score(self.X_train, self.Y_train)
            test_loss, test_acc = self._score(self.X_test, self.Y_test)
            self._metrics = {"train_loss": train_loss, "test_loss": test_loss,
                             "train_acc": train_acc, "test_acc": test_acc}
            self._metrics_key = key
            if not self.diverged and not math.isfinite(train_loss):
                # the latest update overflowed: never report it, restore and explain instead
                self._diverge(train_loss, False, self.steps)
                return self.metrics()
        return dict(self._metrics)

    def _record(self) -> None:
        def row():
            m = self.metrics()
            return (self.epoch_float, self.steps, m["train_loss"], m["test_loss"],
                    m["train_acc"], m["test_acc"])

        self.history.offer(row)
        if self._snapshot_due():
            self._snapshot()

    def _snapshot_due(self) -> bool:
        return not self.snapshots or self.steps >= self.snapshots[-1].step + self.snapshot_interval

    def _snapshot(self) -> None:
        if len(self.snapshots) == self.snapshot_limit:
            self.snapshots = self.snapshots[::2]
            self.snapshot_interval *= 2
        self.snapshots.append(Snapshot(self.steps, self.epoch_float, self.net.get_flat(),
                                       self.metrics()))

    def net_at(self, snapshot_index: int) -> MLP:
        """A copy of the network with the weights of ``snapshots[snapshot_index]``."""
        snap = self.snapshots[snapshot_index]
        twin = self.net.copy()
        twin.set_flat(snap.flat)
        return twin

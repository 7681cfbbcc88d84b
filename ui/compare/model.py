"""Compare runs side by side: 2-4 training runs that differ in ONE setting, trained in lockstep.

Pure Python (no Streamlit). Every run shares the problem (same data, same split) and the weight
seed, so runs whose varied setting is not the architecture start from identical weights. The
group advances all live runs by the same number of epochs per tick (an epoch is the fair unit
when the batch size is what varies); a run that diverges stops alone with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from nn_core import TrainingRun
from nn_core.datasets import Dataset
from ui.common.run_setup import Grid, Head, Problem, build_problem, build_run, make_grid
from ui.common.settings import (
    HIDDEN_ACTIVATIONS,
    LEARNING_RATES,
    MAX_NEURONS,
    OPTIMIZERS,
    REG_RATES,
    Settings,
)

MIN_RUNS, MAX_RUNS = 2, 4
GRID_RESOLUTION = 30  # boundary cells per side for each small multiple (4 charts per frame)
TARGET_LOSSES = (0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01)
DEFAULT_TARGET_LOSS = 0.1

# The settings a comparison can vary, the values offered and the values chosen at first.
VARIABLES = ("learning_rate", "activation", "neurons", "batch_size", "optimizer", "reg_rate")
CHOICES: Mapping[str, tuple] = MappingProxyType({
    "learning_rate": LEARNING_RATES,
    "activation": HIDDEN_ACTIVATIONS,
    "neurons": (*range(1, 9), 12, 16, 24, MAX_NEURONS),
    "batch_size": (1, 2, 5, 10, 20, 50, 100, 200),
    "optimizer": OPTIMIZERS,
    "reg_rate": REG_RATES,
})
DEFAULT_VALUES: Mapping[str, tuple] = MappingProxyType({
    "learning_rate": (0.03, 0.3, 3.0),
    "activation": ("tanh", "relu"),
    "neurons": (2, 8),
    "batch_size": (1, 10, 100),
    "optimizer": ("sgd", "momentum", "adam"),
    "reg_rate": (0.0, 0.01, 0.1),
})
# Which Settings fields a variable may change (the test checks runs differ in nothing else).
CHANGED_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "learning_rate": ("learning_rate",),
    "activation": ("activation",),
    "neurons": ("hidden",),
    "batch_size": ("batch_size",),
    "optimizer": ("optimizer",),
    "reg_rate": ("reg_rate",),
})
STATUS_TRAINING, STATUS_DIVERGED = "training", "diverged"
VIEW_FIELDS = ("speed", "step_unit", "show_test", "discretize", "log_loss", "lang", "palette",
               "presenter", "hide_controls", "preset")


def format_value(value: Any) -> str:
    """A varied value as shown in legends and tables: 0.03, tanh, 8, ..."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def variant_settings(base: Settings, variable: str, value: Any) -> Settings:
    """`base` with only `variable` set to `value`.

    neurons: every hidden layer gets `value` neurons (one layer when base has none).
    reg_rate: the regularization kind is made uniform for all runs before (see `comparison_base`).
    """
    if variable not in VARIABLES:
        raise ValueError(f"unknown setting {variable!r}; choose one of {', '.join(VARIABLES)}")
    if variable == "neurons":
        return base.updated(hidden=(int(value),) * max(1, len(base.hidden)))
    return base.updated(**{variable: value})


def comparison_base(base: Settings, variable: str) -> Settings:
    """The settings every run shares: varying the regularization rate needs a penalty kind, so
    'none' becomes 'l2' (with rate 0 that is the same as no regularization)."""
    if variable == "reg_rate" and base.regularization == "none":
        return base.updated(regularization="l2")
    return base


def steps_to_target(epochs, steps, losses, target: float) -> tuple[float, int] | None:
    """(epoch, step) of the first recorded point whose loss <= target, or None (not reached).

    epochs, steps, losses: 1-D arrays of equal length (a run's history); NaN never counts.
    """
    losses = np.asarray(losses, dtype=float)
    with np.errstate(invalid="ignore"):
        hits = np.flatnonzero(losses <= target)
    if hits.size == 0:
        return None
    first = int(hits[0])
    return float(np.asarray(epochs)[first]), int(np.asarray(steps)[first])


@dataclass
class CompareRun:
    """One run of the group: its varied value, settings, training run and first target hit."""

    value: Any
    label: str
    settings: Settings
    run: TrainingRun
    head: Head
    reached: tuple[float, int] | None = None
    checked_steps: int = -1  # history points up to this step were already searched

    @property
    def status(self) -> str:
        return STATUS_DIVERGED if self.run.diverged else STATUS_TRAINING


class CompareGroup:
    """2-4 runs on one problem differing in `variable`; `tick` trains them in lockstep."""

    def __init__(self, base: Settings, variable: str, values: Sequence, *,
                 dataset: Dataset | None = None, target_loss: float = DEFAULT_TARGET_LOSS,
                 grid_resolution: int = GRID_RESOLUTION) -> None:
        if not MIN_RUNS <= len(values) <= MAX_RUNS:
            raise ValueError(f"compare {MIN_RUNS} to {MAX_RUNS} values, got {len(values)}")
        if len(set(values)) != len(values):
            raise ValueError("the compared values must differ")
        self.variable = variable
        self.values = tuple(values)
        self.base = comparison_base(base, variable)
        self.problem: Problem = build_problem(self.base, dataset)
        self.grid: Grid = make_grid(self.problem, grid_resolution)
        self.target_loss = float(target_loss)
        self.ticks = 0
        self.runs: list[CompareRun] = []
        for value in self.values:
            settings = variant_settings(self.base, variable, value)
            run, head = build_run(settings, self.problem)
            self.runs.append(CompareRun(value, format_value(value), settings, run,
                                        head))
        for member in self.runs:
            self._update_reached(member)

    @property
    def all_stopped(self) -> bool:
        """True when every run has diverged (nothing left to train)."""
        return all(member.run.diverged for member in self.runs)

    @property
    def epoch(self) -> int:
        """Completed epochs of the group (every live run has trained this many)."""
        return max(member.run.epoch for member in self.runs)

    def set_target(self, target_loss: float) -> None:
        """Change the target loss; first hits are searched again in the histories."""
        if float(target_loss) != self.target_loss:
            self.target_loss = float(target_loss)
            for member in self.runs:
                member.reached, member.checked_steps = None, -1
                self._update_reached(member)

    def tick(self, epochs: int = 1) -> None:
        """Train every live run `epochs` whole epochs; diverged runs stay where they stopped."""
        for member in self.runs:
            if not member.run.diverged:
                member.run.step("epoch", epochs)
                self._update_reached(member)
        self.ticks += 1

    def _update_reached(self, member: CompareRun) -> None:
        """Search the history points recorded since the last search for the first target hit,
        then the current metrics (so a run is never reported later than it got there)."""
        if member.reached is not None:
            return
        history = member.run.history
        steps = history.step
        new = steps > member.checked_steps
        member.reached = steps_to_target(history.epoch[new], steps[new],
                                         history.train_loss[new], self.target_loss)
        run = member.run
        if member.reached is None and not run.diverged:
            loss = run.metrics()["train_loss"]
            if loss is not None and loss <= self.target_loss:
                member.reached = (run.epoch_float, run.steps)
        member.checked_steps = run.steps

    def summary(self) -> list[dict]:
        """One row per run: value, final metrics, epoch/steps, first target hit, status."""
        rows = []
        for member in self.runs:
            metrics = member.run.metrics()
            rows.append({
                "label": member.label,
                "train_loss": metrics["train_loss"],
                "test_loss": metrics["test_loss"],
                "train_acc": metrics["train_acc"],
                "test_acc": metrics["test_acc"],
                "epoch": member.run.epoch,
                "steps": member.run.steps,
                "reached_epoch": None if member.reached is None else member.reached[0],
                "reached_steps": None if member.reached is None else member.reached[1],
                "status": member.status,
                "divergence": member.run.divergence,
            })
        return rows


def group_key(base: Settings, variable: str, values: Sequence, dataset_id: int | None) -> tuple:
    """What the group was built from: a change to any of it needs a new group (view settings
    and the playground's own value of the varied setting do not count)."""
    shared = asdict(base)
    ignored = VIEW_FIELDS if variable == "neurons" else VIEW_FIELDS + CHANGED_FIELDS[variable]
    for name in ignored:
        shared.pop(name)
    return (tuple(sorted(shared.items())), variable, tuple(values), dataset_id)


__all__ = [
    "CHANGED_FIELDS", "CHOICES", "CompareGroup", "CompareRun", "DEFAULT_VALUES",
    "TARGET_LOSSES", "VARIABLES", "comparison_base", "format_value", "group_key",
    "steps_to_target", "variant_settings",
]

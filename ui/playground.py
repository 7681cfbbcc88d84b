"""The playground's per-session model: problem, training run and what one frame shows.

`Playground` is plain Python (no Streamlit), so tests drive it directly. The page keeps one in
`st.session_state` and calls `sync` (apply settings), `train` (advance), `frame` (figures).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from nn_core.datasets import Dataset
from ui.run_setup import (
    Grid,
    Head,
    Problem,
    apply_live_settings,
    build_problem,
    build_run,
    make_grid,
)
from ui.settings import Settings

THUMBNAIL_RESOLUTION = 16  # neuron thumbnails: cells per side
RATE_WINDOW_SECONDS = 1.0


@dataclass
class StepRate:
    """Training speed in steps per second, measured over about the last second."""

    since_time: float = 0.0
    since_steps: int = 0
    per_second: float = 0.0

    def update(self, steps: int, now: float) -> float:
        """Record the step counter at time `now`; return the current rate."""
        if steps < self.since_steps:
            self.since_time, self.since_steps, self.per_second = now, steps, 0.0
        elapsed = now - self.since_time
        if elapsed >= RATE_WINDOW_SECONDS:
            self.per_second = (steps - self.since_steps) / elapsed
            self.since_time, self.since_steps = now, steps
        return self.per_second


class Playground:
    """One session's playground: data, network, run, and the grids it is drawn on."""

    def __init__(self, settings: Settings, dataset: Dataset | None = None) -> None:
        self.custom_dataset = dataset
        self.build_count = 0
        self._build(settings)

    def _build(self, settings: Settings) -> None:
        self.network_key = settings.network_key()
        self.problem: Problem = build_problem(settings, self.custom_dataset)
        self.run, self.head = build_run(settings, self.problem)
        self.head: Head
        self.grid: Grid = make_grid(self.problem)
        self.thumbnail_grid: Grid = make_grid(self.problem, THUMBNAIL_RESOLUTION)
        self.rate = StepRate(since_time=time.perf_counter())
        self.build_count += 1

    def sync(self, settings: Settings) -> bool:
        """Apply `settings`: a new network if data or architecture changed (returns True),
        otherwise the live settings (learning rate, batch size, ...) on the running network."""
        if settings.network_key() != self.network_key:
            self._build(settings)
            return True
        apply_live_settings(self.run, settings, self.problem)
        return False

    def reset(self, settings: Settings) -> None:
        """A fresh network with the current settings (the weight seed gives the same start)."""
        self._build(settings)

    def set_dataset(self, dataset: Dataset | None, settings: Settings) -> None:
        """Train on `dataset` (uploaded or edited) instead of a generated one; None = generated."""
        self.custom_dataset = dataset
        self._build(settings)

    def train(self, unit: str, count: int) -> None:
        """Advance the run by `count` samples, mini-batches or epochs (no-op when diverged)."""
        self.run.step(unit, count)
        self.rate.update(self.run.steps, time.perf_counter())

    @property
    def steps_per_second(self) -> float:
        return self.rate.per_second

    def grid_output(self) -> np.ndarray:
        """The network output on the boundary grid: (g, g) for one output, (g, g, k) for k."""
        out = self.run.net.predict(self.grid.inputs)
        size = len(self.grid.xs)
        return out.reshape(size, size) if out.shape[1] == 1 else out.reshape(size, size, -1)

    def neuron_images(self) -> list[np.ndarray]:
        """Per hidden layer, each neuron's output over the thumbnail grid: (width, t, t)."""
        size = len(self.thumbnail_grid.xs)
        return [
            layer.T.reshape(-1, size, size)
            for layer in self.run.net.hidden_outputs(self.thumbnail_grid.inputs)
        ]

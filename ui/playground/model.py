"""The playground's per-session model: problem, training run and the pictures one frame shows.

`Playground` is plain Python (no Streamlit), so tests drive it directly. The page keeps one in
`st.session_state` and calls `sync` (apply settings) and `train` (advance); the live view's
source (`ui.playground.live`) reads the boundary and thumbnails as bytes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from nn_core import MLP
from nn_core.datasets import Dataset
from ui.common.figures import BOUNDARY_LABELS, boundary_figure
from ui.common.i18n import figure_labels
from ui.common.run_setup import (
    Grid,
    Head,
    Problem,
    apply_live_settings,
    build_problem,
    build_run,
    make_grid,
)
from ui.common.settings import Settings
from ui.live.boundary import grid_bytes, output_range
from ui.live.charts import value_bytes
from ui.live.source import new_run_id

THUMBNAIL_RESOLUTION = 16  # neuron thumbnails: cells per side
MAX_SHOWN_NEURONS = 8  # the network diagram shows the first 8 neurons of a layer
RATE_WINDOW_SECONDS = 1.0
# Fixed colour limits for neuron thumbnails per hidden activation (others adapt to the data).
ACTIVATION_RANGES = MappingProxyType(
    {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0), "sin": (-1.0, 1.0)}
)


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
        self.data_key = settings.data_key()
        self.problem: Problem = build_problem(settings, self.custom_dataset)
        self.run, self.head = build_run(settings, self.problem)
        self.head: Head
        self._grid_problem = self.problem  # the grids are drawn on the data the model was built on
        self._grids: tuple[Grid, Grid] | None = None
        self.rate = StepRate(since_time=time.perf_counter())
        self.build_count += 1
        self.run_id = new_run_id()
        self.data_revision = 0
        self.weight_zmax: float | None = None  # the weight colour scale, see ui.common.figures
        self.view_index: int | None = None  # a snapshot being replayed; None = the present

    @property
    def grid(self) -> Grid:
        """The decision boundary's grid (built on first use)."""
        return self._drawing_grids()[0]

    @property
    def thumbnail_grid(self) -> Grid:
        """The neuron thumbnails' grid (built on first use)."""
        return self._drawing_grids()[1]

    def _drawing_grids(self) -> tuple[Grid, Grid]:
        if self._grids is None:
            self._grids = (make_grid(self._grid_problem),
                           make_grid(self._grid_problem, THUMBNAIL_RESOLUTION))
        return self._grids

    def release_buffers(self) -> None:
        """Drop what the next frame rebuilds exactly (the drawing grids); an idle session's
        data, run and weights stay."""
        self._grids = None

    def sync(self, settings: Settings) -> bool:
        """Apply `settings`: a new network if data or architecture changed (returns True),
        otherwise the live settings (learning rate, batch size, ...) on the running network."""
        if settings.network_key() != self.network_key:
            if settings.data_key() != self.data_key:
                self.custom_dataset = None  # new generated data was asked for
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

    def edit_data(self, problem: Problem) -> None:
        """Keep training the same network on hand-edited data (see ui.playground.data_edit)."""
        self.problem = problem
        self.custom_dataset = problem.dataset
        self.run.replace_data(problem.X_train, problem.y_train, problem.X_test, problem.y_test)
        self.data_revision += 1

    def train(self, unit: str, count: int) -> None:
        """Advance the run by `count` samples, mini-batches or epochs (no-op when diverged).

        Training always continues from the present, so it ends any replay.
        """
        self.view_index = None
        self.run.step(unit, count)
        self.rate.update(self.run.steps, time.perf_counter())

    @property
    def steps_per_second(self) -> float:
        return self.rate.per_second

    def shown_net(self) -> MLP:
        """The network on screen: the replayed snapshot's, or the live one."""
        if self.view_index is None:
            return self.run.net
        return self.run.net_at(self.view_index)

    def show_snapshot(self, index: int | None) -> None:
        """Replay snapshot `index` (clamped to the ones kept), or None for the present."""
        snapshots = self.run.snapshots
        self.view_index = None if index is None or not snapshots else (
            min(max(int(index), 0), len(snapshots) - 1))

    def grid_output(self, net: MLP | None = None) -> np.ndarray:
        """`net`'s output on the boundary grid: (g, g) for one output, (g, g, k) for k.

        `net` defaults to the live network.
        """
        out = (net or self.run.net).predict(self.grid.inputs)
        size = len(self.grid.xs)
        return out.reshape(size, size) if out.shape[1] == 1 else out.reshape(size, size, -1)

    def neuron_images(self, net: MLP | None = None) -> list[np.ndarray]:
        """Per hidden layer, each neuron's output over the thumbnail grid: (width, t, t)."""
        size = len(self.thumbnail_grid.xs)
        return [
            layer.T.reshape(-1, size, size)
            for layer in (net or self.run.net).hidden_outputs(self.thumbnail_grid.inputs)
        ]

    def column_images(self, net: MLP) -> tuple[list[np.ndarray], list[tuple[float, float]]]:
        """Thumbnails for every column of the network diagram, with each column's colour range.

        Inputs: each feature over the plane scaled to [-1, 1]; hidden: each neuron's output;
        output: the network's output (sigmoid/softmax in [0, 1], regression in the target range).
        """
        size = len(self.thumbnail_grid.xs)
        features = self.thumbnail_grid.inputs.T.reshape(-1, size, size)
        scale = np.abs(features).reshape(len(features), -1).max(axis=1)
        inputs = features / np.where(scale > 0, scale, 1.0)[:, None, None]
        hidden = self.neuron_images(net)
        output = net.predict(self.thumbnail_grid.inputs).T.reshape(-1, size, size)
        ranges = [(-1.0, 1.0), *(self._hidden_range(net, image) for image in hidden),
                  output_range(self.problem)]
        return [inputs, *hidden, output], ranges

    @staticmethod
    def _hidden_range(net: MLP, images: np.ndarray) -> tuple[float, float]:
        fixed = ACTIVATION_RANGES.get(net.activation)
        if fixed is not None:
            return fixed
        limit = float(np.abs(images).max()) if images.size else 1.0
        return (-limit, limit) if limit > 0 else (-1.0, 1.0)

    def boundary_bytes(self, net: MLP, settings: Settings) -> np.ndarray:
        """`net`'s output on the boundary grid as bytes (g, g) (see `ui.live.boundary`)."""
        return grid_bytes(net, self.grid, self.problem, settings.discretize)

    def thumbnail_bytes(self, net: MLP) -> np.ndarray:
        """Every shown node's thumbnail, column by column, as bytes on its column's colour
        range: (nodes, t, t), row 0 at the bottom (see `column_images`)."""
        images, ranges = self.column_images(net)
        shown = [value_bytes(image[:MAX_SHOWN_NEURONS], lo, hi)
                 for image, (lo, hi) in zip(images, ranges, strict=True)]
        return np.concatenate(shown)

    def boundary_figure_for(self, net: MLP, settings: Settings, lang: str, height: int) -> dict:
        """The decision-boundary figure of `net` (live or a snapshot) on this problem."""
        problem = self.problem
        return boundary_figure(
            self.grid.xs, self.grid.ys, self.grid_output(net), problem.raw_train,
            problem.y_train, problem.raw_test, problem.y_test, kind=problem.dataset.kind,
            n_classes=problem.dataset.n_classes, show_test=settings.show_test,
            discretize=settings.discretize, palette=settings.palette,
            domain=problem.dataset.domain, height=height, clickable=True,
            labels=figure_labels("boundary", BOUNDARY_LABELS, lang),
        )

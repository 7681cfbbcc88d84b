"""The playground's per-session model: problem, training run and what one frame shows.

`Playground` is plain Python (no Streamlit), so tests drive it directly. The page keeps one in
`st.session_state` and calls `sync` (apply settings), `train` (advance), `frame` (figures).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from nn_core import MLP
from nn_core.datasets import Dataset
from ui.figures import (
    BOUNDARY_LABELS,
    LOSS_LABELS,
    NETWORK_LABELS,
    WEIGHT_LABELS,
    boundary_figure,
    loss_figure,
    network_figure,
    stable_weight_range,
    weights_grid_figure,
)
from ui.i18n import figure_labels
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
CHART_NAMES = ("network", "boundary", "loss", "weights")
MAX_WEIGHTS_WITH_NUMBERS = 40  # write each weight into its cell only for small networks
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
        self.grid: Grid = make_grid(self.problem)
        self.thumbnail_grid: Grid = make_grid(self.problem, THUMBNAIL_RESOLUTION)
        self.rate = StepRate(since_time=time.perf_counter())
        self.build_count += 1
        self.weight_zmax: float | None = None
        self.loss_axes: tuple[float | None, float | None] = (None, None)
        self.view_index: int | None = None  # a snapshot being replayed; None = the present

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
        """Keep training the same network on hand-edited data (see ui.data_edit)."""
        self.problem = problem
        self.custom_dataset = problem.dataset
        self.run.replace_data(problem.X_train, problem.y_train, problem.X_test, problem.y_test)

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
                  self._output_range()]
        return [inputs, *hidden, output], ranges

    @staticmethod
    def _hidden_range(net: MLP, images: np.ndarray) -> tuple[float, float]:
        fixed = ACTIVATION_RANGES.get(net.activation)
        if fixed is not None:
            return fixed
        limit = float(np.abs(images).max()) if images.size else 1.0
        return (-limit, limit) if limit > 0 else (-1.0, 1.0)

    def _output_range(self) -> tuple[float, float]:
        if self.problem.dataset.kind != "regression":
            return (0.0, 1.0)
        y = self.problem.y_train
        return float(y.min()), float(y.max())

    def revision(self, settings: Settings, lang: str, height: int) -> int:
        """Changes whenever anything drawn changes (so an idle rerun redraws nothing)."""
        view = (settings.show_test, settings.discretize, settings.log_loss, settings.palette)
        data = (len(self.problem.raw_train), self.problem.raw_test is None or
                len(self.problem.raw_test))
        return hash((self.build_count, self.run.steps, self.view_index, data, view, lang,
                     height))

    def frame(self, settings: Settings, lang: str, height: int,
              names: tuple[str, ...] = CHART_NAMES) -> dict[str, dict]:
        """The charts `names` (default all four) of one frame, as plain Plotly dicts.

        While replaying, they show the snapshot's network and the loss up to its epoch.
        """
        net = self.shown_net()
        layers = [(net.params[f"W{i}"], net.params.get(f"b{i}")) for i in
                  range(1, net.n_layers + 1)]
        self.weight_zmax = stable_weight_range(self.weight_zmax, layers)
        builders = {
            "network": lambda: self._network_figure(net, layers, settings, lang, height),
            "boundary": lambda: self.boundary_figure_for(net, settings, lang, height),
            "loss": lambda: self._loss_figure(settings, lang, height),
            "weights": lambda: weights_grid_figure(
                layers, zmax=self.weight_zmax, palette=settings.palette, height=height,
                show_values=sum(W.size for W, _ in layers) <= MAX_WEIGHTS_WITH_NUMBERS,
                labels=figure_labels("weights", WEIGHT_LABELS, lang),
            ),
        }
        return {name: builders[name]() for name in names}

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

    def _loss_figure(self, settings: Settings, lang: str, height: int) -> dict:
        history = self.run.history
        shown = slice(None)
        if self.view_index is not None:
            shown = history.epoch <= self.run.snapshots[self.view_index].epoch
        has_test = self.problem.X_test is not None
        has_accuracy = self.problem.dataset.kind != "regression"
        figure = loss_figure(
            history.epoch[shown], history.train_loss[shown],
            history.test_loss[shown] if has_test else None,
            history.train_acc[shown] if has_accuracy else None,
            history.test_acc[shown] if has_accuracy and has_test else None,
            log_y=settings.log_loss, x_max=self.loss_axes[0],
            y_max=None if settings.log_loss else self.loss_axes[1],
            palette=settings.palette, height=height,
            labels=figure_labels("loss", LOSS_LABELS, lang),
        )
        layout = figure["layout"]
        if not settings.log_loss:
            self.loss_axes = (layout["xaxis"]["range"][1], layout["yaxis"]["range"][1])
        return figure

    def _network_figure(self, net: MLP, layers: list, settings: Settings, lang: str,
                        height: int) -> dict:
        images, ranges = self.column_images(net)
        return network_figure(
            net.sizes, layers, images, input_names=self.problem.features,
            activation_names=net.activation_names, palette=settings.palette,
            zmax=self.weight_zmax, image_range=ranges, height=height,
            labels=figure_labels("network", NETWORK_LABELS, lang),
        )

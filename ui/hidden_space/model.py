"""Inside the hidden layer: how a hidden layer bends the input plane (pure; no Streamlit).

A lattice of grid lines over the dataset's domain and the training points are pushed through the
network up to a chosen hidden layer; two of its neurons' activations become the x and y axes
(as in ConvNetJS's 2-D classification demo). When those two neurons are the whole last hidden
layer, the output layer is a linear classifier on that plane, so its decision boundary there is
a straight line: training bends the lattice until the classes fall on either side of it.

Also per-layer histograms of activations a_l and backward-pass deltas dL/dz_l on the training
data, and dead ReLU units (activation 0 for every training point).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from nn_core import MLP, TrainingRun, get_activation, softmax
from nn_core.datasets import Dataset, add_features
from ui.common.run_setup import Problem, build_problem, build_run, make_grid
from ui.common.settings import Settings

N_LINES = 15          # lattice lines per direction
LINE_POINTS = 30      # points per lattice line
HIDDEN_GRID = 40      # cells per side of the output shading in the hidden plane
INPUT_GRID = 40       # cells per side of the decision boundary in the input plane
HISTOGRAM_BINS = 24
RANGE_MARGIN = 0.05   # fraction of the span added on both sides of an adaptive range
GROW_RATE = 0.3       # adaptive ranges move this fraction toward a wider target per frame
SHRINK_RATE = 0.05    # ... and this fraction toward a narrower one (slowly: no jumping)
LATTICE_COLORS = ("#3b4a5e", "#7a4f9a")  # lines of constant x1, lines of constant x2
# Activations with a bounded range get fixed axes (a small margin keeps points off the frame).
FIXED_RANGES: Mapping[str, tuple[float, float]] = MappingProxyType({
    "tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0), "sin": (-1.0, 1.0),
})
FIXED_MARGIN = 0.05

DEMO_ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")


@dataclass(frozen=True)
class Demo:
    """A small network for this page: dataset name and hidden widths."""

    dataset: str
    hidden: tuple[int, ...]


DEMOS: Mapping[str, Demo] = MappingProxyType({
    "circle_2": Demo("circle", (2,)),
    "xor_2": Demo("xor", (2,)),
    "circle_6_2": Demo("circle", (6, 2)),
})
DEMO_LEARNING_RATE = 0.1


def demo_settings(demo: str, activation: str = "tanh") -> Settings:
    """Settings of a demo network: its dataset and widths, the given activation, lr 0.1."""
    spec = DEMOS[demo]
    return Settings(dataset=spec.dataset, hidden=spec.hidden, activation=activation,
                    learning_rate=DEMO_LEARNING_RATE, batch_size=10)


def lattice_lines(domain: Sequence[float], n_lines: int = N_LINES,
                  n_points: int = LINE_POINTS) -> np.ndarray:
    """Grid lines over domain (xmin, xmax, ymin, ymax): (2 * n_lines, n_points, 2) raw points.

    Lines [0, n_lines) have constant x1 (vertical), lines [n_lines, 2 n_lines) constant x2.
    """
    xmin, xmax, ymin, ymax = (float(v) for v in domain)
    xs, ys = np.linspace(xmin, xmax, n_lines), np.linspace(ymin, ymax, n_lines)
    tx, ty = np.linspace(xmin, xmax, n_points), np.linspace(ymin, ymax, n_points)
    vertical = np.stack(np.broadcast_arrays(xs[:, None], ty[None, :]), axis=-1)
    horizontal = np.stack(np.broadcast_arrays(tx[None, :], ys[:, None]), axis=-1)
    return np.concatenate([vertical, horizontal]).astype(np.float64)


def map_lines(net: MLP, lines: np.ndarray, features: Sequence[str], layer: int) -> np.ndarray:
    """Lattice lines (L, P, 2) in raw coordinates -> hidden layer `layer` (0-based): (L, P, w).

    Each point x goes through the input features and the layers up to h_layer = a_{layer+1}(x).
    """
    n_lines, n_points, _ = lines.shape
    inputs = add_features(lines.reshape(-1, 2), tuple(features))
    return net.hidden_outputs(inputs)[layer].reshape(n_lines, n_points, -1)


def activation_range(name: str) -> tuple[float, float] | None:
    """Fixed axis range for bounded activations (tanh, sigmoid, sin), else None (adaptive)."""
    bounds = FIXED_RANGES.get(name)
    if bounds is None:
        return None
    lo, hi = bounds
    margin = FIXED_MARGIN * (hi - lo)
    return lo - margin, hi + margin


def target_range(values: np.ndarray) -> tuple[float, float]:
    """[min, max] of the finite values widened by RANGE_MARGIN of the span on both sides."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return -1.0, 1.0
    lo, hi = float(values.min()), float(values.max())
    span = hi - lo
    if span < 1e-9:
        half = max(abs(lo) * 0.1, 0.5)
        return lo - half, hi + half
    return lo - RANGE_MARGIN * span, hi + RANGE_MARGIN * span


def adapt_range(previous: tuple[float, float] | None, values: np.ndarray) -> tuple[float, float]:
    """A slowly adapting axis range: each end moves GROW_RATE of the way toward the data's
    `target_range` when that is wider, SHRINK_RATE when narrower; None starts at the target."""
    lo, hi = target_range(values)
    if previous is None:
        return lo, hi
    prev_lo, prev_hi = previous
    lo_rate = GROW_RATE if lo < prev_lo else SHRINK_RATE
    hi_rate = GROW_RATE if hi > prev_hi else SHRINK_RATE
    return prev_lo + lo_rate * (lo - prev_lo), prev_hi + hi_rate * (hi - prev_hi)


def output_from_hidden(net: MLP, hidden: np.ndarray) -> np.ndarray:
    """Network output (n, n_out) from the LAST hidden layer's activations (n, w): act(h W_L + b_L).
    """
    L = net.n_layers
    z = hidden @ net.params[f"W{L}"]
    if net.bias:
        z = z + net.params[f"b{L}"]
    with np.errstate(all="ignore"):
        if net.output_activation == "softmax":
            return softmax(z)
        return get_activation(net.output_activation).value(z)


def histogram(values: np.ndarray, value_range: tuple[float, float],
              bins: int = HISTOGRAM_BINS) -> tuple[np.ndarray, np.ndarray]:
    """(counts (bins,), edges (bins+1,)) of all values; values outside the range count in the
    end bins and non-finite ones are dropped, so counts sum to the number of finite values."""
    values = np.asarray(values, dtype=float).ravel()
    values = values[np.isfinite(values)]
    lo, hi = value_range
    counts, edges = np.histogram(np.clip(values, lo, hi), bins=bins, range=(lo, hi))
    return counts, edges


def dead_units(hidden: np.ndarray) -> np.ndarray:
    """Boolean (w,) per unit of one layer: True where its activation is 0 for every row of
    `hidden` (n, w) (a dead ReLU: z <= 0 on all training points, so it never learns again)."""
    return np.all(np.asarray(hidden) == 0, axis=0)


def dead_counts(hidden_layers: Sequence[np.ndarray]) -> list[int]:
    """Number of dead units per hidden layer."""
    return [int(dead_units(h).sum()) for h in hidden_layers]


@dataclass(frozen=True)
class LayerStats:
    """Per hidden layer: activations a_l (n, w), deltas dL/dz_l (n, w), activation name."""

    activations: list
    deltas: list
    names: list


def layer_stats(net: MLP, X: np.ndarray, y: np.ndarray) -> LayerStats:
    """One forward and backward pass on (X, y): hidden activations and backward-pass deltas."""
    trace = net.backward_trace(X, y)
    hidden = net.n_layers - 1
    return LayerStats(list(trace.forward.activations[1:1 + hidden]), list(trace.deltas[:hidden]),
                      list(net.activation_names[:hidden]))


@dataclass(frozen=True)
class HiddenPlane:
    """What the hidden-space chart shows for neurons i (x) and j (y) of one hidden layer.

    lines (L, P, 2): the lattice seen by the two neurons; points (n, 2): the training points;
    x_range, y_range: the axes; background (g, g[, k]): the network's output over that plane on a
    regular grid spanning the axes, only when the two neurons are the whole last hidden layer
    (otherwise None: the output layer sees more than this plane).
    """

    lines: np.ndarray
    points: np.ndarray
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    background: np.ndarray | None


class HiddenSpace:
    """A network, its training run and the view state of the hidden-space page.

    Adaptive axis ranges are remembered between frames (`ranges`), so pictures move smoothly.
    """

    def __init__(self, run: TrainingRun, problem: Problem) -> None:
        self.run = run
        self.problem = problem
        self.lines = lattice_lines(problem.dataset.domain)
        self.grid = make_grid(problem, INPUT_GRID)
        self.ranges: dict[str, tuple[float, float]] = {}

    @classmethod
    def from_settings(cls, settings: Settings, dataset: Dataset | None = None) -> HiddenSpace:
        """A fresh network and run for `settings` (weights from its weight seed)."""
        problem = build_problem(settings, dataset)
        run, _ = build_run(settings, problem)
        return cls(run, problem)

    @classmethod
    def from_run(cls, run: TrainingRun, problem: Problem) -> HiddenSpace:
        """A copy of another run's network (its current weights) with its own training run, so
        training here leaves the original alone."""
        twin = TrainingRun(run.net.copy(), problem.X_train, problem.y_train, problem.X_test,
                           problem.y_test, learning_rate=run.learning_rate,
                           batch_size=run.batch_size, optimizer=run.optimizer_name,
                           kind=run.kind)
        return cls(twin, problem)

    @property
    def net(self) -> MLP:
        return self.run.net

    @property
    def hidden_widths(self) -> list[int]:
        return list(self.net.sizes[1:-1])

    def train(self, batches: int) -> None:
        """Advance by `batches` mini-batches (no-op once diverged)."""
        self.run.step("batch", batches)

    def stats(self) -> LayerStats:
        return layer_stats(self.net, self.problem.X_train, self.problem.y_train)

    def _range(self, key: str, activation: str, values: np.ndarray) -> tuple[float, float]:
        fixed = activation_range(activation)
        if fixed is not None:
            return fixed
        self.ranges[key] = adapt_range(self.ranges.get(key), values)
        return self.ranges[key]

    def hidden_plane(self, layer: int, i: int, j: int) -> HiddenPlane:
        """Neuron i (x) against neuron j (y) of hidden layer `layer` (0-based)."""
        net, problem = self.net, self.problem
        lines = map_lines(net, self.lines, problem.features, layer)[..., [i, j]]
        points = net.hidden_outputs(problem.X_train)[layer][:, [i, j]]
        activation = net.activation_names[layer]
        x_range = self._range(f"x{layer}:{i}", activation,
                              np.concatenate([lines[..., 0].ravel(), points[:, 0]]))
        y_range = self._range(f"y{layer}:{j}", activation,
                              np.concatenate([lines[..., 1].ravel(), points[:, 1]]))
        background = None
        if self.shades_output(layer, i, j):
            hx = np.linspace(*x_range, HIDDEN_GRID)
            hy = np.linspace(*y_range, HIDDEN_GRID)
            gx, gy = np.meshgrid(hx, hy)
            plane = np.column_stack([gx.ravel(), gy.ravel()])
            if (i, j) == (1, 0):
                plane = plane[:, ::-1]
            background = output_from_hidden(net, plane).reshape(HIDDEN_GRID, HIDDEN_GRID, -1)
        return HiddenPlane(lines, points, x_range, y_range, background)

    def shades_output(self, layer: int, i: int, j: int) -> bool:
        """Whether neurons i and j are the whole last hidden layer of a classifier, so that the
        output layer's decision can be drawn on their plane."""
        net = self.net
        return (layer == net.n_layers - 2 and net.sizes[layer + 1] == 2 and i != j
                and self.problem.dataset.kind != "regression")

    def histograms(self, stats: LayerStats) -> list[tuple[tuple, tuple]]:
        """Per hidden layer: ((counts, range) of the activations, (counts, range) of the
        deltas) on the training data, on slowly adapting ranges."""
        result = []
        for index, (acts, deltas, name) in enumerate(zip(stats.activations, stats.deltas,
                                                         stats.names, strict=True)):
            act_range = self._range(f"ha{index}", name, acts)
            limit = float(np.max(np.abs(deltas[np.isfinite(deltas)]), initial=0.0))
            delta_range = self._range(f"hd{index}", "", np.array([-limit, limit]))
            result.append(((histogram(acts, act_range)[0], act_range),
                           (histogram(deltas, delta_range)[0], delta_range)))
        return result


__all__ = [
    "DEMOS", "DEMO_ACTIVATIONS", "HiddenPlane", "HiddenSpace", "LATTICE_COLORS",
    "LayerStats", "activation_range", "adapt_range", "dead_counts", "dead_units",
    "demo_settings", "histogram", "lattice_lines", "layer_stats", "map_lines",
    "output_from_hidden", "target_range",
]

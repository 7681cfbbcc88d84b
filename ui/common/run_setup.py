"""Turn playground settings into data, a network and a training run (pure; no Streamlit).

settings -> Problem (dataset, feature matrix, split) -> MLP -> TrainingRun.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from nn_core import MLP, TrainingRun
from nn_core.datasets import Dataset, add_features, make_dataset, train_test_split
from ui.common.settings import Settings

SMALL_DATASET = 8  # below this many points everything is training data (e.g. the 4-point XOR)
GRID_RESOLUTION = 50  # decision-boundary heatmap cells per side

# Valid (output activation, loss) pairs per problem kind; the first is the automatic choice.
HEADS = MappingProxyType({
    "binary": (("sigmoid", "bce"), ("sigmoid", "mse"), ("sigmoid", "sse"), ("tanh", "mse"),
               ("linear", "mse")),
    "multiclass": (("softmax", "ce"),),
    "regression": (("linear", "mse"), ("linear", "sse"), ("tanh", "mse"), ("sigmoid", "mse")),
})


@dataclass(frozen=True)
class Head:
    """The network's output activation and loss, and whether the user's choice had to change."""

    output_activation: str
    loss: str
    adjusted: bool


def resolve_head(kind: str, output_choice: str, loss_choice: str) -> Head:
    """Pick the output activation and loss for a problem kind, honouring valid user choices.

    'auto' takes the textbook pair (sigmoid+bce, softmax+ce, linear+mse). An invalid pair
    (e.g. softmax with bce) falls back to the closest valid one and reports `adjusted=True`.
    """
    pairs = HEADS[kind]
    matches = [
        pair for pair in pairs
        if output_choice in ("auto", pair[0]) and loss_choice in ("auto", pair[1])
    ]
    if matches:
        return Head(*matches[0], adjusted=False)
    return Head(*pairs[0], adjusted=True)


@dataclass(frozen=True)
class Problem:
    """The data of one run: the raw 2-D dataset, its feature matrices and the train/test split.

    X_train (n_train, n_features), y_train as the dataset's kind requires; X_test may be None.
    """

    dataset: Dataset
    features: tuple[str, ...]
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray | None
    y_test: np.ndarray | None
    raw_train: np.ndarray
    raw_test: np.ndarray | None


def build_problem(settings: Settings, dataset: Dataset | None = None) -> Problem:
    """Generate (or take the given, e.g. uploaded) dataset, split it and add input features."""
    if dataset is None:
        dataset = make_dataset(
            settings.dataset, n=settings.n_points, noise=settings.noise, seed=settings.data_seed
        )
    if len(dataset.X) < SMALL_DATASET:
        raw_train, y_train, raw_test, y_test = dataset.X, dataset.y, None, None
    else:
        raw_train, y_train, raw_test, y_test = train_test_split(
            dataset.X, dataset.y, train_ratio=settings.train_ratio, seed=settings.data_seed
        )
    return Problem(
        dataset=dataset,
        features=settings.features,
        X_train=add_features(raw_train, settings.features),
        y_train=y_train,
        X_test=None if raw_test is None else add_features(raw_test, settings.features),
        y_test=y_test,
        raw_train=raw_train,
        raw_test=raw_test,
    )


def output_size(dataset: Dataset) -> int:
    """Output neurons: one per class for multiclass, one otherwise."""
    return dataset.n_classes if dataset.kind == "multiclass" else 1


def build_network(settings: Settings, problem: Problem) -> tuple[MLP, Head]:
    """The MLP for these settings: inputs = chosen features, hidden widths, output head."""
    head = resolve_head(problem.dataset.kind, settings.output_activation, settings.loss)
    sizes = [len(problem.features), *settings.hidden, output_size(problem.dataset)]
    net = MLP(
        sizes,
        activation=settings.activation,
        output_activation=head.output_activation,
        loss=head.loss,
        seed=settings.weight_seed,
        init=settings.init,
        regularization=settings.regularization,
        reg_rate=settings.reg_rate,
    )
    return net, head


def effective_batch_size(settings: Settings, problem: Problem) -> int:
    """The batch size clamped to the number of training points (full batch at most)."""
    return max(1, min(settings.batch_size, len(problem.X_train)))


def build_run(settings: Settings, problem: Problem) -> tuple[TrainingRun, Head]:
    """A fresh training run for these settings on this problem."""
    net, head = build_network(settings, problem)
    run = TrainingRun(
        net,
        problem.X_train,
        problem.y_train,
        problem.X_test,
        problem.y_test,
        learning_rate=settings.learning_rate,
        batch_size=effective_batch_size(settings, problem),
        optimizer=settings.optimizer,
        seed=settings.weight_seed,
        kind=problem.dataset.kind,
    )
    return run, head


def apply_live_settings(run: TrainingRun, settings: Settings, problem: Problem) -> None:
    """Apply learning rate, batch size, regularization and optimizer without a reset."""
    if run.learning_rate != settings.learning_rate and run.diverged:
        run.clear_divergence()
    run.learning_rate = settings.learning_rate
    run.batch_size = effective_batch_size(settings, problem)
    run.net.regularization = settings.regularization
    run.net.reg_rate = settings.reg_rate
    if run.optimizer_name != settings.optimizer:
        run.set_optimizer(settings.optimizer)


@dataclass(frozen=True)
class Grid:
    """A regular grid over the dataset's domain: axes xs (g,), ys (g,), raw points (g*g, 2)
    in row-major order (row = y), and the same points as network inputs (g*g, n_features)."""

    xs: np.ndarray
    ys: np.ndarray
    raw: np.ndarray
    inputs: np.ndarray


def make_grid(problem: Problem, resolution: int = GRID_RESOLUTION) -> Grid:
    """Grid over the dataset domain for the decision boundary and neuron thumbnails."""
    xmin, xmax, ymin, ymax = problem.dataset.domain
    xs = np.linspace(xmin, xmax, resolution)
    ys = np.linspace(ymin, ymax, resolution)
    gx, gy = np.meshgrid(xs, ys)
    raw = np.column_stack([gx.ravel(), gy.ravel()])
    return Grid(xs=xs, ys=ys, raw=raw, inputs=add_features(raw, problem.features))

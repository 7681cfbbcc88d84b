"""Every dataset is learnable by a small network of the engine (seeded, a few seconds in all).

Thresholds are what these settings reach on held-out data; the checkerboard is the hardest
(a 4x4 board from 200 training points) and is held to a lower bar, honestly.
"""

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pytest

from nn_core import MLP, TrainingRun
from nn_core.datasets import DATASETS, add_features, make_dataset, train_test_split

HEADS = MappingProxyType({"binary": ("sigmoid", "bce"), "multiclass": ("softmax", "ce"),
                         "regression": ("linear", "mse")})
XY = ("x1", "x2")


@dataclass(frozen=True)
class Recipe:
    hidden: tuple[int, ...]
    activation: str
    epochs: int
    learning_rate: float
    threshold: float  # held-out accuracy, or for regression: test MSE / target variance
    features: tuple[str, ...] = XY
    optimizer: str = "sgd"


RECIPES = MappingProxyType({
    "xor": Recipe((8, 8), "tanh", 200, 0.03, 0.95),
    "xor4": Recipe((4,), "tanh", 500, 0.3, 1.0),
    "circle": Recipe((8, 8), "tanh", 200, 0.03, 0.95),
    "gaussians": Recipe((4,), "tanh", 50, 0.03, 0.95),
    "spiral": Recipe((16, 16, 16), "tanh", 400, 0.01, 0.95,
                     (*XY, "sin(x1)", "sin(x2)"), "adam"),
    "moons": Recipe((8, 8), "tanh", 200, 0.03, 0.95),
    "checkerboard": Recipe((16, 16), "tanh", 400, 0.01, 0.75, optimizer="adam"),
    "spiral3": Recipe((16, 16), "relu", 400, 0.01, 0.9, optimizer="adam"),
    "plane": Recipe((4,), "tanh", 100, 0.01, 0.1),
    "gauss_sum": Recipe((16, 16), "tanh", 300, 0.01, 0.1, optimizer="adam"),
})


def test_every_dataset_has_a_recipe():
    assert set(RECIPES) == set(DATASETS)


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_dataset_is_learned(name):
    recipe = RECIPES[name]
    data = make_dataset(name, n=400, noise=0.0, seed=0)
    if name == "xor4":  # four points: train and judge on all of them
        X_train, y_train, X_test, y_test = data.X, data.y, data.X, data.y
    else:
        X_train, y_train, X_test, y_test = train_test_split(data.X, data.y, 0.5, seed=0)
    output, loss = HEADS[data.kind]
    n_out = data.n_classes if data.kind == "multiclass" else 1
    net = MLP([len(recipe.features), *recipe.hidden, n_out], activation=recipe.activation,
              output_activation=output, loss=loss, seed=0)
    run = TrainingRun(net, add_features(X_train, recipe.features), y_train,
                      add_features(X_test, recipe.features), y_test,
                      learning_rate=recipe.learning_rate, batch_size=10,
                      optimizer=recipe.optimizer, seed=0)
    run.step("epoch", recipe.epochs)
    metrics = run.metrics()
    assert not run.diverged
    if data.kind == "regression":
        assert metrics["test_loss"] / float(np.var(y_test)) < recipe.threshold
    else:
        assert metrics["test_acc"] >= recipe.threshold, metrics

"""What the backprop page walks through: the classic tutorial's 3-4-1 network on XOR (with its
own code, line by line) or a copy of the playground's network, and training it some steps.

Plain Python and NumPy (pandas for the demo table): no Streamlit, so tests call it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from nn_core import MLP
from nn_core.datasets import tutorial_xor

TUTORIAL_SIZES = (3, 4, 1)
TUTORIAL_LEARNING_RATE = 1.0
TUTORIAL_STEPS = 1000
TUTORIAL_INPUT_NAMES = ("x1", "x2", "1")


def tutorial_random_weights(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The tutorial code's starting weights: after np.random.seed(seed), W1 = np.random.rand(3, 4)
    and W2 = np.random.rand(4, 1). Drawn from a RandomState of its own (the same numbers; the
    global NumPy state is left alone)."""
    legacy = np.random.RandomState(int(seed))
    return legacy.rand(TUTORIAL_SIZES[0], TUTORIAL_SIZES[1]), legacy.rand(TUTORIAL_SIZES[1], 1)


def tutorial_network(seed: int = 0, tutorial_random: bool = False) -> MLP:
    """The classic tutorial's 3-4-1 sigmoid network: no biases, U[0, 1) weights, sum of squares.

    The weights come from nn_core's generator with `seed`, or with `tutorial_random` exactly as
    the tutorial's code draws them (see `tutorial_random_weights`).
    """
    net = MLP(list(TUTORIAL_SIZES), "sigmoid", "sigmoid", "sse", bias=False, init="uniform01",
              seed=seed)
    if tutorial_random:
        w1, w2 = tutorial_random_weights(seed)
        net.params["W1"][...] = w1
        net.params["W2"][...] = w2
    return net


def tutorial_data() -> tuple[np.ndarray, np.ndarray]:
    """The tutorial's four XOR points with a constant third input: X (4, 3), y (4, 1)."""
    return tutorial_xor()


@dataclass(frozen=True)
class Lesson:
    """What the page walks through: a starting network, the batch (X, y) and the learning rate.

    `key` identifies the lesson (a new key means: start again from `start_network()`).
    """

    key: tuple
    start_network: Callable[[], MLP]
    X: np.ndarray
    y: np.ndarray
    learning_rate: float
    input_names: tuple[str, ...] | None


def tutorial_lesson(seed: int = 0, tutorial_random: bool = False) -> Lesson:
    """The tutorial's network and XOR data at learning rate 1 (weights: see tutorial_network)."""
    X, y = tutorial_data()
    return Lesson(("tutorial", int(seed), bool(tutorial_random)),
                  lambda: tutorial_network(int(seed), bool(tutorial_random)), X, y,
                  TUTORIAL_LEARNING_RATE, TUTORIAL_INPUT_NAMES)


def playground_lesson(playground, k: int) -> Lesson:
    """A copy of a ui.playground.model.Playground's network on its first `k` training points, at the
    playground's learning rate (the copy is made when the page starts the lesson)."""
    problem, run = playground.problem, playground.run
    k = max(1, min(int(k), len(problem.X_train)))
    return Lesson(("playground", id(playground), playground.build_count, k), run.net.copy,
                  problem.X_train[:k], problem.y_train[:k], float(run.learning_rate),
                  tuple(problem.features))


# What each stage of the tutorial's network is in the tutorial's own code (its class keeps
# input, weights1, weights2, layer1, output and y; sigmoid_derivative(x) = x * (1.0 - x) takes
# the activation, not z). Its error term 2(y - y_hat) has the opposite sign of dL/dy_hat, so
# its products are minus our deltas and gradients, and it adds them to the weights.
TUTORIAL_CODE = MappingProxyType({
    ("forward", 1): "self.layer1 = sigmoid(np.dot(self.input, self.weights1))",
    ("forward", 2): "self.output = sigmoid(np.dot(self.layer1, self.weights2))",
    ("output_delta", 2): "2*(self.y - self.output) * sigmoid_derivative(self.output)  # = −δ₂\n\n"
                         "def sigmoid_derivative(x):\n    return x * (1.0 - x)  # x = σ(z)",
    ("gradient", 2): "d_weights2 = np.dot(self.layer1.T, (2*(self.y - self.output) * "
                     "sigmoid_derivative(self.output)))  # = −∂L/∂W₂",
    ("hidden_delta", 1): "np.dot(2*(self.y - self.output) * sigmoid_derivative(self.output), "
                         "self.weights2.T) * sigmoid_derivative(self.layer1)  # = −δ₁",
    ("gradient", 1): "d_weights1 = np.dot(self.input.T, (np.dot(2*(self.y - self.output) * "
                     "sigmoid_derivative(self.output), self.weights2.T) * "
                     "sigmoid_derivative(self.layer1)))  # = −∂L/∂W₁",
    ("update", 0): "self.weights1 += d_weights1\nself.weights2 += d_weights2",
})
# Where the tutorial differs from the textbook form, a note (translation key) at that stage.
TUTORIAL_NOTES = MappingProxyType({
    ("forward", 1): "backprop.code_note.forward",
    ("loss", 0): "backprop.code_note.loss",
    ("output_delta", 2): "backprop.code_note.output_delta",
    ("update", 0): "backprop.code_note.update",
})


def train_steps(net: MLP, X, y, lr: float, steps: int) -> float:
    """`steps` full-batch gradient-descent updates in place; returns the loss after them."""
    for _ in range(int(steps)):
        net.train_batch(X, y, lr=lr)
    return net.loss(X, y)


def take_steps(net: MLP, lesson: Lesson, steps: int) -> bool:
    """`steps` gradient-descent updates on the lesson's batch, in place. If any parameter or
    the loss becomes inf/NaN the weights before the call are restored and False is returned."""
    before = net.get_flat()
    with np.errstate(all="ignore"):
        loss = train_steps(net, lesson.X, lesson.y, lesson.learning_rate, steps)
    if np.all(np.isfinite(net.flat)) and np.isfinite(loss):
        return True
    net.set_flat(before)
    return False


NONLINEARITY_DEMO_NETS = ("sigmoid", "linear", "none")


def nonlinearity_demo(seed: int = 0, steps: int = TUTORIAL_STEPS) -> pd.DataFrame:
    """XOR after `steps` tutorial updates for three networks: a sigmoid hidden layer, a linear
    hidden layer (the whole net is then one sigmoid of a linear function) and no hidden layer.

    Columns: "y" and one per entry of NONLINEARITY_DEMO_NETS.
    """
    X, y = tutorial_data()
    columns = {"y": y[:, 0]}
    for hidden in NONLINEARITY_DEMO_NETS:
        if hidden == "none":
            net = MLP([3, 1], "sigmoid", "sigmoid", "sse", bias=False, init="uniform01", seed=seed)
        else:
            net = MLP(list(TUTORIAL_SIZES), hidden, "sigmoid", "sse", bias=False,
                      init="uniform01", seed=seed)
        train_steps(net, X, y, TUTORIAL_LEARNING_RATE, steps)
        columns[hidden] = net.predict(X)[:, 0]
    return pd.DataFrame(columns, index=[f"({a:g}, {b:g})" for a, b, _ in X])

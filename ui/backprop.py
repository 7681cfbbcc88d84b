"""One training step of a real network, stage by stage, with the numbers nn_core computed.

Textbook order for L weight layers (a_0 = X, samples as rows):

    forward      z_l = a_{l-1} W_l (+ b_l),   a_l = g_l(z_l),   y_hat = a_L
    loss         L(y_hat, y)
    output delta delta_L = dL/dz_L = dL/dy_hat * g_L'(z_L)
    gradient     dL/dW_l = a_{l-1}^T delta_l,   dL/db_l = sum_i delta_l
    hidden delta delta_l = (delta_{l+1} W_{l+1}^T) * g_l'(z_l)
    update       W_l <- W_l - alpha dL/dW_l

`build_stages` reads every number from `MLP.backward_trace` (and the activation / loss objects
of nn_core for g'(z) and dL/dy_hat); nothing here re-implements the network. Plain Python and
NumPy (and pandas for tables): no Streamlit, so tests call it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from nn_core import MLP, get_activation
from nn_core.datasets import tutorial_xor
from ui.figures.weights import neuron_labels
from ui.palette import as_plotly_scale, get_palette, lighten_scale

TUTORIAL_SIZES = (3, 4, 1)
TUTORIAL_LEARNING_RATE = 1.0
TUTORIAL_STEPS = 1000
TUTORIAL_INPUT_NAMES = ("x1", "x2", "1")
DISPLAY_DECIMALS = 3
STAGE_KINDS = ("forward", "loss", "output_delta", "gradient", "hidden_delta", "update")

# Per activation name: (LaTeX symbol of g, plain-text symbol, LaTeX of g'(z)).
ACTIVATION_SYMBOLS = MappingProxyType({
    "sigmoid": (r"\sigma", "σ", r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))"),
    "tanh": (r"\tanh", "tanh", r"\tanh'(z) = 1 - \tanh^2(z)"),
    "relu": (r"\operatorname{ReLU}", "ReLU", r"\operatorname{ReLU}'(z) = [z > 0]"),
    "leaky_relu": (r"\operatorname{LReLU}", "LReLU",
                   r"\operatorname{LReLU}'(z) = 1 \text{ if } z > 0 \text{ else } 0.01"),
    "linear": (r"\operatorname{id}", "id", r"\operatorname{id}'(z) = 1"),
    "softplus": (r"\operatorname{softplus}", "softplus",
                 r"\operatorname{softplus}'(z) = \sigma(z)"),
    "sin": (r"\sin", "sin", r"\sin'(z) = \cos(z)"),
    "softmax": (r"\operatorname{softmax}", "softmax", ""),
})
LOSS_LATEX = MappingProxyType({
    "sse": r"L = \sum_i (y_i - \hat{y}_i)^2",
    "mse": r"L = \frac{1}{n k} \sum_{i,j} (\hat{y}_{ij} - y_{ij})^2",
    "bce": r"L = -\frac{1}{n k} \sum_{i,j} \big[y \log \hat{y} + (1 - y) \log(1 - \hat{y})\big]",
    "ce": r"L = -\frac{1}{n} \sum_i \sum_c y_{ic} \log \hat{y}_{ic}",
})
LOSS_GRAD_LATEX = MappingProxyType({
    "sse": r"\frac{\partial L}{\partial \hat{y}} = 2\,(\hat{y} - y)",
    "mse": r"\frac{\partial L}{\partial \hat{y}} = \frac{2}{n k}\,(\hat{y} - y)",
})
# Matched output/loss pairs where dL/dz_L simplifies to a scaled (y_hat - y).
MATCHED_DELTA_LATEX = MappingProxyType({
    "bce": r"\delta_{L} = \frac{\partial L}{\partial z_{L}} = \frac{1}{n k}\,(\hat{y} - y)",
    "ce": r"\delta_{L} = \frac{\partial L}{\partial z_{L}} = \frac{1}{n}\,(\hat{y} - y)",
})
# The weight penalty (never the biases), shown the same way on every page; nn_core.losses:
# l2 adds rate/2 * sum W^2 (gradient rate * W), l1 adds rate * sum |W| (gradient rate * sign W).
PENALTY_TEXT = MappingProxyType({"l2": "λ/2·Σw²", "l1": "λ·Σ|w|"})
PENALTY_LATEX = MappingProxyType({
    "l2": r"\frac{\lambda}{2} \sum_{l} \sum W_{l}^2",
    "l1": r"\lambda \sum_{l} \sum |W_{l}|",
})
REGULARIZATION_LATEX = MappingProxyType(
    {"l2": r"\lambda W_{l}", "l1": r"\lambda \operatorname{sign}(W_{l})"}
)


@dataclass(frozen=True)
class Matrix:
    """A labelled 2-D array: `symbol` (LaTeX), `name` (plain text), rows x columns."""

    symbol: str
    name: str
    values: np.ndarray
    row_names: tuple[str, ...]
    col_names: tuple[str, ...]

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    def frame(self) -> pd.DataFrame:
        """The exact values as a DataFrame with row and column names."""
        return pd.DataFrame(self.values, index=list(self.row_names), columns=list(self.col_names))


@dataclass(frozen=True)
class Stage:
    """One step of the walk-through: `kind` (one of STAGE_KINDS), its layer (1-based, 0 when
    none), the formulas (LaTeX lines), the matrices that go with them and, for the deltas, the
    chain-rule product written out (`chain`)."""

    kind: str
    layer: int
    formulas: tuple[str, ...]
    matrices: tuple[Matrix, ...]
    loss: float | None = None
    chain: str = ""  # the chain-rule product this stage computes a part of (LaTeX), if any

    def matrix(self, name: str) -> Matrix:
        """The matrix called `name` (KeyError when this stage has none)."""
        for item in self.matrices:
            if item.name == name:
                return item
        raise KeyError(f"stage {self.kind} {self.layer} has no matrix {name!r}")


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
    """A copy of a ui.playground.Playground's network on its first `k` training points, at the
    playground's learning rate (the copy is made when the page starts the lesson)."""
    problem, run = playground.problem, playground.run
    k = max(1, min(int(k), len(problem.X_train)))
    return Lesson(("playground", id(playground), playground.build_count, k), run.net.copy,
                  problem.X_train[:k], problem.y_train[:k], float(run.learning_rate),
                  tuple(problem.features))


def _layer_symbol(name: str, layer: int, n_layers: int) -> str:
    """LaTeX symbol of a_l / z_l / delta_l etc.; a_0 is X and a_L is y_hat."""
    if name == "a" and layer == 0:
        return "X"
    if name == "a" and layer == n_layers:
        return r"\hat{y}"
    return f"{name}_{{{layer}}}"


def _plain(name: str, layer: int, n_layers: int) -> str:
    if name == "a" and layer == 0:
        return "X"
    if name == "a" and layer == n_layers:
        return "ŷ"
    return f"{name}{layer}"


def _sample_names(n: int) -> tuple[str, ...]:
    return tuple(f"#{i + 1}" for i in range(n))


class _StageBuilder:
    """Collects the stages of one step from a BackwardTrace (kept small: one method per kind)."""

    def __init__(self, net: MLP, X: np.ndarray, Y: np.ndarray, lr: float,
                 input_names: tuple[str, ...] | None):
        self.net, self.lr, self.Y = net, lr, Y
        self.trace = net.backward_trace(X, Y)
        self.L = net.n_layers
        self.units = [tuple(names) for names in neuron_labels(net.sizes, input_names)]
        self.samples = _sample_names(len(X))
        self.acts = [get_activation(name, output=(i == self.L - 1))
                     for i, name in enumerate(net.activation_names)]

    # helpers returning Matrix objects -----------------------------------------------------------
    def act(self, layer: int) -> Matrix:
        return Matrix(_layer_symbol("a", layer, self.L), _plain("a", layer, self.L),
                      self.trace.forward.activations[layer], self.samples, self.units[layer])

    def z(self, layer: int) -> Matrix:
        return Matrix(f"z_{{{layer}}}", f"z{layer}", self.trace.forward.zs[layer - 1],
                      self.samples, self.units[layer])

    def weights(self, layer: int, values: np.ndarray | None = None, suffix: str = "") -> Matrix:
        values = self.net.params[f"W{layer}"].copy() if values is None else values
        return Matrix(f"W_{{{layer}}}{suffix}", f"W{layer}{suffix}", values,
                      self.units[layer - 1], self.units[layer])

    def bias(self, layer: int, values: np.ndarray | None = None, suffix: str = "") -> Matrix:
        values = self.net.params[f"b{layer}"].copy() if values is None else values
        return Matrix(f"b_{{{layer}}}{suffix}", f"b{layer}{suffix}", values.reshape(1, -1),
                      ("b",), self.units[layer])

    def delta(self, layer: int) -> Matrix:
        return Matrix(rf"\delta_{{{layer}}}", f"δ{layer}", self.trace.deltas[layer - 1],
                      self.samples, self.units[layer])

    def derivative(self, layer: int) -> Matrix:
        z = self.trace.forward.zs[layer - 1]
        a = self.trace.forward.activations[layer]
        g, plain, _ = self.g(layer)
        return Matrix(f"{g}'(z_{{{layer}}})", f"{plain}'(z{layer})",
                      self.acts[layer - 1].derivative(z, a), self.samples, self.units[layer])

    def g(self, layer: int) -> tuple[str, str, str]:
        """(LaTeX symbol, plain symbol, LaTeX derivative) of layer `layer`'s activation."""
        return ACTIVATION_SYMBOLS[self.acts[layer - 1].name]

    # one method per stage kind -----------------------------------------------------------------
    def forward(self, layer: int) -> Stage:
        g = self.g(layer)[0]
        a_prev, a = _layer_symbol("a", layer - 1, self.L), _layer_symbol("a", layer, self.L)
        bias = f" + b_{{{layer}}}" if self.net.bias else ""
        formulas = (f"z_{{{layer}}} = {a_prev}\\,W_{{{layer}}}{bias}",
                    f"{a} = {g}(z_{{{layer}}})")
        matrices = [self.act(layer - 1), self.weights(layer)]
        if self.net.bias:
            matrices.append(self.bias(layer))
        matrices += [self.z(layer), self.act(layer)]
        return Stage("forward", layer, formulas, tuple(matrices))

    def loss(self) -> Stage:
        y_hat = self.act(self.L)
        target = Matrix("y", "y", self.Y, self.samples, self.units[self.L])
        error = Matrix(r"\hat{y} - y", "ŷ − y", y_hat.values - self.Y, self.samples,
                       self.units[self.L])
        formulas = [LOSS_LATEX[self.net.loss_name]]
        penalty = PENALTY_LATEX.get(self.net.regularization)
        if penalty and self.net.reg_rate:
            formulas = [f"{formulas[0]} + {penalty}, \\quad \\lambda = {self.net.reg_rate:g}",
                        f"L = {self.trace.data_loss:.6g} + {self.trace.reg_loss:.6g} "
                        f"= {self.trace.loss:.6g}"]
        else:
            formulas.append(f"L = {self.trace.loss:.6g}")
        return Stage("loss", 0, tuple(formulas), (y_hat, target, error), loss=self.trace.loss)

    def output_delta(self) -> Stage:
        L, loss_fn = self.L, self.net.loss_fn
        y_hat = self.trace.forward.output
        chain = (rf"\frac{{\partial L}}{{\partial W_{{{L}}}}} = \underbrace{{"
                 rf"\frac{{\partial L}}{{\partial \hat{{y}}}} \cdot "
                 rf"\frac{{\partial \hat{{y}}}}{{\partial z_{{{L}}}}}}}_{{\delta_{{{L}}}}} \cdot "
                 rf"\frac{{\partial z_{{{L}}}}}{{\partial W_{{{L}}}}}")
        if loss_fn.output_activation is not None:
            error = Matrix(r"\hat{y} - y", "ŷ − y", y_hat - self.Y, self.samples, self.units[L])
            return Stage("output_delta", L, (MATCHED_DELTA_LATEX[loss_fn.name],),
                         (error, self.delta(L)), chain=chain)
        dl_dy = Matrix(r"\partial L / \partial \hat{y}", "∂L/∂ŷ",
                       loss_fn.grad_output(y_hat, self.Y), self.samples, self.units[L])
        g, _, g_prime = self.g(L)
        formulas = (LOSS_GRAD_LATEX[loss_fn.name], g_prime,
                    rf"\delta_{{{L}}} = \frac{{\partial L}}{{\partial \hat{{y}}}} \odot "
                    rf"{g}'(z_{{{L}}})")
        return Stage("output_delta", L, formulas, (dl_dy, self.derivative(L), self.delta(L)),
                     chain=chain)

    def gradient(self, layer: int) -> Stage:
        a_prev = self.act(layer - 1)
        a_prev_t = Matrix(a_prev.symbol + r"^\top", a_prev.name + "ᵀ", a_prev.values.T,
                          a_prev.col_names, a_prev.row_names)
        grad_w = Matrix(rf"\partial L / \partial W_{{{layer}}}", f"∂L/∂W{layer}",
                        self.trace.dW[layer - 1], self.units[layer - 1], self.units[layer])
        formula = (rf"\frac{{\partial L}}{{\partial W_{{{layer}}}}} = {a_prev.symbol}^\top "
                   rf"\delta_{{{layer}}}")
        reg = REGULARIZATION_LATEX.get(self.net.regularization)
        if reg and self.net.reg_rate:
            formula += " + " + reg.replace("{l}", f"{{{layer}}}")
        formulas = [formula]
        matrices = [a_prev_t, self.delta(layer), grad_w]
        if self.net.bias:
            formulas.append(rf"\frac{{\partial L}}{{\partial b_{{{layer}}}}} = \sum_i "
                            rf"\delta_{{{layer},i}}")
            matrices.append(Matrix(rf"\partial L / \partial b_{{{layer}}}", f"∂L/∂b{layer}",
                                   self.trace.db[layer - 1].reshape(1, -1), ("b",),
                                   self.units[layer]))
        return Stage("gradient", layer, tuple(formulas), tuple(matrices))

    def hidden_delta(self, layer: int) -> Stage:
        upstream = self.trace.deltas[layer] @ self.net.params[f"W{layer + 1}"].T
        back = Matrix(rf"\delta_{{{layer + 1}}} W_{{{layer + 1}}}^\top",
                      f"δ{layer + 1}·W{layer + 1}ᵀ", upstream, self.samples, self.units[layer])
        g, _, g_prime = self.g(layer)
        formulas = (rf"\delta_{{{layer}}} = \big(\delta_{{{layer + 1}}}\,W_{{{layer + 1}}}^\top"
                    rf"\big) \odot {g}'(z_{{{layer}}})", g_prime)
        up, here = layer + 1, layer
        chain = (rf"\frac{{\partial L}}{{\partial W_{{{here}}}}} = \underbrace{{\delta_{{{up}}} "
                 rf"\cdot \frac{{\partial z_{{{up}}}}}{{\partial a_{{{here}}}}} \cdot "
                 rf"\frac{{\partial a_{{{here}}}}}{{\partial z_{{{here}}}}}}}_{{\delta_{{{here}}}}}"
                 rf" \cdot \frac{{\partial z_{{{here}}}}}{{\partial W_{{{here}}}}}")
        return Stage("hidden_delta", layer, formulas,
                     (back, self.derivative(layer), self.delta(layer)), chain=chain)

    def update(self) -> Stage:
        formulas = [rf"W \leftarrow W - \alpha\,\frac{{\partial L}}{{\partial W}}, "
                    rf"\quad \alpha = {self.lr:g}"]
        if self.net.bias:
            formulas.append(r"b \leftarrow b - \alpha\,\frac{\partial L}{\partial b}")
        matrices = []
        for layer in range(1, self.L + 1):
            w = self.net.params[f"W{layer}"]
            matrices += [self.weights(layer),
                         self.weights(layer, w - self.lr * self.trace.dW[layer - 1], "'")]
            if self.net.bias:
                b = self.net.params[f"b{layer}"]
                matrices += [self.bias(layer),
                             self.bias(layer, b - self.lr * self.trace.db[layer - 1], "'")]
        return Stage("update", 0, tuple(formulas), tuple(matrices))


def network_formula(net: MLP) -> str:
    """The whole network as one LaTeX formula, points as rows: for the tutorial's network
    y_hat = sigma(sigma(X W_1) W_2); with biases g_2(g_1(X W_1 + b_1) W_2 + b_2)."""
    inner = "X"
    for layer, name in enumerate(net.activation_names, start=1):
        g = ACTIVATION_SYMBOLS[name][0]
        bias = f" + b_{{{layer}}}" if net.bias else ""
        left, right = (r"\big(", r"\big)") if layer == net.n_layers and layer > 1 else ("(", ")")
        inner = f"{g}{left}{inner}\\,W_{{{layer}}}{bias}{right}"
    return rf"\hat{{y}} = {inner}"


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


def build_stages(net: MLP, X, y, lr: float,
                 input_names: tuple[str, ...] | None = None) -> list[Stage]:
    """Every stage of one gradient-descent step of `net` on (X, y) at learning rate `lr`.

    Order: forward 1..L, loss, output delta L, gradient L, then hidden delta l and gradient l
    for l = L-1..1, update. Values come from `net.backward_trace`; W' = W - lr dL/dW is what
    `net.train_batch(X, y, lr)` produces.
    """
    X, Y = net.prepare_data(X, y)
    builder = _StageBuilder(net, X, Y, float(lr), input_names)
    L = net.n_layers
    stages = [builder.forward(layer) for layer in range(1, L + 1)]
    stages += [builder.loss(), builder.output_delta(), builder.gradient(L)]
    for layer in range(L - 1, 0, -1):
        stages += [builder.hidden_delta(layer), builder.gradient(layer)]
    stages.append(builder.update())
    return stages


def train_steps(net: MLP, X, y, lr: float, steps: int) -> float:
    """`steps` full-batch gradient-descent updates in place; returns the loss after them."""
    for _ in range(int(steps)):
        net.train_batch(X, y, lr=lr)
    return net.loss(X, y)


def prediction_table(net: MLP, X, y) -> pd.DataFrame:
    """Network output next to the targets, one row per sample (columns 'ŷ…' and 'y…')."""
    X, Y = net.prepare_data(X, y)
    out = net.predict(X)
    if out.shape[1] == 1:
        columns = {"ŷ": out[:, 0], "y": Y[:, 0]}
    else:
        columns = {f"ŷ{j + 1}": out[:, j] for j in range(out.shape[1])}
        columns.update({f"y{j + 1}": Y[:, j] for j in range(Y.shape[1])})
    return pd.DataFrame(columns, index=list(_sample_names(len(X))))


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


# --- figures: matrices as small heatmaps with their numbers -------------------------------------

CELL_WIDTH_PX = 46
CELL_HEIGHT_PX = 26
PANEL_GAP_PX = 46          # room for the next panel's row names
TITLE_PX = 46              # panel titles sit above the column names
TITLE_CHAR_PX = 7          # rough width of one title character (12 px bold)
MAX_FIGURE_WIDTH_PX = 900  # wider rows of panels wrap into another figure
TEXT_LIGHTEN = 0.35        # paler colours so the numbers stay readable


@dataclass(frozen=True)
class Panel:
    """One heatmap panel: z (rows, cols) with names, cell text, hover text and colour range."""

    title: str
    z: np.ndarray
    row_names: tuple[str, ...]
    col_names: tuple[str, ...]
    text: np.ndarray
    hover: np.ndarray
    zmin: float
    zmax: float


def panel_rows(panels: list[Panel], max_width: int = MAX_FIGURE_WIDTH_PX,
               cell_width: int = CELL_WIDTH_PX) -> list[list[Panel]]:
    """Split panels into consecutive rows no wider than `max_width` px (one panel at least)."""
    rows: list[list[Panel]] = []
    width = 0
    for panel in panels:
        needed = panel.z.shape[1] * cell_width + PANEL_GAP_PX
        if rows and width + needed <= max_width:
            rows[-1].append(panel)
            width += needed
        else:
            rows.append([panel])
            width = needed
    return rows


def panels_figure(panels: list[Panel], colorscale: list, uirevision: str = "panels", *,
                  cell_width: int = CELL_WIDTH_PX, cell_height: int = CELL_HEIGHT_PX) -> dict:
    """Plotly figure dict: panels side by side with fixed pixel cells (width/height in px).

    Rows run top to bottom, every panel is aligned to the top edge.
    """
    widths = [p.z.shape[1] * cell_width for p in panels]
    max_rows = max(p.z.shape[0] for p in panels)
    plot_width = sum(widths) + PANEL_GAP_PX * (len(panels) - 1)
    plot_height = max_rows * cell_height
    overhang = len(panels[-1].title) * TITLE_CHAR_PX - widths[-1]  # last title may stick out
    margin = {"l": PANEL_GAP_PX, "r": max(8, overhang), "t": TITLE_PX, "b": 6}
    layout = {
        "width": plot_width + margin["l"] + margin["r"],
        "height": plot_height + margin["t"] + margin["b"],
        "margin": margin, "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        "font": {"size": 11, "color": "#31333f"}, "showlegend": False, "dragmode": False,
        "uirevision": uirevision, "annotations": [],
    }
    data = []
    left = 0
    for i, (panel, width) in enumerate(zip(panels, widths, strict=True), start=1):
        rows = panel.z.shape[0]
        x0 = left / plot_width
        x1 = (left + width) / plot_width
        left += width + PANEL_GAP_PX
        suffix = "" if i == 1 else str(i)
        data.append({
            "type": "heatmap", "z": panel.z.tolist(), "x": list(panel.col_names),
            "y": list(panel.row_names), "text": panel.text.tolist(),
            "hovertext": panel.hover.tolist(), "texttemplate": "%{text}",
            "hovertemplate": "%{hovertext}<extra></extra>", "zmin": panel.zmin,
            "zmax": panel.zmax, "colorscale": colorscale, "showscale": False,
            "xgap": 1, "ygap": 1, "name": panel.title,
            "xaxis": f"x{suffix}", "yaxis": f"y{suffix}",
        })
        layout[f"xaxis{suffix}"] = {
            "domain": [x0, x1], "anchor": f"y{suffix}", "side": "top", "fixedrange": True,
            "showgrid": False, "zeroline": False, "tickfont": {"size": 10, "color": "#6b7280"},
            "type": "category",
        }
        layout[f"yaxis{suffix}"] = {
            "domain": [1 - rows / max_rows, 1], "anchor": f"x{suffix}", "autorange": "reversed",
            "fixedrange": True, "showgrid": False, "zeroline": False, "type": "category",
            "tickfont": {"size": 10, "color": "#6b7280"},
        }
        layout["annotations"].append({
            "text": f"<b>{panel.title}</b>", "xref": "paper", "yref": "paper", "x": x0,
            "y": 1, "yshift": 26, "xanchor": "left", "yanchor": "bottom",
            "showarrow": False, "font": {"size": 12},
        })
    return {"data": data, "layout": layout}


def matrix_panel(matrix: Matrix, decimals: int = DISPLAY_DECIMALS) -> Panel:
    """A matrix as a panel: cells show `decimals` decimals, hover shows the exact value;
    colours are symmetric around 0 (zmax = largest |value|)."""
    values = np.asarray(matrix.values, dtype=np.float64)
    finite = np.abs(values[np.isfinite(values)])
    zmax = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    # + 0.0 turns a rounded -0.0 into 0.0, so tiny negatives read "0.000", not "-0.000"
    text = np.vectorize(lambda v: f"{round(v, decimals) + 0.0:.{decimals}f}",
                        otypes=[object])(values)
    hover = np.empty(values.shape, dtype=object)
    for (r, c), value in np.ndenumerate(values):
        hover[r, c] = (f"{matrix.name}[{matrix.row_names[r]}, {matrix.col_names[c]}]"
                       f" = {value!r}")
    rows, cols = values.shape
    return Panel(f"{matrix.name}  ({rows}×{cols})", values, matrix.row_names, matrix.col_names,
                 text, hover, -zmax, zmax)


def stage_figures(stage: Stage, palette: str = "default") -> list[dict]:
    """The stage's matrices as heatmap figures (one per row of panels that fits the page)."""
    scale = as_plotly_scale(lighten_scale(get_palette(palette).diverging, TEXT_LIGHTEN))
    panels = [matrix_panel(m) for m in stage.matrices]
    return [panels_figure(row, scale, uirevision=f"{stage.kind}{stage.layer}-{i}")
            for i, row in enumerate(panel_rows(panels))]


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

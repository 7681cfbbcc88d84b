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

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from nn_core import MLP, get_activation
from ui.common.figures.panels import Panel, panel_rows, panels_figure
from ui.common.figures.weights import neuron_labels
from ui.common.palette import as_plotly_scale, get_palette, lighten_scale

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


# --- figures: the stage's matrices as small heatmaps with their numbers ----------------------

TEXT_LIGHTEN = 0.35        # paler colours so the numbers stay readable


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

"""The multilayer perceptron as a textbook teaches it: forward pass, loss, backward pass, update.

For layers l = 1..L, with a_0 = X:

    forward    z_l = a_{l-1} @ W_l + b_l,   a_l = g_l(z_l)
    loss       L = loss(a_L, y)  (+ a penalty on the weights, see nn_core.losses)
    backward   delta_L = dL/dz_L,   delta_{l-1} = (delta_l @ W_l.T) * g'_{l-1}(z_{l-1})
               dL/dW_l = a_{l-1}.T @ delta_l,   dL/db_l = sum over samples of delta_l
    update     W_l <- W_l - lr dL/dW_l,   b_l <- b_l - lr dL/db_l

Shapes: X (n, d_0); W_l (d_{l-1}, d_l); b_l (d_l,); z_l, a_l, delta_l (n, d_l).

This module is the reference path, written layer by layer with nn_core.layers: one forward
pass (``forward_trace``) and one backward pass (``backward_trace``) that everything else here
reuses. The playground trains through the fast path (nn_core.fast), which computes the same
math in preallocated buffers and is tested equal to this one. Saving and loading networks
(``to_dict`` / ``from_dict``) is nn_core.serialize.

Parameter layout: all parameters live in one flat buffer ``net.flat``. Layer l owns a contiguous
block of shape (d_{l-1} + 1, d_l) (or (d_{l-1}, d_l) without bias): its first d_{l-1} rows are
W_l and its last row is b_l, so ``net.params["W1"]`` and ``net.params["b1"]`` are views into
``net.flat``. The fast path relies on this: it folds the bias into the matrix product and
updates every parameter with one vector operation.
"""

from __future__ import annotations

import copy as _copy
import math
from dataclasses import dataclass, field

import numpy as np

from nn_core import serialize
from nn_core.activations import Activation, get_activation, log_softmax
from nn_core.fast import FastPath, predict_rows
from nn_core.layers import activation_backward, activation_forward, dense_backward, dense_forward
from nn_core.losses import (
    REGULARIZATIONS,
    check_output_pairing,
    get_loss,
    prepare_targets,
    regularization_grad,
    regularization_penalty,
)
from nn_core.serialize import ModelProblem, check_name, check_sizes

INITS = ("xavier", "he", "uniform01", "normal")
"""Choice list of weight initialisations, the default first (see MLP)."""
NORMAL_INIT_STD = 0.1  # sigma of the "normal" initialisation, N(0, 0.1^2)
DTYPES = ("float64", "float32")


@dataclass
class ForwardTrace:
    """Every pre-activation and activation of one forward pass.

    ``activations[0]`` is X (n, d0); for layer l = 1..L, ``zs[l-1]`` is z_l and
    ``activations[l]`` is a_l, both (n, d_l). ``caches[l-1]`` is layer l's
    (dense cache, activation cache) for the backward pass (see nn_core.layers).
    """

    zs: list
    activations: list
    caches: list = field(default_factory=list, repr=False)

    @property
    def output(self) -> np.ndarray:
        return self.activations[-1]

    @property
    def layers(self) -> list:
        """[(z_l, a_l) for l = 1..L]."""
        return list(zip(self.zs, self.activations[1:], strict=True))


@dataclass
class BackwardTrace:
    """One forward and backward pass: loss, delta_l = dL/dz_l per layer and the gradients."""

    forward: ForwardTrace
    loss: float
    data_loss: float
    reg_loss: float
    deltas: list  # deltas[l-1] = dL/dz_l, (n, d_l)
    dW: list  # dW[l-1] = dL/dW_l (includes the regularization gradient)
    db: list  # db[l-1] = dL/db_l or None without biases
    grads: dict = field(default_factory=dict)


class MLP:
    """A fully connected network ``sizes = [d0, d1, ..., dL]`` trained with gradient descent.

    ``activation`` is used in every hidden layer unless ``hidden_activations`` lists one name per
    hidden layer. ``loss`` is "mse", "sse", "bce" (needs a sigmoid output) or "ce" (needs a
    softmax output). ``init`` draws every W_l (biases start at 0):

    - "xavier" (the default): Glorot uniform U(-r, r) with r = sqrt(6 / (d_in + d_out));
    - "he": normal with std sqrt(2 / d_in);
    - "uniform01": the tutorial's U[0, 1);
    - "normal": N(0, sigma^2) with sigma = NORMAL_INIT_STD = 0.1, the plain "small random
      weights" of introductory courses: small enough that tanh and sigmoid units start in their
      steep range, where sigma = 1 would saturate them on the playground's coordinates of a few
      units. Unlike xavier and he it ignores the layer widths, so signals fade through deep
      networks (a lesson in itself).

    ``bias=False`` gives the tutorial's network without biases (no "b" keys in ``params``).
    Randomness comes only from ``rng`` or ``np.random.default_rng(seed)``.
    """

    def __init__(self, sizes, activation="tanh", output_activation="sigmoid", loss="bce", *,
                 seed=0, rng=None, init="xavier", bias=True, regularization="none",
                 reg_rate=0.0, hidden_activations=None, dtype=np.float64):
        self.sizes = check_sizes(sizes)
        n_hidden = len(self.sizes) - 2
        if hidden_activations is None:
            hidden_names = [activation] * n_hidden
            get_activation(activation)
        else:
            hidden_names = list(hidden_activations)
            if len(hidden_names) != n_hidden:
                raise ModelProblem("hidden_count", needed=n_hidden, found=len(hidden_names))
        self._activations: list[Activation] = [get_activation(a) for a in hidden_names]
        self._activations.append(get_activation(output_activation, output=True))
        self.loss_fn = get_loss(loss)
        check_output_pairing(self.loss_fn, output_activation)
        check_name(init, INITS, "init")
        if not isinstance(bias, (bool, np.bool_)):
            raise ValueError("bias must be True or False")
        dt = np.dtype(dtype)
        check_name(dt.name, DTYPES, "dtype")
        self.activation = activation
        self.hidden_activations = None if hidden_activations is None else hidden_names
        self.output_activation = output_activation
        self.loss_name = loss
        self.init = init
        self.bias = bool(bias)
        self.dtype = dt
        self.seed = None if rng is not None else seed
        self.regularization = regularization
        self.reg_rate = reg_rate
        self._rng = rng if rng is not None else np.random.default_rng(seed)
        self._allocate()
        self._initialize()

    def _initialize(self) -> None:
        rng = self._rng
        for i in range(1, self.n_layers + 1):
            d_in, d_out = self.sizes[i - 1], self.sizes[i]
            shape = (d_in, d_out)
            if self.init == "uniform01":
                w = rng.random(shape)
            elif self.init == "xavier":
                limit = math.sqrt(6.0 / (d_in + d_out))
                w = rng.uniform(-limit, limit, shape)
            elif self.init == "he":
                w = rng.normal(0.0, math.sqrt(2.0 / d_in), shape)
            else:
                w = rng.normal(0.0, NORMAL_INIT_STD, shape)
            self.params[f"W{i}"][...] = w
            if self.bias:
                self.params[f"b{i}"][...] = 0.0

    # --- 1. forward pass ----------------------------------------------------------------------

    def forward_trace(self, X) -> ForwardTrace:
        """Forward pass keeping every z_l = a_{l-1} @ W_l + b_l and a_l = g_l(z_l)."""
        a = self._inputs(X)
        trace = ForwardTrace([], [a])
        with np.errstate(all="ignore"):  # overflow shows up as inf or NaN, never as a warning
            for layer, g in enumerate(self._activations, start=1):
                z, dense_cache = dense_forward(a, *self._layer_params(layer))
                a, act_cache = activation_forward(z, g)
                trace.zs.append(z)
                trace.activations.append(a)
                trace.caches.append((dense_cache, act_cache))
        return trace

    # --- 2. loss ------------------------------------------------------------------------------

    def loss(self, X, y) -> float:
        """Loss on (X, y) including the regularization penalty (no gradients)."""
        X, Y = self._data(X, y)
        trace = self.forward_trace(X)
        return self.loss_fn.loss(trace.output, Y, trace.zs[-1]) + self._penalty()

    # --- 3. backward pass ---------------------------------------------------------------------

    def backward_trace(self, X, y, derivative=None) -> BackwardTrace:
        """Forward and backward pass keeping every delta_l = dL/dz_l and gradient.

        ``derivative(act, z, a)``, when given, stands in for g'(z) (and the output delta is
        then the plain chain rule, see Loss.output_delta): the gradient-check page passes a
        deliberately wrong one to show what a bug in backpropagation looks like.
        """
        X, Y = self._data(X, y)
        forward = self.forward_trace(X)
        z_out, y_hat = forward.zs[-1], forward.output
        n_layers = self.n_layers
        deltas, dWs, dbs = ([None] * n_layers for _ in range(3))
        with np.errstate(all="ignore"):
            data_loss = self.loss_fn.loss(y_hat, Y, z_out)
            reg_loss = self._penalty()
            delta = self.loss_fn.output_delta(z_out, y_hat, Y, self._activations[-1], derivative)
            for layer in range(n_layers, 0, -1):  # l = L..1
                deltas[layer - 1] = delta
                dense_cache, _ = forward.caches[layer - 1]
                dx, dW, db = dense_backward(delta, dense_cache)  # dW_l = a_{l-1}.T @ delta_l
                W = self.params[f"W{layer}"]
                dWs[layer - 1] = dW + regularization_grad(W, self.regularization, self.reg_rate)
                dbs[layer - 1] = db
                if layer > 1:  # delta_{l-1} = (delta_l @ W_l.T) * g'(z_{l-1})
                    _, act_cache = forward.caches[layer - 2]
                    delta = activation_backward(dx, act_cache, derivative)
        grads = {}
        for layer in range(1, n_layers + 1):
            grads[f"W{layer}"] = dWs[layer - 1]
            if self.bias:
                grads[f"b{layer}"] = dbs[layer - 1]
        return BackwardTrace(forward, data_loss + reg_loss, data_loss, reg_loss, deltas, dWs, dbs,
                             grads)

    def loss_and_grads(self, X, y) -> tuple[float, dict]:
        """(loss, grads): mean loss over the batch (sum for "sse") plus the regularization
        penalty, and dL/dparam for every key of ``params`` with the same shapes."""
        trace = self.backward_trace(X, y)
        return trace.loss, trace.grads

    # --- 4. update ----------------------------------------------------------------------------

    def gradient_step(self, X, y, lr=0.03, optimizer=None) -> float:
        """One step of gradient descent on the batch (X, y), w <- w - lr dL/dw (or the given
        optimizer's rule), by the reference path; returns the loss before the step.

        ``train_batch`` does the same through the fast path."""
        loss, grads = self.loss_and_grads(X, y)
        if optimizer is None:
            for name, grad in grads.items():
                self.params[name] -= lr * grad
        else:  # optimizers update the flat buffer, whose layout grads follows in params order
            optimizer.step(self.flat, np.concatenate([g.ravel() for g in grads.values()]), lr)
        return loss

    def train_batch(self, X, y, lr=0.03, optimizer=None) -> float:
        """One parameter update on the whole given batch; returns the loss before the update."""
        X, Y = self._data(X, y)
        return self._fast.train(self, X, Y, float(lr), len(X), optimizer)

    def train_epoch(self, X, y, lr=0.03, batch_size=10, shuffle=False, rng=None,
                    optimizer=None) -> float:
        """One epoch of mini-batch gradient descent in place; returns the epoch's loss.

        Batches are consecutive rows (after a shuffle with ``rng`` or the network's generator
        when ``shuffle``); the last batch may be smaller. The returned loss is the loss
        function over all samples of the epoch, each evaluated with the weights before its own
        batch's update (a mean, or a sum for "sse"), plus the penalty at the start of the epoch.
        Non-finite values are not raised: they show up as a NaN/inf loss (see TrainingRun).
        Runs through the fast path (nn_core.fast).
        """
        X, Y = self._data(X, y)
        if shuffle:
            order = (rng if rng is not None else self._rng).permutation(len(X))
            X, Y = X[order], Y[order]
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) \
                or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
        return self._fast.train(self, X, Y, float(lr), int(batch_size), optimizer)

    # --- prediction ---------------------------------------------------------------------------

    def predict(self, X, dtype=None) -> np.ndarray:
        """Network output (n, n_out); ``dtype=np.float32`` is a faster path for drawing."""
        return predict_rows(self, X, dtype)[0]

    def hidden_outputs(self, X, dtype=None) -> list[np.ndarray]:
        """Activations of every hidden layer: list of (n, width) arrays."""
        return predict_rows(self, X, dtype, keep_hidden=True)[1]

    def evaluate(self, X, y) -> tuple[float, np.ndarray]:
        """(data loss without the penalty, outputs (n, n_out)) in one fast forward pass."""
        X, Y = self._data(X, y)
        out, _, logits = predict_rows(self, X, None, keep_logits=True)
        with np.errstate(all="ignore"):
            return self.loss_fn.loss(out, Y, logits), out

    def predict_logits(self, X) -> np.ndarray:
        """Pre-activation z_L of the output layer (n, n_out)."""
        return self.forward_trace(X).zs[-1]

    def log_proba(self, X) -> np.ndarray:
        """log of the softmax output (only for "ce" networks), exact via log-sum-exp."""
        if self.output_activation != "softmax":
            raise ValueError("log_proba needs a softmax output")
        return log_softmax(self.predict_logits(X), axis=-1)

    # --- structure ----------------------------------------------------------------------------

    def _allocate(self) -> None:
        """One flat buffer for all parameters; ``params`` holds views into it."""
        bias = int(self.bias)
        pairs = zip(self.sizes[:-1], self.sizes[1:], strict=True)
        self._shapes = [(d_in + bias, d_out) for d_in, d_out in pairs]
        self.flat = np.zeros(sum(r * c for r, c in self._shapes), self.dtype)
        self._blocks = self.blocks_of(self.flat)
        self.params: dict[str, np.ndarray] = {}
        for i, block in enumerate(self._blocks, start=1):
            d_in = self.sizes[i - 1]
            self.params[f"W{i}"] = block[:d_in]
            if self.bias:
                self.params[f"b{i}"] = block[d_in]
        self._fast = FastPath(self)

    def blocks_of(self, vector: np.ndarray) -> list[np.ndarray]:
        """Views of a vector laid out like ``flat``: one (d_in [+ 1], d_out) block per layer,
        weights in the first d_in rows and the bias in the last."""
        blocks, offset = [], 0
        for r, c in self._shapes:
            blocks.append(vector[offset:offset + r * c].reshape(r, c))
            offset += r * c
        return blocks

    @property
    def n_layers(self) -> int:
        """Number of weight layers L (hidden layers + output layer)."""
        return len(self.sizes) - 1

    @property
    def n_params(self) -> int:
        return self.flat.size

    @property
    def activation_names(self) -> list[str]:
        """Activation name per weight layer, the output layer last."""
        return [a.name for a in self._activations]

    @property
    def regularization(self) -> str:
        return self._regularization

    @regularization.setter
    def regularization(self, value: str) -> None:
        check_name(value, REGULARIZATIONS, "regularization")
        self._regularization = value

    @property
    def reg_rate(self) -> float:
        return self._reg_rate

    @reg_rate.setter
    def reg_rate(self, value: float) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
            raise ModelProblem("reg_rate_type", value=value)
        if not (math.isfinite(value) and value >= 0):
            raise ModelProblem("reg_rate_range", value=value)
        self._reg_rate = float(value)

    def config(self) -> dict:
        """The constructor arguments as a JSON-able dict."""
        return {
            "sizes": list(self.sizes),
            "activation": self.activation,
            "output_activation": self.output_activation,
            "loss": self.loss_name,
            "init": self.init,
            "bias": self.bias,
            "regularization": self.regularization,
            "reg_rate": self.reg_rate,
            "hidden_activations": None if self.hidden_activations is None
            else list(self.hidden_activations),
            "dtype": self.dtype.name,
            "seed": self.seed,
        }

    def __repr__(self) -> str:
        return (f"MLP({self.sizes}, activations={self.activation_names}, loss={self.loss_name!r}, "
                f"bias={self.bias})")

    def param_names(self) -> list[str]:
        return list(self.params)

    def get_flat(self) -> np.ndarray:
        """A copy of all parameters as one vector."""
        return self.flat.copy()

    def set_flat(self, vec) -> None:
        """Overwrite all parameters from a vector of length n_params (views stay valid)."""
        vec = np.asarray(vec)
        if vec.shape != self.flat.shape:
            raise ValueError(f"expected a vector of {self.flat.size} parameters, got {vec.shape}")
        np.copyto(self.flat, vec)

    def copy(self) -> MLP:
        """An independent network with the same configuration, parameters and RNG state."""
        cfg = self.config()
        seed = cfg.pop("seed")
        twin = MLP(**cfg, seed=0 if seed is None else seed)
        twin.set_flat(self.flat)
        twin._rng = _copy.deepcopy(self._rng)
        twin.seed = self.seed
        return twin

    def __getstate__(self) -> dict:
        """Pickle/deepcopy by configuration + parameters, so params stay views of ``flat``."""
        return {"config": self.config(), "flat": self.flat.copy(), "rng": self._rng}

    def __setstate__(self, state: dict) -> None:
        cfg = dict(state["config"])
        seed = cfg.pop("seed")
        self.__init__(**cfg, seed=0 if seed is None else seed)
        self.set_flat(state["flat"])
        self._rng = state["rng"]
        self.seed = seed

    def to_dict(self) -> dict:
        """JSON-able dict: format, version, config and params as nested lists (see
        nn_core.serialize)."""
        return serialize.to_dict(self)

    @classmethod
    def from_dict(cls, data) -> MLP:
        """Rebuild a network from :meth:`to_dict` output, validating everything (ValueError)."""
        return serialize.from_dict(cls, data)

    # --- data checks and small helpers --------------------------------------------------------

    def _inputs(self, X, dtype=None) -> np.ndarray:
        X = np.asarray(X, dtype=dtype or self.dtype)
        if X.ndim == 1 and self.sizes[0] == X.size:
            X = X.reshape(1, -1)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}), got {X.shape}")
        return X

    def prepare_data(self, X, y) -> tuple[np.ndarray, np.ndarray]:
        """Validated (X (n, d0), Y (n, n_out)) in the network's dtype (labels one-hot for ce)."""
        return self._data(X, y)

    def _data(self, X, y) -> tuple[np.ndarray, np.ndarray]:
        X = self._inputs(X)
        Y = prepare_targets(y, self.sizes[-1], self.loss_name, self.dtype)
        if len(Y) != len(X):
            raise ValueError(f"X has {len(X)} rows but y has {len(Y)}")
        if len(X) == 0:
            raise ValueError("need at least one sample")
        return X, Y

    def _layer_params(self, layer: int):
        """(W_l, b_l) of layer l, b_l None without biases."""
        return self.params[f"W{layer}"], self.params[f"b{layer}"] if self.bias else None

    def _penalty(self) -> float:
        weights = [self.params[f"W{layer}"] for layer in range(1, self.n_layers + 1)]
        return regularization_penalty(weights, self.regularization, self.reg_rate)

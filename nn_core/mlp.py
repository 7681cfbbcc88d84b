"""The multilayer perceptron: forward pass, loss, backpropagation and gradient descent.

Layer l (l = 1..L) computes  z_l = a_{l-1} @ W_l + b_l,  a_l = g_l(z_l),  with a_0 = X.
Backpropagation:  delta_L = dL/dz_L (from the loss),  delta_{l-1} = (delta_l @ W_l.T) * g'(z_{l-1}),
dL/dW_l = a_{l-1}.T @ delta_l,  dL/db_l = sum over samples of delta_l.

All parameters live in one flat buffer ``net.flat``. Layer l owns a contiguous block of shape
(d_in + 1, d_out) (or (d_in, d_out) without bias): its first d_in rows are W_l and its last row is
b_l, so ``net.params["W1"]`` and ``net.params["b1"]`` are views into ``net.flat``. That layout
lets the fast training path fold the bias into the matrix product (inputs get a row of ones)
and update every parameter with one vector operation.

The reference path (``loss_and_grads``, ``forward_trace``, ``backward_trace``) is written
layer by layer with :mod:`nn_core.layers`; the fast path (``train_epoch``) computes the same
math with preallocated buffers and is tested against it.
"""

from __future__ import annotations

import copy as _copy
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from nn_core.activations import Activation, get_activation, log_softmax
from nn_core.layers import activation_backward, activation_forward, dense_backward, dense_forward
from nn_core.losses import (
    REGULARIZATIONS,
    check_output_pairing,
    get_loss,
    prepare_targets,
    regularization_grad,
    regularization_penalty,
)
from nn_core.optim import SGD

INITS = ("uniform01", "xavier", "he", "normal")
DTYPES = ("float64", "float32")
MAX_HIDDEN_LAYERS = 32
MAX_WIDTH = 1024
MAX_PARAMS = 100_000  # limit for networks loaded with MLP.from_dict
DICT_FORMAT = "nn_core.MLP"
DICT_VERSION = 1
_CACHE_LIMIT = 16  # preallocated work-array sets kept per network


@dataclass
class ForwardTrace:
    """Every pre-activation and activation of one forward pass.

    ``activations[0]`` is X (n, d0); for layer l = 1..L, ``zs[l-1]`` is z_l and
    ``activations[l]`` is a_l, both (n, d_l).
    """

    zs: list
    activations: list

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


class _Workspace:
    """Preallocated arrays for one batch size m, in feature-major layout (features, m)."""

    def __init__(self, net: MLP, m: int):
        dt, bias = net.dtype, int(net.bias)
        hidden_sizes = net.sizes[1:-1]
        k = net.sizes[-1]
        self.Z, self.A, self.A_act, self.D, self.tmp = [], [], [], [], []
        for d in hidden_sizes:
            self.Z.append(np.empty((d, m), dt))
            a = np.ones((d + bias, m), dt)  # the last row stays 1 (bias input)
            self.A.append(a)
            self.A_act.append(a[:d])
            self.D.append(np.empty((d, m), dt))
            self.tmp.append(np.empty((d, m), dt))
        self.D.append(np.empty((k, m), dt))
        self.tmp.append(np.empty((k, m), dt))
        self.D_out, self.tmp_out = self.D[-1], self.tmp[-1]
        self.col = np.empty((m,), dt)
        acts = net._activations
        self.forward = [
            (net._blocks[i].T, self.Z[i], self.A_act[i], self.A[i], acts[i].forward_into)
            for i in range(len(hidden_sizes))
        ]
        self.out_WT = net._blocks[-1].T
        # backward for layer l = L..2 (index i = l - 1): grad block, and delta_{l-1}
        self.backward = []
        for i in range(len(hidden_sizes), 0, -1):
            d_in = net.sizes[i]
            self.backward.append((
                self.A[i - 1], self.D[i].T, net._grad_blocks[i], net._blocks[i][:d_in], self.D[i],
                self.D[i - 1], acts[i - 1].scale_by_derivative, self.Z[i - 1],
                self.A_act[i - 1], self.tmp[i - 1],
            ))
        self.first_DT = self.D[0].T
        self.first_grad = net._grad_blocks[0]


class _Segment:
    """Epoch data cut into nb batches of m samples: inputs (nb, d0 [+1], m), targets and
    output buffers (nb, k, m); ``batches`` holds the per-batch views."""

    def __init__(self, net: MLP, m: int, nb: int):
        dt, d0, k = net.dtype, net.sizes[0], net.sizes[-1]
        self.m, self.nb = m, nb
        self.x = np.ones((nb, d0 + int(net.bias), m), dt)
        self.x_features = self.x[:, :d0, :]
        self.y = np.empty((nb, k, m), dt)
        self.y_signed = np.empty((nb, k, m), dt)  # 2 y - 1, for the sigmoid + bce shortcut
        self.z_out = np.empty((nb, k, m), dt)
        self.a_out = np.empty((nb, k, m), dt)
        self.batches = [(self.x[b], self.z_out[b], self.a_out[b], self.y[b], self.y_signed[b])
                        for b in range(nb)]

    def fill(self, X: np.ndarray, Y: np.ndarray, signed: bool) -> None:
        m, nb = self.m, self.nb
        np.copyto(self.x_features, X.reshape(nb, m, -1).transpose(0, 2, 1))
        np.copyto(self.y, Y.reshape(nb, m, -1).transpose(0, 2, 1))
        if signed:
            np.multiply(self.y, 2.0, out=self.y_signed)
            np.subtract(self.y_signed, 1.0, out=self.y_signed)

    def rows(self, arr: np.ndarray) -> np.ndarray:
        """(nb, k, m) -> (nb * m, k) in sample order."""
        return arr.transpose(0, 2, 1).reshape(-1, arr.shape[1])


def _check_name(value, choices, what):
    if value not in choices:
        raise ValueError(f"unknown {what} {value!r}; choose one of {', '.join(choices)}")


def _check_sizes(sizes) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise ValueError("sizes must be a list of layer widths like [2, 4, 1]")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError("sizes needs at least an input and an output width, e.g. [2, 1]")
    if len(sizes) - 2 > MAX_HIDDEN_LAYERS:
        raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers are supported, "
                         f"got {len(sizes) - 2}")
    clean = []
    for i, s in enumerate(sizes):
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
            raise ValueError(f"sizes[{i}] must be an integer, got {s!r}")
        if not 1 <= int(s) <= MAX_WIDTH:
            raise ValueError(f"sizes[{i}] must be between 1 and {MAX_WIDTH}, got {s}")
        clean.append(int(s))
    return clean


class MLP:
    """A fully connected network ``sizes = [d0, d1, ..., dL]`` trained with gradient descent.

    ``activation`` is used in every hidden layer unless ``hidden_activations`` lists one name per
    hidden layer. ``loss`` is "mse", "sse", "bce" (needs a sigmoid output) or "ce" (needs a
    softmax output). ``init``: "uniform01" (the tutorial's U[0, 1)), "xavier" (Glorot uniform),
    "he" (normal, std sqrt(2 / d_in)) or "normal" (standard normal); biases start at 0.
    ``bias=False`` gives the tutorial's network without biases (no "b" keys in ``params``).
    Randomness comes only from ``rng`` or ``np.random.default_rng(seed)``.
    """

    def __init__(self, sizes, activation="tanh", output_activation="sigmoid", loss="bce", *,
                 seed=0, rng=None, init="xavier", bias=True, regularization="none",
                 reg_rate=0.0, hidden_activations=None, dtype=np.float64):
        self.sizes = _check_sizes(sizes)
        n_hidden = len(self.sizes) - 2
        if hidden_activations is None:
            hidden_names = [activation] * n_hidden
            get_activation(activation)
        else:
            hidden_names = list(hidden_activations)
            if len(hidden_names) != n_hidden:
                raise ValueError(f"hidden_activations needs {n_hidden} names (one per hidden "
                                 f"layer), got {len(hidden_names)}")
        self._activations: list[Activation] = [get_activation(a) for a in hidden_names]
        self._activations.append(get_activation(output_activation, output=True))
        self.loss_fn = get_loss(loss)
        check_output_pairing(self.loss_fn, output_activation)
        _check_name(init, INITS, "init")
        if not isinstance(bias, (bool, np.bool_)):
            raise ValueError("bias must be True or False")
        dt = np.dtype(dtype)
        _check_name(dt.name, DTYPES, "dtype")
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

    # --- structure ----------------------------------------------------------------------------

    def _allocate(self) -> None:
        bias = int(self.bias)
        pairs = zip(self.sizes[:-1], self.sizes[1:], strict=True)
        shapes = [(d_in + bias, d_out) for d_in, d_out in pairs]
        self._block_sizes = [r * c for r, c in shapes]
        self.flat = np.zeros(sum(self._block_sizes), self.dtype)
        self._grad_flat = np.zeros_like(self.flat)
        self._blocks, self._grad_blocks, self._offsets = [], [], []
        offset = 0
        for (r, c), size in zip(shapes, self._block_sizes, strict=True):
            self._offsets.append(offset)
            self._blocks.append(self.flat[offset:offset + size].reshape(r, c))
            self._grad_blocks.append(self._grad_flat[offset:offset + size].reshape(r, c))
            offset += size
        self.params: dict[str, np.ndarray] = {}
        self._weight_mask = np.zeros_like(self.flat)
        for i, block in enumerate(self._blocks, start=1):
            d_in = self.sizes[i - 1]
            self.params[f"W{i}"] = block[:d_in]
            self._weight_mask[self._offsets[i - 1]:self._offsets[i - 1] + d_in * block.shape[1]] = 1
            if self.bias:
                self.params[f"b{i}"] = block[d_in]
        self._cache: dict = {}
        self._sgd = SGD()

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
                w = rng.normal(0.0, 1.0, shape)
            self.params[f"W{i}"][...] = w
            if self.bias:
                self.params[f"b{i}"][...] = 0.0

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
        _check_name(value, REGULARIZATIONS, "regularization")
        self._regularization = value

    @property
    def reg_rate(self) -> float:
        return self._reg_rate

    @reg_rate.setter
    def reg_rate(self, value: float) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
            raise ValueError(f"reg_rate must be a number, got {value!r}")
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"reg_rate must be finite and >= 0, got {value}")
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

    # --- data checks --------------------------------------------------------------------------

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

    # --- reference path -----------------------------------------------------------------------

    def _layer_params(self, i: int):
        W = self.params[f"W{i}"]
        b = self.params[f"b{i}"] if self.bias else None
        return W, b

    def forward_trace(self, X) -> ForwardTrace:
        """Forward pass keeping every z_l and a_l (for teaching pages)."""
        a = self._inputs(X)
        zs, acts = [], [a]
        with np.errstate(all="ignore"):
            for i, act in enumerate(self._activations, start=1):
                z, _ = dense_forward(a, *self._layer_params(i))
                a, _ = activation_forward(z, act)
                zs.append(z)
                acts.append(a)
        return ForwardTrace(zs, acts)

    def _weights(self) -> list[np.ndarray]:
        return [self.params[f"W{i}"] for i in range(1, self.n_layers + 1)]

    def _penalty(self) -> float:
        return regularization_penalty(self._weights(), self.regularization, self.reg_rate)

    def loss(self, X, y) -> float:
        """Loss on (X, y) including the regularization penalty (no gradients)."""
        X, Y = self._data(X, y)
        trace = self.forward_trace(X)
        return self.loss_fn.loss(trace.output, Y, trace.zs[-1]) + self._penalty()

    def backward_trace(self, X, y) -> BackwardTrace:
        """Forward and backward pass keeping every delta_l = dL/dz_l and gradient."""
        X, Y = self._data(X, y)
        dense_caches, act_caches, zs, acts = [], [], [], [X]
        a = X
        with np.errstate(all="ignore"):
            for i, act in enumerate(self._activations, start=1):
                z, dense_cache = dense_forward(a, *self._layer_params(i))
                a, act_cache = activation_forward(z, act)
                dense_caches.append(dense_cache)
                act_caches.append(act_cache)
                zs.append(z)
                acts.append(a)
            data_loss = self.loss_fn.loss(a, Y, zs[-1])
            reg_loss = self._penalty()
            delta = self.loss_fn.output_delta(zs[-1], a, Y, self._activations[-1])
            deltas, dWs, dbs = ([None] * self.n_layers for _ in range(3))
            for i in range(self.n_layers, 0, -1):
                deltas[i - 1] = delta
                dx, dW, db = dense_backward(delta, dense_caches[i - 1])
                dWs[i - 1] = dW + regularization_grad(self.params[f"W{i}"], self.regularization,
                                                       self.reg_rate)
                dbs[i - 1] = db
                if i > 1:
                    delta = activation_backward(dx, act_caches[i - 2])
        grads = {}
        for i in range(1, self.n_layers + 1):
            grads[f"W{i}"] = dWs[i - 1]
            if self.bias:
                grads[f"b{i}"] = dbs[i - 1]
        return BackwardTrace(ForwardTrace(zs, acts), data_loss + reg_loss, data_loss, reg_loss,
                             deltas, dWs, dbs, grads)

    def loss_and_grads(self, X, y) -> tuple[float, dict]:
        """(loss, grads): mean loss over the batch (sum for "sse") plus the regularization
        penalty, and dL/dparam for every key of ``params`` with the same shapes."""
        trace = self.backward_trace(X, y)
        return trace.loss, trace.grads

    # --- prediction ---------------------------------------------------------------------------

    def _forward_rows(self, X, dtype, keep_hidden=False, keep_logits=False):
        """Samples-as-rows forward pass reusing each z in place: (output, hidden list, z_L)."""
        dt = np.dtype(dtype or self.dtype)
        hidden, logits = [], None
        with np.errstate(all="ignore"):  # huge weights may overflow float32: drawn, not raised
            x = self._inputs(X, dt)
            flat = self.flat if dt == self.dtype else self.flat.astype(dt)
            for i, act in enumerate(self._activations):
                d_in = self.sizes[i]
                block = flat[self._offsets[i]:self._offsets[i] + self._block_sizes[i]]
                block = block.reshape(-1, self.sizes[i + 1])
                z = x @ block[:d_in]
                if self.bias:
                    z += block[d_in]
                if keep_logits and i == self.n_layers - 1:
                    logits = z.copy()
                if act.name == "softmax":
                    z = act.value(z)
                else:
                    act.forward_into(z, z)
                x = z
                if keep_hidden and i < self.n_layers - 1:
                    hidden.append(x)
        return x, hidden, logits

    def predict(self, X, dtype=None) -> np.ndarray:
        """Network output (n, n_out); ``dtype=np.float32`` is a faster path for drawing."""
        return self._forward_rows(X, dtype)[0]

    def hidden_outputs(self, X, dtype=None) -> list[np.ndarray]:
        """Activations of every hidden layer: list of (n, width) arrays."""
        return self._forward_rows(X, dtype, keep_hidden=True)[1]

    def evaluate(self, X, y) -> tuple[float, np.ndarray]:
        """(data loss without the penalty, outputs (n, n_out)) in one fast forward pass."""
        X, Y = self._data(X, y)
        out, _, logits = self._forward_rows(X, None, keep_logits=True)
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

    # --- fast training path -------------------------------------------------------------------

    def _cached(self, key, make):
        item = self._cache.get(key)
        if item is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            item = self._cache[key] = make()
        return item

    def train_epoch(self, X, y, lr=0.03, batch_size=10, shuffle=False, rng=None,
                    optimizer=None) -> float:
        """One epoch of mini-batch gradient descent in place; returns the epoch's loss.

        Batches are consecutive rows (after a shuffle with ``rng`` or the network's generator
        when ``shuffle``); the last batch may be smaller. The returned loss is the loss
        function over all samples of the epoch, each evaluated with the weights before its own
        batch's update (a mean, or a sum for "sse"), plus the penalty at the start of the epoch.
        Non-finite values are not raised: they show up as a NaN/inf loss (see TrainingRun).
        """
        X, Y = self._data(X, y)
        if shuffle:
            order = (rng if rng is not None else self._rng).permutation(len(X))
            X, Y = X[order], Y[order]
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) \
                or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
        return self._train_rows(X, Y, float(lr), int(batch_size), optimizer)

    def train_batch(self, X, y, lr=0.03, optimizer=None) -> float:
        """One parameter update on the whole given batch; returns the loss before the update."""
        X, Y = self._data(X, y)
        return self._train_rows(X, Y, float(lr), len(X), optimizer)

    def _train_rows(self, X, Y, lr, batch_size, optimizer) -> float:
        n = len(X)
        m = min(batch_size, n)
        n_full, rest = divmod(n, m)
        segments = [(0, m, n_full)]
        if rest:
            segments.append((n_full * m, rest, 1))
        penalty = self._penalty()
        opt = optimizer if optimizer is not None else self._sgd
        k = self.sizes[-1]
        sigmoid_bce = self.loss_fn.name == "bce"
        used = []
        with np.errstate(all="ignore"):
            for start, size, nb in segments:
                seg = self._cached(("segment", size, nb), lambda s=size, b=nb: _Segment(self, s, b))
                seg.fill(X[start:start + size * nb], Y[start:start + size * nb], sigmoid_bce)
                ws = self._cached(("workspace", size), lambda s=size: _Workspace(self, s))
                self._run_segment(seg, ws, opt, lr, self.loss_fn.delta_scale(size, k))
                used.append(seg)
            loss = self._epoch_loss(used)
        return loss + penalty

    def _epoch_loss(self, used: list[_Segment]) -> float:
        """Loss over all samples of the epoch from the stored output logits and outputs
        (bce uses only the logits: its outputs are not written by the fast path)."""
        if self.loss_name == "ce":  # needs (samples, classes) rows
            parts = [[s.rows(s.z_out), s.rows(s.a_out), s.rows(s.y)] for s in used]
        else:  # elementwise losses: the layout does not matter
            parts = [[s.z_out.ravel(), s.a_out.ravel(), s.y.ravel()] for s in used]
        if len(parts) == 1:
            z_out, a_out, y = parts[0]
        else:
            z_out, a_out, y = (np.concatenate(arrays) for arrays in zip(*parts, strict=True))
        if self.loss_name != "ce":
            z_out, a_out, y = (arr.reshape(-1, 1) for arr in (z_out, a_out, y))
        return self.loss_fn.loss(a_out, y, z_out)

    def _run_segment(self, seg: _Segment, ws: _Workspace, opt, lr: float, grad_scale: float):
        """Mini-batch gradient descent over the batches of one segment (feature-major layout:
        Z_l = W_l.T @ A_{l-1} with A_{l-1} (d_in + 1, m) ending in a row of ones)."""
        dot, subtract, multiply, tanh = np.dot, np.subtract, np.multiply, np.tanh
        out_act = self._activations[-1]
        softmax_out = out_act.name == "softmax"
        sigmoid_bce = self.loss_fn.name == "bce"
        generic_out = self.loss_fn.output_activation is None
        out_into, out_scale = out_act.forward_into, out_act.scale_by_derivative
        forward, backward = ws.forward, ws.backward
        out_WT, D_out, tmp_out, col = ws.out_WT, ws.D_out, ws.tmp_out, ws.col
        first_DT, first_grad = ws.first_DT, ws.first_grad
        params, grads = self.flat, self._grad_flat
        regularize = self.regularization != "none" and self.reg_rate > 0
        plain_sgd = type(opt) is SGD and not regularize
        if sigmoid_bce:
            # sigma(z) - y = (tanh(z / 2) - (2 y - 1)) / 2: the 1/2 joins the gradient scale
            grad_scale *= 0.5
        sgd_factor = lr * grad_scale
        for x, z_out, a_out, y, y_signed in seg.batches:
            prev = x
            for WT, Z, A_act, A, act_into in forward:
                dot(WT, prev, out=Z)
                act_into(Z, A_act)
                prev = A
            dot(out_WT, prev, out=z_out)
            if sigmoid_bce:
                multiply(z_out, 0.5, out=D_out)
                tanh(D_out, out=D_out)
                subtract(D_out, y_signed, out=D_out)
            elif softmax_out:  # columns are samples: softmax over axis 0
                np.max(z_out, axis=0, out=col)
                subtract(z_out, col, out=a_out)
                np.exp(a_out, out=a_out)
                np.sum(a_out, axis=0, out=col)
                np.divide(a_out, col, out=a_out)
                subtract(a_out, y, out=D_out)
            else:
                out_into(z_out, a_out)
                subtract(a_out, y, out=D_out)
                if generic_out:
                    out_scale(D_out, z_out, a_out, tmp_out)
            for A_prev, DT, G, W, D, D_prev, scale_fn, Z_prev, A_prev_act, tmp in backward:
                dot(A_prev, DT, out=G)
                dot(W, D, out=D_prev)
                scale_fn(D_prev, Z_prev, A_prev_act, tmp)
            dot(x, first_DT, out=first_grad)
            if plain_sgd:  # w <- w - lr * dL/dw, inlined
                multiply(grads, sgd_factor, out=grads)
                subtract(params, grads, out=params)
            elif regularize:
                self._add_regularization(grad_scale)
                opt.step(params, grads, lr, 1.0)
            else:
                opt.step(params, grads, lr, grad_scale)

    def _add_regularization(self, grad_scale: float) -> None:
        """grads <- grad_scale * grads + d penalty / d params (weights only)."""
        grads = self._grad_flat
        np.multiply(grads, grad_scale, out=grads)
        extra = regularization_grad(self.flat, self.regularization, self.reg_rate)
        np.multiply(extra, self._weight_mask, out=extra)
        np.add(grads, extra, out=grads)

    # --- serialization ------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """JSON-able dict: format, version, config and params as nested lists."""
        return {
            "format": DICT_FORMAT,
            "version": DICT_VERSION,
            "config": self.config(),
            "params": {name: value.tolist() for name, value in self.params.items()},
        }

    @classmethod
    def from_dict(cls, data) -> MLP:
        """Rebuild a network from :meth:`to_dict` output, validating everything (ValueError)."""
        return _from_dict(data)


_CONFIG_KEYS = frozenset({"sizes", "activation", "output_activation", "loss", "init", "bias",
                          "regularization", "reg_rate", "hidden_activations", "dtype", "seed"})
_REQUIRED_CONFIG_KEYS = frozenset({"sizes", "activation", "output_activation", "loss"})


def _from_dict(data) -> MLP:
    if not isinstance(data, Mapping):
        raise ValueError(f"network data must be a dict, got {type(data).__name__}")
    missing = {"config", "params"} - set(data)
    if missing:
        raise ValueError(f"network data is missing key(s): {', '.join(sorted(missing))}")
    if data.get("format", DICT_FORMAT) != DICT_FORMAT:
        raise ValueError(f"unknown format {data.get('format')!r}; expected {DICT_FORMAT!r}")
    if data.get("version", DICT_VERSION) != DICT_VERSION:
        raise ValueError(f"unsupported version {data.get('version')!r}; expected {DICT_VERSION}")
    config, params = data["config"], data["params"]
    if not isinstance(config, Mapping):
        raise ValueError("'config' must be a dict")
    if not isinstance(params, Mapping):
        raise ValueError("'params' must be a dict")
    missing = _REQUIRED_CONFIG_KEYS - set(config)
    if missing:
        raise ValueError(f"config is missing key(s): {', '.join(sorted(missing))}")
    unknown = set(config) - _CONFIG_KEYS
    if unknown:
        raise ValueError(f"config has unknown key(s): {', '.join(sorted(unknown))}")
    cfg = dict(config)
    if not isinstance(cfg["sizes"], list):
        raise ValueError("config 'sizes' must be a list of integers")
    sizes = _check_sizes(cfg["sizes"])
    bias = cfg.get("bias", True)
    if not isinstance(bias, bool):
        raise ValueError("config 'bias' must be true or false")
    n_params = sum((a + int(bias)) * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    if n_params > MAX_PARAMS:
        raise ValueError(f"network has {n_params} parameters; at most {MAX_PARAMS} are allowed")
    for key in ("activation", "output_activation", "loss", "init", "regularization", "dtype"):
        if key in cfg and not isinstance(cfg[key], str):
            raise ValueError(f"config {key!r} must be a string")
    hidden = cfg.get("hidden_activations")
    if hidden is not None and not (isinstance(hidden, list)
                                   and all(isinstance(h, str) for h in hidden)):
        raise ValueError("config 'hidden_activations' must be null or a list of names")
    seed = cfg.pop("seed", 0)
    if seed is None:
        seed = 0
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError("config 'seed' must be a non-negative integer or null")
    try:
        net = MLP(**cfg, seed=seed)
    except TypeError as exc:
        raise ValueError(f"invalid config: {exc}") from exc
    expected = set(net.params)
    if set(params) != expected:
        missing, extra = expected - set(params), set(params) - expected
        parts = []
        if missing:
            parts.append(f"missing {', '.join(sorted(missing))}")
        if extra:
            parts.append(f"unexpected {', '.join(sorted(map(str, extra)))}")
        raise ValueError(f"params do not match the network: {'; '.join(parts)}")
    for name, target in net.params.items():
        value = params[name]
        if not isinstance(value, (list, np.ndarray)):
            raise ValueError(f"param {name!r} must be a (nested) list of numbers")
        try:
            arr = np.asarray(value)
        except ValueError as exc:
            raise ValueError(f"param {name!r} is ragged or malformed: {exc}") from exc
        if arr.dtype.kind not in "iuf":
            raise ValueError(f"param {name!r} must contain only numbers")
        if arr.shape != target.shape:
            raise ValueError(f"param {name!r} has shape {arr.shape}, expected {target.shape}")
        arr = arr.astype(np.float64)
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"param {name!r} contains NaN or infinite values")
        target[...] = arr
    return net

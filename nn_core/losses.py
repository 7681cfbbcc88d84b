"""Loss functions and weight regularization.

Targets ``y`` always have the network's output shape (n, k) after :func:`prepare_targets`
(which turns integer class labels into one-hot rows for ``"ce"``). With r = y_hat - y:

    mse   L = (1 / (n k)) sum (y_hat - y)^2          dL/dy_hat = 2 r / (n k)
    sse   L = sum (y - y_hat)^2   (the tutorial's)   dL/dy_hat = 2 r        (a sum, not a mean)
    bce   L = -(1 / (n k)) sum [y log y_hat + (1 - y) log(1 - y_hat)]   needs a sigmoid output;
          with it dL/dz = r / (n k)
    ce    L = -(1 / n) sum_i sum_c y_ic log p_ic      needs a softmax output; dL/dz = r / n

Logs of probabilities are clipped to [PROB_EPS, 1 - PROB_EPS]; when the output logits z are
available the exact log-sum-exp forms are used instead.

Regularization adds a penalty on the weights W (never the biases):

    l2    rate / 2 * sum W^2    gradient rate * W
    l1    rate * sum |W|        gradient rate * sign(W)
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nn_core.activations import Activation, log_softmax
from nn_core.problems import Names
from nn_core.serialize import ModelProblem

PROB_EPS = 1e-12
REGULARIZATIONS = ("none", "l1", "l2")
"""Choice list of weight penalties, the default first."""


@dataclass(frozen=True)
class Loss:
    """A named loss L(y_hat, y) with its output-layer gradient.

    ``output_activation`` is the activation the loss requires in the output layer (None: any
    elementwise one); with it the output delta simplifies to ``delta_scale(n, k) * (y_hat - y)``.
    """

    name: str
    description: str
    value: Callable[[np.ndarray, np.ndarray], float]
    grad_output: Callable[[np.ndarray, np.ndarray], np.ndarray]
    delta_scale: Callable[[int, int], float]
    output_activation: str | None = None
    value_from_logits: Callable[[np.ndarray, np.ndarray], float] | None = None
    is_mean: bool = True

    def output_delta(self, z: np.ndarray, y_hat: np.ndarray, y: np.ndarray,
                     activation: Activation, derivative=None) -> np.ndarray:
        """dL/dz for the output layer: the chain rule dL/dy_hat * g'(z), which for the matched
        pairs (sigmoid + bce, softmax + ce) simplifies to (y_hat - y) * scale, used for them.

        ``derivative(act, z, a)``, when given, stands in for g'(z); the simplification holds
        only for the true g', so the chain rule is used then, except for softmax, which has no
        elementwise derivative and keeps its exact delta."""
        n, k = y_hat.shape
        if self.output_activation is not None and (derivative is None
                                                   or activation.name == "softmax"):
            return self.delta_scale(n, k) * (y_hat - y)
        g_prime = activation.derivative(z, y_hat) if derivative is None \
            else derivative(activation, z, y_hat)
        return self.grad_output(y_hat, y) * g_prime

    def loss(self, y_hat: np.ndarray, y: np.ndarray, z: np.ndarray | None = None) -> float:
        """The loss value, from the logits z when given and this loss has an exact logit form."""
        if z is not None and self.value_from_logits is not None:
            return self.value_from_logits(z, y)
        return self.value(y_hat, y)


def _mse_value(y_hat, y):
    return float(np.mean((y_hat - y) ** 2))


def _sse_value(y_hat, y):
    return float(np.sum((y - y_hat) ** 2))


def _clipped(p):
    return np.clip(p, PROB_EPS, 1.0 - PROB_EPS)


def _bce_value(y_hat, y):
    p = _clipped(y_hat)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def _bce_from_logits(z, y):
    # -[y log sigma(z) + (1-y) log(1-sigma(z))] = max(z, 0) - y z + log(1 + e^-|z|)
    return float(np.mean(np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z)))))


def _bce_grad(y_hat, y):
    p = _clipped(y_hat)
    return (p - y) / (p * (1.0 - p)) / y_hat.size


def _ce_value(y_hat, y):
    return float(-np.sum(y * np.log(_clipped(y_hat))) / y_hat.shape[0])


def _ce_from_logits(z, y):
    return float(-np.sum(y * log_softmax(z, axis=-1)) / z.shape[0])


def _ce_grad(y_hat, y):
    return -y / _clipped(y_hat) / y_hat.shape[0]


_LOSS_LIST = (  # the order of the choice list: the default (bce) first
    Loss("bce", "binary cross-entropy (sigmoid output), mean over samples and outputs",
         _bce_value, _bce_grad, lambda n, k: 1.0 / (n * k), output_activation="sigmoid",
         value_from_logits=_bce_from_logits),
    Loss("mse", "mean squared error: mean over samples and outputs of (y_hat - y)^2",
         _mse_value, lambda y_hat, y: 2.0 * (y_hat - y) / y_hat.size,
         lambda n, k: 2.0 / (n * k)),
    Loss("sse", "sum of squared errors over the batch (the tutorial's loss; a sum, not a mean)",
         _sse_value, lambda y_hat, y: 2.0 * (y_hat - y), lambda n, k: 2.0, is_mean=False),
    Loss("ce", "softmax cross-entropy for several classes, mean over samples",
         _ce_value, _ce_grad, lambda n, k: 1.0 / n, output_activation="softmax",
         value_from_logits=_ce_from_logits),
)

LOSSES = types.MappingProxyType({loss.name: loss for loss in _LOSS_LIST})
"""Read-only registry of the losses by name."""

LOSS_NAMES = tuple(LOSSES)
"""Choice list of losses, the default first."""


def get_loss(name: str) -> Loss:
    """Look up a loss by name (ModelProblem listing the choices for an unknown name)."""
    if isinstance(name, str) and name in LOSSES:
        return LOSSES[name]
    raise ModelProblem("unknown_name", what="loss", value=name, choices=Names(LOSSES))


def check_output_pairing(loss: Loss, output_activation: str) -> None:
    """bce needs a sigmoid output, ce needs softmax, softmax needs ce (ModelProblem otherwise)."""
    if loss.output_activation is not None and output_activation != loss.output_activation:
        raise ModelProblem("loss_output", loss=loss.name, needed=loss.output_activation,
                           found=output_activation)
    if output_activation == "softmax" and loss.name != "ce":
        raise ModelProblem("softmax_loss")


def prepare_targets(y, n_outputs: int, loss_name: str, dtype=np.float64) -> np.ndarray:
    """Targets as a float (n, n_outputs) array.

    For ``"ce"`` y may be integer labels (n,) / (n, 1) in [0, n_outputs) or one-hot (n, k);
    otherwise y is (n,) (single output) or (n, n_outputs).
    """
    y = np.asarray(y)
    if loss_name == "ce" and (y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1 and n_outputs > 1)):
        labels = y.reshape(-1)
        if labels.size and not np.issubdtype(labels.dtype, np.integer):
            if not np.all(np.isfinite(labels.astype(np.float64))):
                raise ValueError("class labels must be finite integers")
            if not np.all(labels == np.round(labels)):
                raise ValueError("class labels for 'ce' must be integers")
        labels = labels.astype(np.int64, copy=False)
        if labels.size and (labels.min() < 0 or labels.max() >= n_outputs):
            raise ValueError(f"class labels must lie in [0, {n_outputs - 1}]")
        onehot = np.zeros((labels.size, n_outputs), dtype=dtype)
        onehot[np.arange(labels.size), labels] = 1.0
        return onehot
    if y.ndim == 1:
        y = y.reshape(-1, 1)
    if y.ndim != 2 or y.shape[1] != n_outputs:
        raise ValueError(f"targets must have shape (n, {n_outputs}), got {y.shape}")
    return np.asarray(y, dtype=dtype)


def regularization_penalty(weights, kind: str, rate: float) -> float:
    """l2: rate/2 * sum W^2, l1: rate * sum |W| over the given weight matrices; 0 for none."""
    if kind == "none" or rate == 0:
        return 0.0
    with np.errstate(over="ignore"):  # exploding weights give inf: the run reports divergence
        if kind == "l2":
            return float(0.5 * rate * sum(np.sum(w * w) for w in weights))
        if kind == "l1":
            return float(rate * sum(np.sum(np.abs(w)) for w in weights))
    raise ValueError(f"unknown regularization {kind!r}; choose one of {', '.join(REGULARIZATIONS)}")


def regularization_grad(w: np.ndarray, kind: str, rate: float) -> np.ndarray:
    """d penalty / dW: rate * W (l2), rate * sign(W) (l1), zeros (none)."""
    if kind == "none" or rate == 0:
        return np.zeros_like(w)
    if kind == "l2":
        return rate * w
    if kind == "l1":
        return rate * np.sign(w)
    raise ValueError(f"unknown regularization {kind!r}; choose one of {', '.join(REGULARIZATIONS)}")

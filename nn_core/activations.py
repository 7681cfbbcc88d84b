"""Activation functions: small named objects with a value and a derivative.

Every activation works elementwise on a pre-activation array ``z`` of any shape:

    a = value(z)            the activation
    derivative(z, a)        da/dz, given both z and a (sigmoid and tanh only need a)

The in-place forms ``forward_into(z, out)`` (out = g(z); also when ``out is z``) and
``scale_by_derivative(delta, z, a, scratch)`` (delta *= g'(z)) serve the fast path: they write
into preallocated arrays, allocate at most a boolean mask, and pass ``out`` by position, which
costs NumPy less than the keyword on small arrays (except np.maximum, which takes it only by
keyword). Where one ufunc is the whole forward form (np.tanh, np.sin), it is used as it is.

Softmax is not elementwise; it is available as the output activation ``"softmax"`` (only with
the loss ``"ce"``), see :func:`softmax`.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nn_core.problems import Names
from nn_core.serialize import ModelProblem

LEAKY_SLOPE = 0.01  # leaky_relu(z) = z for z > 0, 0.01 z otherwise

# Constants for float64 arrays as 0-d arrays: NumPy converts a Python float operand on every call,
# which costs more than the work on a small batch. Other dtypes get the Python float (which
# keeps their dtype), chosen by `_const`.
_FLOAT64 = np.dtype(np.float64)
_ZERO, _HALF, _ONE, _SLOPE = (np.array(c) for c in (0.0, 0.5, 1.0, LEAKY_SLOPE))


def _const(arr: np.ndarray, value: float, as_array: np.ndarray):
    """The constant to combine with ``arr``: ``as_array`` for float64 arrays, else ``value``."""
    return as_array if arr.dtype is _FLOAT64 else value


@dataclass(frozen=True)
class Activation:
    """A named activation g with value g(z), derivative g'(z) and in-place fast forms."""

    name: str
    formula: str
    derivative_formula: str
    value: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]
    forward_into: Callable[[np.ndarray, np.ndarray], None]
    scale_by_derivative: Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], None]
    """scale_by_derivative(delta, z, a, scratch): delta *= g'(z) in place (scratch: same shape)."""

    def __call__(self, z: np.ndarray) -> np.ndarray:
        return self.value(z)


# --- sigmoid -----------------------------------------------------------------------------------

def sigmoid(z: np.ndarray) -> np.ndarray:
    """sigma(z) = 1 / (1 + e^-z), computed as e^z / (1 + e^z) for z < 0 so nothing overflows."""
    z = np.asarray(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_into(z, out):
    # sigma(z) = 0.5 + 0.5 tanh(z / 2): four ufunc calls, no overflow for any z.
    half = _const(out, 0.5, _HALF)
    np.multiply(z, half, out)
    np.tanh(out, out)
    np.multiply(out, half, out)
    np.add(out, half, out)


def _sigmoid_scale(delta, z, a, scratch):
    np.multiply(a, a, scratch)
    np.subtract(a, scratch, scratch)  # a (1 - a)
    np.multiply(delta, scratch, delta)


# --- tanh --------------------------------------------------------------------------------------

def _tanh_scale(delta, z, a, scratch):
    np.multiply(a, a, scratch)
    np.subtract(_const(scratch, 1.0, _ONE), scratch, scratch)  # 1 - a^2
    np.multiply(delta, scratch, delta)


# --- relu and leaky relu ------------------------------------------------------------------------

def _relu_into(z, out):
    np.maximum(z, _const(out, 0.0, _ZERO), out=out)  # (np.maximum takes out= by keyword only)


def _relu_scale(delta, z, a, scratch):
    np.sign(a, scratch)  # a = max(z, 0): 1 where z > 0 else 0
    np.multiply(delta, scratch, delta)


def _leaky_value(z):
    z = np.asarray(z)
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def _leaky_into(z, out):
    slope = _const(out, LEAKY_SLOPE, _SLOPE)
    if out is z:
        np.multiply(out, slope, out=out, where=out < 0)
    else:  # max(z, 0.01 z)
        np.multiply(z, slope, out)
        np.maximum(z, out, out=out)


def _leaky_scale(delta, z, a, scratch):
    np.sign(a, scratch)  # a has the sign of z: 1, 0 or -1
    np.maximum(scratch, _const(scratch, LEAKY_SLOPE, _SLOPE), out=scratch)  # 1 or 0.01
    np.multiply(delta, scratch, delta)


# --- linear ------------------------------------------------------------------------------------

def _linear_into(z, out):
    if out is not z:
        np.copyto(out, z)


def _no_scale(delta, z, a, scratch):
    return None


# --- softplus ----------------------------------------------------------------------------------

def _softplus_value(z):
    return np.logaddexp(0.0, z)  # log(1 + e^z) without overflow


def _softplus_into(z, out):
    np.logaddexp(_const(out, 0.0, _ZERO), z, out)


def _softplus_scale(delta, z, a, scratch):
    # softplus'(z) = sigma(z) = 1 - e^-a, computed as -expm1(-a) for accuracy.
    np.negative(a, scratch)
    np.expm1(scratch, scratch)
    np.multiply(delta, scratch, delta)
    np.negative(delta, delta)


# --- sin ---------------------------------------------------------------------------------------

def _sin_scale(delta, z, a, scratch):
    np.cos(z, scratch)
    np.multiply(delta, scratch, delta)


_ACTIVATION_LIST = (  # the order of the choice lists: the default (tanh) first
    Activation(
        "tanh", "tanh(z)", "tanh'(z) = 1 − a²",
        np.tanh, lambda z, a: 1.0 - a * a, np.tanh, _tanh_scale,
    ),
    Activation(
        "relu", "max(0, z)", "1 if z > 0 else 0",
        lambda z: np.maximum(z, 0.0), lambda z, a: (np.asarray(z) > 0).astype(np.result_type(z)),
        _relu_into, _relu_scale,
    ),
    Activation(
        "sigmoid", "σ(z) = 1 / (1 + e^(−z))", "σ'(z) = a (1 − a)",
        sigmoid, lambda z, a: a * (1.0 - a), _sigmoid_into, _sigmoid_scale,
    ),
    Activation(
        "leaky_relu", f"z if z > 0 else {LEAKY_SLOPE} z", f"1 if z > 0 else {LEAKY_SLOPE}",
        _leaky_value,
        lambda z, a: np.where(np.asarray(z) > 0, 1.0, LEAKY_SLOPE).astype(np.result_type(z)),
        _leaky_into, _leaky_scale,
    ),
    Activation(
        "linear", "z", "1",
        lambda z: np.array(z, copy=True), lambda z, a: np.ones_like(z), _linear_into, _no_scale,
    ),
    Activation(
        "softplus", "log(1 + e^z)", "σ(z)",
        _softplus_value, lambda z, a: sigmoid(z), _softplus_into, _softplus_scale,
    ),
    Activation(
        "sin", "sin(z)", "cos(z)",
        np.sin, lambda z, a: np.cos(z), np.sin, _sin_scale,
    ),
)

ACTIVATIONS = types.MappingProxyType({act.name: act for act in _ACTIVATION_LIST})
"""Read-only registry of the elementwise activations (usable in hidden and output layers)."""

ACTIVATION_NAMES = tuple(ACTIVATIONS)
"""Choice list of hidden-layer activations, the default first."""


# --- softmax (output only) ---------------------------------------------------------------------

def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Row-wise softmax p_k = e^(z_k - m) / sum_j e^(z_j - m) with m = max_j z_j (log-sum-exp)."""
    z = np.asarray(z)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """log p_k = z_k - m - log sum_j e^(z_j - m), exact even when p_k underflows."""
    z = np.asarray(z)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _softmax_not_elementwise(*_args):
    raise TypeError("softmax has no elementwise derivative; it is only used with the loss 'ce'")


def _softmax_rows_into(z, out):
    np.copyto(out, softmax(z, axis=-1))


SOFTMAX = Activation(
    "softmax", "p_k = e^(z_k) / Σ_j e^(z_j)", "used only with cross-entropy: dL/dz = p − y",
    softmax, _softmax_not_elementwise, _softmax_rows_into, _softmax_not_elementwise,
)

OUTPUT_ACTIVATIONS = types.MappingProxyType({**ACTIVATIONS, "softmax": SOFTMAX})
"""Read-only registry of the activations allowed in the output layer (adds softmax)."""

OUTPUT_ACTIVATION_NAMES = tuple(OUTPUT_ACTIVATIONS)
"""Choice list of output activations: every hidden-layer one, then softmax (only with "ce")."""


def get_activation(name: str, *, output: bool = False) -> Activation:
    """Look up an activation by name; ``output=True`` also allows ``"softmax"``."""
    registry = OUTPUT_ACTIVATIONS if output else ACTIVATIONS
    if isinstance(name, str) and name in registry:
        return registry[name]
    if isinstance(name, str) and name == "softmax":
        raise ModelProblem("softmax_hidden", choices=Names(registry))
    raise ModelProblem("unknown_name", what="activation", value=name, choices=Names(registry))

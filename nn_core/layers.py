"""Layers as forward/backward pairs; the cache holds exactly what backward needs.

Dense layer:      z = x @ W + b        x (n, d_in), W (d_in, d_out), b (d_out,) or None
    backward:     dx = dz @ W.T,  dW = x.T @ dz,  db = sum_i dz_i
Activation layer: a = g(z)
    backward:     dz = da * g'(z)
"""

from __future__ import annotations

import numpy as np

from nn_core.activations import Activation


def dense_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray | None):
    """z = x @ W (+ b). Returns (z (n, d_out), cache=(x, W, has_bias))."""
    z = x @ W
    if b is not None:
        z = z + b
    return z, (x, W, b is not None)


def dense_backward(dz: np.ndarray, cache):
    """Given dL/dz (n, d_out) return dL/dx (n, d_in), dL/dW (d_in, d_out), dL/db (d_out,) | None."""
    x, W, has_bias = cache
    dx = dz @ W.T
    dW = x.T @ dz
    db = dz.sum(axis=0) if has_bias else None
    return dx, dW, db


def activation_forward(z: np.ndarray, act: Activation):
    """a = g(z). Returns (a, cache=(z, a, act))."""
    a = act.value(z)
    return a, (z, a, act)


def activation_backward(da: np.ndarray, cache, derivative=None) -> np.ndarray:
    """dL/dz = dL/da * g'(z); ``derivative(act, z, a)``, when given, stands in for g'(z)."""
    z, a, act = cache
    return da * (act.derivative(z, a) if derivative is None else derivative(act, z, a))

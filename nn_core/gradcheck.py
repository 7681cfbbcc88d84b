"""Finite-difference gradient check for an MLP.

numeric dL/dp ~ (L(p + h) - L(p - h)) / (2 h)   (centred differences, error O(h^2))
relative error per parameter array = max over entries of |a - n| / max(1e-12, |a| + |n|)
"""

from __future__ import annotations

import numpy as np

DENOMINATOR_FLOOR = 1e-12


def numeric_grads(net, X, y, h: float = 1e-5) -> dict:
    """Centred finite-difference gradients of ``net.loss(X, y)`` for every key of net.params."""
    grads = {}
    for name, param in net.params.items():
        grad = np.zeros(param.shape, dtype=np.float64)
        flat_view = param.reshape(-1) if param.ndim else param.reshape(1)
        for j in range(flat_view.size):
            original = flat_view[j].copy()
            flat_view[j] = original + h
            plus = net.loss(X, y)
            flat_view[j] = original - h
            minus = net.loss(X, y)
            flat_view[j] = original
            grad.reshape(-1)[j] = (plus - minus) / (2.0 * h)
        grads[name] = grad
    return grads


def elementwise_relative_error(analytic, numeric) -> np.ndarray:
    """|a - n| / max(DENOMINATOR_FLOOR, |a| + |n|) per entry, as float64 (NaN stays NaN)."""
    analytic, numeric = np.asarray(analytic, np.float64), np.asarray(numeric, np.float64)
    denom = np.maximum(DENOMINATOR_FLOOR, np.abs(analytic) + np.abs(numeric))
    return np.abs(analytic - numeric) / denom


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """max |a - n| / max(1e-12, |a| + |n|) over all entries (0 for empty arrays)."""
    errors = elementwise_relative_error(analytic, numeric)
    return float(np.max(errors)) if errors.size else 0.0


def gradcheck(net, X, y, h: float = 1e-5) -> dict:
    """Relative error between ``net.loss_and_grads`` and centred differences, per parameter."""
    _, analytic = net.loss_and_grads(X, y)
    numeric = numeric_grads(net, X, y, h)
    return {name: relative_error(analytic[name], numeric[name]) for name in analytic}

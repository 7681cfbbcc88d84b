"""Optimizers updating one flat parameter vector in place.

``step(params, grads, lr, grad_scale=1.0)`` uses g = grad_scale * grads (the fast path passes
unscaled gradients and the scale separately to save a pass) and may overwrite ``grads``.

    sgd        w <- w - lr g
    momentum   v <- beta v + g;  w <- w - lr v
    adam       m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
               w <- w - lr m_hat / (sqrt(v_hat) + eps)  with bias-corrected m_hat, v_hat
"""

from __future__ import annotations

import numpy as np

OPTIMIZERS = ("sgd", "momentum", "adam")
"""Choice list of optimizers, the default first."""


class SGD:
    """Plain gradient descent: w <- w - lr * dL/dw."""

    name = "sgd"

    def step(self, params: np.ndarray, grads: np.ndarray, lr: float, grad_scale: float = 1.0):
        np.multiply(grads, lr * grad_scale, out=grads)
        np.subtract(params, grads, out=params)

    def reset(self) -> None:
        """SGD keeps no state."""

    def hyper(self) -> dict:
        return {}


class Momentum:
    """Heavy-ball momentum: v <- beta v + g; w <- w - lr v."""

    name = "momentum"

    def __init__(self, beta: float = 0.9):
        if not 0.0 <= beta < 1.0:
            raise ValueError("momentum beta must be in [0, 1)")
        self.beta = float(beta)
        self.velocity: np.ndarray | None = None

    def step(self, params: np.ndarray, grads: np.ndarray, lr: float, grad_scale: float = 1.0):
        if self.velocity is None or self.velocity.shape != params.shape:
            self.velocity = np.zeros_like(params)
        v = self.velocity
        np.multiply(v, self.beta, out=v)
        if grad_scale != 1.0:
            np.multiply(grads, grad_scale, out=grads)
        np.add(v, grads, out=v)
        np.multiply(v, lr, out=grads)
        np.subtract(params, grads, out=params)

    def reset(self) -> None:
        self.velocity = None

    def hyper(self) -> dict:
        return {"beta": self.beta}


class Adam:
    """Adam with bias correction (Kingma & Ba)."""

    name = "adam"

    def __init__(self, b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8):
        if not (0.0 <= b1 < 1.0 and 0.0 <= b2 < 1.0 and eps > 0):
            raise ValueError("adam needs 0 <= b1, b2 < 1 and eps > 0")
        self.b1, self.b2, self.eps = float(b1), float(b2), float(eps)
        self.reset()

    def reset(self) -> None:
        self.m: np.ndarray | None = None
        self.v: np.ndarray | None = None
        self.t = 0
        self._scratch: np.ndarray | None = None

    def step(self, params: np.ndarray, grads: np.ndarray, lr: float, grad_scale: float = 1.0):
        if self.m is None or self.m.shape != params.shape:
            self.m = np.zeros_like(params)
            self.v = np.zeros_like(params)
            self._scratch = np.empty_like(params)
            self.t = 0
        self.t += 1
        m, v, s = self.m, self.v, self._scratch
        if grad_scale != 1.0:
            np.multiply(grads, grad_scale, out=grads)
        np.multiply(m, self.b1, out=m)
        np.multiply(grads, 1.0 - self.b1, out=s)
        np.add(m, s, out=m)
        np.multiply(grads, grads, out=s)
        np.multiply(s, 1.0 - self.b2, out=s)
        np.multiply(v, self.b2, out=v)
        np.add(v, s, out=v)
        # w -= lr_t * m / (sqrt(v) + eps_t): the bias corrections folded into lr_t and eps_t
        correction2 = np.sqrt(1.0 - self.b2 ** self.t)
        lr_t = lr * correction2 / (1.0 - self.b1 ** self.t)
        np.sqrt(v, out=s)
        np.add(s, self.eps * correction2, out=s)
        np.divide(m, s, out=s)
        np.multiply(s, lr_t, out=s)
        np.subtract(params, s, out=params)

    def hyper(self) -> dict:
        return {"b1": self.b1, "b2": self.b2, "eps": self.eps}


def make_optimizer(name: str = "sgd", **hyper):
    """Build an optimizer by name: "sgd", "momentum" (beta=0.9), "adam" (b1, b2, eps)."""
    if name == "sgd":
        if hyper:
            raise ValueError(f"sgd takes no hyper-parameters, got {sorted(hyper)}")
        return SGD()
    if name == "momentum":
        return Momentum(**hyper)
    if name == "adam":
        return Adam(**hyper)
    raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}")

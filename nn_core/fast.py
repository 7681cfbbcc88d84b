"""The fast path: the reference math of nn_core.mlp in preallocated buffers, for the playground.

Training (``FastPath.train``) runs mini-batch gradient descent on the network's flat parameter
buffer in a feature-major layout: a batch of m samples is a matrix (features, m), and the
previous layer's activations end in a row of ones, so z_l = [W_l; b_l].T @ [a_{l-1}; 1] is a
single matrix product. Every array a batch needs is allocated once per batch size and reused,
and one vector operation updates every parameter. Prediction (``predict_rows``) reuses each z
in place and can run in float32 for drawing.

Both are tested equal to the reference path (MLP.forward_trace, MLP.backward_trace,
MLP.gradient_step) on every activation, output activation and loss (tests/core/test_fast.py).
"""

from __future__ import annotations

import numpy as np

from nn_core.losses import regularization_grad
from nn_core.optim import SGD

CACHE_LIMIT = 16  # preallocated work-array sets kept per network


class FastPath:
    """Mini-batch gradient descent for one network: a gradient buffer laid out like
    ``net.flat`` and cached work arrays per batch size."""

    def __init__(self, net):
        self.grad_flat = np.zeros_like(net.flat)
        self.grad_blocks = net.blocks_of(self.grad_flat)
        self.weight_mask = np.zeros_like(net.flat)  # 1 on weights, 0 on biases
        for block, d_in in zip(net.blocks_of(self.weight_mask), net.sizes[:-1], strict=True):
            block[:d_in] = 1
        self.sgd = SGD()
        self._cache: dict = {}

    def _cached(self, key, make):
        item = self._cache.get(key)
        if item is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            item = self._cache[key] = make()
        return item

    def train(self, net, X, Y, lr: float, batch_size: int, optimizer) -> float:
        """Gradient descent over consecutive batches of ``batch_size`` rows of validated (X, Y)
        (the last batch may be smaller); returns the loss as MLP.train_epoch describes it."""
        n = len(X)
        m = min(batch_size, n)
        n_full, rest = divmod(n, m)
        segments = [(0, m, n_full)]
        if rest:
            segments.append((n_full * m, rest, 1))
        penalty = net._penalty()
        opt = optimizer if optimizer is not None else self.sgd
        k = net.sizes[-1]
        sigmoid_bce = net.loss_fn.name == "bce"
        used = []
        with np.errstate(all="ignore"):
            for start, size, nb in segments:
                seg = self._cached(("segment", size, nb), lambda s=size, b=nb: _Segment(net, s, b))
                seg.fill(X[start:start + size * nb], Y[start:start + size * nb], sigmoid_bce)
                ws = self._cached(("workspace", size), lambda s=size: _Workspace(net, self, s))
                self._run_segment(net, seg, ws, opt, lr, net.loss_fn.delta_scale(size, k))
                used.append(seg)
            loss = self._epoch_loss(net, used)
        return loss + penalty

    @staticmethod
    def _epoch_loss(net, used: list[_Segment]) -> float:
        """Loss over all samples of the epoch, each with the weights before its batch's update:
        from the stored softmax sums (ce), output logits (bce) or outputs (mse, sse)."""
        counts = [seg.nb * seg.m for seg in used]
        if net.loss_name == "ce":
            return sum(_ce_sum(seg) for seg in used) / sum(counts)
        # arrays (nb, k, m): the elementwise losses do not depend on the layout
        losses = [net.loss_fn.loss(seg.a_out, seg.y, seg.z_out) for seg in used]
        if len(losses) == 1:
            return losses[0]
        if not net.loss_fn.is_mean:
            return sum(losses)
        return sum(loss * count for loss, count in zip(losses, counts, strict=True)) / sum(counts)

    def _run_segment(self, net, seg: _Segment, ws: _Workspace, opt, lr: float,
                     grad_scale: float):
        """Mini-batch gradient descent over the batches of one segment. Per batch, with samples
        as columns and A_{l-1} ending in a row of ones:

            forward    Z_l = [W_l; b_l].T @ A_{l-1},   A_l = g_l(Z_l)
            output     D_L = dL/dZ_L / grad_scale   (the loss's delta without its constant)
            backward   G_l = A_{l-1} @ D_l.T,   D_{l-1} = (W_l @ D_l) * g'(Z_{l-1})
            update     w <- w - lr * grad_scale * G   (or the optimizer's rule)

        Operands that do not change within the epoch are looked up once, and constants are
        0-d arrays of the network's dtype: both save NumPy call overhead on small batches.
        """
        dot, subtract, multiply, tanh = np.dot, np.subtract, np.multiply, np.tanh
        out_rule = ws.out_rule
        out_into, out_scale = ws.out_act.forward_into, ws.out_act.scale_by_derivative
        forward, backward = ws.forward, ws.backward
        out_WT, D_out, tmp_out, ones_k = ws.out_WT, ws.D_out, ws.tmp_out, ws.ones_k
        max_columns = np.maximum.reduce
        first_DT, first_grad = ws.first_DT, ws.first_grad
        params, grads = net.flat, self.grad_flat
        regularize = net.regularization != "none" and net.reg_rate > 0
        plain_sgd = type(opt) is SGD and not regularize
        if out_rule == "sigmoid_bce":
            # sigma(z) - y = (tanh(z / 2) - (2 y - 1)) / 2: the 1/2 joins the gradient scale
            grad_scale *= 0.5
        half = np.array(0.5, net.dtype)
        sgd_factor = np.array(lr * grad_scale, net.dtype)
        for x, z_out, a_out, y, y_signed, z_max, exp_sum in seg.batches:  # out= by position
            prev = x
            for WT, Z, A_act, A, act_into in forward:
                dot(WT, prev, Z)
                act_into(Z, A_act)
                prev = A
            dot(out_WT, prev, z_out)
            if out_rule == "sigmoid_bce":
                multiply(z_out, half, D_out)
                tanh(D_out, D_out)
                subtract(D_out, y_signed, D_out)
            elif out_rule == "softmax_ce":  # p - y, softmax down each column (sample)
                max_columns(z_out, 0, None, z_max)
                subtract(z_out, z_max, D_out)
                np.exp(D_out, D_out)
                dot(ones_k, D_out, exp_sum)
                np.divide(D_out, exp_sum, D_out)
                subtract(D_out, y, D_out)
            elif out_rule == "linear":  # a_out is z_out
                subtract(z_out, y, D_out)
            else:  # (g(z) - y) * g'(z)
                out_into(z_out, a_out)
                subtract(a_out, y, D_out)
                out_scale(D_out, z_out, a_out, tmp_out)
            for A_prev, DT, G, W, D, D_prev, scale_fn, Z_prev, A_prev_act, tmp in backward:
                dot(A_prev, DT, G)
                dot(W, D, D_prev)
                scale_fn(D_prev, Z_prev, A_prev_act, tmp)
            dot(x, first_DT, first_grad)
            if plain_sgd:  # w <- w - lr * dL/dw, inlined
                multiply(grads, sgd_factor, grads)
                subtract(params, grads, params)
            elif regularize:
                self._add_regularization(net, grad_scale)
                opt.step(params, grads, lr, 1.0)
            else:
                opt.step(params, grads, lr, grad_scale)

    def _add_regularization(self, net, grad_scale: float) -> None:
        """grads <- grad_scale * grads + d penalty / d params (weights only)."""
        grads = self.grad_flat
        np.multiply(grads, grad_scale, out=grads)
        extra = regularization_grad(net.flat, net.regularization, net.reg_rate)
        np.multiply(extra, self.weight_mask, out=extra)
        np.add(grads, extra, out=grads)


def output_rule(net) -> str:
    """How the fast path computes the output delta: "sigmoid_bce" and "softmax_ce" (the
    simplified deltas), "linear" (a_L = z_L) or "generic" ((g(z) - y) * g'(z))."""
    out = net.output_activation
    if net.loss_fn.output_activation is not None:
        return f"{out}_{net.loss_name}"
    return "linear" if out == "linear" else "generic"


class _Workspace:
    """Preallocated arrays for one batch size m, in feature-major layout (features, m)."""

    def __init__(self, net, fast: FastPath, m: int):
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
        self.ones_k = np.ones((k,), dt)
        acts = net._activations
        self.out_act = acts[-1]
        self.out_rule = output_rule(net)
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
                self.A[i - 1], self.D[i].T, fast.grad_blocks[i], net._blocks[i][:d_in], self.D[i],
                self.D[i - 1], acts[i - 1].scale_by_derivative, self.Z[i - 1],
                self.A_act[i - 1], self.tmp[i - 1],
            ))
        self.first_DT = self.D[0].T
        self.first_grad = fast.grad_blocks[0]


class _Segment:
    """Epoch data cut into nb batches of m samples: inputs (nb, d0 [+1], m), targets and
    output buffers (nb, k, m); ``batches`` holds the per-batch views."""

    def __init__(self, net, m: int, nb: int):
        dt, d0, k = net.dtype, net.sizes[0], net.sizes[-1]
        self.m, self.nb = m, nb
        self.x = np.ones((nb, d0 + int(net.bias), m), dt)
        self.x_features = self.x[:, :d0, :]
        self.y = np.empty((nb, k, m), dt)
        self.y_signed = np.empty((nb, k, m), dt)  # 2 y - 1, for the sigmoid + bce shortcut
        self.z_out = np.empty((nb, k, m), dt)
        self.a_out = self.z_out if output_rule(net) == "linear" else np.empty((nb, k, m), dt)
        # softmax + ce: max_k z_k and sum_k e^(z_k - max) per sample, kept for the epoch loss
        self.z_max = np.empty((nb, m), dt)
        self.exp_sum = np.empty((nb, m), dt)
        self.batches = [(self.x[b], self.z_out[b], self.a_out[b], self.y[b], self.y_signed[b],
                         self.z_max[b], self.exp_sum[b]) for b in range(nb)]

    def fill(self, X: np.ndarray, Y: np.ndarray, signed: bool) -> None:
        m, nb = self.m, self.nb
        np.copyto(self.x_features, X.reshape(nb, m, -1).transpose(0, 2, 1))
        np.copyto(self.y, Y.reshape(nb, m, -1).transpose(0, 2, 1))
        if signed:
            np.multiply(self.y, 2.0, out=self.y_signed)
            np.subtract(self.y_signed, 1.0, out=self.y_signed)


def _ce_sum(seg: _Segment) -> float:
    """-sum y log p over a segment from its logits and the softmax's per-sample max and sum:
    log p = (z - max) - log(sum), so -sum y log p = sum_i r_i log(sum_i) - sum y (z - max),
    with r_i = sum_k y_ik (1 for one-hot rows)."""
    shifted = seg.z_out - seg.z_max[:, None, :]
    counts = seg.y.sum(axis=1)
    return float(np.vdot(counts, np.log(seg.exp_sum)) - np.vdot(seg.y, shifted))


def predict_rows(net, X, dtype=None, keep_hidden=False, keep_logits=False):
    """Samples-as-rows forward pass reusing each z in place: (output, hidden list, z_L)."""
    dt = np.dtype(dtype or net.dtype)
    hidden, logits = [], None
    with np.errstate(all="ignore"):  # huge weights may overflow float32: drawn, not raised
        x = net._inputs(X, dt)
        flat = net.flat if dt == net.dtype else net.flat.astype(dt)
        last = net.n_layers - 1
        for i, (act, block) in enumerate(zip(net._activations, net.blocks_of(flat), strict=True)):
            d_in = net.sizes[i]
            z = x @ block[:d_in]
            if net.bias:
                z += block[d_in]
            if keep_logits and i == last:
                logits = z.copy()
            if act.name == "softmax":
                z = act.value(z)
            else:
                act.forward_into(z, z)
            x = z
            if keep_hidden and i < last:
                hidden.append(x)
    return x, hidden, logits

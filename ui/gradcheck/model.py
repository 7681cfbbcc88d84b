"""Gradient check: backpropagation's gradients against centred finite differences.

    numeric  dL/dp ~ (L(p + h) - L(p - h)) / (2 h)          (nn_core.numeric_grads, error O(h^2))
    relative error per entry  |a - n| / max(1e-12, |a| + |n|)  (nn_core.gradcheck's
    elementwise_relative_error; its max over a parameter array is that array's error)

An entry fails when its relative error reaches the threshold AND |a - n| >= RESOLUTION:
for tiny gradients (e.g. deep nets, 1e-8) the relative error of a correct gradient can be large
only because centred differences cannot resolve differences below about 1e-10.

The "broken" variant runs nn_core's own backpropagation (MLP.backward_trace) with a deliberately
wrong activation derivative supplied from here (nn_core never holds wrong math):
`wrong_derivative` takes g'(z) as g(z), e.g. sigma instead of sigma (1 - sigma), and shows what
a bug looks like. Plain Python and NumPy: no Streamlit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from nn_core import MLP, numeric_grads
from nn_core.activations import Activation
from nn_core.gradcheck import elementwise_relative_error
from ui.common.figures.panels import Panel, panel_rows, panels_figure
from ui.common.figures.weights import neuron_labels

THRESHOLD = 1e-6            # float64 with h = 1e-5: correct gradients give about 1e-8 or less
RESOLUTION = 1e-8           # |a - n| below this is finite-difference noise (~1e-11 |L| / h
                            # round-off plus O(h^2) truncation), never counted as a failure
STEP = 1e-5
KINK_ACTIVATIONS = ("relu", "leaky_relu")
KINK_WINDOW = 1e-3          # |z| this close to 0 at a kinked unit may flip its side under +-h
ISOLATED_FRACTION = 0.1     # failures in at most this share of entries count as isolated
LOG_ERROR_MIN = -16.0       # heatmap colour range of log10(relative error)
LOG_ERROR_MAX = 0.0
ERROR_CELL_PX = 30          # heatmap cells show the exponent only
ERROR_FIGURE_WIDTH_PX = 520


def true_derivative(act: Activation, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """g'(z) as nn_core defines it."""
    return act.derivative(z, a)


def wrong_derivative(act: Activation, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """The bug: g'(z) taken as g(z) = a (for sigmoid: sigma instead of sigma (1 - sigma))."""
    return a


@dataclass(frozen=True)
class ParamCheck:
    """One parameter array: analytic and numeric gradients and the relative error per entry."""

    name: str
    analytic: np.ndarray
    numeric: np.ndarray
    errors: np.ndarray

    @property
    def max_error(self) -> float:
        return float(self.errors.max()) if self.errors.size else 0.0

    def failing(self, threshold: float = THRESHOLD) -> np.ndarray:
        """Boolean mask: relative error >= threshold (or NaN) and |a - n| >= RESOLUTION."""
        resolved = ~(np.abs(self.analytic - self.numeric) < RESOLUTION)
        return ~(self.errors < threshold) & resolved

    def unresolved(self, threshold: float = THRESHOLD) -> np.ndarray:
        """Boolean mask: relative error >= threshold but |a - n| below RESOLUTION."""
        return (self.errors >= threshold) & ~self.failing(threshold)

    def n_failing(self, threshold: float = THRESHOLD) -> int:
        return int(np.count_nonzero(self.failing(threshold)))


@dataclass(frozen=True)
class GradcheckReport:
    """All parameters of one check and the verdict: "pass", "fail" or "kink" (a few isolated
    failures while some ReLU unit sits within KINK_WINDOW of its kink)."""

    params: tuple[ParamCheck, ...]
    threshold: float
    verdict: str
    near_kink: bool
    broken: bool

    @property
    def max_error(self) -> float:
        return max((p.max_error for p in self.params), default=0.0)

    @property
    def n_entries(self) -> int:
        return sum(p.errors.size for p in self.params)

    @property
    def n_failing(self) -> int:
        return sum(p.n_failing(self.threshold) for p in self.params)

    def worst(self) -> tuple[str, tuple[int, ...], float, float, float]:
        """(parameter name, index, analytic, numeric, relative error) of the worst failing entry,
        or of the largest relative error when nothing fails."""
        def score(p: ParamCheck) -> np.ndarray:
            errors = np.nan_to_num(p.errors, nan=np.inf)
            return np.where(p.failing(self.threshold), errors + 10.0, errors)

        check = max(self.params, key=lambda p: score(p).max(initial=-1.0))
        index = np.unravel_index(int(np.argmax(score(check))), check.errors.shape)
        return (check.name, tuple(int(i) for i in index), float(check.analytic[index]),
                float(check.numeric[index]), float(check.errors[index]))


def near_kink(net: MLP, X) -> bool:
    """True when some ReLU / leaky-ReLU pre-activation on X lies within KINK_WINDOW of 0."""
    trace = net.forward_trace(X)
    return any(name in KINK_ACTIVATIONS and np.any(np.abs(z) < KINK_WINDOW)
               for name, z in zip(net.activation_names, trace.zs, strict=True))


def decide(checks: tuple[ParamCheck, ...], threshold: float, kink: bool) -> str:
    """"pass" if no entry fails (see ParamCheck.failing); "kink" if the failures are isolated
    (at most ISOLATED_FRACTION of the entries) and a ReLU unit is near its kink; else "fail"."""
    failing = sum(p.n_failing(threshold) for p in checks)
    if failing == 0:
        return "pass"
    entries = sum(p.errors.size for p in checks)
    if kink and failing <= max(1, ISOLATED_FRACTION * entries):
        return "kink"
    return "fail"


def run_gradcheck(net: MLP, X, y, *, broken: bool = False, h: float = STEP,
                  threshold: float = THRESHOLD) -> GradcheckReport:
    """Check `net` on (X, y): analytic gradients (nn_core's backpropagation, with the wrong
    derivative when `broken`) against nn_core's centred differences. `net` is not modified."""
    net = net.copy()
    analytic = net.backward_trace(X, y, wrong_derivative if broken else None).grads
    numeric = numeric_grads(net, X, y, h)
    checks = tuple(ParamCheck(name, np.asarray(analytic[name], np.float64), numeric[name],
                              elementwise_relative_error(analytic[name], numeric[name]))
                   for name in net.params)
    kink = near_kink(net, X)
    return GradcheckReport(checks, threshold, decide(checks, threshold, kink), kink, broken)


def verdict_message(report: GradcheckReport) -> str:
    """Which verdict text fits: the verdict, or "pass_resolution" for a pass whose largest
    relative error exceeds the threshold only where |a - n| is below RESOLUTION."""
    if report.verdict == "pass" and not report.max_error < report.threshold:
        return "pass_resolution"
    return report.verdict


def report_key(net: MLP, X, y, broken: bool) -> str:
    """A digest of everything a check depends on (weights, configuration, data, bug switch),
    so a page can reuse the last report instead of recomputing it on every rerun."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((net.config(), bool(broken))).encode())
    for array in (net.flat, X, y):
        array = np.ascontiguousarray(array)
        digest.update(repr((array.dtype.str, array.shape)).encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def bug_applies(net: MLP) -> bool:
    """False when the wrong derivative cannot change anything: no hidden layer and a softmax
    output (whose exact delta the broken backprop keeps)."""
    return net.n_layers > 1 or net.activation_names[-1] != "softmax"


def summary_rows(report: GradcheckReport) -> list[dict]:
    """One row per parameter array: name, shape, max relative error, failing entries, ok."""
    return [{"parameter": p.name, "shape": "×".join(str(s) for s in p.errors.shape),
             "max_error": p.max_error, "failing": p.n_failing(report.threshold),
             "ok": p.n_failing(report.threshold) == 0}
            for p in report.params]


def error_colorscale(threshold: float = THRESHOLD) -> list[list]:
    """Pale to deep blue below log10(threshold), orange to red above (a hard step there)."""
    cut = (np.log10(threshold) - LOG_ERROR_MIN) / (LOG_ERROR_MAX - LOG_ERROR_MIN)
    return [[0.0, "#f4f8fc"], [cut, "#6aa6d6"], [cut, "#fdb863"], [1.0, "#b2182b"]]


def error_heatmap_figures(report: GradcheckReport, sizes=None, input_names=None,
                          max_width: int = ERROR_FIGURE_WIDTH_PX) -> list[dict]:
    """log10(relative error) per entry, one panel per parameter array (W_l: inputs x neurons,
    b_l: one row), wrapped into figures that fit the page; colour range fixed to [-16, 0]
    with the threshold as the colour step. `sizes` (the network's) names the units."""
    units = neuron_labels(sizes, input_names) if sizes else None
    panels = []
    for check in report.params:
        errors = check.errors.reshape(-1, check.errors.shape[-1]) if check.errors.ndim \
            else check.errors.reshape(1, 1)
        analytic = check.analytic.reshape(errors.shape)
        numeric = check.numeric.reshape(errors.shape)
        layer = int(check.name[1:])
        rows_default = tuple(str(i + 1) for i in range(errors.shape[0]))
        cols_default = tuple(str(j + 1) for j in range(errors.shape[1]))
        if units and check.name.startswith("W"):
            row_names, col_names = tuple(units[layer - 1]), tuple(units[layer])
        elif units:
            row_names, col_names = ("b",), tuple(units[layer])
        else:
            row_names, col_names = (("b",) if check.name.startswith("b") else rows_default,
                                    cols_default)
        with np.errstate(invalid="ignore"):
            logs = np.log10(np.maximum(np.nan_to_num(errors, nan=1.0), 10.0**LOG_ERROR_MIN))
        unresolved = check.unresolved(report.threshold).reshape(errors.shape)
        # differences below the resolution are drawn just under the threshold colour step
        logs = np.where(unresolved, np.log10(report.threshold) - 1.0, logs)
        text = np.vectorize(lambda v: str(int(round(v))), otypes=[object])(logs)
        text[unresolved] = "≈"
        hover = np.empty(errors.shape, dtype=object)
        for (r, c), err in np.ndenumerate(errors):
            note = "<br>|a − n| below finite-difference resolution" if unresolved[r, c] else ""
            hover[r, c] = (f"{check.name}[{row_names[r]}, {col_names[c]}]<br>"
                           f"analytic {analytic[r, c]:.10g}<br>numeric {numeric[r, c]:.10g}"
                           f"<br>relative error {err:.2e}{note}")
        panels.append(Panel(check.name, logs, row_names,
                            col_names, text, hover, LOG_ERROR_MIN, LOG_ERROR_MAX))
    scale = error_colorscale(report.threshold)
    return [panels_figure(row, scale, uirevision=f"gradcheck-{i}", cell_width=ERROR_CELL_PX)
            for i, row in enumerate(panel_rows(panels, max_width, cell_width=ERROR_CELL_PX))]

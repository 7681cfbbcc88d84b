"""Loss curves: one run (train/test loss, accuracy on a second axis) or several runs overlaid."""

from __future__ import annotations

import math
import types
from collections.abc import Mapping, Sequence

import numpy as np

from ui.figures._common import (
    COARSE_STEPS,
    FINE_STEPS,
    axis,
    base_layout,
    compact,
    merge_labels,
    nice_ceiling,
)
from ui.palette import Palette, get_palette

LOSS_LABELS = types.MappingProxyType({
    "title": "",
    "x": "epoch",
    "y": "loss",
    "y2": "accuracy",
    "train_loss": "train loss",
    "test_loss": "test loss",
    "train_acc": "train accuracy",
    "test_acc": "test accuracy",
})
MULTI_LOSS_LABELS = types.MappingProxyType({"title": "", "x": "epoch", "y": "loss"})

MIN_X_MAX = 10.0
LOG_FLOOR = 1e-12


def loss_axis_limits(epochs, losses: Sequence, *, log_y: bool = False,
                     x_max: float | None = None, y_max: float | None = None,
                     ) -> tuple[list[float], list[float]]:
    """Stable axis ranges (x_range, y_range) for loss curves.

    x: [0, X] with X the 1-2-5 step >= the last epoch (at least 10) and never below `x_max`.
    y (linear): [0, Y] with Y the fine nice step >= 1.05 * max finite loss, never below `y_max`.
    y (log): [log10 lo, log10 hi] in whole decades around the positive finite losses (Plotly log
    axes take exponents), hi never below `y_max`.
    """
    epochs = np.asarray(epochs, dtype=float).ravel()
    epochs = epochs[np.isfinite(epochs)]
    last_epoch = float(epochs.max()) if epochs.size else 0.0
    x_top = max(nice_ceiling(max(last_epoch, 1e-9), COARSE_STEPS), MIN_X_MAX, x_max or 0.0)
    arrays = [np.asarray(x, dtype=float).ravel() for x in losses if x is not None]
    finite = [a[np.isfinite(a)] for a in arrays]
    values = np.concatenate(finite) if finite else np.empty(0)
    if log_y:
        positive = values[values > LOG_FLOOR]
        lo = math.floor(math.log10(positive.min())) if positive.size else -3
        hi = math.ceil(math.log10(positive.max())) if positive.size else 0
        if y_max:
            hi = max(hi, math.ceil(math.log10(y_max)))
        return [0.0, x_top], [float(lo), float(max(hi, lo + 1))]
    peak = float(values.max()) if values.size else 0.0
    y_top = max(nice_ceiling(peak * 1.05, FINE_STEPS), y_max or 0.0) or 1.0
    return [0.0, x_top], [0.0, y_top]


def _line(x, y, name: str, color: str, *, dash: str = "solid", width: float = 2.0,
          yaxis: str = "y", uid: str) -> dict:
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    return {
        "type": "scatter", "mode": "lines", "uid": uid, "name": name,
        "x": compact(x[keep], 4), "y": compact(y[keep], 5), "yaxis": yaxis,
        "line": {"color": color, "width": width, "dash": dash},
        "hovertemplate": f"{name}<br>%{{x}}: %{{y:.4g}}<extra></extra>",
    }


def loss_figure(epochs, train_loss, test_loss=None, train_acc=None, test_acc=None, *,
                log_y: bool = False, x_max: float | None = None, y_max: float | None = None,
                labels: Mapping[str, str] | None = None, palette: str | Palette = "default",
                height: int | None = None) -> dict:
    """Train/test loss against epoch; accuracy (fraction in [0, 1]) on a right-hand axis.

    epochs, train_loss, test_loss, train_acc, test_acc: 1-D arrays of equal length (n,); the
    optional ones may be None (regression has no accuracy). Non-finite points are dropped.
    x_max / y_max: the previous frame's axis maxima (or None): axes never shrink below them and
    otherwise grow in nice steps (see `loss_axis_limits`), so frames do not jump.
    labels: overrides of LOSS_LABELS (translated strings).
    """
    text = merge_labels(LOSS_LABELS, labels)
    colors = get_palette(palette).line_colors
    has_acc = train_acc is not None or test_acc is not None
    traces = [_line(epochs, train_loss, text["train_loss"], colors[0], uid="train_loss")]
    if test_loss is not None:
        traces.append(_line(epochs, test_loss, text["test_loss"], colors[1], dash="dash",
                            uid="test_loss"))
    if train_acc is not None:
        traces.append(_line(epochs, train_acc, text["train_acc"], colors[0], dash="dot",
                            width=1.5, yaxis="y2", uid="train_acc"))
    if test_acc is not None:
        traces.append(_line(epochs, test_acc, text["test_acc"], colors[1], dash="dot",
                            width=1.5, yaxis="y2", uid="test_acc"))
    x_range, y_range = loss_axis_limits(epochs, [train_loss, test_loss], log_y=log_y,
                                        x_max=x_max, y_max=y_max)
    layout = base_layout("loss", height=height, title=text["title"] or None, legend=True,
                         margin={"l": 52, "r": 52 if has_acc else 16, "t": 40, "b": 40})
    layout["xaxis"] = axis(text["x"], range=x_range)
    layout["yaxis"] = axis(text["y"], range=y_range, type="log" if log_y else "linear",
                           **({"exponentformat": "power", "dtick": 1} if log_y else {}))
    if has_acc:
        layout["yaxis2"] = axis(text["y2"], grid=False, range=[0.0, 1.02], overlaying="y",
                                side="right", tickformat=".0%", tickvals=[0, 0.25, 0.5, 0.75, 1])
    return {"data": traces, "layout": layout}


def multi_loss_figure(runs: Sequence[tuple[str, object, object]], *, log_y: bool = False,
                      x_max: float | None = None, y_max: float | None = None,
                      labels: Mapping[str, str] | None = None,
                      palette: str | Palette = "default", height: int | None = None) -> dict:
    """Several runs' loss curves overlaid; runs = [(name, epochs (n_i,), loss (n_i,)), ...]."""
    text = merge_labels(MULTI_LOSS_LABELS, labels)
    colors = get_palette(palette).line_colors
    traces = [_line(epochs, loss, name, colors[i % len(colors)], uid=f"run{i}")
              for i, (name, epochs, loss) in enumerate(runs)]
    all_epochs = np.concatenate([np.asarray(e, dtype=float).ravel() for _, e, _ in runs]
                                or [np.empty(0)])
    x_range, y_range = loss_axis_limits(all_epochs, [loss for _, _, loss in runs], log_y=log_y,
                                        x_max=x_max, y_max=y_max)
    layout = base_layout("multi_loss", height=height, title=text["title"] or None, legend=True,
                         margin={"l": 52, "r": 16, "t": 40, "b": 40})
    layout["xaxis"] = axis(text["x"], range=x_range)
    layout["yaxis"] = axis(text["y"], range=y_range, type="log" if log_y else "linear",
                           **({"exponentformat": "power", "dtick": 1} if log_y else {}))
    return {"data": traces, "layout": layout}

"""The decision boundary as a live "plane" chart: spec and byte image (pure; no Streamlit).

Shared by the playground, the compared runs and the hidden-space page: a network's output over
a grid of the input plane, coloured with a fixed scale, with the data points on top.
"""

from __future__ import annotations

import numpy as np

from nn_core import MLP
from ui.common.i18n import t
from ui.common.palette import Palette
from ui.common.run_setup import Grid, Problem
from ui.live import charts


def output_range(problem: Problem) -> tuple[float, float]:
    """The output's colour range: [0, 1] for classes, the training targets' range otherwise."""
    if problem.dataset.kind != "regression":
        return (0.0, 1.0)
    y = np.asarray(problem.y_train, dtype=float)
    y = y[np.isfinite(y)]
    lo, hi = (float(y.min()), float(y.max())) if y.size else (-1.0, 1.0)
    return (lo, hi) if hi > lo else (lo, lo + 1.0)


def grid_extent(grid: Grid) -> list[float]:
    """The plane covered by a grid's cells: [x0, x1, y0, y1] (cell centres +- half a cell)."""
    half_x = (grid.xs[-1] - grid.xs[0]) / max(len(grid.xs) - 1, 1) / 2
    half_y = (grid.ys[-1] - grid.ys[0]) / max(len(grid.ys) - 1, 1) / 2
    return [float(grid.xs[0] - half_x), float(grid.xs[-1] + half_x),
            float(grid.ys[0] - half_y), float(grid.ys[-1] + half_y)]


def class_labels(y: np.ndarray) -> np.ndarray:
    """Integer class labels from (n,), (n, 1) or one-hot (n, k) targets."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return np.argmax(y, axis=1)
    return np.rint(y.reshape(-1)).astype(int)


def output_bytes(outputs: np.ndarray, problem: Problem, discretize: bool = False) -> np.ndarray:
    """Network outputs (..., k) as one byte per cell (...): P(class 1) or the regression value
    on `output_range`, or for several classes the winner's band of `charts.class_lut` shaded
    by confidence. Discretize snaps classes to their colour (0 or 255 for two classes)."""
    kind = problem.dataset.kind
    if kind == "multiclass":
        return charts.class_shade_bytes(outputs, discretize)
    values = outputs[..., 0]
    if discretize and kind == "binary":
        values = (values >= 0.5).astype(np.float32)
    return charts.value_bytes(values, *output_range(problem))


def grid_bytes(net: MLP, grid: Grid, problem: Problem, discretize: bool = False) -> np.ndarray:
    """`net`'s output on `grid` as bytes (g, g), row 0 at the bottom (float32 forward pass)."""
    out = net.predict(grid.inputs, dtype=np.float32)
    size = len(grid.xs)
    return output_bytes(out.reshape(size, size, -1), problem, discretize)


def output_image(problem: Problem, palette: Palette, lang: str, *, array: str,
                 extent: list[float] | None, smooth: bool) -> dict:
    """The plane's colour image spec for the output bytes in frame array `array`."""
    dataset = problem.dataset
    label = t("fig.boundary.output", lang)
    if dataset.kind == "multiclass":
        lut = charts.class_lut(palette, dataset.n_classes)
        hover = {"label": label, "classes": dataset.n_classes,
                 "class_label": t("fig.boundary.class", lang)}
    else:
        stops = palette.sequential if dataset.kind == "regression" else palette.diverging
        lut = charts.scale_lut(stops, charts.BACKGROUND_LIGHTEN)
        hover = {"label": label, "range": list(output_range(problem))}
    return {"array": array, "lut": charts.lut_text(lut), "extent": extent, "smooth": smooth,
            "hover": hover}


def data_points(problem: Problem, palette: Palette, lang: str, *, show_test: bool,
                X_train: np.ndarray | None = None) -> list[dict]:
    """Training points (circles) and, when shown, test points (diamonds), coloured by class
    (or by target on the sequential scale for regression). X_train replaces the raw training
    coordinates (e.g. points seen through hidden neurons)."""
    dataset = problem.dataset
    splits = [("train", problem.raw_train if X_train is None else X_train, problem.y_train,
               False)]
    if show_test and problem.raw_test is not None and len(problem.raw_test):
        splits.append(("test", problem.raw_test, problem.y_test, True))
    series = []
    for split, X, y, test in splits:
        name = t(f"fig.boundary.{split}", lang)
        if dataset.kind == "regression":
            table = charts.scale_lut(palette.sequential)
            codes = charts.value_bytes(np.asarray(y, dtype=float).reshape(-1),
                                       *output_range(problem))
            colors = ["#{:02x}{:02x}{:02x}".format(*table[code]) for code in codes]
            series.append(charts.points_spec(
                name, X, colors, symbol="diamond" if test else "circle",
                outline=palette.test_outline if test else palette.train_outline))
        else:
            series += charts.class_points(X, class_labels(y), dataset.n_classes, name, palette,
                                          test=test, class_label=t("fig.boundary.class", lang))
    return series


def boundary_plane(name: str, *, title: str, problem: Problem, grid: Grid, palette: Palette,
                   lang: str, show_test: bool, discretize: bool = False,
                   clickable: bool = False) -> dict:
    """A decision-boundary chart: output image from frame array `name`, points on top."""
    xmin, xmax, ymin, ymax = problem.dataset.domain
    smooth = not (discretize and problem.dataset.kind != "regression")
    return charts.plane_chart(
        name, title=title,
        x=charts.axis_spec(t("fig.boundary.x", lang), (xmin, xmax)),
        y=charts.axis_spec(t("fig.boundary.y", lang), (ymin, ymax)),
        image=output_image(problem, palette, lang, array=name, extent=grid_extent(grid),
                           smooth=smooth),
        points=data_points(problem, palette, lang, show_test=show_test), clickable=clickable)

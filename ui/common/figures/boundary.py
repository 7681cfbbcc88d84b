"""Decision boundary: the network output over the input plane, with the data points on top."""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence

import numpy as np

from ui.common.figures._common import axis, base_layout, compact, merge_labels
from ui.common.palette import (
    Palette,
    as_plotly_scale,
    class_color,
    class_shading_scale,
    get_palette,
    lighten_scale,
)

BOUNDARY_LABELS = types.MappingProxyType({
    "title": "",
    "x": "x1",
    "y": "x2",
    "train": "train",
    "test": "test",
    "class": "class {c}",
    "output": "output",
    "target": "target",
})
KINDS = ("binary", "multiclass", "regression")
BACKGROUND_LIGHTEN = 0.4      # heatmap colours blended this much toward white
MAX_SHADE = 0.998             # multiclass z stays inside its class segment [c, c + 1)
DISCRETE_SHADE = 0.7          # multiclass shade used when discretize=True


def multiclass_shading(probabilities: np.ndarray, discretize: bool = False) -> np.ndarray:
    """(gy, gx, k) class probabilities -> z = argmax class + confidence shade in [0, MAX_SHADE].

    shade = (p_max - 1/k) / (1 - 1/k): 0 where all classes are equally likely, ~1 where certain.
    With discretize=True every cell gets the same shade, so z only encodes the class.
    """
    probabilities = np.asarray(probabilities, dtype=np.float64)
    k = probabilities.shape[-1]
    winner = np.argmax(probabilities, axis=-1)
    if discretize:
        return winner + DISCRETE_SHADE
    confidence = np.max(probabilities, axis=-1)
    shade = np.clip((confidence - 1.0 / k) / (1.0 - 1.0 / k), 0.0, MAX_SHADE)
    return np.round(winner + shade, 3)


def _heatmap(grid_x, grid_y, z, zmin: float, zmax: float, colorscale, *, hover: str | None,
             clickable: bool, smooth: bool = True) -> dict:
    trace = {
        "type": "heatmap", "uid": "surface", "x": compact(grid_x, 4), "y": compact(grid_y, 4),
        "z": z, "zmin": float(zmin), "zmax": float(zmax), "zauto": False,
        "colorscale": colorscale, "showscale": False,
        "zsmooth": "fast" if smooth else False,
    }
    if hover is not None:
        trace["hovertemplate"] = hover
    else:
        trace["hoverinfo"] = "none" if clickable else "skip"
    return trace


def _points(X, name: str, uid: str, *, test: bool, marker_color, palette: Palette,
            extra_marker: Mapping | None = None, legendgroup: str | None = None) -> dict:
    X = np.asarray(X, dtype=float).reshape(-1, 2)
    marker = {
        "color": marker_color,
        "size": 7,
        "symbol": "diamond" if test else "circle",
        "line": {"color": palette.test_outline if test else palette.train_outline,
                 "width": 1.0},
    }
    if extra_marker:
        marker.update(extra_marker)
    trace = {
        "type": "scatter", "mode": "markers", "uid": uid, "name": name,
        "x": compact(X[:, 0]), "y": compact(X[:, 1]), "marker": marker,
        "hovertemplate": f"{name}<br>(%{{x:.2f}}, %{{y:.2f}})<extra></extra>",
        "cliponaxis": True,
    }
    if legendgroup:
        trace["legendgroup"] = legendgroup
    return trace


def _class_point_traces(X, y, n_classes: int, split: str, name: str, palette: Palette,
                        text: Mapping[str, str]) -> list[dict]:
    labels = _class_labels(y)
    traces = []
    for c in range(n_classes):
        chosen = labels == c
        class_name = text["class"].format(c=c)
        traces.append(_points(X[chosen], f"{class_name} ({name})", f"{split}{c}",
                              test=split == "test", marker_color=class_color(palette, c),
                              palette=palette, legendgroup=f"class{c}"))
    return traces


def _class_labels(y) -> np.ndarray:
    """Integer class labels from (n,), (n, 1) or one-hot (n, k) targets."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return np.argmax(y, axis=1)
    return np.rint(y.reshape(-1)).astype(int)


def boundary_figure(grid_x, grid_y, grid_values, points_X_train, y_train,
                    points_X_test=None, y_test=None, *, kind: str = "binary",
                    n_classes: int = 2, show_test: bool = True, discretize: bool = False,
                    palette: str | Palette = "default", clickable: bool = False,
                    value_range: Sequence[float] | None = None,
                    domain: Sequence[float] | None = None,
                    labels: Mapping[str, str] | None = None, height: int | None = None,
                    show_legend: bool = False) -> dict:
    """Heatmap of the network output over the input plane plus train (circles) and test
    (diamonds, dark outline) points.

    grid_x (gx,), grid_y (gy,): ascending cell centres; grid_values[i, j] is the output at
    (grid_x[j], grid_y[i]):
    - "binary": (gy, gx) or (gy, gx, 1) P(class 1) in [0, 1]; fixed zmin 0, zmax 1 (orange = 0,
      light at 0.5, blue = 1). discretize -> z in {0, 1} (threshold 0.5).
    - "multiclass": (gy, gx, k) probabilities; z = class + shade (see `multiclass_shading`),
      zmin 0, zmax k, one colour segment per class. discretize -> z = class + 0.7.
    - "regression": (gy, gx) prediction; zmin/zmax = value_range (default: y_train's range);
      points coloured by target with the same scale.
    points_X_* (n, 2); y_* (n,), (n, 1) or one-hot. Test points are left out when show_test is
    False or X_test is None. domain (xmin, xmax, ymin, ymax) fixes the axes (default: the grid's
    cell edges); the axes keep equal aspect. clickable=True keeps heatmap hover events alive for
    click-to-add-point pages. show_legend adds a one-line legend of the point traces on top.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    pal = get_palette(palette)
    text = merge_labels(BOUNDARY_LABELS, labels)
    grid_x = np.asarray(grid_x, dtype=float)
    grid_y = np.asarray(grid_y, dtype=float)
    values = np.asarray(grid_values, dtype=np.float64)
    hover_value = f"(%{{x:.2f}}, %{{y:.2f}})<br>{text['output']}: %{{z:.3f}}<extra></extra>"
    X_train = np.asarray(points_X_train, dtype=float).reshape(-1, 2)
    with_test = (show_test and points_X_test is not None and y_test is not None
                 and len(points_X_test) > 0)

    if kind == "multiclass":
        k = values.shape[-1]
        n_classes = k
        z = multiclass_shading(values, discretize)
        surface = _heatmap(grid_x, grid_y, z, 0.0, float(k),
                           as_plotly_scale(lighten_scale(class_shading_scale(pal, k),
                                                         BACKGROUND_LIGHTEN)),
                           hover=None, clickable=clickable, smooth=not discretize)
    else:
        values = values.reshape(values.shape[0], values.shape[1])
        if kind == "binary":
            lo, hi = 0.0, 1.0
            stops = pal.diverging
            if discretize:
                z = (values >= 0.5).astype(np.float64)
            else:
                z = np.round(np.clip(np.nan_to_num(values, nan=0.5), 0.0, 1.0), 3)
        else:
            lo, hi = _regression_range(value_range, y_train)
            stops = pal.sequential
            z = np.round(np.clip(np.nan_to_num(values, nan=(lo + hi) / 2), lo, hi), 3)
        surface = _heatmap(grid_x, grid_y, z, lo, hi,
                           as_plotly_scale(lighten_scale(stops, BACKGROUND_LIGHTEN)),
                           hover=hover_value, clickable=clickable,
                           smooth=not (discretize and kind == "binary"))

    traces = [surface]
    if kind == "regression":
        lo, hi = surface["zmin"], surface["zmax"]
        scale = as_plotly_scale(pal.sequential)
        splits = [("train", X_train, y_train)]
        if with_test:
            splits.append(("test", points_X_test, y_test))
        for split, X, y in splits:
            extra = {"colorscale": scale, "cmin": lo, "cmax": hi, "showscale": False}
            trace = _points(X, text[split], split, test=split == "test",
                            marker_color=compact(np.asarray(y, dtype=float).reshape(-1)),
                            palette=pal, extra_marker=extra)
            trace["hovertemplate"] = (f"{text[split]}<br>(%{{x:.2f}}, %{{y:.2f}})<br>"
                                      f"{text['target']}: %{{marker.color:.3f}}<extra></extra>")
            traces.append(trace)
    else:
        traces += _class_point_traces(X_train, y_train, n_classes, "train", text["train"], pal,
                                      text)
        if with_test:
            traces += _class_point_traces(np.asarray(points_X_test, dtype=float).reshape(-1, 2),
                                          y_test, n_classes, "test", text["test"], pal, text)

    xmin, xmax, ymin, ymax = _domain(domain, grid_x, grid_y)
    layout = base_layout(f"boundary-{kind}", height=height, title=text["title"] or None,
                         legend=show_legend,
                         margin={"l": 44, "r": 12, "b": 40,
                                 "t": 36 if text["title"] or show_legend else 12})
    layout["xaxis"] = axis(text["x"], grid=False, range=[xmin, xmax], constrain="domain")
    layout["yaxis"] = axis(text["y"], grid=False, range=[ymin, ymax], scaleanchor="x",
                           scaleratio=1, constrain="domain")
    if clickable:
        layout["clickmode"] = "event"
    return {"data": traces, "layout": layout}


def _regression_range(value_range, y_train) -> tuple[float, float]:
    if value_range is not None:
        lo, hi = float(value_range[0]), float(value_range[1])
    else:
        y = np.asarray(y_train, dtype=float)
        y = y[np.isfinite(y)]
        lo, hi = (float(y.min()), float(y.max())) if y.size else (-1.0, 1.0)
    if not hi > lo:
        hi = lo + 1.0
    return lo, hi


def _domain(domain, grid_x: np.ndarray, grid_y: np.ndarray) -> tuple[float, float, float, float]:
    if domain is not None:
        return tuple(float(v) for v in domain)
    half_x = (grid_x[-1] - grid_x[0]) / max(len(grid_x) - 1, 1) / 2
    half_y = (grid_y[-1] - grid_y[0]) / max(len(grid_y) - 1, 1) / 2
    return (float(grid_x[0] - half_x), float(grid_x[-1] + half_x),
            float(grid_y[0] - half_y), float(grid_y[-1] + half_y))

"""Specs of the live view's charts and the arrays their frames carry (pure; no Streamlit).

A live chart is described twice:
- its *spec*, a small JSON-ready dict sent with each page run: kind, titles, axis ranges,
  colour tables, the data points;
- its *frame data*, arrays that change while training and go in every frame (see
  `ui.live.protocol`): the decision boundary as one byte per cell, weights as float32, the new
  loss points.
The browser draws both (ui/live/frontend/charts/*.js). Kinds:

- "plane": a 2-D plane with an optional colour image (a grid of byte indices into a 256-colour
  table), lattice lines and points; used for the decision boundary and the hidden space.
- "lines": curves over epochs from history channels, a second axis for accuracy.
- "network": the network diagram with a thumbnail per neuron and edges sized by weight.
- "weights": one heatmap per layer on one zero-centred colour scale.
- "bars": rows x columns of small histograms.

Colour tables are 256 RGB triples, base64-encoded (768 bytes).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

from ui.common.figures._png import color_lut
from ui.common.palette import (
    ColorStops,
    Palette,
    class_color,
    lighten_scale,
    mix,
)

LUT_SIZE = 256
BACKGROUND_LIGHTEN = 0.4        # boundary colours blended this much toward white
CLASS_LIGHT = 0.85              # a multiclass cell with no confidence: class colour this pale
DISCRETE_SHADE = 0.7            # multiclass shade when discretized
DASHES = {"solid": [], "dash": [6, 4], "dot": [2, 3]}


# --- colour tables and byte images ------------------------------------------------------------

def float32(values) -> np.ndarray:
    """Values as float32 for a frame; magnitudes beyond float32 become +-inf (shown as
    overflow), without a warning."""
    with np.errstate(over="ignore"):
        return np.asarray(values, dtype=np.float32)


def lut_text(table: np.ndarray) -> str:
    """A (256, 3) uint8 colour table as base64 text."""
    table = np.asarray(table, dtype=np.uint8)
    if table.shape != (LUT_SIZE, 3):
        raise ValueError(f"a colour table is ({LUT_SIZE}, 3), got {table.shape}")
    return base64.b64encode(table.tobytes()).decode("ascii")


def scale_lut(stops: ColorStops, lighten: float = 0.0) -> np.ndarray:
    """(256, 3) table sampled along a colour scale, optionally blended toward white."""
    return color_lut(lighten_scale(stops, lighten) if lighten else stops, LUT_SIZE)


def class_lut(palette: Palette, n_classes: int, light: float = CLASS_LIGHT,
              lighten: float = BACKGROUND_LIGHTEN) -> np.ndarray:
    """(256, 3) table for `class_shade_bytes`: class c owns entries [c*m, (c+1)*m) with
    m = 256 // n_classes, running from pale (shade 0) to the class colour (shade 1)."""
    per_class = LUT_SIZE // n_classes
    table = np.full((LUT_SIZE, 3), 255, dtype=np.uint8)
    for c in range(n_classes):
        full = mix(class_color(palette, c), "#ffffff", lighten)
        pale = mix(class_color(palette, c), "#ffffff", light + (1 - light) * lighten)
        stops = ((0.0, pale), (1.0, full))
        table[c * per_class:(c + 1) * per_class] = color_lut(stops, per_class)
    return table


def value_bytes(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Values -> uint8 in [0, 255]: round(255 (v - lo) / (hi - lo)), clipped; NaN -> middle."""
    values = np.asarray(values, dtype=np.float64)
    span = hi - lo if hi > lo else 1.0
    with np.errstate(invalid="ignore"):
        t = np.clip((values - lo) / span, 0.0, 1.0)
    t = np.where(np.isnan(t), 0.5, t)
    return np.rint(t * 255).astype(np.uint8)


def class_shade_bytes(probabilities: np.ndarray, discretize: bool = False) -> np.ndarray:
    """(..., k) class probabilities -> uint8 indices for `class_lut`: the winning class's band,
    shaded by confidence (p_max - 1/k) / (1 - 1/k) (a fixed shade when `discretize`)."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    k = probabilities.shape[-1]
    per_class = LUT_SIZE // k
    winner = np.argmax(probabilities, axis=-1)
    if discretize:
        shade = np.full(winner.shape, DISCRETE_SHADE)
    else:
        confidence = np.max(probabilities, axis=-1)
        shade = np.clip((confidence - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
    shade = np.nan_to_num(shade, nan=0.0)
    return (winner * per_class + np.rint(shade * (per_class - 1))).astype(np.uint8)


# --- chart specs ------------------------------------------------------------------------------

def axis_spec(title: str, value_range: Sequence[float] | None = None, **extra) -> dict:
    """An axis: its title and, when fixed, its [lo, hi] range."""
    spec = {"title": title}
    if value_range is not None:
        spec["range"] = [float(value_range[0]), float(value_range[1])]
    spec.update(extra)
    return spec


def points_spec(name: str, X: np.ndarray, colors: Sequence[str] | str, *, symbol: str = "circle",
                outline: str = "#ffffff", hover: Sequence[str] | None = None) -> dict:
    """One series of points (n, 2) drawn as circles or diamonds with an outline."""
    X = np.asarray(X, dtype=np.float64).reshape(-1, 2)
    spec = {"name": name, "x": np.round(X[:, 0], 4).tolist(), "y": np.round(X[:, 1], 4).tolist(),
            "symbol": symbol, "outline": outline}
    if isinstance(colors, str):
        spec["color"] = colors
    else:
        spec["colors"] = list(colors)
    if hover is not None:
        spec["hover"] = list(hover)
    return spec


def class_points(X, labels, n_classes: int, split_name: str, palette: Palette, *, test: bool,
                 class_label: str) -> list[dict]:
    """One point series per class ("class 0 (train)"), coloured by class."""
    X = np.asarray(X, dtype=np.float64).reshape(-1, 2)
    labels = np.asarray(labels).reshape(-1)
    return [points_spec(f"{class_label.format(c=c)} ({split_name})", X[labels == c],
                        class_color(palette, c), symbol="diamond" if test else "circle",
                        outline=palette.test_outline if test else palette.train_outline)
            for c in range(n_classes)]


def plane_chart(name: str, *, title: str, x: dict, y: dict, image: dict | None = None,
                points: Sequence[dict] = (), lattice: dict | None = None,
                moving_points: dict | None = None, equal_aspect: bool = True,
                clickable: bool = False) -> dict:
    """A plane chart. image: {"array", "lut", "extent" [x0, x1, y0, y1], "smooth", "hover"}
    where hover is {"label", "range"} (a value) or {"label", "classes": k} (class + confidence).
    lattice: {"array", "colors": [c0, c1]} polylines (2L, P, 2) in frame data, the first L in
    colour c0. moving_points: {"array", "colors"} points (n, 2) in frame data coloured per point.
    Axis ranges may also come with each frame (`<name>.range` = [x0, x1, y0, y1])."""
    return {"kind": "plane", "name": name, "title": title, "x": x, "y": y, "image": image,
            "points": list(points), "lattice": lattice, "moving_points": moving_points,
            "equal_aspect": equal_aspect, "clickable": clickable}


def line_series(name: str, channel: str, column: str, color: str, *, dash: str = "solid",
                width: float = 2.0, axis: str = "y") -> dict:
    """One curve: history `channel`'s column `column` against its epochs."""
    return {"name": name, "channel": channel, "column": column, "color": color,
            "dash": DASHES[dash], "width": width, "axis": axis}


def lines_chart(name: str, *, title: str, x_title: str, y_title: str,
                series: Sequence[dict], log_y: bool = False, y2_title: str | None = None,
                min_x: float = 10.0) -> dict:
    """Curves against epoch. y grows to the data (values more than `OUTLIER_FACTOR` times the
    median are left out of the range, so an overflow spike does not squash the curve for
    good); a second axis (0-100 %) when `y2_title` is given."""
    return {"kind": "lines", "name": name, "title": title,
            "x": {"title": x_title, "min": float(min_x)},
            "y": {"title": y_title, "log": bool(log_y)},
            "y2": None if y2_title is None else {"title": y2_title, "range": [0.0, 1.02],
                                                 "ticks": [0, 0.25, 0.5, 0.75, 1.0],
                                                 "percent": True},
            "series": list(series)}


def network_chart(name: str, *, title: str, columns: Sequence[dict], palette: Palette,
                  labels: dict, max_shown: int) -> dict:
    """The network diagram. columns: {"title", "subtitle", "names" (shown neurons), "total"}.
    Frame data: "thumbs" uint8 (shown nodes, t, t) in column order, row 0 at the bottom, on the
    diverging table; "W<l>" (n_in, n_out) and "b<l>" float32 and header "zmax"."""
    return {"kind": "network", "name": name, "title": title, "columns": list(columns),
            "lut": lut_text(scale_lut(palette.diverging)),
            "negative": palette.negative, "positive": palette.positive,
            "labels": labels, "max_shown": max_shown}


def weights_chart(name: str, *, title: str, layers: Sequence[dict], palette: Palette,
                  colorbar: str, numbers: bool) -> dict:
    """One heatmap per layer: layers {"title", "rows" (inputs then "bias"), "cols"}; values
    from frame data "W<l>"/"b<l>" on -zmax..zmax; `numbers` writes each weight into its cell."""
    return {"kind": "weights", "name": name, "title": title, "layers": list(layers),
            "lut": lut_text(scale_lut(palette.diverging)), "colorbar": colorbar,
            "numbers": bool(numbers)}


def bars_chart(name: str, *, title: str, panels: Sequence[dict], columns: int,
               y_title: str) -> dict:
    """Small histograms in a grid of `columns`: panels {"title", "color", "array"}; each
    panel's frame data is "<array>" counts (bins,) and "<array>.range" [lo, hi]."""
    return {"kind": "bars", "name": name, "title": title, "panels": list(panels),
            "columns": int(columns), "y_title": y_title}



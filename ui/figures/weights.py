"""Weight heatmaps: one layer, or all layers side by side in one figure (hand-made subplots)."""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from ui.figures._common import (
    COARSE_STEPS,
    MUTED_TEXT_COLOR,
    axis,
    base_layout,
    compact,
    merge_labels,
    nice_ceiling,
    nice_step_below,
)
from ui.palette import Palette, as_plotly_scale, get_palette

WEIGHT_LABELS = types.MappingProxyType({
    "title": "",
    "layer": "layer {l}",
    "bias": "bias",
    "colorbar": "weight",
})
MIN_ZMAX = 0.1
SHOW_VALUES_MAX_CELLS = 100      # write numbers into cells when a layer is at most this big
PANEL_GAP = 0.07                 # horizontal gap between panels (paper fraction; room for names)
GRID_VALUES_MAX_COLUMNS = 14     # grid: numbers in cells only when all panels are this narrow
CELL_PX = 24                     # default grid height per row of the tallest panel


def neuron_labels(sizes: Sequence[int], input_names: Sequence[str] | None = None,
                  output_names: Sequence[str] | None = None) -> list[list[str]]:
    """Names per layer: inputs "x1".., hidden "h{l},{i}" (1-based), outputs "out" / "out{j}"."""
    names = [list(input_names) if input_names else [f"x{i + 1}" for i in range(sizes[0])]]
    for layer, width in enumerate(sizes[1:-1], start=1):
        names.append([f"h{layer},{i + 1}" for i in range(width)])
    if len(sizes) > 1:
        if output_names:
            names.append(list(output_names))
        else:
            names.append(["out"] if sizes[-1] == 1 else [f"out{j + 1}" for j in range(sizes[-1])])
    return names


def _max_abs(weights: Iterable) -> float:
    largest = 0.0
    for item in weights:
        parts = item if isinstance(item, tuple | list) else (item,)
        for array in parts:
            if array is None:
                continue
            a = np.abs(np.asarray(array, dtype=float))
            a = a[np.isfinite(a)]
            if a.size:
                largest = max(largest, float(a.max()))
    return largest


def stable_weight_range(previous_zmax: float | None, weights: Iterable,
                        *, shrink_fraction: float = 0.5, minimum: float = MIN_ZMAX) -> float:
    """Colour-scale limit for weights that keeps colours meaning the same between frames.

    weights: arrays or (W, b) tuples (None entries ignored). m = max finite |w|.
    - grows at once to the 1-2-5 step >= m when m exceeds previous_zmax;
    - shrinks by one step only when m < shrink_fraction * (the step below), so at most one
      step per call and never back and forth;
    - otherwise returns previous_zmax (snapped to the 1-2-5 ladder). Never below `minimum`.
    """
    needed = max(nice_ceiling(_max_abs(weights), COARSE_STEPS), minimum)
    if previous_zmax is None or not previous_zmax > 0:
        return needed
    current = max(nice_ceiling(float(previous_zmax), COARSE_STEPS), minimum)
    if needed > current:
        return needed
    lower = nice_step_below(current, COARSE_STEPS)
    if lower >= minimum and _max_abs(weights) < shrink_fraction * lower:
        return lower
    return current


def _weight_panel(W, b, in_labels: Sequence[str], out_labels: Sequence[str], zmax: float,
                  colorscale, *, suffix: str, bias_label: str, show_values: bool | None,
                  showscale: bool, colorbar_title: str) -> dict:
    """Heatmap trace: rows = inputs (+ bias row last), columns = outputs, z[i, j] = W[i, j]."""
    W = np.asarray(W, dtype=float)
    rows = [str(name) for name in in_labels]
    if b is not None:
        W = np.vstack([W, np.asarray(b, dtype=float).reshape(1, -1)])
        rows.append(bias_label)
    z = compact(W, 4)
    trace = {
        "type": "heatmap", "uid": f"weights{suffix}", "z": z,
        "x": [str(name) for name in out_labels], "y": rows,
        "xaxis": f"x{suffix}", "yaxis": f"y{suffix}",
        "zmin": -zmax, "zmax": zmax, "zmid": 0.0, "zauto": False,
        "colorscale": colorscale, "showscale": showscale, "xgap": 1, "ygap": 1,
        "hovertemplate": "%{y} → %{x}: %{z:.4f}<extra></extra>",
    }
    if show_values is None:
        show_values = z.size <= SHOW_VALUES_MAX_CELLS
    if show_values:
        trace["texttemplate"] = "%{z:.2f}"
        trace["textfont"] = {"size": 10}
    if showscale:
        trace["colorbar"] = {"title": {"text": colorbar_title, "side": "right"}, "thickness": 10,
                             "len": 0.9, "outlinewidth": 0, "tickfont": {"size": 10}}
    return trace


def _panel_axes(n_rows: int, n_cols: int, x_domain, y_domain, suffix: str, *,
                tick_size: int = 11, tick_angle: int = 0) -> tuple[dict, dict]:
    font = {"size": tick_size, "color": MUTED_TEXT_COLOR}
    x_axis = axis(None, grid=False, domain=list(x_domain), anchor=f"y{suffix}", side="top",
                  range=[-0.5, n_cols - 0.5], showline=False, tickangle=tick_angle,
                  type="category", tickfont=font)
    y_axis = axis(None, grid=False, domain=list(y_domain), anchor=f"x{suffix}",
                  range=[n_rows - 0.5, -0.5], showline=False, type="category", tickfont=font)
    return x_axis, y_axis


def weights_figure(W, b=None, *, layer_index: int = 1, in_labels: Sequence[str] | None = None,
                   out_labels: Sequence[str] | None = None, zmax: float | None = None,
                   palette: str | Palette = "default", show_values: bool | None = None,
                   labels: Mapping[str, str] | None = None, height: int | None = None) -> dict:
    """Heatmap of one layer's W (n_in, n_out) with b (n_out,) as an extra bottom row.

    Diverging scale centred on 0 with zmin = -zmax, zmax = zmax (default: stable_weight_range of
    this layer). Hover: "x1 → h1,2: 0.5320". Default labels: inputs "x{i}" for layer 1 else
    "h{l-1},{i}", outputs "h{l},{j}". show_values=None writes numbers for small layers.
    """
    text = merge_labels(WEIGHT_LABELS, labels)
    W = np.asarray(W)
    n_in, n_out = W.shape
    in_labels = in_labels or ([f"x{i + 1}" for i in range(n_in)] if layer_index == 1
                              else [f"h{layer_index - 1},{i + 1}" for i in range(n_in)])
    out_labels = out_labels or [f"h{layer_index},{j + 1}" for j in range(n_out)]
    zmax = float(zmax) if zmax else stable_weight_range(None, [(W, b)])
    scale = as_plotly_scale(get_palette(palette).diverging)
    trace = _weight_panel(W, b, in_labels, out_labels, zmax, scale, suffix="",
                          bias_label=text["bias"], show_values=show_values, showscale=True,
                          colorbar_title=text["colorbar"])
    n_rows = n_in + (b is not None)
    layout = base_layout(f"weights{layer_index}", height=height, title=text["title"] or None,
                         margin={"l": 56, "r": 12, "t": 56 if text["title"] else 28, "b": 12})
    layout["xaxis"], layout["yaxis"] = _panel_axes(n_rows, n_out, (0, 1), (0, 1), "")
    return {"data": [trace], "layout": layout}


def weights_grid_figure(layers: Sequence[tuple], *, names: Sequence[Sequence[str]] | None = None,
                        zmax: float | None = None, palette: str | Palette = "default",
                        show_values: bool | None = None, labels: Mapping[str, str] | None = None,
                        height: int | None = None) -> dict:
    """All layers side by side: layers = [(W1, b1), (W2, b2), ...] with Wl (n_{l-1}, n_l), bl
    (n_l,) or None.

    Panel widths are proportional to n_l and panel heights to the row count so cells have the
    same size everywhere; all panels share one colour scale (-zmax..zmax, default
    stable_weight_range of all layers) with a single colour bar. names: per-layer neuron names
    as from `neuron_labels(sizes)` (default). Titles above panels: labels["layer"] with {l}.
    """
    text = merge_labels(WEIGHT_LABELS, labels)
    sizes = [np.asarray(layers[0][0]).shape[0]] + [np.asarray(W).shape[1] for W, _ in layers]
    names = names or neuron_labels(sizes)
    zmax = float(zmax) if zmax else stable_weight_range(None, layers)
    scale = as_plotly_scale(get_palette(palette).diverging)
    rows = [np.asarray(W).shape[0] + (b is not None) for W, b in layers]
    cols = [np.asarray(W).shape[1] for W, _ in layers]
    usable = 1.0 - PANEL_GAP * (len(layers) - 1)
    total_cols = sum(cols)
    max_rows = max(rows)
    crowded = total_cols > 16
    if show_values is None:
        show_values = total_cols <= 3 * GRID_VALUES_MAX_COLUMNS and max(cols) <= 8
    top = (64 if text["title"] else 44) + (16 if crowded else 0)
    layout = base_layout("weights-grid",
                         height=height or min(640, max(200, top + 16 + CELL_PX * max_rows)),
                         title=text["title"] or None,
                         margin={"l": 48, "r": 12, "t": top, "b": 12})
    traces, annotations = [], []
    left = 0.0
    for index, ((W, b), n_rows, n_cols) in enumerate(zip(layers, rows, cols, strict=True)):
        suffix = "" if index == 0 else str(index + 1)
        width = usable * n_cols / total_cols
        x_domain = (round(left, 4), round(min(left + width, 1.0), 4))
        y_domain = (round(1.0 - n_rows / max_rows, 4), 1.0)
        traces.append(_weight_panel(W, b, names[index], names[index + 1], zmax, scale,
                                    suffix=suffix, bias_label=text["bias"],
                                    show_values=show_values, showscale=index == len(layers) - 1,
                                    colorbar_title=text["colorbar"]))
        x_axis, y_axis = _panel_axes(n_rows, n_cols, x_domain, y_domain, suffix,
                                     tick_size=9 if crowded else 10,
                                     tick_angle=-90 if crowded else 0)
        layout[f"xaxis{suffix}"] = x_axis
        layout[f"yaxis{suffix}"] = y_axis
        annotations.append({
            "text": text["layer"].format(l=index + 1), "showarrow": False,
            "xref": "paper", "yref": "paper", "x": (x_domain[0] + x_domain[1]) / 2, "y": 1.0,
            "xanchor": "center", "yanchor": "bottom", "yshift": 38 if crowded else 22,
            "font": {"size": 12, "color": MUTED_TEXT_COLOR},
        })
        left += width + PANEL_GAP
    layout["annotations"] = annotations
    return {"data": traces, "layout": layout}

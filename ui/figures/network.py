"""Network diagram in the style of TensorFlow Playground.

Columns of nodes (inputs, hidden layers, outputs). Every node is a tiny picture of that neuron's
output over the input plane (or a flat neutral square when no image is given), drawn as a PNG
layout image (default) or a heatmap trace; hovering a node names it. Edges are drawn as 8 line
traces at most: sign (2) x |w| bucket (4), with NaN separating segments; width and opacity grow
with |w| / zmax.
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence

import numpy as np

from ui.figures._common import (
    MUTED_TEXT_COLOR,
    TEXT_COLOR,
    base_layout,
    compact,
    merge_labels,
)
from ui.figures._png import color_lut, colorize, png_data_uri
from ui.figures.weights import neuron_labels, stable_weight_range
from ui.palette import Palette, as_plotly_scale, get_palette, rgba

NETWORK_LABELS = types.MappingProxyType({
    "title": "",
    "input": "input",
    "hidden": "hidden {l}",
    "output": "output",
    "more": "+{n} more",
    "bias": "bias",
})
COLUMN_GAP = 3.0          # x distance between layer columns (data units)
ROW_GAP = 1.3             # y distance between neurons
NODE_SIZE = 1.0           # side of a node square
EDGE_BUCKETS = (0.25, 0.5, 0.75)            # |w| / zmax thresholds between the 4 buckets
EDGE_WIDTHS = (0.6, 1.4, 2.6, 4.0)
EDGE_ALPHAS = (0.35, 0.55, 0.75, 0.9)


def _split_weights(weights: Sequence) -> tuple[list[np.ndarray], list[np.ndarray | None]]:
    Ws, bs = [], []
    for item in weights:
        if isinstance(item, tuple | list):
            W, b = item
        else:
            W, b = item, None
        Ws.append(np.asarray(W, dtype=float))
        bs.append(None if b is None else np.asarray(b, dtype=float).reshape(-1))
    return Ws, bs


def _layer_images(neuron_images, n_layers_total: int) -> list:
    """Per-layer images for every column: accepts all columns or only the hidden ones."""
    if neuron_images is None:
        return [None] * n_layers_total
    images = list(neuron_images)
    if len(images) == n_layers_total:
        return images
    if len(images) == n_layers_total - 2:
        return [None, *images, None]
    raise ValueError(f"neuron_images needs {n_layers_total - 2} (hidden) or {n_layers_total} "
                     f"(all layers) entries, got {len(images)}")


def _thumbnail(image, thumb_size: int) -> np.ndarray:
    """(gy, gx) image strided down to at most thumb_size per side, rounded."""
    image = np.asarray(image, dtype=np.float64)
    step_y = max(1, -(-image.shape[0] // thumb_size))
    step_x = max(1, -(-image.shape[1] // thumb_size))
    return compact(image[::step_y, ::step_x], 2)


def node_positions(sizes: Sequence[int], max_neurons: int = 8) -> list[np.ndarray]:
    """Centre y of each shown node per layer (top to bottom, columns vertically centred)."""
    positions = []
    for width in sizes:
        shown = min(width, max_neurons)
        positions.append(((shown - 1) / 2 - np.arange(shown)) * ROW_GAP)
    return positions


def network_figure(sizes: Sequence[int], weights: Sequence, neuron_images=None, *,
                   input_names: Sequence[str] | None = None,
                   activation_names: Sequence[str] | None = None,
                   output_names: Sequence[str] | None = None,
                   palette: str | Palette = "default", zmax: float | None = None,
                   image_range: Sequence[float] | Sequence[Sequence[float]] = (-1.0, 1.0),
                   max_neurons: int = 8, thumb_size: int = 16, edge_hover: bool = False,
                   thumbnails: str = "image", labels: Mapping[str, str] | None = None,
                   height: int | None = None) -> dict:
    """Diagram of an MLP with layer sizes `sizes` = [n0, n1, ..., nL].

    weights: L items, each W (n_{l-1}, n_l) or (W, b). neuron_images: None, or a list with one
    entry per hidden layer (or per column incl. input and output); an entry is None or an array
    (n_l, gy, gx) / list of (gy, gx) arrays with that neuron's output over the input plane.
    image_range: (lo, hi) colour limits for all thumbnails, or one pair per column.
    activation_names: one per weight layer (shown above hidden/output columns).
    zmax: weight scale for edge width/opacity (default stable_weight_range(None, weights)).
    Layers wider than max_neurons show their first max_neurons nodes and a "+N more" note.
    thumbnails="image" (default, cheapest to redraw): every node is a layout image (PNG data
    URI, colours from the palette's diverging scale over image_range, browser-smoothed) and one
    "nodes" marker trace carries the hover names. thumbnails="heatmap": one heatmap trace per node
    instead (uid "node-{column}-{i}"; hover also shows the neuron's value under the cursor).
    Trace order: 8 edge traces, one frame trace, then the "nodes" trace or the node heatmaps
    (column by column, top to bottom), then an "edge-hover" marker trace when edge_hover=True.
    uids are CSS-safe (Plotly uses them in selectors).
    """
    if thumbnails not in ("image", "heatmap"):
        raise ValueError(f"unknown thumbnails {thumbnails!r}; choose 'image' or 'heatmap'")
    text = merge_labels(NETWORK_LABELS, labels)
    pal = get_palette(palette)
    Ws, bs = _split_weights(weights)
    if len(Ws) != len(sizes) - 1:
        raise ValueError(f"{len(sizes)} layer sizes need {len(sizes) - 1} weight matrices, "
                         f"got {len(Ws)}")
    zmax = float(zmax) if zmax else stable_weight_range(None, Ws)
    names = neuron_labels(sizes, input_names, output_names)
    positions = node_positions(sizes, max_neurons)
    images = _layer_images(neuron_images, len(sizes))
    ranges = ([tuple(image_range)] * len(sizes) if np.ndim(image_range) == 1
              else [tuple(r) for r in image_range])
    half = NODE_SIZE / 2

    traces = _edge_traces(Ws, positions, zmax, pal, half)
    traces.append(_frame_trace(positions, half))
    scale = as_plotly_scale(pal.diverging)
    lut = color_lut(pal.diverging) if thumbnails == "image" else None
    layout_images, hover_x, hover_y, hover_text = [], [], [], []
    for column, ys in enumerate(positions):
        x_centre = column * COLUMN_GAP
        activation = _column_activation(activation_names, column)
        for i, y_centre in enumerate(ys):
            bias = bs[column - 1][i] if column > 0 and bs[column - 1] is not None else None
            image = None if images[column] is None else images[column][i]
            hover = names[column][i]
            if bias is not None:
                hover += f"<br>{text['bias']}: {bias:.3f}"
            if thumbnails == "heatmap":
                traces.append(_node_trace(f"node-{column}-{i}", hover, x_centre, float(y_centre),
                                          image, ranges[column], scale, thumb_size, activation))
            else:
                layout_images.append(_node_image(x_centre, float(y_centre), image,
                                                 ranges[column], lut, thumb_size))
                hover_x.append(x_centre)
                hover_y.append(float(y_centre))
                hover_text.append(hover)
    if thumbnails == "image":
        traces.append({
            "type": "scatter", "mode": "markers", "uid": "nodes", "x": hover_x, "y": hover_y,
            "text": hover_text, "hovertemplate": "%{text}<extra></extra>", "showlegend": False,
            "marker": {"size": 26, "symbol": "square", "color": "rgba(0,0,0,0)"},
        })
    if edge_hover:
        traces.append(_edge_hover_trace(Ws, positions, names, half))

    rows_shown = max(len(p) for p in positions)
    y_extent = (rows_shown - 1) / 2 * ROW_GAP + half
    layout = base_layout("network", height=height or 90 + 46 * rows_shown,
                         title=text["title"] or None,
                         margin={"l": 8, "r": 8, "t": 36 if text["title"] else 8, "b": 8})
    hidden_axis = {"visible": False, "fixedrange": True, "zeroline": False, "showgrid": False}
    layout["xaxis"] = {**hidden_axis, "range": [-COLUMN_GAP * 0.75,
                                                (len(sizes) - 1) * COLUMN_GAP + COLUMN_GAP * 0.45],
                       "constrain": "domain"}
    layout["yaxis"] = {**hidden_axis, "range": [-y_extent - 0.9, y_extent + 0.95],
                       "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"}
    if layout_images:
        layout["images"] = layout_images
    layout["annotations"] = _annotations(sizes, positions, names, activation_names, text, half,
                                         max_neurons)
    return {"data": traces, "layout": layout}


def _column_activation(activation_names, column: int) -> str | None:
    if not activation_names or column == 0:
        return None
    return activation_names[column - 1]


def _node_image(x_centre: float, y_centre: float, image, value_range, lut: np.ndarray,
                thumb_size: int) -> dict:
    """Layout image filling the node square; PNG rows run top-down, so the grid is flipped."""
    lo, hi = float(value_range[0]), float(value_range[1])
    values = np.full((1, 1), (lo + hi) / 2) if image is None else _thumbnail(image, thumb_size)
    return {
        "source": png_data_uri(colorize(values[::-1], lo, hi, lut)),
        "xref": "x", "yref": "y", "x": x_centre - NODE_SIZE / 2, "y": y_centre + NODE_SIZE / 2,
        "sizex": NODE_SIZE, "sizey": NODE_SIZE, "xanchor": "left", "yanchor": "top",
        "sizing": "stretch", "layer": "above",
    }


def _node_trace(uid: str, hover: str, x_centre: float, y_centre: float, image, value_range,
                scale, thumb_size: int, activation: str | None) -> dict:
    lo, hi = float(value_range[0]), float(value_range[1])
    if image is None:
        z = np.full((1, 1), (lo + hi) / 2, dtype=np.float64)
    else:
        z = _thumbnail(image, thumb_size)
        hover += f"<br>{activation or 'value'}: %{{z:.2f}}"
    gy, gx = z.shape
    return {
        "type": "heatmap", "uid": uid, "z": z, "zmin": lo, "zmax": hi, "zauto": False,
        "colorscale": scale, "showscale": False, "zsmooth": False,
        "x0": x_centre - NODE_SIZE / 2 + NODE_SIZE / gx / 2, "dx": NODE_SIZE / gx,
        "y0": y_centre - NODE_SIZE / 2 + NODE_SIZE / gy / 2, "dy": NODE_SIZE / gy,
        "hovertemplate": hover + "<extra></extra>",
    }


def _segments(x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray):
    """Flat coordinate arrays [x0, x1, NaN, ...] for line segments (NaN breaks the line)."""
    n = x0.size
    xs = np.full((n, 3), np.nan, dtype=np.float64)
    ys = np.full((n, 3), np.nan, dtype=np.float64)
    xs[:, 0], xs[:, 1] = x0, x1
    ys[:, 0], ys[:, 1] = y0, y1
    return np.round(xs.ravel(), 3), np.round(ys.ravel(), 3)


def _edge_arrays(Ws, positions, half: float):
    """Per edge: start/end coordinates and weight, for the shown nodes only."""
    x0, y0, x1, y1, w = [], [], [], [], []
    for layer, W in enumerate(Ws):
        src, dst = positions[layer], positions[layer + 1]
        shown = W[: len(src), : len(dst)]
        grid_src, grid_dst = np.meshgrid(src, dst, indexing="ij")
        x0.append(np.full(shown.size, layer * COLUMN_GAP + half))
        x1.append(np.full(shown.size, (layer + 1) * COLUMN_GAP - half))
        y0.append(grid_src.ravel())
        y1.append(grid_dst.ravel())
        w.append(shown.ravel())
    return tuple(np.concatenate(parts) for parts in (x0, y0, x1, y1, w))


def _edge_traces(Ws, positions, zmax: float, pal: Palette, half: float) -> list[dict]:
    x0, y0, x1, y1, w = _edge_arrays(Ws, positions, half)
    w = np.nan_to_num(w)
    bucket = np.digitize(np.abs(w) / zmax, EDGE_BUCKETS)
    traces = []
    for sign_name, color, chosen_sign in (("neg", pal.negative, w < 0),
                                          ("pos", pal.positive, w >= 0)):
        for index, (width, alpha) in enumerate(zip(EDGE_WIDTHS, EDGE_ALPHAS, strict=True)):
            chosen = chosen_sign & (bucket == index)
            xs, ys = _segments(x0[chosen], y0[chosen], x1[chosen], y1[chosen])
            traces.append({
                "type": "scatter", "mode": "lines", "uid": f"edges-{sign_name}{index}",
                "x": xs, "y": ys, "hoverinfo": "skip", "showlegend": False,
                "line": {"color": rgba(color, alpha), "width": width},
            })
    return traces


def _frame_trace(positions, half: float) -> dict:
    """Thin outline around every node, one polyline trace."""
    corners_x = np.array([-half, half, half, -half, -half, np.nan], dtype=np.float64)
    corners_y = np.array([-half, -half, half, half, -half, np.nan], dtype=np.float64)
    xs, ys = [], []
    for column, column_ys in enumerate(positions):
        for y_centre in column_ys:
            xs.append(corners_x + column * COLUMN_GAP)
            ys.append(corners_y + y_centre)
    return {
        "type": "scatter", "mode": "lines", "uid": "node-frames",
        "x": np.round(np.concatenate(xs), 3), "y": np.round(np.concatenate(ys), 3),
        "line": {"color": "#9aa3ae", "width": 1}, "hoverinfo": "skip", "showlegend": False,
    }


def _edge_hover_trace(Ws, positions, names, half: float) -> dict:
    x0, y0, x1, y1, w = _edge_arrays(Ws, positions, half)
    hover = []
    for layer, W in enumerate(Ws):
        shown = W[: len(positions[layer]), : len(positions[layer + 1])]
        for i in range(shown.shape[0]):
            for j in range(shown.shape[1]):
                hover.append(f"{names[layer][i]} → {names[layer + 1][j]}: {shown[i, j]:.3f}")
    return {
        "type": "scatter", "mode": "markers", "uid": "edge-hover",
        "x": np.round((x0 + x1) / 2, 3), "y": np.round((y0 + y1) / 2, 3), "text": hover,
        "marker": {"size": 6, "color": "rgba(0,0,0,0)"}, "hovertemplate": "%{text}<extra></extra>",
        "showlegend": False,
    }


def _annotations(sizes, positions, names, activation_names, text, half: float,
                 max_neurons: int) -> list[dict]:
    notes = []
    top = max((p[0] for p in positions), default=0.0) + half
    last = len(sizes) - 1
    for column, width in enumerate(sizes):
        if column == 0:
            title = text["input"]
        elif column == last:
            title = text["output"]
        else:
            title = text["hidden"].format(l=column)
        activation = _column_activation(activation_names, column)
        if activation:
            title += f"<br><span style='color:{MUTED_TEXT_COLOR}'>{activation}</span>"
        notes.append({"text": title, "x": column * COLUMN_GAP, "y": top + 0.12,
                      "xanchor": "center", "yanchor": "bottom", "showarrow": False,
                      "font": {"size": 11, "color": TEXT_COLOR}})
        if width > max_neurons:
            notes.append({"text": text["more"].format(n=width - max_neurons),
                          "x": column * COLUMN_GAP, "y": float(positions[column][-1]) - half - 0.1,
                          "xanchor": "center", "yanchor": "top", "showarrow": False,
                          "font": {"size": 10, "color": MUTED_TEXT_COLOR}})
    for i, y_centre in enumerate(positions[0]):
        notes.append({"text": names[0][i], "x": -half - 0.12, "y": float(y_centre),
                      "xanchor": "right", "yanchor": "middle", "showarrow": False,
                      "font": {"size": 11, "color": TEXT_COLOR}})
    for j, y_centre in enumerate(positions[-1]):
        notes.append({"text": names[-1][j], "x": last * COLUMN_GAP + half + 0.12,
                      "y": float(y_centre), "xanchor": "left", "yanchor": "middle",
                      "showarrow": False, "font": {"size": 11, "color": TEXT_COLOR}})
    for note in notes:
        note["xref"], note["yref"] = "x", "y"
    return notes

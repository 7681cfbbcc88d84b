"""Tests for the pure figure builders in ui/figures and the palettes in ui/palette."""

import base64
import json
import re
import struct
import zlib

import numpy as np
import plotly.graph_objects as go
import pytest

from ui.figures import (
    boundary_figure,
    loss_axis_limits,
    loss_figure,
    multi_loss_figure,
    multiclass_shading,
    network_figure,
    neuron_labels,
    nice_ceiling,
    nice_step_below,
    stable_weight_range,
    weights_figure,
    weights_grid_figure,
)
from ui.palette import PALETTES, class_color, class_shading_scale, get_palette, mix

G = 20


def _grid():
    gx = np.linspace(-1.0, 1.0, G)
    gy = np.linspace(-2.0, 2.0, G + 5)
    xx, yy = np.meshgrid(gx, gy)
    return gx, gy, xx, yy


def _points(n, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(float)[:, None]


def _binary_figure(**kwargs):
    gx, gy, xx, yy = _grid()
    p = 1 / (1 + np.exp(-4 * xx * yy))
    X, y = _points(30)
    Xt, yt = _points(12, seed=1)
    return boundary_figure(gx, gy, p, X, y, Xt, yt, **kwargs)


def _multiclass_figure(**kwargs):
    gx, gy, xx, yy = _grid()
    logits = np.stack([xx, yy, -xx - yy], axis=-1) * 3
    p = np.exp(logits - logits.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    X, _ = _points(30)
    labels = np.arange(30) % 3
    return boundary_figure(gx, gy, p, X, labels, X[:9], labels[:9], kind="multiclass",
                           n_classes=3, **kwargs)


def _regression_figure(**kwargs):
    gx, gy, xx, yy = _grid()
    X, _ = _points(25)
    return boundary_figure(gx, gy, 3 * xx + yy, X, X[:, 0] + X[:, 1], X[:5], X[:5, 0],
                           kind="regression", value_range=(-2.0, 2.0), **kwargs)


def _layers(sizes=(2, 4, 3, 1), seed=0):
    rng = np.random.default_rng(seed)
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    return [(rng.normal(0, 1, (a, b)), rng.normal(0, 0.5, b)) for a, b in pairs]


def _network(sizes=(2, 4, 3, 1), with_images=True, **kwargs):
    gx, gy, xx, yy = _grid()
    layers = _layers(sizes)
    images = None
    if with_images:
        images = [np.tanh(np.stack([xx * (i + 1) for i in range(n)])) for n in sizes[1:-1]]
    return network_figure(list(sizes), layers, images, **kwargs)


def _loss():
    epochs = np.arange(0, 37)
    train = 0.7 * np.exp(-epochs / 10) + 0.05
    return loss_figure(epochs, train, train + 0.02, 1 - train, 1 - train - 0.02)


ALL_FIGURES = {
    "loss": _loss,
    "loss_log": lambda: loss_figure([0, 1, 2], [1.0, 0.1, 0.01], log_y=True),
    "multi_loss": lambda: multi_loss_figure([("a", [0, 1, 2], [1.0, 0.5, 0.2]),
                                             ("b", [0, 1], [0.8, 0.3])]),
    "binary": _binary_figure,
    "binary_discrete_cb": lambda: _binary_figure(discretize=True, palette="colorblind",
                                                 clickable=True),
    "multiclass": _multiclass_figure,
    "binary_legend": lambda: _binary_figure(show_legend=True, labels={"title": "Boundary"}),
    "regression": _regression_figure,
    "weights": lambda: weights_figure(*_layers()[0], zmax=2.0),
    "weights_grid": lambda: weights_grid_figure(_layers(), zmax=2.0),
    "network": _network,
    "network_plain": lambda: _network(with_images=False, edge_hover=True),
    "network_wide": lambda: _network(sizes=(2, 12, 1), max_neurons=5),
    "network_heatmaps": lambda: _network(thumbnails="heatmap", palette="colorblind"),
}


def _to_json(fig):
    return json.dumps(fig, default=lambda value: value.tolist())


@pytest.mark.parametrize("name", sorted(ALL_FIGURES))
def test_figures_are_json_serialisable_and_valid_plotly(name):
    fig = ALL_FIGURES[name]()
    assert set(fig) == {"data", "layout"}
    assert json.loads(_to_json(fig))["data"]
    go.Figure(fig)  # plotly validates every trace and layout property


@pytest.mark.parametrize("name", sorted(ALL_FIGURES))
def test_layouts_carry_a_constant_uirevision_and_fixed_axes(name):
    first, second = ALL_FIGURES[name](), ALL_FIGURES[name]()
    assert first["layout"]["uirevision"] == second["layout"]["uirevision"]
    assert first["layout"]["xaxis"]["range"] == second["layout"]["xaxis"]["range"]
    assert first["layout"]["xaxis"]["fixedrange"] is True


@pytest.mark.parametrize("name", sorted(ALL_FIGURES))
def test_trace_uids_are_unique_and_css_safe(name):
    # Plotly.js builds CSS selectors from uids: "h1,1" in a uid breaks Plotly.react/purge
    uids = [trace["uid"] for trace in ALL_FIGURES[name]()["data"]]
    assert len(uids) == len(set(uids))
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", uid) for uid in uids)


def test_builders_do_not_share_mutable_layouts():
    a, b = _binary_figure(), _binary_figure()
    a["layout"]["xaxis"]["range"][0] = 99
    a["layout"]["font"]["size"] = 99
    assert b["layout"]["xaxis"]["range"][0] != 99
    assert _binary_figure()["layout"]["font"]["size"] != 99


# --- palettes ---------------------------------------------------------------------------------

def test_palettes_by_name_and_unknown_name():
    assert set(PALETTES) == {"default", "colorblind"}
    default = get_palette("default")
    assert default.negative == default.class_colors[0] == default.diverging[0][1]
    assert default.positive == default.class_colors[1] == default.diverging[-1][1]
    assert get_palette(default) is default
    assert len(set(get_palette("colorblind").class_colors[:3])) == 3
    with pytest.raises(ValueError, match="unknown palette"):
        get_palette("rainbow")


def test_mix_and_class_shading_scale():
    assert mix("#000000", "#ffffff", 0.5) == "#808080"
    stops = class_shading_scale(get_palette("default"), 3)
    assert [pos for pos, _ in stops] == pytest.approx([0, 1 / 3, 1 / 3, 2 / 3, 2 / 3, 1])
    assert stops[1][1] == class_color(get_palette("default"), 0)


# --- boundary ---------------------------------------------------------------------------------

def test_binary_boundary_heatmap_and_points():
    fig = _binary_figure()
    heat, *points = fig["data"]
    assert heat["type"] == "heatmap"
    assert (heat["zmin"], heat["zmax"]) == (0.0, 1.0)
    assert np.asarray(heat["z"]).shape == (G + 5, G)
    assert all(t["type"] == "scatter" for t in points)
    train = [t for t in points if t["uid"].startswith("train")]
    test = [t for t in points if t["uid"].startswith("test")]
    assert sum(len(t["x"]) for t in train) == 30
    assert sum(len(t["x"]) for t in test) == 12
    assert {t["marker"]["symbol"] for t in train} == {"circle"}
    assert {t["marker"]["symbol"] for t in test} == {"diamond"}
    layout = fig["layout"]
    assert layout["yaxis"]["scaleanchor"] == "x"
    dx = (2.0 / (G - 1)) / 2
    assert layout["xaxis"]["range"] == pytest.approx([-1 - dx, 1 + dx])


def test_boundary_points_coloured_by_class():
    fig = _binary_figure()
    X, y = _points(30)
    class0 = next(t for t in fig["data"] if t["uid"] == "train0")
    assert class0["marker"]["color"] == get_palette("default").class_colors[0]
    assert len(class0["x"]) == int((y[:, 0] == 0).sum())


def test_show_test_false_hides_test_points():
    fig = _binary_figure(show_test=False)
    assert not [t for t in fig["data"] if t.get("uid", "").startswith("test")]
    assert sum(len(t["x"]) for t in fig["data"][1:]) == 30


def test_no_test_points_without_test_data():
    gx, gy, xx, _ = _grid()
    X, y = _points(10)
    fig = boundary_figure(gx, gy, xx * 0 + 0.5, X, y, X, None)
    assert [t["uid"] for t in fig["data"]] == ["surface", "train0", "train1"]


def test_domain_fixes_axis_ranges():
    fig = _binary_figure(domain=(-3, 3, -4, 4))
    assert fig["layout"]["xaxis"]["range"] == [-3, 3]
    assert fig["layout"]["yaxis"]["range"] == [-4, 4]


def test_binary_discretize_gives_only_class_values():
    z = np.asarray(_binary_figure(discretize=True)["data"][0]["z"])
    assert set(np.unique(z)) == {0.0, 1.0}


def test_multiclass_one_colour_segment_per_class():
    fig = _multiclass_figure()
    heat = fig["data"][0]
    assert (heat["zmin"], heat["zmax"]) == (0.0, 3.0)
    z = np.asarray(heat["z"])
    assert z.min() >= 0 and z.max() < 3
    assert set(np.unique(np.floor(z))) == {0.0, 1.0, 2.0}
    # the full-strength end of each class segment is that class's colour (lightened background)
    ends = [color for pos, color in heat["colorscale"][1::2]]
    assert len(ends) == len(set(ends)) == 3
    train_colors = {t["marker"]["color"] for t in fig["data"] if t["uid"].startswith("train")}
    assert train_colors == set(get_palette("default").class_colors[:3])


def test_multiclass_discretize_and_shading():
    p = np.array([[[1 / 3, 1 / 3, 1 / 3], [0.0, 0.0, 1.0]]])
    shade = multiclass_shading(p)
    assert shade[0, 0] == pytest.approx(0.0, abs=1e-3)
    assert 2.99 < shade[0, 1] < 3.0
    z = np.asarray(_multiclass_figure(discretize=True)["data"][0]["z"])
    assert np.allclose(z - np.floor(z), 0.7)


def test_regression_uses_value_range_for_surface_and_points():
    fig = _regression_figure()
    heat = fig["data"][0]
    assert (heat["zmin"], heat["zmax"]) == (-2.0, 2.0)
    assert np.asarray(heat["z"]).max() <= 2.0 and np.asarray(heat["z"]).min() >= -2.0
    train = fig["data"][1]
    assert (train["marker"]["cmin"], train["marker"]["cmax"]) == (-2.0, 2.0)
    assert len(train["marker"]["color"]) == 25


def test_boundary_rejects_unknown_kind_and_label():
    with pytest.raises(ValueError, match="unknown kind"):
        _binary_figure(kind="ranking")
    with pytest.raises(ValueError, match="unknown label"):
        _binary_figure(labels={"nope": "x"})


def test_labels_are_used():
    fig = _binary_figure(labels={"x": "特征 1", "class": "K{c}", "train": "训练"})
    assert fig["layout"]["xaxis"]["title"]["text"] == "特征 1"
    assert fig["data"][1]["name"] == "K0 (训练)"


# --- weights ----------------------------------------------------------------------------------

def test_weights_figure_heatmap_with_bias_row_and_fixed_scale():
    W = np.array([[0.532, -1.0, 0.1], [0.2, 0.3, -0.4]])
    b = np.array([0.01, 0.02, 0.03])
    fig = weights_figure(W, b, layer_index=1, zmax=2.0)
    trace = fig["data"][0]
    assert trace["type"] == "heatmap"
    assert (trace["zmin"], trace["zmax"], trace["zmid"]) == (-2.0, 2.0, 0.0)
    z = np.asarray(trace["z"])
    assert z.shape == (3, 3)
    assert z[2].tolist() == pytest.approx(b.tolist())
    assert trace["y"] == ["x1", "x2", "bias"]
    assert trace["x"] == ["h1,1", "h1,2", "h1,3"]


def test_weights_hover_names_the_connected_neurons():
    W = np.array([[0.1, 0.532], [0.3, 0.4]])
    trace = weights_figure(W, None, layer_index=2, zmax=1.0)["data"][0]
    # z[i][j] sits at (x[j], y[i]); the template renders "y → x: value"
    assert trace["hovertemplate"].startswith("%{y} → %{x}: %{z")
    assert (trace["y"][0], trace["x"][1], float(trace["z"][0][1])) == ("h1,1", "h2,2",
                                                                     pytest.approx(0.532))


def test_weights_grid_has_one_panel_per_layer_with_own_axes():
    layers = _layers((2, 4, 3, 1))
    fig = weights_grid_figure(layers, zmax=2.0)
    assert [t["xaxis"] for t in fig["data"]] == ["x", "x2", "x3"]
    assert [t["yaxis"] for t in fig["data"]] == ["y", "y2", "y3"]
    assert [t["showscale"] for t in fig["data"]] == [False, False, True]
    assert all(t["zmin"] == -2.0 and t["zmax"] == 2.0 for t in fig["data"])
    domains = [fig["layout"][key]["domain"] for key in ("xaxis", "xaxis2", "xaxis3")]
    assert all(a[1] < b[0] for a, b in zip(domains[:-1], domains[1:], strict=True))
    assert fig["data"][1]["y"] == ["h1,1", "h1,2", "h1,3", "h1,4", "bias"]
    assert fig["data"][2]["x"] == ["out"]


def test_neuron_labels():
    assert neuron_labels([2, 3, 2]) == [["x1", "x2"], ["h1,1", "h1,2", "h1,3"],
                                        ["out1", "out2"]]
    assert neuron_labels([3, 1], input_names=["a", "b", "c"])[0] == ["a", "b", "c"]


def test_stable_weight_range_grows_at_once_and_shrinks_slowly():
    assert stable_weight_range(None, [np.array([0.7, -1.3])]) == 2.0
    assert stable_weight_range(1.0, [np.array([4.2])]) == 5.0          # grows immediately
    assert stable_weight_range(5.0, [np.array([3.0])]) == 5.0          # small change: kept
    assert stable_weight_range(5.0, [np.array([0.01])]) == 2.0         # one step per call
    assert stable_weight_range(2.0, [np.array([0.9])]) == 2.0          # hysteresis: 0.9 > 0.5
    assert stable_weight_range(None, [(np.zeros((2, 2)), None)]) == 0.1
    assert stable_weight_range(None, [np.array([np.nan, 0.3])]) == 0.5


def test_stable_weight_range_is_monotonic_in_the_weights():
    previous = 1.0
    values = []
    for scale in np.linspace(0.1, 30, 40):
        previous = stable_weight_range(previous, [np.array([scale])])
        values.append(previous)
        assert previous >= scale
    assert values == sorted(values)
    assert len(set(values)) <= 7  # only nice steps


def test_nice_steps():
    assert nice_ceiling(0.26) == 0.3
    assert nice_ceiling(0.7) == 0.8
    assert nice_ceiling(0.0) == 0.0
    assert nice_ceiling(7, (1.0, 2.0, 5.0)) == 10.0
    assert nice_step_below(10, (1.0, 2.0, 5.0)) == 5.0
    assert nice_step_below(1, (1.0, 2.0, 5.0)) == 0.5


# --- loss -------------------------------------------------------------------------------------

def test_loss_figure_traces_and_secondary_accuracy_axis():
    fig = _loss()
    names = [t["uid"] for t in fig["data"]]
    assert names == ["train_loss", "test_loss", "train_acc", "test_acc"]
    assert [t["yaxis"] for t in fig["data"]] == ["y", "y", "y2", "y2"]
    assert fig["layout"]["yaxis2"]["range"] == [0.0, 1.02]
    assert fig["layout"]["yaxis"]["range"][0] == 0.0
    assert len(fig["data"][0]["x"]) == 37


def test_loss_figure_without_test_or_accuracy_has_no_second_axis():
    fig = loss_figure([0, 1], [0.5, 0.4])
    assert len(fig["data"]) == 1
    assert "yaxis2" not in fig["layout"]


def test_loss_axes_do_not_move_for_small_changes():
    epochs = np.arange(23)
    loss = np.linspace(0.69, 0.3, 23)
    x1, y1 = loss_axis_limits(epochs, [loss])
    x2, y2 = loss_axis_limits(np.arange(27), [np.append(loss, [0.29, 0.28, 0.27, 0.26])])
    x3, y3 = loss_axis_limits(epochs, [loss * 1.02])
    assert x1 == x2 == [0.0, 50.0]
    assert y1 == y2 == y3 == [0.0, 0.8]


def test_loss_axes_grow_in_steps_and_never_shrink_below_previous():
    x, y = loss_axis_limits(np.arange(52), [np.array([0.5])])  # last epoch 51
    assert x == [0.0, 100.0]
    x, y = loss_axis_limits([0, 1], [np.array([0.5])], x_max=200.0, y_max=2.0)
    assert (x, y) == ([0.0, 200.0], [0.0, 2.0])
    x, y = loss_axis_limits([np.nan], [np.array([np.inf, np.nan])])
    assert (x, y) == ([0.0, 10.0], [0.0, 1.0])
    x, y = loss_axis_limits([], [])
    assert (x, y) == ([0.0, 10.0], [0.0, 1.0])


def test_loss_log_scale_in_decades():
    fig = loss_figure([0, 1, 2], [2.0, 0.05, 0.004], log_y=True)
    assert fig["layout"]["yaxis"]["type"] == "log"
    assert fig["layout"]["yaxis"]["range"] == [-3.0, 1.0]


def test_loss_drops_non_finite_points():
    fig = loss_figure([0, 1, 2, 3], [1.0, np.nan, 0.5, np.inf])
    assert np.asarray(fig["data"][0]["x"]).tolist() == [0.0, 2.0]


def test_multi_loss_one_trace_per_run_with_distinct_colours():
    fig = multi_loss_figure([("a", [0, 1], [1, 0.5]), ("b", [0, 1, 2], [2, 1, 0.5]),
                             ("c", [0], [0.3])])
    assert [t["name"] for t in fig["data"]] == ["a", "b", "c"]
    assert len({t["line"]["color"] for t in fig["data"]}) == 3
    assert fig["layout"]["yaxis"]["range"] == [0.0, 2.5]


# --- network ----------------------------------------------------------------------------------

def _node_traces(fig):
    return [t for t in fig["data"] if t["uid"].startswith("node-") and t["type"] == "heatmap"]


def _decode_png(uri):
    """The RGB pixels of a PNG data URI, decoded with zlib only (8-bit RGB, filter 0 rows)."""
    assert uri.startswith("data:image/png;base64,")
    data = base64.b64decode(uri.split(",", 1)[1])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat_length = struct.unpack(">I", data[33:37])[0]
    assert data[37:41] == b"IDAT"
    raw = np.frombuffer(zlib.decompress(data[41:41 + idat_length]), dtype=np.uint8)
    rows = raw.reshape(height, 1 + 3 * width)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(height, width, 3)


def test_network_has_one_image_per_neuron_and_hover_names():
    fig = _network()
    images = fig["layout"]["images"]
    assert len(images) == 2 + 4 + 3 + 1
    nodes = next(t for t in fig["data"] if t["uid"] == "nodes")
    assert len(nodes["x"]) == len(images)
    assert nodes["text"][0] == "x1"
    assert nodes["text"][2].startswith("h1,1<br>bias: ")
    assert nodes["text"][-1].startswith("out")
    # every image fills its node square, centred on the hover marker
    for image, x, y in zip(images, nodes["x"], nodes["y"], strict=True):
        assert image["x"] + image["sizex"] / 2 == pytest.approx(x)
        assert image["y"] - image["sizey"] / 2 == pytest.approx(y)


def test_network_images_show_the_neuron_output_with_fixed_colours():
    gx, gy, xx, yy = _grid()
    ramp = np.where(yy > 0, 1.0, -1.0)          # +1 in the upper half of the plane
    fig = network_figure([2, 1, 1], _layers((2, 1, 1)), [ramp[None]], thumb_size=64)
    palette = get_palette("default")
    hidden = _decode_png(fig["layout"]["images"][2]["source"])
    assert hidden.shape == (G + 5, G, 3)
    top, bottom = hidden[0, 0].tolist(), hidden[-1, 0].tolist()   # PNG row 0 is the top
    assert top == _rgb(palette.positive) and bottom == _rgb(palette.negative)
    flat = _decode_png(fig["layout"]["images"][0]["source"])   # inputs without images: neutral
    assert flat.shape == (1, 1, 3) and flat[0, 0].tolist() == _rgb(palette.neutral)


def _rgb(hex_color):
    h = hex_color.lstrip("#")
    return [int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)]


def test_network_heatmap_mode_has_one_trace_per_neuron():
    fig = _network(thumbnails="heatmap", thumb_size=32)
    nodes = _node_traces(fig)
    assert len(nodes) == 2 + 4 + 3 + 1
    assert "images" not in fig["layout"]
    assert nodes[0]["hovertemplate"].startswith("x1")
    assert nodes[2]["hovertemplate"].startswith("h1,1")
    assert np.asarray(nodes[2]["z"]).shape == (G + 5, G)
    assert np.asarray(nodes[0]["z"]).shape == (1, 1)
    assert all((n["zmin"], n["zmax"]) == (-1.0, 1.0) for n in nodes)


def test_network_thumbnails_are_downsampled():
    gx, gy, xx, yy = _grid()
    images = [np.stack([xx] * 3)]
    fig = network_figure([2, 3, 1], _layers((2, 3, 1)), images, thumb_size=8,
                         thumbnails="heatmap")
    thumb = np.asarray(_node_traces(fig)[2]["z"])
    assert thumb.shape[0] <= 8 and thumb.shape[1] <= 8
    fig = network_figure([2, 3, 1], _layers((2, 3, 1)), images, thumb_size=8)
    assert max(_decode_png(fig["layout"]["images"][2]["source"]).shape[:2]) <= 8


def test_network_edges_coloured_by_sign_in_few_traces():
    layers = _layers((2, 4, 3, 1))
    fig = network_figure([2, 4, 3, 1], layers)
    edges = [t for t in fig["data"] if t["uid"].startswith("edges-")]
    assert len(edges) == 8
    palette = get_palette("default")
    n_pos = n_neg = 0
    for trace in edges:
        color = trace["line"]["color"]
        n_segments = len(trace["x"]) // 3
        if trace["uid"].startswith("edges-pos"):
            assert color.startswith(_rgb_prefix(palette.positive))
            n_pos += n_segments
        else:
            assert color.startswith(_rgb_prefix(palette.negative))
            n_neg += n_segments
    weights = np.concatenate([W.ravel() for W, _ in layers])
    assert (n_pos, n_neg) == (int((weights >= 0).sum()), int((weights < 0).sum()))


def _rgb_prefix(hex_color):
    h = hex_color.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},"


def test_network_edge_width_grows_with_weight_size():
    W1 = np.array([[0.1, -3.0]])
    W2 = np.array([[1.0], [1.0]])
    fig = network_figure([1, 2, 1], [W1, W2], zmax=3.0)
    widths = {t["uid"]: t["line"]["width"] for t in fig["data"]
              if t["uid"].startswith("edges-") and len(t["x"])}
    assert set(widths) == {"edges-neg3", "edges-pos0", "edges-pos1"}
    assert widths["edges-neg3"] > widths["edges-pos0"]


def test_network_wide_layers_are_truncated_with_a_note():
    fig = _network(sizes=(2, 12, 1), max_neurons=5)
    assert len(fig["layout"]["images"]) == 2 + 5 + 1
    notes = [a["text"] for a in fig["layout"]["annotations"]]
    assert "+7 more" in notes


def test_network_edge_hover_names_connections():
    fig = network_figure([1, 1], [np.array([[0.532]])], edge_hover=True)
    hover = next(t for t in fig["data"] if t["uid"] == "edge-hover")
    assert hover["text"] == ["x1 → out: 0.532"]


def test_network_rejects_wrong_number_of_weights_and_unknown_mode():
    with pytest.raises(ValueError, match="weight matrices"):
        network_figure([2, 3, 1], [np.zeros((2, 3))])
    with pytest.raises(ValueError, match="unknown thumbnails"):
        network_figure([1, 1], [np.zeros((1, 1))], thumbnails="svg")


def test_network_per_column_image_ranges():
    gx, gy, xx, yy = _grid()
    fig = network_figure([2, 1, 1], _layers((2, 1, 1)), [np.full((1, 3, 3), 0.5)],
                         image_range=[(-1, 1), (0, 1), (0, 1)], thumbnails="heatmap")
    assert [(t["zmin"], t["zmax"]) for t in _node_traces(fig)] == [(-1, 1), (-1, 1), (0, 1),
                                                                  (0, 1)]


def test_compact_keeps_huge_values_without_overflow_warnings():
    from ui.figures._common import compact

    values = np.array([1e305, -1.7e308, 0.123456, np.nan, np.inf])
    out = compact(values, 5)
    assert out[0] == 1e305 and out[1] == -1.7e308
    assert out[2] == 0.12346
    assert np.isnan(out[3]) and out[4] == np.inf

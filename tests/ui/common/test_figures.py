"""The decision boundary as a Plotly figure (HTML export), the weight colour scale, palettes."""

import base64
import json
import re
import struct
import zlib

import numpy as np
import plotly.graph_objects as go
import pytest

from ui.common.figures import (
    boundary_figure,
    multiclass_shading,
    neuron_labels,
    nice_ceiling,
    nice_step_below,
    stable_weight_range,
)
from ui.common.palette import PALETTES, class_color, class_shading_scale, get_palette, mix

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


ALL_FIGURES = {
    "binary": _binary_figure,
    "binary_discrete_cb": lambda: _binary_figure(discretize=True, palette="colorblind",
                                                 clickable=True),
    "multiclass": _multiclass_figure,
    "binary_legend": lambda: _binary_figure(show_legend=True, labels={"title": "Boundary"}),
    "regression": _regression_figure,
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


def test_stable_weight_range_recovers_at_once_from_an_overflow_scale():
    assert stable_weight_range(5e152, [np.array([-387.0, 12.0])]) == 500.0
    assert stable_weight_range(1000.0, [np.array([0.7])]) == 500.0  # 1000x is not absurd yet


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


def _rgb(hex_color):
    h = hex_color.lstrip("#")
    return [int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)]


def _rgb_prefix(hex_color):
    h = hex_color.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},"


def test_compact_keeps_huge_values_without_overflow_warnings():
    from ui.common.figures._common import compact

    values = np.array([1e305, -1.7e308, 0.123456, np.nan, np.inf])
    out = compact(values, 5)
    assert out[0] == 1e305 and out[1] == -1.7e308
    assert out[2] == 0.12346
    assert np.isnan(out[3]) and out[4] == np.inf

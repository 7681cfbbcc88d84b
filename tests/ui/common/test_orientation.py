"""Every 2-D picture is the right way round.

A network that sees only x1 (the input features are just x1) must give pictures that change
from left to right and not from bottom to top: the live decision boundary, the compared runs'
boundaries, the neuron thumbnails, the hidden-space planes and lattice, the exported animation
and the boundary figure behind it. A grid transposed against its axes passes every check that
reads the grid back the same way; it fails here. Data points sit at (x1, x2): x1 across.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from ui.common.figures import boundary_figure
from ui.common.settings import Settings
from ui.compare.live import CompareSource, boundary_name
from ui.compare.model import CompareGroup
from ui.export.animation import animation_html
from ui.hidden_space.live import HiddenSource, hidden_spec
from ui.hidden_space.model import N_LINES, HiddenSpace
from ui.live.protocol import decode_frame, encode_frame
from ui.playground.live import PlaygroundSource, playground_spec
from ui.playground.model import Playground

X1_ONLY = Settings(features=("x1",), n_points=60, show_test=True)
FIGURE_SPEC = re.compile(r'<script type="application/json" id="figure-spec">(.*?)</script>', re.S)


# --- what "the right way round" means -------------------------------------------------------

def assert_varies_along_x_only(image, what: str) -> None:
    """`image` has rows along y and columns along x: each column is one value, and the values
    change from column to column."""
    image = np.asarray(image, dtype=float)
    assert image.ndim == 2 and min(image.shape) > 1, (what, image.shape)
    within_columns = np.ptp(image, axis=0).max()   # change from bottom to top
    within_rows = np.ptp(image, axis=1).min()      # change from left to right, on every row
    assert within_rows > 0, f"{what}: no change from left to right"
    assert within_columns <= 0.01 * within_rows, (
        f"{what}: changes from bottom to top by {within_columns:g} "
        f"(left to right by {within_rows:g})")


def sorted_rows(points) -> np.ndarray:
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    return points[np.lexsort((points[:, 1], points[:, 0]))]


def assert_same_points(drawn, expected, what: str) -> None:
    """The drawn (x, y) positions are the data's (x1, x2), in any order."""
    np.testing.assert_allclose(sorted_rows(drawn), sorted_rows(expected), atol=1e-3,
                               err_msg=f"{what}: points not at (x1, x2)")


def through_the_wire(header_and_arrays):
    """A frame as the browser reads it: encoded and decoded."""
    return decode_frame(encode_frame(*header_and_arrays))


def playground_source(settings: Settings = X1_ONLY) -> PlaygroundSource:
    return PlaygroundSource(Playground(settings), settings, "en")


def live_points(spec: dict, symbol: str) -> np.ndarray:
    """(x, y) of a plane chart spec's point series with `symbol` (circle train, diamond test)."""
    series = [s for s in spec["points"] if s["symbol"] == symbol]
    return np.concatenate([np.column_stack([s["x"], s["y"]]) for s in series])


def chart(spec: dict, name: str) -> dict:
    return next(c for c in spec["charts"] if c["name"] == name)


# --- the live views -------------------------------------------------------------------------

def test_live_boundary_changes_left_to_right_and_grows_with_x1():
    source = playground_source(X1_ONLY.updated(hidden=()))
    source.playground.run.net.params["W1"][:] = 2.0  # output = sigmoid(2 x1 + b)
    _, arrays = through_the_wire(source.frame({}))
    image = arrays["boundary"]
    assert_varies_along_x_only(image, "live boundary")
    assert image[0, -1] > image[0, 0]


def test_live_boundary_grows_upward_with_x2():
    """Row 0 of the image is the bottom of the plane (the smallest x2)."""
    source = playground_source(X1_ONLY.updated(features=("x2",), hidden=()))
    source.playground.run.net.params["W1"][:] = 2.0
    _, arrays = through_the_wire(source.frame({}))
    image = arrays["boundary"].astype(float)
    assert_varies_along_x_only(image.T, "live boundary of an x2-only network, turned")
    assert image[-1, 0] > image[0, 0]


def test_every_neuron_thumbnail_changes_left_to_right():
    source = playground_source(X1_ONLY.updated(hidden=(3, 2)))
    source.playground.run.net.params["W1"][:] = [[1.0, -0.5, 2.0]]
    _, arrays = through_the_wire(source.frame({}))
    thumbs = arrays["thumbs"]
    assert thumbs.shape[0] == 1 + 3 + 2 + 1
    for index, thumb in enumerate(thumbs):
        assert_varies_along_x_only(thumb, f"thumbnail {index}")


def test_compared_runs_boundaries_change_left_to_right():
    values = (0.03, 0.3)
    source = CompareSource(lambda: CompareGroup(X1_ONLY, "learning_rate", values),
                           ("learning_rate", values))
    source.configure(epochs_per_frame=2, lang="en")
    _, arrays = through_the_wire(source.serve("play", source.run_id, {}))
    for index in range(len(values)):
        assert_varies_along_x_only(arrays[boundary_name(index)], f"compared run {index}")


@pytest.fixture(scope="module")
def hidden_frame():
    """The hidden-space view of an x1-only network with two hidden neurons: (spec, arrays)."""
    model = lambda: HiddenSpace.from_settings(X1_ONLY.updated(hidden=(2,)))  # noqa: E731
    source = HiddenSource(model, ("x1 only",))
    source.configure(speed=1, layer=0, i=0, j=1, lang="en")
    _, arrays = through_the_wire(source.frame({}))
    return hidden_spec(source.model, 0, 0, 1, "default", "en"), arrays, source.model


def test_hidden_space_input_plane_changes_left_to_right(hidden_frame):
    _, arrays, _ = hidden_frame
    assert_varies_along_x_only(arrays["input"], "hidden-space input plane")


def test_lattice_lines_of_constant_x1_are_vertical_and_collapse_in_hidden_space(hidden_frame):
    """The first N_LINES lattice lines hold x1 fixed: upright in the input plane, and one
    point each in the hidden plane, where the lines of constant x2 keep their length."""
    _, arrays, _ = hidden_frame
    def spread(lines, coordinate):  # per line: how far it runs along that coordinate
        return np.ptp(lines[..., coordinate], axis=1)

    lattice = arrays["input.lattice"]
    constant_x1, constant_x2 = lattice[:N_LINES], lattice[N_LINES:]
    assert spread(constant_x1, 0).max() == 0 < spread(constant_x1, 1).min()
    assert spread(constant_x2, 1).max() == 0 < spread(constant_x2, 0).min()
    hidden = arrays["hidden.lattice"]
    length = np.maximum(spread(hidden, 0), spread(hidden, 1))
    assert length[:N_LINES].max() < 1e-6
    assert length[N_LINES:].min() > 0.01


def test_hidden_space_input_points_sit_at_x1_x2(hidden_frame):
    spec, _, model = hidden_frame
    assert_same_points(live_points(chart(spec, "input"), "circle"), model.problem.raw_train,
                       "hidden-space input plane")


def test_live_boundary_points_sit_at_x1_x2():
    source = playground_source()
    problem = source.playground.problem
    spec = chart(playground_spec(source.playground, source.settings, "en"), "boundary")
    assert_same_points(live_points(spec, "circle"), problem.raw_train, "training points")
    assert_same_points(live_points(spec, "diamond"), problem.raw_test, "test points")


# --- the exports ----------------------------------------------------------------------------

def heatmap_grid(trace: dict, z=None) -> np.ndarray:
    """A heatmap's z checked against its axes: x and y ascending, z[i][j] at (x[j], y[i])."""
    z = np.asarray(trace["z"] if z is None else z, dtype=float)
    x, y = np.asarray(trace["x"]), np.asarray(trace["y"])
    assert np.all(np.diff(x) > 0) and np.all(np.diff(y) > 0)
    assert z.shape == (len(y), len(x))
    return z


def scatter_points(traces: list[dict], symbol: str) -> np.ndarray:
    series = [t for t in traces if t["type"] == "scatter" and t["marker"]["symbol"] == symbol]
    return np.concatenate([np.column_stack([t["x"], t["y"]]) for t in series])


def test_boundary_figure_puts_x1_across():
    xs, ys = np.linspace(-1, 1, 5), np.linspace(-2, 2, 7)
    values = np.broadcast_to(1 / (1 + np.exp(-3 * xs)), (len(ys), len(xs)))
    X = np.array([[0.5, -1.5], [-0.8, 1.9], [0.1, 0.7]])
    figure = boundary_figure(xs, ys, values, X, np.array([0, 1, 1]))
    z = heatmap_grid(figure["data"][0])
    assert_varies_along_x_only(z, "boundary figure")
    assert_same_points(scatter_points(figure["data"], "circle"), X, "boundary figure")


@pytest.fixture(scope="module")
def animation_spec():
    """The figure inside the exported animation of an x1-only run with a few snapshots."""
    settings = X1_ONLY.updated(hidden=(3,), learning_rate=0.3)
    playground = Playground(settings)
    playground.train("batch", 20)
    page = animation_html(playground, settings, "en", max_frames=4)
    return json.loads(FIGURE_SPEC.search(page).group(1)), playground


def test_exported_animation_every_frame_changes_left_to_right(animation_spec):
    spec, _ = animation_spec
    heatmap = spec["data"][0]
    assert heatmap["type"] == "heatmap" and len(spec["frames"]) >= 2
    assert_varies_along_x_only(heatmap_grid(heatmap), "exported animation, first picture")
    for frame in spec["frames"]:
        z = heatmap_grid(heatmap, frame["data"][0]["z"])
        assert_varies_along_x_only(z, f"exported animation, {frame['name']}")


def test_exported_animation_points_sit_at_x1_x2(animation_spec):
    spec, playground = animation_spec
    problem = playground.problem
    assert_same_points(scatter_points(spec["data"], "circle"), problem.raw_train, "train")
    assert_same_points(scatter_points(spec["data"], "diamond"), problem.raw_test, "test")

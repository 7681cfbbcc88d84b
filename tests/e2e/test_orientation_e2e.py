"""The decision boundary in a real browser is the right way round.

A network without hidden layers that sees one feature (`?features=x1&hidden=0`) starts with a
positive weight: class 0 (orange) on the low side of that feature, class 1 (blue) on the high
side. The drawn canvas pixels must change along that feature's axis only, orange at its low
end, and every training point must be drawn at (x1, x2), wherever the data says.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.e2e.harness import goto_app, wait_live
from ui.common.run_setup import build_problem
from ui.common.settings import Settings

N_POINTS = 40
SAMPLES = 15          # sample positions per side of the plot area
CLEARANCE = 9         # CSS pixels kept between a sample and any drawn point
CHANNEL_TOLERANCE = 8  # colour change (0-255 per channel) that still counts as one colour

# The boundary chart's plot area in CSS pixels and its axis ranges, as the chart laid it out.
GEOMETRY_JS = """() => {
  const chart = document.querySelector('[data-live-view]').parentElement.__liveView
    .charts.get('boundary');
  const ranges = chart.ranges();
  const box = chart.box(chart.width, chart.height, ranges);
  const points = chart.spec.points.map((s) => ({color: s.color, symbol: s.symbol}));
  return {box, ranges, radius: chart.radius(), points};
}"""
# RGB of the boundary canvas at CSS pixel positions [[x, y], ...].
PIXELS_JS = """(positions) => {
  const chart = document.querySelector('[data-live-view]').parentElement.__liveView
    .charts.get('boundary');
  const context = chart.canvas.getContext('2d');
  return positions.map(([x, y]) => Array.from(context.getImageData(
    Math.floor(x * chart.ratio), Math.floor(y * chart.ratio), 1, 1).data.slice(0, 3)));
}"""


def hex_rgb(color: str) -> np.ndarray:
    return np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])


def to_pixels(points: np.ndarray, geometry: dict) -> np.ndarray:
    """Data coordinates (n, 2) -> CSS pixels on the canvas: x1 to the right, x2 upward."""
    box, (x0, x1, y0, y1) = geometry["box"], geometry["ranges"]
    px = box["left"] + (points[:, 0] - x0) / (x1 - x0) * box["width"]
    py = box["top"] + box["height"] - (points[:, 1] - y0) / (y1 - y0) * box["height"]
    return np.column_stack([px, py])


def sample_grid(geometry: dict) -> np.ndarray:
    """(SAMPLES, SAMPLES, 2) CSS pixel positions over the plot area; [row, column], row 0 at
    the top."""
    box = geometry["box"]
    xs = box["left"] + np.linspace(0.05, 0.95, SAMPLES) * box["width"]
    ys = box["top"] + np.linspace(0.05, 0.95, SAMPLES) * box["height"]
    return np.stack(np.meshgrid(xs, ys), axis=-1)


def read_pixels(page, positions: np.ndarray) -> np.ndarray:
    flat = positions.reshape(-1, 2)
    return np.array(page.evaluate(PIXELS_JS, flat.tolist()), dtype=float).reshape(
        *positions.shape[:-1], 3)


@pytest.mark.parametrize("feature", ["x1", "x2"])
def test_boundary_canvas_changes_along_the_features_axis_only(page, app_server, feature):
    settings = Settings(features=(feature,), hidden=(), n_points=N_POINTS)
    goto_app(page, f"{app_server}/?features={feature}&hidden=0&n_points={N_POINTS}")
    wait_live(page, ("boundary",))
    geometry = page.evaluate(GEOMETRY_JS)
    points = to_pixels(build_problem(settings).raw_train, geometry)
    grid = sample_grid(geometry)
    colours = read_pixels(page, grid)
    distance = np.linalg.norm(grid[:, :, None, :] - points[None, None], axis=-1).min(axis=-1)
    clear = distance > CLEARANCE + geometry["radius"]          # away from every drawn point
    # along the feature's axis the image runs from its low end to its high end
    image = np.transpose(colours, (1, 0, 2)) if feature == "x1" else colours[::-1]
    clear = clear.T if feature == "x1" else clear[::-1]
    for index, (line, keep) in enumerate(zip(image, clear, strict=True)):
        across = np.ptp(line[keep], axis=0).max()   # lines at one value of the feature
        assert across <= CHANNEL_TOLERANCE, f"{feature}: colour changes across line {index}"
    low, high = image[0][clear[0]].mean(axis=0), image[-1][clear[-1]].mean(axis=0)
    assert low[0] > low[2] + 30, f"{feature}: low end is not orange: {low}"
    assert high[2] > high[0] + 30, f"{feature}: high end is not blue: {high}"


def test_training_points_are_drawn_at_x1_x2(page, app_server):
    settings = Settings(features=("x1",), hidden=(), n_points=N_POINTS)
    goto_app(page, f"{app_server}/?features=x1&hidden=0&n_points={N_POINTS}")
    wait_live(page, ("boundary",))
    geometry = page.evaluate(GEOMETRY_JS)
    problem = build_problem(settings)
    colours = {int(c): hex_rgb(geometry["points"][int(c)]["color"])
               for c in np.unique(problem.y_train)}
    drawn = read_pixels(page, to_pixels(problem.raw_train, geometry))
    expected = np.array([colours[int(c)] for c in np.ravel(problem.y_train)])
    off = np.abs(drawn - expected).max(axis=1) > CHANNEL_TOLERANCE
    assert off.mean() <= 0.1, (
        f"{off.sum()} of {len(off)} points not drawn at (x1, x2): {problem.raw_train[off]}")

"""Frame-rate demo page: four live charts animated by a Python loop, with dummy data.

`streamlit run bench/frames_demo_app.py` shows Play/Pause, Step and Reset (keys `play_pause`,
`step`, `reset`) and four charts: a 60x60 "decision boundary" heatmap with 200 points, a loss
curve (up to 1000 points x 3 traces) and two small weight heatmaps. Callbacks only flip flags;
the loop at the end redraws while playing, capped near 40 frames/s.

LIVE_CHART_SERVER_FPS changes the loop's 40 frames/s cap; LIVE_CHART_SECONDARY_FPS=10 caps the
loss and weight charts at 10 redraws/s (the boundary chart keeps every frame).
LIVE_CHART_MODE=plotly_chart draws the same figures with st.plotly_chart into st.empty()
placeholders instead, for comparison.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ui.live_chart import LiveChartSlot  # noqa: E402

FRAME_SECONDS = 1 / float(os.environ.get("LIVE_CHART_SERVER_FPS") or 40)
GRID = 60
N_POINTS = 200
MAX_LOSS_POINTS = 1000
CHART_HEIGHT = 300
SMALL_HEIGHT = 220
MODE = os.environ.get("LIVE_CHART_MODE", "live_chart")
# Cap (frames/s) for the loss and weight charts; empty = redraw every chart on every frame.
SECONDARY_FPS = float(os.environ.get("LIVE_CHART_SECONDARY_FPS") or 0) or None
BOUNDARY_LAYOUT = {
    "margin": {"l": 40, "r": 10, "t": 30, "b": 30},
    "title": {"text": "Decision boundary"},
    "xaxis": {"range": [-1, 1]},
    "yaxis": {"range": [-1, 1]},
    "showlegend": False,
}
LOSS_LAYOUT = {
    "margin": {"l": 50, "r": 10, "t": 30, "b": 30},
    "title": {"text": "Loss"},
    "xaxis": {"range": [0, MAX_LOSS_POINTS]},
    "yaxis": {"range": [0, 1.2]},
}
WEIGHT_LAYOUT = {"margin": {"l": 30, "r": 10, "t": 30, "b": 20}}


def _toggle_play() -> None:
    st.session_state.playing = not st.session_state.playing


def _step() -> None:
    st.session_state.playing = False
    st.session_state.frame += 1


def _reset() -> None:
    st.session_state.playing = False
    st.session_state.frame = 0


def boundary_figure(frame: int, points: np.ndarray, labels: np.ndarray) -> dict:
    """60x60 moving field in [0, 1] plus the data points; fixed ranges and zmin/zmax."""
    axis = np.linspace(-1, 1, GRID)
    xx, yy = np.meshgrid(axis, axis)
    phase = frame * 0.05
    field = 0.5 + 0.5 * np.tanh(3 * (np.sin(3 * xx + phase) * np.cos(2 * yy - phase) - yy * 0.5))
    return {
        "data": [
            {"type": "heatmap", "x": axis, "y": axis, "z": field, "zmin": 0, "zmax": 1,
             "colorscale": "RdBu", "showscale": False},
            *[{"type": "scatter", "mode": "markers", "x": points[labels == label, 0],
               "y": points[labels == label, 1], "name": f"class {label}",
               "marker": {"color": color, "size": 6, "line": {"width": 1, "color": "white"}}}
              for label, color in ((0, "#b2182b"), (1, "#2166ac"))],
        ],
        "layout": BOUNDARY_LAYOUT,
    }


def loss_figure(frame: int) -> dict:
    """Three noisy decaying curves, growing with the frame count (at most 1000 points)."""
    steps = np.arange(min(frame + 1, MAX_LOSS_POINTS))
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 0.02, (3, MAX_LOSS_POINTS))[:, : steps.size]
    scales = (150, 300, 600)
    curves = [np.exp(-steps / scale) + 0.05 + n for scale, n in zip(scales, noise, strict=True)]
    return {
        "data": [{"type": "scatter", "mode": "lines", "x": steps, "y": c, "name": name}
                 for c, name in zip(curves, ("train", "test", "lr x10"), strict=True)],
        "layout": LOSS_LAYOUT,
    }


def weight_figure(frame: int, shape: tuple[int, int], title: str) -> dict:
    """Random weights in [-1, 1] drawn as a small heatmap."""
    weights = np.random.default_rng(frame).uniform(-1, 1, shape)
    return {
        "data": [{"type": "heatmap", "z": weights, "zmin": -1, "zmax": 1,
                  "colorscale": "RdBu", "showscale": False}],
        "layout": {**WEIGHT_LAYOUT, "title": {"text": title}},
    }


class PlotlyChartSlot:
    """The naive way, for comparison: a fresh st.plotly_chart in an st.empty per frame."""

    def __init__(
        self, key: str, *, height: int, max_fps: float | None = None, on_click: bool = False
    ) -> None:
        self._placeholder = st.empty()
        self._height = height

    def draw(self, figure: dict, *, revision: int | None = None) -> None:
        layout = {**figure["layout"], "height": self._height}
        self._placeholder.plotly_chart({**figure, "layout": layout}, width="stretch")


st.set_page_config(page_title="Live chart frames", layout="wide")
st.session_state.setdefault("playing", False)
st.session_state.setdefault("frame", 0)

buttons = st.columns([1, 1, 1, 6])
buttons[0].button(
    "Pause" if st.session_state.playing else "Play", key="play_pause", on_click=_toggle_play
)
buttons[1].button("Step", key="step", on_click=_step)
buttons[2].button("Reset", key="reset", on_click=_reset)
frame_text = buttons[3].empty()

slot_type = PlotlyChartSlot if MODE == "plotly_chart" else LiveChartSlot
left, right = st.columns(2)
with left, st.container(key="slot_boundary"):
    boundary_slot = slot_type("boundary", height=CHART_HEIGHT, on_click=True)
with right:
    with st.container(key="slot_loss"):
        loss_slot = slot_type("loss", height=CHART_HEIGHT, max_fps=SECONDARY_FPS)
    small = st.columns(2)
    with small[0], st.container(key="slot_w1"):
        w1_slot = slot_type("w1", height=SMALL_HEIGHT, max_fps=SECONDARY_FPS)
    with small[1], st.container(key="slot_w2"):
        w2_slot = slot_type("w2", height=SMALL_HEIGHT, max_fps=SECONDARY_FPS)

point_rng = np.random.default_rng(1)
POINTS = point_rng.uniform(-1, 1, (N_POINTS, 2))
LABELS = (POINTS[:, 0] * POINTS[:, 1] > 0).astype(int)


def draw_all(frame: int) -> None:
    frame_text.write(f"frame {frame}")
    clicked = boundary_slot.draw(boundary_figure(frame, POINTS, LABELS), revision=frame)
    if clicked:
        st.session_state.last_click = clicked
    loss_slot.draw(loss_figure(frame), revision=frame)
    w1_slot.draw(weight_figure(frame, (2, 8), "W1"), revision=frame)
    w2_slot.draw(weight_figure(frame + 7, (8, 1), "W2"), revision=frame)


draw_all(st.session_state.frame)
if "last_click" in st.session_state:
    click = st.session_state.last_click
    st.caption(f"clicked x={click['x']:.2f} y={click['y']:.2f}")
while st.session_state.playing:
    started = time.perf_counter()
    st.session_state.frame += 1
    draw_all(st.session_state.frame)
    time.sleep(max(0.0, FRAME_SECONDS - (time.perf_counter() - started)))

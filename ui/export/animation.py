"""The standalone animation: an offline HTML page (plotly.js inlined) that replays the decision
boundary over the run's snapshots, for slides."""

from __future__ import annotations

import html
import json
from pathlib import Path
from string import Template
from typing import Any

import numpy as np
import plotly

from ui.common.i18n import t
from ui.common.json_values import json_ready
from ui.common.settings import Settings
from ui.playground.model import Playground

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
ANIMATION_HEIGHT = 560  # px of the boundary plot; the slider and buttons come below
ANIMATION_FRAME_MS = 120

HTML_TEMPLATE = Template('''<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<title>$title</title>
<style>body { font-family: sans-serif; margin: 16px; color: #31333f; }
h1 { font-size: 20px; font-weight: 600; }</style>
<script>$plotly_js</script>
</head>
<body>
<h1>$title</h1>
<div id="animation"></div>
<script type="application/json" id="figure-spec">$spec</script>
<script>
const spec = JSON.parse(document.getElementById("figure-spec").textContent);
Plotly.newPlot("animation", spec.data, spec.layout, spec.config).then(function (chart) {
  return Plotly.addFrames(chart, spec.frames);
});
</script>
</body>
</html>
''')


def frame_indices(count: int, max_frames: int) -> list[int]:
    """At most `max_frames` of range(count), evenly spread, always with the last one."""
    if count <= 0 or max_frames <= 0:
        return []
    if count <= max_frames:
        return list(range(count))
    if max_frames == 1:
        return [count - 1]
    return [int(i) for i in np.rint(np.linspace(0, count - 1, max_frames))]


def animation_figure(playground: Playground, settings: Settings, lang: str,
                     max_frames: int = 60, height: int = ANIMATION_HEIGHT) -> dict:
    """Plotly figure dict with frames: the decision boundary of each chosen snapshot (the
    heatmap trace's z changes), a play/pause button and a slider labelled by epoch."""
    run = playground.run
    indices = frame_indices(len(run.snapshots), max_frames)
    figures = [playground.boundary_figure_for(run.net_at(i), settings, lang, height)
               for i in indices]
    names = [f"snapshot{i}" for i in indices]
    frames = [{"name": name, "data": [{"type": "heatmap", "z": figure["data"][0]["z"]}],
               "traces": [0]}
              for name, figure in zip(names, figures, strict=True)]
    epoch_prefix = t("export.animation.epoch", lang)
    labels = [_epoch_label(run.snapshots[i].epoch) for i in indices]
    figure = figures[0]
    layout = figure["layout"]
    layout["height"] = height + 110
    layout["margin"] = {**layout.get("margin", {}), "b": 150}
    layout["updatemenus"] = [_play_buttons(lang)]
    layout["sliders"] = [{
        "active": 0, "x": 0.2, "len": 0.8, "y": 0, "yanchor": "top", "pad": {"t": 50},
        "currentvalue": {"prefix": epoch_prefix, "visible": True},
        "steps": [{"label": label, "method": "animate",
                   "args": [[name], {"mode": "immediate", "frame": {"duration": 0,
                                                                    "redraw": True},
                                     "transition": {"duration": 0}}]}
                  for name, label in zip(names, labels, strict=True)],
    }]
    return {"data": figure["data"], "layout": layout, "frames": frames,
            "config": {"displaylogo": False, "responsive": True,
                       "modeBarButtonsToRemove": ["sendDataToCloud", "sendChartToCloud"]}}


def _epoch_label(epoch: float) -> str:
    return f"{epoch:.2f}".rstrip("0").rstrip(".")


def _play_buttons(lang: str) -> dict:
    play = {"frame": {"duration": ANIMATION_FRAME_MS, "redraw": True}, "fromcurrent": True,
            "transition": {"duration": 0}}
    pause = {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}
    return {
        "type": "buttons", "direction": "left", "x": 0.0, "y": 0, "xanchor": "left",
        "yanchor": "top", "pad": {"t": 58}, "showactive": False,
        "buttons": [
            {"label": t("export.animation.play", lang), "method": "animate", "args": [None, play]},
            {"label": t("export.animation.pause", lang), "method": "animate",
             "args": [[None], pause]},
        ],
    }


def animation_html(playground: Playground, settings: Settings, lang: str,
                   max_frames: int = 60) -> str:
    """A standalone HTML page (plotly.js inlined, works offline, about 5 MB) that plays the
    run's snapshots as an animation of the decision boundary."""
    figure = animation_figure(playground, settings, lang, max_frames)
    title = t("export.animation.title", lang, dataset=playground.problem.dataset.name)
    plotly_js = PLOTLY_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")
    return HTML_TEMPLATE.substitute(
        lang=html.escape(lang), title=html.escape(title), plotly_js=plotly_js,
        spec=_script_json(figure),
    )


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element ("<" escaped); NumPy arrays as lists, NaN -> null."""
    text = json.dumps(json_ready(value), separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c")


"""Matrices as small heatmaps with their numbers in the cells: panels side by side with fixed
pixel cells, wrapped into rows of figures that fit the page (backprop stages, gradient-check
errors). Pure: Plotly figure dicts, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CELL_WIDTH_PX = 46
CELL_HEIGHT_PX = 26
PANEL_GAP_PX = 46          # room for the next panel's row names
TITLE_PX = 46              # panel titles sit above the column names
TITLE_CHAR_PX = 7          # rough width of one title character (12 px bold)
MAX_FIGURE_WIDTH_PX = 900  # wider rows of panels wrap into another figure


@dataclass(frozen=True)
class Panel:
    """One heatmap panel: z (rows, cols) with names, cell text, hover text and colour range."""

    title: str
    z: np.ndarray
    row_names: tuple[str, ...]
    col_names: tuple[str, ...]
    text: np.ndarray
    hover: np.ndarray
    zmin: float
    zmax: float


def panel_rows(panels: list[Panel], max_width: int = MAX_FIGURE_WIDTH_PX,
               cell_width: int = CELL_WIDTH_PX) -> list[list[Panel]]:
    """Split panels into consecutive rows no wider than `max_width` px (one panel at least)."""
    rows: list[list[Panel]] = []
    width = 0
    for panel in panels:
        needed = panel.z.shape[1] * cell_width + PANEL_GAP_PX
        if rows and width + needed <= max_width:
            rows[-1].append(panel)
            width += needed
        else:
            rows.append([panel])
            width = needed
    return rows


def panels_figure(panels: list[Panel], colorscale: list, uirevision: str = "panels", *,
                  cell_width: int = CELL_WIDTH_PX, cell_height: int = CELL_HEIGHT_PX) -> dict:
    """Plotly figure dict: panels side by side with fixed pixel cells (width/height in px).

    Rows run top to bottom, every panel is aligned to the top edge.
    """
    widths = [p.z.shape[1] * cell_width for p in panels]
    max_rows = max(p.z.shape[0] for p in panels)
    plot_width = sum(widths) + PANEL_GAP_PX * (len(panels) - 1)
    plot_height = max_rows * cell_height
    overhang = len(panels[-1].title) * TITLE_CHAR_PX - widths[-1]  # last title may stick out
    margin = {"l": PANEL_GAP_PX, "r": max(8, overhang), "t": TITLE_PX, "b": 6}
    layout = {
        "width": plot_width + margin["l"] + margin["r"],
        "height": plot_height + margin["t"] + margin["b"],
        "margin": margin, "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        "font": {"size": 11, "color": "#31333f"}, "showlegend": False, "dragmode": False,
        "uirevision": uirevision, "annotations": [],
    }
    data = []
    left = 0
    for i, (panel, width) in enumerate(zip(panels, widths, strict=True), start=1):
        rows = panel.z.shape[0]
        x0 = left / plot_width
        x1 = (left + width) / plot_width
        left += width + PANEL_GAP_PX
        suffix = "" if i == 1 else str(i)
        data.append({
            "type": "heatmap", "z": panel.z.tolist(), "x": list(panel.col_names),
            "y": list(panel.row_names), "text": panel.text.tolist(),
            "hovertext": panel.hover.tolist(), "texttemplate": "%{text}",
            "hovertemplate": "%{hovertext}<extra></extra>", "zmin": panel.zmin,
            "zmax": panel.zmax, "colorscale": colorscale, "showscale": False,
            "xgap": 1, "ygap": 1, "name": panel.title,
            "xaxis": f"x{suffix}", "yaxis": f"y{suffix}",
        })
        layout[f"xaxis{suffix}"] = {
            "domain": [x0, x1], "anchor": f"y{suffix}", "side": "top", "fixedrange": True,
            "showgrid": False, "zeroline": False, "tickfont": {"size": 10, "color": "#6b7280"},
            "type": "category",
        }
        layout[f"yaxis{suffix}"] = {
            "domain": [1 - rows / max_rows, 1], "anchor": f"x{suffix}", "autorange": "reversed",
            "fixedrange": True, "showgrid": False, "zeroline": False, "type": "category",
            "tickfont": {"size": 10, "color": "#6b7280"},
        }
        layout["annotations"].append({
            "text": f"<b>{panel.title}</b>", "xref": "paper", "yref": "paper", "x": x0,
            "y": 1, "yshift": 26, "xanchor": "left", "yanchor": "bottom",
            "showarrow": False, "font": {"size": 12},
        })
    return {"data": data, "layout": layout}

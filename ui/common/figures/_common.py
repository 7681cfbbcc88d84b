"""Shared pieces of the figure builders: nice axis steps, base layout, label merging.

Layouts are built fresh on every call from small literals (no shared mutable state), which costs
microseconds and lets pages mutate the returned dicts freely.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

FONT_FAMILY = "Inter, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOR = "#31333f"
MUTED_TEXT_COLOR = "#6b7280"
GRID_COLOR = "#eceef1"
AXIS_LINE_COLOR = "#c9ced6"

# Mantissas of "nice" numbers: 1-2-5 for coarse steps, a finer ladder for value axes.
COARSE_STEPS = (1.0, 2.0, 5.0)
FINE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)


def nice_ceiling(value: float, mantissas: tuple[float, ...] = FINE_STEPS) -> float:
    """Smallest m * 10**e >= value with m in `mantissas` (0.0 for value <= 0 or non-finite)."""
    if not (value > 0 and math.isfinite(value)):
        return 0.0
    exponent = math.floor(math.log10(value))
    for _ in range(2):
        scale = 10.0**exponent
        for mantissa in mantissas:
            candidate = _clean(mantissa * scale)
            if candidate >= value * (1 - 1e-12):
                return candidate
        exponent += 1
    return _clean(mantissas[0] * 10.0**exponent)


def nice_step_below(value: float, mantissas: tuple[float, ...] = FINE_STEPS) -> float:
    """The ladder value just below `value` (value itself is first snapped up to the ladder)."""
    top = nice_ceiling(value, mantissas)
    exponent = math.floor(math.log10(top) + 1e-12)
    scale = 10.0**exponent
    index = min(range(len(mantissas)), key=lambda i: abs(mantissas[i] * scale - top))
    if index > 0:
        return _clean(mantissas[index - 1] * scale)
    return _clean(mantissas[-1] * scale / 10.0)


def _clean(x: float) -> float:
    return float(f"{x:.12g}")


def merge_labels(defaults: Mapping[str, str], labels: Mapping[str, str] | None) -> dict[str, str]:
    """Defaults overridden by the caller's (translated) labels; unknown keys are an error."""
    if not labels:
        return dict(defaults)
    unknown = set(labels) - set(defaults)
    if unknown:
        raise ValueError(f"unknown label keys {sorted(unknown)}; known: {sorted(defaults)}")
    merged = dict(defaults)
    merged.update(labels)
    return merged


def compact(values, decimals: int = 3) -> np.ndarray:
    """float64 copy rounded to `decimals`: short JSON numbers, same picture.

    Huge values (|x| near the float64 limit, e.g. a diverging loss) would overflow while
    rounding; they are kept as they are.
    """
    array = np.asarray(values, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        rounded = np.round(array, decimals)
    return np.where(np.isfinite(rounded) | ~np.isfinite(array), rounded, array)


def axis(title: str | None = None, *, grid: bool = True, **extra) -> dict:
    """A clean axis dict: light grid, no zero line, muted ticks."""
    spec = {
        "showgrid": grid,
        "gridcolor": GRID_COLOR,
        "zeroline": False,
        "showline": True,
        "linecolor": AXIS_LINE_COLOR,
        "ticks": "",
        "tickfont": {"size": 11, "color": MUTED_TEXT_COLOR},
        "fixedrange": True,
    }
    if title:
        spec["title"] = {"text": title, "font": {"size": 12, "color": TEXT_COLOR}, "standoff": 6}
    spec.update(extra)
    return spec


def base_layout(uirevision: str, *, height: int | None = None, title: str | None = None,
                margin: Mapping[str, int] | None = None, legend: bool = False) -> dict:
    """Fresh white layout with readable fonts; `uirevision` keeps UI state across frames."""
    layout = {
        "uirevision": uirevision,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "font": {"family": FONT_FAMILY, "size": 12, "color": TEXT_COLOR},
        "margin": dict(margin or {"l": 48, "r": 16, "t": 36 if title else 16, "b": 40}),
        "showlegend": legend,
        "hovermode": "closest",
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": 12}},
        "dragmode": False,
    }
    if legend:
        layout["legend"] = {
            "orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom",
            "font": {"size": 11}, "bgcolor": "rgba(255,255,255,0)",
        }
    if title and legend:
        # the title heads the legend row, so the two never overlap however wide the chart is
        layout["legend"]["title"] = {"text": title + "  ", "side": "left",
                                     "font": {"size": 14, "color": TEXT_COLOR}}
    elif title:
        layout["title"] = {"text": title, "x": 0.01, "xanchor": "left",
                           "font": {"size": 14, "color": TEXT_COLOR}}
    if height is not None:
        layout["height"] = int(height)
    return layout

"""Colour palettes for the playground figures.

Two palettes share one shape (`Palette`):
- "default": TensorFlow-Playground style orange (negative / class 0) to blue (positive / class 1)
  through a light grey.
- "colorblind": Okabe-Ito vermillion / blue with stronger luminance contrast (safe for the common
  colour-vision deficiencies) and a viridis-like sequential scale for regression.

Colour scales are immutable tuples of (position in [0, 1], "#rrggbb") stops; `as_plotly_scale`
turns one into the list-of-lists that Plotly expects.
"""

from __future__ import annotations

import types
from dataclasses import dataclass

ColorStops = tuple[tuple[float, str], ...]


@dataclass(frozen=True)
class Palette:
    """A named set of colours.

    negative / neutral / positive: ends and middle of the diverging scale (class 0 / 0.5 / class 1,
    negative / zero / positive weights). class_colors: one colour per class (class 0 == negative,
    class 1 == positive). line_colors: train, test, then further runs for line charts.
    """

    name: str
    negative: str
    neutral: str
    positive: str
    class_colors: tuple[str, ...]
    line_colors: tuple[str, ...]
    diverging: ColorStops
    sequential: ColorStops
    train_outline: str = "#ffffff"
    test_outline: str = "#1f2430"


_DEFAULT = Palette(
    name="default",
    negative="#f59322",
    neutral="#e8eaeb",
    positive="#0877bd",
    class_colors=("#f59322", "#0877bd", "#2ca25f", "#9e58c4", "#d6404e", "#8c6d31"),
    line_colors=("#1f5f9e", "#e07b00", "#2ca25f", "#9e58c4", "#d6404e", "#8c6d31", "#5f6b7a"),
    diverging=((0.0, "#f59322"), (0.5, "#e8eaeb"), (1.0, "#0877bd")),
    sequential=((0.0, "#f59322"), (0.5, "#e8eaeb"), (1.0, "#0877bd")),
)

# Okabe & Ito (2008) "Color Universal Design" colours.
_COLORBLIND = Palette(
    name="colorblind",
    negative="#d55e00",
    neutral="#f2f2f2",
    positive="#0072b2",
    class_colors=("#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"),
    line_colors=("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"),
    diverging=((0.0, "#d55e00"), (0.25, "#eeaa7b"), (0.5, "#f2f2f2"), (0.75, "#7fb2d5"),
               (1.0, "#0072b2")),
    # viridis, sampled at 6 stops
    sequential=((0.0, "#440154"), (0.2, "#414487"), (0.4, "#2a788e"), (0.6, "#22a884"),
                (0.8, "#7ad151"), (1.0, "#fde725")),
)

PALETTES = types.MappingProxyType({p.name: p for p in (_DEFAULT, _COLORBLIND)})


def get_palette(name: str | Palette = "default") -> Palette:
    """Palette by name ("default" or "colorblind"); a Palette is returned unchanged."""
    if isinstance(name, Palette):
        return name
    try:
        return PALETTES[name]
    except KeyError:
        choices = ", ".join(PALETTES)
        raise ValueError(f"unknown palette {name!r}; choose one of {choices}") from None


def class_color(palette: Palette, index: int) -> str:
    """Colour of class `index` (cycles when there are more classes than colours)."""
    return palette.class_colors[index % len(palette.class_colors)]


def mix(color: str, other: str, t: float) -> str:
    """Blend two "#rrggbb" colours: (1 - t) * color + t * other."""
    a = _rgb(color)
    b = _rgb(other)
    return "#" + "".join(f"{round((1 - t) * x + t * y):02x}" for x, y in zip(a, b, strict=True))


def rgba(color: str, alpha: float) -> str:
    """"#rrggbb" -> "rgba(r,g,b,alpha)"."""
    r, g, b = _rgb(color)
    return f"rgba({r},{g},{b},{alpha:g})"


def lighten_scale(stops: ColorStops, t: float, toward: str = "#ffffff") -> ColorStops:
    """The same scale blended toward white by t (paler backgrounds under saturated points)."""
    return tuple((pos, mix(c, toward, t)) for pos, c in stops)


def class_shading_scale(palette: Palette, n_classes: int, light: float = 0.85) -> ColorStops:
    """Piecewise scale for z = class + confidence shade, z in [0, n_classes].

    Segment c covers positions [c/k, (c+1)/k] and runs from class colour c blended `light` toward
    white (shade 0, an undecided region) to the full class colour (shade 1).
    """
    stops: list[tuple[float, str]] = []
    for c in range(n_classes):
        color = class_color(palette, c)
        stops.append((c / n_classes, mix(color, "#ffffff", light)))
        stops.append(((c + 1) / n_classes, color))
    return tuple(stops)


def as_plotly_scale(stops: ColorStops) -> list[list]:
    """Fresh Plotly colorscale list [[pos, colour], ...] from immutable stops."""
    return [[pos, color] for pos, color in stops]


def _rgb(color: str) -> tuple[int, int, int]:
    h = color.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"expected a '#rrggbb' colour, got {color!r}")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)

"""The counters line above the live charts: values formatted for people (pure; no Streamlit).

Every value fits in 12 characters: huge or tiny losses switch to compact scientific notation,
an infinite one reads "overflow" (translated by the caller's label table), a missing one "–".
"""

from __future__ import annotations

import math

FORMATS = ("int", "loss", "percent", "rate")
MISSING = "–"
MAX_CHARS = 12


def format_counter(value: float | None, kind: str, overflow: str = "overflow") -> str:
    """`value` as shown on the counters line: int 1,234; loss 0.1234 or 1.23e+05; percent
    97.5%; rate 1,234 (per second)."""
    if kind not in FORMATS:
        raise ValueError(f"unknown counter format {kind!r}")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    value = float(value)
    if math.isinf(value):
        return overflow if value > 0 else f"-{overflow}"
    if kind in ("int", "rate"):
        text = f"{value:,.0f}"
        return text if len(text) <= MAX_CHARS else f"{value:.2e}"
    if kind == "percent":
        return f"{value:.1%}"
    size = abs(value)
    if size != 0 and (size >= 1e5 or size < 1e-4):
        return f"{value:.2e}"
    return f"{value:.4f}"


def counter_pairs(values: dict[str, float | None], shown: list[tuple[str, str, str]],
                  overflow: str) -> list[list[str]]:
    """[[label, text], ...] for `shown` = [(key, label, format), ...] from `values`[key]."""
    return [[label, format_counter(values.get(key), kind, overflow)]
            for key, label, kind in shown]

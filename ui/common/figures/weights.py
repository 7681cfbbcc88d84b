"""Weights as the charts show them: neuron names and a colour-scale limit that stays put."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ui.common.figures._common import (
    COARSE_STEPS,
    nice_ceiling,
    nice_step_below,
)

MIN_ZMAX = 0.1
RESET_FACTOR = 1000.0


def neuron_labels(sizes: Sequence[int], input_names: Sequence[str] | None = None,
                  output_names: Sequence[str] | None = None) -> list[list[str]]:
    """Names per layer: inputs "x1".., hidden "h{l},{i}" (1-based), outputs "out" / "out{j}"."""
    names = [list(input_names) if input_names else [f"x{i + 1}" for i in range(sizes[0])]]
    for layer, width in enumerate(sizes[1:-1], start=1):
        names.append([f"h{layer},{i + 1}" for i in range(width)])
    if len(sizes) > 1:
        if output_names:
            names.append(list(output_names))
        else:
            names.append(["out"] if sizes[-1] == 1 else [f"out{j + 1}" for j in range(sizes[-1])])
    return names


def _max_abs(weights: Iterable) -> float:
    largest = 0.0
    for item in weights:
        parts = item if isinstance(item, tuple | list) else (item,)
        for array in parts:
            if array is None:
                continue
            a = np.abs(np.asarray(array, dtype=float))
            a = a[np.isfinite(a)]
            if a.size:
                largest = max(largest, float(a.max()))
    return largest


def stable_weight_range(previous_zmax: float | None, weights: Iterable,
                        *, shrink_fraction: float = 0.5, minimum: float = MIN_ZMAX) -> float:
    """Colour-scale limit for weights that keeps colours meaning the same between frames.

    weights: arrays or (W, b) tuples (None entries ignored). m = max finite |w|.
    - grows at once to the 1-2-5 step >= m when m exceeds previous_zmax;
    - shrinks by one step only when m < shrink_fraction * (the step below), so at most one
      step per call and never back and forth;
    - but drops at once to the step >= m when the limit is more than `RESET_FACTOR` times m
      (an overflow left it absurd: weights restored after a divergence, or a new network);
    - otherwise returns previous_zmax (snapped to the 1-2-5 ladder). Never below `minimum`.
    """
    needed = max(nice_ceiling(_max_abs(weights), COARSE_STEPS), minimum)
    if previous_zmax is None or not previous_zmax > 0:
        return needed
    current = max(nice_ceiling(float(previous_zmax), COARSE_STEPS), minimum)
    if needed > current or current > RESET_FACTOR * needed:
        return needed
    lower = nice_step_below(current, COARSE_STEPS)
    if lower >= minimum and _max_abs(weights) < shrink_fraction * lower:
        return lower
    return current

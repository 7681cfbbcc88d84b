"""The one JSON sanitiser (exported files and the live frame header): plain values out."""

import json

import numpy as np

from ui.common.json_values import json_ready


def test_arrays_scalars_and_nesting_become_plain_json_with_null_for_non_finite():
    value = {1: (np.float32(0.5), np.int64(7), np.bool_(False)),
             "grid": np.array([[0.25, np.nan], [np.inf, -np.inf]]),
             "ids": np.arange(3, dtype=np.uint8), "nested": [{"x": float("nan")}, "text", None]}
    ready = json_ready(value)
    assert ready == {"1": [0.5, 7, False], "grid": [[0.25, None], [None, None]],
                     "ids": [0, 1, 2], "nested": [{"x": None}, "text", None]}
    assert json.loads(json.dumps(ready, allow_nan=False)) == ready

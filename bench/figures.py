"""Build time and payload size of the figure builders for one playground frame.

Run: .venv/bin/python -m bench.figures
Prints milliseconds per builder (median of many builds) and the JSON size of each figure.
"""

from __future__ import annotations

import json
import time

import numpy as np

from ui.figures import (
    boundary_figure,
    loss_figure,
    multi_loss_figure,
    network_figure,
    stable_weight_range,
    weights_figure,
    weights_grid_figure,
)

GRID = 50
N_POINTS = 200
SIZES = [2, 8, 8, 1]
HISTORY = 1000
REPEATS = 200


def _frame_inputs(rng: np.random.Generator) -> dict:
    gx = np.linspace(-6, 6, GRID)
    gy = np.linspace(-6, 6, GRID)
    xx, yy = np.meshgrid(gx, gy)
    X = rng.uniform(-6, 6, (N_POINTS, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)[:, None]
    layers = [(rng.normal(0, 1, (a, b)), rng.normal(0, 0.3, b))
              for a, b in zip(SIZES[:-1], SIZES[1:], strict=True)]
    images = [np.tanh(rng.normal(0, 1, (n, 1, 1)) * xx / 3 + rng.normal(0, 1, (n, 1, 1)) * yy / 3)
              for n in SIZES[1:-1]]
    epochs = np.arange(HISTORY, dtype=float)
    loss = 0.7 * np.exp(-epochs / 200) + 0.05
    logits = np.stack([xx, yy, -xx - yy], axis=-1)
    probs = np.exp(logits - logits.max(-1, keepdims=True))
    probs /= probs.sum(-1, keepdims=True)
    return {"gx": gx, "gy": gy, "p": 1 / (1 + np.exp(-xx * yy / 3)), "probs": probs, "X": X,
            "y": y, "layers": layers, "images": images, "epochs": epochs, "loss": loss}


def _builders(d: dict) -> dict:
    half = N_POINTS // 2
    return {
        "loss_figure": lambda: loss_figure(d["epochs"], d["loss"], d["loss"] + 0.02,
                                           1 - d["loss"], 1.02 - d["loss"]),
        "multi_loss_figure(3 runs)": lambda: multi_loss_figure(
            [(f"run {i}", d["epochs"], d["loss"] * (i + 1)) for i in range(3)]),
        "boundary_figure(binary)": lambda: boundary_figure(
            d["gx"], d["gy"], d["p"], d["X"][:half], d["y"][:half], d["X"][half:],
            d["y"][half:]),
        "boundary_figure(multiclass)": lambda: boundary_figure(
            d["gx"], d["gy"], d["probs"], d["X"][:half], np.arange(half) % 3, d["X"][half:],
            np.arange(half) % 3, kind="multiclass", n_classes=3),
        "weights_figure": lambda: weights_figure(*d["layers"][1], layer_index=2, zmax=2.0),
        "weights_grid_figure": lambda: weights_grid_figure(d["layers"], zmax=2.0),
        "stable_weight_range": lambda: stable_weight_range(2.0, d["layers"]),
        "network_figure": lambda: network_figure(SIZES, d["layers"], d["images"],
                                                 activation_names=["tanh", "tanh", "sigmoid"]),
    }


def _median_ms(build, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def _json_kb(figure) -> float:
    if not isinstance(figure, dict):
        return 0.0
    return len(json.dumps(figure, default=lambda v: v.tolist())) / 1024


def main() -> None:
    builders = _builders(_frame_inputs(np.random.default_rng(0)))
    print(f"grid {GRID}x{GRID}, {N_POINTS} points, network {SIZES}, history {HISTORY} points, "
          f"median of {REPEATS} builds")
    frame = ("loss_figure", "boundary_figure(binary)", "weights_grid_figure",
             "stable_weight_range", "network_figure")
    total = 0.0
    for name, build in builders.items():
        ms = _median_ms(build, REPEATS)
        if name in frame:
            total += ms
        print(f"  {name:30s} {ms:7.3f} ms   {_json_kb(build()):7.1f} kB JSON")
    print(f"  {'one playground frame':30s} {total:7.3f} ms   ({' + '.join(frame)})")


if __name__ == "__main__":
    main()

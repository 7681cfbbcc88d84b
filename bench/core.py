"""Speed of the NumPy engine: epochs per second through MLP.train_epoch and grid prediction time.

Run: .venv/bin/python -m bench.core [--seconds 1.0]
Each figure is the best of ten short timed windows (after a warm-up): other processes on the
machine only slow some windows down, so the best window is the engine's own speed.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from nn_core import MLP, TrainingRun

TUTORIAL_X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
TUTORIAL_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
TARGETS = {"2-4-2-1 tanh, batch 10": 1500.0, "2-8x6-1 tanh, batch 10": 300.0}
GRID_TARGET_MS = 0.4


def noisy_xor(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-6, 6, (n, 2))
    return X / 6, (X[:, 0] * X[:, 1] > 0).astype(float).reshape(-1, 1)


def rate(fn, seconds: float) -> float:
    """Calls per second of fn(): best of ten windows of ``seconds / 10``."""
    for _ in range(3):
        fn()
    best = 0.0
    for _ in range(10):
        count, start = 0, time.perf_counter()
        while True:
            fn()
            count += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / 10:
                break
        best = max(best, count / elapsed)
    return best


def epoch_cases():
    X250, y250 = noisy_xor(250)
    X1000, y1000 = noisy_xor(1000)
    tutorial = MLP([3, 4, 1], "sigmoid", "sigmoid", "sse", bias=False, init="uniform01")
    return [
        ("tutorial 3-4-1 sigmoid sse, 4 points, full batch", tutorial, TUTORIAL_X, TUTORIAL_Y,
         4, 1.0),
        ("2-4-2-1 tanh, batch 10", MLP([2, 4, 2, 1], "tanh"), X250, y250, 10, 0.03),
        ("2-4-2-1 tanh, linear output + mse, batch 10",
         MLP([2, 4, 2, 1], "tanh", "linear", "mse"), X250, y250, 10, 0.03),
        ("2-4-2-3 relu, softmax + ce, batch 10", MLP([2, 4, 2, 3], "relu", "softmax", "ce"),
         X250, (X250[:, 0] > 0).astype(int) + (X250[:, 1] > 0), 10, 0.03),
        ("2-8x6-1 tanh, batch 10", MLP([2] + [8] * 6 + [1], "tanh"), X250, y250, 10, 0.03),
        ("2-64-64-1 relu, 1000 points, full batch", MLP([2, 64, 64, 1], "relu"), X1000, y1000,
         1000, 0.03),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.5, help="time per figure")
    args = parser.parse_args()
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print("train_epoch (epochs/s):")
    for name, net, X, y, batch, lr in epoch_cases():
        epochs = rate(lambda n=net, X=X, y=y, b=batch, lr=lr: n.train_epoch(X, y, lr, b),
                      args.seconds)
        target = TARGETS.get(name)
        verdict = "" if target is None else \
            f"   (target >= {target:.0f}: {'ok' if epochs >= target else 'MISSED'})"
        print(f"  {name:48s} {epochs:9.0f}{verdict}")

    X250, y250 = noisy_xor(250)
    X_test, y_test = noisy_xor(250, seed=1)
    run = TrainingRun(MLP([2, 4, 2, 1], "tanh"), X250, y250, X_test, y_test, batch_size=10)
    print("TrainingRun.step('epoch') with history and metrics (epochs/s):")
    print(f"  {'2-4-2-1 tanh, batch 10, 250 train + 250 test':48s} "
          f"{rate(lambda: run.step('epoch'), args.seconds):9.0f}")

    xs = np.linspace(-1, 1, 100)
    grid = np.stack(np.meshgrid(xs, xs), axis=-1).reshape(-1, 2)
    small = MLP([2, 4, 2, 1], "tanh")
    print("100 x 100 grid prediction, 2-4-2-1 tanh (ms):")
    for dtype in (np.float64, np.float32):
        ms = 1000.0 / rate(lambda d=dtype: small.predict(grid, dtype=d), args.seconds)
        note = f"   (target < {GRID_TARGET_MS}: {'ok' if ms < GRID_TARGET_MS else 'MISSED'})" \
            if dtype is np.float32 else ""
        print(f"  {np.dtype(dtype).name:48s} {ms:9.3f}{note}")


if __name__ == "__main__":
    main()

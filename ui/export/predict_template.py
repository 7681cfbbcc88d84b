#!/usr/bin/env python3
"""A neural network trained in the neural-network playground, as a standalone NumPy script.

The network is the block of numbers below: the input features it computes from a point (x1, x2),
one activation per weight layer and the trained weights and biases.

Usage:
    python predict.py X1 X2         prints the prediction for one point
    python predict.py --csv FILE    prints one prediction per row "x1,x2" of FILE
                                    (FILE "-" = standard input; a header line is skipped)
Each prediction is one line: the network's output value(s), separated by commas.
As a module:  from predict import predict;  predict(points)  # (n, 2) -> (n, n_outputs)
"""

import sys

import numpy as np

# The network. Layer l computes z = a @ WEIGHTS[l] + BIASES[l] (no bias where BIASES[l] is
# None), then a = activation(z) with the activation ACTIVATION_NAMES[l], the output layer last.
# WEIGHTS[l] has one row per input of the layer and one column per neuron. The playground's
# export writes the lines between the two markers; the ones here are a small example.
# --- network ---
FEATURE_NAMES = ['x1', 'x2']
ACTIVATION_NAMES = ['tanh', 'sigmoid']
WEIGHTS = [
    [
        [2.0, -2.0],
        [-2.0, 2.0],
    ],
    [
        [3.0],
        [3.0],
    ],
]
BIASES = [
    [-1.0, -1.0],
    [-1.5],
]
# --- end of network ---

# Each input feature as a function of the columns x1, x2 (the playground's feature names).
FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 ** 2,
    "x2^2": lambda x1, x2: x2 ** 2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}


def sigmoid(z):
    """1 / (1 + e^-z), written as 0.5 + 0.5 tanh(z / 2) so that it never overflows."""
    return 0.5 + 0.5 * np.tanh(0.5 * z)


def tanh(z):
    return np.tanh(z)


def relu(z):
    """max(0, z)"""
    return np.maximum(z, 0.0)


def leaky_relu(z):
    """z for z > 0, 0.01 z otherwise"""
    return np.where(z > 0, z, 0.01 * z)


def linear(z):
    return z


def softplus(z):
    """log(1 + e^z), computed without overflow"""
    return np.logaddexp(0.0, z)


def sin(z):
    return np.sin(z)


def softmax(z):
    """Each row: p_k = e^(z_k - m) / sum_j e^(z_j - m), m = the row's largest z."""
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


ACTIVATIONS = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu, "leaky_relu": leaky_relu,
               "linear": linear, "softplus": softplus, "sin": sin, "softmax": softmax}


def features(points):
    """(n, 2) points -> (n, len(FEATURE_NAMES)) network inputs."""
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([FEATURES[name](x1, x2) for name in FEATURE_NAMES])


def predict(points):
    """(n, 2) points (x1, x2) -> (n, n_outputs) network outputs."""
    a = features(np.asarray(points, dtype=np.float64).reshape(-1, 2))
    for W, b, name in zip(WEIGHTS, BIASES, ACTIVATION_NAMES, strict=True):
        z = a @ np.array(W, dtype=np.float64)
        if b is not None:
            z = z + np.array(b, dtype=np.float64)
        a = ACTIVATIONS[name](z)
    return a


def read_points(lines):
    """Rows "x1,x2" -> (n, 2) array; blank lines and a first line that is not numbers skipped."""
    rows = []
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        cells = line.split(",")
        try:
            rows.append([float(cells[0]), float(cells[1])])
        except (ValueError, IndexError):
            if number > 0 or rows:
                raise SystemExit(
                    f"line {number + 1} is not a point x1,x2: {line.strip()!r}") from None
    return np.array(rows, dtype=np.float64).reshape(-1, 2)


def main(args):
    if len(args) == 2 and args[0] == "--csv":
        if args[1] == "-":
            points = read_points(sys.stdin)
        else:
            with open(args[1], encoding="utf-8") as file:
                points = read_points(file)
    elif len(args) == 2:
        try:
            points = np.array([[float(args[0]), float(args[1])]])
        except ValueError:
            raise SystemExit("X1 and X2 must be numbers") from None
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for row in predict(points):
        print(",".join(repr(float(value)) for value in row))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

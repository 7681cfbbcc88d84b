"""The standalone prediction script: `predict_template.py` with a network's numbers filled in.

The script's code is the real file `ui/export/predict_template.py` (ruff checks it, the tests run
it). The export replaces only the lines between its "# --- network ---" markers: the input
feature names, the activation names and the weights and biases as Python literals (every float
written by repr, so exactly).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import numpy as np

from nn_core import MLP
from ui.export import predict_template
from ui.playground.model import Playground

TEMPLATE_PATH = Path(predict_template.__file__)
NETWORK_START = "# --- network ---\n"
NETWORK_END = "# --- end of network ---\n"
INDENT = "    "

# The script's input features and activations by name (its functions, the same formulas as
# nn_core's FEATURES and activations; the tests compare them).
FEATURE_CODE = MappingProxyType(predict_template.FEATURES)
ACTIVATION_CODE = MappingProxyType(predict_template.ACTIVATIONS)


def predict_script(playground: Playground) -> str:
    """A standalone Python script (NumPy only) that predicts with the live network."""
    return network_script(playground.run.net, playground.problem.features)


def network_script(net: MLP, feature_names: tuple[str, ...] | list[str]) -> str:
    """The prediction script for `net`, whose inputs are `feature_names` of (x1, x2)."""
    names = list(feature_names)
    if len(names) != net.sizes[0] or any(name not in FEATURE_CODE for name in names):
        raise ValueError(f"the network takes {net.sizes[0]} inputs from {', '.join(FEATURE_CODE)}")
    template = TEMPLATE_PATH.read_text(encoding="utf-8")
    head, rest = template.split(NETWORK_START)
    _, tail = rest.split(NETWORK_END)
    return head + NETWORK_START + network_block(net, names) + NETWORK_END + tail


def network_block(net: MLP, feature_names: list[str]) -> str:
    """The template's network lines for `net`: FEATURE_NAMES, ACTIVATION_NAMES, WEIGHTS (one
    (n_in, n_out) nested list per layer) and BIASES (one list per layer, or None)."""
    layers = range(1, net.n_layers + 1)
    weights = [_matrix_literal(net.params[f"W{layer}"]) for layer in layers]
    biases = [repr(net.params[f"b{layer}"].tolist()) if net.bias else "None" for layer in layers]
    return (f"FEATURE_NAMES = {feature_names!r}\n"
            f"ACTIVATION_NAMES = {net.activation_names!r}\n"
            + _list_literal("WEIGHTS", weights) + _list_literal("BIASES", biases))


def _matrix_literal(matrix: np.ndarray) -> str:
    """A nested list with one row per line, at the depth of an item of a module-level list."""
    rows = "".join(f"{INDENT * 2}{row!r},\n" for row in matrix.tolist())
    return f"[\n{rows}{INDENT}]"


def _list_literal(name: str, items: list[str]) -> str:
    lines = "".join(f"{INDENT}{item},\n" for item in items)
    return f"{name} = [\n{lines}]\n"

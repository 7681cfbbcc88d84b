"""Files the playground hands out and takes back (pure: no Streamlit).

- `export_model` / `import_model`: the trained network with every setting as JSON text
  (validated on import: any problem is a ValueError with a readable reason);
- `history_csv`: the loss/accuracy history; `data_csv`: the current data points;
- `predict_script`: a standalone NumPy script with the weights built in;
- `animation_html`: a standalone, offline HTML page replaying the decision boundary.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from string import Template
from types import MappingProxyType
from typing import Any

import numpy as np
import plotly

from nn_core import MLP
from nn_core.activations import LEAKY_SLOPE
from nn_core.datasets import KINDS, MAX_ABS_VALUE, MAX_SAMPLES, Dataset, dataset_to_csv
from nn_core.training import History, TrainingRun
from ui.i18n import t
from ui.playground import Playground
from ui.run_setup import build_network, build_problem
from ui.settings import FIELDS, RESET_FIELDS, Settings, encode_value, from_query

MODEL_FORMAT = "nn-playground-model"
MODEL_VERSION = 1
MAX_MODEL_BYTES = 1_000_000  # the server's upload limit (.streamlit/config.toml) too
MAX_COUNTER = 10**15
MAX_DOMAIN_VALUE = 10 * MAX_ABS_VALUE
MODEL_KEYS = ("format", "version", "settings", "network", "run", "dataset")
COUNTER_KEYS = ("epoch", "steps", "samples_seen")
DATASET_KEYS = ("name", "kind", "n_classes", "domain", "X", "y")
HISTORY_HEADER = ",".join(History.FIELDS)
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
ANIMATION_HEIGHT = 560  # px of the boundary plot; the slider and buttons come below
ANIMATION_FRAME_MS = 120


# --------------------------------------------------------------------------------------------
# Model JSON
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedModel:
    """A validated model file: settings, the trained network, the run's counters
    {"epoch", "steps", "samples_seen"} and the custom data (None = generated from settings)."""

    settings: Settings
    network: MLP
    counters: dict
    dataset: Dataset | None


def export_model(playground: Playground, settings: Settings) -> str:
    """JSON text: format tag, version, every setting (query-string text), the live network
    (MLP.to_dict), the run's counters and the custom dataset (null when generated)."""
    run = playground.run
    custom = playground.custom_dataset
    document = {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "settings": {field.name: encode_value(field.name, getattr(settings, field.name))
                     for field in fields(Settings)},
        "network": run.net.to_dict(),
        "run": {"epoch": run.epoch, "steps": run.steps, "samples_seen": run.samples_seen},
        "dataset": None if custom is None else _dataset_document(custom),
    }
    return json.dumps(document, indent=1, allow_nan=False)


def _dataset_document(dataset: Dataset) -> dict:
    """X as [[x1, x2], ...], y as a flat list (0/1, class numbers or targets)."""
    return {
        "name": "csv",
        "kind": dataset.kind,
        "n_classes": dataset.n_classes,
        "domain": list(dataset.domain),
        "X": dataset.X.tolist(),
        "y": dataset.y.reshape(-1).tolist(),
    }


def import_model(text: str | bytes, max_bytes: int = MAX_MODEL_BYTES) -> ImportedModel:
    """Read a file written by `export_model`; every problem raises ValueError (never pickle or
    eval: JSON only, each value type- and range-checked, the network checked against the
    architecture the settings describe)."""
    document = _json_document(text, max_bytes)
    settings = _settings_from(document["settings"])
    dataset = _dataset_from(document["dataset"])
    network = _network_from(document["network"])
    counters = _counters_from(document["run"])
    _check_network_fits(network, settings, dataset)
    return ImportedModel(settings, network, counters, dataset)


def _json_document(text: Any, max_bytes: int) -> dict:
    """Size, UTF-8 and JSON checks, then the top-level keys, format tag and version."""
    if isinstance(text, str):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("the model file contains invalid Unicode characters") from None
    elif isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
    else:
        raise ValueError(f"expected the file's text or bytes, got {type(text).__name__}")
    if len(data) > max_bytes:
        raise ValueError(f"the model file is {len(data):,} bytes; the limit is {max_bytes:,}")
    try:
        document = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise ValueError("the model file is not UTF-8 text") from None
    except (ValueError, RecursionError) as error:
        raise ValueError(f"the model file is not valid JSON ({_short(error)})") from None
    if not isinstance(document, dict):
        raise ValueError("the model file must hold a JSON object")
    if document.get("format") != MODEL_FORMAT:
        raise ValueError(f"not a playground model file (format must be {MODEL_FORMAT!r})")
    version = document.get("version")
    if type(version) is not int or version != MODEL_VERSION:
        raise ValueError(f"unsupported model file version {version!r}; expected {MODEL_VERSION}")
    _check_keys(document, MODEL_KEYS, "the model file")
    return document


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _check_keys(mapping: Any, expected: tuple[str, ...], what: str) -> None:
    """`mapping` must be a dict with exactly the `expected` keys."""
    if not isinstance(mapping, dict):
        raise ValueError(f"{what} must be a JSON object")
    missing = [key for key in expected if key not in mapping]
    if missing:
        raise ValueError(f"{what} is missing {', '.join(missing)}")
    unknown = sorted(str(key)[:40] for key in mapping if key not in expected)
    if unknown:
        raise ValueError(f"{what} has unknown entries: {', '.join(unknown[:5])}")


def _settings_from(raw: Any) -> Settings:
    """Settings through ui.settings' parsers; the data and architecture fields are required."""
    if not isinstance(raw, dict):
        raise ValueError("'settings' must be a JSON object of setting name -> text")
    for name, value in raw.items():
        if name not in FIELDS:
            raise ValueError(f"unknown setting {str(name)[:40]!r}")
        if not isinstance(value, str):
            raise ValueError(f"setting {name!r} must be text, got {type(value).__name__}")
    missing = [name for name in RESET_FIELDS if name not in raw]
    if missing:
        raise ValueError(f"settings are missing {', '.join(missing)}")
    settings, problems = from_query(raw)
    if problems:
        problem = problems[0]
        raise ValueError(f"setting {problem.name!r} is invalid: {problem.reason}")
    return settings


def _numbers(values: Any, what: str, limit: float, max_count: int) -> np.ndarray:
    """A JSON list of numbers (not booleans) with |v| <= limit -> float64 array."""
    if not isinstance(values, list) or len(values) > max_count:
        raise ValueError(f"{what} must be a list of at most {max_count:,} numbers")
    for value in values:
        if type(value) not in (int, float):
            raise ValueError(f"{what} must contain only numbers, found {_short_value(value)}")
        if not abs(value) <= limit:
            raise ValueError(f"{what} has a value out of range (|value| <= {limit:g})")
    return np.array(values, dtype=np.float64)


def _short_value(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 30 else text[:27] + "..."


def _dataset_from(raw: Any) -> Dataset | None:
    """The custom dataset (or None), validated by nn_core's Dataset constructor."""
    if raw is None:
        return None
    _check_keys(raw, DATASET_KEYS, "'dataset'")
    kind, n_classes, rows = raw["kind"], raw["n_classes"], raw["X"]
    if kind not in KINDS:
        raise ValueError(f"dataset kind must be one of {', '.join(KINDS)}")
    if type(n_classes) is not int or not 1 <= n_classes <= 1000:
        raise ValueError("dataset n_classes must be a whole number from 1 to 1000")
    if not isinstance(raw["name"], str) or len(raw["name"]) > 40:
        raise ValueError("dataset name must be a short text")
    if not isinstance(rows, list) or not 1 <= len(rows) <= MAX_SAMPLES:
        raise ValueError(f"dataset X must be a list of 1 to {MAX_SAMPLES:,} points [x1, x2]")
    if not all(isinstance(row, list) and len(row) == 2 for row in rows):
        raise ValueError("each point of dataset X must be a list [x1, x2]")
    X = _numbers([v for row in rows for v in row], "dataset X", MAX_ABS_VALUE, 2 * MAX_SAMPLES)
    y = _numbers(raw["y"], "dataset y", MAX_ABS_VALUE, MAX_SAMPLES)
    domain = _numbers(raw["domain"], "dataset domain", MAX_DOMAIN_VALUE, 4)
    if len(y) != len(rows) or len(domain) != 4:
        raise ValueError("dataset y needs one label per point and domain 4 numbers")
    if kind == "multiclass":
        if not np.array_equal(y, np.round(y)):
            raise ValueError("multiclass labels must be whole numbers")
        labels = y.astype(np.int64)
    else:
        labels = y.reshape(-1, 1)
    try:
        return Dataset(raw["name"], X.reshape(-1, 2), labels, kind, n_classes, tuple(domain))
    except ValueError as error:
        raise ValueError(f"the dataset is invalid: {error}") from None


def _network_from(raw: Any) -> MLP:
    """MLP.from_dict with its own validation; any failure becomes a ValueError with context."""
    try:
        return MLP.from_dict(raw)
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as error:
        raise ValueError(f"the network is invalid: {_short(error)}") from None


def _counters_from(raw: Any) -> dict:
    _check_keys(raw, COUNTER_KEYS, "'run'")
    for name in COUNTER_KEYS:
        value = raw[name]
        if type(value) is not int or not 0 <= value <= MAX_COUNTER:
            raise ValueError(f"run {name} must be a whole number from 0 to {MAX_COUNTER:g}")
    return {name: raw[name] for name in COUNTER_KEYS}


def _check_network_fits(network: MLP, settings: Settings, dataset: Dataset | None) -> None:
    """The network must be the one the settings build: sizes [n_features, *hidden, n_out],
    activations, loss, biases, float64."""
    try:
        expected, _ = build_network(settings, build_problem(settings, dataset))
    except ValueError as error:
        raise ValueError(f"the settings do not fit the data: {_short(error)}") from None
    checks = (
        ("layer sizes", network.sizes, expected.sizes),
        ("activations", network.activation_names, expected.activation_names),
        ("loss functions", network.loss_name, expected.loss_name),
        ("biases", network.bias, expected.bias),
        ("number type", network.dtype.name, expected.dtype.name),
    )
    for what, found, wanted in checks:
        if found != wanted:
            raise ValueError(f"the network's {what} ({found}) do not match the settings "
                             f"({wanted}, from the features, hidden layers and outputs)")


def restore_playground(imported: ImportedModel) -> Playground:
    """A playground that continues the imported run: its settings and data, the trained
    weights and the saved counters. History and snapshots restart at the loaded point
    (one point each); a later divergence falls back to the loaded weights."""
    playground = Playground(imported.settings, imported.dataset)
    playground.run.net.set_flat(imported.network.flat)
    playground.run.continue_from(*(imported.counters[name] for name in COUNTER_KEYS))
    return playground


# --------------------------------------------------------------------------------------------
# CSV files
# --------------------------------------------------------------------------------------------


def history_csv(run: TrainingRun) -> str:
    """CSV "epoch,step,train_loss,test_loss,train_acc,test_acc", one row per history point;
    missing values (no test set, regression accuracy) are empty cells."""
    columns = [run.history.column(name) for name in History.FIELDS]
    lines = [HISTORY_HEADER]
    for epoch, step, *metrics in zip(*columns, strict=True):
        cells = [repr(float(epoch)), str(int(step))]
        cells += ["" if math.isnan(value) else repr(float(value)) for value in metrics]
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def data_csv(playground: Playground) -> str:
    """The current points (train and test together, in the dataset's order) as CSV
    "x1,x2,label" (nn_core.datasets.dataset_to_csv; load_csv reads it back)."""
    dataset = playground.problem.dataset
    return dataset_to_csv(dataset.X, dataset.y)


# --------------------------------------------------------------------------------------------
# Standalone prediction script
# --------------------------------------------------------------------------------------------

# Each input feature as a NumPy expression of the columns x1, x2 (same as nn_core FEATURES).
FEATURE_CODE = MappingProxyType({
    "x1": "x1",
    "x2": "x2",
    "x1^2": "x1 ** 2",
    "x2^2": "x2 ** 2",
    "x1*x2": "x1 * x2",
    "sin(x1)": "np.sin(x1)",
    "sin(x2)": "np.sin(x2)",
})

# Each activation as a readable NumPy function (same formulas as nn_core.activations).
ACTIVATION_CODE = MappingProxyType({
    "sigmoid": '''def sigmoid(z):
    """1 / (1 + e^-z), written as 0.5 + 0.5 tanh(z / 2) so that it never overflows."""
    return 0.5 + 0.5 * np.tanh(0.5 * z)''',
    "tanh": '''def tanh(z):
    return np.tanh(z)''',
    "relu": '''def relu(z):
    """max(0, z)"""
    return np.maximum(z, 0.0)''',
    "leaky_relu": f'''def leaky_relu(z):
    """z for z > 0, {LEAKY_SLOPE!r} z otherwise"""
    return np.where(z > 0, z, {LEAKY_SLOPE!r} * z)''',
    "linear": '''def linear(z):
    return z''',
    "softplus": '''def softplus(z):
    """log(1 + e^z), computed without overflow"""
    return np.logaddexp(0.0, z)''',
    "sin": '''def sin(z):
    return np.sin(z)''',
    "softmax": '''def softmax(z):
    """Each row: p_k = e^(z_k - m) / sum_j e^(z_j - m), m = the row's largest z."""
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)''',
})

SCRIPT_TEMPLATE = Template('''#!/usr/bin/env python3
"""A neural network trained in the neural-network playground, as a standalone NumPy script.

Network: layer sizes $sizes, activations $activations (the output layer last).
It reads a point (x1, x2) and feeds it the input features $feature_names.

Usage:
    python predict.py X1 X2         prints the prediction for one point
    python predict.py --csv FILE    prints one prediction per row "x1,x2" of FILE
                                    (FILE "-" = standard input; a header line is skipped)
Each prediction is one line: the $n_out output value(s), separated by commas.
As a module:  from predict import predict;  predict(points)  # (n, 2) -> (n, $n_out)
"""

import sys

import numpy as np

FEATURE_NAMES = $feature_names
LAYER_SIZES = $sizes
ACTIVATION_NAMES = $activations  # one per weight layer, the output layer last

# Layer l computes z = a @ WEIGHTS[l] + BIASES[l], then a = activation(z).
WEIGHTS = [
$weights
]
BIASES = [
$biases
]


def features(points):
    """(n, 2) points -> (n, $n_features) network inputs: $feature_list."""
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([$feature_code])


$activation_code


ACTIVATIONS = {$activation_table}


def predict(points):
    """(n, 2) points (x1, x2) -> (n, $n_out) network outputs."""
    a = features(np.asarray(points, dtype=np.float64).reshape(-1, 2))
    for W, b, name in zip(WEIGHTS, BIASES, ACTIVATION_NAMES):
        z = a @ W
        if b is not None:
            z = z + b
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
                raise SystemExit(f"line {number + 1} is not a point x1,x2: {line.strip()!r}")
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
''')


def predict_script(playground: Playground) -> str:
    """A standalone Python script (NumPy only) that predicts with the live network."""
    return network_script(playground.run.net, playground.problem.features)


def network_script(net: MLP, feature_names: tuple[str, ...] | list[str]) -> str:
    """The prediction script for `net`, whose inputs are `feature_names` of (x1, x2).

    Weights are Python float literals (repr, exact); see the script's docstring for usage.
    """
    names = list(feature_names)
    if len(names) != net.sizes[0] or any(name not in FEATURE_CODE for name in names):
        raise ValueError(f"the network takes {net.sizes[0]} inputs from {', '.join(FEATURE_CODE)}")
    activations = net.activation_names
    used = list(dict.fromkeys(activations))
    layers = range(1, net.n_layers + 1)
    return SCRIPT_TEMPLATE.substitute(
        sizes=repr(list(net.sizes)),
        activations=repr(activations),
        feature_names=repr(names),
        feature_list=", ".join(names),
        feature_code=", ".join(FEATURE_CODE[name] for name in names),
        n_features=len(names),
        n_out=net.sizes[-1],
        weights="\n".join(_array_literal(net.params[f"W{i}"]) for i in layers),
        biases="\n".join(_array_literal(net.params[f"b{i}"]) if net.bias else "    None,"
                         for i in layers),
        activation_code="\n\n\n".join(ACTIVATION_CODE[name] for name in used),
        activation_table=", ".join(f"{name!r}: {name}" for name in used),
    )


def _array_literal(array: np.ndarray) -> str:
    """`np.array([...]),` with every float written by repr (a matrix gets one row per line)."""
    if array.ndim == 1:
        return f"    np.array({array.tolist()!r}),"
    rows = "\n".join(f"        {row!r}," for row in array.tolist())
    return f"    np.array([\n{rows}\n    ]),"


# --------------------------------------------------------------------------------------------
# Standalone HTML animation
# --------------------------------------------------------------------------------------------

HTML_TEMPLATE = Template('''<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<title>$title</title>
<style>body { font-family: sans-serif; margin: 16px; color: #31333f; }
h1 { font-size: 20px; font-weight: 600; }</style>
<script>$plotly_js</script>
</head>
<body>
<h1>$title</h1>
<div id="animation"></div>
<script type="application/json" id="figure-spec">$spec</script>
<script>
const spec = JSON.parse(document.getElementById("figure-spec").textContent);
Plotly.newPlot("animation", spec.data, spec.layout, spec.config).then(function (chart) {
  return Plotly.addFrames(chart, spec.frames);
});
</script>
</body>
</html>
''')


def frame_indices(count: int, max_frames: int) -> list[int]:
    """At most `max_frames` of range(count), evenly spread, always with the last one."""
    if count <= 0 or max_frames <= 0:
        return []
    if count <= max_frames:
        return list(range(count))
    if max_frames == 1:
        return [count - 1]
    return [int(i) for i in np.rint(np.linspace(0, count - 1, max_frames))]


def animation_figure(playground: Playground, settings: Settings, lang: str,
                     max_frames: int = 60, height: int = ANIMATION_HEIGHT) -> dict:
    """Plotly figure dict with frames: the decision boundary of each chosen snapshot (the
    heatmap trace's z changes), a play/pause button and a slider labelled by epoch."""
    run = playground.run
    indices = frame_indices(len(run.snapshots), max_frames)
    figures = [playground.boundary_figure_for(run.net_at(i), settings, lang, height)
               for i in indices]
    names = [f"snapshot{i}" for i in indices]
    frames = [{"name": name, "data": [{"type": "heatmap", "z": figure["data"][0]["z"]}],
               "traces": [0]}
              for name, figure in zip(names, figures, strict=True)]
    epoch_prefix = t("export.animation.epoch", lang)
    labels = [_epoch_label(run.snapshots[i].epoch) for i in indices]
    figure = figures[0]
    layout = figure["layout"]
    layout["height"] = height + 110
    layout["margin"] = {**layout.get("margin", {}), "b": 150}
    layout["updatemenus"] = [_play_buttons(lang)]
    layout["sliders"] = [{
        "active": 0, "x": 0.2, "len": 0.8, "y": 0, "yanchor": "top", "pad": {"t": 50},
        "currentvalue": {"prefix": epoch_prefix, "visible": True},
        "steps": [{"label": label, "method": "animate",
                   "args": [[name], {"mode": "immediate", "frame": {"duration": 0,
                                                                    "redraw": True},
                                     "transition": {"duration": 0}}]}
                  for name, label in zip(names, labels, strict=True)],
    }]
    return {"data": figure["data"], "layout": layout, "frames": frames,
            "config": {"displaylogo": False, "responsive": True,
                       "modeBarButtonsToRemove": ["sendDataToCloud", "sendChartToCloud"]}}


def _epoch_label(epoch: float) -> str:
    return f"{epoch:.2f}".rstrip("0").rstrip(".")


def _play_buttons(lang: str) -> dict:
    play = {"frame": {"duration": ANIMATION_FRAME_MS, "redraw": True}, "fromcurrent": True,
            "transition": {"duration": 0}}
    pause = {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}
    return {
        "type": "buttons", "direction": "left", "x": 0.0, "y": 0, "xanchor": "left",
        "yanchor": "top", "pad": {"t": 58}, "showactive": False,
        "buttons": [
            {"label": t("export.animation.play", lang), "method": "animate", "args": [None, play]},
            {"label": t("export.animation.pause", lang), "method": "animate",
             "args": [[None], pause]},
        ],
    }


def animation_html(playground: Playground, settings: Settings, lang: str,
                   max_frames: int = 60) -> str:
    """A standalone HTML page (plotly.js inlined, works offline, about 5 MB) that plays the
    run's snapshots as an animation of the decision boundary."""
    figure = animation_figure(playground, settings, lang, max_frames)
    title = t("export.animation.title", lang, dataset=playground.problem.dataset.name)
    plotly_js = PLOTLY_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")
    return HTML_TEMPLATE.substitute(
        lang=html.escape(lang), title=html.escape(title), plotly_js=plotly_js,
        spec=_script_json(figure),
    )


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element ("<" escaped); NumPy arrays as lists, NaN -> null."""
    text = json.dumps(_json_ready(value), separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c")


def _json_ready(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _json_ready(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            return np.where(np.isfinite(value), value, None).tolist()
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_json_ready(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value

"""The model file: the trained network with every setting as JSON, and its validated import.

`export_model` writes it; `import_model` reads it back (any problem is a ValueError with a
readable reason; JSON only, never pickle or eval); `restore_playground` continues the run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from nn_core import MLP
from nn_core.datasets import KINDS, MAX_ABS_VALUE, MAX_SAMPLES, Dataset
from ui.common.run_setup import build_network, build_problem
from ui.common.settings import FIELDS, RESET_FIELDS, Settings, encode_value, from_query
from ui.playground.model import Playground

MODEL_FORMAT = "nn-playground-model"
MODEL_VERSION = 1
MAX_MODEL_BYTES = 1_000_000  # the server's upload limit (.streamlit/config.toml) too
MAX_COUNTER = 10**15
MAX_DOMAIN_VALUE = 10 * MAX_ABS_VALUE
MODEL_KEYS = ("format", "version", "settings", "network", "run", "dataset")
COUNTER_KEYS = ("epoch", "steps", "samples_seen")
DATASET_KEYS = ("name", "kind", "n_classes", "domain", "X", "y")


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
    """Settings through ui.common.settings' parsers; the data and architecture fields are
    required."""
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

"""The model file: the trained network with every setting as JSON, and its validated import.

`export_model` writes it; `import_model` reads it back (any problem is a ModelFileProblem, a
ValueError with a code and a readable reason; JSON only, never pickle or eval);
`restore_playground` continues the run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from nn_core import MLP
from nn_core.datasets import KINDS, MAX_ABS_VALUE, MAX_SAMPLES, Dataset
from nn_core.problems import Names
from ui.common.run_setup import build_network, build_problem
from ui.common.settings import FIELDS, RESET_FIELDS, Settings, encode_value, parse_value
from ui.export.model_problems import ModelFileProblem
from ui.playground.model import Playground

MODEL_FORMAT = "nn-playground-model"
MODEL_VERSION = 1
MAX_MODEL_BYTES = 1_000_000  # the server's upload limit (.streamlit/config.toml) too
MAX_COUNTER = 10**15
MAX_DOMAIN_VALUE = 10 * MAX_ABS_VALUE
MAX_CLASSES = 1000
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
    """Read a file written by `export_model`; every problem raises ModelFileProblem (never
    pickle or eval: JSON only, each value type- and range-checked, the network checked against the
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
            raise ModelFileProblem("file_not_unicode") from None
    elif isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
    else:
        raise ValueError(f"expected the file's text or bytes, got {type(text).__name__}")
    if len(data) > max_bytes:
        raise ModelFileProblem("file_too_big", size=len(data), limit=max_bytes)
    try:
        document = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise ModelFileProblem("file_not_utf8") from None
    except json.JSONDecodeError as error:
        raise ModelFileProblem("json_syntax", syntax=error.msg, line=error.lineno,
                               column=error.colno, char=error.pos) from None
    except ModelFileProblem:
        raise
    except (ValueError, RecursionError) as error:
        raise ModelFileProblem.because("json_not_read", error) from None
    if not isinstance(document, dict):
        raise ModelFileProblem("file_not_object")
    if document.get("format") != MODEL_FORMAT:
        raise ModelFileProblem("file_format", expected=MODEL_FORMAT)
    version = document.get("version")
    if type(version) is not int or version != MODEL_VERSION:
        raise ModelFileProblem("file_version", found=version, expected=MODEL_VERSION)
    _check_keys(document, MODEL_KEYS, "the model file")
    return document


def _reject_constant(name: str) -> None:
    raise ModelFileProblem("json_constant", constant=name)


def _check_keys(mapping: Any, expected: tuple[str, ...], part: str) -> None:
    """`mapping` must be a dict with exactly the `expected` keys."""
    if not isinstance(mapping, dict):
        raise ModelFileProblem("part_not_object", part=part)
    missing = [key for key in expected if key not in mapping]
    if missing:
        raise ModelFileProblem("part_missing", part=part, keys=Names(missing))
    unknown = sorted(str(key)[:40] for key in mapping if key not in expected)
    if unknown:
        raise ModelFileProblem("part_unknown", part=part, keys=Names(unknown[:5]))


def _settings_from(raw: Any) -> Settings:
    """Settings through ui.common.settings' parsers; the data and architecture fields are
    required."""
    if not isinstance(raw, dict):
        raise ModelFileProblem("settings_not_object")
    for name, value in raw.items():
        if name not in FIELDS:
            raise ModelFileProblem("unknown_setting", name=str(name)[:40])
        if not isinstance(value, str):
            raise ModelFileProblem("setting_not_text", name=name, type=type(value).__name__)
    missing = [name for name in RESET_FIELDS if name not in raw]
    if missing:
        raise ModelFileProblem("settings_missing", names=Names(missing))
    values = {}
    for name, text in raw.items():
        try:
            values[name] = parse_value(name, text)
        except ValueError as error:
            raise ModelFileProblem.because("setting_invalid", error, limit=None,
                                           name=name) from None
    return Settings(**values)


def _numbers(values: Any, field: str, limit: float, max_count: int) -> np.ndarray:
    """A JSON list of numbers (not booleans) with |v| <= limit -> float64 array."""
    if not isinstance(values, list) or len(values) > max_count:
        raise ModelFileProblem("numbers_list", field=field, limit=max_count)
    for value in values:
        if type(value) not in (int, float):
            raise ModelFileProblem("numbers_only", field=field, value=_short_value(value))
        if not abs(value) <= limit:
            raise ModelFileProblem("numbers_range", field=field, limit=limit)
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
        raise ModelFileProblem("dataset_kind", kinds=Names(KINDS))
    if type(n_classes) is not int or not 1 <= n_classes <= MAX_CLASSES:
        raise ModelFileProblem("dataset_classes", limit=MAX_CLASSES)
    if not isinstance(raw["name"], str) or len(raw["name"]) > 40:
        raise ModelFileProblem("dataset_name")
    if not isinstance(rows, list) or not 1 <= len(rows) <= MAX_SAMPLES:
        raise ModelFileProblem("dataset_points", limit=MAX_SAMPLES)
    if not all(isinstance(row, list) and len(row) == 2 for row in rows):
        raise ModelFileProblem("dataset_point")
    X = _numbers([v for row in rows for v in row], "dataset X", MAX_ABS_VALUE, 2 * MAX_SAMPLES)
    y = _numbers(raw["y"], "dataset y", MAX_ABS_VALUE, MAX_SAMPLES)
    domain = _numbers(raw["domain"], "dataset domain", MAX_DOMAIN_VALUE, 4)
    if len(y) != len(rows) or len(domain) != 4:
        raise ModelFileProblem("dataset_lengths")
    if kind == "multiclass":
        if not np.array_equal(y, np.round(y)):
            raise ModelFileProblem("multiclass_whole")
        labels = y.astype(np.int64)
    else:
        labels = y.reshape(-1, 1)
    try:
        return Dataset(raw["name"], X.reshape(-1, 2), labels, kind, n_classes, tuple(domain))
    except ValueError as error:
        raise ModelFileProblem.because("dataset_invalid", error, limit=None) from None


def _network_from(raw: Any) -> MLP:
    """MLP.from_dict with its own validation; any failure becomes a ModelFileProblem whose
    reason is nn_core's (cut to 120 characters)."""
    try:
        return MLP.from_dict(raw)
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as error:
        raise ModelFileProblem.because("network_invalid", error) from None


def _counters_from(raw: Any) -> dict:
    _check_keys(raw, COUNTER_KEYS, "'run'")
    for name in COUNTER_KEYS:
        value = raw[name]
        if type(value) is not int or not 0 <= value <= MAX_COUNTER:
            raise ModelFileProblem("counter_range", name=name, limit=MAX_COUNTER)
    return {name: raw[name] for name in COUNTER_KEYS}


def _check_network_fits(network: MLP, settings: Settings, dataset: Dataset | None) -> None:
    """The network must be the one the settings build: sizes [n_features, *hidden, n_out],
    activations, loss, biases, float64."""
    try:
        expected, _ = build_network(settings, build_problem(settings, dataset))
    except ValueError as error:
        raise ModelFileProblem.because("settings_misfit", error) from None
    checks = (
        ("layer sizes", network.sizes, expected.sizes),
        ("activations", network.activation_names, expected.activation_names),
        ("loss functions", network.loss_name, expected.loss_name),
        ("biases", network.bias, expected.bias),
        ("number type", network.dtype.name, expected.dtype.name),
    )
    for aspect, found, wanted in checks:
        if found != wanted:
            raise ModelFileProblem("network_mismatch", aspect=aspect, found=found, wanted=wanted)


def restore_playground(imported: ImportedModel) -> Playground:
    """A playground that continues the imported run: its settings and data, the trained
    weights and the saved counters. History and snapshots restart at the loaded point
    (one point each); a later divergence falls back to the loaded weights."""
    playground = Playground(imported.settings, imported.dataset)
    playground.run.net.set_flat(imported.network.flat)
    playground.run.continue_from(*(imported.counters[name] for name in COUNTER_KEYS))
    return playground

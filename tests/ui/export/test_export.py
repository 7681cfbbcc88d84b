"""Exports: model JSON round trip and validation, CSV files and the offline HTML animation
(the prediction script: test_predict_script)."""

from __future__ import annotations

import copy
import html
import json
import math
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from nn_core.csv_data import load_csv
from nn_core.datasets import FEATURES, Dataset, make_dataset
from ui.common.figures import multiclass_shading
from ui.common.settings import Settings
from ui.export.animation import animation_html, frame_indices
from ui.export.csv_files import HISTORY_HEADER, data_csv, history_csv
from ui.export.model_file import ImportedModel, export_model, import_model, restore_playground
from ui.playground.model import Playground

TRAINED = Settings(dataset="circle", n_points=120, noise=0.1, hidden=(5, 3), activation="relu",
                   learning_rate=0.1, batch_size=7, features=("x1", "x2", "x1^2", "sin(x2)"),
                   train_ratio=0.6, weight_seed=7, reg_rate=0.001, regularization="l2",
                   lang="zh", show_test=True)


def trained(settings: Settings = TRAINED, epochs: int = 5, dataset=None) -> Playground:
    playground = Playground(settings, dataset)
    playground.train("epoch", epochs)
    return playground


def custom_dataset() -> Dataset:
    rng = np.random.default_rng(3)
    X = rng.uniform(-3, 3, size=(30, 2))
    y = (X[:, :1] > 0).astype(float)
    return Dataset("csv", X, y, "binary", 2, (-4.0, 4.0, -4.0, 4.0))


def valid_document(playground: Playground | None = None) -> dict:
    playground = playground or trained(epochs=2)
    return json.loads(export_model(playground, TRAINED))


# --- model JSON: round trips ------------------------------------------------------------------


@pytest.mark.parametrize("settings", [
    TRAINED,
    Settings(),
    Settings(dataset="spiral3", hidden=(6,), activation="tanh", noise=0.2),
    Settings(dataset="gauss_sum", hidden=(), features=tuple(FEATURES), activation="sin"),
    Settings(dataset="xor4", hidden=(2,), activation="sigmoid", output_activation="sigmoid",
             loss="sse", init="uniform01", learning_rate=10.0),
])
def test_export_then_import_gives_the_same_network_and_settings(settings):
    playground = trained(settings)
    imported = import_model(export_model(playground, settings))
    assert isinstance(imported, ImportedModel)
    assert imported.settings == settings
    grid = playground.grid.inputs
    assert np.array_equal(imported.network.predict(grid), playground.run.net.predict(grid))
    run = playground.run
    assert imported.counters == {"epoch": run.epoch, "steps": run.steps,
                                 "samples_seen": run.samples_seen}
    assert imported.dataset is None


def test_custom_dataset_round_trips_and_rebuilds_the_same_problem():
    settings = Settings(hidden=(3,))
    playground = trained(settings, dataset=custom_dataset())
    imported = import_model(export_model(playground, settings).encode("utf-8"))
    original = playground.custom_dataset
    assert np.array_equal(imported.dataset.X, original.X)
    assert np.array_equal(imported.dataset.y, original.y)
    assert (imported.dataset.kind, imported.dataset.n_classes, imported.dataset.domain) == (
        original.kind, original.n_classes, original.domain)
    rebuilt = Playground(imported.settings, imported.dataset)
    assert np.array_equal(rebuilt.problem.X_train, playground.problem.X_train)


def test_multiclass_custom_dataset_keeps_integer_labels():
    base = make_dataset("spiral3", n=60, seed=1)
    dataset = Dataset("csv", base.X, base.y, "multiclass", 3, base.domain)
    settings = Settings(dataset="spiral3", hidden=(4,))
    imported = import_model(export_model(trained(settings, 1, dataset), settings))
    assert imported.dataset.y.dtype == np.int64
    assert np.array_equal(imported.dataset.y, base.y)


def test_export_is_json_with_the_documented_layout():
    document = valid_document()
    assert document["format"] == "nn-playground-model" and document["version"] == 1
    assert document["settings"]["hidden"] == "5-3"
    assert document["settings"]["features"] == "x1,x2,x1^2,sin(x2)"
    assert document["network"]["config"]["sizes"] == [4, 5, 3, 1]
    assert set(document["run"]) == {"epoch", "steps", "samples_seen"}
    assert document["dataset"] is None


@pytest.mark.parametrize("settings", [TRAINED, Settings(dataset="spiral3", hidden=(6,)),
                                      Settings(dataset="xor4", hidden=(2,))])
def test_restored_playground_continues_the_saved_run(settings):
    playground = trained(settings, epochs=6)
    saved = playground.run
    restored = restore_playground(import_model(export_model(playground, settings)))
    run = restored.run
    assert np.array_equal(run.net.flat, saved.net.flat)
    assert (run.epoch, run.steps, run.samples_seen) == (saved.epoch, saved.steps,
                                                        saved.samples_seen)
    assert len(run.history) == 1 and run.history.step.tolist() == [saved.steps]
    assert run.history.epoch.tolist() == [saved.epoch]
    assert run.history.train_loss[0] == pytest.approx(saved.metrics()["train_loss"], rel=1e-12)
    assert len(run.snapshots) == 1 and np.array_equal(run.snapshots[0].flat, saved.net.flat)
    assert run.learning_rate == settings.learning_rate and run.optimizer_name == "sgd"
    batches = run.batches_per_epoch
    restored.train("epoch", 2)
    assert run.steps == saved.steps + 2 * batches and run.epoch == saved.epoch + 2
    assert run.history.epoch.tolist()[-1] == saved.epoch + 2
    assert not np.array_equal(run.net.flat, saved.net.flat)


# --- model JSON: rejected files ---------------------------------------------------------------


def mutated(change) -> str:
    document = valid_document()
    change(document)
    return json.dumps(document)


def _set(path, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _delete(*path):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


def _custom(**fields):
    def change(document):
        data = {"name": "csv", "kind": "binary", "n_classes": 2,
                "domain": [-4.0, 4.0, -4.0, 4.0], "X": [[0.0, 1.0]] * 4 + [[1.0, 0.0]] * 4,
                "y": [0, 1] * 4}
        data.update(fields)
        document["dataset"] = data
    return change


BAD_FILES = [
    (b"\xff\xfe{}", "not UTF-8"),
    ("{'format': 1}", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ("[" * 100_000 + "]" * 100_000, "JSON"),
    ('{"format": "nn-playground-model", "version": NaN}', "not valid JSON"),
    (mutated(_set(["format"], "other")), "format"),
    (mutated(_set(["version"], 2)), "version"),
    (mutated(_set(["version"], True)), "version"),
    (mutated(_delete("run")), "missing run"),
    (mutated(_set(["extra"], 1)), "unknown entries: extra"),
    (mutated(_set(["settings", "hidden"], 3)), "'hidden' must be text"),
    (mutated(_set(["settings", "hidden"], "99")), "setting 'hidden' is invalid"),
    (mutated(_set(["settings", "learning_rate"], "nan")), "setting 'learning_rate'"),
    (mutated(_set(["settings", "colour"], "red")), "unknown setting 'colour'"),
    (mutated(_delete("settings", "dataset")), "missing dataset"),
    (mutated(_set(["settings"], [])), "'settings' must be"),
    (mutated(_set(["settings", "hidden"], "3")),
     "layer sizes ([4, 5, 3, 1]) do not match the settings ([4, 3, 1]"),
    (mutated(_set(["settings", "features"], "x1,x2")), "layer sizes"),
    (mutated(_set(["settings", "activation"], "tanh")), "activations"),
    (mutated(_set(["settings", "dataset"], "spiral3")), "layer sizes"),
    (mutated(_set(["settings", "loss"], "mse")), "loss"),
    (mutated(_set(["network", "params", "W1"], [[1.0]])), "the network is invalid"),
    (mutated(_set(["network", "params", "b1"], [True] * 5)), "the network is invalid"),
    (mutated(_set(["network", "params", "b1"], [1e400] * 5)), "Infinity is not a number"),
    (mutated(_set(["network", "config", "sizes"], [4, 1000, 1000, 1])), "network is invalid"),
    (mutated(_set(["network", "config", "dtype"], "float32")), "number type"),
    (mutated(_set(["network", "config", "bias"], False)), "the network is invalid"),
    (mutated(_set(["network"], "W1")), "the network is invalid"),
    (mutated(_set(["run", "steps"], -1)), "run steps"),
    (mutated(_set(["run", "epoch"], 1.5)), "run epoch"),
    (mutated(_set(["run", "epoch"], False)), "run epoch"),
    (mutated(_custom(y=[0, 2] * 4)), "dataset is invalid"),
    (mutated(_custom(X=[[0.0, "1"]] * 8)), "only numbers"),
    (mutated(_custom(X=[[0.0, 1e300]] * 8)), "out of range"),
    (mutated(_custom(X=[[0.0, 1.0, 2.0]] * 8)), "[x1, x2]"),
    (mutated(_custom(y=[0, 1])), "one label per point"),
    (mutated(_custom(kind="ordinal")), "kind"),
    (mutated(_custom(domain=[1.0, 0.0, 0.0, 1.0])), "dataset is invalid"),
    (mutated(_custom(X=[[0.0, 1.0]] * 10_001, y=[0] * 10_001)), "points"),
    (mutated(_custom(kind="multiclass", n_classes=3, y=[0.5] * 8)), "whole numbers"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES,
                         ids=[f"bad{i}" for i in range(len(BAD_FILES))])
def test_bad_files_raise_value_error_with_a_reason(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        import_model(text)


def test_too_large_files_are_refused_before_parsing():
    text = export_model(trained(epochs=1), TRAINED)
    with pytest.raises(ValueError, match="limit"):
        import_model(text, max_bytes=len(text) - 1)
    assert import_model(text, max_bytes=len(text)).settings == TRAINED


def test_a_custom_dataset_with_a_different_class_count_does_not_fit():
    base = make_dataset("spiral3", n=60, seed=1)
    dataset = Dataset("csv", base.X, base.y, "multiclass", 3, base.domain)
    settings = Settings(dataset="spiral3", hidden=(4,))
    document = json.loads(export_model(trained(settings, 1, dataset), settings))
    document["dataset"]["n_classes"] = 4
    with pytest.raises(ValueError, match="layer sizes"):
        import_model(json.dumps(document))


def _import_or_value_error(data) -> None:
    try:
        result = import_model(data)
    except ValueError:
        return
    assert isinstance(result, ImportedModel)


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_arbitrary_bytes_and_text_give_a_model_or_value_error(data):
    _import_or_value_error(data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6),
                                                                      children, max_size=4),
    max_leaves=12,
)
VALID_DOCUMENT = valid_document(trained(epochs=1))


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            yield from _paths(item, (*prefix, index))


PATHS = [path for path in _paths(VALID_DOCUMENT) if path]


@hypothesis_settings(max_examples=300, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), JSON_VALUES, st.booleans()), min_size=1,
                max_size=3))
def test_json_mutations_give_a_model_or_value_error(changes):
    document = copy.deepcopy(VALID_DOCUMENT)
    for path, value, delete in changes:
        target = document
        try:
            for key in path[:-1]:
                target = target[key]
            if delete and isinstance(target, dict):
                target.pop(path[-1], None)
            else:
                target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    _import_or_value_error(json.dumps(document))


# --- CSV files --------------------------------------------------------------------------------


def _csv_rows(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip().split("\n")]


def test_history_csv_has_one_row_per_history_point_with_exact_values():
    playground = trained(epochs=4)
    history = playground.run.history
    rows = _csv_rows(history_csv(playground.run))
    header = "epoch,step,train_loss,test_loss,train_acc,test_acc"
    assert ",".join(rows[0]) == HISTORY_HEADER == header
    assert len(rows) - 1 == len(history) > 4
    for name in ("epoch", "train_loss", "test_loss", "train_acc", "test_acc"):
        column = rows[0].index(name)
        assert [float(row[column]) for row in rows[1:]] == history.column(name).tolist()
    assert [int(row[1]) for row in rows[1:]] == history.step.astype(int).tolist()


def test_history_csv_leaves_missing_values_empty():
    regression = trained(Settings(dataset="plane", hidden=(2,)), epochs=2)
    for row in _csv_rows(history_csv(regression.run))[1:]:
        assert row[4] == row[5] == "" and row[2] and row[3]
    no_test = trained(Settings(dataset="xor4", hidden=(2,)), epochs=2)
    for row in _csv_rows(history_csv(no_test.run))[1:]:
        assert row[3] == row[5] == "" and row[2] and row[4]


@pytest.mark.parametrize("name", ["xor", "spiral3", "gauss_sum"])
def test_data_csv_reads_back_as_the_whole_dataset(name):
    playground = Playground(Settings(dataset=name, noise=0.3, n_points=50))
    dataset = playground.problem.dataset
    back = load_csv(data_csv(playground))
    assert np.array_equal(back.X, dataset.X)
    assert np.array_equal(back.y, dataset.y)
    assert back.kind == dataset.kind


# --- standalone HTML animation ----------------------------------------------------------------


def html_spec(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="figure-spec">(.*?)</script>', page,
                      re.DOTALL)
    assert match is not None
    return json.loads(match.group(1))


@pytest.mark.parametrize(("count", "cap"), [(1, 60), (5, 60), (60, 60), (61, 60), (120, 60),
                                            (120, 7), (9, 1), (2, 2)])
def test_frame_indices_are_evenly_spread_and_keep_the_last(count, cap):
    indices = frame_indices(count, cap)
    assert len(indices) == min(count, cap)
    assert indices[-1] == count - 1
    assert indices == sorted(set(indices))
    if len(indices) > 2:
        steps = np.diff(indices)
        assert steps.max() - steps.min() <= 1
        assert indices[0] == 0


def test_animation_has_one_frame_per_snapshot_with_the_snapshot_predictions():
    settings = Settings(hidden=(4,), learning_rate=0.3)
    playground = trained(settings, epochs=12)
    run = playground.run
    page = animation_html(playground, settings, "en")
    spec = html_spec(page)
    go.Figure(spec)  # a valid plotly figure with frames
    assert len(spec["frames"]) == len(run.snapshots) <= 60
    for index, frame in enumerate(spec["frames"]):
        predictions = playground.grid_output(run.net_at(index))
        assert np.array_equal(np.array(frame["data"][0]["z"]),
                              np.round(np.clip(predictions, 0.0, 1.0), 3))
    labels = [step["label"] for step in spec["layout"]["sliders"][0]["steps"]]
    assert [float(label) for label in labels] == pytest.approx(
        [snapshot.epoch for snapshot in run.snapshots], abs=0.005)
    assert page.count("<script") == 3  # plotly.js inline, the spec, the starter: offline
    assert "https://" not in page.split("<script>", 1)[0]


def test_animation_caps_frames_and_ends_with_the_last_snapshot():
    settings = Settings(dataset="spiral3", hidden=(5,), batch_size=20)
    playground = trained(settings, epochs=70)
    run = playground.run
    assert len(run.snapshots) > 10
    spec = html_spec(animation_html(playground, settings, "zh", max_frames=10))
    assert len(spec["frames"]) == 10
    last = playground.grid_output(run.net_at(len(run.snapshots) - 1))
    assert np.array_equal(np.array(spec["frames"][-1]["data"][0]["z"]),
                          multiclass_shading(last))
    assert spec["layout"]["sliders"][0]["currentvalue"]["prefix"].startswith("轮次")


def test_animation_title_is_escaped():
    dataset = Dataset("<b>evil</b>&", custom_dataset().X, custom_dataset().y, "binary", 2,
                      (-4.0, 4.0, -4.0, 4.0))
    playground = trained(Settings(hidden=(2,)), epochs=1, dataset=dataset)
    page = animation_html(playground, Settings(hidden=(2,)), "en")
    assert f"<title>{html.escape('Decision boundary while training: <b>evil</b>&')}</title>" in page
    assert "<b>evil</b>" not in page
    assert math.isclose(len(page) / 1e6, 5.0, abs_tol=1.0)

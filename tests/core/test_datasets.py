"""Tests for nn_core.datasets: generated datasets, split and features (CSV: test_csv_data)."""

import math
import re

import numpy as np
import pytest

from nn_core import csv_data, datasets
from nn_core.datasets import (
    DATASETS,
    FEATURES,
    Dataset,
    add_features,
    make_dataset,
    train_test_split,
    tutorial_xor,
)

ALL_NAMES = list(DATASETS)
CLASSIFICATION_NAMES = [name for name in ALL_NAMES if DATASETS[name].kind != "regression"]
RANDOM_NAMES = [name for name in ALL_NAMES if name != "xor4"]
EXPECTED_KINDS = {
    "xor": "binary", "xor4": "binary", "circle": "binary", "gaussians": "binary",
    "spiral": "binary", "moons": "binary", "checkerboard": "binary", "spiral3": "multiclass",
    "plane": "regression", "gauss_sum": "regression",
}


# ---------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------


def test_registry_names_kinds_and_default_first():
    assert ALL_NAMES[0] == "xor"
    assert ALL_NAMES[1] == "xor4"
    assert set(ALL_NAMES) == set(EXPECTED_KINDS)
    for name, info in DATASETS.items():
        assert info.name == name
        assert info.kind == EXPECTED_KINDS[name]
        assert info.description.strip()


def test_registries_are_read_only():
    with pytest.raises(TypeError):
        DATASETS["new"] = DATASETS["xor"]
    with pytest.raises(TypeError):
        FEATURES["x3"] = FEATURES["x1"]


# ---------------------------------------------------------------------------------------------
# make_dataset
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("noise", [0.0, 0.4])
def test_shapes_dtypes_kind(name, noise):
    data = make_dataset(name, n=50, noise=noise, seed=3)
    n = 4 if name == "xor4" else 50
    assert isinstance(data, Dataset)
    assert data.name == name
    assert data.kind == EXPECTED_KINDS[name]
    assert data.X.shape == (n, 2) and data.X.dtype == np.float64
    assert data.n_samples == n
    assert np.all(np.isfinite(data.X))
    if data.kind == "binary":
        assert data.n_classes == 2
        assert data.y.shape == (n, 1) and data.y.dtype == np.float64
        assert set(np.unique(data.y)) == {0.0, 1.0}
    elif data.kind == "multiclass":
        assert data.n_classes == 3
        assert data.y.shape == (n,) and data.y.dtype == np.int64
        assert set(np.unique(data.y)) == {0, 1, 2}
    else:
        assert data.n_classes == 1
        assert data.y.shape == (n, 1) and data.y.dtype == np.float64
        assert np.all(np.isfinite(data.y)) and np.ptp(data.y) > 0


@pytest.mark.parametrize("name", [n for n in CLASSIFICATION_NAMES if n != "xor4"])
@pytest.mark.parametrize("n", [4, 7, 200, 301])
def test_classification_labels_are_balanced(name, n):
    data = make_dataset(name, n=n, noise=0.2, seed=1)
    k = data.n_classes
    counts = np.bincount(np.asarray(data.y).reshape(-1).astype(int), minlength=k)
    assert counts.sum() == n
    assert counts.max() - counts.min() <= 1
    assert np.all(np.abs(counts - n / k) < 1)


@pytest.mark.parametrize("name", [n for n in CLASSIFICATION_NAMES if n != "xor4"])
def test_rows_are_shuffled_not_sorted_by_class(name):
    labels = np.asarray(make_dataset(name, n=200, seed=0).y).reshape(-1)
    assert np.any(np.diff(labels) < 0)  # some class change goes downwards


@pytest.mark.parametrize("name", ALL_NAMES)
def test_same_seed_gives_identical_arrays(name):
    first = make_dataset(name, n=120, noise=0.3, seed=11)
    second = make_dataset(name, n=120, noise=0.3, seed=11)
    assert np.array_equal(first.X, second.X)
    assert np.array_equal(first.y, second.y)
    assert first.domain == second.domain


@pytest.mark.parametrize("name", RANDOM_NAMES)
def test_different_seed_gives_different_points(name):
    first = make_dataset(name, n=120, noise=0.0, seed=1)
    second = make_dataset(name, n=120, noise=0.0, seed=2)
    assert not np.array_equal(first.X, second.X)


def test_xor4_differs_by_seed_only_through_noise():
    assert np.array_equal(make_dataset("xor4", seed=1).X, make_dataset("xor4", seed=2).X)
    assert not np.array_equal(make_dataset("xor4", noise=0.5, seed=1).X,
                              make_dataset("xor4", noise=0.5, seed=2).X)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_noise_jitters_points_linearly_and_keeps_labels(name):
    clean = make_dataset(name, n=100, noise=0.0, seed=5)
    some = make_dataset(name, n=100, noise=0.3, seed=5)
    more = make_dataset(name, n=100, noise=0.6, seed=5)
    assert not np.array_equal(clean.X, some.X)
    np.testing.assert_allclose(more.X - clean.X, 2.0 * (some.X - clean.X), atol=1e-12)
    assert np.array_equal(clean.y, some.y)
    scale = 0.25 if name == "xor4" else 2.5
    assert np.abs(some.X - clean.X).max() <= 0.3 * scale + 1e-12


@pytest.mark.parametrize("name", ALL_NAMES)
@pytest.mark.parametrize("noise", [0.0, 0.5, 1.0])
def test_points_lie_inside_domain_with_margin(name, noise):
    data = make_dataset(name, n=2000, noise=noise, seed=7)
    xmin, xmax, ymin, ymax = data.domain
    margin = 0.05 if name == "xor4" else 0.5
    assert np.all(data.X[:, 0] >= xmin + margin) and np.all(data.X[:, 0] <= xmax - margin)
    assert np.all(data.X[:, 1] >= ymin + margin) and np.all(data.X[:, 1] <= ymax - margin)
    assert math.isclose(xmax - xmin, ymax - ymin)  # square


@pytest.mark.parametrize("name", [n for n in RANDOM_NAMES if n != "gaussians"])
def test_noise_free_playground_sets_use_the_standard_domain(name):
    assert make_dataset(name, n=500, seed=0).domain == (-6.0, 6.0, -6.0, 6.0)


def test_xor4_is_the_tutorial_table():
    data = make_dataset("xor4", n=200, seed=9)
    assert np.array_equal(data.X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert np.array_equal(data.y, [[0], [1], [1], [0]])
    assert data.domain == (-0.5, 1.5, -0.5, 1.5)
    assert make_dataset("xor4", noise=1.0, seed=9).domain == (-0.5, 1.5, -0.5, 1.5)


def test_xor_label_is_opposite_signs():
    data = make_dataset("xor", n=400, seed=0)
    opposite = data.X[:, 0] * data.X[:, 1] < 0
    assert np.array_equal(data.y[:, 0] == 1.0, opposite)
    assert np.abs(data.X).min() >= 0.3


def test_circle_label_is_inner_disc():
    data = make_dataset("circle", n=400, seed=0)
    radius = np.hypot(data.X[:, 0], data.X[:, 1])
    inner = data.y[:, 0] == 1.0
    assert radius[inner].max() <= 2.5 and radius[~inner].min() >= 3.5
    assert radius.max() <= 5.0


def test_checkerboard_label_is_cell_parity():
    data = make_dataset("checkerboard", n=400, seed=0)
    cells = np.floor((data.X + 5.0) / 2.5).astype(int)
    assert np.all((cells >= 0) & (cells <= 3))
    assert np.array_equal(cells.sum(axis=1) % 2, data.y[:, 0].astype(int))


def test_gaussians_are_centred_on_the_diagonal():
    data = make_dataset("gaussians", n=2000, seed=0)
    ones = data.y[:, 0] == 1.0
    np.testing.assert_allclose(data.X[ones].mean(axis=0), [2.0, 2.0], atol=0.15)
    np.testing.assert_allclose(data.X[~ones].mean(axis=0), [-2.0, -2.0], atol=0.15)


@pytest.mark.parametrize("name, arms", [("spiral", 2), ("spiral3", 3)])
def test_spiral_points_lie_on_their_arm(name, arms):
    data = make_dataset(name, n=300, seed=0)
    labels = np.asarray(data.y).reshape(-1)
    u = np.hypot(data.X[:, 0], data.X[:, 1]) / 5.0
    angle = np.arctan2(data.X[:, 0], data.X[:, 1])  # points are r (sin t, cos t)
    expected = 1.75 * 2 * np.pi * u + 2 * np.pi * labels / arms
    np.testing.assert_allclose(np.cos(angle - expected), 1.0, atol=1e-9)


def test_moons_fit_in_the_playground():
    data = make_dataset("moons", n=500, seed=0)
    assert np.abs(data.X[:, 0]).max() <= 4.5 + 1e-12
    assert np.abs(data.X[:, 1]).max() <= 2.25 + 1e-12


def test_regression_targets():
    plane = make_dataset("plane", n=300, noise=0.0, seed=0)
    np.testing.assert_allclose(plane.y[:, 0], plane.X.sum(axis=1) / 10.0)
    assert np.abs(plane.y).max() <= 1.0
    bumps = make_dataset("gauss_sum", n=300, seed=0)
    assert bumps.y.min() < -0.5 and bumps.y.max() > 0.5 and np.abs(bumps.y).max() < 1.5


def test_dataset_arrays_are_read_only():
    data = make_dataset("xor", n=20)
    with pytest.raises(ValueError):
        data.X[0, 0] = 1.0
    with pytest.raises(ValueError):
        data.y[0, 0] = 1.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "xorr"}, r"unknown dataset 'xorr'; choose one of xor, xor4, circle"),
        ({"name": "xor", "n": 3}, r"n must be an integer from 4 to 10000, got 3"),
        ({"name": "xor", "n": 10_001}, r"n must be an integer from 4 to 10000"),
        ({"name": "xor", "n": 20.0}, r"n must be an integer"),
        ({"name": "xor", "n": True}, r"n must be an integer"),
        ({"name": "xor", "noise": -0.1}, r"noise must be a number from 0 to 1"),
        ({"name": "xor", "noise": 1.5}, r"noise must be a number from 0 to 1"),
        ({"name": "xor", "noise": float("nan")}, r"noise must be a number from 0 to 1"),
        ({"name": "xor", "seed": "1"}, r"seed must be an integer"),
    ],
)
def test_make_dataset_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_dataset(**kwargs)


def test_make_dataset_accepts_numpy_integers_and_limits():
    assert make_dataset("circle", n=np.int64(4), seed=np.int64(1)).n_samples == 4
    assert make_dataset("spiral3", n=10_000, noise=1.0).n_samples == 10_000


def test_dataset_validates_its_fields():
    with pytest.raises(ValueError, match="binary labels must be 0 or 1"):
        Dataset("d", np.zeros((3, 2)), np.full((3, 1), 2.0), "binary", 2, (0, 1, 0, 1))
    with pytest.raises(ValueError, match="X must have shape"):
        Dataset("d", np.zeros((3, 3)), np.zeros((3, 1)), "regression", 1, (0, 1, 0, 1))
    with pytest.raises(ValueError, match="multiclass labels must lie in 0..2"):
        Dataset("d", np.zeros((3, 2)), np.array([0, 1, 3]), "multiclass", 3, (0, 1, 0, 1))
    with pytest.raises(ValueError, match="domain"):
        Dataset("d", np.zeros((3, 2)), np.zeros((3, 1)), "regression", 1, (1, 0, 0, 1))
    with pytest.raises(ValueError, match="unknown dataset kind"):
        Dataset("d", np.zeros((3, 2)), np.zeros((3, 1)), "ordinal", 1, (0, 1, 0, 1))


# ---------------------------------------------------------------------------------------------
# tutorial_xor and train_test_split
# ---------------------------------------------------------------------------------------------


def test_tutorial_xor():
    X, y = tutorial_xor()
    assert X.shape == (4, 3) and y.shape == (4, 1)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert X.tolist() == [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
    assert y.ravel().tolist() == [0, 1, 1, 0]


@pytest.mark.parametrize("n, ratio, n_train", [(200, 0.5, 100), (10, 0.7, 7), (7, 0.5, 4),
                                               (10, 0.01, 1), (10, 0.99, 9), (2, 0.5, 1)])
def test_split_sizes_disjoint_and_complete(n, ratio, n_train):
    X = np.column_stack([np.arange(n), -np.arange(n)]).astype(float)
    y = np.arange(n).reshape(-1, 1) * 10.0
    X_train, y_train, X_test, y_test = train_test_split(X, y, train_ratio=ratio, seed=4)
    assert X_train.shape == (n_train, 2) and y_train.shape == (n_train, 1)
    assert X_test.shape == (n - n_train, 2) and y_test.shape == (n - n_train, 1)
    train_ids, test_ids = X_train[:, 0].astype(int), X_test[:, 0].astype(int)
    assert set(train_ids).isdisjoint(test_ids)
    assert sorted(np.concatenate([train_ids, test_ids])) == list(range(n))
    assert np.array_equal(y_train[:, 0], train_ids * 10.0)  # rows stay paired
    assert np.array_equal(y_test[:, 0], test_ids * 10.0)


def test_split_is_seeded_and_shuffles():
    X = np.arange(100.0).reshape(50, 2)
    y = np.arange(50)
    first = train_test_split(X, y, 0.5, seed=1)
    again = train_test_split(X, y, 0.5, seed=1)
    other = train_test_split(X, y, 0.5, seed=2)
    for a, b in zip(first, again, strict=True):
        assert np.array_equal(a, b)
    assert not np.array_equal(first[0], other[0])
    assert not np.array_equal(first[1], np.arange(25))  # not just the first half


@pytest.mark.parametrize(
    "X, y, ratio, message",
    [
        (np.zeros((5, 2)), np.zeros(5), 0.0, "strictly between 0 and 1"),
        (np.zeros((5, 2)), np.zeros(5), 1.0, "strictly between 0 and 1"),
        (np.zeros((5, 2)), np.zeros(5), float("nan"), "strictly between 0 and 1"),
        (np.zeros((5, 2)), np.zeros(4), 0.5, "same number of rows"),
        (np.zeros((1, 2)), np.zeros(1), 0.5, "at least 2 rows"),
    ],
)
def test_split_rejects_bad_arguments(X, y, ratio, message):
    with pytest.raises(ValueError, match=message):
        train_test_split(X, y, ratio)


# ---------------------------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------------------------


def test_feature_names_in_order():
    assert list(FEATURES) == ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


def test_feature_values():
    X = np.array([[1.0, -2.0], [0.5, 3.0], [-np.pi / 2, 0.0]])
    x1, x2 = X[:, 0], X[:, 1]
    expected = {
        "x1": x1, "x2": x2, "x1^2": x1**2, "x2^2": x2**2, "x1*x2": x1 * x2,
        "sin(x1)": np.sin(x1), "sin(x2)": np.sin(x2),
    }
    for name, values in expected.items():
        np.testing.assert_allclose(FEATURES[name](X), values, rtol=0, atol=1e-15)
    out = add_features(X, list(FEATURES))
    assert out.shape == (3, 7) and out.dtype == np.float64
    np.testing.assert_allclose(out, np.column_stack(list(expected.values())), atol=1e-15)
    picked = add_features(X.astype(np.float32), ["x1*x2", "x1"])
    assert picked.dtype == np.float64
    np.testing.assert_allclose(picked, np.column_stack([x1 * x2, x1]), atol=1e-6)
    assert np.array_equal(add_features(X, ("x1", "x2")), X)


@pytest.mark.parametrize(
    "names, message",
    [
        ([], "at least one feature"),
        (["x1", "cos(x1)"], "unknown feature 'cos\\(x1\\)'; choose from x1, x2"),
        ("x1", "list of feature names"),
    ],
)
def test_add_features_rejects_bad_names(names, message):
    with pytest.raises(ValueError, match=message):
        add_features(np.zeros((2, 2)), names)


def test_add_features_rejects_bad_shape():
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        add_features(np.zeros((4, 3)), ["x1"])


DATA_MODULE_IMPORTS = {"__future__", "math", "numbers", "re", "collections.abc", "dataclasses",
                       "types", "numpy"}


@pytest.mark.parametrize(("module", "nn_core_imports"), [
    (datasets, {"nn_core.problems"}),
    (csv_data, {"nn_core.datasets", "nn_core.problems"}),
])
def test_data_modules_import_no_model_code(module, nn_core_imports):
    """The data modules stand alone: NumPy, the standard library, the coded problems' base and
    (for CSV) the datasets."""
    source = open(module.__file__, encoding="utf-8").read()
    imports = set(re.findall(r"^\s*(?:from|import)\s+([\w.]+)", source, flags=re.MULTILINE))
    assert imports - DATA_MODULE_IMPORTS == nn_core_imports, imports

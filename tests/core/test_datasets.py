"""Tests for nn_core.datasets: generated datasets, split, features and CSV input/output."""

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nn_core import datasets
from nn_core.datasets import (
    DATASETS,
    FEATURES,
    Dataset,
    add_features,
    dataset_to_csv,
    load_csv,
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


# ---------------------------------------------------------------------------------------------
# CSV: reading
# ---------------------------------------------------------------------------------------------

GOOD_ROWS = "0.5,1.5,0\n-1,2,1\n3e-1,-4.25,0\n2,2,1\n"


@pytest.mark.parametrize(
    "text",
    [
        "x1,x2,label\n" + GOOD_ROWS,
        GOOD_ROWS,
        "\ufeffx1,x2,label\r\n" + GOOD_ROWS.replace("\n", "\r\n"),
        "\n\n  \nx,y,class\n\n" + GOOD_ROWS + "\n\n",
        GOOD_ROWS.replace(",", ";"),
        GOOD_ROWS.replace(",", "\t"),
        "a,b,c\n" + '"0.5", 1.5 ,"0"\n-1,2,1\n 3e-1 , -4.25,0\n+2,2.,1\n',
    ],
    ids=["header", "no-header", "bom-crlf", "blank-lines", "semicolon", "tab", "quotes"],
)
def test_load_csv_accepts_common_layouts(text):
    for data in (text, text.encode("utf-8")):
        loaded = load_csv(data)
        assert loaded.name == "csv" and loaded.kind == "binary" and loaded.n_classes == 2
        assert np.array_equal(loaded.X, [[0.5, 1.5], [-1, 2], [0.3, -4.25], [2, 2]])
        assert np.array_equal(loaded.y, [[0], [1], [0], [1]])


@pytest.mark.parametrize(
    "labels, kind, n_classes, expected",
    [
        (["-1", "1", "1", "-1"], "binary", 2, [[0.0], [1.0], [1.0], [0.0]]),
        (["2", "1", "1.0", "2.0"], "binary", 2, [[1.0], [0.0], [0.0], [1.0]]),
        (["5", "7", "9", "5"], "multiclass", 3, [0, 1, 2, 0]),
        (["0.5", "1", "1", "0"], "regression", 1, [[0.5], [1.0], [1.0], [0.0]]),
    ],
)
def test_load_csv_label_kinds(labels, kind, n_classes, expected):
    text = "".join(f"{i},{-i},{label}\n" for i, label in enumerate(labels))
    loaded = load_csv(text)
    assert loaded.kind == kind and loaded.n_classes == n_classes
    assert np.array_equal(loaded.y, expected)
    assert loaded.y.dtype == (np.int64 if kind == "multiclass" else np.float64)


def test_load_csv_ten_classes_is_multiclass_eleven_is_regression():
    ten = "".join(f"{i},{i},{i}\n" for i in range(10))
    eleven = "".join(f"{i},{i},{i}\n" for i in range(11))
    assert load_csv(ten).kind == "multiclass" and load_csv(ten).n_classes == 10
    assert load_csv(eleven).kind == "regression"


def test_load_csv_domain_contains_data_with_margin():
    loaded = load_csv("0,10,0\n4,10,1\n2,10,0\n1,10,1\n")
    assert loaded.domain == pytest.approx((-0.4, 4.4, 9.0, 11.0))


def rows(n, label=lambda i: i % 2):
    return "".join(f"{i},{i},{label(i)}\n" for i in range(n))


@pytest.mark.parametrize(
    "data, kwargs, message",
    [
        (b"", {}, "the file is empty"),
        ("  \n\r\n\t", {}, "the file is empty"),
        (b"\xef\xbb\xbf", {}, "the file is empty"),
        (b"1,2,0\n\xff\xfe\x00\x01", {}, "not UTF-8 text"),
        ("1,2,0\n\x003,4,1", {}, "binary content"),
        (rows(20), {"max_bytes": 50}, "the file is 1[0-9]{2} bytes; the limit is 50 bytes"),
        ("x1,x2,label\n1,2,0\n1,2\n", {}, r"row 3: expected 3 columns \(x1, x2, label\) "
                                          "separated by commas, found 2"),
        ("1;2;0\n1;2;0;5\n", {}, "row 2: expected 3 columns .* semicolons, found 4"),
        ("x1,x2,label,extra\n1,2,0,0\n", {}, "row 1: expected 3 columns .* found 4"),
        ("x1,x2,label\n1,2,0\n1,abc,1\n", {}, r"row 3, column 2 \(x2\): 'abc' is not a number"),
        ("1;2;0\n1,5;2;1\n", {}, r"row 2, column 1 \(x1\): '1,5' is not a number "
                                 r"\(use '\.' as the decimal point\)"),
        ("1,2,0\n1,2,\n", {}, r"row 2, column 3 \(label\) is empty"),
        ("1,2,0\n\n1,2,yes\n", {}, r"row 3, column 3 \(label\): 'yes' is not a number"),
        ("1,2,0\nnan,2,1\n", {}, r"row 2, column 1 \(x1\): 'nan' is not a finite number"),
        ("1,2,0\n1,-inf,1\n", {}, r"row 2, column 2 \(x2\): '-inf' is not a finite number"),
        ("1,2,0\n1,2,1e999\n", {}, r"row 2, column 3 \(label\): '1e999' is not a finite"),
        ("1,2,0\n1,2e6,1\n", {}, r"row 2, column 2 \(x2\): '2e6' is too large; .*1e6"),
        ("x1,x2,label\n" + rows(6), {"max_rows": 5}, "row 7: too many rows; the limit is 5"),
        (rows(6, label=lambda i: 3), {}, r"every row has the same label \(3\)"),
        ("x1,x2,label\n" + rows(3), {}, "the file has 3 data row\\(s\\); at least 4"),
        ("x1,x2,label\n", {}, "the file has 0 data row\\(s\\); at least 4"),
        ("1,2,0\n" + "1," + "x" * 100 + ",1\n", {}, "'x{17}\\.\\.\\.' is not a number"),
        (12345, {}, "expected the file's bytes or text, got int"),
        ("1,2,0\n\ud800,1,1\n", {}, "not valid Unicode"),
        ("1,2,0", {"max_rows": 0}, "max_rows and max_bytes must be positive integers"),
    ],
)
def test_load_csv_reports_problems_clearly(data, kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_csv(data, **kwargs)


def test_load_csv_row_limit_is_inclusive():
    assert load_csv(rows(5), max_rows=5).n_samples == 5


def test_load_csv_max_bytes_counts_utf8_bytes_of_text():
    text = "x1,x2,label\n" + rows(4)
    assert load_csv(text, max_bytes=len(text)).n_samples == 4
    with pytest.raises(ValueError, match="the limit is"):
        load_csv("é" + text, max_bytes=len(text) + 1)  # é is 2 bytes in UTF-8


# ---------------------------------------------------------------------------------------------
# CSV: writing and round trip
# ---------------------------------------------------------------------------------------------


def test_dataset_to_csv_format():
    text = dataset_to_csv(np.array([[0.1, -2.0], [1e-7, 3.5]]), np.array([[1.0], [0.0]]))
    assert text == "x1,x2,label\n0.1,-2.0,1\n1e-07,3.5,0\n"
    assert dataset_to_csv(np.zeros((2, 2)), np.array([0.25, 2])).splitlines()[1:] == [
        "0.0,0.0,0.25", "0.0,0.0,2"]


def test_dataset_to_csv_rejects_bad_input():
    with pytest.raises(ValueError, match="X must have shape"):
        dataset_to_csv(np.zeros((2, 3)), np.zeros(2))
    with pytest.raises(ValueError, match="y must have shape"):
        dataset_to_csv(np.zeros((2, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="finite"):
        dataset_to_csv(np.array([[np.nan, 0.0], [0.0, 0.0]]), np.zeros(2))


@pytest.mark.parametrize("name", ALL_NAMES)
def test_csv_round_trip_of_every_dataset(name):
    data = make_dataset(name, n=300, noise=0.35, seed=8)
    loaded = load_csv(dataset_to_csv(data.X, data.y))
    assert loaded.kind == data.kind and loaded.n_classes == data.n_classes
    assert np.array_equal(loaded.X, data.X)
    assert np.array_equal(loaded.y, data.y) and loaded.y.dtype == data.y.dtype
    xmin, xmax, ymin, ymax = loaded.domain
    assert np.all((loaded.X[:, 0] > xmin) & (loaded.X[:, 0] < xmax))
    assert np.all((loaded.X[:, 1] > ymin) & (loaded.X[:, 1] < ymax))


coordinates = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_subnormal=True)


@settings(max_examples=60, deadline=None)
@given(points=st.lists(st.tuples(coordinates, coordinates), min_size=4, max_size=30),
       data=st.data())
def test_csv_round_trip_of_arbitrary_coordinates(points, data):
    X = np.array(points, dtype=np.float64)
    labels = data.draw(st.lists(st.integers(0, 1), min_size=len(points), max_size=len(points))
                       .filter(lambda ls: len(set(ls)) == 2))
    y = np.array(labels, dtype=np.float64).reshape(-1, 1)
    loaded = load_csv(dataset_to_csv(X, y).encode("utf-8"))
    assert np.array_equal(loaded.X, X) and np.array_equal(loaded.y, y)
    assert np.array_equal(np.signbit(loaded.X), np.signbit(X))  # even -0.0 survives


# ---------------------------------------------------------------------------------------------
# CSV: fuzzing — any input gives a Dataset or a ValueError, nothing else
# ---------------------------------------------------------------------------------------------


def load_or_value_error(data, **kwargs):
    try:
        loaded = load_csv(data, **kwargs)
    except ValueError as error:
        assert str(error)
        return None
    assert loaded.X.shape[0] >= 4 and np.all(np.isfinite(loaded.X))
    return loaded


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_arbitrary_bytes(data):
    load_or_value_error(data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_arbitrary_text(data):
    load_or_value_error(data)


odd_cell = st.sampled_from(["", "nan", "-inf", "1e999", "2e6", "abc", "1,5", '"3"', " 4 ", "+.5",
                            "1_0", "\u0661", "0x1", "1e", ".", "-", "１"])
number_cell = st.one_of(st.integers(-3, 3).map(str), st.floats(-10, 10).map(repr))
fuzz_cell = st.one_of(*[number_cell] * 30, odd_cell)
fuzz_line = st.one_of(*[st.lists(fuzz_cell, min_size=3, max_size=3)] * 30,
                      st.lists(fuzz_cell, min_size=2, max_size=4))
csv_like_text = st.one_of(
    st.text(alphabet="0123456789.,;\t\n\r -+eE\"naifxl", max_size=200),
    st.tuples(st.lists(fuzz_line, min_size=4, max_size=12), st.sampled_from([",", ";", "\t"]),
              st.sampled_from(["\n", "\r\n", "\r", "\n\n"])).map(
        lambda parts: parts[2].join(parts[1].join(line) for line in parts[0])),
)


@settings(max_examples=200, deadline=None)
@given(csv_like_text, st.integers(1, 20))
def test_fuzz_csv_like_text(data, max_rows):
    loaded = load_or_value_error(data, max_rows=max_rows)
    if loaded is not None:
        assert loaded.n_samples <= max_rows


valid_cell = st.one_of(st.integers(-5, 5).map(str),
                       st.floats(-1e6, 1e6, allow_nan=False).map(repr))
csv_rows = st.lists(st.tuples(valid_cell, valid_cell, valid_cell), min_size=0, max_size=12)


@settings(max_examples=150, deadline=None)
@given(csv_rows, st.sampled_from([",", ";", "\t"]), st.booleans())
def test_fuzz_well_formed_rows_load_exactly(table, delimiter, header):
    text = (f"x1{delimiter}x2{delimiter}label\n" if header else "") + "".join(
        delimiter.join(row) + "\n" for row in table)
    loaded = load_or_value_error(text)
    values = np.array([[float(cell) for cell in row] for row in table]).reshape(-1, 3)
    if loaded is None:
        assert len(table) < 4 or np.unique(values[:, 2]).size == 1
        return
    assert np.array_equal(loaded.X, values[:, :2])
    distinct = np.unique(values[:, 2])
    if loaded.kind == "regression":
        assert np.array_equal(loaded.y[:, 0], values[:, 2])
    else:
        assert np.array_equal(distinct[np.asarray(loaded.y).reshape(-1).astype(int)],
                              values[:, 2])


BAD_CELLS = ["", "nan", "-inf", "Infinity", "1e999", "2e6", "-1000001", "abc", "1_0", "\u0661",
             "0x1", "1e", ".", "-", "\uff11", "1.2.3", "--1"]


@settings(max_examples=150, deadline=None)
@given(st.integers(4, 15), st.sampled_from([",", ";", "\t"]), st.booleans(),
       st.sampled_from(BAD_CELLS), st.data())
def test_fuzz_one_bad_cell_is_reported_at_its_row_and_column(n, delimiter, header, bad, data):
    table = [[repr(data.draw(st.floats(-100, 100))), str(data.draw(st.integers(-9, 9))),
              str(i % 2)] for i in range(n)]
    bad_row = data.draw(st.integers(0, n - 1))
    bad_column = data.draw(st.integers(0, 2))
    table[bad_row][bad_column] = bad
    lines = ([delimiter.join(["x1", "x2", "label"])] if header else []) + [
        delimiter.join(row) for row in table]
    with pytest.raises(ValueError) as error:
        load_csv("\n".join(lines))
    assert f"row {bad_row + 1 + header}, column {bad_column + 1} " in str(error.value)


def test_module_imports_nothing_else_from_nn_core():
    source = open(datasets.__file__, encoding="utf-8").read()
    imports = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", source, flags=re.MULTILINE)
    assert all(module in {"__future__", "math", "numbers", "re", "collections.abc",
                          "dataclasses", "types", "numpy"} for module in imports), imports

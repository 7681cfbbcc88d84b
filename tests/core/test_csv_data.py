"""Tests for nn_core.csv_data: reading a user's CSV file, writing one, round trips, fuzzing."""


import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nn_core.csv_data import dataset_to_csv, load_csv
from nn_core.datasets import DATASETS, make_dataset

ALL_NAMES = list(DATASETS)


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

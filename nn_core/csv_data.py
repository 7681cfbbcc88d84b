"""CSV input and output of 2-D datasets: `load_csv` reads a user's file into a Dataset (every
problem is a CsvProblem, a ValueError with a code, naming the 1-based row and column),
`dataset_to_csv` writes one back.

NumPy plus the standard library, `nn_core.datasets` (the Dataset container and its limits) and
`nn_core.problems` (CsvProblem's base).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from types import MappingProxyType

import numpy as np

from nn_core.datasets import MAX_ABS_VALUE, MIN_SAMPLES, Dataset, Domain, is_whole_number
from nn_core.problems import Problem

MAX_CSV_CLASSES = 10
CSV_HEADER = "x1,x2,label"

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_NON_FINITE_WORDS = frozenset(
    sign + word for sign in ("", "+", "-") for word in ("nan", "inf", "infinity")
)
_DELIMITER_NAMES = MappingProxyType({",": "commas", ";": "semicolons", "\t": "tabs"})
_COLUMN_NAMES = ("x1", "x2", "label")
_CELL = "row {row}, column {column} ({name})"

CSV_PROBLEMS = MappingProxyType({
    "not_unicode": "the text contains characters that are not valid Unicode",
    "too_big": "the file is {size:,} bytes; the limit is {limit:,} bytes",
    "not_utf8": "the file is not UTF-8 text (is it a spreadsheet or another binary file? save "
                "it as CSV)",
    "binary": "the file contains binary content (NUL bytes); save it as CSV text",
    "empty": "the file is empty",
    "cell_empty": _CELL + " is empty",
    "cell_not_finite": _CELL + ": {cell} is not a finite number",
    "cell_not_number": _CELL + ": {cell} is not a number",
    "cell_decimal_comma": _CELL + ": {cell} is not a number (use '.' as the decimal point)",
    "cell_too_large": _CELL + ": {cell} is too large; values must lie within ±1e6",
    "columns": "row {row}: expected 3 columns (x1, x2, label) separated by {delimiter}, found "
               "{found}",
    "too_many_rows": "row {row}: too many rows; the limit is {limit:,} data rows",
    "too_few_rows": "the file has {rows} data row(s); at least {needed} are needed",
    "one_label": "every row has the same label ({label:g}); at least two different labels are "
                 "needed",
})
"""What can be wrong with a user's CSV file: code -> English message ({values} filled from the
CsvProblem). A page shows `code` in its own language; `delimiter` is one of "commas",
"semicolons", "tabs"."""


class CsvProblem(Problem):
    """A problem with a user's CSV file: `code` (a key of CSV_PROBLEMS) and the `values` its
    message needs; str() is the English message."""

    family = "csv"
    messages = CSV_PROBLEMS


def _show(cell: str) -> str:
    """A cell quoted for an error message, shortened to at most 20 characters."""
    return repr(cell if len(cell) <= 20 else cell[:17] + "...")


def _csv_text(data: bytes | str, max_bytes: int) -> str:
    """Size check, then UTF-8 decoding (a leading byte-order mark is dropped)."""
    if isinstance(data, str):
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError:
            raise CsvProblem("not_unicode") from None
        text = data
    elif isinstance(data, (bytes, bytearray)):
        size = len(data)
        text = None
    else:
        raise ValueError(f"expected the file's bytes or text, got {type(data).__name__}")
    if size > max_bytes:
        raise CsvProblem("too_big", size=size, limit=max_bytes)
    if text is None:
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise CsvProblem("not_utf8") from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise CsvProblem("binary")
    if not text.strip():
        raise CsvProblem("empty")
    return text


def _is_number_like(cell: str) -> bool:
    return cell.lower() in _NON_FINITE_WORDS or _NUMBER.fullmatch(cell) is not None


def _parse_cell(cell: str, row: int, column: int) -> float:
    where = {"row": row, "column": column, "name": _COLUMN_NAMES[column - 1]}
    if not cell:
        raise CsvProblem("cell_empty", **where)
    if cell.lower() in _NON_FINITE_WORDS:
        raise CsvProblem("cell_not_finite", cell=_show(cell), **where)
    if _NUMBER.fullmatch(cell) is None:
        code = "cell_decimal_comma" if "," in cell else "cell_not_number"
        raise CsvProblem(code, cell=_show(cell), **where)
    value = float(cell)
    if not math.isfinite(value):
        raise CsvProblem("cell_not_finite", cell=_show(cell), **where)
    if abs(value) > MAX_ABS_VALUE:
        raise CsvProblem("cell_too_large", cell=_show(cell), **where)
    return value


def _csv_rows(text: str, max_rows: int) -> Iterator[tuple[float, float, float]]:
    """Yield (x1, x2, label) per data row; blank lines are skipped, a non-numeric first row is
    taken as the header. Rows and columns in messages are 1-based, as in a spreadsheet."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    delimiter = None
    n_data_rows = 0
    for row, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if delimiter is None:
            delimiter = ";" if ";" in line else "\t" if "\t" in line else ","
            first_row = True
        else:
            first_row = False
        cells = [cell.strip() for cell in line.split(delimiter)]
        cells = [cell[1:-1].strip() if len(cell) >= 2 and cell[0] == cell[-1] == '"' else cell
                 for cell in cells]
        if len(cells) != 3:
            raise CsvProblem("columns", row=row, delimiter=_DELIMITER_NAMES[delimiter],
                             found=len(cells))
        if first_row and not any(_is_number_like(cell) for cell in cells):
            continue  # header
        n_data_rows += 1
        if n_data_rows > max_rows:
            raise CsvProblem("too_many_rows", row=row, limit=max_rows)
        yield tuple(_parse_cell(cell, row, column) for column, cell in enumerate(cells, start=1))


def _domain_with_margin(X: np.ndarray) -> Domain:
    """Data range plus 10 % of the span on each side (1.0 when all values on an axis agree)."""
    bounds = []
    for axis in range(2):
        low, high = float(X[:, axis].min()), float(X[:, axis].max())
        margin = 0.1 * (high - low) if high > low else 1.0
        bounds += [low - margin, high + margin]
    return tuple(bounds)


def load_csv(data: bytes | str, max_rows: int = 10_000, max_bytes: int = 1_000_000) -> Dataset:
    """Read a CSV with 3 columns x1, x2, label into a Dataset named "csv".

    Format: UTF-8 text; cells separated by commas (or semicolons or tabs, detected from the first
    non-blank line); '.' as the decimal point; an optional header (a first row with no numeric
    cell, its names are ignored); blank lines are skipped; cells may be wrapped in double quotes.
    Labels: integers with 2 distinct values -> "binary" (the smaller value -> 0, the larger -> 1,
    so 0/1, -1/1 and 1/2 all work); 3..10 distinct integers -> "multiclass" (sorted values ->
    0..k-1); anything else -> "regression". "1.0" counts as the integer 1.
    Every problem in the file raises CsvProblem (a ValueError) whose message names the 1-based
    row and column.
    """
    if not all(is_whole_number(limit) and limit >= 1 for limit in (max_rows, max_bytes)):
        raise ValueError("max_rows and max_bytes must be positive integers")
    text = _csv_text(data, max_bytes)
    table = np.array(list(_csv_rows(text, max_rows)), dtype=np.float64).reshape(-1, 3)
    if table.shape[0] < MIN_SAMPLES:
        raise CsvProblem("too_few_rows", rows=table.shape[0], needed=MIN_SAMPLES)
    X, labels = table[:, :2], table[:, 2]
    values = np.unique(labels)
    if values.size == 1:
        raise CsvProblem("one_label", label=float(values[0]))
    integer_labels = bool(np.all(labels == np.round(labels)))
    if integer_labels and values.size == 2:
        kind, n_classes, y = "binary", 2, (labels == values[1]).astype(np.float64)[:, None]
    elif integer_labels and values.size <= MAX_CSV_CLASSES:
        kind, n_classes, y = "multiclass", int(values.size), np.searchsorted(values, labels)
    else:
        kind, n_classes, y = "regression", 1, labels[:, None]
    return Dataset("csv", X, y, kind, n_classes, _domain_with_margin(X))


def _format_label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def dataset_to_csv(X: np.ndarray, y: np.ndarray) -> str:
    """CSV text with header "x1,x2,label" and one row per point.

    Coordinates are written with repr() (shortest exact form) and labels as integers when they
    are whole numbers, so load_csv(dataset_to_csv(X, y)) gives back the same X and y for data in
    this module's conventions (a regression target whose values are all whole numbers, with 2..10
    distinct values, would be read back as classes).
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) or ({X.shape[0]}, 1), got {y.shape}")
    y = y.astype(np.float64)
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise ValueError("X and y must be finite")
    rows = [CSV_HEADER]
    rows += [f"{x1!r},{x2!r},{_format_label(label)}"
             for (x1, x2), label in zip(X.tolist(), y.tolist(), strict=True)]
    return "\n".join(rows) + "\n"

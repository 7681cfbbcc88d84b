"""CSV input and output of 2-D datasets: `load_csv` reads a user's file into a Dataset (every
problem is a ValueError naming the 1-based row and column), `dataset_to_csv` writes one back.

NumPy plus the standard library and `nn_core.datasets` (the Dataset container and its limits).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from types import MappingProxyType

import numpy as np

from nn_core.datasets import MAX_ABS_VALUE, MIN_SAMPLES, Dataset, Domain, is_whole_number

MAX_CSV_CLASSES = 10
CSV_HEADER = "x1,x2,label"

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_NON_FINITE_WORDS = frozenset(
    sign + word for sign in ("", "+", "-") for word in ("nan", "inf", "infinity")
)
_DELIMITER_NAMES = MappingProxyType({",": "commas", ";": "semicolons", "\t": "tabs"})
_COLUMN_NAMES = ("x1", "x2", "label")


def _show(cell: str) -> str:
    """A cell quoted for an error message, shortened to at most 20 characters."""
    return repr(cell if len(cell) <= 20 else cell[:17] + "...")


def _csv_text(data: bytes | str, max_bytes: int) -> str:
    """Size check, then UTF-8 decoding (a leading byte-order mark is dropped)."""
    if isinstance(data, str):
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError:
            raise ValueError("the text contains characters that are not valid Unicode") from None
        text = data
    elif isinstance(data, (bytes, bytearray)):
        size = len(data)
        text = None
    else:
        raise ValueError(f"expected the file's bytes or text, got {type(data).__name__}")
    if size > max_bytes:
        raise ValueError(f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    if text is None:
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(
                "the file is not UTF-8 text (is it a spreadsheet or another binary file? "
                "save it as CSV)"
            ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise ValueError("the file contains binary content (NUL bytes); save it as CSV text")
    if not text.strip():
        raise ValueError("the file is empty")
    return text


def _is_number_like(cell: str) -> bool:
    return cell.lower() in _NON_FINITE_WORDS or _NUMBER.fullmatch(cell) is not None


def _parse_cell(cell: str, row: int, column: int) -> float:
    where = f"row {row}, column {column} ({_COLUMN_NAMES[column - 1]})"
    if not cell:
        raise ValueError(f"{where} is empty")
    if cell.lower() in _NON_FINITE_WORDS:
        raise ValueError(f"{where}: {_show(cell)} is not a finite number")
    if _NUMBER.fullmatch(cell) is None:
        hint = " (use '.' as the decimal point)" if "," in cell else ""
        raise ValueError(f"{where}: {_show(cell)} is not a number{hint}")
    value = float(cell)
    if not math.isfinite(value):
        raise ValueError(f"{where}: {_show(cell)} is not a finite number")
    if abs(value) > MAX_ABS_VALUE:
        raise ValueError(f"{where}: {_show(cell)} is too large; values must lie within ±1e6")
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
            raise ValueError(
                f"row {row}: expected 3 columns (x1, x2, label) separated by "
                f"{_DELIMITER_NAMES[delimiter]}, found {len(cells)}"
            )
        if first_row and not any(_is_number_like(cell) for cell in cells):
            continue  # header
        n_data_rows += 1
        if n_data_rows > max_rows:
            raise ValueError(f"row {row}: too many rows; the limit is {max_rows:,} data rows")
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
    Every problem raises ValueError with a message naming the 1-based row and column.
    """
    if not all(is_whole_number(limit) and limit >= 1 for limit in (max_rows, max_bytes)):
        raise ValueError("max_rows and max_bytes must be positive integers")
    text = _csv_text(data, max_bytes)
    table = np.array(list(_csv_rows(text, max_rows)), dtype=np.float64).reshape(-1, 3)
    if table.shape[0] < MIN_SAMPLES:
        raise ValueError(
            f"the file has {table.shape[0]} data row(s); at least {MIN_SAMPLES} are needed"
        )
    X, labels = table[:, :2], table[:, 2]
    values = np.unique(labels)
    if values.size == 1:
        raise ValueError(
            f"every row has the same label ({values[0]:g}); at least two different labels "
            "are needed"
        )
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

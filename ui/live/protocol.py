"""The live view's binary frame format: a JSON header plus aligned NumPy arrays.

One frame is what the browser needs to redraw every live chart once. Layout (little-endian):

    b"NNLV"                      magic, 4 bytes
    uint32 H                     length of the header text (padded)
    header (H bytes)             UTF-8 JSON, padded with spaces so arrays start 8-aligned
    array bytes                  each array at its header offset, a multiple of 8

The header holds plain JSON values and, under "arrays", one entry per array:
{"dtype": "f4", "shape": [50, 50], "offset": 0} (offset from the end of the header). Arrays keep
NaN and inf exactly (they are IEEE floats on the wire), so numbers that can overflow travel as
arrays, never as JSON. The same bytes go over the frame stream and, base64-encoded, inside the
component's data on a page rerun. `ui/live/frontend/protocol.js` is the browser's decoder.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Mapping
from typing import Any

import numpy as np

from ui.common.json_values import json_ready

MAGIC = b"NNLV"
ALIGN = 8
MAX_FRAME_BYTES = 16_000_000
# dtype code on the wire -> NumPy dtype (always little-endian)
DTYPES = {"u1": np.dtype("<u1"), "i4": np.dtype("<i4"), "f4": np.dtype("<f4"),
          "f8": np.dtype("<f8")}
_PREFIX = struct.Struct("<4sI")


class FrameError(ValueError):
    """A byte string that is not a well-formed frame."""


def _padding(size: int) -> int:
    return -size % ALIGN


def encode_frame(header: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> bytes:
    """Frame bytes for `header` (JSON-ready after `json_ready`) and named arrays.

    Header numbers must be finite (NaN and inf become null): a number that may be huge or
    infinite belongs in an array.

    Arrays are converted to their wire dtype: booleans and small unsigned ints to u1, other
    integers to i4, float32 stays f4 and every other float becomes f8.
    """
    if "arrays" in header:
        raise ValueError("'arrays' is reserved in the frame header")
    entries, blobs, offset = {}, [], 0
    for name, array in arrays.items():
        wire = _wire_array(np.asarray(array))
        data = wire.tobytes()
        entries[str(name)] = {"dtype": _code(wire.dtype), "shape": list(wire.shape),
                              "offset": offset}
        blobs.append(data + b"\0" * _padding(len(data)))
        offset += len(data) + _padding(len(data))
    text = json.dumps({**json_ready(header), "arrays": entries}, separators=(",", ":"),
                      allow_nan=False, ensure_ascii=False).encode("utf-8")
    text += b" " * _padding(_PREFIX.size + len(text))
    frame = _PREFIX.pack(MAGIC, len(text)) + text + b"".join(blobs)
    if len(frame) > MAX_FRAME_BYTES:
        raise ValueError(f"frame of {len(frame)} bytes exceeds {MAX_FRAME_BYTES}")
    return frame


def _wire_array(array: np.ndarray) -> np.ndarray:
    kind = array.dtype.kind
    if kind == "b" or (kind == "u" and array.dtype.itemsize == 1):
        wire = DTYPES["u1"]
    elif kind in "iu":
        wire = DTYPES["i4"]
    elif kind == "f":
        wire = DTYPES["f4"] if array.dtype == np.float32 else DTYPES["f8"]
    else:
        raise TypeError(f"arrays of dtype {array.dtype} cannot go into a frame")
    return np.asarray(array, dtype=wire, order="C")  # keeps 0-d arrays 0-d


def _code(dtype: np.dtype) -> str:
    return next(code for code, known in DTYPES.items() if known == dtype)


def decode_frame(frame: bytes) -> tuple[dict, dict[str, np.ndarray]]:
    """(header, arrays) from frame bytes; raises FrameError on anything malformed.

    The arrays are read-only views into `frame`.
    """
    if not isinstance(frame, (bytes, bytearray, memoryview)):
        raise FrameError("a frame is bytes")
    buffer = memoryview(frame).cast("B")
    if len(buffer) > MAX_FRAME_BYTES:
        raise FrameError("frame too large")
    if len(buffer) < _PREFIX.size:
        raise FrameError("frame too short")
    magic, header_size = _PREFIX.unpack_from(buffer)
    if magic != MAGIC:
        raise FrameError("not a live-view frame")
    start = _PREFIX.size + header_size
    if start > len(buffer) or start % ALIGN:
        raise FrameError("bad header length")
    try:
        header = json.loads(bytes(buffer[_PREFIX.size:start]).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FrameError(f"bad header: {error}") from None
    if not isinstance(header, dict) or not isinstance(header.get("arrays"), dict):
        raise FrameError("header without an arrays table")
    arrays = {name: _read_array(buffer, start, name, entry)
              for name, entry in header.pop("arrays").items()}
    return header, arrays


def _read_array(buffer: memoryview, start: int, name: str, entry: Any) -> np.ndarray:
    if not isinstance(entry, dict) or entry.get("dtype") not in DTYPES:
        raise FrameError(f"array {name!r}: unknown dtype")
    shape, offset = entry.get("shape"), entry.get("offset")
    if (not isinstance(shape, list) or not all(isinstance(n, int) and n >= 0 for n in shape)
            or not isinstance(offset, int) or offset < 0 or offset % ALIGN):
        raise FrameError(f"array {name!r}: bad shape or offset")
    dtype = DTYPES[entry["dtype"]]
    size = math.prod(shape) * dtype.itemsize
    begin = start + offset
    if begin + size > len(buffer):
        raise FrameError(f"array {name!r}: runs past the end of the frame")
    return np.frombuffer(buffer, dtype=dtype, count=math.prod(shape),
                         offset=begin).reshape(shape)

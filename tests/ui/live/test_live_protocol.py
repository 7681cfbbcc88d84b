"""The live view's frame format: round trips, non-finite values, sizes, malformed frames."""

import json
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ui.live.protocol import (
    ALIGN,
    MAGIC,
    MAX_FRAME_BYTES,
    FrameError,
    decode_frame,
    encode_frame,
    json_ready,
)


def test_round_trip_keeps_header_dtypes_shapes_and_values():
    arrays = {
        "boundary": np.arange(12, dtype=np.uint8).reshape(3, 4),
        "W1": np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3),
        "counters": np.array([1.0, 2.5, 1e300]),
        "flags": np.array([True, False, True]),
        "ids": np.array([1, -2, 3], dtype=np.int64),
    }
    header, decoded = decode_frame(encode_frame({"run": "abc", "step": 7}, arrays))
    assert header == {"run": "abc", "step": 7}
    assert decoded["boundary"].dtype == np.uint8 and decoded["boundary"].shape == (3, 4)
    assert decoded["W1"].dtype == np.float32
    assert decoded["counters"].dtype == np.float64
    assert decoded["flags"].tolist() == [1, 0, 1]
    assert decoded["ids"].dtype == np.int32 and decoded["ids"].tolist() == [1, -2, 3]
    for name in ("boundary", "W1", "counters"):
        np.testing.assert_array_equal(decoded[name], arrays[name])


def test_nan_and_inf_travel_exactly_in_arrays():
    values = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-310], dtype=np.float64)
    _, decoded = decode_frame(encode_frame({}, {"v": values, "v32": values.astype(np.float32)}))
    assert np.isnan(decoded["v"][0]) and decoded["v"][1] == np.inf and decoded["v"][2] == -np.inf
    assert np.signbit(decoded["v"][4]) and decoded["v"][5] == 1e-310
    assert np.isnan(decoded["v32"][0]) and np.isinf(decoded["v32"][1:3]).all()


def test_non_finite_header_numbers_become_null():
    header, _ = decode_frame(encode_frame({"loss": float("inf"), "x": np.float32("nan"),
                                           "nested": {"a": [1.0, float("-inf")]}}, {}))
    assert header == {"loss": None, "x": None, "nested": {"a": [1.0, None]}}
    assert json_ready((np.int64(3), np.bool_(True))) == [3, True]


def test_arrays_start_aligned_and_the_frame_is_small():
    arrays = {"odd": np.arange(3, dtype=np.uint8), "f": np.ones(5, dtype=np.float32),
              "d": np.ones(2)}
    frame = encode_frame({"text": "ünïcode"}, arrays)
    header_size = struct.unpack_from("<I", frame, 4)[0]
    header = json.loads(frame[8:8 + header_size])
    assert (8 + header_size) % ALIGN == 0
    assert all(entry["offset"] % ALIGN == 0 for entry in header["arrays"].values())
    payload = 3 + 5 * 4 + 2 * 8
    assert len(frame) <= 8 + header_size + payload + 3 * ALIGN
    # a default playground frame: a 50x50 byte grid is 2.5 kB, not 2500 JSON numbers
    grid = encode_frame({}, {"boundary": np.zeros((50, 50), dtype=np.uint8)})
    assert len(grid) < 2500 + 200


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(st.sampled_from([np.uint8, np.float32, np.float64]),
                  hnp.array_shapes(min_dims=0, max_dims=3, max_side=6)))
def test_any_array_round_trips(array):
    _, decoded = decode_frame(encode_frame({}, {"a": array}))
    np.testing.assert_array_equal(decoded["a"], array)
    assert decoded["a"].shape == array.shape


@pytest.mark.parametrize("frame, message", [
    (b"", "short"),
    (b"XXXX" + struct.pack("<I", 0), "not a live-view frame"),
    (MAGIC + struct.pack("<I", 1000), "header length"),
    (MAGIC + struct.pack("<I", 8) + b"not json", "bad header"),
    (MAGIC + struct.pack("<I", 8) + b"[1,2]   ", "arrays table"),
])
def test_malformed_frames_are_refused(frame, message):
    with pytest.raises(FrameError, match=message):
        decode_frame(frame)


def _frame_with_entry(entry: dict, payload: bytes = b"") -> bytes:
    text = json.dumps({"arrays": {"a": entry}}).encode()
    text += b" " * (-(8 + len(text)) % 8)
    return MAGIC + struct.pack("<I", len(text)) + text + payload


@pytest.mark.parametrize("entry", [
    {"dtype": "c16", "shape": [1], "offset": 0},
    {"dtype": "f4", "shape": [-1], "offset": 0},
    {"dtype": "f4", "shape": [1], "offset": 3},
    {"dtype": "f8", "shape": [100], "offset": 0},
])
def test_bad_array_entries_are_refused(entry):
    with pytest.raises(FrameError):
        decode_frame(_frame_with_entry(entry, b"\0" * 16))


def test_oversized_frames_are_refused_both_ways():
    with pytest.raises(ValueError, match="exceeds"):
        encode_frame({}, {"big": np.zeros(MAX_FRAME_BYTES, dtype=np.uint8)})
    with pytest.raises(FrameError, match="too large"):
        decode_frame(b"\0" * (MAX_FRAME_BYTES + 1))


def test_reserved_header_key_and_unsupported_dtypes_are_errors():
    with pytest.raises(ValueError, match="reserved"):
        encode_frame({"arrays": 1}, {})
    with pytest.raises(TypeError):
        encode_frame({}, {"s": np.array(["text"])})

"""Tiny RGB PNG encoder (stdlib zlib) and colour mapping, for thumbnails as layout images.

A layout image costs the browser one <image> element; a heatmap trace costs a canvas redraw and
an encode per trace per frame, so many small thumbnails are far cheaper as PNG data URIs.
"""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np

from ui.common.palette import ColorStops

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def color_lut(stops: ColorStops, size: int = 257) -> np.ndarray:
    """(size, 3) uint8 table: entry i is the scale's colour at position i / (size - 1) (an odd
    size puts an entry exactly on the middle of the scale)."""
    t = np.linspace(0.0, 1.0, size)
    positions = np.array([pos for pos, _ in stops])
    channels = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for _, c in stops], dtype=float)
    table = np.stack([np.interp(t, positions, channels[:, k]) for k in range(3)], axis=-1)
    return np.rint(table).astype(np.uint8)


def colorize(values, lo: float, hi: float, lut: np.ndarray) -> np.ndarray:
    """(h, w) values -> (h, w, 3) uint8 colours from a `color_lut` table at
    t = clip((v - lo) / (hi - lo), 0, 1); non-finite values get the middle colour."""
    values = np.asarray(values, dtype=np.float64)
    span = hi - lo if hi > lo else 1.0
    t = np.clip((values - lo) / span, 0.0, 1.0)
    t[np.isnan(t)] = 0.5
    return lut[np.rint(t * (len(lut) - 1)).astype(np.intp)]


def png_data_uri(rgb: np.ndarray) -> str:
    """(h, w, 3) uint8 image (row 0 = top) -> "data:image/png;base64,..." (8-bit RGB PNG)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    height, width, _ = rgb.shape
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # filter byte 0 per row
    rows[:, 1:] = rgb.reshape(height, 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    png = (PNG_SIGNATURE + _chunk(b"IHDR", header)
           + _chunk(b"IDAT", _deflate(rows.tobytes())) + _chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _deflate(data: bytes) -> bytes:
    """zlib stream with a small window and memory level: ~10x faster than zlib.compress's
    defaults on thumbnail-sized data (its cost is mostly setting up a 256 kB state)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 9, 1)
    return compressor.compress(data) + compressor.flush()


def _chunk(tag: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(tag + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

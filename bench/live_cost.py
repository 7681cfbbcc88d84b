"""Server cost of the live view: CPU milliseconds per frame, and sessions per server process.

    .venv/bin/python -m bench.live_cost [--frames 300]

For each network, one `PlaygroundSource` plays the way the frame stream drives it: every frame
trains `speed` mini-batches (default 10: one epoch of the default 100 training points), builds
the frame (boundary bytes, neuron thumbnails, weights, new loss points, counters) and encodes
it. Reported per network: CPU ms per frame (process time, median and 90th percentile over
`--frames` frames after a warm-up) split into training and frame building, the frame's size, and
how many sessions playing at 30 frames/s one server process (one core, one GIL) could feed.
Prints figures only.
"""

from __future__ import annotations

import argparse
import statistics
import time

from ui.common.settings import Settings
from ui.live.protocol import encode_frame
from ui.playground.live import PlaygroundSource
from ui.playground.model import Playground

NETWORKS = {
    "default 2-4-2-1 tanh (XOR)": Settings(),
    "6 hidden layers of 8 (spiral)": Settings(dataset="spiral", hidden=(8,) * 6),
    "8 hidden layers of 32 (spiral)": Settings(dataset="spiral", hidden=(32,) * 8),
}
FPS = 30
WARMUP_FRAMES = 30


def measure(settings: Settings, frames: int) -> dict[str, float]:
    """CPU ms per frame (total, training, frame building) and the frame's bytes."""
    source = PlaygroundSource(Playground(settings), settings, "en")
    have: dict = {}
    totals, trains, sizes = [], [], []
    for index in range(WARMUP_FRAMES + frames):
        started = time.process_time()
        source.advance()
        trained = time.process_time()
        header, arrays = source.frame(have)
        frame = encode_frame(header, arrays)
        done = time.process_time()
        history = header["history"]["h"]
        have = {"h": {"h": [history["rev"], history["size"]]}}
        if index >= WARMUP_FRAMES:
            totals.append((done - started) * 1000)
            trains.append((trained - started) * 1000)
            sizes.append(len(frame))
    total = statistics.median(totals)
    return {"total": total, "p90": statistics.quantiles(totals, n=10)[-1],
            "train": statistics.median(trains), "frame": total - statistics.median(trains),
            "bytes": statistics.median(sizes)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()
    print(f"{'network':<34}{'ms/frame':>9}{'p90':>7}{'train':>7}{'frame':>7}{'bytes':>8}"
          f"{'sessions@30fps':>16}")
    for name, settings in NETWORKS.items():
        figures = measure(settings, args.frames)
        sessions = 1000 / (FPS * figures["total"])
        print(f"{name:<34}{figures['total']:>9.2f}{figures['p90']:>7.2f}{figures['train']:>7.2f}"
              f"{figures['frame']:>7.2f}{figures['bytes']:>8.0f}{sessions:>16.1f}")
    print("(speed = 10 mini-batches of 10 per frame; sessions@30fps = 1000 / (30 x ms/frame), "
          "one core, before the WebSocket's own cost)")


if __name__ == "__main__":
    main()

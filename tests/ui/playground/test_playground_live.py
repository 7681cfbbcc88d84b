"""The playground's live view without a browser: chart specs, frames, ops, counters."""

import json

import numpy as np
import pytest

from ui.common.figures import stable_weight_range
from ui.common.settings import Settings
from ui.live.charts import value_bytes
from ui.live.counters import format_counter
from ui.live.protocol import decode_frame, encode_frame
from ui.playground.live import PlaygroundSource, playground_spec
from ui.playground.model import Playground


def make_source(**changes) -> PlaygroundSource:
    settings = Settings(**changes)
    return PlaygroundSource(Playground(settings), settings, "en")


def frame_of(source: PlaygroundSource, have: dict | None = None):
    """A frame as the browser gets it: through the encoder and decoder."""
    return decode_frame(encode_frame(*source.frame(have or {})))


def test_spec_has_the_four_charts_and_is_plain_json():
    source = make_source()
    spec = playground_spec(source.playground, source.settings, "en")
    kinds = {chart["name"]: chart["kind"] for chart in spec["charts"]}
    assert kinds == {"network": "network", "boundary": "plane", "loss": "lines",
                     "weights": "weights"}
    json.dumps(spec, allow_nan=False)
    names = {name for row in spec["layout"]["areas"] for name in row}
    assert names == set(kinds)
    presenter = playground_spec(source.playground, source.settings.updated(presenter=True), "en")
    assert presenter["layout"] != spec["layout"]


def test_spec_words_follow_the_language():
    source = make_source()
    english = playground_spec(source.playground, source.settings, "en")
    chinese = playground_spec(source.playground, source.settings, "zh")
    titles = [chart["title"] for chart in english["charts"]]
    assert titles == ["Network", "Decision boundary", "Loss", "Weights"]
    assert [chart["title"] for chart in chinese["charts"]] != titles


def test_boundary_bytes_run_along_x1_and_up_x2():
    """A network that only looks at x1: the picture changes along its rows, not its columns."""
    source = make_source(hidden=())
    net = source.playground.run.net
    net.params["W1"][:] = [[3.0], [0.0]]
    net.params["b1"][:] = 0.0
    _, arrays = frame_of(source)
    image = arrays["boundary"].astype(int)
    grid = source.playground.grid
    assert image.shape == (len(grid.ys), len(grid.xs))
    assert np.all(image == image[:1])                      # the same in every row (every x2)
    assert image[0, 0] < 40 and image[0, -1] > 215           # left class 0, right class 1
    expected = value_bytes(1 / (1 + np.exp(-3 * grid.xs)), 0.0, 1.0)
    assert np.abs(image[0] - expected).max() <= 1


def test_thumbnails_one_per_shown_node_and_oriented():
    source = make_source(hidden=(12, 3))
    _, arrays = frame_of(source)
    thumbs = arrays["thumbs"]
    assert thumbs.shape == (2 + 8 + 3 + 1, 16, 16)          # layers wider than 8 show 8
    x1, x2 = thumbs[0].astype(int), thumbs[1].astype(int)
    assert np.all(x1 == x1[:1]) and x1[0, -1] > x1[0, 0]     # x1 grows to the right
    assert np.all(x2 == x2[:, :1]) and x2[-1, 0] > x2[0, 0]  # x2 grows upward (row 0 = bottom)


def test_weights_and_their_colour_limit_travel_as_float32():
    source = make_source(hidden=(4, 2))
    header, arrays = frame_of(source)
    net = source.playground.run.net
    for i in (1, 2, 3):
        assert arrays[f"W{i}"].dtype == np.float32
        np.testing.assert_allclose(arrays[f"W{i}"], net.params[f"W{i}"], rtol=1e-6)
        np.testing.assert_allclose(arrays[f"b{i}"], net.params[f"b{i}"], rtol=1e-6)
    layers = [(net.params[f"W{i}"], net.params[f"b{i}"]) for i in (1, 2, 3)]
    assert header["zmax"] == stable_weight_range(None, layers)


def test_history_goes_whole_first_then_only_new_points():
    source = make_source()
    header, arrays = frame_of(source)
    first = header["history"]["h"]
    assert first["start"] == 0 and first["size"] == len(source.playground.run.history)
    have = {"h": {"h": [first["rev"], first["size"]]}}
    source.serve("step", source.run_id, {})
    header, arrays = frame_of(source, have)
    update = header["history"]["h"]
    history = source.playground.run.history
    assert update["start"] == first["size"] and update["size"] == len(history)
    assert len(arrays["h.epoch"]) == update["size"] - update["start"]
    np.testing.assert_allclose(arrays["h.train_loss"], history.train_loss[update["start"]:],
                               rtol=1e-6)
    stale = {"h": {"h": [first["rev"] + 1, first["size"]]}}  # the history halved meanwhile
    assert frame_of(source, stale)[0]["history"]["h"]["start"] == 0


def test_play_trains_speed_batches_step_one_unit_reset_starts_over():
    source = make_source(speed=7, step_unit="sample")
    run_id = source.run_id
    source.serve("play", run_id, {})
    assert source.playing and source.playground.run.steps == 7
    source.serve("step", run_id, {})
    assert not source.playing
    assert source.playground.run.steps == 8 and source.playground.run.samples_seen == 71
    source.serve("reset", run_id, {})
    assert source.playground.run.steps == 0 and source.run_id != run_id


def test_have_only_counts_for_the_run_on_screen():
    source = make_source()
    header, _ = frame_of(source)
    have = {"h": {"h": [header["history"]["h"]["rev"], header["history"]["h"]["size"]]}}
    header, _ = decode_frame(encode_frame(*source.serve("frame", "another-run", have)))
    assert header["history"]["h"]["start"] == 0


def test_counters_are_the_runs_numbers_value_by_value():
    source = make_source()
    source.serve("play", source.run_id, {})
    header, _ = frame_of(source)
    run = source.playground.run
    metrics = run.metrics()
    expected = [
        ["Epoch", f"{run.epoch:,}"], ["Steps", f"{run.steps:,}"],
        ["Samples seen", f"{run.samples_seen:,}"],
        ["Train loss", format_counter(metrics["train_loss"], "loss")],
        ["Test loss", format_counter(metrics["test_loss"], "loss")],
        ["Train accuracy", f"{metrics['train_acc']:.1%}"],
        ["Test accuracy", f"{metrics['test_acc']:.1%}"],
        ["Steps / s", f"{source.playground.steps_per_second:,.0f}"],
    ]
    assert header["counters"] == expected


def test_regression_without_test_set_shows_no_accuracy_or_test_values():
    source = make_source(dataset="plane", n_points=6)  # fewer than 8 points: no test set
    labels = [label for label, _ in frame_of(source)[0]["counters"]]
    assert not any("accuracy" in label for label in labels)


@pytest.mark.parametrize("value, kind, text", [
    (float("inf"), "loss", "overflow"), (1.5e304, "loss", "1.50e+304"), (None, "loss", "–"),
    (float("nan"), "percent", "–"), (0.12345, "loss", "0.1235"), (3e-7, "loss", "3.00e-07"),
    (1234567, "int", "1,234,567"), (0.975, "percent", "97.5%"),
])
def test_counter_texts_stay_short(value, kind, text):
    assert format_counter(value, kind) == text
    assert len(format_counter(value, kind)) <= 12


def test_divergence_stops_playing_and_says_so_once():
    source = make_source(learning_rate=10.0, dataset="plane", activation="relu", speed=50)
    serial = source.play_serial
    for _ in range(40):
        header, _ = decode_frame(encode_frame(*source.serve("play", source.run_id, {})))
        if header["diverged"]:
            break
    assert header["diverged"] and not source.playing and source.play_serial > serial
    assert header["alert"].count("learning rate") >= 1
    assert np.isfinite(source.playground.run.net.get_flat()).all()
    steps = source.playground.run.steps
    source.serve("play", source.run_id, {})  # a late request trains nothing more
    assert source.playground.run.steps == steps


def test_replay_walks_the_snapshots_and_shows_their_numbers():
    source = make_source()
    for _ in range(5):
        source.serve("play", source.run_id, {})
    snapshots = source.playground.run.snapshots
    header, _ = frame_of(source)
    assert header["replay"] is None and header["until"] is None
    source.serve("replay", source.run_id, {})
    header, _ = frame_of(source)
    assert header["replay"] == {"index": 0, "last": len(snapshots) - 1}
    assert header["until"] == snapshots[0].epoch
    assert ["Steps", "0"] in header["counters"]
    assert header["banner"] and "epoch 0" in header["banner"]
    for _ in range(len(snapshots) - 1):
        source.serve("replay", source.run_id, {})
    assert frame_of(source)[0]["replay"]["index"] == len(snapshots) - 1


def test_a_new_network_from_the_page_stops_playing():
    source = make_source()
    source.serve("play", source.run_id, {})
    serial = source.play_serial
    playground = source.playground
    playground.sync(source.settings.updated(hidden=(3,)))
    source.configure(playground, source.settings.updated(hidden=(3,)), "en")
    assert not source.playing and source.play_serial == serial + 1

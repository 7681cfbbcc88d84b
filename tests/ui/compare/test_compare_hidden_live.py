"""The compare and hidden-space live views without a browser: specs, frames, ops."""

import json

import numpy as np

from ui.common.settings import Settings
from ui.compare.live import CompareSource, compare_spec, summary_table
from ui.compare.model import CompareGroup
from ui.hidden_space.live import HiddenSource, hidden_spec
from ui.hidden_space.model import HiddenSpace, demo_settings
from ui.live.boundary import grid_bytes
from ui.live.protocol import decode_frame, encode_frame

BASE = Settings(n_points=60)


def compare_source(variable="learning_rate", values=(0.03, 0.3, 3.0)) -> CompareSource:
    source = CompareSource(lambda: CompareGroup(BASE, variable, values), (variable, values))
    source.configure(epochs_per_frame=2, lang="en")
    return source


def through_the_wire(header_and_arrays):
    return decode_frame(encode_frame(*header_and_arrays))


def test_compare_spec_has_one_curve_and_one_boundary_per_run():
    source = compare_source()
    spec = compare_spec(source.group, BASE, "en", log_y=False)
    json.dumps(spec, allow_nan=False)
    names = [chart["name"] for chart in spec["charts"]]
    assert names == ["loss", "boundary0", "boundary1", "boundary2", "summary"]
    series = spec["charts"][0]["series"]
    assert [s["channel"] for s in series] == ["h0", "h1", "h2"]
    assert len({s["color"] for s in series}) == 3
    assert [row for row in spec["layout"]["areas"]][-1] == ["summary"] * 3


def test_compare_frame_per_run_history_and_boundary():
    source = compare_source()
    header, arrays = through_the_wire(source.serve("play", source.run_id, {}))
    group = source.group
    for index, member in enumerate(group.runs):
        assert header["history"][f"h{index}"]["size"] == len(member.run.history)
        np.testing.assert_array_equal(arrays[f"boundary{index}"],
                                      grid_bytes(member.run.net, group.grid, group.problem))
    assert not np.array_equal(arrays["boundary0"], arrays["boundary2"])
    assert header["counters"] == [["Epoch", "2"], ["Runs training", "3 of 3"]]
    assert header["tables"]["summary"] == json.loads(json.dumps(summary_table(group, "en")))


def test_compare_reset_rebuilds_the_same_start_with_a_new_run_id():
    source = compare_source()
    start = [m.run.net.get_flat().copy() for m in source.group.runs]
    run_id = source.run_id
    source.serve("step", run_id, {})
    assert source.group.epoch == 2
    source.serve("reset", run_id, {})
    assert source.group.epoch == 0 and source.run_id != run_id
    for member, flat in zip(source.group.runs, start, strict=True):
        np.testing.assert_array_equal(member.run.net.get_flat(), flat)


def test_compare_stops_when_every_run_diverged():
    settings = Settings(dataset="plane", activation="relu", hidden=(8, 8))
    source = CompareSource(lambda: CompareGroup(settings, "learning_rate", (10.0, 3.0)), ())
    source.configure(epochs_per_frame=5, lang="en")
    for _ in range(60):
        header, _ = source.serve("play", source.run_id, {})
        if header["diverged"]:
            break
    assert header["diverged"] and not source.playing
    assert header["alert"].startswith("Every run has diverged")


def hidden_source(demo="circle_6_2") -> HiddenSource:
    source = HiddenSource(lambda: HiddenSpace.from_settings(demo_settings(demo)), (demo,))
    source.configure(speed=3, layer=1, i=0, j=1, lang="en")
    return source


def test_hidden_spec_and_frame_carry_both_planes_histograms_and_dead_units():
    source = hidden_source()
    spec = hidden_spec(source.model, 1, 0, 1, "default", "en")
    json.dumps(spec, allow_nan=False)
    assert [chart["name"] for chart in spec["charts"]] == ["input", "hidden", "histograms",
                                                           "dead"]
    header, arrays = through_the_wire(source.serve("play", source.run_id, {}))
    plane = source.model.hidden_plane(1, 0, 1)
    np.testing.assert_allclose(arrays["hidden.points"], plane.points, rtol=1e-6, atol=1e-7)
    assert arrays["hidden.lattice"].shape == plane.lines.shape
    assert header["ranges"]["hidden"] == [*plane.x_range, *plane.y_range]
    assert arrays["hidden"].shape == (40, 40)  # the whole last layer: the output's shading
    assert {"act0", "act1", "delta0", "delta1"} <= set(arrays)
    assert header["texts"]["dead"].startswith("Dead ReLU units")
    assert dict(header["counters"])["Steps"] == "3"


def test_the_hidden_plane_is_square_when_both_axes_share_a_fixed_range():
    """tanh and sigmoid units have fixed, equal axis ranges: one unit is as long on both axes;
    relu and linear units adapt each axis to its own range, so the plane fills its cell."""
    for activation, square in (("tanh", True), ("sigmoid", True), ("relu", False),
                               ("linear", False)):
        model = HiddenSpace.from_settings(demo_settings("circle_6_2", activation))
        spec = hidden_spec(model, 1, 0, 1, "default", "en")
        hidden = next(chart for chart in spec["charts"] if chart["name"] == "hidden")
        assert hidden["equal_aspect"] is square, activation


def test_hidden_reset_and_rebuild():
    source = hidden_source()
    run_id = source.run_id
    source.serve("step", run_id, {})
    assert source.model.run.steps == 3
    source.serve("reset", run_id, {})
    assert source.model.run.steps == 0 and source.run_id != run_id
    source.serve("play", source.run_id, {})
    serial = source.play_serial
    source.rebuild(lambda: HiddenSpace.from_settings(demo_settings("xor_2")), ("xor_2",))
    assert not source.playing and source.play_serial == serial + 1
    assert source.model.problem.dataset.name == "xor"

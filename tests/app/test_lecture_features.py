"""Scenes, links, languages, replay and own data on the playground page (AppTest)."""

import numpy as np
import pytest

from tests.app.helpers import live_frame, live_payload, start_app, stream
from ui.common.presets import load_presets
from ui.common.settings import Settings, to_query


def playground(at):
    return at.session_state["playground"]


def test_scene_loads_its_settings_and_note():
    at = start_app()
    at.selectbox(key="scene_choice").set_value("tutorial_xor").run()
    assert not at.exception
    pg = playground(at)
    assert pg.problem.dataset.name == "xor4"
    assert pg.run.net.sizes == [2, 4, 1]
    assert pg.run.net.loss_name == "sse" and pg.run.learning_rate == 1.0
    assert any("tutorial" in caption.value for caption in at.caption)


def test_next_scene_walks_the_lecture_in_order():
    at = start_app()
    order = [preset.id for preset in load_presets()]
    at.button(key="next_scene").click().run()
    assert at.session_state["settings"].preset == order[0]
    at.button(key="next_scene").click().run()
    assert at.session_state["settings"].preset == order[1]
    assert playground(at).run.net.sizes[1:-1] == []  # "no hidden layer" scene


@pytest.mark.parametrize("preset", load_presets(), ids=lambda p: p.id)
def test_every_scene_loads_and_trains(preset):
    at = start_app()
    at.selectbox(key="scene_choice").set_value(preset.id).run()
    stream(at, "play", times=5).run()
    assert not at.exception, at.exception
    assert playground(at).run.steps > 0 or playground(at).run.diverged


def test_a_copied_link_reproduces_identical_weights():
    settings = Settings(dataset="circle", hidden=(5, 3), learning_rate=0.1, weight_seed=7,
                        data_seed=3, batch_size=5, speed=2)
    first = start_app(to_query(settings))
    second = start_app(to_query(settings))
    for at in (first, second):
        stream(at, "play", times=5).run()
    a, b = playground(first).run, playground(second).run
    assert a.steps == b.steps == 10
    assert np.array_equal(a.net.get_flat(), b.net.get_flat())


def test_switching_language_changes_labels():
    at = start_app()
    assert live_payload(at)["labels"]["step"] == "Step"
    at.get("button_group")[0].set_value("zh").run()
    assert not at.exception
    assert live_payload(at)["labels"]["step"] == "单步"
    assert live_frame(at)[0]["counters"][0][0] == "轮次"
    assert at.selectbox(key="w_dataset").label == "数据集"
    assert at.session_state["settings"].lang == "zh"


def test_replay_shows_an_earlier_state_and_play_returns_to_now():
    at = start_app()
    stream(at, "play", times=15).run()
    pg = playground(at)
    live = live_frame(at)[1]["boundary"].copy()
    at.slider(key="replay_index").set_value(1).run()
    assert pg.view_index == 1
    header, arrays = live_frame(at)
    assert header["until"] == pg.run.snapshots[1].epoch
    assert not np.array_equal(arrays["boundary"], live)
    steps = pg.run.steps
    stream(at, "play").run()
    assert pg.view_index is None and pg.run.steps > steps
    assert live_frame(at)[0]["until"] is None


def test_replay_button_starts_the_browsers_replay_from_the_first_snapshot():
    at = start_app()
    stream(at, "play", times=5).run()
    serial = live_payload(at)["replay"]["serial"]
    at.button(key="replay").click().run()
    assert not at.exception
    assert live_payload(at)["replay"] == {"serial": serial + 1, "active": True}
    assert playground(at).view_index == 0
    stream(at, "replay", times=4).run()  # the browser asks for the next snapshots
    assert playground(at).view_index == 4
    at.button(key="replay_now").click().run()
    assert playground(at).view_index is None
    assert live_payload(at)["replay"] == {"serial": serial + 2, "active": False}


def test_malformed_csv_is_rejected_and_data_kept():
    at = start_app()
    before = playground(at).problem.raw_train.copy()
    at.file_uploader(key="csv_upload").upload("bad.csv", b"x1,x2,label\n1,2,3\n4,abc,0\n").run()
    assert not at.exception
    assert at.error and "not a number" in at.error[0].value
    assert np.array_equal(playground(at).problem.raw_train, before)


def test_good_csv_replaces_the_data():
    rows = "\n".join(f"{x},{x * 0.5},{int(x > 0)}" for x in np.linspace(-3, 3, 20))
    at = start_app()
    at.file_uploader(key="csv_upload").upload("good.csv", f"x1,x2,label\n{rows}\n".encode()).run()
    assert not at.exception and not at.error
    pg = playground(at)
    assert pg.custom_dataset is not None and len(pg.custom_dataset.X) == 20
    at.button(key="use_generated").click().run()
    assert playground(at).custom_dataset is None


def test_model_json_round_trip_through_the_page():
    from ui.export.model_file import export_model

    at = start_app({"dataset": "moons", "hidden": "5-3"})
    stream(at, "play", times=5).run()
    pg = playground(at)
    saved = export_model(pg, at.session_state["settings"])
    expected = pg.run.net.predict(pg.grid.inputs)

    fresh = start_app()
    fresh.file_uploader(key="model_upload").upload("model.json", saved.encode()).run()
    assert not fresh.exception and not fresh.error
    restored = playground(fresh)
    assert restored.problem.dataset.name == "moons"
    assert restored.run.steps == pg.run.steps and restored.run.epoch == pg.run.epoch
    assert np.array_equal(restored.run.net.predict(restored.grid.inputs), expected)
    assert fresh.selectbox(key="w_dataset").value == "moons"


def test_malformed_model_json_is_rejected_and_run_kept():
    at = start_app()
    stream(at, "step").run()
    before = playground(at)
    weights = before.run.net.get_flat().copy()
    at.file_uploader(key="model_upload").upload("m.json", b'{"format": "nope"').run()
    assert not at.exception
    assert at.error and "not loaded" in at.error[0].value
    assert playground(at) is before and np.array_equal(before.run.net.get_flat(), weights)

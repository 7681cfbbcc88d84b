"""AppTest of the Compare runs page: loads, Play/Step/Reset, another setting to vary."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import counters, live_charts, live_frame, live_payload, open_page, stream
from ui.common.i18n import t

VIEW = "compare"


@pytest.fixture
def at() -> AppTest:
    return open_page(VIEW)


def table(app: AppTest) -> dict[str, list[str]]:
    summary = live_frame(app, VIEW)[0]["tables"]["summary"]
    return dict(zip(summary["columns"], zip(*summary["rows"], strict=True), strict=True))


def loss_points(app: AppTest) -> list[int]:
    return [info["size"] for info in live_frame(app, VIEW)[0]["history"].values()]


def test_page_loads_with_three_learning_rates(at):
    shown = live_charts(at, VIEW)
    assert set(shown) == {"loss", "boundary0", "boundary1", "boundary2", "summary"}
    names = [series["name"] for series in shown["loss"]["series"]]
    assert names == ["η = 0.03", "η = 0.3", "η = 3"]
    assert [shown[f"boundary{i}"]["title"] for i in range(3)] == names
    assert counters(at, VIEW)["Epoch"] == "0"
    assert list(table(at)["Run"]) == names
    assert set(table(at)["Epochs"]) == {"0"}


def test_play_and_step_advance_every_run(at):
    before = loss_points(at)
    stream(at, "play", VIEW, times=3).run()
    assert not at.exception
    assert counters(at, VIEW) == {"Epoch": "3", "Runs training": "3 of 3"}
    after = loss_points(at)
    assert all(a > b for a, b in zip(after, before, strict=True))
    assert set(table(at)["Epochs"]) == {"3"}
    stream(at, "pause", VIEW).run()
    stream(at, "step", VIEW).run()
    assert counters(at, VIEW)["Epoch"] == "4"
    stream(at, "reset", VIEW).run()
    assert counters(at, VIEW)["Epoch"] == "0"
    assert not at.exception


def test_epochs_per_frame_sets_the_pace(at):
    at.selectbox(key="cmp_epochs").set_value(5).run()
    stream(at, "play", VIEW, times=2).run()
    assert counters(at, VIEW)["Epoch"] == "10"


def test_choosing_another_setting_to_vary(at):
    at.selectbox(key="cmp_variable").set_value("activation").run()
    assert not at.exception
    assert at.multiselect(key="cmp_values").value == ["tanh", "relu"]
    loss_series = live_charts(at, VIEW)["loss"]["series"]
    assert [series["name"] for series in loss_series] == ["tanh", "ReLU"]
    assert len(table(at)["Run"]) == 2
    stream(at, "step", VIEW).run()
    assert counters(at, VIEW)["Epoch"] == "1"
    stream(at, "play", VIEW).run()
    serial = live_payload(at, VIEW)["play_serial"]
    at.multiselect(key="cmp_values").select("sigmoid").run()
    assert not at.exception
    assert len(table(at)["Run"]) == 3
    assert counters(at, VIEW)["Epoch"] == "0"  # a new group starts, paused
    assert live_payload(at, VIEW)["play_serial"] > serial


def test_fewer_than_two_values_asks_for_more(at):
    at.multiselect(key="cmp_values").unselect(0.3).unselect(3.0).run()
    assert not at.exception
    assert any("Pick 2 to 4" in info.value for info in at.info)
    with pytest.raises(LookupError):
        live_payload(at, VIEW)


def test_a_diverging_run_is_marked_in_the_table():
    app = open_page(VIEW, {"dataset": "plane", "activation": "relu", "hidden": "8-8"})
    app.session_state["cmp_values"] = [0.01, 10.0]
    app.run()
    stream(app, "play", VIEW, times=25).run()
    assert not app.exception
    status = table(app)["Status"]
    assert status[0] == "training"
    assert status[1].startswith("diverged at step ") and "(learning rate 10)" in status[1]
    names = [series["name"] for series in live_charts(app, VIEW)["loss"]["series"]]
    assert names == ["η = 0.01", "η = 10 (diverged)"]
    assert counters(app, VIEW)["Runs training"] == "1 of 2"


def test_every_setting_to_vary_renders_in_chinese():
    app = open_page(VIEW, {"lang": "zh"})
    assert not app.exception
    assert app.title[0].value == "并排对比训练"
    for variable in ("activation", "neurons", "batch_size", "optimizer", "reg_rate"):
        app.selectbox(key="cmp_variable").set_value(variable).run()
        assert not app.exception, variable
        runs = table(app)[t("compare.col.run", "zh")]
        assert len(runs) == len(app.multiselect(key="cmp_values").value)

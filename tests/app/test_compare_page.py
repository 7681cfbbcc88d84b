"""AppTest of the Compare runs page: loads, Play/Step/Reset, another setting to vary."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.live_chart import chart_payloads

APP_PATH = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(APP_PATH, default_timeout=60)
    app.run()
    app.switch_page("views/compare.py")
    app.session_state["cmp_frame_limit"] = 3  # each Play runs three frames
    app.run()
    assert not app.exception
    return app


def _counters(app: AppTest) -> str:
    return next(m.value for m in app.markdown if "runs training" in m.value)


def _loss_points(app: AppTest) -> list[int]:
    figure = chart_payloads(app)["cmp_chart_loss"]["figure"]
    return [len(trace["y"]) for trace in figure["data"]]


def test_page_loads_with_three_learning_rates(at):
    charts = chart_payloads(at)
    assert set(charts) == {"cmp_chart_loss", "cmp_chart_boundary0", "cmp_chart_boundary1",
                           "cmp_chart_boundary2"}
    names = [trace["name"] for trace in charts["cmp_chart_loss"]["figure"]["data"]]
    assert names == ["η = 0.03", "η = 0.3", "η = 3"]
    titles = [charts[f"cmp_chart_boundary{i}"]["figure"]["layout"]["title"]["text"]
              for i in range(3)]
    assert titles == names
    assert "Epoch **0**" in _counters(at)
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == titles
    assert set(table["Epochs"]) == {"0"}


def test_play_and_step_advance_every_run(at):
    before = _loss_points(at)
    at.button(key="cmp_play").click().run()
    assert not at.exception
    assert "Epoch **3**" in _counters(at)
    after = _loss_points(at)
    assert all(a > b for a, b in zip(after, before, strict=True))
    assert set(at.dataframe[0].value["Epochs"]) == {"3"}
    at.button(key="cmp_play").click().run()  # pause
    at.button(key="cmp_step").click().run()
    assert "Epoch **4**" in _counters(at)
    at.button(key="cmp_reset").click().run()
    assert "Epoch **0**" in _counters(at)
    assert not at.exception


def test_choosing_another_setting_to_vary(at):
    at.selectbox(key="cmp_variable").set_value("activation").run()
    assert not at.exception
    assert at.multiselect(key="cmp_values").value == ["tanh", "relu"]
    charts = chart_payloads(at)
    names = [trace["name"] for trace in charts["cmp_chart_loss"]["figure"]["data"]]
    assert names == ["tanh", "ReLU"]
    table = at.dataframe[0].value
    assert len(table) == 2
    at.button(key="cmp_step").click().run()
    assert "Epoch **1**" in _counters(at)
    at.multiselect(key="cmp_values").select("sigmoid").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 3
    assert "Epoch **0**" in _counters(at)  # a new group starts


def test_fewer_than_two_values_asks_for_more(at):
    at.multiselect(key="cmp_values").unselect(0.3).unselect(3.0).run()
    assert not at.exception
    assert any("Pick 2 to 4" in info.value for info in at.info)
    assert "cmp_chart_loss" not in chart_payloads(at)


def test_a_diverging_run_is_marked_in_the_table():
    app = AppTest.from_file(APP_PATH, default_timeout=60)
    app.query_params.update({"dataset": "plane", "activation": "relu", "hidden": "8-8"})
    app.run()
    app.switch_page("views/compare.py")
    app.session_state["cmp_frame_limit"] = 25
    app.session_state["cmp_values"] = [0.01, 10.0]
    app.run()
    app.button(key="cmp_play").click().run()
    assert not app.exception
    status = list(app.dataframe[0].value["Status"])
    assert status[0] == "training"
    assert status[1].startswith("diverged: ") and "learning rate 10" in status[1]
    names = [trace["name"] for trace in
             chart_payloads(app)["cmp_chart_loss"]["figure"]["data"]]
    assert names == ["η = 0.01", "η = 10 (diverged)"]


def test_every_setting_to_vary_renders_in_chinese():
    app = AppTest.from_file(APP_PATH, default_timeout=60)
    app.query_params["lang"] = "zh"
    app.run()
    app.switch_page("views/compare.py")
    app.run()
    assert not app.exception
    assert app.title[0].value == "并排对比训练"
    for variable in ("activation", "neurons", "batch_size", "optimizer", "reg_rate"):
        app.selectbox(key="cmp_variable").set_value(variable).run()
        assert not app.exception, variable
        assert len(app.dataframe[0].value) == len(app.multiselect(key="cmp_values").value)

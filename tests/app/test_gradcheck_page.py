"""The gradient-check page in AppTest: the core passes, the demo bug fails."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from nn_core import gradcheck
from tests.app.helpers import open_page as open_app_page
from tests.app.helpers import page_alone
from ui.backprop.lesson import tutorial_data, tutorial_network

PAGE = "gradcheck"


def open_page(lang: str | None = None) -> AppTest:
    return open_app_page(PAGE, {"lang": lang} if lang else None)


def shown_errors(at: AppTest) -> dict[str, float]:
    """Parameter name -> max relative error from the page's table."""
    table = at.dataframe[0].value
    return dict(zip(table.iloc[:, 0], table.iloc[:, 2].astype(float), strict=True))


def heatmap_names(at: AppTest) -> list[str]:
    return [trace["name"] for chart in at.get("plotly_chart")
            for trace in json.loads(chart.proto.spec)["data"]]


def test_playground_network_passes_with_the_cores_errors():
    at = open_page()
    assert len(at.success) == 1 and "Pass" in at.success[0].value
    assert not at.error
    playground = at.session_state["playground"]
    net, problem = playground.run.net, playground.problem
    expected = gradcheck(net, problem.X_train[:8], problem.y_train[:8])
    shown = shown_errors(at)
    assert list(shown) == list(net.params)
    for name, error in expected.items():
        assert shown[name] == pytest.approx(error, rel=1e-9, abs=1e-15)
    assert heatmap_names(at) == list(net.params)


def test_wrong_derivative_toggle_fails_and_back_passes():
    at = open_page()
    at.toggle(key="gc_broken").set_value(True).run()
    assert not at.exception, at.exception
    assert len(at.error) == 1 and "Fail" in at.error[0].value
    assert not at.success
    assert shown_errors(at)["W1"] > 1e-2
    at.toggle(key="gc_broken").set_value(False).run()
    assert len(at.success) == 1 and not at.error


def test_tutorial_network_pass_then_broken_fail():
    at = open_page()
    at.segmented_control(key="gc_source").set_value("tutorial").run()
    assert not at.exception, at.exception
    X, y = tutorial_data()
    expected = gradcheck(tutorial_network(0), X, y)
    shown = shown_errors(at)
    assert list(shown) == ["W1", "W2"]
    for name, error in expected.items():
        assert shown[name] == pytest.approx(error, rel=1e-9, abs=1e-15)
    assert at.success
    at.toggle(key="gc_broken").set_value(True).run()
    assert at.error and not at.success


def test_sample_count_changes_the_check():
    at = open_page()
    before = shown_errors(at)
    at.number_input(key="gc_samples").set_value(3).run()
    assert not at.exception
    playground = at.session_state["playground"]
    expected = gradcheck(playground.run.net, playground.problem.X_train[:3],
                         playground.problem.y_train[:3])
    after = shown_errors(at)
    assert after["W1"] == pytest.approx(expected["W1"], rel=1e-9, abs=1e-15)
    assert after["W1"] != before["W1"]


@pytest.mark.parametrize("lang, title", [("en", "Gradient check"), ("zh", "梯度检验")])
def test_page_speaks_both_languages(lang, title):
    at = open_page(lang)
    assert at.title[0].value == title


def test_before_the_playground_ran_a_default_network_is_checked():
    at = page_alone(PAGE)
    at.run()
    assert not at.exception, at.exception
    assert "playground" not in at.session_state
    assert any("has not run" in info.value for info in at.info)
    assert at.success and list(shown_errors(at)) == ["W1", "b1", "W2", "b2", "W3", "b3"]


def test_demo_bug_switch_survives_a_visit_to_another_page():
    at = open_page()
    at.toggle(key="gc_broken").set_value(True).run()
    at.switch_page("views/playground.py")
    at.run()
    at.switch_page("views/gradcheck.py")
    at.run()
    assert not at.exception, at.exception
    assert at.toggle(key="gc_broken").value and at.error

"""The settings table and its URL codec: valid links round-trip, bad ones fall back."""

from dataclasses import fields

import pytest

import nn_core
from ui.common import settings as cfg
from ui.common.settings import Settings, from_query, to_query


def test_every_setting_has_a_field_and_back():
    assert [f.name for f in fields(Settings)] == list(cfg.FIELDS)


def test_defaults_make_an_empty_query():
    assert to_query(Settings()) == {}


def test_changed_settings_round_trip_exactly():
    changed = Settings(
        dataset="spiral", n_points=340, noise=0.25, hidden=(8, 8, 3), activation="relu",
        learning_rate=0.003, batch_size=1, features=("x1", "x2", "sin(x1)"), lang="zh",
        show_test=True, weight_seed=12345, reg_rate=0.001, regularization="l2",
    )
    query = to_query(changed)
    restored, problems = from_query(query)
    assert problems == []
    assert restored == changed
    assert query["hidden"] == "8-8-3"


def test_no_hidden_layer_round_trips():
    restored, problems = from_query(to_query(Settings(hidden=())))
    assert problems == [] and restored.hidden == ()


@pytest.mark.parametrize(
    "name, value",
    [
        ("learning_rate", "abc"),
        ("learning_rate", "1e4"),
        ("learning_rate", "nan"),
        ("learning_rate", "-1"),
        ("hidden", "4-999"),
        ("hidden", "1-1-1-1-1-1-1-1-1"),
        ("hidden", "4;2"),
        ("dataset", "<script>alert(1)</script>"),
        ("n_points", "1e9"),
        ("n_points", "9" * 5000),
        ("features", "x1,evil"),
        ("show_test", "maybe"),
        ("batch_size", "0"),
        ("preset", "../../etc/passwd"),
    ],
)
def test_bad_values_fall_back_to_default_with_a_problem(name, value):
    restored, problems = from_query({name: value, "activation": "relu"})
    assert getattr(restored, name) == getattr(Settings(), name)
    assert [p.name for p in problems] == [name]
    assert restored.activation == "relu"  # the good parameter still applies


def test_unknown_keys_are_reported_not_applied():
    restored, problems = from_query({"nonsense": "1", "x" * 10_000: "2"})
    assert restored == Settings()
    assert len(problems) == 2
    assert all(len(p.name) <= cfg.MAX_URL_VALUE_LENGTH for p in problems)


def test_repeated_parameter_uses_the_last_value():
    restored, _ = from_query({"activation": ["relu", "sigmoid"]})
    assert restored.activation == "sigmoid"


def test_updated_validates():
    assert Settings().updated(learning_rate=0.3).learning_rate == 0.3
    with pytest.raises(ValueError):
        Settings().updated(learning_rate=100.0)


def test_network_key_ignores_live_settings():
    base = Settings()
    assert base.updated(learning_rate=1.0, batch_size=3).network_key() == base.network_key()
    assert base.updated(hidden=(3,)).network_key() != base.network_key()


def test_fixed_size_datasets_are_exactly_those_that_ignore_the_point_count():
    from nn_core.datasets import DATASETS, make_dataset
    from ui.common.settings import FIXED_SIZE_DATASETS

    fixed = {name for name in DATASETS
             if make_dataset(name, n=20, seed=0).n_samples == make_dataset(name, n=60,
                                                                            seed=0).n_samples}
    assert fixed == set(FIXED_SIZE_DATASETS)


def test_network_diagram_edits_stay_within_the_limits():
    from ui.common.controls import edit_hidden, hidden_text

    assert edit_hidden((4, 2), "add_neuron", 2) == (4, 3)
    assert edit_hidden((4, 2), "remove_neuron", 1) == (3, 2)
    assert edit_hidden((4, 1), "remove_neuron", 2) == (4, 1)        # never below 1 neuron
    assert edit_hidden((32,), "add_neuron", 1) == (32,)              # never above 32
    assert edit_hidden((4, 2), "add_layer") == (4, 2, 2)             # a copy of the last layer
    assert edit_hidden((), "add_layer") == (4,)
    assert edit_hidden((4,) * 8, "add_layer") == (4,) * 8            # at most 8 layers
    assert edit_hidden((4, 2), "remove_layer") == (4,)
    assert edit_hidden((), "remove_layer") == ()
    assert edit_hidden((4, 2), "add_neuron", 3) == (4, 2)            # no such layer
    assert edit_hidden((4, 2), "explode", 1) == (4, 2)
    assert hidden_text((4, 2)) == "4-2" and hidden_text(()) == "0"


# setting -> (the values the UI offers, nn_core's list of valid names)
CORE_CHOICES = {
    "activation": (cfg.HIDDEN_ACTIVATIONS, nn_core.ACTIVATION_NAMES),
    "output_activation": (cfg.OUTPUT_CHOICES, nn_core.OUTPUT_ACTIVATION_NAMES),
    "loss": (cfg.LOSS_CHOICES, nn_core.LOSS_NAMES),
    "regularization": (cfg.REGULARIZATIONS, nn_core.REGULARIZATIONS),
    "init": (cfg.INITS, nn_core.INITS),
    "optimizer": (cfg.OPTIMIZERS, nn_core.OPTIMIZERS),
    "step_unit": (cfg.STEP_UNITS, nn_core.STEP_UNITS),
}
UI_ONLY_CHOICES = {"output_activation": {"auto"}, "loss": {"auto"}}


@pytest.mark.parametrize("name", CORE_CHOICES)
def test_every_choice_the_ui_offers_is_an_nn_core_choice(name):
    offered, core = CORE_CHOICES[name]
    own = [value for value in offered if value not in UI_ONLY_CHOICES.get(name, set())]
    assert own and set(own) <= set(core), set(own) - set(core)
    assert len(set(offered)) == len(offered)
    assert getattr(Settings(), name) in offered
    for value in offered:
        assert cfg.parse_value(name, value) == value
    for value in set(core) - set(offered):
        with pytest.raises(ValueError):
            cfg.parse_value(name, value)


def test_numbers_out_of_range_are_refused_with_their_range():
    _, problems = from_query({"n_points": "3", "noise": "inf", "learning_rate": "20",
                              "data_seed": "-1"})
    assert [problem.reason for problem in problems] == [
        "expected a whole number from 4 to 1000", "expected a number from 0 to 1",
        "expected a number from 1e-05 to 10", "expected a whole number from 0 to 2147483647"]


@pytest.mark.parametrize("text", ["4,2", "", "many", "1,5", " x ", "'q'", 'a"b', "é漢", "a" * 200,
                                  "'" * 200, "\\n"])
def test_a_setting_that_is_not_a_number_keeps_pythons_words(text):
    """not_whole_number and not_number repeat int()'s and float()'s own messages, which users
    saw before these were coded."""
    for name, convert in (("n_points", int), ("noise", float)):
        with pytest.raises(ValueError) as python:
            convert(text)
        with pytest.raises(cfg.SettingProblem) as ours:
            cfg.parse_value(name, text)
        assert ours.value.code in ("not_whole_number", "not_number")
        assert str(ours.value) == str(python.value)


def test_a_bad_setting_says_why_with_a_code():
    cases = {("hidden", "99"): "layer_width", ("hidden", "1-1-1-1-1-1-1-1-1"): "too_many_layers",
             ("hidden", "4,2"): "not_whole_number", ("dataset", "donut"): "not_a_choice",
             ("show_test", "yes"): "not_a_flag", ("features", "x9"): "features",
             ("preset", "a b"): "preset_name", ("preset", "a" * 201): "too_long",
             ("n_points", "2"): "whole_number_range", ("noise", "2"): "number_range"}
    for (name, text), code in cases.items():
        with pytest.raises(cfg.SettingProblem) as caught:
            cfg.parse_value(name, text)
        assert caught.value.code == code
    assert set(cases.values()) | {"not_number"} == set(cfg.SETTING_PROBLEMS)

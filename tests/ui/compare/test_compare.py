"""Compare runs: shared start, one differing setting, lockstep, summary and steps-to-target."""

from dataclasses import asdict

import numpy as np
import pytest

from ui.common.settings import Settings
from ui.compare.model import (
    CHANGED_FIELDS,
    CHOICES,
    DEFAULT_VALUES,
    VARIABLES,
    CompareGroup,
    comparison_base,
    group_key,
    steps_to_target,
    variant_settings,
)

BASE = Settings(dataset="xor", n_points=100, hidden=(4, 2))
DIVERGING_BASE = Settings(dataset="plane", activation="relu", hidden=(8, 8))


def _differing_fields(a: Settings, b: Settings) -> set[str]:
    da, db = asdict(a), asdict(b)
    return {name for name in da if da[name] != db[name]}


@pytest.mark.parametrize("variable", [v for v in VARIABLES if v != "neurons"])
def test_runs_start_from_identical_weights(variable):
    group = CompareGroup(BASE, variable, DEFAULT_VALUES[variable][:2])
    first = group.runs[0].run.net.get_flat()
    for member in group.runs[1:]:
        assert member.run.steps == 0
        np.testing.assert_array_equal(member.run.net.get_flat(), first)


def test_architecture_runs_share_the_weight_seed_and_differ_in_width():
    group = CompareGroup(BASE, "neurons", (2, 8))
    assert [m.run.net.sizes for m in group.runs] == [[2, 2, 2, 1], [2, 8, 8, 1]]
    assert {m.settings.weight_seed for m in group.runs} == {BASE.weight_seed}


@pytest.mark.parametrize("variable", VARIABLES)
def test_runs_differ_only_in_the_chosen_setting(variable):
    values = DEFAULT_VALUES[variable]
    group = CompareGroup(BASE, variable, values)
    settings = [member.settings for member in group.runs]
    for other in settings[1:]:
        assert _differing_fields(settings[0], other) == set(CHANGED_FIELDS[variable])
    for member in group.runs:
        assert _differing_fields(group.base, member.settings) <= set(CHANGED_FIELDS[variable])


def test_runs_really_use_their_value():
    by_variable = {
        "learning_rate": lambda m: m.run.learning_rate,
        "activation": lambda m: m.run.net.activation_names[0],
        "neurons": lambda m: m.run.net.sizes[1],
        "batch_size": lambda m: m.run.batch_size,
        "optimizer": lambda m: m.run.optimizer_name,
        "reg_rate": lambda m: m.run.net.reg_rate,
    }
    for variable, read in by_variable.items():
        values = DEFAULT_VALUES[variable][:2]
        group = CompareGroup(BASE, variable, values)
        assert [read(m) for m in group.runs] == list(values), variable


def test_every_default_value_is_offered():
    for variable in VARIABLES:
        assert set(DEFAULT_VALUES[variable]) <= set(CHOICES[variable])


def test_reg_rate_needs_a_penalty_kind():
    assert comparison_base(BASE, "reg_rate").regularization == "l2"
    assert comparison_base(BASE.updated(regularization="l1"), "reg_rate").regularization == "l1"
    assert comparison_base(BASE, "learning_rate").regularization == "none"


def test_neurons_without_hidden_layers_adds_one():
    assert variant_settings(BASE.updated(hidden=()), "neurons", 3).hidden == (3,)
    assert variant_settings(BASE, "neurons", 5).hidden == (5, 5)


def test_value_count_and_duplicates_are_checked():
    with pytest.raises(ValueError):
        CompareGroup(BASE, "learning_rate", (0.03,))
    with pytest.raises(ValueError):
        CompareGroup(BASE, "learning_rate", (0.001, 0.01, 0.03, 0.1, 0.3))
    with pytest.raises(ValueError):
        CompareGroup(BASE, "learning_rate", (0.3, 0.3))
    with pytest.raises(ValueError):
        variant_settings(BASE, "colour", 1)


def test_tick_trains_all_runs_in_lockstep():
    group = CompareGroup(BASE, "batch_size", (1, 10, 50))
    group.tick(2)
    assert [m.run.epoch for m in group.runs] == [2, 2, 2]
    n_train = len(group.problem.X_train)
    assert [m.run.steps for m in group.runs] == [2 * n_train, 2 * n_train // 10,
                                                  2 * n_train // 50]
    assert group.epoch == 2


def test_summary_equals_the_runs_metrics():
    group = CompareGroup(BASE, "learning_rate", (0.03, 0.3, 1.0))
    for _ in range(5):
        group.tick()
    rows = group.summary()
    assert len(rows) == 3
    for row, member in zip(rows, group.runs, strict=True):
        metrics = member.run.metrics()
        for name in ("train_loss", "test_loss", "train_acc", "test_acc"):
            assert row[name] == metrics[name]
        assert row["epoch"] == member.run.epoch == 5
        assert row["steps"] == member.run.steps
        assert row["status"] == "training" and row["divergence"] is None
    assert rows[0]["train_loss"] != rows[1]["train_loss"]


def test_steps_to_target_finds_the_first_point_at_or_below():
    epochs = np.array([0.0, 0.5, 1.0, 1.5, 2.0])
    steps = np.array([0, 5, 10, 15, 20])
    losses = np.array([0.9, np.nan, 0.2, 0.05, 0.01])
    assert steps_to_target(epochs, steps, losses, 0.2) == (1.0, 10)
    assert steps_to_target(epochs, steps, losses, 0.1) == (1.5, 15)
    assert steps_to_target(epochs, steps, losses, 0.95) == (0.0, 0)
    assert steps_to_target(epochs, steps, losses, 0.001) is None
    assert steps_to_target(epochs[:0], steps[:0], losses[:0], 0.5) is None


def test_group_reports_the_first_history_point_under_the_target():
    group = CompareGroup(BASE, "learning_rate", (0.03, 0.3), target_loss=0.3)
    for _ in range(30):
        group.tick()
    slow, fast = group.runs
    history = fast.run.history
    assert fast.reached is not None
    assert fast.reached == steps_to_target(history.epoch, history.step, history.train_loss, 0.3)
    assert history.train_loss[history.step < fast.reached[1]].min() > 0.3
    row = group.summary()[1]
    assert (row["reached_epoch"], row["reached_steps"]) == fast.reached
    # a run that has not got there says so
    assert slow.reached is None and group.summary()[0]["reached_steps"] is None
    assert slow.run.metrics()["train_loss"] > 0.3


def test_changing_the_target_searches_again():
    group = CompareGroup(BASE, "learning_rate", (0.03, 0.3), target_loss=0.01)
    for _ in range(20):
        group.tick()
    assert group.runs[1].reached is None
    group.set_target(0.5)
    assert group.runs[1].reached is not None
    assert group.runs[1].reached[1] <= group.runs[1].run.steps


def test_a_diverging_run_stops_alone_with_its_reason():
    group = CompareGroup(DIVERGING_BASE, "learning_rate", (0.01, 10.0))
    for _ in range(15):
        group.tick()
    calm, wild = group.summary()
    assert wild["status"] == "diverged"
    assert wild["divergence"].learning_rate == 10 and wild["divergence"].step > 0
    assert calm["status"] == "training" and calm["epoch"] == 15
    assert wild["epoch"] < 15
    stopped_at = group.runs[1].run.steps
    group.tick()
    assert group.runs[1].run.steps == stopped_at
    assert group.runs[0].run.epoch == 16
    assert not group.all_stopped


def test_group_key_ignores_view_settings_and_the_varied_setting_only():
    key = group_key(BASE, "learning_rate", (0.03, 0.3), None)
    assert group_key(BASE.updated(learning_rate=1.0, palette="colorblind"), "learning_rate",
                     (0.03, 0.3), None) == key
    assert group_key(BASE.updated(batch_size=20), "learning_rate", (0.03, 0.3), None) != key
    assert group_key(BASE, "learning_rate", (0.03, 1.0), None) != key
    # the number of hidden layers still matters when the width is what varies
    neurons = group_key(BASE, "neurons", (2, 8), None)
    assert group_key(BASE.updated(hidden=(4,)), "neurons", (2, 8), None) != neurons

"""Every scene loads valid settings, and the scenes do what their notes promise."""

import pytest

from ui.playground import Playground
from ui.presets import load_presets, next_preset, preset_by_id
from ui.settings import Settings


def scene(preset_id: str) -> Playground:
    return Playground(preset_by_id(preset_id).apply(Settings()))


def metrics_after(playground: Playground, epochs: int) -> dict:
    playground.train("epoch", epochs)
    return playground.run.metrics()


@pytest.mark.parametrize("preset", load_presets(), ids=lambda p: p.id)
def test_every_scene_has_both_languages_and_valid_settings(preset):
    assert set(preset.title) == set(preset.note) == {"en", "zh"}
    settings = preset.apply(Settings(lang="zh", palette="colorblind"))
    assert settings.preset == preset.id
    assert (settings.lang, settings.palette) == ("zh", "colorblind")  # the viewer's choices stay


def test_next_scene_wraps_around():
    presets = load_presets()
    assert next_preset("").id == presets[0].id
    assert next_preset(presets[-1].id).id == presets[0].id


def test_tutorial_scene_learns_xor():
    playground = scene("tutorial_xor")
    metrics_after(playground, 1000)
    predictions = playground.run.net.predict(playground.problem.X_train).ravel()
    assert abs(predictions - playground.problem.y_train.ravel()).max() < 0.2


def test_no_hidden_layer_cannot_solve_xor():
    metrics = metrics_after(scene("no_hidden_layer"), 300)
    assert metrics["train_loss"] > 0.6 and metrics["train_acc"] < 0.7


def test_too_high_a_learning_rate_diverges():
    playground = scene("lr_too_high")
    metrics_after(playground, 50)
    assert playground.run.diverged and "learning rate" in playground.run.divergence_reason


def test_too_small_a_learning_rate_crawls():
    playground = scene("lr_too_small")
    start = playground.run.metrics()["train_loss"]
    assert abs(metrics_after(playground, 50)["train_loss"] - start) < 0.05


def test_overfitting_scene_overfits_and_l2_holds_the_test_loss():
    overfit = scene("overfitting")
    early = metrics_after(overfit, 100)
    late = metrics_after(overfit, 500)
    assert late["train_loss"] < early["train_loss"] and late["test_loss"] > early["test_loss"]
    regularized = metrics_after(scene("l2_smooths"), 600)
    assert regularized["test_loss"] < late["test_loss"]


def test_three_class_scene_learns():
    assert metrics_after(scene("three_classes"), 150)["train_acc"] > 0.8

"""Every scene loads valid settings, and the scenes do what their notes promise."""

import pytest

from ui.common.presets import load_presets, next_preset, preset_by_id
from ui.common.settings import Settings
from ui.playground.model import Playground


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


def test_no_hidden_layer_cannot_solve_xor_as_its_note_says():
    """The note: the loss falls, then stays near 0.69; accuracy wanders between about 35% and
    75%. Checked frame by frame, the way the playground trains while playing."""
    playground = scene("no_hidden_layer")
    speed = playground.run.batches_per_epoch  # one epoch per frame
    losses, accuracies = [], []
    for _ in range(400):
        playground.train("batch", speed)
        metrics = playground.run.metrics()
        losses.append(metrics["train_loss"])
        accuracies.append(metrics["train_acc"])
    settled = losses[50:]
    assert 0.66 < min(settled) and max(settled) < 0.73
    assert 0.25 < min(accuracies[50:]) and max(accuracies[50:]) < 0.82
    assert max(accuracies) - min(accuracies[50:]) > 0.2  # it wanders, it does not settle


def test_too_high_a_learning_rate_diverges():
    playground = scene("lr_too_high")
    metrics_after(playground, 50)
    assert playground.run.diverged and "learning rate" in playground.run.divergence_reason


def test_too_small_a_learning_rate_crawls():
    playground = scene("lr_too_small")
    start = playground.run.metrics()["train_loss"]
    assert abs(metrics_after(playground, 50)["train_loss"] - start) < 0.05


def test_spiral_depth_scene_winds_where_one_wide_layer_blurs():
    """The note: after 200 epochs, four layers of 6 (151 weights) wind around the arms while
    one layer of 32 (129 weights) still blurs them (training loss ~0.35 vs ~0.1-0.2)."""
    settings = preset_by_id("spiral_depth").apply(Settings())
    assert settings.features == ("x1", "x2")  # raw inputs only: depth makes the difference
    deep, shallow = Playground(settings), Playground(settings.updated(hidden=(32,)))
    sizes = [sum(p.size for p in pg.run.net.params.values()) for pg in (deep, shallow)]
    assert sizes == [151, 129]
    deep_metrics, shallow_metrics = metrics_after(deep, 200), metrics_after(shallow, 200)
    assert deep_metrics["train_loss"] < 0.25 < 0.3 < shallow_metrics["train_loss"]
    assert deep_metrics["test_acc"] > shallow_metrics["test_acc"] + 0.05


def test_overfitting_scene_trains_on_20_points_and_shows_the_test_points():
    settings = preset_by_id("overfitting").apply(Settings())
    assert settings.show_test
    assert len(Playground(settings).problem.X_train) == 20


def test_a_scene_does_not_inherit_the_previous_scenes_view():
    after_overfitting = preset_by_id("overfitting").apply(Settings())
    tutorial = next_preset("l2_smooths")  # the lecture wraps round to the tutorial
    assert tutorial.id == "tutorial_xor" or not tutorial.apply(after_overfitting).show_test
    assert not preset_by_id("tutorial_xor").apply(after_overfitting).show_test


def test_overfitting_scene_overfits_and_l2_holds_the_test_loss():
    overfit = scene("overfitting")
    early = metrics_after(overfit, 100)
    late = metrics_after(overfit, 500)
    assert late["train_loss"] < early["train_loss"] and late["test_loss"] > early["test_loss"]
    regularized = metrics_after(scene("l2_smooths"), 600)
    assert regularized["test_loss"] < late["test_loss"]


def test_three_class_scene_learns():
    assert metrics_after(scene("three_classes"), 150)["train_acc"] > 0.8

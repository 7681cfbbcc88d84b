"""The words on screen say what the engine does, and the Chinese uses one term per concept."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from nn_core import MLP
from nn_core.mlp import NORMAL_INIT_STD
from ui.common.i18n import TRANSLATIONS, t
from ui.common.settings import Settings
from ui.hidden_space.model import DEMOS, HiddenSpace, demo_settings
from ui.hidden_space.view import plane_note

LANGS = ("en", "zh")
PRESETS_FILE = Path(__file__).parents[3] / "ui" / "common" / "presets.json"
PRESETS = json.loads(PRESETS_FILE.read_text("utf-8"))


def chinese_texts() -> dict[str, str]:
    """Every Chinese string on screen: the translation table and the scene notes and titles."""
    texts = {key: entry["zh"] for key, entry in TRANSLATIONS.items()}
    for preset in PRESETS["presets"]:
        texts[f"scene {preset['id']} note"] = preset["note"]["zh"]
        texts[f"scene {preset['id']} title"] = preset["title"]["zh"]
    return texts


# --- what the labels claim ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_normal_initialisation_label_and_help_give_the_sigma_the_engine_draws(lang):
    sigma = f"σ = {NORMAL_INIT_STD:g}"
    assert sigma in t("opt.normal", lang) and sigma in t("net.init.help", lang)
    weights = MLP([1000, 1000, 1], init="normal", seed=0).params["W1"]
    assert float(np.std(weights)) == pytest.approx(NORMAL_INIT_STD, rel=0.01)


def test_the_gradient_check_calls_the_relu_kink_a_kink_and_not_dead_units():
    for key in ("gradcheck.verdict.kink", "gradcheck.about.text"):
        assert "折点" in t(key, "zh") and "拐点" not in t(key, "zh")
    about = t("gradcheck.about.text", "en")
    assert "(dead units" not in about  # a dead unit has z < 0, away from the kink
    assert "Dead units are not the cause" in about


def train_accuracy(demo: str, activation: str, epochs: int) -> float:
    """Train a hidden-space demo the way the page does (batches per frame) for `epochs`."""
    model = HiddenSpace.from_settings(demo_settings(demo, activation))
    while model.run.epoch < epochs:
        model.train(model.run.batches_per_epoch)
    return model.run.metrics()["train_acc"]


@pytest.mark.parametrize("demo", ["circle_2", "xor_2"])
@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_two_neuron_demos_leave_points_on_the_wrong_side_as_the_intro_says(demo, activation):
    assert "Two neurons are too few" in t("hidden_space.intro", "en")
    assert train_accuracy(demo, activation, 1000) < 0.97


def test_the_six_to_two_demo_becomes_separable_by_a_line_as_the_intro_says():
    assert "6 → 2" in t("hidden_space.intro", "en") and set(DEMOS) >= {"circle_6_2"}
    assert train_accuracy("circle_6_2", "tanh", 500) == 1.0


@pytest.mark.parametrize("lang", LANGS)
def test_the_hidden_plane_speaks_of_several_lines_for_several_classes(lang):
    three = HiddenSpace.from_settings(Settings(dataset="spiral3", hidden=(2,)))
    two = HiddenSpace.from_settings(Settings(dataset="circle", hidden=(2,)))
    assert plane_note(three, 0, 0, 1, lang).startswith(t("hidden_space.separable.multiclass",
                                                         lang))
    assert plane_note(two, 0, 0, 1, lang).startswith(t("hidden_space.separable.binary", lang))
    assert "a straight line" not in plane_note(three, 0, 0, 1, "en")


def test_the_histograms_do_not_call_every_loss_a_mean():
    assert "mean loss" not in t("hidden_space.histograms.caption", "en")
    assert "平均损失" not in t("hidden_space.histograms.caption", "zh")


# --- one Chinese term per concept ---------------------------------------------------------------

def test_the_sum_of_squares_loss_is_always_called_the_sum_of_squared_errors():
    bare = {key: text for key, text in chinese_texts().items()
            if re.search(r"(?<!误差)平方和", text)}
    assert not bare
    assert t("opt.sse", "zh").startswith("误差平方和")


def test_one_term_for_the_regularization_rate_and_for_the_epoch():
    texts = chinese_texts()
    assert not {key for key, text in texts.items() if "强度" in text}
    assert {t(key, "zh") for key in ("net.reg_rate", "compare.var.reg_rate")} == {"正则化率"}
    epoch_labels = ("stat.epoch", "chart.epoch", "fig.loss.x", "compare.counter.epoch",
                    "compare.col.epoch", "compare.fig.epoch", "export.animation.epoch")
    assert {t(key, "zh").strip() for key in epoch_labels} == {"轮次"}


def test_no_inflection_point_and_no_english_sentence_in_the_chinese():
    english_sentence = re.compile(r"[A-Za-z]+(?:[ ,'-]+[A-Za-z]+){3,}")
    texts = chinese_texts()
    assert not {key for key, text in texts.items() if "拐点" in text}
    assert not {key: text for key, text in texts.items() if english_sentence.search(text)}


def test_the_phrases_the_review_found_machine_like_read_naturally():
    assert t("stat.samples", "zh") == "已训练样本数"
    assert t("hidden_space.hidden_title", "zh") == "隐藏层空间"
    assert t("nav.backprop", "zh") == "反向传播逐步演示"
    assert t("compare.col.run", "zh") != "训练"
    assert "每个网络都训练所选的轮数" in t("compare.step.help", "zh")
    assert "每个网络都训练所选的轮数" in t("compare.epochs_per_frame.help", "zh")
    assert "加权和 z" in t("backprop.explain.forward", "zh")
    assert "无界" in t("hidden_space.adaptive_axes", "zh")
    for kind in ("binary", "multiclass"):
        assert "底色表示输出层的决策" in t(f"hidden_space.separable.{kind}", "zh")
    notes = {preset["id"]: preset["note"]["zh"] for preset in PRESETS["presets"]}
    assert "单一颜色" in notes["relu_vs_tanh"] and "一片平色" not in notes["relu_vs_tanh"]
    assert "绕着个别点弯曲" in notes["overfitting"]

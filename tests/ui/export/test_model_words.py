"""Every problem a model file can have reads in both languages: each code has an English text
(the problem's own message) and a Chinese one with the same placeholders, and every bad file's
problem in Chinese has no English sentence while in English it is exactly its message."""

from __future__ import annotations

import string

import pytest

from nn_core.datasets import DATASET_PROBLEMS
from nn_core.problems import Names
from nn_core.serialize import MODEL_PROBLEMS
from tests.english_words import english_left
from tests.ui.export.bad_models import bad_models
from ui.common.i18n import TRANSLATIONS, problem_text
from ui.common.settings import SETTING_PROBLEMS
from ui.export.model_file import import_model
from ui.export.model_problems import MODEL_FILE_PROBLEMS

TABLES = {"model": {**MODEL_PROBLEMS, **MODEL_FILE_PROBLEMS}, "setting": SETTING_PROBLEMS,
          "dataset": DATASET_PROBLEMS}
def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize(("family", "code"), [(family, code) for family, table in TABLES.items()
                                              for code in table])
def test_every_code_reads_in_both_languages_with_the_same_placeholders(family, code):
    entry = TRANSLATIONS[f"{family}.{code}"]
    assert entry["en"] == TABLES[family][code]
    assert entry["zh"].strip() and _placeholders(entry["zh"]) == _placeholders(entry["en"])
    assert not english_left(entry["zh"]), entry["zh"]


def _problem(text):
    try:
        import_model(text)
    except ValueError as error:
        return error
    raise AssertionError("the file was accepted")


@pytest.mark.parametrize("case", sorted(bad_models()))
def test_a_bad_file_reads_in_chinese_and_exactly_as_before_in_english(case):
    problem = _problem(bad_models()[case][2])
    parts = (problem.family, problem.code, problem.values)
    assert problem_text(*parts, "en") == str(problem)
    chinese = problem_text(*parts, "zh")
    assert not english_left(chinese), chinese
    assert "{" not in chinese and "}" not in chinese


def test_words_among_the_values_are_translated_and_names_listed_the_chinese_way():
    values = {"what": "activation", "value": "rleu", "choices": Names(["tanh", "relu"])}
    assert problem_text("model", "unknown_name", values, "zh") == (
        "未知的激活函数 'rleu'；可选：tanh、relu")
    assert problem_text("model", "unknown_name", values, "en") == (
        "unknown activation 'rleu'; choose one of tanh, relu")


def test_a_long_reason_is_cut_in_chinese_as_in_english():
    keys = Names([f"key_{i}" for i in range(40)])
    problem = _problem(bad_models()["config_unknown"][2].replace('"colour"', '"' + "c" * 300 + '"'))
    assert str(problem).endswith("...") and len(problem.values["reason"]) == 120
    chinese = problem_text(problem.family, problem.code, problem.values, "zh")
    assert chinese.startswith("网络无效：config 含有未知的键：ccc") and chinese.endswith("...")
    assert len(chinese) == len("网络无效：") + 120
    assert problem_text("model", "config_unknown", {"keys": keys}, "zh").count("、") == 39


def test_a_reason_only_numpy_words_points_to_the_english_page():
    problem = _problem(bad_models()["param_ragged"][2])
    assert "inhomogeneous" in problem_text(problem.family, problem.code, problem.values, "en")
    assert problem_text(problem.family, problem.code, problem.values, "zh") == (
        "网络无效：参数 'W1' 的各行长短不一或格式有误（详细原因仅有英文说明）")

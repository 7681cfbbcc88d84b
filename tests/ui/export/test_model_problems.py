"""A bad model file raises a ModelFileProblem with a code (and, for a reason that is nn_core's
or a setting's, the coded cause); its English message is exactly the one before codes."""

from __future__ import annotations

import pytest

from nn_core.datasets import DATASET_PROBLEMS
from nn_core.serialize import MODEL_PROBLEMS
from tests.ui.export.bad_models import OLD_MESSAGES, OLD_STARTS, bad_models, changed
from ui.common.settings import SETTING_PROBLEMS
from ui.export.model_file import import_model
from ui.export.model_problems import MODEL_FILE_PROBLEMS, ModelFileProblem

CASES = bad_models()
# Codes no file reaches: the constructor's checks from_dict makes first (sizes_not_list,
# x_shape, ...), and settings that fit every checked dataset (settings_misfit).
UNREACHABLE = {"settings_misfit", "sizes_not_list", "x_shape", "x_not_finite", "class_labels",
               "y_shape", "y_not_finite", "unknown_kind", "file_too_big"}


def _problem(text) -> ModelFileProblem:
    with pytest.raises(ModelFileProblem) as caught:
        import_model(text)
    return caught.value


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_file_names_its_problem_in_the_old_words(case):
    code, cause, text = CASES[case]
    problem = _problem(text)
    found_cause = problem.values.get("cause")
    assert (problem.code, found_cause and found_cause.code) == (code, cause)
    if case in OLD_STARTS:
        assert str(problem).startswith(OLD_STARTS[case])
    else:
        assert str(problem) == OLD_MESSAGES[case]


def test_every_case_has_its_old_message():
    assert set(OLD_MESSAGES) | set(OLD_STARTS) == set(CASES)


def test_a_file_over_the_limit_is_refused_in_the_old_words():
    text = changed()
    with pytest.raises(ModelFileProblem) as caught:
        import_model(text, max_bytes=100)
    assert caught.value.code == "file_too_big"
    assert str(caught.value) == f"the model file is {len(text):,} bytes; the limit is 100"


def test_the_cases_reach_every_code_that_a_file_can_reach():
    reached = {code for code, _, _ in CASES.values()} | {
        cause for _, cause, _ in CASES.values() if cause}
    every = {*MODEL_FILE_PROBLEMS, *MODEL_PROBLEMS, *SETTING_PROBLEMS, *DATASET_PROBLEMS}
    assert every - reached == UNREACHABLE


def test_file_codes_and_nn_cores_model_codes_are_apart():
    assert not set(MODEL_FILE_PROBLEMS) & set(MODEL_PROBLEMS)

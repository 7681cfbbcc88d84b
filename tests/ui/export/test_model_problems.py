"""A bad model file raises a ModelFileProblem with a code (and, for a reason that is nn_core's
or a setting's, the coded cause); its English message is exactly the one before codes."""

from __future__ import annotations

import pytest

from nn_core.datasets import DATASET_PROBLEMS
from nn_core.serialize import MODEL_PROBLEMS
from tests.ui.export.bad_models import bad_models, changed
from ui.common.settings import SETTING_PROBLEMS
from ui.export.model_file import import_model
from ui.export.model_problems import MODEL_FILE_PROBLEMS, ModelFileProblem

CASES = bad_models()
# Each file's message as import_model said it at commit 78a2729, before codes. Python's words
# for too deep a JSON file and NumPy's for a ragged list are checked by their start only.
OLD_MESSAGES = {
    "not_unicode": 'the model file contains invalid Unicode characters',
    "not_utf8": 'the model file is not UTF-8 text',
    "json_quotes": (
        'the model file is not valid JSON (Expecting property name enclosed in double '
        'quotes: line 1 column 2 (char 1))'
    ),
    "json_value": 'the model file is not valid JSON (Expecting value: line 1 column 7 (char 6))',
    "json_comma": (
        "the model file is not valid JSON (Expecting ',' delimiter: line 1 column 9 (char "
        '8))'
    ),
    "json_colon": (
        "the model file is not valid JSON (Expecting ':' delimiter: line 1 column 6 (char "
        '5))'
    ),
    "json_string": (
        'the model file is not valid JSON (Unterminated string starting at: line 1 column 7 '
        '(char 6))'
    ),
    "json_control": (
        'the model file is not valid JSON (Invalid control character at: line 1 column 9 '
        '(char 8))'
    ),
    "json_escape": 'the model file is not valid JSON (Invalid \\escape: line 1 column 8 (char 7))',
    "json_unicode_escape": (
        'the model file is not valid JSON (Invalid \\uXXXX escape: line 1 column 9 (char '
        '8))'
    ),
    "json_extra": 'the model file is not valid JSON (Extra data: line 2 column 1 (char 3))',
    "json_bom": (
        'the model file is not valid JSON (Unexpected UTF-8 BOM (decode using utf-8-sig): '
        'line 1 column 1 (char 0))'
    ),
    "json_nan": 'the model file is not valid JSON (NaN is not a number)',
    "json_infinity": 'the model file is not valid JSON (Infinity is not a number)',
    "not_object": 'the model file must hold a JSON object',
    "format": "not a playground model file (format must be 'nn-playground-model')",
    "version": 'unsupported model file version 2; expected 1',
    "version_true": 'unsupported model file version True; expected 1',
    "missing_run": 'the model file is missing run',
    "unknown_entry": 'the model file has unknown entries: colour, extra',
    "run_not_object": "'run' must be a JSON object",
    "dataset_not_object": "'dataset' must be a JSON object",
    "settings_not_object": "'settings' must be a JSON object of setting name -> text",
    "unknown_setting": "unknown setting 'colour'",
    "setting_not_text": "setting 'hidden' must be text, got int",
    "setting_list": "setting 'noise' must be text, got list",
    "settings_missing": 'settings are missing dataset, hidden',
    "layer_width": "setting 'hidden' is invalid: each layer needs 1 to 32 neurons",
    "too_many_layers": "setting 'hidden' is invalid: at most 8 hidden layers",
    "hidden_comma": "setting 'hidden' is invalid: invalid literal for int() with base 10: '4,2'",
    "n_points_text": (
        "setting 'n_points' is invalid: invalid literal for int() with base 10: 'many'"
    ),
    "noise_text": "setting 'noise' is invalid: could not convert string to float: 'low'",
    "rate_nan": "setting 'learning_rate' is invalid: expected a number from 1e-05 to 10",
    "points_range": "setting 'n_points' is invalid: expected a whole number from 4 to 1000",
    "dataset_name": (
        "setting 'dataset' is invalid: expected one of xor, xor4, circle, gaussians, "
        'spiral, moons, checkerboard, spiral3, plane, gauss_sum'
    ),
    "flag": "setting 'show_test' is invalid: expected 1 or 0",
    "features": (
        "setting 'features' is invalid: features must be a comma list of x1, x2, x1^2, "
        'x2^2, x1*x2, sin(x1), sin(x2)'
    ),
    "preset": "setting 'preset' is invalid: not a preset name",
    "too_long": "setting 'preset' is invalid: value too long",
    "data_kind": 'dataset kind must be one of binary, multiclass, regression',
    "data_classes": 'dataset n_classes must be a whole number from 1 to 1000',
    "data_name": 'dataset name must be a short text',
    "data_points": 'dataset X must be a list of 1 to 10,000 points [x1, x2]',
    "data_point": 'each point of dataset X must be a list [x1, x2]',
    "data_y_list": 'dataset y must be a list of at most 10,000 numbers',
    "data_text": 'dataset X must contain only numbers, found "1"',
    "data_range": 'dataset X has a value out of range (|value| <= 1e+06)',
    "data_labels": 'dataset y needs one label per point and domain 4 numbers',
    "data_whole": 'multiclass labels must be whole numbers',
    "binary_labels": 'the dataset is invalid: binary labels must be 0 or 1',
    "domain": (
        'the dataset is invalid: domain must satisfy xmin < xmax and ymin < ymax, got '
        '(np.float64(1.0), np.float64(0.0), np.float64(0.0), np.float64(1.0))'
    ),
    "kind_classes": 'the dataset is invalid: binary data has n_classes=2',
    "class_range": 'the dataset is invalid: multiclass labels must lie in 0..2',
    "net_not_dict": 'the network is invalid: network data must be a dict, got str',
    "net_missing": 'the network is invalid: network data is missing key(s): params',
    "net_format": "the network is invalid: unknown format 'keras'; expected 'nn_core.MLP'",
    "net_version": 'the network is invalid: unsupported version 3; expected 1',
    "net_config": "the network is invalid: 'config' must be a dict",
    "net_params": "the network is invalid: 'params' must be a dict",
    "config_missing": 'the network is invalid: config is missing key(s): loss',
    "config_unknown": 'the network is invalid: config has unknown key(s): colour',
    "config_sizes": "the network is invalid: config 'sizes' must be a list of integers",
    "sizes_short": (
        'the network is invalid: sizes needs at least an input and an output width, e.g. '
        '[2, 1]'
    ),
    "sizes_deep": 'the network is invalid: at most 32 hidden layers are supported, got 38',
    "sizes_int": 'the network is invalid: sizes[1] must be an integer, got 4.5',
    "sizes_range": 'the network is invalid: sizes[1] must be between 1 and 1024, got 0',
    "config_bias": "the network is invalid: config 'bias' must be true or false",
    "too_many_params": (
        'the network is invalid: network has 1005001 parameters; at most 100000 are allowed'
    ),
    "config_text": "the network is invalid: config 'loss' must be a string",
    "config_hidden": (
        "the network is invalid: config 'hidden_activations' must be null or a list of "
        'names'
    ),
    "config_seed": "the network is invalid: config 'seed' must be a non-negative integer or null",
    "activation": (
        "the network is invalid: unknown activation 'rleu'; choose one of tanh, relu, "
        'sigmoid, leaky_relu, linear, softplus, sin'
    ),
    "softmax_hidden": (
        "the network is invalid: 'softmax' is only allowed as the output activation; choose "
        'one of tanh, relu, sigmoid, leaky_relu, linear, softplus, sin'
    ),
    "loss": "the network is invalid: unknown loss 'hinge'; choose one of bce, mse, sse, ce",
    "init": (
        "the network is invalid: unknown init 'zeros'; choose one of xavier, he, uniform01, "
        'normal'
    ),
    "regularization": (
        "the network is invalid: unknown regularization 'l3'; choose one of none, l1, l2"
    ),
    "dtype": "the network is invalid: unknown dtype 'int32'; choose one of float64, float32",
    "dtype_text": "the network is invalid: invalid config: data type 'ints' not understood",
    "pairing": "the network is invalid: loss 'bce' needs output_activation 'sigmoid', got 'linear'",
    "softmax_output": (
        "the network is invalid: output_activation 'softmax' is only valid with loss 'ce'"
    ),
    "hidden_count": (
        'the network is invalid: hidden_activations needs 2 names (one per hidden layer), '
        'got 1'
    ),
    "reg_rate_text": "the network is invalid: reg_rate must be a number, got '0'",
    "reg_rate_range": 'the network is invalid: reg_rate must be finite and >= 0, got -1',
    "params_missing": 'the network is invalid: params do not match the network: missing b2',
    "params_extra": 'the network is invalid: params do not match the network: unexpected W9',
    "params_both": (
        'the network is invalid: params do not match the network: missing b3; unexpected W9'
    ),
    "param_list": "the network is invalid: param 'b1' must be a (nested) list of numbers",
    "param_numbers": "the network is invalid: param 'b1' must contain only numbers",
    "param_shape": "the network is invalid: param 'W1' has shape (1, 1), expected (2, 4)",
    "param_inf": "the network is invalid: param 'b1' contains NaN or infinite values",
    "reg_rate_inf": 'the network is invalid: reg_rate must be finite and >= 0, got inf',
    "no_bias": 'the network is invalid: params do not match the network: unexpected b1, b2, b3',
    "run_steps": 'run steps must be a whole number from 0 to 1e+15',
    "run_epoch": 'run epoch must be a whole number from 0 to 1e+15',
    "fit_sizes": (
        "the network's layer sizes ([2, 4, 2, 1]) do not match the settings ([2, 3, 1], "
        'from the features, hidden layers and outputs)'
    ),
    "fit_activation": (
        "the network's activations (['tanh', 'tanh', 'sigmoid']) do not match the settings "
        "(['relu', 'relu', 'sigmoid'], from the features, hidden layers and outputs)"
    ),
    "fit_loss": (
        "the network's loss functions (bce) do not match the settings (mse, from the "
        'features, hidden layers and outputs)'
    ),
    "fit_dtype": (
        "the network's number type (float32) do not match the settings (float64, from the "
        'features, hidden layers and outputs)'
    ),
}
OLD_STARTS = {
    "json_deep": "the model file is not valid JSON (maximum recursion depth exceeded",
    "param_ragged": "the network is invalid: param 'W1' is ragged or malformed: setting an array",
}
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

"""Bad model files, one or more per problem, for the unit and the app tests.

`bad_models()` -> {case: (code, code of the cause or None, file text)}, each made from a valid
export of a fresh default playground (sizes [2, 4, 2, 1]) with one thing broken; OLD_MESSAGES
(and OLD_STARTS) hold what import_model said about each before its problems had codes.
"""

from __future__ import annotations

import copy
import json
from functools import cache

from ui.common.settings import Settings
from ui.export.model_file import export_model
from ui.playground.model import Playground

DELETE = object()
CUSTOM_DATA = {"name": "csv", "kind": "binary", "n_classes": 2, "domain": [-4.0, 4.0, -4.0, 4.0],
               "X": [[0.0, 1.0]] * 4 + [[1.0, 0.0]] * 4, "y": [0, 1] * 4}


@cache
def _valid_text() -> str:
    return export_model(Playground(Settings()), Settings())


def valid_model() -> dict:
    """A valid model file's document (a fresh copy)."""
    return json.loads(_valid_text())


def changed(*edits: tuple[str, object]) -> str:
    """The valid file with each (path, value) edit: path "a.b.c" (numbers index lists), value
    DELETE to remove the entry."""
    document = valid_model()
    for path, value in edits:
        *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
        target = document
        for key in parents:
            target = target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = copy.deepcopy(value)
    return json.dumps(document)


def _custom(**fields) -> str:
    return changed(("dataset", {**CUSTOM_DATA, **fields}))


def _network(path: str, value: object) -> str:
    return changed((f"network.{path}", value))


def _setting(name: str, value: object) -> str:
    return changed((f"settings.{name}", value))


def bad_models() -> dict[str, tuple[str, str | None, str | bytes]]:
    """{case: (code, cause code or None, file text or bytes)}."""
    valid = _valid_text()
    return {
        # the file and its JSON
        "not_unicode": ("file_not_unicode", None, "{\ud800}"),
        "not_utf8": ("file_not_utf8", None, b"\xff\xfe{}"),
        "json_quotes": ("json_syntax", None, "{'format': 1}"),
        "json_value": ("json_syntax", None, '{"a": }'),
        "json_comma": ("json_syntax", None, '{"a": 1 "b": 2}'),
        "json_colon": ("json_syntax", None, '{"a" 1}'),
        "json_string": ("json_syntax", None, '{"a": "b'),
        "json_control": ("json_syntax", None, '{"a": "b\tc"}'),
        "json_escape": ("json_syntax", None, '{"a": "\\x"}'),
        "json_unicode_escape": ("json_syntax", None, '{"a": "\\u12"}'),
        "json_extra": ("json_syntax", None, "{}\n}"),
        "json_bom": ("json_syntax", None, "\ufeff" + valid),
        "json_nan": ("json_constant", None, valid.replace('"version": 1', '"version": NaN')),
        "json_infinity": ("json_constant", None, _network("params.b1.0", 1e400)),
        "json_deep": ("json_not_read", None, "[" * 100_000 + "]" * 100_000),
        "not_object": ("file_not_object", None, "[1, 2]"),
        "format": ("file_format", None, changed(("format", "other"))),
        "version": ("file_version", None, changed(("version", 2))),
        "version_true": ("file_version", None, changed(("version", True))),
        "missing_run": ("part_missing", None, changed(("run", DELETE))),
        "unknown_entry": ("part_unknown", None, changed(("extra", 1), ("colour", 2))),
        "run_not_object": ("part_not_object", None, changed(("run", 5))),
        "dataset_not_object": ("part_not_object", None, changed(("dataset", [1]))),
        # settings
        "settings_not_object": ("settings_not_object", None, changed(("settings", []))),
        "unknown_setting": ("unknown_setting", None, _setting("colour", "red")),
        "setting_not_text": ("setting_not_text", None, _setting("hidden", 3)),
        "setting_list": ("setting_not_text", None, _setting("noise", [0.1])),
        "settings_missing": ("settings_missing", None, changed(("settings.dataset", DELETE),
                                                               ("settings.hidden", DELETE))),
        "layer_width": ("setting_invalid", "layer_width", _setting("hidden", "99")),
        "too_many_layers": ("setting_invalid", "too_many_layers",
                            _setting("hidden", "1-" * 9 + "1")),
        "hidden_comma": ("setting_invalid", "not_whole_number", _setting("hidden", "4,2")),
        "n_points_text": ("setting_invalid", "not_whole_number", _setting("n_points", "many")),
        "noise_text": ("setting_invalid", "not_number", _setting("noise", "low")),
        "rate_nan": ("setting_invalid", "number_range", _setting("learning_rate", "nan")),
        "points_range": ("setting_invalid", "whole_number_range", _setting("n_points", "2")),
        "dataset_name": ("setting_invalid", "not_a_choice", _setting("dataset", "donut")),
        "flag": ("setting_invalid", "not_a_flag", _setting("show_test", "yes")),
        "features": ("setting_invalid", "features", _setting("features", "x9")),
        "preset": ("setting_invalid", "preset_name", _setting("preset", "a b")),
        "too_long": ("setting_invalid", "too_long", _setting("preset", "a" * 201)),
        # the custom dataset
        "data_kind": ("dataset_kind", None, _custom(kind="ordinal")),
        "data_classes": ("dataset_classes", None, _custom(n_classes=0)),
        "data_name": ("dataset_name", None, _custom(name=5)),
        "data_points": ("dataset_points", None, _custom(X=[], y=[])),
        "data_point": ("dataset_point", None, _custom(X=[[0.0, 1.0, 2.0]] * 8)),
        "data_y_list": ("numbers_list", None, _custom(y="0,1")),
        "data_text": ("numbers_only", None, _custom(X=[[0.0, "1"]] * 8)),
        "data_range": ("numbers_range", None, _custom(X=[[0.0, 1e300]] * 8)),
        "data_labels": ("dataset_lengths", None, _custom(y=[0, 1])),
        "data_whole": ("multiclass_whole", None, _custom(kind="multiclass", n_classes=3,
                                                          y=[0.5] * 8)),
        "binary_labels": ("dataset_invalid", "binary_labels", _custom(y=[0, 2] * 4)),
        "domain": ("dataset_invalid", "domain_order", _custom(domain=[1.0, 0.0, 0.0, 1.0])),
        "kind_classes": ("dataset_invalid", "kind_classes", _custom(n_classes=3)),
        "class_range": ("dataset_invalid", "class_range", _custom(kind="multiclass",
                                                                  n_classes=3, y=[0, 5] * 4)),
        # the network (nn_core.serialize and the network's constructor)
        "net_not_dict": ("network_invalid", "not_a_dict", changed(("network", "W1"))),
        "net_missing": ("network_invalid", "data_missing", _network("params", DELETE)),
        "net_format": ("network_invalid", "net_format", _network("format", "keras")),
        "net_version": ("network_invalid", "net_version", _network("version", 3)),
        "net_config": ("network_invalid", "config_not_dict", _network("config", [])),
        "net_params": ("network_invalid", "params_not_dict", _network("params", [])),
        "config_missing": ("network_invalid", "config_missing", _network("config.loss", DELETE)),
        "config_unknown": ("network_invalid", "config_unknown", _network("config.colour", 1)),
        "config_sizes": ("network_invalid", "config_sizes", _network("config.sizes", "2,4,1")),
        "sizes_short": ("network_invalid", "sizes_short", _network("config.sizes", [2])),
        "sizes_deep": ("network_invalid", "too_many_hidden", _network("config.sizes",
                                                                      [2] * 40)),
        "sizes_int": ("network_invalid", "size_not_int", _network("config.sizes", [2, 4.5, 1])),
        "sizes_range": ("network_invalid", "size_range", _network("config.sizes", [2, 0, 1])),
        "config_bias": ("network_invalid", "config_bias", _network("config.bias", "yes")),
        "too_many_params": ("network_invalid", "too_many_params",
                            _network("config.sizes", [2, 1000, 1000, 1])),
        "config_text": ("network_invalid", "config_text", _network("config.loss", 5)),
        "config_hidden": ("network_invalid", "config_hidden",
                          _network("config.hidden_activations", "tanh")),
        "config_seed": ("network_invalid", "config_seed", _network("config.seed", -1)),
        "activation": ("network_invalid", "unknown_name", _network("config.activation", "rleu")),
        "softmax_hidden": ("network_invalid", "softmax_hidden",
                           _network("config.activation", "softmax")),
        "loss": ("network_invalid", "unknown_name", _network("config.loss", "hinge")),
        "init": ("network_invalid", "unknown_name", _network("config.init", "zeros")),
        "regularization": ("network_invalid", "unknown_name",
                           _network("config.regularization", "l3")),
        "dtype": ("network_invalid", "unknown_name", _network("config.dtype", "int32")),
        "dtype_text": ("network_invalid", "config_invalid", _network("config.dtype", "ints")),
        "pairing": ("network_invalid", "loss_output", _network("config.output_activation",
                                                                "linear")),
        "softmax_output": ("network_invalid", "softmax_loss",
                           changed(("network.config.output_activation", "softmax"),
                                   ("network.config.loss", "mse"))),
        "hidden_count": ("network_invalid", "hidden_count",
                         _network("config.hidden_activations", ["tanh"])),
        "reg_rate_text": ("network_invalid", "reg_rate_type", _network("config.reg_rate", "0")),
        "reg_rate_range": ("network_invalid", "reg_rate_range", _network("config.reg_rate", -1)),
        "params_missing": ("network_invalid", "params_missing", _network("params.b2", DELETE)),
        "params_extra": ("network_invalid", "params_unexpected", _network("params.W9", [1])),
        "params_both": ("network_invalid", "params_missing_unexpected",
                        changed(("network.params.W9", [1]), ("network.params.b3", DELETE))),
        "param_list": ("network_invalid", "param_not_list", _network("params.b1", "0")),
        "param_ragged": ("network_invalid", "param_ragged", _network("params.W1",
                                                                     [[1.0, 2.0], [3.0]])),
        "param_numbers": ("network_invalid", "param_not_numbers",
                          _network("params.b1", [True] * 4)),
        "param_shape": ("network_invalid", "param_shape", _network("params.W1", [[1.0]])),
        "param_inf": ("network_invalid", "param_not_finite",
                      _network("params.b1.0", "INF").replace('"INF"', "1e999")),
        "reg_rate_inf": ("network_invalid", "reg_rate_range",
                         _network("config.reg_rate", "INF").replace('"INF"', "1e999")),
        "no_bias": ("network_invalid", "params_unexpected", _network("config.bias", False)),
        # the run and the fit of network and settings
        "run_steps": ("counter_range", None, changed(("run.steps", -1))),
        "run_epoch": ("counter_range", None, changed(("run.epoch", 1.5))),
        "fit_sizes": ("network_mismatch", None, _setting("hidden", "3")),
        "fit_activation": ("network_mismatch", None, _setting("activation", "relu")),
        "fit_loss": ("network_mismatch", None, _setting("loss", "mse")),
        "fit_dtype": ("network_mismatch", None, _network("config.dtype", "float32")),
    }


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

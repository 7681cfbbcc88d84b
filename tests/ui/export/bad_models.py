"""Bad model files, one or more per problem, for the unit and the app tests.

`bad_models()` -> {case: (code, code of the cause or None, file text)}, each made from a valid
export of a fresh default playground (sizes [2, 4, 2, 1]) with one thing broken.
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

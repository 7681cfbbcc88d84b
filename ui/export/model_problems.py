"""What can be wrong with an uploaded model file (pure; no Streamlit): ModelFileProblem, a
ModelProblem whose codes come from MODEL_FILE_PROBLEMS, so a page shows it in its own language
(keys model.<code>, the same as nn_core's MODEL_PROBLEMS; no code is in both tables).
"""

from __future__ import annotations

from types import MappingProxyType

from nn_core.serialize import ModelProblem

_JSON = "the model file is not valid JSON "

MODEL_FILE_PROBLEMS = MappingProxyType({
    # the file and its JSON
    "file_not_unicode": "the model file contains invalid Unicode characters",
    "file_too_big": "the model file is {size:,} bytes; the limit is {limit:,}",
    "file_not_utf8": "the model file is not UTF-8 text",
    "json_syntax": _JSON + "({syntax}: line {line} column {column} (char {char}))",
    "json_constant": _JSON + "({constant} is not a number)",
    "json_not_read": _JSON + "({reason})",
    "file_not_object": "the model file must hold a JSON object",
    "file_format": "not a playground model file (format must be {expected!r})",
    "file_version": "unsupported model file version {found!r}; expected {expected}",
    "part_not_object": "{part} must be a JSON object",
    "part_missing": "{part} is missing {keys}",
    "part_unknown": "{part} has unknown entries: {keys}",
    # settings
    "settings_not_object": "'settings' must be a JSON object of setting name -> text",
    "unknown_setting": "unknown setting {name!r}",
    "setting_not_text": "setting {name!r} must be text, got {type}",
    "settings_missing": "settings are missing {names}",
    "setting_invalid": "setting {name!r} is invalid: {reason}",
    # the custom dataset
    "numbers_list": "{field} must be a list of at most {limit:,} numbers",
    "numbers_only": "{field} must contain only numbers, found {value}",
    "numbers_range": "{field} has a value out of range (|value| <= {limit:g})",
    "dataset_kind": "dataset kind must be one of {kinds}",
    "dataset_classes": "dataset n_classes must be a whole number from 1 to {limit}",
    "dataset_name": "dataset name must be a short text",
    "dataset_points": "dataset X must be a list of 1 to {limit:,} points [x1, x2]",
    "dataset_point": "each point of dataset X must be a list [x1, x2]",
    "dataset_lengths": "dataset y needs one label per point and domain 4 numbers",
    "multiclass_whole": "multiclass labels must be whole numbers",
    "dataset_invalid": "the dataset is invalid: {reason}",
    # the network, the run, and whether they fit the settings
    "network_invalid": "the network is invalid: {reason}",
    "counter_range": "run {name} must be a whole number from 0 to {limit:g}",
    "settings_misfit": "the settings do not fit the data: {reason}",
    "network_mismatch": "the network's {aspect} ({found}) do not match the settings ({wanted}, "
                        "from the features, hidden layers and outputs)",
})
"""code -> English message, {values} filled from the ModelFileProblem. Words among the values:
`part` ("the model file", "'dataset'", "'run'"), `field` ("dataset X", "dataset y",
"dataset domain"), `aspect` ("layer sizes", "activations", ...), `type` (a Python type name)
and `syntax` (the JSON reader's words); `reason` is another problem's message."""


class ModelFileProblem(ModelProblem):
    """A problem with an uploaded model file: `code` (a key of MODEL_FILE_PROBLEMS) and the
    `values` its message needs."""

    messages = MODEL_FILE_PROBLEMS

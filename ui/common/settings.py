"""Every playground setting in one table: defaults, allowed values, URL encoding.

The table `FIELDS` is the single source of truth. Widgets read their choices and ranges from it,
the URL codec validates against it, and `Settings` holds one value per field. Settings are plain
values (strings, numbers, tuples of them) so they round-trip through a query string exactly.
A value that does not parse raises a SettingProblem (a ValueError with a code from
SETTING_PROBLEMS), so a page can say why in its own language.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from types import MappingProxyType
from typing import Any

from nn_core import (
    ACTIVATION_NAMES,
    INITS,
    LOSS_NAMES,
    OPTIMIZERS,
    REGULARIZATIONS,
    STEP_UNITS,
)
from nn_core.datasets import DATASETS, FEATURES
from nn_core.problems import Names, Problem

MAX_HIDDEN_LAYERS = 8
MAX_NEURONS = 32
MAX_POINTS = 1000
MAX_URL_VALUE_LENGTH = 200
# Datasets with a fixed number of points: the points slider does not apply to them.
FIXED_SIZE_DATASETS = ("xor4",)

# The choices come from nn_core, which defines each list once. The output menu offers only the
# output activations a lecture needs, in this order; "auto" picks from the data (run_setup).
HIDDEN_ACTIVATIONS = ACTIVATION_NAMES
OFFERED_OUTPUT_ACTIVATIONS = ("sigmoid", "linear", "tanh", "softmax")
OUTPUT_CHOICES = ("auto", *OFFERED_OUTPUT_ACTIVATIONS)
LOSS_CHOICES = ("auto", *LOSS_NAMES)
LANGUAGES = ("en", "zh")
PALETTES = ("default", "colorblind")
LEARNING_RATES = (
    0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0,
)
REG_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
SPEEDS = (1, 2, 5, 10, 25, 50, 100, 250)
BATCH_SIZE_MAX = 1000

SETTING_PROBLEMS = MappingProxyType({
    "not_a_choice": "expected one of {choices}",
    "whole_number_range": "expected a whole number from {low} to {high}",
    "number_range": "expected a number from {low:g} to {high:g}",
    "not_whole_number": "invalid literal for int() with base 10: {text}",
    "not_number": "could not convert string to float: {text!r}",
    "not_a_flag": "expected 1 or 0",
    "too_many_layers": "at most {limit} hidden layers",
    "layer_width": "each layer needs 1 to {limit} neurons",
    "features": "features must be a comma list of {names}",
    "preset_name": "not a preset name",
    "too_long": "value too long",
})
"""Why a setting's text does not parse: code -> English message. not_whole_number and
not_number keep Python's own words for int() and float() ({text}: the text's repr, as Python
cuts it to 200 characters)."""


class SettingProblem(Problem):
    """A setting's text that does not parse: `code` (a key of SETTING_PROBLEMS), `values`."""

    family = "setting"
    messages = SETTING_PROBLEMS


@dataclass(frozen=True)
class Field:
    """One setting's parser (text -> valid value, or ValueError) and encoder (value -> text).

    Defaults live in `Settings`, so there is one place to change them.
    """

    name: str
    parse: Callable[[str], Any]
    encode: Callable[[Any], str] = str


def _choice(options: tuple[str, ...]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in options:
            raise SettingProblem("not_a_choice", choices=Names(options))
        return text

    return parse


def _number_range(number: type[int] | type[float], low: float, high: float
                  ) -> Callable[[str], int | float]:
    """Text -> a finite int or float in [low, high] (SettingProblem naming the range otherwise)."""
    code = "whole_number_range" if number is int else "number_range"

    def parse(text: str) -> int | float:
        value = _whole_number(text) if number is int else _number(text)
        if not math.isfinite(value) or not low <= value <= high:
            raise SettingProblem(code, low=low, high=high)
        return value

    return parse


def _whole_number(text: str) -> int:
    """int(text), its ValueError a SettingProblem with Python's words."""
    try:
        return int(text)
    except ValueError:
        raise SettingProblem("not_whole_number", text=repr(text)[:200]) from None


def _number(text: str) -> float:
    """float(text), its ValueError a SettingProblem with Python's words."""
    try:
        return float(text)
    except ValueError:
        raise SettingProblem("not_number", text=text) from None


def _int_range(low: int, high: int) -> Callable[[str], int]:
    return _number_range(int, low, high)


def _float_range(low: float, high: float) -> Callable[[str], float]:
    return _number_range(float, low, high)


def _bool(text: str) -> bool:
    if text in ("1", "true"):
        return True
    if text in ("0", "false"):
        return False
    raise SettingProblem("not_a_flag")


def _encode_bool(value: bool) -> str:
    return "1" if value else "0"


def _hidden_layers(text: str) -> tuple[int, ...]:
    """'4-2' -> (4, 2); '' or '0' -> () (no hidden layer)."""
    if text in ("", "0"):
        return ()
    widths = tuple(_whole_number(part) for part in text.split("-"))
    if len(widths) > MAX_HIDDEN_LAYERS:
        raise SettingProblem("too_many_layers", limit=MAX_HIDDEN_LAYERS)
    if any(not 1 <= width <= MAX_NEURONS for width in widths):
        raise SettingProblem("layer_width", limit=MAX_NEURONS)
    return widths


def _encode_hidden(widths: tuple[int, ...]) -> str:
    return "-".join(str(width) for width in widths) or "0"


def _features(text: str) -> tuple[str, ...]:
    names = tuple(name for name in text.split(",") if name)
    unknown = [name for name in names if name not in FEATURES]
    if unknown or not names:
        raise SettingProblem("features", names=Names(FEATURES))
    return tuple(name for name in FEATURES if name in names)


def _encode_features(names: tuple[str, ...]) -> str:
    return ",".join(names)


def _preset(text: str) -> str:
    if len(text) > 40 or not all(ch.isalnum() or ch in "_-" for ch in text):
        raise SettingProblem("preset_name")
    return text


_FIELD_LIST = (
    Field("dataset", _choice(tuple(DATASETS))),
    Field("n_points", _int_range(4, MAX_POINTS)),
    Field("noise", _float_range(0.0, 1.0)),
    Field("train_ratio", _float_range(0.1, 0.9)),
    Field("data_seed", _int_range(0, 2**31 - 1)),
    Field("features", _features, _encode_features),
    Field("hidden", _hidden_layers, _encode_hidden),
    Field("activation", _choice(HIDDEN_ACTIVATIONS)),
    Field("output_activation", _choice(OUTPUT_CHOICES)),
    Field("loss", _choice(LOSS_CHOICES)),
    Field("regularization", _choice(REGULARIZATIONS)),
    Field("reg_rate", _float_range(0.0, 10.0)),
    Field("init", _choice(INITS)),
    Field("weight_seed", _int_range(0, 2**31 - 1)),
    Field("learning_rate", _float_range(1e-5, 10.0)),
    Field("batch_size", _int_range(1, BATCH_SIZE_MAX)),
    Field("optimizer", _choice(OPTIMIZERS)),
    Field("speed", _int_range(1, max(SPEEDS))),
    Field("step_unit", _choice(STEP_UNITS)),
    Field("show_test", _bool, _encode_bool),
    Field("discretize", _bool, _encode_bool),
    Field("log_loss", _bool, _encode_bool),
    Field("lang", _choice(LANGUAGES)),
    Field("palette", _choice(PALETTES)),
    Field("presenter", _bool, _encode_bool),
    Field("hide_controls", _bool, _encode_bool),
    Field("preset", _preset),
)
FIELDS: Mapping[str, Field] = MappingProxyType({field.name: field for field in _FIELD_LIST})

# Changing any of these starts a new network; the others apply live to the running one.
RESET_FIELDS = (
    "dataset", "n_points", "noise", "train_ratio", "data_seed", "features",
    "hidden", "activation", "output_activation", "loss", "init", "weight_seed",
)
# Changing any of these asks for freshly generated data (an uploaded or edited set is dropped).
DATA_FIELDS = ("dataset", "n_points", "noise", "data_seed")
LIVE_FIELDS = ("learning_rate", "batch_size", "regularization", "reg_rate", "optimizer")


@dataclass(frozen=True)
class Settings:
    """All user-chosen settings of one playground session (one value per entry of FIELDS)."""

    dataset: str = "xor"
    n_points: int = 200
    noise: float = 0.0
    train_ratio: float = 0.5
    data_seed: int = 0
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    output_activation: str = "auto"
    loss: str = "auto"
    regularization: str = "none"
    reg_rate: float = 0.0
    init: str = "xavier"
    weight_seed: int = 0
    learning_rate: float = 0.03
    batch_size: int = 10
    optimizer: str = "sgd"
    speed: int = 10
    step_unit: str = "batch"
    show_test: bool = False
    discretize: bool = False
    log_loss: bool = False
    lang: str = "en"
    palette: str = "default"
    presenter: bool = False
    hide_controls: bool = False
    preset: str = ""

    def network_key(self) -> tuple:
        """The values whose change must reset the network (data and architecture)."""
        return tuple(getattr(self, name) for name in RESET_FIELDS)

    def data_key(self) -> tuple:
        """The values that describe the generated data."""
        return tuple(getattr(self, name) for name in DATA_FIELDS)

    def updated(self, **changes: Any) -> Settings:
        """A copy with `changes` applied; each value is validated through its field's parser."""
        checked = {name: parse_value(name, encode_value(name, value)) for name, value in
                   changes.items()}
        return replace(self, **checked)


def encode_value(name: str, value: Any) -> str:
    """The query-string text of one setting, e.g. hidden (4, 2) -> '4-2'."""
    field = FIELDS[name]
    if field.encode is str and isinstance(value, float):
        return repr(value)
    return field.encode(value)


def parse_value(name: str, text: str) -> Any:
    """Parse one setting from text; raises a SettingProblem when it is not valid."""
    if len(text) > MAX_URL_VALUE_LENGTH:
        raise SettingProblem("too_long")
    return FIELDS[name].parse(text)


def to_query(settings: Settings) -> dict[str, str]:
    """Settings -> query parameters, leaving out values equal to the default (short links)."""
    defaults = Settings()
    return {
        field.name: encode_value(field.name, getattr(settings, field.name))
        for field in fields(Settings)
        if getattr(settings, field.name) != getattr(defaults, field.name)
    }


@dataclass(frozen=True)
class QueryProblem:
    """One query parameter that was ignored, and why (shown to the user as a small notice)."""

    name: str
    reason: str


def from_query(
    query: Mapping[str, str | list[str]], base: Settings | None = None
) -> tuple[Settings, list[QueryProblem]]:
    """Query parameters -> (settings, problems). Bad or unknown entries keep the base value."""
    values: dict[str, Any] = {}
    problems: list[QueryProblem] = []
    for raw_name, raw_value in query.items():
        name = str(raw_name)[:MAX_URL_VALUE_LENGTH]
        text = raw_value[-1] if isinstance(raw_value, list) and raw_value else raw_value
        if name not in FIELDS:
            problems.append(QueryProblem(name, "unknown setting"))
            continue
        try:
            values[name] = parse_value(name, str(text))
        except ValueError as error:
            problems.append(QueryProblem(name, str(error) or "invalid value"))
    return replace(base or Settings(), **values), problems

"""Configuration checks and the JSON format of a network: ``to_dict`` / ``from_dict``.

``MLP.to_dict()`` and ``MLP.from_dict(data)`` call into this module. The format is

    {"format": "nn_core.MLP", "version": 1,
     "config": {constructor arguments, see MLP.config()},
     "params": {"W1": [[...], ...], "b1": [...], ...}}

``from_dict`` trusts nothing: every key, type, shape and value is checked, and networks larger
than MAX_PARAMS are refused. Every problem with a network's description, here and in the
constructor's checks, is a ModelProblem (a ValueError with a code from MODEL_PROBLEMS).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

from nn_core.problems import Names, Problem

MAX_HIDDEN_LAYERS = 32
MAX_WIDTH = 1024
MAX_PARAMS = 100_000  # limit for networks loaded with MLP.from_dict
DICT_FORMAT = "nn_core.MLP"
DICT_VERSION = 1

_CONFIG_KEYS = frozenset({"sizes", "activation", "output_activation", "loss", "init", "bias",
                          "regularization", "reg_rate", "hidden_activations", "dtype", "seed"})
_REQUIRED_CONFIG_KEYS = frozenset({"sizes", "activation", "output_activation", "loss"})
_NAME_KEYS = ("activation", "output_activation", "loss", "init", "regularization", "dtype")
_PARAMS_MISMATCH = "params do not match the network: "

MODEL_PROBLEMS = MappingProxyType({
    # the constructor's arguments
    "unknown_name": "unknown {what} {value!r}; choose one of {choices}",
    "softmax_hidden": "'softmax' is only allowed as the output activation; choose one of "
                      "{choices}",
    "loss_output": "loss {loss!r} needs output_activation {needed!r}, got {found!r}",
    "softmax_loss": "output_activation 'softmax' is only valid with loss 'ce'",
    "hidden_count": "hidden_activations needs {needed} names (one per hidden layer), got {found}",
    "reg_rate_type": "reg_rate must be a number, got {value!r}",
    "reg_rate_range": "reg_rate must be finite and >= 0, got {value}",
    "sizes_not_list": "sizes must be a list of layer widths like [2, 4, 1]",
    "sizes_short": "sizes needs at least an input and an output width, e.g. [2, 1]",
    "too_many_hidden": "at most {limit} hidden layers are supported, got {found}",
    "size_not_int": "sizes[{index}] must be an integer, got {value!r}",
    "size_range": "sizes[{index}] must be between 1 and {limit}, got {value}",
    # a saved network (from_dict)
    "not_a_dict": "network data must be a dict, got {type}",
    "data_missing": "network data is missing key(s): {keys}",
    "net_format": "unknown format {found!r}; expected {expected!r}",
    "net_version": "unsupported version {found!r}; expected {expected}",
    "config_not_dict": "'config' must be a dict",
    "params_not_dict": "'params' must be a dict",
    "config_missing": "config is missing key(s): {keys}",
    "config_unknown": "config has unknown key(s): {keys}",
    "config_sizes": "config 'sizes' must be a list of integers",
    "config_bias": "config 'bias' must be true or false",
    "too_many_params": "network has {count} parameters; at most {limit} are allowed",
    "config_text": "config {name!r} must be a string",
    "config_hidden": "config 'hidden_activations' must be null or a list of names",
    "config_seed": "config 'seed' must be a non-negative integer or null",
    "config_invalid": "invalid config: {reason}",
    "params_missing": _PARAMS_MISMATCH + "missing {missing}",
    "params_unexpected": _PARAMS_MISMATCH + "unexpected {unexpected}",
    "params_missing_unexpected": _PARAMS_MISMATCH + "missing {missing}; unexpected {unexpected}",
    "param_not_list": "param {name!r} must be a (nested) list of numbers",
    "param_ragged": "param {name!r} is ragged or malformed: {reason}",
    "param_not_numbers": "param {name!r} must contain only numbers",
    "param_shape": "param {name!r} has shape {found}, expected {expected}",
    "param_not_finite": "param {name!r} contains NaN or infinite values",
})
"""What can be wrong with a network's description: code -> English message ({values} filled
from the ModelProblem). `what` names a choice list ("activation", "loss", "init",
"regularization", "dtype"), `type` a Python type ("str", "list", ...); `reason` is NumPy's or
Python's own words."""


class ModelProblem(Problem):
    """A problem with a network's description (the constructor's arguments or a saved
    network): `code` (a key of MODEL_PROBLEMS) and the `values` its message needs."""

    family = "model"
    messages = MODEL_PROBLEMS


def check_name(value, choices, what: str) -> None:
    """ModelProblem listing ``choices`` unless ``value`` is one of them."""
    if value not in choices:
        raise ModelProblem("unknown_name", what=what, value=value, choices=Names(choices))


def check_sizes(sizes) -> list[int]:
    """Layer widths [d0, ..., dL] as a list of ints in [1, MAX_WIDTH] (ModelProblem
    otherwise)."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise ModelProblem("sizes_not_list")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ModelProblem("sizes_short")
    if len(sizes) - 2 > MAX_HIDDEN_LAYERS:
        raise ModelProblem("too_many_hidden", limit=MAX_HIDDEN_LAYERS, found=len(sizes) - 2)
    clean = []
    for i, s in enumerate(sizes):
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
            raise ModelProblem("size_not_int", index=i, value=s)
        if not 1 <= int(s) <= MAX_WIDTH:
            raise ModelProblem("size_range", index=i, limit=MAX_WIDTH, value=s)
        clean.append(int(s))
    return clean


def to_dict(net) -> dict:
    """JSON-able dict: format, version, config and params as nested lists."""
    return {
        "format": DICT_FORMAT,
        "version": DICT_VERSION,
        "config": net.config(),
        "params": {name: value.tolist() for name, value in net.params.items()},
    }


def from_dict(cls, data):
    """Rebuild a network of class ``cls`` (MLP) from :func:`to_dict` output, validating
    everything (ModelProblem)."""
    config, params = _parts(data)
    cfg, seed = _checked_config(config)
    try:
        net = cls(**cfg, seed=seed)
    except TypeError as exc:
        raise ModelProblem.because("config_invalid", exc, limit=None) from exc
    _load_params(net, params)
    return net


def _parts(data) -> tuple[Mapping, Mapping]:
    """(config, params) of a network dict whose format and version we read."""
    if not isinstance(data, Mapping):
        raise ModelProblem("not_a_dict", type=type(data).__name__)
    missing = {"config", "params"} - set(data)
    if missing:
        raise ModelProblem("data_missing", keys=Names(sorted(missing)))
    if data.get("format", DICT_FORMAT) != DICT_FORMAT:
        raise ModelProblem("net_format", found=data.get("format"), expected=DICT_FORMAT)
    if data.get("version", DICT_VERSION) != DICT_VERSION:
        raise ModelProblem("net_version", found=data.get("version"), expected=DICT_VERSION)
    config, params = data["config"], data["params"]
    if not isinstance(config, Mapping):
        raise ModelProblem("config_not_dict")
    if not isinstance(params, Mapping):
        raise ModelProblem("params_not_dict")
    return config, params


def _checked_config(config: Mapping) -> tuple[dict, int]:
    """(constructor keyword arguments without the seed, seed) after checking keys and types;
    the constructor checks the values."""
    missing = _REQUIRED_CONFIG_KEYS - set(config)
    if missing:
        raise ModelProblem("config_missing", keys=Names(sorted(missing)))
    unknown = set(config) - _CONFIG_KEYS
    if unknown:
        raise ModelProblem("config_unknown", keys=Names(sorted(unknown)))
    cfg = dict(config)
    if not isinstance(cfg["sizes"], list):
        raise ModelProblem("config_sizes")
    sizes = check_sizes(cfg["sizes"])
    bias = cfg.get("bias", True)
    if not isinstance(bias, bool):
        raise ModelProblem("config_bias")
    n_params = sum((a + int(bias)) * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    if n_params > MAX_PARAMS:
        raise ModelProblem("too_many_params", count=n_params, limit=MAX_PARAMS)
    for key in _NAME_KEYS:
        if key in cfg and not isinstance(cfg[key], str):
            raise ModelProblem("config_text", name=key)
    hidden = cfg.get("hidden_activations")
    if hidden is not None and not (isinstance(hidden, list)
                                   and all(isinstance(h, str) for h in hidden)):
        raise ModelProblem("config_hidden")
    seed = cfg.pop("seed", 0)
    if seed is None:
        seed = 0
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ModelProblem("config_seed")
    return cfg, seed


def _load_params(net, params: Mapping) -> None:
    """Copy checked parameter arrays into ``net.params`` (same names, shapes, finite numbers)."""
    expected = set(net.params)
    if set(params) != expected:
        missing = Names(sorted(expected - set(params)))
        unexpected = Names(sorted(map(str, set(params) - expected)))
        code = ("params_missing_unexpected" if missing and unexpected
                else "params_missing" if missing else "params_unexpected")
        raise ModelProblem(code, missing=missing, unexpected=unexpected)
    for name, target in net.params.items():
        value = params[name]
        if not isinstance(value, (list, np.ndarray)):
            raise ModelProblem("param_not_list", name=name)
        try:
            arr = np.asarray(value)
        except ValueError as exc:
            raise ModelProblem.because("param_ragged", exc, limit=None, name=name) from exc
        if arr.dtype.kind not in "iuf":
            raise ModelProblem("param_not_numbers", name=name)
        if arr.shape != target.shape:
            raise ModelProblem("param_shape", name=name, found=arr.shape, expected=target.shape)
        arr = arr.astype(np.float64)
        if not np.all(np.isfinite(arr)):
            raise ModelProblem("param_not_finite", name=name)
        target[...] = arr

"""Configuration checks and the JSON format of a network: ``to_dict`` / ``from_dict``.

``MLP.to_dict()`` and ``MLP.from_dict(data)`` call into this module. The format is

    {"format": "nn_core.MLP", "version": 1,
     "config": {constructor arguments, see MLP.config()},
     "params": {"W1": [[...], ...], "b1": [...], ...}}

``from_dict`` trusts nothing: every key, type, shape and value is checked (ValueError naming
the problem), and networks larger than MAX_PARAMS are refused.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

MAX_HIDDEN_LAYERS = 32
MAX_WIDTH = 1024
MAX_PARAMS = 100_000  # limit for networks loaded with MLP.from_dict
DICT_FORMAT = "nn_core.MLP"
DICT_VERSION = 1

_CONFIG_KEYS = frozenset({"sizes", "activation", "output_activation", "loss", "init", "bias",
                          "regularization", "reg_rate", "hidden_activations", "dtype", "seed"})
_REQUIRED_CONFIG_KEYS = frozenset({"sizes", "activation", "output_activation", "loss"})
_NAME_KEYS = ("activation", "output_activation", "loss", "init", "regularization", "dtype")


def check_name(value, choices, what: str) -> None:
    """ValueError listing ``choices`` unless ``value`` is one of them."""
    if value not in choices:
        raise ValueError(f"unknown {what} {value!r}; choose one of {', '.join(choices)}")


def check_sizes(sizes) -> list[int]:
    """Layer widths [d0, ..., dL] as a list of ints in [1, MAX_WIDTH] (ValueError otherwise)."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise ValueError("sizes must be a list of layer widths like [2, 4, 1]")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError("sizes needs at least an input and an output width, e.g. [2, 1]")
    if len(sizes) - 2 > MAX_HIDDEN_LAYERS:
        raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers are supported, "
                         f"got {len(sizes) - 2}")
    clean = []
    for i, s in enumerate(sizes):
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
            raise ValueError(f"sizes[{i}] must be an integer, got {s!r}")
        if not 1 <= int(s) <= MAX_WIDTH:
            raise ValueError(f"sizes[{i}] must be between 1 and {MAX_WIDTH}, got {s}")
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
    everything (ValueError)."""
    config, params = _parts(data)
    cfg, seed = _checked_config(config)
    try:
        net = cls(**cfg, seed=seed)
    except TypeError as exc:
        raise ValueError(f"invalid config: {exc}") from exc
    _load_params(net, params)
    return net


def _parts(data) -> tuple[Mapping, Mapping]:
    """(config, params) of a network dict whose format and version we read."""
    if not isinstance(data, Mapping):
        raise ValueError(f"network data must be a dict, got {type(data).__name__}")
    missing = {"config", "params"} - set(data)
    if missing:
        raise ValueError(f"network data is missing key(s): {', '.join(sorted(missing))}")
    if data.get("format", DICT_FORMAT) != DICT_FORMAT:
        raise ValueError(f"unknown format {data.get('format')!r}; expected {DICT_FORMAT!r}")
    if data.get("version", DICT_VERSION) != DICT_VERSION:
        raise ValueError(f"unsupported version {data.get('version')!r}; expected {DICT_VERSION}")
    config, params = data["config"], data["params"]
    if not isinstance(config, Mapping):
        raise ValueError("'config' must be a dict")
    if not isinstance(params, Mapping):
        raise ValueError("'params' must be a dict")
    return config, params


def _checked_config(config: Mapping) -> tuple[dict, int]:
    """(constructor keyword arguments without the seed, seed) after checking keys and types;
    the constructor checks the values."""
    missing = _REQUIRED_CONFIG_KEYS - set(config)
    if missing:
        raise ValueError(f"config is missing key(s): {', '.join(sorted(missing))}")
    unknown = set(config) - _CONFIG_KEYS
    if unknown:
        raise ValueError(f"config has unknown key(s): {', '.join(sorted(unknown))}")
    cfg = dict(config)
    if not isinstance(cfg["sizes"], list):
        raise ValueError("config 'sizes' must be a list of integers")
    sizes = check_sizes(cfg["sizes"])
    bias = cfg.get("bias", True)
    if not isinstance(bias, bool):
        raise ValueError("config 'bias' must be true or false")
    n_params = sum((a + int(bias)) * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    if n_params > MAX_PARAMS:
        raise ValueError(f"network has {n_params} parameters; at most {MAX_PARAMS} are allowed")
    for key in _NAME_KEYS:
        if key in cfg and not isinstance(cfg[key], str):
            raise ValueError(f"config {key!r} must be a string")
    hidden = cfg.get("hidden_activations")
    if hidden is not None and not (isinstance(hidden, list)
                                   and all(isinstance(h, str) for h in hidden)):
        raise ValueError("config 'hidden_activations' must be null or a list of names")
    seed = cfg.pop("seed", 0)
    if seed is None:
        seed = 0
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError("config 'seed' must be a non-negative integer or null")
    return cfg, seed


def _load_params(net, params: Mapping) -> None:
    """Copy checked parameter arrays into ``net.params`` (same names, shapes, finite numbers)."""
    expected = set(net.params)
    if set(params) != expected:
        missing, extra = expected - set(params), set(params) - expected
        parts = []
        if missing:
            parts.append(f"missing {', '.join(sorted(missing))}")
        if extra:
            parts.append(f"unexpected {', '.join(sorted(map(str, extra)))}")
        raise ValueError(f"params do not match the network: {'; '.join(parts)}")
    for name, target in net.params.items():
        value = params[name]
        if not isinstance(value, (list, np.ndarray)):
            raise ValueError(f"param {name!r} must be a (nested) list of numbers")
        try:
            arr = np.asarray(value)
        except ValueError as exc:
            raise ValueError(f"param {name!r} is ragged or malformed: {exc}") from exc
        if arr.dtype.kind not in "iuf":
            raise ValueError(f"param {name!r} must contain only numbers")
        if arr.shape != target.shape:
            raise ValueError(f"param {name!r} has shape {arr.shape}, expected {target.shape}")
        arr = arr.astype(np.float64)
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"param {name!r} contains NaN or infinite values")
        target[...] = arr

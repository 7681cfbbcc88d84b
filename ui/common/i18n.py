"""One translation table for every user-visible string: English and 简体中文.

`t(key, lang, **values)` looks a string up and fills `{placeholders}`. Formulas and numbers are
identical in both languages; only words change. A test checks every key has both languages
with the same placeholders.

Each room of `ui` keeps the strings it shows beside its code, in `ui/<room>/strings.py` (a dict
`STRINGS` of key -> (English, 中文)); the shared ones are in `ui/common/strings.py`. They are
merged here into the one table. A key defined twice is an error.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Mapping
from types import MappingProxyType

import ui

LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType({"en": "English", "zh": "中文"})


def _string_modules() -> list[str]:
    """`ui.<room>.strings` for every room (package) of ui that has one, in name order."""
    rooms = sorted(info.name for info in pkgutil.iter_modules(ui.__path__) if info.ispkg)
    names = [f"ui.{room}.strings" for room in rooms]
    return [name for name in names if importlib.util.find_spec(name) is not None]


def _merged_table() -> dict[str, tuple[str, str]]:
    """Every room's STRINGS in one table (no key twice)."""
    table: dict[str, tuple[str, str]] = {}
    for name in _string_modules():
        module = importlib.import_module(name)
        twice = table.keys() & module.STRINGS.keys()
        if twice:
            raise KeyError(f"translation keys defined twice: {sorted(twice)}")
        table.update(module.STRINGS)
    return table


TRANSLATIONS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {key: MappingProxyType({"en": en, "zh": zh}) for key, (en, zh) in _merged_table().items()}
)


def t(key: str, lang: str = "en", **values: object) -> str:
    """The text for `key` in `lang` ('en' or 'zh'), with `{name}` placeholders filled."""
    entry = TRANSLATIONS[key]
    text = entry.get(lang, entry["en"])
    return text.format(**values) if values else text


def divergence_text(divergence, lang: str, key: str = "msg.diverged") -> str:
    """A run's `nn_core.training.Divergence` in words: message `key` with {step}, {what}
    (the cause) and {lr} filled in `lang`."""
    return t(key, lang, step=f"{divergence.step:,}", what=t(f"diverge.{divergence.cause}", lang),
             lr=f"{divergence.learning_rate:g}")


# Values of a CSV problem that are words themselves: value name -> translation key prefix.
_CSV_WORD_VALUES = MappingProxyType({"delimiter": "csv.delimiter.", "name": "csv.column."})


def csv_problem_text(code: str, values: Mapping[str, object], lang: str) -> str:
    """An `nn_core.csv_data.CsvProblem` (its code and values) in words of `lang`."""
    words = {name: t(prefix + str(values[name]), lang)
             for name, prefix in _CSV_WORD_VALUES.items() if name in values}
    return t(f"csv.{code}", lang, **{**values, **words})


def figure_labels(chart: str, defaults: Mapping[str, str], lang: str) -> dict[str, str]:
    """Translated labels for a figure builder: every key of `defaults` from `fig.<chart>.<key>`.

    Placeholders such as {c} stay in place for the builder to fill.
    """
    return {name: TRANSLATIONS[f"fig.{chart}.{name}"][lang] for name in defaults}

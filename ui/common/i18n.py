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
from nn_core.problems import Names, shortened

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


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The text for `key` in `lang` ('en' or 'zh'), with `{name}` placeholders filled (key and
    lang are positional, so a value may have either name)."""
    entry = TRANSLATIONS[key]
    text = entry.get(lang, entry["en"])
    return text.format(**values) if values else text


def divergence_text(divergence, lang: str, key: str = "msg.diverged") -> str:
    """A run's `nn_core.training.Divergence` in words: message `key` with {step}, {what}
    (the cause) and {lr} filled in `lang`."""
    return t(key, lang, step=f"{divergence.step:,}", what=t(f"diverge.{divergence.cause}", lang),
             lr=f"{divergence.learning_rate:g}")


def problem_text(family: str, code: str, values: Mapping[str, object], lang: str) -> str:
    """An `nn_core.problems.Problem` (its family, code and values) in words of `lang`: the text
    of `<family>.<code>` filled with the values, where a value is a word if a key
    `<family>.<value name>.<value>` exists, `Names` are listed the language's way, and a
    `reason` is worded from its coded cause."""
    shown = {name: _shown_value(family, name, value, lang) for name, value in values.items()}
    if "reason" in values:
        shown["reason"] = _reason_text(values["reason"], values.get("cause"), lang)
    return t(f"{family}.{code}", lang, **shown)


def problem_texts(problem) -> dict[str, str]:
    """A `Problem` worded once in every language, {lang: text}: what a page keeps when the
    problem's values may hold much of an upload (nothing of it stays, no rewording per run)."""
    return {lang: problem_text(problem.family, problem.code, problem.values, lang)
            for lang in LANGUAGE_NAMES}


def _shown_value(family: str, name: str, value: object, lang: str) -> object:
    if isinstance(value, Names):
        return t("problem.list_separator", lang).join(map(str, value))
    if isinstance(value, str) and f"{family}.{name}.{value}" in TRANSLATIONS:
        return t(f"{family}.{name}.{value}", lang)
    return value


def _reason_text(reason: object, cause, lang: str) -> str:
    """The cause's words in `lang`, cut as the English reason was; without a coded cause the
    reason is NumPy's or Python's English: English pages show it, others say so."""
    if cause is not None:
        return shortened(problem_text(cause.family, cause.code, cause.values, lang), cause.limit)
    return str(reason) if lang == "en" else t("problem.english_only", lang)


def csv_problem_text(code: str, values: Mapping[str, object], lang: str) -> str:
    """An `nn_core.csv_data.CsvProblem` (its code and values) in words of `lang`."""
    return problem_text("csv", code, values, lang)


def figure_labels(chart: str, defaults: Mapping[str, str], lang: str) -> dict[str, str]:
    """Translated labels for a figure builder: every key of `defaults` from `fig.<chart>.<key>`.

    Placeholders such as {c} stay in place for the builder to fill.
    """
    return {name: TRANSLATIONS[f"fig.{chart}.{name}"][lang] for name in defaults}

"""Every user-visible string exists in English and Chinese with the same placeholders."""

import string

import pytest

from ui.i18n import TRANSLATIONS, t


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TRANSLATIONS))
def test_both_languages_present_with_same_placeholders(key):
    entry = TRANSLATIONS[key]
    assert set(entry) == {"en", "zh"}
    assert entry["en"].strip() and entry["zh"].strip()
    assert _placeholders(entry["en"]) == _placeholders(entry["zh"])


def test_lookup_fills_placeholders():
    assert t("stat.epoch", "en") == "Epoch"
    assert t("fig.network.hidden", "en", l=3) == "hidden 3"
    assert t("fig.network.hidden", "zh", l=3) == "隐藏层 3"


def test_unknown_key_fails_loudly():
    with pytest.raises(KeyError):
        t("no.such.key", "en")

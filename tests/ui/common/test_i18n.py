"""Every user-visible string exists in English and Chinese with the same placeholders."""

import string

import pytest

from ui.common.i18n import TRANSLATIONS, t


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


def test_a_divergence_is_said_once_in_each_language():
    from nn_core.training import Divergence
    from ui.common.i18n import divergence_text

    stopped = Divergence("loss_inf", 1234, 10.0)
    english = divergence_text(stopped, "en")
    assert english.startswith("Training stopped at step 1,234: the loss became infinite.")
    assert english.count("last good weights") == 1 and "Learning rate 10 " in english
    chinese = divergence_text(stopped, "zh")
    assert "损失变成了无穷大" in chinese and "1,234" in chinese
    assert not any(word in chinese for word in ("loss", "infinite", "weights", "step"))
    assert stopped.reason == ("the loss became infinite at step 1234 (learning rate 10 is too "
                              "high for this network)")

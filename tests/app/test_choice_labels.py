"""Every choice a page offers shows the right words for its values, in both languages.

For each select, radio and segmented control: the label shown at every position is the
translation of the value behind it, and (for selects, where AppTest can pick a label by its
position) choosing that label gives that value. A select whose labels drifted out of order
against its values, or a label from the other language, fails here. The expected words come
straight from the translation table, not from the page's code.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import open_page, start_app
from ui.common.i18n import LANGUAGE_NAMES, TRANSLATIONS
from ui.common.presets import load_presets

LANGS = ("en", "zh")


def word(key: str, lang: str, **values) -> str:
    return TRANSLATIONS[key][lang].format(**values)


def option(prefix: str):
    return lambda value, lang: word(f"{prefix}.{value}", lang)


def scene_title(value, lang):
    if not value:
        return word("scene.none", lang)
    return next(p.title[lang] for p in load_presets() if p.id == value)


def click_mode(value, lang):
    if value.startswith("add"):
        return word("data.click_add", lang, c=value[3:])
    return word(f"data.click_{value}", lang)


# page -> [(AppTest element kind, key, expected label of a value)]
CHOICES = {
    "playground": [
        ("selectbox", "w_dataset", option("opt")),
        ("selectbox", "w_activation", option("opt")),
        ("selectbox", "w_output_activation", option("opt")),
        ("selectbox", "w_loss", option("opt")),
        ("selectbox", "w_regularization", option("opt")),
        ("selectbox", "w_init", option("opt")),
        ("selectbox", "w_optimizer", option("opt")),
        ("selectbox", "scene_choice", scene_title),
        ("radio", "w_step_unit", option("unit")),
        ("radio", "w_palette", option("palette")),
        ("radio", "click_mode", click_mode),
        ("button_group", "w_lang", lambda value, lang: LANGUAGE_NAMES[value]),
    ],
    "compare": [("selectbox", "cmp_variable", option("compare.var"))],
    "hidden_space": [
        ("selectbox", "hs_activation", option("opt")),  # before the source disables it
        ("selectbox", "hs_source", option("hidden_space.demo")),
        ("selectbox", "hs_neuron_x",
         lambda value, lang: word("hidden_space.neuron_option", lang, index=value + 1)),
    ],
    "backprop": [("button_group", "bp_source", option("backprop.source"))],
    "gradcheck": [("button_group", "gc_source", option("gradcheck.source"))],
}


def element(at: AppTest, kind: str, key: str):
    if kind == "button_group":
        return next(e for e in at.get("button_group") if e.key == key)
    return getattr(at, kind)(key=key)


def open_with_everything(page: str, lang: str) -> AppTest:
    query = {"lang": lang}
    if page == "playground":
        return start_app(query)  # the sidebar's panels are drawn whether open or not
    return open_page(page, query)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", list(CHOICES))
def test_every_label_is_its_values_translation(page, lang):
    at = open_with_everything(page, lang)
    assert not at.exception
    for kind, key, expected in CHOICES[page]:
        widget = element(at, kind, key)
        labels = list(widget.options) if kind != "button_group" else [
            option.content for option in widget.proto.options]
        assert labels, key
        if kind == "selectbox":
            for index, label in enumerate(labels):
                element(at, kind, key).select_index(index).run()
                chosen = element(at, kind, key).value
                assert not at.exception, (key, label)
                assert expected(chosen, lang) == label, (key, index, chosen, label)
                assert list(element(at, kind, key).options) == labels  # same words every run
        else:
            value = widget.value
            index = widget.index if kind == "radio" else widget.indices[0]
            assert expected(value, lang) == labels[index], (key, value, labels)
            if kind == "radio":
                for candidate_index, label in enumerate(labels):
                    matching = [v for v in _radio_values(at, key) if expected(v, lang) == label]
                    assert len(matching) == 1, (key, label)  # each label names one value
                    element(at, kind, key).set_value(matching[0]).run()
                    assert element(at, kind, key).index == candidate_index, (key, label)


def _radio_values(at: AppTest, key: str) -> tuple:
    from ui.common.settings import PALETTES, STEP_UNITS

    if key == "click_mode":
        dataset = at.session_state["playground"].problem.dataset
        classes = dataset.n_classes if dataset.kind != "regression" else 0
        return ("off", *(f"add{c}" for c in range(classes)), "remove")
    return {"w_step_unit": STEP_UNITS, "w_palette": PALETTES}[key]

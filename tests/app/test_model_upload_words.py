"""A student reading Chinese meets no English sentence when a saved model file is refused, and
an English page says exactly what it said before the problems had codes."""

import pytest

from tests.app.helpers import start_app
from tests.english_words import english_left
from tests.ui.export.bad_models import OLD_MESSAGES, OLD_STARTS, bad_models

# One file per kind of reason: the file's own words, a setting's, nn_core's network and
# dataset checks, words among the values, and NumPy's English-only words.
CASES = ("json_comma", "unknown_entry", "setting_not_text", "hidden_comma", "activation",
         "binary_labels", "fit_sizes", "param_ragged")
ENGLISH_FRAME = "That file was not loaded, and your run is unchanged: "


def _refused(lang: str, case: str) -> str:
    at = start_app({"lang": lang})
    at.file_uploader(key="model_upload").upload("model.json", _bytes(case)).run()
    assert not at.exception, at.exception
    assert len(at.error) == 1
    return at.error[0].value


def _bytes(case: str) -> bytes:
    text = bad_models()[case][2]
    return text if isinstance(text, bytes) else text.encode("utf-8")


@pytest.mark.parametrize("case", CASES)
def test_a_refused_model_file_is_explained_in_chinese(case):
    message = _refused("zh", case)
    assert message.startswith("文件未载入，当前训练保持不变：")
    assert not english_left(message), message


@pytest.mark.parametrize("case", CASES)
def test_a_refused_model_file_reads_as_before_in_english(case):
    message = _refused("en", case)
    if case in OLD_STARTS:
        assert message.startswith(ENGLISH_FRAME + OLD_STARTS[case])
    else:
        assert message == ENGLISH_FRAME + OLD_MESSAGES[case]


def test_a_refused_model_file_follows_a_language_switch_and_keeps_nothing_of_the_file():
    at = start_app({"lang": "zh"})
    at.file_uploader(key="model_upload").upload("model.json", _bytes("activation")).run()
    assert at.error[0].value.startswith("文件未载入") and "激活函数" in at.error[0].value
    kept = at.session_state["model_error"]
    assert set(kept) == {"en", "zh"} and all(isinstance(text, str) for text in kept.values())
    at.segmented_control(key="w_lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.error[0].value == ENGLISH_FRAME + OLD_MESSAGES["activation"]

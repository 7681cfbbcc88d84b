"""A student reading Chinese meets no English sentence when a CSV upload fails or succeeds."""

import re

import pytest

from nn_core.csv_data import CSV_PROBLEMS
from tests.app.helpers import start_app
from ui.common.i18n import csv_problem_text

ENGLISH_SENTENCE = re.compile(r"[A-Za-z]+(?:[ ,'-]+[A-Za-z]+){3,}")
BAD_FILES = {
    "cell_not_number": b"x1,x2,label\n1,2,3\n4,abc,0\n",
    "cell_decimal_comma": b"x1;x2;label\n1;2;3\n4;1,5;0\n",
    "columns": b"1,2\n3,4\n",
    "binary": b"\0\0\0",
    "one_label": b"1,2,1\n3,4,1\n5,6,1\n7,8,1\n9,1,1\n2,2,1\n3,3,1\n4,4,1\n5,5,1\n6,6,1\n",
    "empty": b"  \n",
}


@pytest.mark.parametrize("code", sorted(BAD_FILES))
def test_a_bad_csv_is_explained_in_chinese(code):
    at = start_app({"lang": "zh"})
    at.file_uploader(key="csv_upload").upload("bad.csv", BAD_FILES[code]).run()
    assert not at.exception, at.exception
    message = at.error[0].value
    assert not ENGLISH_SENTENCE.search(message), message
    english = start_app()
    english.file_uploader(key="csv_upload").upload("bad.csv", BAD_FILES[code]).run()
    assert english.error[0].value.endswith(
        csv_problem_text(*english.session_state["upload_error"], "en"))


def test_every_csv_problem_reads_in_both_languages():
    values = {"size": 2_000_000, "limit": 1_000_000, "row": 3, "column": 3, "name": "label",
              "cell": "'abc'", "delimiter": "semicolons", "found": 2, "rows": 1, "needed": 2,
              "label": 1.0}
    for code in CSV_PROBLEMS:
        chinese = csv_problem_text(code, values, "zh")
        assert not ENGLISH_SENTENCE.search(chinese), chinese
        assert "semicolons" not in chinese and "(label)" not in chinese
        assert "{" not in csv_problem_text(code, values, "en")


@pytest.mark.parametrize("lang, kind", [("en", "two classes"), ("zh", "二分类")])
def test_a_good_upload_names_its_kind_in_the_pages_language(lang, kind):
    rows = "\n".join(f"{x},{x / 2},{int(x > 0)}" for x in range(-10, 10))
    at = start_app({"lang": lang})
    at.file_uploader(key="csv_upload").upload("good.csv", f"{rows}\n".encode()).run()
    assert not at.exception and not at.error
    assert any(kind in info.value and "binary" not in info.value for info in at.info)

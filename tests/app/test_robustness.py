"""The playground page under bad input: every control at its ends, malformed links, bad uploads.

Whatever the user does, the page keeps working: no exception element, a clear notice for input
it could not use, the current data untouched by a rejected upload, and user text never rendered
as HTML.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from tests.app.helpers import live_frame, start_app, stream
from ui.export.model_file import export_model, import_model

SCRIPT_PAYLOAD = "<script>alert(1)</script>"
IMG_PAYLOAD = '<img src=x onerror="alert(1)">'
HTML_MARKERS = ("<script", "onerror", "<img", "alert(1)")
FRAMES = 2  # frames the browser asks for per Play in these tests


def playground(at):
    return at.session_state["playground"]


def assert_healthy(at, context: str = "") -> None:
    """No exception element, and the page still sends the live view a whole frame: counters,
    the boundary picture, the weights of every layer."""
    assert not at.exception, (context, [e.value for e in at.exception])
    header, arrays = live_frame(at)
    assert header["counters"][0][0] == "Epoch", context
    grid = playground(at).grid
    assert arrays["boundary"].shape == (len(grid.ys), len(grid.xs)), context
    n_layers = playground(at).run.net.n_layers
    assert {f"W{i}" for i in range(1, n_layers + 1)} <= set(arrays), context


def html_rendered_texts(at) -> list[str]:
    """Texts of everything the page renders as HTML: st.html and Markdown allowing HTML."""
    texts = [str(element.proto) for element in at.get("html")]
    texts += [md.value for md in at.markdown if md.allow_html]
    texts += [md.value for md in at.caption if getattr(md, "allow_html", False)]
    return texts


def step_and_play(at, context: str) -> None:
    """Step, play a few frames and pause, as the browser does over the stream."""
    for op, times in (("step", 1), ("play", FRAMES), ("pause", 1)):
        stream(at, op, times=times).run()
        assert_healthy(at, f"{context}: {op}")


# --- every control at its ends ----------------------------------------------------------------

def widget_ends(widget, kind: str) -> list:
    if kind == "text_input":  # the hidden layers: none, the largest, the smallest, typos
        return ["0", "-".join(["32"] * 8), "1", "4;2", "", "99", "x"]
    if kind in ("slider", "number_input"):
        return [widget.min, widget.max]
    options = list(widget.options)
    if kind == "select_slider":
        return [options[0], options[-1]]
    return options  # selectbox: every option


@pytest.mark.parametrize("kind", ["slider", "number_input", "select_slider", "selectbox",
                                  "text_input"])
def test_every_control_at_its_ends_then_step_and_play(kind):
    at = start_app({"regularization": "l2"})  # enables the rate slider
    visited: set[str] = set()
    tested: set[str] = set()
    while True:  # widgets can appear (e.g. a width slider per hidden layer); visit each once
        pending = [w for w in getattr(at, kind) if w.key and w.key not in visited]
        if not pending:
            break
        key = pending[0].key
        visited.add(key)
        if pending[0].disabled:  # a browser user cannot change it either
            continue
        tested.add(key)
        for value in widget_ends(pending[0], kind):
            widget = getattr(at, kind)(key=key)
            if kind == "selectbox":
                widget.select(value).run()
            else:
                widget.set_value(value).run()
            assert_healthy(at, f"{key}={value!r}")
            step_and_play(at, f"{key}={value!r}")
    assert len(tested) >= {"slider": 3, "number_input": 3, "select_slider": 2,
                           "selectbox": 5, "text_input": 1}[kind], tested
    if kind == "select_slider":
        assert {"w_reg_rate", "w_learning_rate", "w_speed"} <= tested


def test_largest_network_at_highest_speed_plays():
    at = start_app({"hidden": "-".join(["32"] * 8), "speed": "250", "batch_size": "1",
                    "n_points": "1000", "learning_rate": "10"})
    assert_healthy(at)
    step_and_play(at, "largest network")
    run = playground(at).run
    assert run.steps > 0 or run.diverged


# --- malformed links --------------------------------------------------------------------------

BAD_QUERIES = {
    "unknown key": {"colour": "red"},
    "wrong type": {"n_points": "many", "hidden": "a-b"},
    "out of range": {"learning_rate": "1e9", "n_points": "-5", "noise": "2"},
    "not finite": {"learning_rate": "nan", "reg_rate": "inf"},
    "very long value": {"dataset": "x" * 10_000},
    "very long name": {"y" * 10_000: "1"},
    "script tag value": {"dataset": SCRIPT_PAYLOAD},
    "script tag name": {SCRIPT_PAYLOAD: "1"},
    "img onerror value": {"preset": IMG_PAYLOAD},
    "img onerror name": {IMG_PAYLOAD: "1"},
    "empty values": {"dataset": "", "learning_rate": "", "speed": ""},
    "repeated keys": {"dataset": ["circle", SCRIPT_PAYLOAD]},
    "too many layers": {"hidden": "-".join(["4"] * 50)},
    "unicode": {"dataset": "异或", "活动": "tanh"},
}


@pytest.mark.parametrize("query", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_malformed_link_gives_a_working_page_and_a_plain_notice(query):
    at = start_app(query)
    assert_healthy(at)
    assert at.warning, "a bad link shows a notice"
    notice = at.warning[0].value
    assert not set('<>"=/') & set(notice.split(":", 1)[-1]), notice  # sanitized names only
    assert len(notice) < 600
    for text in html_rendered_texts(at):
        assert not any(marker in text for marker in HTML_MARKERS), text
    step_and_play(at, "after bad link")
    assert playground(at).run.steps > 0


def test_repeated_key_takes_the_last_valid_value():
    at = start_app({"dataset": ["spiral", "circle"]})
    assert_healthy(at)
    assert not at.warning
    assert at.session_state["settings"].dataset == "circle"


def test_good_link_shows_no_notice():
    at = start_app({"dataset": "circle", "hidden": "8-8", "learning_rate": "0.1"})
    assert_healthy(at)
    assert not at.warning


# --- bad uploads ------------------------------------------------------------------------------

def good_rows(n: int) -> str:
    return "\n".join(f"{x:.3f},{-x:.3f},{int(x > 0)}" for x in np.linspace(-2, 2, n))


BAD_UPLOADS = {
    "empty": b"",
    "binary": os.urandom(2000).replace(b"\n", b"\0") + b"\0\0\0",
    "wrong columns": b"a,b\n1,2\n3,4\n5,6\n7,8\n",
    "too many columns": ("x1,x2,label,extra\n" + "\n".join(
        f"{i},{i},{i % 2},9" for i in range(10))).encode(),
    "text in numbers": ("x1,x2,label\n" + good_rows(10) + "\none,two,1\n").encode(),
    "nan": ("x1,x2,label\n" + good_rows(10) + "\nnan,0.5,1\n").encode(),
    "infinity": ("x1,x2,label\n" + good_rows(10) + "\ninf,0.5,1\n").encode(),
    "single row": b"x1,x2,label\n0.5,0.5,1\n",
    "one label only": ("x1,x2,label\n" + "\n".join(f"{i},{i},1" for i in range(10))).encode(),
    "header only": b"x1,x2,label\n",
    "not utf-8": "x1,x2,label\n0,0,\u00e9\n".encode("latin-1"),
}


def assert_upload_rejected(at, before: np.ndarray, steps_before: int) -> None:
    assert not at.exception
    assert at.error, "a rejected upload shows an error"
    message = at.error[0].value
    assert 20 < len(message) < 800, message
    pg = playground(at)
    assert pg.custom_dataset is None
    assert np.array_equal(pg.problem.raw_train, before)
    assert pg.run.steps == steps_before


@pytest.mark.parametrize("content", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_bad_csv_upload_is_rejected_and_data_kept(content):
    at = start_app()
    stream(at, "step").run()
    before = playground(at).problem.raw_train.copy()
    steps = playground(at).run.steps
    at.file_uploader(key="csv_upload").upload("data.csv", content).run()
    assert_upload_rejected(at, before, steps)
    step_and_play(at, "after rejected upload")


def test_50_megabyte_upload_is_rejected_by_size():
    at = start_app()
    before = playground(at).problem.raw_train.copy()
    line = b"0.123456789,0.987654321,1\n"
    huge = b"x1,x2,label\n" + line * (50_000_000 // len(line))
    at.file_uploader(key="csv_upload").upload("huge.csv", huge).run()
    assert_upload_rejected(at, before, 0)
    message = at.error[0].value
    assert "MB" in message or "bytes" in message or "large" in message, message


def test_a_good_upload_after_a_bad_one_works_and_clears_the_error():
    at = start_app()
    at.file_uploader(key="csv_upload").upload("bad.csv", b"\0\0\0").run()
    assert at.error
    good = ("x1,x2,label\n" + good_rows(20) + "\n").encode()
    at.file_uploader(key="csv_upload").upload("good.csv", good).run()
    assert not at.exception and not at.error
    assert len(playground(at).custom_dataset.X) == 20


# --- imported model JSON (ui.export.import_model) ---------------------------------------------

@pytest.fixture(scope="module")
def saved_run() -> tuple[dict, np.ndarray]:
    """A model file of a 3-2 network after one step, and that network's parameters."""
    at = start_app({"hidden": "3-2"})
    stream(at, "step").run()
    document = json.loads(export_model(playground(at), at.session_state["settings"]))
    return document, playground(at).run.net.get_flat().copy()


@pytest.fixture(scope="module")
def saved_model(saved_run) -> dict:
    return saved_run[0]


def test_saved_model_imports_with_its_weights_and_counters(saved_run):
    document, flat = saved_run
    imported = import_model(json.dumps(document))
    assert imported.network.sizes == [2, 3, 2, 1]
    np.testing.assert_array_equal(imported.network.get_flat(), flat)
    assert imported.counters["steps"] == 1


def weight_matrix_path(document):
    """Path to the first weight matrix (a list of lists of numbers) in the network part."""
    def walk(node, path):
        if isinstance(node, list) and node and all(
                isinstance(row, list) and row and all(isinstance(v, (int, float)) for v in row)
                for row in node):
            return path
        items = node.items() if isinstance(node, dict) else (
            enumerate(node) if isinstance(node, list) else ())
        for key, value in items:
            found = walk(value, (*path, key))
            if found is not None:
                return found
        return None
    return walk(document["network"], ("network",))


def set_at(document, path, value):
    copy = json.loads(json.dumps(document))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copy


def mutations(document):
    """(name, bad text) pairs derived from a good export."""
    matrix = weight_matrix_path(document)
    rows = document
    for key in matrix:
        rows = rows[key]
    yield "not json", "this is not json {"
    yield "empty", ""
    yield "json list", "[1, 2, 3]"
    yield "json null", "null"
    yield "nan literal", json.dumps(document).replace("0.", "NaN, 0.", 1)
    for key in document:
        missing = {k: v for k, v in document.items() if k != key}
        yield f"missing {key}", json.dumps(missing)
        yield f"wrong type {key}", json.dumps(set_at(document, (key,), "text"))
    yield "weights wrong shape", json.dumps(set_at(document, matrix, [row[:-1] for row in rows]))
    yield "weights extra row", json.dumps(set_at(document, matrix, [*rows, rows[0]]))
    strings = [["a"] * len(rows[0])] * len(rows)
    yield "weights strings", json.dumps(set_at(document, matrix, strings))
    yield "weights huge array", json.dumps(set_at(document, matrix, [[0.5] * 2000] * 2000))
    yield "weights nested deep", "[" * 100_000 + "]" * 100_000


def test_model_mutations_cover_the_document(saved_model):
    names = [name for name, _ in mutations(saved_model)]
    assert len(names) >= 12 and len(set(names)) == len(names)


def test_bad_model_json_raises_a_clear_value_error(saved_model):
    problems = []
    for name, text in mutations(saved_model):
        try:
            import_model(text)
        except ValueError as error:
            message = str(error)
            if not 10 < len(message) < 400:
                problems.append(f"{name}: unclear message {message[:100]!r}")
        except Exception as error:  # noqa: BLE001 - anything but ValueError is the bug we look for
            problems.append(f"{name}: {type(error).__name__}: {str(error)[:100]}")
        else:
            problems.append(f"{name}: accepted")
    assert not problems, problems


def test_imported_model_with_huge_finite_weights_is_drawn_as_overflow(saved_model):
    """1e308 is a valid float: the model loads as it is, the weights reach the charts as
    overflow (beyond float32) and the counters stay short."""
    matrix = weight_matrix_path(saved_model)
    rows = saved_model
    for key in matrix:
        rows = rows[key]
    huge = set_at(saved_model, matrix, [[1e308] * len(rows[0])] * len(rows))
    at = start_app()
    at.file_uploader(key="model_upload").upload("m.json", json.dumps(huge).encode()).run()
    assert not at.exception and not at.error
    network = playground(at).run.net
    assert network.sizes == [2, 3, 2, 1] and np.all(network.params["W1"] == 1e308)
    header, arrays = live_frame(at)
    assert np.all(np.isinf(arrays["W1"]))
    assert all(len(text) <= 12 for _, text in header["counters"])
    assert_healthy(at, "huge weights")

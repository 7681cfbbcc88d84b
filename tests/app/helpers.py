"""Shared AppTest helpers: a started app, and the live view as AppTest sees it.

AppTest runs page scripts without a browser, so nothing connects to the frame stream. The
helpers stand in for it: `stream(at, op)` calls the view's source exactly as the stream's
worker does, and `live_frame(at)` decodes the frame the page sends with each run.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.live.protocol import decode_frame
from ui.live.view import CHANNELS, COMPONENT_NAME, CONTROLS_READY

APP_PATH = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60


def start_app(query: dict | None = None) -> AppTest:
    """AppTest of app.py with optional link parameters, run once, controls shown (as once a
    browser has drawn the live view's first frame)."""
    at = AppTest.from_file(APP_PATH, default_timeout=TIMEOUT)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.session_state[CONTROLS_READY] = True
    at.run()
    return at


def open_page(page: str, query: dict | None = None) -> AppTest:
    """AppTest switched to `views/<page>.py` (after the playground ran once); the page must
    have run without an exception."""
    at = start_app(query)
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def page_alone(page: str) -> AppTest:
    """AppTest of `views/<page>.py` by itself, as if no playground had run in this session
    (not yet run: set session state first, then `.run()`)."""
    return AppTest.from_file(str(Path(APP_PATH).parent / "views" / f"{page}.py"),
                             default_timeout=TIMEOUT)


def live_source(at: AppTest, view: str = "playground"):
    """The source the frame stream would drive for `view`."""
    return at.session_state[CHANNELS][view].source


def stream(at: AppTest, op: str, view: str = "playground", times: int = 1) -> AppTest:
    """Send `op` to the view's source `times` times, as the browser does over the stream
    (call `.run()` afterwards to see the page)."""
    for _ in range(times):
        source = live_source(at, view)
        source.serve(op, source.run_id, {})
    return at


def live_payload(at: AppTest, view: str = "playground") -> dict:
    """The live view's component data in the last run."""
    for element in at.get("bidi_component"):
        proto = element.proto
        if proto.component_name.endswith(COMPONENT_NAME) and proto.id.endswith(f"live_{view}"):
            return json.loads(json.loads(proto.json))
    raise LookupError(f"no live view {view!r} on the page")


def live_charts(at: AppTest, view: str = "playground") -> dict[str, dict]:
    """The live view's chart specs by chart name."""
    return {chart["name"]: chart for chart in live_payload(at, view)["spec"]["charts"]}


def live_frame(at: AppTest, view: str = "playground") -> tuple[dict, dict]:
    """(header, arrays) of the frame the page sent with the last run."""
    return decode_frame(base64.b64decode(live_payload(at, view)["frame"]))


def counters(at: AppTest, view: str = "playground") -> dict[str, str]:
    """The counters line as {label: text}."""
    return dict(live_frame(at, view)[0]["counters"])

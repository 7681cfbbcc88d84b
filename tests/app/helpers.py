"""Shared AppTest helpers: the entry point's absolute path and a started app."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP_PATH = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60


def start_app(query: dict | None = None, *, frame_limit: int = 5) -> AppTest:
    """AppTest of app.py with optional link parameters, run once, play loop bounded."""
    at = AppTest.from_file(APP_PATH, default_timeout=TIMEOUT)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.session_state["frame_limit"] = frame_limit  # each Play runs this many frames
    at.run()
    return at

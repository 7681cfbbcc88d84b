"""Keyboard shortcuts for keys Streamlit's `st.button(shortcut=...)` refuses ("r" and "c").

`bind_keys({"r": "reset"})` makes pressing r click the button created with `key="reset"`.
Space and the arrow keys use Streamlit's native `shortcut=` instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import streamlit as st

_JS = (Path(__file__).parent / "frontend" / "key_shortcuts.js").read_text(encoding="utf-8")
_mount_key_shortcuts = st.components.v2.component("key_shortcuts", js=_JS, isolate_styles=False)


def bind_keys(bindings: Mapping[str, str], *, key: str = "key_shortcuts") -> None:
    """Bind single keys (lower case) to buttons by their Streamlit key, for this page."""
    _mount_key_shortcuts(key=key, data={"bindings": dict(bindings)}, height="content")

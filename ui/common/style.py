"""Page styling: a compact layout that fits a 1366x768 projector, and presenter mode.

Only constant CSS written here is injected (never user text).
"""

from __future__ import annotations

import streamlit as st

COMPACT_CSS = """
<style>
.stMainBlockContainer { padding-top: 4.2rem; padding-bottom: 1rem; }
[data-testid="stSidebarUserContent"] { padding-top: 0.5rem; }
.st-key-counters p { font-size: 0.9rem; margin: 0; line-height: 1.35; }
</style>
"""

PRESENTER_CSS = """
<style>
html, .stApp { font-size: 19px; }
[data-testid="stSidebar"] { display: none; }
.st-key-counters p { font-size: 1.05rem; }
</style>
"""

HIDDEN_CONTROLS_CSS = """
<style>
[data-testid="stSidebar"] { display: none; }
[data-testid="stSidebarCollapsedControl"] { display: none; }
</style>
"""


def apply_compact_layout() -> None:
    """Inject the compact layout CSS (every page)."""
    st.html(COMPACT_CSS)


def apply_view_modes(*, presenter: bool, hide_controls: bool) -> None:
    """Presenter mode (larger text, no sidebar) and hidden controls, where the page offers them."""
    css = (PRESENTER_CSS if presenter else "") + (HIDDEN_CONTROLS_CSS if hide_controls else "")
    if css:
        st.html(css)

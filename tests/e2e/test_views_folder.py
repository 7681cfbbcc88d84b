"""Why the page scripts live in views/, not pages/ (pinned, so the choice is revisited if
Streamlit changes).

On a fresh Streamlit server (1.67), a deep link such as /backprop opened before any session has
run `st.navigation` runs a `pages/` folder beside the main script as old-style pages: the app's
script never runs and the sidebar lists the folder's files. Once a session has run
`st.navigation`, the folder is ignored. Our app keeps its pages in views/, so its deep links run
app.py and its navigation even on a fresh server.

Plain websocket sessions, no browser: each connection is a new session that asks for one page
run (BackMsg `rerun_script` with the link's page name, as the browser sends it for /<page>) and
reads the ForwardMsgs until the run finishes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e.harness import REPO_ROOT, streamlit_server
from tests.event_loop import run_coroutine

RUN_SECONDS = 60
OUR_PAGES = ["", "backprop", "gradcheck", "compare", "hidden_space"]
PAGES_APP = {
    "app.py": "import streamlit as st\n\nst.navigation([\n"
              "    st.Page('views/home.py', title='Home', default=True),\n"
              "    st.Page('views/backprop.py', title='Backprop', url_path='backprop'),\n"
              "]).run()\n",
    "views/home.py": "import streamlit as st\n\nst.markdown('navigation home')\n",
    "views/backprop.py": "import streamlit as st\n\nst.markdown('navigation backprop')\n",
    "pages/backprop.py": "import streamlit as st\n\nst.markdown('legacy backprop')\n",
    "pages/other.py": "import streamlit as st\n\nst.markdown('legacy other')\n",
}


@dataclass
class PageRun:
    """What one fresh session's first run sent: the navigation messages (page url names and the
    url name of the page that ran) and the texts of its headings and markdown."""

    navigations: list[tuple[list[str], str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def last_navigation(self) -> tuple[list[str], str]:
        return self.navigations[-1]


async def _first_run(base_url: str, page_name: str) -> PageRun:
    host = base_url.split("://", 1)[1]
    seen = PageRun()
    async with websockets.connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                                  origin=base_url, open_timeout=30) as session:
        request = BackMsg()
        request.rerun_script.page_name = page_name
        request.rerun_script.query_string = ""
        await session.send(request.SerializeToString())
        async for data in session:
            if isinstance(data, str):
                continue
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "script_finished":
                return seen
            if kind == "navigation":
                pages = {page.page_script_hash: page.url_pathname
                         for page in message.navigation.app_pages}
                seen.navigations.append((list(pages.values()),
                                         pages.get(message.navigation.page_script_hash, "?")))
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if element.WhichOneof("type") in ("heading", "markdown"):
                    seen.texts.append(getattr(element, element.WhichOneof("type")).body)
    raise AssertionError("the session closed before its run finished")


def first_run(base_url: str, page_name: str) -> PageRun:
    """Open a new session on `base_url` and run the page /`page_name` ('' = the main page)."""
    return run_coroutine(asyncio.wait_for(_first_run(base_url, page_name), RUN_SECONDS))


def test_a_pages_folder_runs_as_legacy_pages_on_a_fresh_servers_deep_link(tmp_path):
    for name, text in PAGES_APP.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    with streamlit_server(tmp_path / "app.py") as url:
        legacy = first_run(url, "backprop")
        assert legacy.texts == ["legacy backprop"]  # pages/backprop.py ran, app.py did not
        assert legacy.last_navigation == (["", "backprop", "other"], "backprop")
        assert first_run(url, "backprop").texts == ["legacy backprop"]  # still, for everyone
        assert first_run(url, "").texts == ["navigation home"]  # a session runs st.navigation
        after = first_run(url, "backprop")
        assert after.texts == ["navigation backprop"]  # from now on pages/ is ignored
        assert after.last_navigation == (["", "backprop"], "backprop")


def test_our_deep_link_runs_our_navigation_on_a_fresh_server():
    with streamlit_server(REPO_ROOT / "app.py") as url:
        run = first_run(url, "backprop")
    assert run.navigations and all(pages == OUR_PAGES for pages, _ in run.navigations)
    assert run.last_navigation == (OUR_PAGES, "backprop")
    assert run.texts[0] == "Backpropagation, step by step"

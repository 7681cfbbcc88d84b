"""The server side of app.py's `st.App`: the live view's routes and a quiet Ctrl-C.

`streamlit run app.py` serves the app with uvicorn (app.py builds an `st.App`). After a graceful
shutdown on Ctrl-C, uvicorn raises the signal again so the process ends "killed by SIGINT";
click then prints "Aborted!" and the exit status is 1. `quiet_interrupt` (the App's lifespan)
lets Ctrl-C ask uvicorn for the same graceful shutdown without that: "Stopping..." and exit 0,
as `streamlit run` does for a plain script. A second Ctrl-C forces the exit, as before.
"""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.routing import BaseRoute

from ui.live.assets import asset_routes
from ui.live.stream import stream_routes


def routes() -> list[BaseRoute]:
    """Every route app.py adds to Streamlit's own: the frame stream and the frontend files."""
    return [*stream_routes(), *asset_routes()]


@asynccontextmanager
async def quiet_interrupt(_app: Any) -> AsyncIterator[None]:
    """Lifespan: Ctrl-C shuts the server down gracefully and the process exits with 0."""
    server = getattr(signal.getsignal(signal.SIGINT), "__self__", None)  # uvicorn's Server
    if server is not None and hasattr(server, "should_exit"):

        def stop(_signum: int, _frame: Any) -> None:
            print("  Stopping...", flush=True)
            if server.should_exit:
                server.force_exit = True
            server.should_exit = True

        signal.signal(signal.SIGINT, stop)
    yield

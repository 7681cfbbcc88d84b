"""The live view's browser code, served by our own route with long-lived caching.

Every file under ui/live/frontend/ is read once at start-up and served at
`/live/assets/<digest>/<path>`, gzip-compressed when the browser accepts it. The digest covers
every file, so a changed frontend gets new URLs and a browser never runs a stale module; the
URLs can therefore be cached for a year.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from types import MappingProxyType

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

FRONTEND = Path(__file__).parent / "frontend"
ASSET_PREFIX = "/live/assets"
CONTENT_TYPES = MappingProxyType({".js": "text/javascript; charset=utf-8"})
CACHE_FOREVER = "public, max-age=31536000, immutable"


def _read_frontend() -> tuple[str, MappingProxyType]:
    files = {}
    digest = hashlib.sha256()
    for path in sorted(FRONTEND.rglob("*.js")):
        name = path.relative_to(FRONTEND).as_posix()
        data = path.read_bytes()
        digest.update(name.encode() + b"\0" + data)
        files[name] = (data, gzip.compress(data, 9, mtime=0), CONTENT_TYPES[path.suffix])
    return digest.hexdigest()[:16], MappingProxyType(files)


DIGEST, FILES = _read_frontend()


def asset_url(name: str) -> str:
    """The URL of frontend file `name` (e.g. "live_view.js")."""
    if name not in FILES:
        raise KeyError(name)
    return f"{ASSET_PREFIX}/{DIGEST}/{name}"


def module_urls() -> list[str]:
    """URLs of every browser module of the live view (the loader preloads them at once)."""
    return [asset_url(name) for name in FILES if name != "loader.js"]


def loader_js() -> str:
    """The component's own small script (sent with each update)."""
    return FILES["loader.js"][0].decode("utf-8")


async def asset_endpoint(request: Request) -> Response:
    """Serve one frontend file; unknown digests and paths are 404."""
    if request.path_params["digest"] != DIGEST:
        return Response("not found", status_code=404)
    entry = FILES.get(request.path_params["path"])
    if entry is None:
        return Response("not found", status_code=404)
    data, compressed, content_type = entry
    headers = {"Cache-Control": CACHE_FOREVER, "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        data = compressed
    return Response(data, media_type=content_type, headers=headers)


def asset_routes() -> list[Route]:
    """Routes to mount with `st.App(..., routes=...)`."""
    return [Route(f"{ASSET_PREFIX}/{{digest}}/{{path:path}}", asset_endpoint)]

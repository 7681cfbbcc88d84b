"""The live view's browser code, served by our own route with long-lived caching.

Every file under ui/live/frontend/ is read once at start-up and served at
`/live/assets/<digest>/<path>`, gzip-compressed when the browser accepts it. The digest covers
every file, so a changed frontend gets new URLs and a browser never runs a stale module; the
URLs can therefore be cached for a year.

The page itself loads one file, `bundle.js`: the modules joined at start-up (`bundle`), so the
first chart waits for one request instead of a chain of imports. The single modules stay
served for the browser tests that import them one by one.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from types import MappingProxyType

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

FRONTEND = Path(__file__).parent / "frontend"
ASSET_PREFIX = "/live/assets"
CONTENT_TYPES = MappingProxyType({".js": "text/javascript; charset=utf-8"})
CACHE_FOREVER = "public, max-age=31536000, immutable"


ENTRY = "live_view.js"
BUNDLE = "bundle.js"
_IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"([^"]+)";\n', re.MULTILINE)
_EXPORT = re.compile(r"^export (default )?((?:async )?(?:function|class|const|let) (\w+))",
                     re.MULTILINE)


def bundle(sources: dict[str, str], entry: str = ENTRY) -> str:
    """One ES module from `sources` (path -> text of an ES module of this folder's style:
    `import { a, b } from "./x.js";` and `export function|class|const`). Each module runs in
    its own function scope, in dependency order; the entry's default export stays the bundle's.
    """
    order: list[str] = []

    def visit(name: str, seen: tuple[str, ...] = ()) -> None:
        if name in order:
            return
        if name in seen:
            raise ValueError(f"import cycle through {name}")
        for _, target in _IMPORT.findall(sources[name]):
            visit(_resolve(name, target), (*seen, name))
        order.append(name)

    visit(entry)
    parts = ["// The live view's modules joined into one (ui/live/assets.py); do not edit.\n"]
    for name in order:
        text = sources[name]
        imports = [f"const {{{names.strip()}}} = {_scope(_resolve(name, target))};\n"
                   for names, target in _IMPORT.findall(text)]
        exports = [match.group(3) for match in _EXPORT.finditer(text)]
        default = next((m.group(3) for m in _EXPORT.finditer(text) if m.group(1)), None)
        body = _EXPORT.sub(lambda m: m.group(2), _IMPORT.sub("", text))
        names = ", ".join(exports) + (f", default: {default}" if default else "")
        parts.append(f"const {_scope(name)} = (() => {{\n{''.join(imports)}{body}"
                     f"return {{ {names} }};\n}})();\n")
    parts.append(f"export default {_scope(entry)}.default;\n")
    return "".join(parts)


def _resolve(importer: str, target: str) -> str:
    if not target.startswith("./"):
        raise ValueError(f"{importer}: only ./relative imports are bundled, not {target}")
    folder = importer.rsplit("/", 1)[0] + "/" if "/" in importer else ""
    return folder + target[2:]


def _scope(name: str) -> str:
    return "__live_" + re.sub(r"\W", "_", name.removesuffix(".js"))


def _read_frontend() -> tuple[str, MappingProxyType]:
    sources = {path.relative_to(FRONTEND).as_posix(): path.read_text(encoding="utf-8")
               for path in sorted(FRONTEND.rglob("*.js"))}
    sources[BUNDLE] = bundle(sources)
    files = {}
    digest = hashlib.sha256()
    for name, text in sources.items():
        data = text.encode("utf-8")
        digest.update(name.encode() + b"\0" + data)
        files[name] = (data, gzip.compress(data, 9, mtime=0), CONTENT_TYPES[".js"])
    return digest.hexdigest()[:16], MappingProxyType(files)


DIGEST, FILES = _read_frontend()


def asset_url(name: str) -> str:
    """The URL of frontend file `name` (e.g. "live_view.js")."""
    if name not in FILES:
        raise KeyError(name)
    return f"{ASSET_PREFIX}/{DIGEST}/{name}"




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

"""The live view's frontend files: the start-up bundle and the cached, versioned route."""

import gzip

import pytest
from starlette.requests import Request

from tests.event_loop import run_coroutine
from ui.live import assets
from ui.live.assets import BUNDLE, DIGEST, FILES, asset_endpoint, asset_url, bundle

MODULES = {
    "main.js": 'import { twice } from "./lib/math.js";\nimport { label } from "./text.js";\n'
               "const helper = 1;\nexport default function run(x) { return label(twice(x)); }\n",
    "lib/math.js": "const helper = 2;\nexport function twice(x) { return helper * x; }\n",
    "text.js": 'import { twice } from "./lib/math.js";\n'
               "export const label = (x) => `#${twice(x) / 2}`;\n",
}


def test_bundle_orders_dependencies_first_and_keeps_modules_apart():
    text = bundle(MODULES, entry="main.js")
    order = [text.index(f"const __live_{name} = ") for name in ("lib_math", "text", "main")]
    assert order == sorted(order)
    assert text.count("const helper") == 2  # each module keeps its own scope
    assert "import " not in text and "export default __live_main.default;" in text
    assert "export function" not in text and "export const" not in text


def test_bundle_refuses_cycles_and_foreign_imports():
    with pytest.raises(ValueError, match="cycle"):
        bundle({"a.js": 'import { b } from "./b.js";\nexport const a = 1;\n',
                "b.js": 'import { a } from "./a.js";\nexport const b = 2;\n'}, entry="a.js")
    with pytest.raises(ValueError, match="relative"):
        bundle({"a.js": 'import { x } from "https://cdn.example/x.js";\n'}, entry="a.js")


def test_the_real_bundle_has_every_module_and_the_view():
    text = FILES[BUNDLE][0].decode("utf-8")
    for name in FILES:
        if name not in (BUNDLE, "loader.js"):
            scope = "__live_" + name.removesuffix(".js").replace("/", "_")
            assert f"const {scope} = " in text, name
    assert text.endswith("export default __live_live_view.default;\n")


def get(path: str, encoding: str = "") -> tuple[int, dict, bytes]:
    digest, name = path.split("/", 1)
    scope = {"type": "http", "method": "GET", "path": f"/live/assets/{path}",
             "path_params": {"digest": digest, "path": name},
             "headers": [(b"accept-encoding", encoding.encode())] if encoding else []}
    response = run_coroutine(asset_endpoint(Request(scope)))
    return response.status_code, dict(response.headers), response.body


def test_the_route_serves_gzip_with_long_caching_and_refuses_the_rest():
    status, headers, body = get(f"{DIGEST}/{BUNDLE}", "gzip, deflate")
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert "immutable" in headers["cache-control"]
    assert gzip.decompress(body) == FILES[BUNDLE][0]
    status, headers, body = get(f"{DIGEST}/protocol.js")
    assert status == 200 and "content-encoding" not in headers and body == FILES["protocol.js"][0]
    assert get(f"0000000000000000/{BUNDLE}")[0] == 404  # a stale version
    assert get(f"{DIGEST}/../assets.py")[0] == 404
    assert asset_url(BUNDLE) == f"/live/assets/{DIGEST}/{BUNDLE}"
    with pytest.raises(KeyError):
        asset_url("nope.js")
    assert assets.loader_js().startswith("//")

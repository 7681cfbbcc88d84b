"""Plotly charts that update in place, smoothly enough to watch a network train.

`st.plotly_chart` re-mounts its chart on every new figure, which flickers and drops to a few
frames per second inside a training loop. Here each chart is one `st.components.v2` element (no
iframe) whose JavaScript keeps a single Plotly div and calls `Plotly.react` with each new figure,
coalescing frames to the browser's paint rate. When only the z values of plain heatmaps changed
(fixed zmin/zmax, linear axes, no smoothing or gaps), the browser repaints Plotly's heatmap image
itself (pixel-identical, ~1 ms instead of ~10-30 ms) and keeps Plotly's data, hover values and
PNG export in step. plotly.js (from the plotly Python package) and the chart runtime
(ui/frontend/live_chart.js) are served once as static files, offline; each update carries only
a tiny loader (ui/frontend/live_chart_loader.js) and the figure.

Usage, one draw per script run::

    clicked = live_chart(fig, key="boundary", height=360, on_click=True)   # {"x", "y"} or None

Usage in a training loop (create the slots once per run, then redraw them as often as you like)::

    slot = LiveChartSlot("loss", height=300)      # reserves the chart's place (works in columns)
    while playing:
        slot.draw(loss_figure(history), revision=step)

`figure` is a plain dict {"data": [...], "layout": {...}, optional "config"} (a plotly
`go.Figure` is accepted too). NumPy arrays anywhere inside are sent as JSON lists with floats
rounded to 4 significant digits; NaN and inf become null (a gap). Fix axis ranges and
`zmin`/`zmax` in the figure so frames do not jump. When `revision` equals the revision the browser
last drew for this chart, the browser skips the redraw (a rerun while paused costs no redraw),
so the revision must change whenever anything in the figure changes (titles, language, colours
included); pass None to always redraw.

Streamlit internals relied on (Streamlit 1.67, pinned; tests/ui and tests/e2e catch a change):
the element's React key is its id, so one keyed element per chart stays mounted and the
component's JS is re-called with new data; later draws in one run re-enqueue a BidiComponent
proto with that id (`DeltaGenerator._enqueue`), the element id is read from the run's widget-id
set, and the chart's position is reserved with a locked cursor (no st.empty() flash).

AppTest (streamlit.testing.v1) sees each chart as an element of type "bidi_component";
`figure_from_element(at.get("bidi_component")[i])` returns the last figure sent to it (a plain
dict after the rounding above) and `chart_payloads(at)` maps each chart key to its full payload.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import plotly
import streamlit as st
from streamlit import config
from streamlit.components.v1 import declare_component
from streamlit.components.v2.bidi_component.constants import INTERNAL_COMPONENT_NAME
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.lib.layout_utils import LayoutConfig
from streamlit.proto.BidiComponent_pb2 import BidiComponent as BidiComponentProto
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

SIGNIFICANT_DIGITS = 4
OFFLINE_REMOVED_BUTTONS = ("sendChartToCloud",)  # plotly.js 4 "Share chart...": uploads
COMPONENT_NAME = "live_chart"
PLOTLY_ASSET_NAME = "plotly_js"
ELEMENT_TYPE = INTERNAL_COMPONENT_NAME  # "bidi_component": what AppTest's at.get(...) takes

_FRONTEND = Path(__file__).parent / "frontend"
_RUNTIME_JS = "live_chart.js"
# The runtime's URL carries a digest of its text so browsers never run a stale cached copy.
_RUNTIME_VERSION = hashlib.sha256((_FRONTEND / _RUNTIME_JS).read_bytes()).hexdigest()[:12]
_JS = (_FRONTEND / "live_chart_loader.js").read_text(encoding="utf-8")
FRONTEND_ASSET_NAME = "live_chart_frontend"
_PLOTLY_PACKAGE_DATA = Path(plotly.__file__).parent / "package_data"
_INTERNAL_KEY_PREFIX = "$$STREAMLIT_INTERNAL_KEY"
_MAX_EXACT_POWER_OF_TEN = 22  # 10**k is an exact float64 for 0 <= k <= 22

# Rendering into the page's own DOM (no shadow root) lets plotly.js's global styles apply.
_mount_live_chart = st.components.v2.component(COMPONENT_NAME, js=_JS, isolate_styles=False)


def round_significant(values: np.ndarray, digits: int = SIGNIFICANT_DIGITS) -> np.ndarray:
    """Round every element to `digits` significant digits (float64 array, same shape).

    x -> round(x * 10^k) / 10^k with k = digits - 1 - floor(log10|x|). Dividing by an exact power
    of ten gives the float nearest the short decimal, so `repr`/JSON prints it short (0.1234).
    Zeros, NaN and inf pass through unchanged; magnitudes beyond 1e±19 go through decimal text.
    """
    array = np.asarray(values, dtype=np.float64)
    rounded = array.copy()
    mask = np.isfinite(array) & (array != 0)
    if not mask.any():
        return rounded
    x = array[mask]
    decimals = digits - 1 - np.floor(np.log10(np.abs(x))).astype(np.int64)
    exact = np.abs(decimals) <= _MAX_EXACT_POWER_OF_TEN
    scale = 10.0 ** np.abs(np.where(exact, decimals, 0))
    fine = exact & (decimals >= 0)
    coarse = exact & (decimals < 0)
    out = np.empty_like(x)
    out[fine] = np.round(x[fine] * scale[fine]) / scale[fine]
    out[coarse] = np.round(x[coarse] / scale[coarse]) * scale[coarse]
    # Beyond 1e±22 powers of ten are inexact: round through decimal text instead (rare).
    out[~exact] = [float(f"{v:.{digits}g}") for v in x[~exact]]
    rounded[mask] = out
    return rounded


def _array_to_list(array: np.ndarray) -> list:
    """A NumPy array as nested lists: floats rounded, NaN/inf -> None, other dtypes as is."""
    if array.dtype.kind in "fc":
        real = round_significant(np.real(array))
        finite = np.isfinite(real)
        if finite.all():
            return real.tolist()
        return np.where(finite, real, None).tolist()
    if array.dtype.kind in "biu":
        return array.tolist()
    return [to_json_ready(item) for item in array.tolist()]


def to_json_ready(value: Any) -> Any:
    """Convert a figure (dicts, lists, NumPy arrays and scalars) to plain JSON-ready values.

    Objects with `to_plotly_json()` (plotly figures and graph objects) are unwrapped first;
    plotly 7 keeps their arrays as base64 typed arrays {"dtype", "bdata"}, which pass through
    unrounded (plotly.js reads them directly).
    """
    if hasattr(value, "to_plotly_json"):
        value = value.to_plotly_json()
    if isinstance(value, Mapping):
        return {str(k): to_json_ready(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return _array_to_list(value)
    if isinstance(value, (list, tuple)):
        return [to_json_ready(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def chart_payload(
    figure: Any, *, height: int, revision: int | None = None, on_click: bool = False,
    plotly_url: str = "", runtime_url: str = "",
) -> dict:
    """The JSON object the browser receives for one frame of one chart.

    Layout height defaults to `height` (pixels); the browser sets the width to the chart's
    column. The modebar keeps its PNG download button; the Plotly logo and the "Share chart"
    (upload to Plotly Cloud) button are removed: the app works offline.
    """
    plain = to_json_ready(figure)
    layout = dict(plain.get("layout") or {})
    layout.setdefault("height", height)
    chart_config = {"displaylogo": False, **(plain.get("config") or {})}
    removed = list(chart_config.get("modeBarButtonsToRemove") or [])
    chart_config["modeBarButtonsToRemove"] = [*removed, *OFFLINE_REMOVED_BUTTONS]
    return {
        "figure": {"data": plain.get("data") or [], "layout": layout, "config": chart_config},
        "revision": revision,
        "height": int(height),
        "on_click": bool(on_click),
        "plotly_url": plotly_url,
        "runtime_url": runtime_url,
    }


def _payload_text(payload: dict) -> str:
    """Compact strict JSON text of a payload.

    Sent as a string: the component call then only escapes it instead of serializing the
    figure twice (once more for its identity hash).
    """
    return json.dumps(payload, separators=(",", ":"), allow_nan=False)


def payload_from_element(element: Any) -> dict:
    """The payload (see `chart_payload`) carried by an AppTest element or a BidiComponent proto."""
    proto = getattr(element, "proto", element)
    return json.loads(json.loads(proto.json))


def figure_from_element(element: Any) -> dict:
    """The last figure {"data", "layout", "config"} sent to a chart, from AppTest or a proto."""
    return payload_from_element(element)["figure"]


def chart_payloads(app_test: Any) -> dict[str, dict]:
    """Map each live chart's key to its last payload in an AppTest run."""
    payloads = {}
    for element in app_test.get(ELEMENT_TYPE):
        proto = element.proto
        if proto.component_name == COMPONENT_NAME:
            payloads[proto.id.split("-", 2)[-1]] = payload_from_element(proto)
    return payloads


def _static_url(asset_name: str, folder: Path, file_name: str) -> str:
    """Serve `folder` as a static route (a declared v1 component); return `file_name`'s URL.

    Streamlit serves a declared component's folder at /component/<name>/... with a cache
    header, so a script crosses the network once per browser, never per frame.
    """
    asset = declare_component(asset_name, path=str(folder))
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/component/{asset.name}/{file_name}"


def plotly_js_url() -> str:
    """URL of plotly.min.js, served offline from the plotly Python package (4.8 MB)."""
    return _static_url(PLOTLY_ASSET_NAME, _PLOTLY_PACKAGE_DATA, "plotly.min.js")


def runtime_js_url() -> str:
    """URL of the live_chart browser runtime (ui/frontend/live_chart.js)."""
    return _static_url(FRONTEND_ASSET_NAME, _FRONTEND, f"{_RUNTIME_JS}?v={_RUNTIME_VERSION}")


def _ignore_event() -> None:
    """Callback that only makes Streamlit report the click trigger value."""


def _current_widget_ids() -> frozenset[str]:
    ctx = get_script_run_ctx()
    return ctx.shared.widget_ids_this_run.snapshot() if ctx is not None else frozenset()


class LiveChartSlot:
    """A chart's place on the page; `draw` may be called many times in one script run.

    Create it once per script run where the chart should appear (e.g. inside `with col:`).
    The first `draw` of the run mounts the component (or updates the one already in the
    browser from the previous run); later draws in the same run resend only the new figure to
    the same element, so the browser keeps the mounted chart and calls Plotly.react.

    `max_fps` caps how often later draws are sent. The browser draws only 20-40 Plotly charts
    a second in total on a 2-core machine (a 60x60 heatmap with 200 points costs about 20-30 ms),
    so charts that matter less should leave that budget to the main one. Drawing the same key
    twice in one run through two different slots raises Streamlit's duplicate-key error.
    """

    def __init__(
        self, key: str, *, height: int = 360, on_click: bool = False,
        max_fps: float | None = None,
    ) -> None:
        self.key = key
        self.height = int(height)
        self.on_click = on_click
        self.min_interval = 1.0 / max_fps if max_fps else 0.0
        self._last_sent = -math.inf
        # Reserve the chart's position inside its own container without sending anything yet: an
        # st.empty() would reach the browser on its own and hide the chart for a moment.
        self._container = st.container()
        self._placeholder = DeltaGenerator(
            root_container=self._container._root_container,
            cursor=self._container._cursor.lock_element(),
            parent=self._container,
        )
        self._element_id: str | None = None
        self._plotly_url = ""
        self._runtime_url = ""

    def due(self) -> bool:
        """Whether `draw` would send now: always for the run's first draw, else at most
        `max_fps` times a second (lets the page skip building a figure that would be dropped).
        """
        return self._element_id is None or (
            time.monotonic() - self._last_sent >= self.min_interval
        )

    def draw(self, figure: Any, *, revision: int | None = None) -> dict | None:
        """Show `figure`; return the click {"x", "y"} that triggered this run, else None.

        Later draws in the same run are dropped while the slot is not `due()`.
        """
        if not self.due():
            return None
        self._last_sent = time.monotonic()
        if self._element_id is None:
            return self._mount(figure, revision)
        self._redraw(figure, revision)
        return None

    def _mount(self, figure: Any, revision: int | None) -> dict | None:
        self._plotly_url = plotly_js_url()
        self._runtime_url = runtime_js_url()
        payload_text = _payload_text(chart_payload(
            figure, height=self.height, revision=revision, on_click=self.on_click,
            plotly_url=self._plotly_url, runtime_url=self._runtime_url,
        ))
        callbacks = {"on_click_change": _ignore_event} if self.on_click else {}
        ids_before = _current_widget_ids()
        with self._placeholder:
            result = _mount_live_chart(
                key=self.key, data=payload_text, height=self.height, **callbacks
            )
        new_ids = _current_widget_ids() - ids_before
        element_ids = [i for i in new_ids if not i.startswith(_INTERNAL_KEY_PREFIX)]
        self._element_id = element_ids[0] if len(element_ids) == 1 else ""
        return result.get("click") if self.on_click else None

    def _redraw(self, figure: Any, revision: int | None) -> None:
        payload_text = _payload_text(chart_payload(
            figure, height=self.height, revision=revision, on_click=self.on_click,
            plotly_url=self._plotly_url, runtime_url=self._runtime_url,
        ))
        if not self._element_id:  # outside a Streamlit run: nothing to update
            return
        proto = BidiComponentProto()
        proto.component_name = COMPONENT_NAME
        proto.isolate_styles = False
        proto.js_content = _JS
        proto.id = self._element_id
        proto.json = json.dumps(payload_text)  # what the component call makes of a str
        self._placeholder._enqueue(
            INTERNAL_COMPONENT_NAME, proto,
            layout_config=LayoutConfig(width="stretch", height=self.height),
        )


def live_chart(
    figure: Any, *, key: str, height: int = 360, revision: int | None = None,
    on_click: bool = False,
) -> dict | None:
    """Draw `figure` once in this script run, updating the chart already shown under `key`.

    Returns the plot-area click {"x": .., "y": ..} that caused this run when `on_click`, else
    None. To redraw several times in one run (a training loop), use `LiveChartSlot`.
    """
    return LiveChartSlot(key, height=height, on_click=on_click).draw(figure, revision=revision)

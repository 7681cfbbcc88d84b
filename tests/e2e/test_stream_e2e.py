"""The frame stream and the live view's browser code, in Chromium against the real server.

- the browser's frame decoder reads what the Python encoder wrote, NaN and inf included;
- the chart helpers format numbers and ticks as the counters and axes need;
- forged and stale tokens are refused with a clear close code, other origins before the
  handshake;
- a page's own stream serves that page's run only;
- the loss chart's axes stay right and cheap over a long run.
"""

from __future__ import annotations

import base64

import numpy as np

from tests.e2e.harness import (
    counters,
    goto_app,
    live_button,
    live_token,
    wait_for,
    wait_live,
)
from ui.live.charts import float32
from ui.live.protocol import encode_frame
from ui.live.stream import CLOSE_BAD_TOKEN, CLOSE_SESSION_ENDED

# The URL of one module of the live view's frontend: next to the bundle the page loaded.
IMPORT_JS = """(name) => {
  const bundle = performance.getEntriesByType('resource')
    .find((entry) => entry.name.endsWith('/bundle.js'));
  return bundle.name.replace(/bundle\\.js$/, name);
}"""

# Opens the stream with `token` and returns how it ended: {code, frames}.
TRY_TOKEN_JS = """(token) => new Promise((resolve) => {
  const url = new URL('/live/stream', location.href);
  url.protocol = url.protocol.replace('http', 'ws');
  const socket = new WebSocket(url);
  let frames = 0;
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    socket.send(JSON.stringify({op: 'hello', token}));
    socket.send(JSON.stringify({op: 'frame', run: null, have: {}}));
  };
  socket.onmessage = () => { frames += 1; socket.close(1000); };
  socket.onclose = (event) => resolve({code: event.code, frames});
})"""


def module_url(page, name: str) -> str:
    return page.evaluate(IMPORT_JS, name)


def test_the_browser_decodes_what_python_encodes(page, app_server):
    goto_app(page, app_server)
    wait_live(page)
    values = np.array([0.5, -1.25, np.nan, np.inf, -np.inf, 1e-300, 3e300])
    frame = encode_frame({"run": "r1", "note": "ünïcode", "n": 3},
                         {"d": values, "f": float32(values),
                          "b": np.arange(12, dtype=np.uint8).reshape(3, 4),
                          "i": np.array([-7, 8], dtype=np.int32)})
    decoded = page.evaluate(
        """async ([url, text]) => {
          const { decodeBase64Frame } = await import(url);
          const { header, arrays } = decodeBase64Frame(text);
          const show = (a) => Array.from(a, (v) => Number.isNaN(v) ? 'nan' : String(v));
          return { header, d: show(arrays.d), f: show(arrays.f), b: Array.from(arrays.b),
                   bShape: arrays.b.shape, i: Array.from(arrays.i),
                   fType: arrays.f.constructor.name };
        }""", [module_url(page, "protocol.js"), base64.b64encode(frame).decode()])
    assert decoded["header"] == {"run": "r1", "note": "ünïcode", "n": 3}
    assert decoded["d"] == ["0.5", "-1.25", "nan", "Infinity", "-Infinity", "1e-300", "3e+300"]
    assert decoded["f"][:5] == ["0.5", "-1.25", "nan", "Infinity", "-Infinity"]
    assert decoded["f"][6] == "Infinity"  # 3e300 is beyond float32: it arrives as overflow
    assert decoded["fType"] == "Float32Array"
    assert decoded["b"] == list(range(12)) and decoded["bShape"] == [3, 4]
    assert decoded["i"] == [-7, 8]


def test_the_browser_refuses_a_truncated_frame(page, app_server):
    goto_app(page, app_server)
    wait_live(page)
    frame = encode_frame({}, {"d": np.ones(8)})
    error = page.evaluate(
        """async ([url, text]) => {
          const { decodeBase64Frame } = await import(url);
          try { decodeBase64Frame(text); return null; } catch (e) { return e.message; }
        }""", [module_url(page, "protocol.js"), base64.b64encode(frame[:-16]).decode()])
    assert error and "past the end" in error


def test_chart_helpers_format_numbers_and_ticks(page, app_server):
    goto_app(page, app_server)
    wait_live(page)
    result = page.evaluate(
        """async (url) => {
          const m = await import(url);
          return {
            values: [m.formatValue(Infinity), m.formatValue(NaN), m.formatValue(0.123456),
                     m.formatValue(1.5e304), m.formatValue(0.975, 'percent'),
                     m.formatValue(1234567, 'int'), m.formatValue(-Infinity, 'loss', '溢出')],
            ticks: m.ticks(0, 1, 5), wide: m.ticks(-6, 6, 3),
            ceil: [m.niceCeil(0.73), m.niceCeilCoarse(37), m.niceCeil(0)],
          };
        }""", module_url(page, "charts/base.js"))
    assert result["values"] == ["overflow", "–", "0.1235", "1.50e+304", "97.5%", "1,234,567",
                                "溢出"]
    assert all(len(text) <= 12 for text in result["values"])
    assert result["ticks"] == [0, 0.2, 0.4, 0.6, 0.8, 1]
    assert result["wide"] == [-5, 0, 5]
    assert result["ceil"] == [0.8, 50, 0]


def test_forged_and_stale_tokens_are_refused(browser, app_server):
    page = browser.new_page()
    goto_app(page, app_server)
    wait_live(page)
    token = live_token(page)
    assert page.evaluate(TRY_TOKEN_JS, token) == {"code": 1000, "frames": 1}  # its own works
    owner, secret = token.rsplit(".", 1)
    forged = f"{owner}.{secret[:-4]}AAAA"
    assert page.evaluate(TRY_TOKEN_JS, forged)["code"] == CLOSE_BAD_TOKEN
    other_view = token.replace(".playground.", ".compare.")
    assert page.evaluate(TRY_TOKEN_JS, other_view)["code"] == CLOSE_BAD_TOKEN
    page.close()  # the session ends; its token goes stale
    stranger = browser.new_page()
    goto_app(stranger, app_server)
    wait_live(stranger)

    def refused():
        outcome = stranger.evaluate(TRY_TOKEN_JS, token)
        return outcome["frames"] == 0 and outcome["code"] in (CLOSE_BAD_TOKEN,
                                                               CLOSE_SESSION_ENDED)

    assert wait_for(refused, timeout=30, interval=1.0), "a closed tab's token still worked"
    stranger.close()


def test_a_page_streams_only_its_own_run(browser, app_server):
    first = browser.new_page()
    second = browser.new_page()
    goto_app(first, app_server + "/?dataset=circle")
    goto_app(second, app_server)
    wait_live(first)
    wait_live(second)
    # the second page uses the first page's token: it reaches the first session's run
    outcome = second.evaluate(TRY_TOKEN_JS, live_token(first))
    assert outcome == {"code": 1000, "frames": 1}
    live_button(second, "step").click()
    assert wait_for(lambda: counters(second)["Steps"] == 1)
    assert counters(first)["Steps"] == 0
    first.close()
    second.close()


# A LinesChart on a page of its own: one loss series of `n` points (loss 1/(1+epoch/50), an
# overflow spike of 1e300 at epoch 7), drawn at 600x300.
LINES_CHART_JS = """async ([url, n]) => {
  const { LinesChart } = await import(url);
  const epoch = new Float64Array(n).map((_, i) => i + 1);
  const loss = epoch.map((e) => 1 / (1 + e / 50));
  loss[6] = 1e300;
  const view = { fontScale: 1, fontFamily: 'sans-serif', labels: {},
                 data: { header: { run: 'r' }, arrays: {},
                         history: { h: { rev: 1, size: n, columns: { epoch, loss } } } } };
  const spec = { name: 'loss', title: 'Loss', x: { min: 10, title: 'epoch' },
                 y: { log: false, title: 'loss' },
                 series: [{ name: 'train', channel: 'h', column: 'loss', color: '#1f77b4',
                            dash: [], width: 2, axis: 'y' }] };
  const chart = new LinesChart(spec, document.createElement('div'), view);
  chart.resize(600, 300);
  const started = performance.now();
  const ranges = chart.ranges();
  chart.draw();
  return { ranges, ms: performance.now() - started };
}"""


def test_the_loss_chart_keeps_up_with_a_long_run(page, app_server):
    """An hour of play at 60 epochs/s: the y axis leaves the spike out, drawing does not throw
    (no spread of every point into Math.max) and a frame's range takes well under a frame."""
    goto_app(page, app_server)
    wait_live(page)
    url = module_url(page, "charts/lines.js")
    short = page.evaluate(LINES_CHART_JS, [url, 500])
    long = page.evaluate(LINES_CHART_JS, [url, 216_000])
    assert short["ranges"] == {"x": [0, 500], "y": [0, 1.2]}
    # the median is then ~5e-4, so losses above 1000 times that are left out of the axis
    assert long["ranges"] == {"x": [0, 500_000], "y": [0, 0.5]}
    assert long["ms"] < 200


# Two LinesCharts with a solid and a dashed curve: one drawn at 300 points and then, piece by
# piece, at 301..400; the other drawn whole at 400. Returns the pixels that differ by more
# than 40 (of 255) in a channel, and the painted pixels of the first.
PIECEWISE_JS = """async (url) => {
  const { LinesChart } = await import(url);
  const epoch = new Float64Array(400).map((_, i) => i + 1);
  const loss = epoch.map((e) => 0.7 / (1 + e / 40) + 0.02 * Math.sin(e / 3));
  const test = loss.map((v, i) => v + 0.05 * Math.cos(i / 7));
  const make = (size) => {
    const view = { fontScale: 1, fontFamily: 'sans-serif', labels: {},
                   data: { header: { run: 'r' }, arrays: {},
                           history: { h: { rev: 1, size, columns: { epoch, loss, test } } } } };
    const series = (name, column, dash) => ({ name, channel: 'h', column, color: '#1f77b4',
                                              dash, width: 2, axis: 'y' });
    const spec = { name: 'loss', title: 'Loss', x: { min: 500, title: 'epoch' },
                   y: { log: false, title: 'loss' },
                   series: [series('train', 'loss', []), series('test', 'test', [6, 4])] };
    const chart = new LinesChart(spec, document.createElement('div'), view);
    chart.resize(600, 300);
    chart.draw();
    return chart;
  };
  const pieces = make(300);
  for (let size = 301; size <= 400; size++) {
    pieces.view.data.history.h.size = size;
    pieces.dirty = true;
    pieces.draw();
  }
  const whole = make(400);
  const a = pieces.context.getImageData(0, 0, 600, 300).data;
  const b = whole.context.getImageData(0, 0, 600, 300).data;
  let differ = 0;
  let painted = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.max(...[0, 1, 2, 3].map((k) => Math.abs(a[i + k] - b[i + k]))) > 40) differ++;
    if (a[i] < 200) painted++;
  }
  return { differ, painted };
}"""


def test_the_loss_chart_drawn_piece_by_piece_looks_drawn_whole(page, app_server):
    """While playing, only the new pieces of the curves are drawn (dashes going on where they
    stopped); the result matches drawing the whole chart but for antialiasing at a few joints."""
    goto_app(page, app_server)
    wait_live(page)
    result = page.evaluate(PIECEWISE_JS, module_url(page, "charts/lines.js"))
    assert result["painted"] > 2000
    assert result["differ"] < result["painted"] / 20  # measured: 81 of 4,107 (200 joints)


# A LinesChart drawn at 300 points of run 'a', then given run 'b' (other curves, 350 points):
# it must look like a chart drawn at once with run 'b'. Returns the pixels that differ by more
# than 40 in a channel, and the painted pixels of the redrawn chart.
NEW_RUN_JS = """async (url) => {
  const { LinesChart } = await import(url);
  const epoch = new Float64Array(400).map((_, i) => i + 1);
  const curves = {
    a: epoch.map((e) => 0.7 / (1 + e / 40)),
    b: epoch.map((e) => 0.3 + 0.2 * Math.sin(e / 9)),
  };
  const history = (run, size) => ({ h: { rev: 1, size, columns: { epoch, loss: curves[run] } } });
  const make = (run, size) => {
    const view = { fontScale: 1, fontFamily: 'sans-serif', labels: {},
                   data: { header: { run }, arrays: {}, history: history(run, size) } };
    const spec = { name: 'loss', title: 'Loss', x: { min: 500, title: 'epoch' },
                   y: { log: false, title: 'loss' },
                   series: [{ name: 'train', channel: 'h', column: 'loss', color: '#1f77b4',
                              dash: [], width: 2, axis: 'y' }] };
    const chart = new LinesChart(spec, document.createElement('div'), view);
    chart.resize(600, 300);
    chart.draw();
    return chart;
  };
  const switched = make('a', 300);
  switched.view.data = { header: { run: 'b' }, arrays: {}, history: history('b', 350) };
  switched.dirty = true;
  switched.draw();
  const fresh = make('b', 350);
  const a = switched.context.getImageData(0, 0, 600, 300).data;
  const b = fresh.context.getImageData(0, 0, 600, 300).data;
  let differ = 0;
  let painted = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.max(...[0, 1, 2, 3].map((k) => Math.abs(a[i + k] - b[i + k]))) > 40) differ++;
    if (a[i] < 200) painted++;
  }
  return { differ, painted };
}"""


def test_the_loss_chart_of_a_new_run_is_drawn_afresh(page, app_server):
    """A new run (Reset, other data, an imported model) may arrive with more points than the
    chart has drawn: the old curves and their axis range go, nothing is drawn on top of them."""
    goto_app(page, app_server)
    wait_live(page)
    result = page.evaluate(NEW_RUN_JS, module_url(page, "charts/lines.js"))
    assert result["painted"] > 1000
    assert result["differ"] == 0, result

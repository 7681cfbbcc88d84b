// live_chart runtime: one mounted Plotly renderer per Streamlit element. Served once as a static
// module; each element's own code is the small loader in live_chart_loader.js.
// Streamlit calls this default export on mount and again whenever the element's data changes,
// always with the same parentElement. We keep one Plotly div there and call Plotly.react, so the
// chart updates in place. All live charts on the page share one animation-frame scheduler: a
// chart keeps only its newest pending figure, and each frame draws the charts that have waited
// longest, within a time budget, so a burst of updates never freezes the page.

const FRAME_BUDGET_MS = 24;
const SHARED = (window.__liveChartShared ??= {
  plotly: null, waiting: new Set(), scheduled: false, drawing: false,
  stats: { draws: 0, drawMs: 0, frames: 0, fastDraws: 0 },  // read by bench/frames.py
});

function loadPlotly(url) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!SHARED.plotly) {
    SHARED.plotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      performance.mark("live_chart:plotly-requested");
      script.src = url;
      script.async = true;
      script.onload = () => {
        performance.mark("live_chart:plotly-loaded");
        resolve(window.Plotly);
      };
      script.onerror = () => {
        SHARED.plotly = null;
        reject(new Error(`live_chart: could not load ${url}`));
      };
      document.head.appendChild(script);
    });
  }
  return SHARED.plotly;
}

function schedule() {
  if (SHARED.scheduled || SHARED.drawing) return;
  SHARED.scheduled = true;
  requestAnimationFrame(drawFrame);
}


// ---- Fast path: only heatmap z values changed -----------------------------------------------
// Plotly draws a plain heatmap (no smoothing or "fast" smoothing, no gaps, linear ascending axes,
// fixed zmin/zmax) as one PNG with a pixel per cell. When nothing but such z values changed since the last draw, we
// paint that PNG ourselves (about 1 ms instead of a full Plotly.react) and keep Plotly's data,
// hover values and PNG export in step. Anything else goes through Plotly.react.

const XLINK = "http://www.w3.org/1999/xlink";

// Plotly adds a uid to each trace it draws; it is not part of the caller's figure.
function withoutZ(trace) {
  const { z, uid, ...rest } = trace;
  return rest;
}


function sameShape(a, b) {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length || !a.length) return false;
  return a.every((row, r) => Array.isArray(row) && Array.isArray(b[r]) && row.length === b[r].length);
}

function isUniformAscending(values) {
  if (values === undefined) return true;
  if (!Array.isArray(values) || values.length < 2) return false;
  // the step from the end points: rounded neighbours alone would accumulate their rounding
  const step = (values[values.length - 1] - values[0]) / (values.length - 1);
  if (!(step > 0)) return false;
  // 1% of a cell: coordinates arrive rounded to 4 significant digits
  return values.every((v, i) => Math.abs(v - (values[0] + i * step)) <= 0.01 * step);
}

function axisFor(fullLayout, id, letter) {
  return fullLayout[`${letter}axis${id.slice(1)}`];
}

function parseRgb(color) {
  const m = /^rgba?\(([^)]+)\)$/.exec(color.trim());
  if (m) return m[1].split(",").slice(0, 3).map(Number);
  const h = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (h) return [0, 2, 4].map((i) => parseInt(h[1].slice(i, i + 2), 16));
  return null;
}

// What the fast path compares, as text taken before Plotly sees (and annotates) the figure.
function snapshot(fig) {
  const data = fig.data || [];
  return {
    layout: JSON.stringify(fig.layout || {}),
    config: JSON.stringify(fig.config || {}),
    traces: data.map((t) => JSON.stringify(withoutZ(t))),
    heatmaps: data.map((t) => t.type === "heatmap"),
    z: data.map((t) => (t.type === "heatmap" ? t.z : null)),
    zText: data.map((t) => (t.type === "heatmap" ? JSON.stringify(t.z) : null)),
  };
}

// The trace indices whose z alone changed, [] when nothing changed, null when the fast path
// does not apply.
function changedHeatmapsOnly(host, previous, next, fig) {
  if (!previous || !host._fullData || previous.traces.length !== next.traces.length) return null;
  if (previous.layout !== next.layout || previous.config !== next.config) return null;
  const changed = [];
  for (let i = 0; i < next.traces.length; i++) {
    if (previous.traces[i] !== next.traces[i]) return null;
    if (next.heatmaps[i] && previous.zText[i] !== next.zText[i]) {
      if (!sameShape(previous.z[i], next.z[i])) return null;
      changed.push(i);
    }
  }
  return changed.every((i) => paintableHeatmap(host, i, fig.data[i])) ? changed : null;
}

function paintableHeatmap(host, index, trace) {
  const full = host._fullData[index];
  if (!full || full.visible !== true || full.type !== "heatmap") return false;
  // zsmooth "fast" is drawn by Plotly from the same one-pixel-per-cell image (the browser
  // smooths it when scaling), so repainting that image is exact for it too; "best" is not.
  if (full.zsmooth === "best" || full.xgap || full.ygap || full.transpose || full.reversescale) {
    return false;
  }
  if (full.zauto !== false || !(full.zmax > full.zmin)) return false;
  if (!isUniformAscending(trace.x) || !isUniformAscending(trace.y)) return false;
  const xa = axisFor(host._fullLayout, full.xaxis, "x");
  const ya = axisFor(host._fullLayout, full.yaxis, "y");
  if (!xa || !ya || xa.type !== "linear" || ya.type !== "linear") return false;
  if (!(xa.range[0] < xa.range[1]) || !(ya.range[0] < ya.range[1])) return false;
  return Boolean(heatmapImage(host, full)) && full.colorscale.every(([, c]) => parseRgb(c));
}

function heatmapImage(host, full) {
  const groups = host.querySelectorAll(".heatmaplayer g.hm");
  const heatmaps = host._fullData.filter((t) => t.type === "heatmap" && t.visible === true);
  const position = heatmaps.indexOf(full);
  const group = groups.length === heatmaps.length ? groups[position] : null;
  return group ? group.querySelector("image") : null;
}

function colorOf(stops, t) {
  let k = 1;
  while (k < stops.length - 1 && t > stops[k][0]) k++;
  const [t0, c0] = stops[k - 1];
  const [t1, c1] = stops[k];
  const w = t1 > t0 ? Math.min(1, Math.max(0, (t - t0) / (t1 - t0))) : 0;
  return [0, 1, 2].map((j) => Math.round(c0[j] + (c1[j] - c0[j]) * w));
}

function paintHeatmap(host, index, z) {
  const full = host._fullData[index];
  const stops = full.colorscale.map(([t, c]) => [t, parseRgb(c)]);
  const rows = z.length;
  const cols = z[0].length;
  const canvas = document.createElement("canvas");
  canvas.width = cols;
  canvas.height = rows;
  const context = canvas.getContext("2d");
  const image = context.createImageData(cols, rows);
  const span = full.zmax - full.zmin;
  for (let r = 0; r < rows; r++) {
    const out = (rows - 1 - r) * cols;  // z row 0 is the bottom of the picture
    for (let c = 0; c < cols; c++) {
      const v = z[r][c];
      const p = (out + c) * 4;
      if (v === null || v === undefined || !Number.isFinite(v)) continue;  // transparent gap
      const rgb = colorOf(stops, Math.min(1, Math.max(0, (v - full.zmin) / span)));
      image.data[p] = rgb[0];
      image.data[p + 1] = rgb[1];
      image.data[p + 2] = rgb[2];
      image.data[p + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
  heatmapImage(host, full).setAttributeNS(XLINK, "xlink:href", canvas.toDataURL("image/png"));
  // keep Plotly's own state in step: data (next react, PNG export) and calcdata (hover)
  host.data[index].z = z;
  full.z = z;
  if (host.calcdata && host.calcdata[index] && host.calcdata[index][0]) host.calcdata[index][0].z = z;
}

async function drawChart(host, payload) {
  const state = host.__liveChart;
  const fig = payload.figure;
  const next = snapshot(fig);
  const fast = changedHeatmapsOnly(host, state.drawnSnapshot, next, fig);
  if (fast) {
    fast.forEach((index) => paintHeatmap(host, index, fig.data[index].z));
    SHARED.stats.fastDraws += 1;
  } else {
    const Plotly = await loadPlotly(payload.plotly_url);
    // An explicit width spares Plotly a layout read per draw; a ResizeObserver follows resizes.
    const layout = { ...(fig.layout || {}), width: host.clientWidth, autosize: false };
    await Plotly.react(host, fig.data || [], layout, fig.config || {});
  }
  state.drawnSnapshot = next;
}

async function drawFrame() {
  SHARED.scheduled = false;
  SHARED.drawing = true;
  try {
    const started = performance.now();
    SHARED.stats.frames += 1;
    const oldestFirst = [...SHARED.waiting].sort((a, b) => a.__liveChart.since - b.__liveChart.since);
    for (const host of oldestFirst) {
      if (host !== oldestFirst[0] && performance.now() - started > FRAME_BUDGET_MS) break;
      SHARED.waiting.delete(host);
      const state = host.__liveChart;
      const payload = state.pending;
      state.pending = null;
      if (!payload || !host.isConnected) continue;
      try {
        const drawStarted = performance.now();
        await drawChart(host, payload);
        SHARED.stats.drawMs += performance.now() - drawStarted;
        SHARED.stats.draws += 1;
        if (SHARED.stats.draws === 1) performance.mark("live_chart:first-draw");
        state.drawnRevision = payload.revision;
      } catch (err) {
        console.error("live_chart:", err);
      }
    }
  } finally {
    SHARED.drawing = false;
    if (SHARED.waiting.size) schedule();
  }
}

function clickToData(host, event) {
  const full = host._fullLayout;
  if (!full || !full.xaxis || !full.yaxis) return null;
  const box = host.getBoundingClientRect();
  const px = event.clientX - box.left - full.xaxis._offset;
  const py = event.clientY - box.top - full.yaxis._offset;
  if (px < 0 || py < 0 || px > full.xaxis._length || py > full.yaxis._length) return null;
  return { x: full.xaxis.p2d(px), y: full.yaxis.p2d(py) };
}

function createHost(parentElement) {
  const host = document.createElement("div");
  host.className = "live-chart-host";
  host.style.width = "100%";
  host.__liveChart = { pending: null, since: 0, drawnRevision: undefined, onClick: false };
  host.addEventListener("click", (event) => {
    const state = host.__liveChart;
    if (!state.onClick) return;
    const point = clickToData(host, event);
    if (point) state.setTriggerValue("click", point);
  });
  new ResizeObserver(() => {
    const width = host.clientWidth;
    if (window.Plotly && host._fullLayout && width > 0 && width !== host._fullLayout.width) {
      window.Plotly.relayout(host, { width });
    }
  }).observe(host);
  parentElement.appendChild(host);
  return host;
}

export default function liveChart(component) {
  const { parentElement, setTriggerValue } = component;
  const payload = component.data;
  if (!payload || !payload.figure) return undefined;

  const host = parentElement.querySelector(":scope > .live-chart-host") || createHost(parentElement);
  host.style.height = `${payload.height}px`;
  const state = host.__liveChart;
  state.onClick = Boolean(payload.on_click);
  state.setTriggerValue = setTriggerValue;

  const hasRevision = payload.revision !== null && payload.revision !== undefined;
  if (hasRevision && payload.revision === state.drawnRevision && !state.pending) return undefined;
  if (!state.pending) state.since = performance.now();
  state.pending = payload;
  SHARED.waiting.add(host);
  schedule();
  // Streamlit runs a returned cleanup on unmount and also when a newer call supersedes this
  // one; free the plot only when the host has really left the page.
  return () => setTimeout(() => {
    if (!host.isConnected && window.Plotly) window.Plotly.purge(host);
  }, 0);
}

// live_chart: one mounted Plotly renderer per Streamlit element.
// Streamlit calls this default export on mount and again whenever the element's data changes,
// always with the same parentElement. We keep one Plotly div there and call Plotly.react, so the
// chart updates in place. All live charts on the page share one animation-frame scheduler: a
// chart keeps only its newest pending figure, and each frame draws the charts that have waited
// longest, within a time budget, so a burst of updates never freezes the page.

const FRAME_BUDGET_MS = 24;
const SHARED = (window.__liveChartShared ??= {
  plotly: null, waiting: new Set(), scheduled: false, drawing: false,
  stats: { draws: 0, drawMs: 0, frames: 0 },  // read by bench/frames.py
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
        const Plotly = await loadPlotly(payload.plotly_url);
        const fig = payload.figure;
        const reactStarted = performance.now();
        // An explicit width spares Plotly a layout read per draw; a ResizeObserver follows resizes.
        const layout = { ...(fig.layout || {}), width: host.clientWidth, autosize: false };
        await Plotly.react(host, fig.data || [], layout, fig.config || {});
        SHARED.stats.drawMs += performance.now() - reactStarted;
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
  const payload = typeof component.data === "string" ? JSON.parse(component.data) : component.data;
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

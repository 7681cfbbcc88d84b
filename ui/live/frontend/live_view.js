// The live view: Play/Step/Reset, the counters and every live chart of a page, fed by the
// frame stream (stream.js). Streamlit calls the default export on mount and on every page run
// with the same parentElement; the view stays mounted and only takes in what changed.
//
// Flow control: while playing, the view asks the server for the next frame only after it has
// drawn the previous one (one request per animation frame at most, never two in flight), so
// there is never a backlog and Pause acts at once. Step, Reset and Replay go through the stream
// too; after Pause, Step, Reset, a finished replay or a divergence the view asks Streamlit for a
// page run ("sync") so the rest of the page (downloads, replay timeline) catches up.
//
// Serving a class: when the stream refuses the view's token (the browser was moved to another
// worker after its own died, and that worker started a new session) or says the session ended,
// the view asks for a page run every RECOVER_MS until one brings a new token, showing the
// "reconnecting" notice meanwhile. A "play" the server turns away (full) stops playing and
// shows the "server full" notice.
import { decodeBase64Frame } from "./protocol.js";
import { StreamClient } from "./stream.js";
import { BarsChart } from "./charts/bars.js";
import { TableChart, TextChart } from "./charts/dom.js";
import { LinesChart } from "./charts/lines.js";
import { NetworkChart } from "./charts/network.js";
import { PlaneChart } from "./charts/plane.js";
import { WeightsChart } from "./charts/weights.js";
import { addStyleOnce, element, scrollParent, typingInto } from "./page.js";
import { renderButtons, renderCounters, renderStatus } from "./texts.js";

const KINDS = { plane: PlaneChart, lines: LinesChart, network: NetworkChart, weights: WeightsChart,
                bars: BarsChart, table: TableChart, text: TextChart };
const RECOVER_MS = 1000;
const NEEDS_PAGE_RUN = new Set([4401, 4410]);  // token refused, session ended (stream.js)
class LiveView {
  constructor(parent) {
    addStyleOnce();
    this.root = element("div", "live-view", parent);
    this.root.dataset.liveView = "";
    const bar = element("div", "live-bar", this.root);
    const buttons = element("div", "live-buttons", bar);
    this.buttons = {};
    for (const action of ["play", "step", "reset"]) {
      const button = element("button", action === "play" ? "live-primary" : "", buttons);
      button.type = "button";
      button.dataset.liveAction = action;
      button.addEventListener("click", () => this.act(action));
      this.buttons[action] = button;
    }
    this.counters = element("div", "live-counters", bar);
    this.counters.dataset.live = "counters";
    this.status = element("div", "live-status", this.root);
    this.grid = element("div", "live-grid", this.root);
    this.tooltip = element("div", "live-tooltip", document.body);
    this.charts = new Map();
    this.data = { header: {}, arrays: {}, history: {} };
    this.playing = false;
    this.inflight = false;
    this.busy = false;
    this.playSerial = null;
    this.replaySerial = null;
    this.replayTimer = null;
    this.connection = "connecting";
    this.recoverTimer = null;
    this.full = false;
    this.syncs = 0;
    this.fontFamily = getComputedStyle(parent).fontFamily || "sans-serif";
    this.onKey = (event) => this.key(event);
    window.addEventListener("keydown", this.onKey, { capture: true });
    this.onResize = () => this.layout();
    window.addEventListener("resize", this.onResize);
    this.resizer = new ResizeObserver(() => this.fitCharts());
    this.resizer.observe(this.grid);
    document.fonts?.ready.then(() => this.invalidate());
  }

  // ---- page runs ---------------------------------------------------------------------------

  update(data, component) {
    this.trigger = component.setTriggerValue;
    this.labels = data.labels;
    this.fontScale = data.font_scale || 1;
    this.root.style.setProperty("--live-primary", data.primary_color || "#f59e0b");
    this.fill = data.fill;
    this.awaitingReady = Boolean(data.awaiting_ready);
    if (data.spec_key !== this.specKey) {
      this.specKey = data.spec_key;
      this.spec = data.spec;
      this.buildCharts();
    }
    this.full = Boolean(data.full) && !this.playing;
    if (data.token !== this.token || this.recoverTimer) {
      this.stopRecovery();
      this.stream?.close();
      this.token = data.token;
      this.stream = new StreamClient(data.stream_path, data.token, (s, c) => this.streamStatus(s, c));
    }
    if (data.frame) this.applyFrame(decodeBase64Frame(data.frame));
    if (this.playSerial === null || data.play_serial !== this.playSerial) {
      this.playSerial = data.play_serial;
      this.setPlaying(Boolean(data.playing));
    }
    const replay = data.replay || { serial: 0, active: false };
    if (this.replaySerial !== null && replay.serial !== this.replaySerial) {
      if (replay.active) this.startReplay(data.replay_fps || 8); else this.stopReplay();
    }
    this.replaySerial = replay.serial;
    renderButtons(this);
    this.layout();
  }

  buildCharts() {
    for (const chart of this.charts.values()) chart.cell.remove();
    this.charts.clear();
    for (const spec of this.spec.charts) {
      const cell = element("div", "live-cell", this.grid);
      cell.dataset.chart = spec.name;
      cell.style.gridArea = spec.name;
      const chart = new KINDS[spec.kind](spec, cell, this);
      if (!chart.noExport) {
        const png = element("button", "live-png", cell);
        png.type = "button";
        png.addEventListener("click", (event) => {
          event.stopPropagation();
          chart.exportPng(`${spec.name}.png`);
        });
        chart.png = png;
      }
      cell.addEventListener("mousemove", (event) => this.hover(chart, event));
      cell.addEventListener("mouseleave", () => { this.tooltip.style.display = "none"; });
      cell.addEventListener("click", (event) => this.click(chart, event));
      this.charts.set(spec.name, chart);
    }
  }

  // Row heights follow the window: the grid fills what is left below it, within bounds.
  layout() {
    const layout = this.spec.layout;
    this.grid.style.gridTemplateColumns = layout.columns.map((c) => `minmax(0, ${c}fr)`).join(" ");
    this.grid.style.gridTemplateAreas = layout.areas.map((row) => `"${row.join(" ")}"`).join(" ");
    const weights = layout.rows || layout.areas.map(() => 1);
    const total = weights.reduce((a, b) => a + (typeof b === "number" ? b : 0), 0);
    const scroller = scrollParent(this.grid);
    const top = this.grid.getBoundingClientRect().top + (scroller?.scrollTop || 0)
      - (scroller === document.scrollingElement ? 0 : scroller.getBoundingClientRect().top);
    const free = window.innerHeight - Math.max(0, top) - 16 - 6 * (weights.length - 1)
      - (layout.reserve || 0);
    const rows = weights.map((w) => (typeof w === "number"
      ? `${Math.round(Math.min(this.fill.max_row, Math.max(this.fill.min_row, (free * w) / total)))}px`
      : w));
    this.grid.style.gridTemplateRows = rows.join(" ");
    for (const chart of this.charts.values()) {
      if (!chart.png || chart.png.title === this.labels.png_help) continue;
      chart.png.textContent = this.labels.png;
      chart.png.title = this.labels.png_help;
    }
    this.fitCharts();
  }

  fitCharts() {
    for (const chart of this.charts.values()) {
      chart.resize(chart.cell.clientWidth, chart.cell.clientHeight);
    }
    this.scheduleDraw();
  }

  invalidate() {
    for (const chart of this.charts.values()) chart.invalidate();
    this.scheduleDraw();
  }

  // ---- frames ------------------------------------------------------------------------------

  // A frame that reaches the view after a newer one of the same run (a page run's frame drawn
  // after stream frames) is not shown; the view asks for the present instead, so texts that
  // came with the page run (a new language) still arrive.
  applyFrame({ header, arrays }) {
    const sameRun = header.run === this.data.header.run;
    if (sameRun && header.serial < this.data.header.serial) {
      if (!this.playing && !this.replayTimer) this.send("frame", false);
      return;
    }
    const unchanged = sameRun && header.state === this.data.header.state;
    const history = sameRun ? this.data.history : {};
    const rest = {};
    for (const [name, array] of Object.entries(arrays)) {
      const dot = name.indexOf(".");
      const channel = dot > 0 ? name.slice(0, dot) : null;
      if (channel && header.history?.[channel]) continue;
      rest[name] = array;
    }
    for (const [channel, info] of Object.entries(header.history || {})) {
      history[channel] = this.mergeHistory(history[channel], channel, info, arrays);
    }
    this.data = { header, arrays: rest, history };
    if (header.full) {
      this.full = true;
      this.setPlaying(false);
    } else if (this.playing) {
      this.full = false;
    }
    renderCounters(this);
    renderStatus(this);
    renderButtons(this);
    if (!unchanged) for (const chart of this.charts.values()) chart.dirty = true;
    if (header.diverged && this.playing) {
      this.setPlaying(false);
      this.sync("diverged");
    }
    this.scheduleDraw();
  }

  mergeHistory(local, channel, info, arrays) {
    const fresh = !local || info.start === 0 || info.rev !== local.rev || info.start > local.size;
    const columns = fresh ? {} : local.columns;
    for (const [name, values] of Object.entries(arrays)) {
      if (!name.startsWith(`${channel}.`)) continue;
      const column = name.slice(channel.length + 1);
      let target = columns[column];
      if (!target || target.length < info.size) {
        const grown = new Float64Array(Math.max(1024, info.size * 2));
        if (target && !fresh) grown.set(target.subarray(0, info.start));
        target = grown;
      }
      target.set(values, info.start);
      columns[column] = target;
    }
    return { rev: info.rev, size: info.size, columns };
  }

  have() {
    const channels = {};
    for (const [name, channel] of Object.entries(this.data.history)) {
      channels[name] = [channel.rev, channel.size];
    }
    return { h: channels };
  }

  scheduleDraw() {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => {
      this.drawQueued = false;
      for (const chart of this.charts.values()) chart.draw();
      if (!this.drawnOnce) {
        this.drawnOnce = true;
        performance.mark("live_view:first-draw");
      }
      if (this.awaitingReady && this.drawnOnce) {  // the page may now draw its controls
        this.awaitingReady = false;
        this.trigger?.("ready", true);
      }
      this.requestNext();
    });
  }

  // While playing: ask for the next frame (only once the last one is drawn).
  requestNext() {
    if (!this.playing || this.inflight || !this.stream?.ready) return;
    this.inflight = true;
    this.stream.request({ op: "play", run: this.data.header.run, have: this.have() })
      .then((frame) => { this.inflight = false; this.applyFrame(frame); })
      .catch(() => { this.inflight = false; });
  }

  // ---- buttons, keys, replay ----------------------------------------------------------------

  act(action) {
    if (action === "play") {
      this.setPlaying(!this.playing);
      if (!this.playing) this.send("pause");
    } else if (!this.buttons[action].disabled) {
      this.setPlaying(false);
      this.send(action);
    }
  }

  // One non-play request; the page catches up afterwards (unless `sync` is false).
  send(op, sync = true) {
    if (op !== "frame") this.stopReplay();
    if (!this.stream?.ready) return;
    this.stream.request({ op, run: this.data.header.run, have: this.have() })
      .then((frame) => { this.applyFrame(frame); if (sync) this.sync(op); })
      .catch(() => {});
  }

  setPlaying(playing) {
    if (playing && this.data.header.diverged) playing = false;
    if (playing) this.stopReplay();
    this.playing = playing;
    renderButtons(this);
    if (playing) this.requestNext();
  }

  startReplay(fps) {
    this.stopReplay();
    this.setPlaying(false);
    const tick = () => {
      if (!this.stream?.ready) { this.replayTimer = setTimeout(tick, 100); return; }
      this.stream.request({ op: "replay", run: this.data.header.run, have: this.have() })
        .then((frame) => {
          this.applyFrame(frame);
          const replay = frame.header.replay;
          if (replay && replay.index < replay.last) {
            this.replayTimer = setTimeout(tick, 1000 / fps);
          } else {
            this.replayTimer = null;
            this.sync("replay");
          }
        })
        .catch(() => { this.replayTimer = null; });
    };
    this.replayTimer = setTimeout(tick, 0);
  }

  stopReplay() {
    clearTimeout(this.replayTimer);
    this.replayTimer = null;
  }

  sync(reason) {
    this.syncs += 1;
    this.trigger?.("sync", { reason, n: this.syncs });
  }

  key(event) {
    if (!this.root.isConnected || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typingInto(event.target)) return;
    const onButton = event.target?.closest?.("button, a, [role='button']");
    if (onButton && (event.key === " " || event.key === "Enter")) return;
    const action = { " ": "play", ArrowRight: "step", r: "reset", R: "reset" }[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!event.repeat) this.act(action);
  }

  hover(chart, event) {
    const box = chart.canvas.getBoundingClientRect();
    const lines = chart.hover(event.clientX - box.left, event.clientY - box.top);
    if (!lines) {
      this.tooltip.style.display = "none";
      return;
    }
    this.tooltip.textContent = lines.join("\n");
    this.tooltip.style.display = "block";
    const x = Math.min(event.clientX + 14, window.innerWidth - this.tooltip.offsetWidth - 4);
    this.tooltip.style.left = `${x}px`;
    this.tooltip.style.top = `${event.clientY + 14}px`;
  }

  click(chart, event) {
    const box = chart.canvas.getBoundingClientRect();
    const point = chart.click(event.clientX - box.left, event.clientY - box.top);
    if (point) this.trigger?.("click", { chart: chart.spec.name, ...point });
  }

  streamStatus(status, code) {
    this.connection = status === "closed" && code !== 1000 ? "lost" : status;
    if (status === "closed" && NEEDS_PAGE_RUN.has(code)) this.startRecovery();
    renderStatus(this);
    renderButtons(this);
    if (status === "open") this.requestNext();
  }

  // A page run brings a fresh token (update() then reconnects); ask until one does.
  startRecovery() {
    if (this.recoverTimer) return;
    const ask = () => {
      this.recoverTimer = setTimeout(ask, RECOVER_MS);
      this.sync("reconnect");
    };
    ask();
  }

  stopRecovery() {
    clearTimeout(this.recoverTimer);
    this.recoverTimer = null;
  }

  destroy() {
    this.stopRecovery();
    this.stream?.close();
    this.stopReplay();
    window.removeEventListener("keydown", this.onKey, { capture: true });
    window.removeEventListener("resize", this.onResize);
    this.resizer.disconnect();
    this.tooltip.remove();
  }
}

export default function liveView(component) {
  const { parentElement } = component;
  const data = component.data;
  if (!data || !data.spec) return undefined;
  let view = parentElement.__liveView;
  if (!view || !view.root.isConnected) {
    view = new LiveView(parentElement);
    parentElement.__liveView = view;
  }
  view.update(data, component);
  // Streamlit runs a returned cleanup on unmount and also when a newer call supersedes this
  // one; close the stream only when the view has really left the page.
  return () => setTimeout(() => {
    if (!view.root.isConnected) view.destroy();
  }, 0);
}

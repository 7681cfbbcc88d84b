// "lines" charts: loss curves against epoch from history channels, accuracy on a right-hand
// axis. The x axis grows in 1-2-5 steps and never shrinks within a run; the y axis follows the
// data but leaves out values more than OUTLIER_FACTOR times the median, so one overflow spike
// does not flatten the rest of the curve, and the axis recovers when the values are sane again.
import {
  AXIS, Chart, GRID, MUTED, TEXT, fitText, formatValue, niceCeil, niceCeilCoarse, tickText,
  ticks,
} from "./base.js";

const OUTLIER_FACTOR = 1000;
const LOG_FLOOR = 1e-12;

// The y values of the curves, kept sorted as the curves grow (a playing run adds a point or two
// per frame): the median and the values within OUTLIER_FACTOR of it come from binary searches
// instead of sorting (and spreading into Math.max) every point in every frame, which grew with
// the run and, past ~100k points, threw.
class SortedValues {
  constructor() {
    this.values = new Float64Array(1024);
    this.size = 0;
    this.key = null;
    this.counts = [];
  }

  // Takes in the points of `columns` ([values, count] per curve) that `accept`s; starts over
  // when `key` (run, history revisions) changes or a curve got shorter (a replay went back).
  update(key, columns, accept) {
    if (key !== this.key || columns.some(([, count], i) => count < (this.counts[i] ?? 0))) {
      this.key = key;
      this.size = 0;
      this.counts = columns.map(() => 0);
    }
    const fresh = [];
    columns.forEach(([values, count], i) => {
      for (let k = this.counts[i]; k < count; k++) if (accept(values[k])) fresh.push(values[k]);
      this.counts[i] = count;
    });
    this.reserve(this.size + fresh.length);
    if (fresh.length > 64) {  // many at once: append and sort
      this.values.set(fresh, this.size);
      this.size += fresh.length;
      this.values.subarray(0, this.size).sort();
    } else {
      for (const v of fresh) this.insert(v);
    }
  }

  reserve(size) {
    if (size <= this.values.length) return;
    const grown = new Float64Array(Math.max(size, 2 * this.values.length));
    grown.set(this.values.subarray(0, this.size));
    this.values = grown;
  }

  insert(v) {
    const at = this.firstAbove(v);
    this.values.copyWithin(at + 1, at, this.size);
    this.values[at] = v;
    this.size += 1;
  }

  // The index of the first value > v (>= v when `orEqual`).
  firstAbove(v, orEqual = false) {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.values[mid] < v || (!orEqual && this.values[mid] === v)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  median() { return this.size ? this.values[this.size >> 1] : NaN; }

  // [smallest, largest] of the values within OUTLIER_FACTOR times the median's size, or null.
  sane() {
    const limit = OUTLIER_FACTOR * Math.abs(this.median());
    const lo = this.firstAbove(-limit, true);
    const hi = this.firstAbove(limit);
    return hi > lo ? [this.values[lo], this.values[hi - 1]] : null;
  }
}

export class LinesChart extends Chart {
  constructor(spec, cell, view) {
    super(spec, cell, view);
    this.xTop = spec.x.min;
    this.run = null;
    this.sorted = new SortedValues();
  }

  column(series, name) {
    const channel = this.view.data.history?.[series.channel];
    if (!channel) return { values: new Float64Array(0), size: 0 };
    return { values: channel.columns[name], size: channel.size };
  }

  // The points of a series that are shown: [epochs, values, count] (replay cuts at `until`).
  points(series) {
    const x = this.column(series, "epoch");
    const y = this.column(series, series.column);
    const until = this.view.data.header?.until;
    let count = Math.min(x.size, y.size);
    if (until !== null && until !== undefined) {
      while (count > 0 && x.values[count - 1] > until + 1e-9) count--;
    }
    return [x.values, y.values, count];
  }

  // The run and its curves' history revisions: while it stays, the curves only grow.
  historyKey() {
    const history = this.view.data.history || {};
    return [this.view.data.header?.run,
            ...this.spec.series.map((series) => history[series.channel]?.rev)].join(",");
  }

  ranges() {
    const header = this.view.data.header || {};
    if (header.run !== this.run) {
      this.run = header.run;
      this.xTop = this.spec.x.min;
    }
    let lastEpoch = 0;
    const columns = [];
    for (const series of this.spec.series) {
      const [xs, ys, count] = this.points(series);
      if (count) lastEpoch = Math.max(lastEpoch, xs[count - 1]);
      if (series.axis === "y") columns.push([ys, count]);
    }
    this.xTop = Math.max(this.xTop, niceCeilCoarse(lastEpoch));
    const log = this.spec.y.log;
    this.sorted.update(this.historyKey(), columns,
                       (v) => Number.isFinite(v) && (!log || v > LOG_FLOOR));
    const sane = this.sorted.sane();
    let y;
    if (log) {
      const lo = sane ? Math.floor(Math.log10(sane[0])) : -3;
      const hi = sane ? Math.ceil(Math.log10(sane[1])) : 0;
      y = [lo, Math.max(hi, lo + 1)];
    } else {
      y = [0, niceCeil(1.05 * Math.max(0, sane ? sane[1] : 0)) || 1];
    }
    return { x: [0, this.xTop], y };
  }

  box(width, height) {
    const s = this.scale;
    const top = this.legendLayout(this.context, width).height;
    const left = 54 * s;
    const right = (this.spec.y2 ? 52 : 14) * s;
    const bottom = 40 * s;
    return { left, top, width: Math.max(10, width - left - right),
             height: Math.max(10, height - top - bottom) };
  }

  mapper(box, ranges) {
    const [x0, x1] = ranges.x;
    const [y0, y1] = ranges.y;
    const log = this.spec.y.log;
    const y2 = this.spec.y2 ? this.spec.y2.range : [0, 1];
    return {
      x: (v) => box.left + ((v - x0) / (x1 - x0)) * box.width,
      y: (v) => {
        const t = log ? Math.log10(Math.max(v, LOG_FLOOR)) : v;
        return box.top + box.height - ((t - y0) / (y1 - y0)) * box.height;
      },
      y2: (v) => box.top + box.height - ((v - y2[0]) / (y2[1] - y2[0])) * box.height,
      dataX: (px) => x0 + ((px - box.left) / box.width) * (x1 - x0),
    };
  }

  // The size or fonts changed: the canvas was cleared and is drawn whole again.
  invalidate() {
    super.invalidate();
    this.drawn = null;
  }

  // While the axes stay and the curves only grow (a playing run), only the new pieces of the
  // curves are drawn, on top of what the canvas shows (a whole redraw strokes every point and
  // costs the browser more with every epoch); anything else draws the chart whole.
  render(context, width, height) {
    const ranges = this.ranges();
    const box = this.box(width, height);
    const map = this.mapper(box, ranges);
    const key = [width, height, this.scale, ...ranges.x, ...ranges.y].join(",");
    const plotKey = `${key};${this.historyKey()}`;
    const shown = this.spec.series.map((series) => this.points(series));
    const drawn = this.exporting ? null : this.drawn;
    const append = drawn?.key === plotKey && shown.every(([, , count], i) => count >= drawn.counts[i]);
    if (!append) {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, width, height);
      this.drawCached(context, key, (layer) => this.drawFrame(layer, box, ranges, map));
    }
    context.save();
    context.beginPath();
    context.rect(box.left, box.top - 2, box.width, box.height + 4);
    context.clip();
    const ends = this.spec.series.map((series, i) => this.drawSeries(
      context, series, shown[i], map, append ? drawn.ends[i] : null));
    context.restore();
    if (!this.exporting) this.drawn = { key: plotKey, counts: shown.map(([, , c]) => c), ends };
  }

  // Strokes the points from `from.index` on (all when `from` is null), the dash pattern going
  // on where it stopped; returns where this stroke ended, for the next one.
  drawSeries(context, series, [xs, ys, count], map, from) {
    const toY = series.axis === "y2" ? map.y2 : map.y;
    const top = map.y(Infinity);
    context.strokeStyle = series.color;
    context.lineWidth = series.width * Math.min(this.scale, 1.5);
    context.setLineDash(series.dash);
    context.lineDashOffset = from ? from.length : 0;
    context.lineJoin = "round";
    context.beginPath();
    const start = from ? from.index : 0;
    let pen = false;
    let length = 0;
    let lastX = 0;
    let lastY = 0;
    for (let i = start; i < count; i++) {
      const v = ys[i];
      if (Number.isNaN(v)) { pen = false; continue; }
      const px = map.x(xs[i]);
      const py = Number.isFinite(v) ? toY(v) : top;  // overflow: off the top of the chart
      if (pen) {
        context.lineTo(px, py);
        length += Math.hypot(px - lastX, py - lastY);
      } else {
        context.moveTo(px, py);
        length = i === start && from ? from.length : 0;
      }
      pen = true;
      lastX = px;
      lastY = py;
    }
    context.stroke();
    context.setLineDash([]);
    context.lineDashOffset = 0;
    return { index: Math.max(start, count - 1), length };
  }

  drawFrame(context, box, ranges, map) {
    const s = this.scale;
    const spec = this.spec;
    const xs = ticks(ranges.x[0], ranges.x[1], Math.max(2, Math.round(box.width / (80 * s))));
    const ys = spec.y.log
      ? Array.from({ length: ranges.y[1] - ranges.y[0] + 1 }, (_, i) => ranges.y[0] + i)
      : ticks(ranges.y[0], ranges.y[1], Math.max(2, Math.round(box.height / (45 * s))));
    context.strokeStyle = GRID;
    context.lineWidth = 1;
    context.beginPath();
    for (const v of xs) { context.moveTo(map.x(v), box.top); context.lineTo(map.x(v), box.top + box.height); }
    for (const v of ys) {
      const py = spec.y.log ? map.y(10 ** v) : map.y(v);
      context.moveTo(box.left, py);
      context.lineTo(box.left + box.width, py);
    }
    context.stroke();
    context.strokeStyle = AXIS;
    context.beginPath();
    context.moveTo(box.left, box.top);
    context.lineTo(box.left, box.top + box.height);
    context.lineTo(box.left + box.width, box.top + box.height);
    if (spec.y2) context.lineTo(box.left + box.width, box.top);
    context.stroke();
    context.fillStyle = MUTED;
    context.font = this.font(11);
    context.textAlign = "center";
    context.textBaseline = "top";
    for (const v of xs) context.fillText(tickText(v, xs), map.x(v), box.top + box.height + 4 * s);
    context.textAlign = "right";
    context.textBaseline = "middle";
    for (const v of ys) {
      const text = spec.y.log ? `1e${v}` : tickText(v, ys);
      context.fillText(text, box.left - 5 * s, spec.y.log ? map.y(10 ** v) : map.y(v));
    }
    if (spec.y2) {
      context.textAlign = "left";
      for (const v of spec.y2.ticks) {
        context.fillText(`${Math.round(v * 100)}%`, box.left + box.width + 5 * s, map.y2(v));
      }
    }
    context.fillStyle = TEXT;
    context.font = this.font(12);
    context.textAlign = "center";
    context.textBaseline = "bottom";
    context.fillText(spec.x.title, box.left + box.width / 2, box.top + box.height + 36 * s);
    this.verticalTitle(context, spec.y.title, box.left - 42 * s, box.top + box.height / 2);
    if (spec.y2) {
      this.verticalTitle(context, spec.y2.title, box.left + box.width + 48 * s,
                         box.top + box.height / 2);
    }
    this.drawLegend(context);
  }

  verticalTitle(context, text, x, y) {
    context.save();
    context.translate(x, y);
    context.rotate(-Math.PI / 2);
    context.textAlign = "center";
    context.textBaseline = "bottom";
    context.fillText(text, 0, 0);
    context.restore();
  }

  // The title, then one entry per series; entries that do not fit on a line go on the next
  // (the plot starts below the last line).
  legendLayout(context, width) {
    const s = this.scale;
    context.font = this.font(14, "600");
    let x = 4 + (this.spec.title ? context.measureText(this.spec.title).width + 14 * s : 0);
    context.font = this.font(11);
    const right = width - 8 * s;
    const lineHeight = 18 * s;
    let line = 0;
    const entries = this.spec.series.map((series) => {
      const needed = 26 * s + context.measureText(series.name).width + 12 * s;
      if (x + needed > right && x > 4 + 40 * s) {
        line += 1;
        x = 4 + 40 * s;
      }
      const entry = { series, x, y: 13 * s + line * lineHeight, width: needed };
      x += needed;
      return entry;
    });
    return { entries, height: 30 * s + line * lineHeight };
  }

  drawLegend(context) {
    const s = this.scale;
    context.textBaseline = "middle";
    context.textAlign = "left";
    context.fillStyle = TEXT;
    context.font = this.font(14, "600");
    if (this.spec.title) context.fillText(this.spec.title, 4, 13 * s);
    const { entries } = this.legendLayout(context, this.width);
    context.font = this.font(11);
    for (const { series, x, y, width } of entries) {
      context.strokeStyle = series.color;
      context.lineWidth = series.width * Math.min(s, 1.5);
      context.setLineDash(series.dash);
      context.beginPath();
      context.moveTo(x, y);
      context.lineTo(x + 20 * s, y);
      context.stroke();
      context.setLineDash([]);
      context.fillStyle = TEXT;
      context.fillText(fitText(context, series.name, width - 26 * s), x + 24 * s, y);
    }
  }

  hover(px, py) {
    const ranges = this.ranges();
    const box = this.box(this.width, this.height);
    if (px < box.left || px > box.left + box.width || py < box.top || py > box.top + box.height) {
      return null;
    }
    const epoch = this.mapper(box, ranges).dataX(px);
    const lines = [];
    for (const series of this.spec.series) {
      const [xs, ys, count] = this.points(series);
      if (!count) continue;
      let best = 0;
      for (let i = 1; i < count; i++) {
        if (Math.abs(xs[i] - epoch) < Math.abs(xs[best] - epoch)) best = i;
      }
      if (!lines.length) lines.push(`${this.spec.x.title} ${xs[best].toFixed(1)}`);
      const format = series.axis === "y2" ? "percent" : "loss";
      lines.push(`${series.name}: ${formatValue(ys[best], format, this.overflowWord)}`);
    }
    return lines.length ? lines : null;
  }
}

// "weights" chart: one heatmap per layer (rows = inputs then bias, columns = neurons) on one
// zero-centred colour scale -zmax..zmax with a colour bar. Labels never overlap: when cells get
// smaller than a label, only every k-th label is written (and column labels turn upright when
// they are wider than a cell); numbers go into cells only when they fit.
import { ByteImage, Chart, MUTED, TEXT, fitText, lutFromBase64, tickText } from "./base.js";

const MAX_CELL = 44;

// A weight short enough for its cell: 0.53, -12.4, 3e+5, or ±∞ beyond float32.
function cellText(value) {
  if (Number.isNaN(value)) return "?";
  if (!Number.isFinite(value)) return value > 0 ? "\u221e" : "\u2212\u221e";
  const size = Math.abs(value);
  if (size >= 1e4) return value.toExponential(0);
  return value.toFixed(size >= 100 ? 0 : size >= 10 ? 1 : 2);
}
const NUMBER_MIN_CELL = 26;
const COLORBAR = 60;

export class WeightsChart extends Chart {
  constructor(spec, cell, view) {
    super(spec, cell, view);
    this.lut = lutFromBase64(spec.lut);
    this.images = spec.layers.map(() => new ByteImage());
    this.painted = spec.layers.map(() => null);
  }

  // The values of layer l (1-based) as rows x cols: W (n_in, n_out) with b as a last row.
  values(layer) {
    const arrays = this.view.data.arrays || {};
    const W = arrays[`W${layer}`];
    if (!W) return null;
    const b = arrays[`b${layer}`];
    const [nIn, nOut] = W.shape;
    const rows = nIn + (b ? 1 : 0);
    const values = new Float32Array(rows * nOut);
    values.set(W);
    if (b) values.set(b, nIn * nOut);
    return { values, rows, cols: nOut };
  }

  // Cells as big as the chart allows: the layers side by side, or wrapped onto several rows
  // of panels when that gives bigger cells (e.g. 8 layers of 32). Column names turn upright
  // when wider than a cell.
  geometry(width, height) {
    const s = this.scale;
    const context = this.context;
    context.font = this.font(10);
    const layers = this.spec.layers;
    const labelWidths = layers.map((layer) => Math.min(56 * s,
      Math.max(...layer.rows.map((name) => context.measureText(name).width)) + 6 * s));
    // Row names need cells tall enough to be legible at all: with very small cells (a very wide
    // network in a small chart) they are left out so that the cells fit.
    const totalCols = layers.reduce((sum, layer) => sum + layer.cols.length, 0);
    const labelsFit = (width - COLORBAR * s - labelWidths.reduce((a, b) => a + b, 0))
      / totalCols >= 4;
    const rowLabel = labelsFit ? labelWidths : layers.map(() => 2);
    const colWidest = Math.max(...layers.flatMap(
      (layer) => layer.cols.map((name) => context.measureText(name).width)));
    const titleHeight = (this.spec.title ? 24 : 4) * s;
    const labelRoom = 16 * s;
    const gap = 10 * s;
    const usableWidth = width - COLORBAR * s - 4;
    let best = null;
    for (let rows = 1; rows <= layers.length; rows++) {
      const perRow = Math.ceil(layers.length / rows);
      const groups = [];
      for (let i = 0; i < layers.length; i += perRow) {
        groups.push(layers.slice(i, i + perRow).map((_, k) => i + k));
      }
      const widthCell = Math.min(...groups.map((group) => (usableWidth
        - group.reduce((sum, l) => sum + rowLabel[l], 0) - gap * (group.length - 1))
        / group.reduce((sum, l) => sum + layers[l].cols.length, 0)));
      const cellRows = groups.reduce(
        (sum, group) => sum + Math.max(...group.map((l) => layers[l].rows.length)), 0);
      const fit = (colLabel) => Math.max(1, Math.min(widthCell, MAX_CELL * s,
        (height - titleHeight - groups.length * (labelRoom + colLabel + gap)) / cellRows));
      let colLabel = 14 * s;
      let cell = fit(colLabel);
      const upright = colWidest > cell * 0.95;
      if (upright && labelsFit) {
        colLabel = Math.min(colWidest, 48 * s) + 4 * s;
        cell = fit(colLabel);
      }
      if (!best || cell > best.cell * 1.05) best = { cell, groups, upright, colLabel };
    }
    const { cell, groups, upright, colLabel } = best;
    const names = labelsFit;
    const panels = [];
    let y = titleHeight;
    for (const group of groups) {
      const top = y + labelRoom + colLabel;
      let x = 2;
      for (const l of group) {
        x += rowLabel[l];
        panels[l] = { left: x, top, width: cell * layers[l].cols.length,
                      height: cell * layers[l].rows.length };
        x += cell * layers[l].cols.length + gap;
      }
      y = top + cell * Math.max(...group.map((l) => layers[l].rows.length)) + gap;
    }
    const right = Math.max(...panels.map((panel) => panel.left + panel.width));
    return { cell, panels, upright, colLabel, names, right, bottom: y - gap };
  }

  render(context, width, height) {
    const geometry = this.geometry(width, height);
    const zmax = this.view.data.header?.zmax || 1;
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, height);
    context.imageSmoothingEnabled = false;
    const layers = this.spec.layers.map((_, l) => this.values(l + 1));
    layers.forEach((layer, l) => {
      if (!layer) return;
      const W = this.view.data.arrays[`W${l + 1}`];
      if (this.painted[l] !== W) {
        const bytes = new Uint8Array(layer.values.length);
        for (let k = 0; k < bytes.length; k++) {
          const v = layer.values[k];
          const t = Number.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v / zmax));  // +-inf: the ends
          bytes[k] = Math.round((t + 1) * 127.5);
        }
        this.images[l].paint(bytes, layer.rows, layer.cols, this.lut, 1);
        this.painted[l] = W;
      }
      const panel = geometry.panels[l];
      context.drawImage(this.images[l].canvas, panel.left, panel.top, panel.width, panel.height);
    });
    const key = [width, height, this.scale, zmax].join(",");
    this.drawCached(context, key, (layer) => this.drawLabels(layer, geometry, zmax, width));
    if (this.spec.numbers && geometry.cell >= NUMBER_MIN_CELL * this.scale) {
      this.drawNumbers(context, geometry, layers, zmax);
    }
  }

  drawNumbers(context, { cell, panels }, layers, zmax) {
    context.font = this.font(10);
    context.textAlign = "center";
    context.textBaseline = "middle";
    layers.forEach((layer, l) => {
      if (!layer) return;
      const panel = panels[l];
      for (let r = 0; r < layer.rows; r++) {
        for (let c = 0; c < layer.cols; c++) {
          const v = layer.values[r * layer.cols + c];
          context.fillStyle = Math.abs(v) > 0.55 * zmax ? "#ffffff" : TEXT;
          context.fillText(cellText(v), panel.left + (c + 0.5) * cell,
                           panel.top + (r + 0.5) * cell);
        }
      }
    });
  }

  drawLabels(context, { cell, panels, upright, colLabel, names, right, bottom }, zmax, width) {
    const s = this.scale;
    this.drawTitle(context, this.spec.title);
    const labelHeight = 12 * s;
    const rowEvery = Math.max(1, Math.ceil(labelHeight / cell));
    const colEvery = Math.max(1, Math.ceil((upright ? labelHeight : 0) / cell));
    context.strokeStyle = "#ffffff";
    context.lineWidth = Math.min(1, cell / 8);
    this.spec.layers.forEach((layer, l) => {
      const panel = panels[l];
      context.beginPath();
      for (let c = 1; c < layer.cols.length; c++) {
        context.moveTo(panel.left + c * cell, panel.top);
        context.lineTo(panel.left + c * cell, panel.top + panel.height);
      }
      for (let r = 1; r < layer.rows.length; r++) {
        context.moveTo(panel.left, panel.top + r * cell);
        context.lineTo(panel.left + panel.width, panel.top + r * cell);
      }
      context.stroke();
      context.fillStyle = MUTED;
      context.font = this.font(11);
      context.textAlign = "center";
      context.textBaseline = "bottom";
      const titleWidth = Math.max(panel.width + 40 * s, 60 * s);
      context.fillText(fitText(context, layer.title, titleWidth), panel.left + panel.width / 2,
                       panel.top - colLabel - 2 * s);
      context.font = this.font(10);
      context.fillStyle = MUTED;
      layer.cols.forEach((name, c) => {
        if (!names || c % colEvery) return;
        const x = panel.left + (c + 0.5) * cell;
        if (upright) {
          context.save();
          context.translate(x, panel.top - 3 * s);
          context.rotate(-Math.PI / 2);
          context.textAlign = "left";
          context.textBaseline = "middle";
          context.fillText(fitText(context, name, colLabel - 4 * s), 0, 0);
          context.restore();
        } else {
          context.textAlign = "center";
          context.textBaseline = "bottom";
          context.fillText(fitText(context, name, cell), x, panel.top - 3 * s);
        }
      });
      context.textAlign = "right";
      context.textBaseline = "middle";
      layer.rows.forEach((name, r) => {
        if (!names || r % rowEvery) return;
        context.fillText(fitText(context, name, 52 * s), panel.left - 4 * s, panel.top + (r + 0.5) * cell);
      });
    });
    const top = panels[0].top;
    this.drawColorbar(context, Math.min(right + 14 * s, width - COLORBAR * s + 6 * s), top,
                      Math.max(60 * s, Math.min(bottom, this.height - 8 * s) - top), zmax);
  }

  drawColorbar(context, left, top, height, zmax) {
    const s = this.scale;
    const barWidth = 10 * s;
    for (let k = 0; k < 256; k++) {
      const y = top + height - ((k + 1) / 256) * height;
      context.fillStyle = `rgb(${this.lut[3 * k]},${this.lut[3 * k + 1]},${this.lut[3 * k + 2]})`;
      context.fillRect(left, y, barWidth, height / 256 + 0.5);
    }
    context.fillStyle = MUTED;
    context.font = this.font(10);
    context.textAlign = "left";
    context.textBaseline = "middle";
    const values = [-zmax, 0, zmax];
    values.forEach((v, i) => context.fillText(tickText(v, values), left + barWidth + 3 * s,
                                              top + height - (i / 2) * height));
    context.save();
    context.translate(left + barWidth + 40 * s, top + height / 2);
    context.rotate(-Math.PI / 2);
    context.textAlign = "center";
    context.fillText(this.spec.colorbar, 0, 0);
    context.restore();
  }

  hover(px, py) {
    const { cell, panels } = this.geometry(this.width, this.height);
    for (let l = 0; l < panels.length; l++) {
      const panel = panels[l];
      if (px < panel.left || px >= panel.left + panel.width || py < panel.top
          || py >= panel.top + panel.height) continue;
      const layer = this.values(l + 1);
      if (!layer) return null;
      const c = Math.floor((px - panel.left) / cell);
      const r = Math.floor((py - panel.top) / cell);
      const spec = this.spec.layers[l];
      const v = layer.values[r * layer.cols + c];
      const shown = Number.isFinite(v) ? v.toFixed(4) : this.overflowWord;
      return [`${spec.rows[r]} \u2192 ${spec.cols[c]}: ${shown}`];
    }
    return null;
  }
}

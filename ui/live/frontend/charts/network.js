// "network" chart: columns of neurons (inputs, hidden layers, outputs), each drawn as a
// thumbnail of its output over the input plane, joined by edges whose width and opacity grow
// with |w| / zmax (orange negative, blue positive), in the style of TensorFlow Playground.
import { ByteImage, Chart, MUTED, TEXT, fitText, hexToRgb, lutFromBase64 } from "./base.js";

const LEVELS = 5;          // edge widths per sign
const FRAME = "#9aa3ae";

export class NetworkChart extends Chart {
  constructor(spec, cell, view) {
    super(spec, cell, view);
    this.lut = lutFromBase64(spec.lut);
    this.atlas = new ByteImage();
    this.paintedArray = null;
    if (spec.edit) this.buildEditButtons(spec.edit);
  }

  // + and - for hidden layers (top left, after the title) and for the neurons of each hidden
  // layer (above its column). A click asks the page for the new shape ("edit" trigger).
  buildEditButtons(edit) {
    const make = (text, title, payload, disabled) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "live-edit";
      button.textContent = text;
      button.title = title;
      button.disabled = disabled;
      button.addEventListener("click", (event) => {
        event.stopPropagation();
        this.view.trigger?.("edit", payload);
      });
      return button;
    };
    const columns = this.spec.columns;
    const hidden = columns.length - 2;
    this.layerButtons = document.createElement("div");
    this.layerButtons.className = "live-edit-group";
    this.layerButtons.append(
      make("+", edit.add_layer, { op: "add_layer" }, hidden >= edit.max_layers),
      make("\u2212", edit.remove_layer, { op: "remove_layer" }, hidden === 0),
    );
    const label = document.createElement("span");
    label.textContent = (hidden === 1 ? edit.one_layer : edit.layers).replace("{n}", hidden);
    this.layerButtons.prepend(label);
    this.cell.appendChild(this.layerButtons);
    this.neuronButtons = columns.slice(1, -1).map((column, index) => {
      const group = document.createElement("div");
      group.className = "live-edit-group";
      group.append(
        make("+", edit.add_neuron, { op: "add_neuron", layer: index + 1 },
             column.total >= edit.max_neurons),
        make("\u2212", edit.remove_neuron, { op: "remove_neuron", layer: index + 1 },
             column.total <= 1),
      );
      this.cell.appendChild(group);
      return group;
    });
  }

  placeEditButtons(nodes, top) {
    if (!this.layerButtons) return;
    const s = this.scale;
    const size = `${Math.round(12 * s)}px`;
    this.layerButtons.style.fontSize = size;
    this.context.font = this.font(14, "600");
    this.layerButtons.style.left = `${Math.round(12 + this.context.measureText(this.spec.title).width + 10 * s)}px`;
    this.layerButtons.style.top = `${Math.round(2 * s)}px`;
    // the neurons' + and - only where the columns leave room for them (else: the text field)
    const gap = nodes.length > 1 ? nodes[1][0].x - nodes[0][0].x : Infinity;
    const room = gap >= 46 * s;
    this.neuronButtons.forEach((group, index) => {
      group.style.display = room ? "flex" : "none";
      group.style.fontSize = size;
      group.style.left = `${Math.round(nodes[index + 1][0].x - 22 * s)}px`;
      group.style.top = `${Math.round(top - 50 * s)}px`;
    });
  }

  // Node centres per column and the node size, in pixels.
  geometry(width, height) {
    const s = this.scale;
    const columns = this.spec.columns;
    const top = (this.spec.title ? 24 : 4) * s + 32 * s + (this.spec.edit ? 22 * s : 0);
    const bottom = 20 * s;
    const shown = Math.max(...columns.map((c) => c.names.length));
    this.labelFont = this.font(11);
    const context = this.context;
    context.font = this.labelFont;
    const inputWidth = Math.min(70 * s, Math.max(...columns[0].names.map((n) => context.measureText(n).width)));
    const outputWidth = Math.min(50 * s, Math.max(...columns.at(-1).names.map((n) => context.measureText(n).width)));
    const left = inputWidth + 14 * s;
    const right = outputWidth + 14 * s;
    const gap = (width - left - right) / Math.max(1, columns.length - 1);
    const size = Math.max(8, Math.min((height - top - bottom) / (shown * 1.3), gap * 0.42, 60 * s));
    const middle = top + (height - top - bottom) / 2;
    const nodes = columns.map((column, c) => column.names.map((_, i) => ({
      x: left + c * gap,
      y: middle + (i - (column.names.length - 1) / 2) * size * 1.3,
    })));
    // keep the first and last columns inside the chart
    for (const node of nodes[0]) node.x = Math.max(node.x, left + size / 2);
    for (const node of nodes.at(-1)) node.x = Math.min(node.x, width - right - size / 2);
    return { size, nodes, top };
  }

  weights(layer) {
    return this.view.data.arrays?.[`W${layer}`];
  }

  render(context, width, height) {
    const geometry = this.geometry(width, height);
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, height);
    this.drawEdges(context, geometry);
    this.drawThumbnails(context, geometry);
    const key = [width, height, this.scale].join(",");
    this.drawCached(context, key, (layer) => this.drawLabels(layer, geometry));
  }

  drawEdges(context, { size, nodes }) {
    const zmax = this.view.data.header?.zmax || 1;
    const colors = [hexToRgb(this.spec.negative), hexToRgb(this.spec.positive)];
    const paths = Array.from({ length: 2 * LEVELS }, () => []);
    for (let layer = 1; layer < nodes.length; layer++) {
      const W = this.weights(layer);
      if (!W) continue;
      const [, nOut] = W.shape;
      for (let i = 0; i < nodes[layer - 1].length; i++) {
        for (let j = 0; j < nodes[layer].length; j++) {
          const w = W[i * nOut + j];
          if (!Number.isFinite(w)) continue;
          const level = Math.min(LEVELS - 1, Math.floor((Math.abs(w) / zmax) * LEVELS));
          paths[(w >= 0 ? LEVELS : 0) + level].push(nodes[layer - 1][i], nodes[layer][j]);
        }
      }
    }
    const half = size / 2;
    paths.forEach((ends, index) => {
      if (!ends.length) return;
      const level = index % LEVELS;
      const [r, g, b] = colors[index < LEVELS ? 0 : 1];
      context.strokeStyle = `rgba(${r},${g},${b},${0.3 + (0.6 * level) / (LEVELS - 1)})`;
      context.lineWidth = (0.6 + (3.4 * level) / (LEVELS - 1)) * Math.min(this.scale, 1.5);
      context.beginPath();
      for (let k = 0; k < ends.length; k += 2) {
        context.moveTo(ends[k].x + half, ends[k].y);
        context.lineTo(ends[k + 1].x - half, ends[k + 1].y);
      }
      context.stroke();
    });
  }

  drawThumbnails(context, { size, nodes }) {
    const thumbs = this.view.data.arrays?.thumbs;
    if (!thumbs) return;
    const [count, rows, cols] = thumbs.shape;
    if (this.paintedArray !== thumbs) {
      this.atlas.paint(thumbs, count * rows, cols, this.lut, rows);
      this.paintedArray = thumbs;
    }
    context.imageSmoothingEnabled = true;
    let index = 0;
    for (const column of nodes) {
      for (const node of column) {
        if (index >= count) return;
        context.drawImage(this.atlas.canvas, 0, index * rows, cols, rows,
                          node.x - size / 2, node.y - size / 2, size, size);
        index++;
      }
    }
  }

  drawLabels(context, { size, nodes, top }) {
    const s = this.scale;
    const columns = this.spec.columns;
    this.drawTitle(context, this.spec.title);
    if (!this.exporting) this.placeEditButtons(nodes, top);
    context.strokeStyle = FRAME;
    context.lineWidth = 1;
    for (const column of nodes) {
      for (const node of column) {
        context.strokeRect(node.x - size / 2 - 0.5, node.y - size / 2 - 0.5, size + 1, size + 1);
      }
    }
    const gap = nodes.length > 1 ? nodes[1][0].x - nodes[0][0].x : 100;
    columns.forEach((column, c) => {
      const x = nodes[c][0].x;
      context.textAlign = "center";
      context.textBaseline = "bottom";
      context.fillStyle = TEXT;
      context.font = this.font(11);
      const firstY = nodes[c][0].y - size / 2 - 4 * s;
      const titleY = Math.min(firstY - (column.subtitle ? 14 * s : 0), top - 14 * s);
      const room = gap * 0.95;
      context.fillText(shortest(context, [column.title, column.short], room), x, titleY);
      if (column.subtitle) {
        context.fillStyle = MUTED;
        context.fillText(fitText(context, column.subtitle, room), x, titleY + 14 * s);
      }
      if (column.total > column.names.length) {
        context.fillStyle = MUTED;
        context.textBaseline = "top";
        const hidden = column.total - column.names.length;
        const more = [this.spec.labels.more, "+{n}"].map((text) => text.replace("{n}", hidden));
        context.fillText(shortest(context, more, room), x, nodes[c].at(-1).y + size / 2 + 3 * s);
      }
    });
    context.fillStyle = TEXT;
    context.font = this.font(11);
    context.textBaseline = "middle";
    context.textAlign = "right";
    columns[0].names.forEach((name, i) => {
      const node = nodes[0][i];
      context.fillText(fitText(context, name, 70 * s), node.x - size / 2 - 5 * s, node.y);
    });
    context.textAlign = "left";
    columns.at(-1).names.forEach((name, i) => {
      const node = nodes.at(-1)[i];
      context.fillText(fitText(context, name, 50 * s), node.x + size / 2 + 5 * s, node.y);
    });
  }

  hover(px, py) {
    const { size, nodes } = this.geometry(this.width, this.height);
    const columns = this.spec.columns;
    for (let c = 0; c < nodes.length; c++) {
      for (let i = 0; i < nodes[c].length; i++) {
        const node = nodes[c][i];
        if (Math.abs(px - node.x) <= size / 2 && Math.abs(py - node.y) <= size / 2) {
          const lines = [columns[c].names[i]];
          const bias = c > 0 ? this.view.data.arrays?.[`b${c}`] : null;
          if (bias) lines.push(`${this.spec.labels.bias}: ${bias[i].toFixed(3)}`);
          return lines;
        }
      }
    }
    let best = null;
    let bestDistance = 4;
    for (let layer = 1; layer < nodes.length; layer++) {
      const W = this.weights(layer);
      if (!W) continue;
      for (let i = 0; i < nodes[layer - 1].length; i++) {
        for (let j = 0; j < nodes[layer].length; j++) {
          const a = { x: nodes[layer - 1][i].x + size / 2, y: nodes[layer - 1][i].y };
          const b = { x: nodes[layer][j].x - size / 2, y: nodes[layer][j].y };
          const d = segmentDistance(px, py, a, b);
          if (d < bestDistance) {
            bestDistance = d;
            const w = W[i * W.shape[1] + j];
            best = [`${columns[layer - 1].names[i]} \u2192 ${columns[layer].names[j]}: ${w.toFixed(3)}`];
          }
        }
      }
    }
    return best;
  }
}

// The first of `texts` that fits `width` (the last one cut to fit when none does).
function shortest(context, texts, width) {
  const candidates = texts.filter(Boolean);
  const fitting = candidates.find((text) => context.measureText(text).width <= width);
  return fitting ?? fitText(context, candidates.at(-1), width);
}

function segmentDistance(px, py, a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

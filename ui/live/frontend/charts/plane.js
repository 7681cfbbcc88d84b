// "plane" charts: a 2-D plane with a colour image (the network's output), lattice lines and
// points. Used for the decision boundary, the compared runs and the hidden space.
import {
  AXIS, ByteImage, Chart, MUTED, TEXT, lutFromBase64, tickText, ticks,
} from "./base.js";

const POINT_RADIUS = 3.5;
const HOVER_RADIUS = 8;

export class PlaneChart extends Chart {
  constructor(spec, cell, view) {
    super(spec, cell, view);
    this.picture = new ByteImage();
    this.paintedArray = null;
    this.lut = spec.image ? lutFromBase64(spec.image.lut) : null;
  }

  ranges() {
    const own = this.view.data.header?.ranges?.[this.spec.name];
    if (own) return own;
    return [...this.spec.x.range, ...this.spec.y.range];
  }

  // The plot area in pixels for the given ranges (square units when equal_aspect).
  box(width, height, ranges) {
    const s = this.scale;
    const top = this.titleHeight() + 6 * s;
    const left = 48 * s;
    const bottom = 40 * s;
    const right = 10 * s;
    let w = Math.max(10, width - left - right);
    let h = Math.max(10, height - top - bottom);
    if (this.spec.equal_aspect) {
      const [x0, x1, y0, y1] = ranges;
      const unit = Math.min(w / (x1 - x0), h / (y1 - y0));
      w = unit * (x1 - x0);
      h = unit * (y1 - y0);
    }
    const extra = Math.max(0, width - left - right - w);
    return { left: left + extra / 2, top, width: w, height: h };
  }

  titleHeight() { return this.spec.title ? 24 * this.scale : 4 * this.scale; }

  mapper(box, ranges) {
    const [x0, x1, y0, y1] = ranges;
    return {
      x: (v) => box.left + ((v - x0) / (x1 - x0)) * box.width,
      y: (v) => box.top + box.height - ((v - y0) / (y1 - y0)) * box.height,
      dataX: (px) => x0 + ((px - box.left) / box.width) * (x1 - x0),
      dataY: (py) => y0 + ((box.top + box.height - py) / box.height) * (y1 - y0),
    };
  }

  render(context, width, height) {
    const spec = this.spec;
    const arrays = this.view.data.arrays || {};
    const ranges = this.ranges();
    const box = this.box(width, height, ranges);
    const map = this.mapper(box, ranges);
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, height);
    context.save();
    context.beginPath();
    context.rect(box.left, box.top, box.width, box.height);
    context.clip();
    const image = spec.image && arrays[spec.image.array];
    if (image) this.drawImage(context, image, map, ranges);
    const lattice = spec.lattice && arrays[spec.lattice.array];
    if (lattice) this.drawLattice(context, lattice, map);
    const moving = spec.moving_points && arrays[spec.moving_points.array];
    if (moving) this.drawMovingPoints(context, moving, map);
    context.restore();
    const key = [width, height, this.scale, ...ranges].join(",");
    this.drawCached(context, key, (layer) => {
      layer.save();
      layer.beginPath();
      layer.rect(box.left - 6, box.top - 6, box.width + 12, box.height + 12);
      layer.clip();
      for (const series of spec.points) this.drawPoints(layer, series, map);
      layer.restore();
      this.drawAxes(layer, box, ranges, map);
    });
  }

  // The image covers its extent, or the whole plane when its extent moves with the axes.
  drawImage(context, bytes, map, ranges) {
    const [rows, cols] = bytes.shape;
    if (this.paintedArray !== bytes) {
      this.picture.paint(bytes, rows, cols, this.lut);
      this.paintedArray = bytes;
    }
    const [x0, x1, y0, y1] = this.spec.image.extent || ranges;
    context.imageSmoothingEnabled = Boolean(this.spec.image.smooth);
    const left = map.x(x0);
    const top = map.y(y1);
    context.drawImage(this.picture.canvas, left, top, map.x(x1) - left, map.y(y0) - top);
  }

  drawLattice(context, lines, map) {
    const [count, points] = lines.shape;
    const half = count / 2;
    context.lineWidth = 1;
    context.globalAlpha = 0.75;
    for (let family = 0; family < 2; family++) {
      context.strokeStyle = this.spec.lattice.colors[family];
      context.beginPath();
      for (let line = family * half; line < (family + 1) * half; line++) {
        let pen = false;
        for (let p = 0; p < points; p++) {
          const k = (line * points + p) * 2;
          const x = lines[k];
          const y = lines[k + 1];
          if (!Number.isFinite(x) || !Number.isFinite(y)) { pen = false; continue; }
          if (pen) context.lineTo(map.x(x), map.y(y)); else context.moveTo(map.x(x), map.y(y));
          pen = true;
        }
      }
      context.stroke();
    }
    context.globalAlpha = 1;
  }

  drawMovingPoints(context, xy, map) {
    const colors = this.spec.moving_points.colors;
    const groups = new Map();
    for (let i = 0; i < xy.shape[0]; i++) {
      const color = colors[i];
      if (!groups.has(color)) groups.set(color, []);
      groups.get(color).push(xy[2 * i], xy[2 * i + 1]);
    }
    for (const [color, values] of groups) {
      this.pointPath(context, values, map, "circle");
      context.fillStyle = color;
      context.fill();
      context.strokeStyle = "#ffffff";
      context.lineWidth = 1;
      context.stroke();
    }
  }

  radius() { return POINT_RADIUS * Math.min(this.scale, 1.5); }

  pointPath(context, values, map, symbol) {
    const r = this.radius();
    context.beginPath();
    for (let i = 0; i < values.length; i += 2) {
      const x = map.x(values[i]);
      const y = map.y(values[i + 1]);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (symbol === "diamond") {
        const d = r * 1.25;
        context.moveTo(x, y - d);
        context.lineTo(x + d, y);
        context.lineTo(x, y + d);
        context.lineTo(x - d, y);
        context.closePath();
      } else {
        context.moveTo(x + r, y);
        context.arc(x, y, r, 0, 2 * Math.PI);
      }
    }
  }

  drawPoints(context, series, map) {
    const byColor = new Map();
    for (let i = 0; i < series.x.length; i++) {
      const color = series.color || series.colors[i];
      if (!byColor.has(color)) byColor.set(color, []);
      byColor.get(color).push(series.x[i], series.y[i]);
    }
    for (const [color, values] of byColor) {
      this.pointPath(context, values, map, series.symbol);
      context.fillStyle = color;
      context.fill();
      context.strokeStyle = series.outline;
      context.lineWidth = 1;
      context.stroke();
    }
  }

  drawAxes(context, box, ranges, map) {
    const s = this.scale;
    const [x0, x1, y0, y1] = ranges;
    this.drawTitle(context, this.spec.title);
    context.strokeStyle = AXIS;
    context.lineWidth = 1;
    context.strokeRect(box.left - 0.5, box.top - 0.5, box.width + 1, box.height + 1);
    context.fillStyle = MUTED;
    context.font = this.font(11);
    const xs = ticks(x0, x1, Math.max(3, Math.round(box.width / (70 * s))));
    context.textAlign = "center";
    context.textBaseline = "top";
    for (const v of xs) context.fillText(tickText(v, xs), map.x(v), box.top + box.height + 4 * s);
    const ys = ticks(y0, y1, Math.max(3, Math.round(box.height / (45 * s))));
    context.textAlign = "right";
    context.textBaseline = "middle";
    for (const v of ys) context.fillText(tickText(v, ys), box.left - 5 * s, map.y(v));
    context.fillStyle = TEXT;
    context.font = this.font(12);
    context.textAlign = "center";
    context.textBaseline = "bottom";
    context.fillText(this.spec.x.title, box.left + box.width / 2, box.top + box.height + 36 * s);
    context.save();
    context.translate(box.left - 36 * s, box.top + box.height / 2);
    context.rotate(-Math.PI / 2);
    context.textBaseline = "bottom";
    context.fillText(this.spec.y.title, 0, 0);
    context.restore();
  }

  locate(px, py) {
    const ranges = this.ranges();
    const box = this.box(this.width, this.height, ranges);
    const inside = px >= box.left && px <= box.left + box.width && py >= box.top
      && py <= box.top + box.height;
    return { box, ranges, map: this.mapper(box, ranges), inside };
  }

  hover(px, py) {
    const { map, inside } = this.locate(px, py);
    if (!inside) return null;
    const x = map.dataX(px);
    const y = map.dataY(py);
    const lines = [`(${x.toFixed(2)}, ${y.toFixed(2)})`];
    const near = this.nearestPoint(px, py, map);
    if (near) lines.unshift(near);
    const value = this.imageValue(x, y, this.ranges());
    if (value) lines.push(value);
    return lines;
  }

  nearestPoint(px, py, map) {
    let best = null;
    let bestDistance = HOVER_RADIUS;
    for (const series of this.spec.points) {
      for (let i = 0; i < series.x.length; i++) {
        const d = Math.hypot(map.x(series.x[i]) - px, map.y(series.y[i]) - py);
        if (d < bestDistance) {
          bestDistance = d;
          const extra = series.hover ? ` ${series.hover[i]}` : "";
          best = `${series.name}${extra}`;
        }
      }
    }
    return best;
  }

  imageValue(x, y, ranges) {
    const image = this.spec.image;
    const bytes = image && this.view.data.arrays?.[image.array];
    if (!bytes) return null;
    const [rows, cols] = bytes.shape;
    const [x0, x1, y0, y1] = image.extent || ranges;
    const col = Math.floor(((x - x0) / (x1 - x0)) * cols);
    const row = Math.floor(((y - y0) / (y1 - y0)) * rows);
    if (col < 0 || col >= cols || row < 0 || row >= rows) return null;
    const byte = bytes[row * cols + col];
    const hover = image.hover;
    if (hover.classes) {
      const per = Math.floor(256 / hover.classes);
      const shade = (byte % per) / (per - 1);
      const confidence = 1 / hover.classes + shade * (1 - 1 / hover.classes);
      const name = hover.class_label.replace("{c}", Math.floor(byte / per));
      return `${hover.label}: ${name} (${Math.round(confidence * 100)}%)`;
    }
    const [lo, hi] = hover.range;
    return `${hover.label}: ${(lo + ((hi - lo) * byte) / 255).toFixed(3)}`;
  }

  click(px, py) {
    if (!this.spec.clickable) return null;
    const { map, inside } = this.locate(px, py);
    return inside ? { x: map.dataX(px), y: map.dataY(py) } : null;
  }
}

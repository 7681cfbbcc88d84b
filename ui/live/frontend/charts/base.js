// Shared pieces of the live charts: the Chart base class (one canvas, sized to its cell at the
// device pixel ratio, redrawn only when its data changed), nice axis ticks, number formats,
// colour tables and byte images.

export const TEXT = "#31333f";
export const MUTED = "#6b7280";
export const GRID = "#eceef1";
export const AXIS = "#c9ced6";
export const BASE_FONT_PX = 12;

// ---- numbers ----------------------------------------------------------------------------------

const FINE = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
const COARSE = [1, 2, 5];

// Smallest m * 10^e >= value with m from the ladder (0 for value <= 0 or non-finite).
export function niceCeil(value, ladder = FINE) {
  if (!(value > 0) || !Number.isFinite(value)) return 0;
  let exponent = Math.floor(Math.log10(value));
  for (let round = 0; round < 2; round++, exponent++) {
    for (const m of ladder) {
      const candidate = Number((m * 10 ** exponent).toPrecision(12));
      if (candidate >= value * (1 - 1e-12)) return candidate;
    }
  }
  return Number((ladder[0] * 10 ** exponent).toPrecision(12));
}

export const niceCeilCoarse = (value) => niceCeil(value, COARSE);

// About `count` round tick values covering [lo, hi] (steps 1, 2 or 5 times a power of ten).
export function ticks(lo, hi, count = 5) {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * 0.999) || raw;
  const first = Math.ceil(lo / step - 1e-9) * step;
  const values = [];
  for (let v = first; v <= hi + step * 1e-9; v += step) values.push(Number(v.toPrecision(12)));
  return values;
}

// Tick text: as short as the step allows ("0.25", "1k" never: plain numbers, minus sign).
export function tickText(value, values) {
  const step = values.length > 1 ? Math.abs(values[1] - values[0]) : Math.abs(value) || 1;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  const text = Math.abs(value) >= 1e6 || (Math.abs(value) > 0 && Math.abs(value) < 1e-4)
    ? value.toExponential(1) : value.toFixed(decimals);
  return text.replace("-", "\u2212");
}

// A value for counters and tooltips: never longer than 12 characters. An infinite value reads
// `overflow` (the page's word for it, from the view's labels).
export function formatValue(value, format = "loss", overflow = "overflow") {
  if (value === null || value === undefined || Number.isNaN(value)) return "\u2013";
  if (!Number.isFinite(value)) return overflow;
  if (format === "int") return Math.round(value).toLocaleString("en-US");
  if (format === "percent") return `${(value * 100).toFixed(1)}%`;
  if (format === "rate") return Math.round(value).toLocaleString("en-US");
  const size = Math.abs(value);
  if (size !== 0 && (size >= 1e5 || size < 1e-4)) return value.toExponential(2);
  return value.toFixed(4);
}

// ---- colours and byte images -------------------------------------------------------------------

export function lutFromBase64(text) {
  const binary = atob(text);
  const table = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) table[i] = binary.charCodeAt(i);
  return table;
}

export function hexToRgb(hex) {
  const h = hex.replace("#", "");
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
}

export function rgba(hex, alpha) {
  const [r, g, b] = hexToRgb(hex);
  return `rgba(${r},${g},${b},${alpha})`;
}

// An offscreen canvas holding a byte image (rows x cols) coloured by `lut`. The bytes run row by
// row; every block of `flipRows` rows is turned upside down (row 0 at the bottom, as for a
// plane; 1 keeps the rows as they are, e.g. a weight matrix).
export class ByteImage {
  constructor() {
    this.canvas = document.createElement("canvas");
    this.context = this.canvas.getContext("2d");
    this.image = null;
  }

  paint(bytes, rows, cols, lut, flipRows = rows) {
    if (this.canvas.width !== cols || this.canvas.height !== rows) {
      this.canvas.width = cols;
      this.canvas.height = rows;
      this.image = null;
    }
    this.image ??= this.context.createImageData(cols, rows);
    const pixels = this.image.data;
    for (let r = 0; r < rows; r++) {
      const block = r - (r % flipRows);
      const target = (block + flipRows - 1 - (r % flipRows)) * cols * 4;
      const source = r * cols;
      for (let c = 0; c < cols; c++) {
        const k = bytes[source + c] * 3;
        const p = target + c * 4;
        pixels[p] = lut[k];
        pixels[p + 1] = lut[k + 1];
        pixels[p + 2] = lut[k + 2];
        pixels[p + 3] = 255;
      }
    }
    this.context.putImageData(this.image, 0, 0);
    return this.canvas;
  }
}

// ---- the chart base class -----------------------------------------------------------------------

export class Chart {
  // spec: this chart's spec; cell: its element ([data-chart]); view: the LiveView (fonts, data).
  constructor(spec, cell, view) {
    this.spec = spec;
    this.cell = cell;
    this.view = view;
    this.canvas = document.createElement("canvas");
    this.canvas.className = "live-canvas";
    cell.appendChild(this.canvas);
    this.context = this.canvas.getContext("2d");
    this.width = 0;
    this.height = 0;
    this.dirty = true;
  }

  get scale() { return this.view.fontScale; }

  get overflowWord() { return this.view.labels?.overflow ?? "overflow"; }

  font(px, weight = "") {
    return `${weight} ${Math.round(px * this.scale)}px ${this.view.fontFamily}`.trim();
  }

  resize(width, height) {
    const ratio = window.devicePixelRatio || 1;
    if (width === this.width && height === this.height && ratio === this.ratio) return;
    this.width = width;
    this.height = height;
    this.ratio = ratio;
    this.canvas.width = Math.max(1, Math.round(width * ratio));
    this.canvas.height = Math.max(1, Math.round(height * ratio));
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.invalidate();
  }

  // Static parts (axes, labels) must be drawn again: size, fonts or spec changed.
  invalidate() {
    this.staticKey = null;
    this.dirty = true;
  }

  draw() {
    if (!this.dirty || this.width < 2 || this.height < 2) return false;
    const context = this.context;
    context.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    this.render(context, this.width, this.height);
    this.dirty = false;
    return true;
  }

  // A PNG of the chart at twice its size on white.
  exportPng(fileName) {
    const scale = 2;
    const canvas = document.createElement("canvas");
    canvas.width = this.width * scale;
    canvas.height = this.height * scale;
    const context = canvas.getContext("2d");
    context.setTransform(scale, 0, 0, scale, 0, 0);
    this.exporting = true;
    try {
      this.render(context, this.width, this.height);
    } finally {
      this.exporting = false;
    }
    canvas.toBlob((blob) => {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    }, "image/png");
  }

  // Subclasses: render(context, width, height); hover(x, y) -> [lines] | null;
  // click(x, y) -> {x, y} | null.
  hover() { return null; }

  click() { return null; }

  // The title at the top left; returns the height it takes.
  drawTitle(context, text) {
    if (!text) return 4 * this.scale;
    context.fillStyle = TEXT;
    context.font = this.font(14, "600");
    context.textBaseline = "top";
    context.textAlign = "left";
    context.fillText(text, 4, 4);
    return 24 * this.scale;
  }

  // Draw the parts that change rarely (axes, labels, points) through a cached canvas that is
  // painted again only when `key` changes (an export paints them directly, at full resolution).
  drawCached(context, key, paint) {
    if (this.exporting) {
      paint(context);
      return;
    }
    if (this.staticKey !== key || !this.layer) {
      this.layer ??= document.createElement("canvas");
      this.layer.width = this.canvas.width;
      this.layer.height = this.canvas.height;
      const layerContext = this.layer.getContext("2d");
      layerContext.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
      layerContext.clearRect(0, 0, this.width, this.height);
      paint(layerContext);
      this.staticKey = key;
    }
    context.drawImage(this.layer, 0, 0, this.width, this.height);
  }
}

// Fit text into `width` pixels with an ellipsis.
export function fitText(context, text, width) {
  if (context.measureText(text).width <= width) return text;
  let cut = text.length;
  while (cut > 1 && context.measureText(`${text.slice(0, cut)}\u2026`).width > width) cut--;
  return `${text.slice(0, cut)}\u2026`;
}

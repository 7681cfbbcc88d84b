// "bars" chart: small histograms in a grid (e.g. activations and backward deltas per layer).
// Panel p's counts come in frame data "<array>" (bins,) and its x range in "<array>.range".
import { AXIS, Chart, MUTED, TEXT, fitText, tickText, ticks } from "./base.js";

export class BarsChart extends Chart {
  panels(width, height) {
    const s = this.scale;
    const columns = this.spec.columns;
    const rows = Math.ceil(this.spec.panels.length / columns);
    const top = (this.spec.title ? 24 : 4) * s;
    const cellWidth = (width - 40 * s) / columns;
    const cellHeight = (height - top) / rows;
    return this.spec.panels.map((panel, index) => {
      const col = index % columns;
      const row = Math.floor(index / columns);
      return { ...panel, left: 40 * s + col * cellWidth + 8 * s, top: top + row * cellHeight + 18 * s,
               width: cellWidth - 20 * s, height: cellHeight - 40 * s };
    });
  }

  render(context, width, height) {
    const s = this.scale;
    const arrays = this.view.data.arrays || {};
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, height);
    this.drawTitle(context, this.spec.title);
    this.panels(width, height).forEach((panel, index) => {
      const counts = arrays[panel.array];
      const range = arrays[`${panel.array}.range`];
      context.fillStyle = TEXT;
      context.font = this.font(11);
      context.textAlign = "center";
      context.textBaseline = "bottom";
      context.fillText(fitText(context, panel.title, panel.width + 16 * s),
                       panel.left + panel.width / 2, panel.top - 3 * s);
      context.strokeStyle = AXIS;
      context.beginPath();
      context.moveTo(panel.left, panel.top);
      context.lineTo(panel.left, panel.top + panel.height);
      context.lineTo(panel.left + panel.width, panel.top + panel.height);
      context.stroke();
      if (!counts || !range) return;
      const peak = Math.max(1, ...counts);
      const barWidth = panel.width / counts.length;
      context.fillStyle = panel.color;
      for (let i = 0; i < counts.length; i++) {
        const h = (counts[i] / peak) * panel.height;
        context.fillRect(panel.left + i * barWidth + 0.5, panel.top + panel.height - h,
                         Math.max(1, barWidth - 1), h);
      }
      context.fillStyle = MUTED;
      context.font = this.font(10);
      const xs = ticks(range[0], range[1], 3);
      context.textBaseline = "top";
      for (const v of xs) {
        const x = panel.left + ((v - range[0]) / (range[1] - range[0])) * panel.width;
        context.fillText(tickText(v, xs), x, panel.top + panel.height + 3 * s);
      }
      context.textAlign = "right";
      context.textBaseline = "middle";
      context.fillText(String(peak), panel.left - 4 * s, panel.top);
      context.fillText("0", panel.left - 4 * s, panel.top + panel.height);
      if (index % this.spec.columns === 0 && this.spec.y_title) {
        context.save();
        context.translate(12 * s, panel.top + panel.height / 2);
        context.rotate(-Math.PI / 2);
        context.textAlign = "center";
        context.fillText(this.spec.y_title, 0, 0);
        context.restore();
      }
    });
  }

  hover(px, py) {
    for (const panel of this.panels(this.width, this.height)) {
      if (px < panel.left || px > panel.left + panel.width || py < panel.top
          || py > panel.top + panel.height) continue;
      const counts = this.view.data.arrays?.[panel.array];
      const range = this.view.data.arrays?.[`${panel.array}.range`];
      if (!counts || !range) return null;
      const bin = Math.min(counts.length - 1, Math.floor(((px - panel.left) / panel.width) * counts.length));
      const width = (range[1] - range[0]) / counts.length;
      const lo = range[0] + bin * width;
      return [`${panel.title}`, `${lo.toPrecision(3)} \u2026 ${(lo + width).toPrecision(3)}: ${counts[bin]}`];
    }
    return null;
  }
}

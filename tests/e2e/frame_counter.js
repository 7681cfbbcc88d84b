// Chart update counter for the browser tests and bench/frames.py, installed with page.add_init_script before the
// page loads (so it runs before any of the page's own scripts).
//
// A chart is the element that carries data-chart="<name>". A chart is updated in an animation
// frame when, since the previous frame, the DOM changed inside it (a MutationObserver on the
// whole document: childList, attributes, characterData, subtree; changes of the data-chart
// attribute itself are ignored) or one of its canvases drew (CanvasRenderingContext2D methods
// that change pixels; canvases not connected to the document, such as offscreen caches, are
// ignored). Each frame counts at most one update per chart. A change is attributed to its chart
// in the next frame callback, so an element tagged just after it changed still gets the change.
// Shadow roots are observed too (attachShadow is wrapped) and data-chart lookups cross them.
//
// window.__frameCounter:
//   read(textSelector) -> {now, frames, firstDrawn, charts: {name: {count, last, drawn}},
//                          text: textContent of textSelector or null}   (times: performance.now())
//   `last`: the time of the chart's last change; `drawn`: of its first change after which the
//   chart was not blank (the blank samples' test below), so markup parsed into a chart before
//   anything is drawn does not count; firstDrawn: the earliest `drawn`.
//   click(selector)    -> performance.now() taken just before element.click()
//   find(selector)     -> the first match in the document or a shadow root, or null
//   startBlankSampler(names, everyMs) / stopBlankSampler() -> {samples, blank: {name: count}}
(() => {
  if (window.__frameCounter) return;

  const DRAW_METHODS = [
    'drawImage', 'putImageData', 'fill', 'stroke', 'fillRect', 'strokeRect', 'clearRect',
    'fillText', 'strokeText',
  ];
  const SVG_SHAPES = 'path, line, polyline, polygon, rect, circle, ellipse, text, image';
  const GRID_LINES = 8;      // blank test: rows and columns of pixels read per canvas
  const SCRATCH_SIZE = 32;   // blank test for canvases never drawn through a 2-D context

  const counter = { frames: 0, firstDrawn: null, charts: {} };
  const shadowRoots = [];
  const dirty = new Map();         // changed node -> time of its last change in this frame
  const contexts = new WeakMap();  // canvas -> the 2-D context it was drawn with

  // The nearest [data-chart] element at or above `node`, crossing shadow-root boundaries.
  const chartOf = (node) => {
    let element = node instanceof ShadowRoot ? node.host
      : node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    while (element) {
      const chart = element.closest('[data-chart]');
      if (chart) return chart;
      const root = element.getRootNode();
      element = root instanceof ShadowRoot ? root.host : null;
    }
    return null;
  };

  const query = (selector) => {
    const found = document.querySelector(selector);
    if (found) return found;
    for (const root of shadowRoots) {
      const inside = root.querySelector(selector);
      if (inside) return inside;
    }
    return null;
  };

  const prototype = CanvasRenderingContext2D.prototype;
  for (const method of DRAW_METHODS) {
    const original = prototype[method];
    prototype[method] = function (...args) {
      const canvas = this.canvas;
      if (canvas.isConnected) {
        if (!dirty.has(canvas)) contexts.set(canvas, this);
        dirty.set(canvas, performance.now());
      }
      return original.apply(this, args);
    };
  }

  const onMutations = (records) => {
    const now = performance.now();
    for (const record of records) {
      if (record.type === 'attributes' && record.attributeName === 'data-chart') continue;
      dirty.set(record.target, now);
    }
  };
  const observe = (root) => new MutationObserver(onMutations).observe(
    root, { childList: true, attributes: true, characterData: true, subtree: true });
  observe(document);
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (...args) {
    const root = attachShadow.apply(this, args);
    shadowRoots.push(root);
    observe(root);
    return root;
  };

  const tick = () => {
    counter.frames += 1;
    const updated = new Map();  // chart name -> [element, time of the last change]
    for (const [node, time] of dirty) {
      const element = chartOf(node);
      if (!element) continue;
      const name = element.getAttribute('data-chart');
      const seen = updated.get(name);
      if (!seen || seen[1] < time) updated.set(name, [element, time]);
    }
    dirty.clear();
    for (const [name, [element, time]] of updated) {
      const chart = (counter.charts[name] ??= { count: 0, last: time, drawn: null });
      chart.count += 1;
      chart.last = Math.max(chart.last, time);
      if (chart.drawn === null && !isBlank(element)) {
        chart.drawn = time;
        counter.firstDrawn = Math.min(counter.firstDrawn ?? time, time);
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  // --- blank test ---------------------------------------------------------------------------

  const hasBox = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const anyOpaque = (data) => {
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  };
  let scratch = null;
  // True when a sampled pixel of `canvas` has non-zero alpha. A canvas drawn through a 2-D
  // context: read GRID_LINES full-width rows and full-height columns, evenly spaced. Any other
  // canvas (never drawn, WebGL): scale it into a SCRATCH_SIZE square and read that.
  const hasDrawnPixel = (canvas) => {
    const { width, height } = canvas;
    const context = contexts.get(canvas);
    if (context) {
      for (let i = 0; i < GRID_LINES; i += 1) {
        const y = Math.floor(((i + 0.5) * height) / GRID_LINES);
        if (anyOpaque(context.getImageData(0, y, width, 1).data)) return true;
        const x = Math.floor(((i + 0.5) * width) / GRID_LINES);
        if (anyOpaque(context.getImageData(x, 0, 1, height).data)) return true;
      }
      return false;
    }
    if (!scratch) {
      const element = document.createElement('canvas');  // never connected: not counted
      element.width = SCRATCH_SIZE;
      element.height = SCRATCH_SIZE;
      scratch = element.getContext('2d', { willReadFrequently: true });
      scratch.imageSmoothingQuality = 'high';
    }
    scratch.clearRect(0, 0, SCRATCH_SIZE, SCRATCH_SIZE);
    scratch.drawImage(canvas, 0, 0, SCRATCH_SIZE, SCRATCH_SIZE);
    return anyOpaque(scratch.getImageData(0, 0, SCRATCH_SIZE, SCRATCH_SIZE).data);
  };
  // Blank: missing, no box, or nothing drawn. With visible canvases, drawn means one of them
  // has a drawn pixel; without, one of its SVG shapes has a box.
  // matches of `selector` in `element`, including the shadow roots inside it
  const queryAllIn = (element, selector) => [
    ...element.querySelectorAll(selector),
    ...shadowRoots.filter((root) => element.contains(root.host))
      .flatMap((root) => [...root.querySelectorAll(selector)]),
  ];
  const isBlank = (chart) => {
    if (!chart || !hasBox(chart)) return true;
    const canvases = queryAllIn(chart, 'canvas')
      .filter((canvas) => canvas.width > 0 && canvas.height > 0 && hasBox(canvas));
    if (canvases.length) return !canvases.some(hasDrawnPixel);
    return !queryAllIn(chart, SVG_SHAPES).some(hasBox);
  };

  // --- API for bench/frames.py ----------------------------------------------------------------

  counter.read = (textSelector) => ({
    now: performance.now(),
    frames: counter.frames,
    firstDrawn: counter.firstDrawn,
    charts: counter.charts,
    text: textSelector ? query(textSelector)?.textContent ?? null : null,
  });
  counter.click = (selector) => {
    const element = query(selector);
    if (!element) throw new Error(`nothing matches ${selector}`);
    const now = performance.now();
    element.click();
    return now;
  };
  counter.find = query;
  counter.startBlankSampler = (names, everyMs) => {
    const sampler = { samples: 0, blank: Object.fromEntries(names.map((name) => [name, 0])) };
    sampler.timer = setInterval(() => {
      sampler.samples += 1;
      for (const name of names) {
        if (isBlank(query(`[data-chart="${name}"]`))) sampler.blank[name] += 1;
      }
    }, everyMs);
    counter.blankSampler = sampler;
  };
  counter.stopBlankSampler = () => {
    const sampler = counter.blankSampler;
    clearInterval(sampler.timer);
    return { samples: sampler.samples, blank: sampler.blank };
  };
  window.__frameCounter = counter;
})();

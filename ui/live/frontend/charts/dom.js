// Live parts drawn as page elements rather than on a canvas: a table ("table") and a line of
// text ("text"), both filled from the frame header (header.tables[name], header.texts[name]).
// Text goes in with textContent only, never as HTML.

class DomPart {
  constructor(spec, cell, view) {
    this.spec = spec;
    this.cell = cell;
    this.view = view;
    this.dirty = true;
    this.shown = null;
    this.noExport = true;
  }

  resize() {}

  invalidate() { this.dirty = true; }

  hover() { return null; }

  click() { return null; }

  draw() {
    if (!this.dirty) return false;
    this.dirty = false;
    const content = this.content();
    const key = JSON.stringify(content ?? null);
    if (key === this.shown) return false;
    this.shown = key;
    this.render(content);
    return true;
  }
}

export class TableChart extends DomPart {
  constructor(spec, cell, view) {
    super(spec, cell, view);
    if (spec.title) {
      const title = document.createElement("div");
      title.className = "live-table-title";
      title.textContent = spec.title;
      cell.appendChild(title);
    }
    this.table = document.createElement("table");
    this.table.className = "live-table";
    cell.appendChild(this.table);
  }

  content() { return this.view.data.header?.tables?.[this.spec.name]; }

  render(content) {
    const { columns = [], rows = [] } = content || {};
    const head = document.createElement("tr");
    for (const name of columns) {
      const cell = document.createElement("th");
      cell.textContent = name;
      head.appendChild(cell);
    }
    const body = rows.map((row) => {
      const line = document.createElement("tr");
      for (const value of row) {
        const cell = document.createElement("td");
        cell.textContent = value;
        line.appendChild(cell);
      }
      return line;
    });
    this.table.replaceChildren(head, ...body);
  }
}

export class TextChart extends DomPart {
  constructor(spec, cell, view) {
    super(spec, cell, view);
    this.line = document.createElement("div");
    this.line.className = "live-text";
    cell.appendChild(this.line);
  }

  content() { return this.view.data.header?.texts?.[this.spec.name]; }

  render(content) {
    this.line.textContent = content || "";
  }
}

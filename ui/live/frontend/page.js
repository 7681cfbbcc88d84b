// What the live view needs from the page around it: its stylesheet (added to the document
// once), a way to make elements, and two questions about the page (is the user typing into a
// field; which element scrolls).
const STYLE_ID = "live-view-style";
const CSS = `
.live-view { display: flex; flex-direction: column; gap: 0.45rem; }
.live-bar { display: flex; align-items: center; gap: 0.6rem 1rem; flex-wrap: wrap; }
.live-buttons { display: flex; gap: 0.5rem; }
.live-bar button { font: inherit; font-size: 1rem; min-height: 2.5rem; padding: 0.25rem 0.9rem;
  border-radius: 0.5rem; border: 1px solid rgba(49, 51, 63, 0.2); background: #fff;
  color: #31333f; cursor: pointer; display: inline-flex; align-items: center; gap: 0.45rem;
  white-space: nowrap; }
.live-bar button:hover:not(:disabled) { border-color: var(--live-primary); color: var(--live-primary); }
.live-bar button.live-primary { background: var(--live-primary); border-color: var(--live-primary);
  color: #fff; min-width: 7.5rem; justify-content: center; }
.live-bar button.live-primary:hover:not(:disabled) { color: #fff; filter: brightness(0.95); }
.live-bar button:disabled { opacity: 0.45; cursor: not-allowed; }
.live-bar kbd { font: inherit; font-size: 0.8em; opacity: 0.7; }
.live-counters { font-size: 0.9rem; line-height: 1.35; color: #31333f; flex: 1 1 22rem; }
.live-counters b { font-weight: 600; font-variant-numeric: tabular-nums; }
.live-status:empty { display: none; }
.live-status > div { padding: 0.45rem 0.8rem; border-radius: 0.5rem; font-size: 0.9rem; }
.live-alert { background: #fdecea; color: #7d1a1a; }
.live-banner { background: #eef4fb; color: #1f3b5c; }
.live-connection, .live-full { background: #fff4e5; color: #6b4200; }
.live-status code { font-size: 0.95em; padding: 0 0.25em; border-radius: 0.25rem;
  background: rgba(0, 0, 0, 0.06); }
.live-grid { display: grid; gap: 0.4rem 0.9rem; }
.live-cell { position: relative; min-width: 0; min-height: 0; overflow: hidden; }
.live-canvas { display: block; }
.live-png { position: absolute; top: 2px; right: 2px; opacity: 0; font: inherit; font-size: 11px;
  padding: 1px 6px; border: 1px solid #d0d4da; border-radius: 4px; background: rgba(255,255,255,.92);
  color: #31333f; cursor: pointer; }
.live-cell:hover .live-png, .live-png:focus-visible { opacity: 1; }
.live-edit-group { position: absolute; display: flex; align-items: center; gap: 0.25em;
  color: #6b7280; white-space: nowrap; }
.live-edit { font: inherit; font-size: 1em; line-height: 1; width: 1.6em; height: 1.6em;
  padding: 0; border: 1px solid #c9ced6; border-radius: 50%; background: #fff; color: #31333f;
  cursor: pointer; }
.live-edit:hover:not(:disabled) { border-color: var(--live-primary); color: var(--live-primary); }
.live-edit:disabled { opacity: 0.35; cursor: not-allowed; }
.live-table { border-collapse: collapse; font-size: 0.85rem; width: 100%; }
.live-table th, .live-table td { border-bottom: 1px solid #e6e8eb; padding: 0.3rem 0.6rem;
  text-align: left; font-variant-numeric: tabular-nums; }
.live-table th { font-weight: 600; color: #31333f; }
.live-table-title { font-weight: 600; font-size: 1.05rem; margin: 0.3rem 0; color: #31333f; }
.live-text { font-size: 0.9rem; color: #31333f; }
.live-tooltip { position: fixed; z-index: 1000; display: none; pointer-events: none;
  white-space: pre; font-size: 12px; line-height: 1.35; color: #31333f; padding: 4px 7px;
  background: rgba(255, 255, 255, 0.96); border: 1px solid #c9ced6; border-radius: 4px; }
`;

export function element(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

export function typingInto(target) {
  const tag = (target?.tagName || "").toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || target?.isContentEditable;
}

export function scrollParent(node) {
  for (let el = node.parentElement; el; el = el.parentElement) {
    const style = getComputedStyle(el);
    if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight) return el;
  }
  return document.scrollingElement;
}

export function addStyleOnce() {
  if (document.getElementById(STYLE_ID)) return;
  const style = element("style", "", document.head);
  style.id = STYLE_ID;
  style.textContent = CSS;
}

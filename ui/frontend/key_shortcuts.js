// key_shortcuts: keyboard shortcuts that Streamlit's own `shortcut=` cannot take.
// Streamlit reserves "r" (rerun) and "c"; the playground wants r = reset. One listener per page
// (capture phase, so it runs before Streamlit's) clicks the button whose container has the class
// `st-key-<key>`. Keys typed into inputs are left alone.
const SHARED = (window.__keyShortcuts ??= { bindings: {}, installed: false });

function typingInto(target) {
  if (!target) return false;
  const tag = (target.tagName || "").toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
}

function onKeyDown(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || typingInto(event.target)) return;
  const buttonKey = SHARED.bindings[event.key.toLowerCase()];
  if (!buttonKey) return;
  const button = document.querySelector(`.st-key-${buttonKey} button`);
  if (!button || button.disabled) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  button.click();
}

export default function keyShortcuts(component) {
  const payload = typeof component.data === "string" ? JSON.parse(component.data) : component.data;
  SHARED.bindings = (payload && payload.bindings) || {};
  if (!SHARED.installed) {
    window.addEventListener("keydown", onKeyDown, { capture: true });
    SHARED.installed = true;
  }
  return undefined;
}

// The live view's texts (live_view.js): the buttons' labels and states, the counters line and
// the notes above the charts. Each reaches the page only when it changed, and the counters'
// values are changed in place, so a playing view rebuilds no DOM nodes per frame (new nodes
// cost the browser style, layout and layerizing for the whole page in every frame).
import { element } from "./page.js";

// Play/Pause, Step and Reset with their keys, help texts and whether they can be used.
export function renderButtons(view) {
  if (!view.labels) return;
  const labels = view.labels;
  const ready = view.connection === "open";
  const diverged = Boolean(view.data.header.diverged);
  const key = JSON.stringify([labels, view.playing, ready, diverged]);
  if (key === view.buttonsKey) return;
  view.buttonsKey = key;
  const { play, step, reset } = view.buttons;
  const text = (button, label, keyName) => {
    button.textContent = label;
    if (keyName) element("kbd", "", button).textContent = keyName;
  };
  text(play, view.playing ? labels.pause : labels.play, labels.key_space);
  text(step, labels.step, "\u2192");
  text(reset, labels.reset, "r");
  play.title = labels.play_help;
  step.title = labels.step_help;
  reset.title = labels.reset_help;
  play.disabled = !ready || (diverged && !view.playing);
  step.disabled = !ready || diverged;
  reset.disabled = !ready;
}

// "Epoch <b>12</b> · Steps <b>120</b> · ...": built again when the labels change; otherwise
// only the values' text nodes that changed are written.
export function renderCounters(view) {
  const parts = view.data.header.counters || [];
  const labels = JSON.stringify(parts.map(([label]) => label));
  if (labels !== view.counterLabels) {
    view.counterLabels = labels;
    view.counters.replaceChildren();
    view.counterValues = parts.map(([label], i) => {
      if (i) view.counters.append(" \u00b7 ");
      view.counters.append(`${label} `);
      const value = document.createTextNode("");
      element("b", "", view.counters).append(value);
      return value;
    });
  }
  parts.forEach(([, value], i) => {
    const node = view.counterValues[i];
    if (node.data !== String(value)) node.data = value;
  });
}

// The banner, the alert, "reconnecting" and "server full", as far as they apply.
export function renderStatus(view) {
  const header = view.data.header;
  const notes = [];
  if (header.banner) notes.push(["live-banner", header.banner]);
  if (header.alert) notes.push(["live-alert", header.alert]);
  if (view.connection === "lost" && view.labels) notes.push(["live-connection", view.labels.reconnecting]);
  if (view.full && view.labels) notes.push(["live-full", view.labels.server_full]);
  const key = JSON.stringify(notes);
  if (key === view.statusKey) return;
  view.statusKey = key;
  view.status.replaceChildren(...notes.map(([className, text]) => {
    const note = element("div", className);
    // `text in backticks` is a command: shown as code
    text.split("`").forEach((part, i) => {
      if (i % 2) element("code", "", note).textContent = part;
      else note.append(part);
    });
    return note;
  }));
}

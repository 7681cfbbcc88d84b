"""Inside the hidden layer, live: chart specs and the stream's source (no Streamlit).

The live view shows the input plane (decision boundary, lattice, training points), the hidden
plane of two chosen neurons (the lattice and points as those neurons see them, and the output
layer's decision when the two are the whole last layer), the per-layer histograms of
activations and deltas, and the dead ReLU units. Play trains `speed` mini-batches per frame.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ui.common.i18n import divergence_text, t
from ui.common.palette import class_color, get_palette
from ui.hidden_space.model import LATTICE_COLORS, HiddenSpace, activation_range, dead_counts
from ui.live import charts
from ui.live.boundary import boundary_plane, class_labels, grid_bytes, output_bytes, output_image
from ui.live.counters import counter_pairs
from ui.live.source import RebuiltSource, new_run_id

COUNTERS = (("epoch", "stat.epoch", "int"), ("steps", "stat.steps", "int"),
            ("train_loss", "stat.train_loss", "loss"), ("train_acc", "stat.train_acc", "percent"))
LAYOUT = {"areas": [["input", "hidden"], ["histograms", "histograms"], ["dead", "dead"]],
          "columns": [1, 1], "rows": [1.25, 1, "auto"], "reserve": 30}


def lattice_spec(array: str) -> dict:
    return {"array": array, "colors": list(LATTICE_COLORS)}


def hidden_spec(model: HiddenSpace, layer: int, i: int, j: int, palette_name: str,
                lang: str) -> dict:
    """The three charts and the dead-units line for neurons i, j of hidden layer `layer`."""
    palette = get_palette(palette_name)
    problem = model.problem
    input_plane = boundary_plane("input", title=t("hidden_space.input_title", lang),
                                 problem=problem, grid=model.grid, palette=palette, lang=lang,
                                 show_test=False)
    input_plane["lattice"] = lattice_spec("input.lattice")
    colors = (["#5f6b7a"] * len(problem.y_train) if problem.dataset.kind == "regression"
              else [class_color(palette, c) for c in class_labels(problem.y_train)])
    image = (output_image(problem, palette, lang, array="hidden", extent=None, smooth=True)
             if model.shades_output(layer, i, j) else None)
    axis_name = "hidden_space.axis"
    hidden_plane = charts.plane_chart(
        "hidden", title=t("hidden_space.hidden_title", lang),
        x=charts.axis_spec(t(axis_name, lang, layer=layer + 1, index=i + 1), (-1.0, 1.0)),
        y=charts.axis_spec(t(axis_name, lang, layer=layer + 1, index=j + 1), (-1.0, 1.0)),
        image=image, lattice=lattice_spec("hidden.lattice"),
        moving_points={"array": "hidden.points", "colors": colors},
        equal_aspect=activation_range(model.net.activation_names[layer]) is not None)
    line_colors = palette.line_colors
    names = model.net.activation_names
    panels = [{"title": t("hidden_space.hist.activations", lang, layer=k + 1,
                          activation=names[k]), "color": line_colors[0], "array": f"act{k}"}
              for k in range(len(model.hidden_widths))]
    panels += [{"title": t("hidden_space.hist.deltas", lang, layer=k + 1),
                "color": line_colors[1], "array": f"delta{k}"}
               for k in range(len(model.hidden_widths))]
    histograms = charts.bars_chart("histograms", title=t("hidden_space.histograms", lang),
                                   panels=panels, columns=len(model.hidden_widths),
                                   y_title=t("hidden_space.hist.count", lang))
    return {"charts": [input_plane, hidden_plane, histograms, {"kind": "text", "name": "dead"}],
            "layout": LAYOUT}


def dead_line(model: HiddenSpace, activations: list, names: list, lang: str) -> str:
    """'Dead ReLU units — Layer 1: 0 of 6 · Layer 2: not ReLU (tanh)'."""
    parts = []
    for index, (count, width, name) in enumerate(zip(dead_counts(activations),
                                                     model.hidden_widths, names, strict=True)):
        value = (t("hidden_space.dead.count", lang, dead=count, width=width) if name == "relu"
                 else t("hidden_space.dead.not_relu", lang, activation=name))
        parts.append(f"{t('hidden_space.dead.layer', lang, layer=index + 1)}: {value}")
    return f"{t('hidden_space.dead', lang)} — " + " · ".join(parts)


class HiddenSource(RebuiltSource):
    """The stream's view of the hidden-space page's network. `make_model` builds it afresh
    (Reset, or another network through `rebuild`)."""

    def __init__(self, make_model: Callable[[], HiddenSpace], key: tuple) -> None:
        super().__init__(make_model, key)
        self.model = make_model()
        self.speed = 1
        self.picked = (0, 0, 1)
        self.lang = "en"

    def configure(self, *, speed: int, layer: int, i: int, j: int, lang: str) -> None:
        """This page run's speed (mini-batches per frame and per Step), neurons and language."""
        self.speed, self.picked, self.lang = speed, (layer, i, j), lang

    def advance(self) -> None:
        self.step()
        if self.model.run.diverged:
            self.stop()

    def step(self) -> None:
        self.model.train(self.speed)

    def reset(self) -> None:
        self.model = self.make()
        self.run_id = new_run_id()

    def build_frame(self, have: dict) -> tuple[dict, dict[str, np.ndarray]]:
        model, lang = self.model, self.lang
        layer, i, j = self.picked
        run, problem = model.run, model.problem
        plane = model.hidden_plane(layer, i, j)
        arrays: dict[str, np.ndarray] = {
            "input": grid_bytes(model.net, model.grid, problem),
            "input.lattice": charts.float32(model.lines),
            "hidden.lattice": charts.float32(plane.lines),
            "hidden.points": charts.float32(plane.points),
        }
        if plane.background is not None:
            arrays["hidden"] = output_bytes(plane.background, problem)
        stats = model.stats()
        for k, ((act_counts, act_range), (delta_counts, delta_range)) in enumerate(
                model.histograms(stats)):
            arrays[f"act{k}"], arrays[f"act{k}.range"] = act_counts, np.array(act_range)
            arrays[f"delta{k}"], arrays[f"delta{k}.range"] = delta_counts, np.array(delta_range)
        values = {"epoch": run.epoch, "steps": run.steps, **run.metrics()}
        shown = [(key, t(label, lang), kind) for key, label, kind in COUNTERS
                 if problem.dataset.kind != "regression" or key != "train_acc"]
        header = {
            "run": self.run_id,
            "state": f"{run.steps}:{layer}:{i}:{j}",
            "playing": self.playing, "play_serial": self.play_serial,
            "counters": counter_pairs(values, shown, t("live.overflow", lang)),
            "ranges": {"hidden": [*plane.x_range, *plane.y_range]},
            "texts": {"dead": dead_line(model, stats.activations, stats.names, lang)},
            "alert": divergence_text(run.divergence, lang) if run.divergence else None,
            "diverged": run.diverged,
        }
        return header, arrays

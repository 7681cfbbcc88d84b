"""The playground's live view: chart specs from settings, and the source the stream drives.

`playground_spec(...)` describes the four charts, the counters and the buttons for one page run
(translated, sized for normal or presenter mode). `PlaygroundSource` answers the stream: Play
trains `speed` mini-batches per frame, Step one step of the chosen unit, Reset starts over,
Replay walks the kept snapshots; every answer is a frame with the boundary, the neuron
thumbnails, the weights, the new loss points and the counters.
"""

from __future__ import annotations

import numpy as np

from nn_core import MLP
from ui.common.figures import neuron_labels, stable_weight_range
from ui.common.i18n import divergence_text, t
from ui.common.palette import get_palette
from ui.common.run_setup import SMALL_DATASET
from ui.common.settings import MAX_HIDDEN_LAYERS, MAX_NEURONS, Settings
from ui.live import charts
from ui.live.boundary import boundary_plane
from ui.live.counters import counter_pairs
from ui.live.source import LiveSource, history_update
from ui.playground.model import MAX_SHOWN_NEURONS, Playground

HISTORY_COLUMNS = ("epoch", "train_loss", "test_loss", "train_acc", "test_acc")
COUNTERS = ("epoch", "steps", "samples", "train_loss", "test_loss", "train_acc", "test_acc",
            "speed")
COUNTER_FORMATS = {"epoch": "int", "steps": "int", "samples": "int", "train_loss": "loss",
                   "test_loss": "loss", "train_acc": "percent", "test_acc": "percent",
                   "speed": "rate"}
MAX_WEIGHTS_WITH_NUMBERS = 40  # write each weight into its cell only for small networks
EDIT_LABELS = ("layers", "one_layer", "add_layer", "remove_layer", "add_neuron", "remove_neuron")
FEATURE_NAMES = {"x1^2": "x1²", "x2^2": "x2²", "x1*x2": "x1·x2"}
NORMAL_LAYOUT = {"areas": [["network", "boundary"], ["loss", "weights"]], "columns": [3, 2]}
PRESENTER_LAYOUT = {"areas": [["network", "boundary", "loss"], ["weights", "weights", "weights"]],
                    "columns": [4, 3, 4], "rows": [3, 2]}


def layer_names(playground: Playground, lang: str) -> list[list[str]]:
    """Neuron names per layer as the charts write them: x1, sin(x1), h1,2, out (translated)."""
    net = playground.run.net
    inputs = [feature_label(name) for name in playground.problem.features]
    out = t("fig.network.out", lang)
    outputs = [out] if net.sizes[-1] == 1 else [f"{out}{j + 1}" for j in range(net.sizes[-1])]
    return neuron_labels(net.sizes, inputs, outputs)


def feature_label(name: str) -> str:
    """How an input feature is written on the charts (x1², sin(x1), ...)."""
    return FEATURE_NAMES.get(name, name)


def boundary_spec(playground: Playground, settings: Settings, lang: str) -> dict:
    """The decision-boundary plane: the output image, train (circles) and test (diamonds)."""
    return boundary_plane("boundary", title=t("fig.boundary.title", lang),
                          problem=playground.problem, grid=playground.grid,
                          palette=get_palette(settings.palette), lang=lang,
                          show_test=settings.show_test, discretize=settings.discretize,
                          clickable=True)


def network_spec(playground: Playground, settings: Settings, lang: str) -> dict:
    """The network diagram: one column per layer with the first few neurons of each."""
    net = playground.run.net
    names = layer_names(playground, lang)
    columns = []
    last = len(net.sizes) - 1
    for index, width in enumerate(net.sizes):
        if index == 0:
            title, short = t("fig.network.input", lang), t("fig.network.input_short", lang)
        elif index == last:
            title, short = t("fig.network.output", lang), t("fig.network.output_short", lang)
        else:
            title = t("fig.network.hidden", lang, l=index)
            short = t("fig.network.hidden_short", lang, l=index)
        columns.append({"title": title, "short": short,
                        "subtitle": "" if index == 0 else net.activation_names[index - 1],
                        "names": names[index][:MAX_SHOWN_NEURONS], "total": int(width)})
    labels = {"more": t("fig.network.more", lang), "bias": t("fig.network.bias", lang)}
    spec = charts.network_chart("network", title=t("fig.network.title", lang), columns=columns,
                                palette=get_palette(settings.palette), labels=labels,
                                max_shown=MAX_SHOWN_NEURONS)
    spec["edit"] = {"max_layers": MAX_HIDDEN_LAYERS, "max_neurons": MAX_NEURONS,
                    **{key: t(f"net.edit.{key}", lang) for key in EDIT_LABELS}}
    return spec


def weights_spec(playground: Playground, settings: Settings, lang: str) -> dict:
    """One weight heatmap per layer (bias as the last row)."""
    net = playground.run.net
    names = layer_names(playground, lang)
    bias = t("fig.weights.bias", lang)
    layers = [{"title": t("fig.weights.layer", lang, l=index + 1),
               "rows": [*names[index], *([bias] if net.bias else [])],
               "cols": names[index + 1]} for index in range(net.n_layers)]
    n_weights = sum(net.params[f"W{i}"].size for i in range(1, net.n_layers + 1))
    return charts.weights_chart("weights", title=t("fig.weights.title", lang), layers=layers,
                                palette=get_palette(settings.palette),
                                colorbar=t("fig.weights.colorbar", lang),
                                numbers=n_weights <= MAX_WEIGHTS_WITH_NUMBERS)


def loss_spec(playground: Playground, settings: Settings, lang: str) -> dict:
    """Train/test loss and, for classification, accuracy on a second axis."""
    colors = get_palette(settings.palette).line_colors
    has_test = playground.problem.X_test is not None
    has_acc = playground.problem.dataset.kind != "regression"
    label = lambda key: t(f"fig.loss.{key}", lang)  # noqa: E731
    series = [charts.line_series(label("train_loss"), "h", "train_loss", colors[0])]
    if has_test:
        series.append(charts.line_series(label("test_loss"), "h", "test_loss", colors[1],
                                         dash="dash"))
    if has_acc:
        series.append(charts.line_series(label("train_acc"), "h", "train_acc", colors[0],
                                         dash="dot", width=1.5, axis="y2"))
        if has_test:
            series.append(charts.line_series(label("test_acc"), "h", "test_acc", colors[1],
                                             dash="dot", width=1.5, axis="y2"))
    return charts.lines_chart("loss", title=label("title"), x_title=label("x"),
                              y_title=label("y"), series=series, log_y=settings.log_loss,
                              y2_title=label("y2") if has_acc else None)


def shown_counters(playground: Playground, lang: str) -> list[tuple[str, str, str]]:
    """The counters on the line: (key, label, format); test values only with a test set,
    accuracies only for classification."""
    has_test = playground.problem.X_test is not None
    has_acc = playground.problem.dataset.kind != "regression"
    return [(key, t(f"stat.{key}", lang), COUNTER_FORMATS[key]) for key in COUNTERS
            if (has_test or not key.startswith("test")) and (has_acc or not key.endswith("acc"))]


def shows_predictions(playground: Playground) -> bool:
    """A tiny training set (the tutorial's 4 points) gets a line of its predictions."""
    return len(playground.problem.raw_train) <= SMALL_DATASET


def predictions_text(playground: Playground, net: MLP, lang: str) -> str:
    """'Predictions: (0, 0) → 0.031 (target 0) · ...' for every training point."""
    problem = playground.problem
    outputs = net.predict(problem.X_train)
    targets = np.asarray(problem.y_train, dtype=float).reshape(len(outputs), -1)
    parts = [f"({x1:g}, {x2:g}) → {' / '.join(f'{v:.3f}' for v in out)} "
             f"({t('live.target', lang)} {' / '.join(f'{v:g}' for v in target)})"
             for (x1, x2), out, target in zip(problem.raw_train, outputs, targets, strict=True)]
    return f"{t('live.predictions', lang)} " + " · ".join(parts)


def playground_spec(playground: Playground, settings: Settings, lang: str) -> dict:
    """Everything the live view needs besides frames, for this page run."""
    layout = PRESENTER_LAYOUT if settings.presenter else NORMAL_LAYOUT
    charts_ = [network_spec(playground, settings, lang), boundary_spec(playground, settings, lang),
               loss_spec(playground, settings, lang), weights_spec(playground, settings, lang)]
    if shows_predictions(playground):
        charts_.append({"kind": "text", "name": "predictions"})
        width = len(layout["columns"])
        layout = {**layout, "areas": [*layout["areas"], ["predictions"] * width],
                  "rows": [*layout.get("rows", [1] * len(layout["areas"])), "auto"]}
    return {"charts": charts_, "layout": layout}


class PlaygroundSource(LiveSource):
    """The stream's view of one session's playground."""

    def __init__(self, playground: Playground, settings: Settings, lang: str) -> None:
        super().__init__()
        self.playground = playground
        self.settings = settings
        self.lang = lang
        self.configured_run = playground.run_id

    @property
    def run_id(self) -> str:
        return self.playground.run_id

    def configure(self, playground: Playground, settings: Settings, lang: str) -> None:
        """A page run's latest playground and settings (a new playground or a rebuilt network
        stops playing)."""
        if playground is not self.playground or playground.run_id != self.configured_run:
            self.stop()
        self.playground, self.settings, self.lang = playground, settings, lang
        self.configured_run = playground.run_id

    def _train(self, unit: str, count: int) -> None:
        run = self.playground.run
        if run.diverged:
            self.stop()
            return
        self.playground.train(unit, count)
        if run.diverged:
            self.stop()

    def advance(self) -> None:
        self._train("batch", self.settings.speed)

    def step(self) -> None:
        self._train(self.settings.step_unit, 1)

    def reset(self) -> None:
        self.playground.reset(self.settings)

    def release(self) -> None:
        super().release()
        self.playground.release_buffers()

    def replay_next(self) -> None:
        playground = self.playground
        snapshots = playground.run.snapshots
        index = playground.view_index
        playground.show_snapshot(0 if index is None or index >= len(snapshots) - 1
                                 else index + 1)

    def build_frame(self, have: dict) -> tuple[dict, dict[str, np.ndarray]]:
        playground, lang = self.playground, self.lang
        run = playground.run
        net = playground.shown_net()
        arrays: dict[str, np.ndarray] = {"boundary": playground.boundary_bytes(net,
                                                                            self.settings),
                                         "thumbs": playground.thumbnail_bytes(net)}
        layers = [(net.params[f"W{i}"], net.params.get(f"b{i}")) for i in
                  range(1, net.n_layers + 1)]
        playground.weight_zmax = stable_weight_range(playground.weight_zmax, layers)
        for index, (W, b) in enumerate(layers, start=1):
            arrays[f"W{index}"] = charts.float32(W)
            if b is not None:
                arrays[f"b{index}"] = charts.float32(b)
        history, history_arrays = history_update("h", run.history, HISTORY_COLUMNS,
                                                 (have.get("h") or {}).get("h"))
        arrays.update(history_arrays)
        view = playground.view_index
        shown = None if view is None else run.snapshots[view]
        header = {
            "run": self.run_id,
            "state": f"{run.steps}:{view}:{playground.data_revision}",
            "playing": self.playing, "play_serial": self.play_serial,
            "counters": counter_pairs(self.counter_values(), shown_counters(playground, lang),
                                      t("live.overflow", lang)),
            "zmax": playground.weight_zmax,
            "history": {"h": history},
            "until": None if shown is None else float(shown.epoch),
            "replay": None if view is None else {"index": view,
                                                 "last": len(run.snapshots) - 1},
            "banner": None if shown is None else t("replay.banner", lang, epoch=int(shown.epoch),
                                                    step=shown.step),
            "alert": divergence_text(run.divergence, lang) if run.divergence else None,
            "diverged": run.diverged,
        }
        if shows_predictions(playground):
            header["texts"] = {"predictions": predictions_text(playground, net, lang)}
        return header, arrays

    def counter_values(self) -> dict[str, float | None]:
        """The counters of the run on screen (a replayed snapshot's, or the present)."""
        playground = self.playground
        run = playground.run
        if playground.view_index is None:
            metrics = run.metrics()
            epoch, steps, samples = run.epoch, run.steps, run.samples_seen
        else:
            snapshot = run.snapshots[playground.view_index]
            metrics = snapshot.metrics
            epoch, steps, samples = int(snapshot.epoch), snapshot.step, None
        return {"epoch": epoch, "steps": steps, "samples": samples,
                "speed": playground.steps_per_second, **metrics}

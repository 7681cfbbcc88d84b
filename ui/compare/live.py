"""Compare runs, live: names, the summary table, chart specs and the stream's source (no
Streamlit).

The live view shows the overlaid training losses, one decision boundary per run and the summary
table; Play trains every live run `epochs_per_frame` epochs per frame in lockstep.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ui.common.i18n import TRANSLATIONS, divergence_text, t
from ui.common.palette import get_palette
from ui.common.settings import Settings
from ui.compare.model import CompareGroup, format_value
from ui.live import charts
from ui.live.boundary import boundary_plane, grid_bytes
from ui.live.counters import format_counter
from ui.live.source import RebuiltSource, history_update, new_run_id

HISTORY_COLUMNS = ("epoch", "train_loss")
BOUNDARY_COLUMNS = 2


def value_name(value, lang: str) -> str:
    """A compared value as shown: translated option names (ReLU, Adam), numbers as is."""
    key = f"opt.{value}"
    return t(key, lang) if isinstance(value, str) and key in TRANSLATIONS else format_value(value)


def run_name(variable: str, value, lang: str) -> str:
    """A run's short name for legends, titles and the table: η = 0.3, 8 neurons, ReLU, ..."""
    return t(f"compare.short.{variable}", lang, value=value_name(value, lang))


def run_names(group: CompareGroup, lang: str) -> list[str]:
    """Every run's name, marked when it diverged."""
    names = [run_name(group.variable, m.value, lang) for m in group.runs]
    return [t("compare.diverged_mark", lang, label=name) if m.run.diverged else name
            for name, m in zip(names, group.runs, strict=True)]


def summary_columns(group: CompareGroup, lang: str) -> dict[str, list[str]]:
    """The summary table as translated columns of display strings."""
    def number(value, kind="loss"):
        return format_counter(value, kind, t("live.overflow", lang))

    rows = group.summary()
    with_test = group.problem.X_test is not None
    with_acc = rows[0]["train_acc"] is not None
    columns = {
        t("compare.col.run", lang): [run_name(group.variable, m.value, lang) for m in group.runs],
        t("compare.col.train_loss", lang): [number(r["train_loss"]) for r in rows],
    }
    if with_test:
        columns[t("compare.col.test_loss", lang)] = [number(r["test_loss"]) for r in rows]
    if with_acc:
        columns[t("compare.col.train_acc", lang)] = [number(r["train_acc"], "percent")
                                                     for r in rows]
        if with_test:
            columns[t("compare.col.test_acc", lang)] = [number(r["test_acc"], "percent")
                                                        for r in rows]
    columns[t("compare.col.epoch", lang)] = [str(r["epoch"]) for r in rows]
    columns[t("compare.col.steps", lang)] = [str(r["steps"]) for r in rows]
    columns[t("compare.col.reached", lang) + f" {group.target_loss:g}"] = [
        t("compare.not_reached", lang) if r["reached_steps"] is None else
        t("compare.reached", lang, epoch=round(r["reached_epoch"], 2), steps=r["reached_steps"])
        for r in rows
    ]
    columns[t("compare.col.status", lang)] = [
        divergence_text(r["divergence"], lang, "compare.status.diverged")
        if r["status"] == "diverged"
        else t("compare.status.training", lang) for r in rows
    ]
    return columns


def summary_table(group: CompareGroup, lang: str) -> dict:
    """The summary as the live view's table: {"columns": [...], "rows": [[...], ...]}."""
    columns = summary_columns(group, lang)
    return {"columns": list(columns), "rows": [list(row) for row in zip(*columns.values(),
                                                                         strict=True)]}


def boundary_name(index: int) -> str:
    return f"boundary{index}"


def compare_layout(n_runs: int) -> dict:
    """Loss on the left over all boundary rows, boundaries two per row, the table below."""
    rows = -(-n_runs // BOUNDARY_COLUMNS)
    names = [boundary_name(i) for i in range(n_runs)] + ["."] * (rows * BOUNDARY_COLUMNS - n_runs)
    areas = [["loss", *names[r * BOUNDARY_COLUMNS:(r + 1) * BOUNDARY_COLUMNS]]
             for r in range(rows)]
    areas.append(["summary"] * (1 + BOUNDARY_COLUMNS))
    return {"areas": areas, "columns": [4, 3, 3], "rows": [1] * rows + ["auto"],
            "reserve": 34 * (n_runs + 1) + 12}


def compare_spec(group: CompareGroup, settings: Settings, lang: str, log_y: bool) -> dict:
    """The loss chart (one curve per run), a boundary per run and the summary table."""
    palette = get_palette(settings.palette)
    colors = palette.line_colors
    names = run_names(group, lang)
    series = [charts.line_series(name, f"h{i}", "train_loss", colors[i % len(colors)])
              for i, name in enumerate(names)]
    loss = charts.lines_chart("loss", title=t("compare.loss_title", lang),
                              x_title=t("compare.fig.epoch", lang),
                              y_title=t("compare.fig.loss", lang), series=series, log_y=log_y)
    boundaries = [boundary_plane(boundary_name(i), title=name, problem=group.problem,
                                 grid=group.grid, palette=palette, lang=lang,
                                 show_test=settings.show_test)
                  for i, name in enumerate(names)]
    summary = {"kind": "table", "name": "summary", "title": t("compare.summary", lang)}
    return {"charts": [loss, *boundaries, summary],
            "layout": compare_layout(len(names))}


class CompareSource(RebuiltSource):
    """The stream's view of one session's compared runs.

    `make_group` builds the group afresh (Reset, or new settings through `rebuild`).
    """

    def __init__(self, make_group: Callable[[], CompareGroup], key: tuple) -> None:
        super().__init__(make_group, key)
        self.group = make_group()
        self.epochs_per_frame = 1
        self.lang = "en"

    def configure(self, *, epochs_per_frame: int, lang: str) -> None:
        """This page run's pace and language."""
        self.epochs_per_frame = epochs_per_frame
        self.lang = lang

    def advance(self) -> None:
        self.step()
        if self.group.all_stopped:
            self.stop()

    def step(self) -> None:
        if not self.group.all_stopped:
            self.group.tick(self.epochs_per_frame)

    def reset(self) -> None:
        target = self.group.target_loss
        self.group = self.make()
        self.group.set_target(target)
        self.run_id = new_run_id()

    def build_frame(self, have: dict) -> tuple[dict, dict[str, np.ndarray]]:
        group, lang = self.group, self.lang
        known = have.get("h") or {}
        arrays: dict[str, np.ndarray] = {}
        history = {}
        for index, member in enumerate(group.runs):
            channel = f"h{index}"
            history[channel], columns = history_update(channel, member.run.history,
                                                       HISTORY_COLUMNS, known.get(channel))
            arrays.update(columns)
            arrays[boundary_name(index)] = grid_bytes(member.run.net, group.grid, group.problem)
        live = sum(not member.run.diverged for member in group.runs)
        header = {
            "run": self.run_id,
            "state": f"{group.ticks}:{group.target_loss}",
            "playing": self.playing, "play_serial": self.play_serial,
            "counters": [[t("compare.counter.epoch", lang), f"{group.epoch:,}"],
                         [t("compare.counter.live", lang),
                          t("compare.counter.of", lang, live=live, total=len(group.runs))]],
            "history": history,
            "tables": {"summary": summary_table(group, lang)},
            "alert": t("compare.all_diverged", lang) if group.all_stopped else None,
            "diverged": group.all_stopped,
        }
        return header, arrays

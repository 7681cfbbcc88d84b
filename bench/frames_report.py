"""bench.frames' figures as a table: one column per app, min / median / max over the runs, the
notes, and the targets judged on the medians (TFP's verdicts are for reference)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

import psutil

from bench import tfp
from tests.e2e.harness import VIEWPORT

OUR_CHARTS = ("boundary", "loss", "weights", "network")  # our app's live charts
TARGET_UPDATES = (30, 35, 60)       # every chart, updates/s: target, then stretch targets
TARGET_PAUSE_S = 0.1
TARGET_FIRST_COLD_S = (2.0, 0.7)    # target, stretch
OURS, TFP, FLOOR = "ours", "TFP", "floor"
LABEL_COLUMN, COLUMN = 30, 25    # report widths


@dataclass
class Measurement:
    """One app's figures from one run, and remarks to print under the table."""

    figures: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    browser_version: str = ""


def _rows(charts: list[str]) -> list[tuple[str, str, str]]:
    """(figure key, label, number format) for each table row."""
    return [
        *((f"updates:{name}", f"{name} updates/s", "{:.1f}") for name in charts),
        ("slowest", "slowest chart updates/s", "{:.1f}"),
        ("pause", "pause latency (s)", "{:.3f}"),
        ("first_cold", "first chart cold (s)", "{:.2f}"),
        ("first_warm", "first chart warm (s)", "{:.2f}"),
        ("blank", "blank samples", "{:.0f}"),
        ("epochs", "epochs/s", "{:.1f}"),
        ("browser_cpu", "browser CPU (cores)", "{:.2f}"),
        ("server_cpu", "server CPU (cores)", "{:.2f}"),
        ("frames", "page animation frames/s", "{:.1f}"),
    ]


def _line(title: str, cells: list[str]) -> str:
    """One report line: the title, then one right-aligned cell per app."""
    return f"{title:<{LABEL_COLUMN}}" + "".join(f"{cell:>{COLUMN}}" for cell in cells)


def _cell(values: list[float], number: str) -> str:
    """One value, or min / median / max of several; "-" for none."""
    if not values:
        return "-"
    if len(values) == 1:
        return number.format(values[0])
    low, middle, high = min(values), statistics.median(values), max(values)
    return " / ".join(number.format(value) for value in (low, middle, high))


def _target_lines(medians: dict[str, dict[str, float]], labels: list[str]) -> list[str]:
    """The targets, judged on the medians: met / NOT met per app (TFP's for reference)."""
    tfp_epochs = medians.get(TFP, {}).get("epochs")

    def verdict(value, ok) -> str:
        return "-" if value is None else ("met" if ok(value) else "NOT met")

    checks = [
        (f"every chart >= {TARGET_UPDATES[0]} updates/s", "slowest",
         lambda v: v >= TARGET_UPDATES[0]),
        *((f"  stretch: >= {target} updates/s", "slowest",
           lambda v, target=target: v >= target) for target in TARGET_UPDATES[1:]),
        (f"pause latency <= {TARGET_PAUSE_S} s", "pause", lambda v: v <= TARGET_PAUSE_S),
        (f"first chart cold <= {TARGET_FIRST_COLD_S[0]} s", "first_cold",
         lambda v: v <= TARGET_FIRST_COLD_S[0]),
        (f"  stretch: <= {TARGET_FIRST_COLD_S[1]} s", "first_cold",
         lambda v: v <= TARGET_FIRST_COLD_S[1]),
        ("no blank samples", "blank", lambda v: v == 0),
    ]
    lines = ["", _line("targets (medians)", labels)]
    for title, key, ok in checks:
        cells = [verdict(medians.get(label, {}).get(key), ok) for label in labels]
        lines.append(_line(title, cells))
    ours_epochs = medians.get(OURS, {}).get("epochs")
    cells = []
    for label in labels:
        if label == OURS and ours_epochs is not None and tfp_epochs is not None:
            cells.append("met" if ours_epochs >= tfp_epochs else "NOT met")
        else:
            cells.append("-")
    lines.append(_line("epochs/s >= TFP's", cells))
    return lines


def report(runs: list[dict[str, Measurement]], labels: list[str], seconds: float) -> str:
    """The table (one column per app), the notes and the targets."""
    charts = list(OUR_CHARTS) + [name for name in tfp.CHART_NAMES if name not in OUR_CHARTS]
    version = next((m.browser_version for run in runs for m in run.values() if m.browser_version),
                   "?")
    spread = f"min / median / max of {len(runs)} runs" if len(runs) > 1 else "1 run"
    lines = [
        f"headless Chromium {version}, {VIEWPORT['width']}x{VIEWPORT['height']}, "
        f"{seconds:g} s of play per app, {spread}, {psutil.cpu_count()} CPUs",
        "",
        _line("figure", labels),
    ]
    medians: dict[str, dict[str, float]] = {label: {} for label in labels}
    for key, title, number in _rows(charts):
        cells = []
        for label in labels:
            values = [run[label].figures[key] for run in runs if key in run[label].figures]
            if values:
                medians[label][key] = statistics.median(values)
            cells.append(_cell(values, number))
        lines.append(_line(title, cells))
    lines.append("")
    floors = [run[FLOOR].figures["first_cold"] for run in runs if FLOOR in run]
    gaps = [run[OURS].figures["first_cold"] - run[FLOOR].figures["first_cold"]
            for run in runs if FLOOR in run and "first_cold" in run[OURS].figures]
    if floors:
        lines.append(f"floor: a one-line Streamlit page shows its text after "
                     f"{_cell(floors, '{:.2f}')} s (cold browser); our first chart comes "
                     f"{_cell(gaps, '{:+.2f}')} s after that")
    for label in labels:
        samples = [run[label].figures["blank_samples"] for run in runs
                   if "blank_samples" in run[label].figures]
        if samples:
            lines.append(f"{label}: the blank test sampled every chart "
                         f"{_cell(samples, '{:.0f}')} times")
    if TFP in labels:
        lines.append(f"{TFP}: epoch = iteration = one pass over its 250 training points (it always"
                     " makes 500 points)")
    for label in labels:
        notes = dict.fromkeys(note for run in runs for note in run[label].notes)
        lines.extend(f"{label}: {note}" for note in notes)
    lines.extend(_target_lines(medians, labels))
    return "\n".join(lines)

"""The counters line shows the run's own numbers, each in its own slot (AppTest).

Every number on the line is read back and compared with the run: epoch, steps and samples seen
with its counters, losses and accuracies with `run.metrics()` (or a replayed snapshot's), speed
with the playground's rate. The run is taken where neighbouring numbers differ, so a value shown
in another's slot (the test loss as the train loss) fails.
"""

from __future__ import annotations

import pytest

from tests.app.helpers import counters, start_app, stream
from ui.common.i18n import t

ENGLISH_LABELS = {"epoch": "Epoch", "steps": "Steps", "samples": "Samples seen",
                  "train_loss": "Train loss", "test_loss": "Test loss",
                  "train_acc": "Train accuracy", "test_acc": "Test accuracy",
                  "speed": "Steps / s"}
MISSING = "–"
WHOLE_NUMBERS = ("epoch", "steps", "samples", "speed")


def read_number(text: str) -> float | None:
    """A counter's text as a number: '1,234' 1234, '0.4123' or '4.12e+05', '97.5%' 0.975,
    '–' None."""
    if text == MISSING:
        return None
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text.replace(",", ""))


def shown_values(at, lang: str) -> dict[str, float | None]:
    """The counters line as {key: number}, keys found through the labels of `lang`."""
    labels = ENGLISH_LABELS if lang == "en" else {key: t(f"stat.{key}", lang)
                                                  for key in ENGLISH_LABELS}
    by_label = {label: key for key, label in labels.items()}
    line = counters(at)
    assert set(line) <= set(by_label), f"unknown counters: {set(line) - set(by_label)}"
    return {by_label[label]: read_number(text) for label, text in line.items()}


def assert_close(key: str, shown: float | None, expected: float | None) -> None:
    """Equal within the counter's rounding: whole numbers, or 4 decimals / 3 significant
    digits / 0.1 % for losses and accuracies."""
    if expected is None or shown is None:
        assert shown == expected, (key, shown, expected)
        return
    tolerance = 0.5 if key in WHOLE_NUMBERS else 5e-4 + 5e-3 * abs(expected)
    assert abs(shown - expected) <= tolerance, (key, shown, expected)


def assert_distinct(values: dict[str, float | None], *keys: str) -> None:
    """The run state tells these apart even after rounding (else a swap would go unseen)."""
    numbers = [values[key] for key in keys]
    assert all(abs(a - b) > 2e-3 for i, a in enumerate(numbers) for b in numbers[i + 1:]), (
        "choose a run state where these differ", dict(zip(keys, numbers, strict=True)))


def playground(at):
    return at.session_state["playground"]


def assert_line_is(at, lang: str, expected: dict[str, float | None]) -> None:
    shown = shown_values(at, lang)
    assert set(shown) == set(expected), (sorted(shown), sorted(expected))
    for key, value in expected.items():
        assert_close(key, shown[key], value)


def present_values(at) -> dict[str, float | None]:
    """What the line must show for the live run: its counters, metrics and rate."""
    pg = playground(at)
    run = pg.run
    return {"epoch": run.epoch, "steps": run.steps, "samples": run.samples_seen,
            "speed": pg.steps_per_second, **run.metrics()}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_counter_is_the_runs_own_number(lang):
    at = start_app({"lang": lang, "batch_size": "7"})
    stream(at, "play", times=3).run()
    expected = present_values(at)
    assert_distinct(expected, "epoch", "steps", "samples")
    assert_distinct(expected, "train_loss", "test_loss")
    assert_distinct(expected, "train_acc", "test_acc")
    assert_line_is(at, lang, expected)


def test_a_replayed_snapshot_shows_its_own_numbers():
    at = start_app()
    stream(at, "play", times=5)
    stream(at, "replay", times=3).run()
    pg = playground(at)
    snapshot = pg.run.snapshots[pg.view_index]
    expected = {"epoch": int(snapshot.epoch), "steps": snapshot.step, "samples": None,
                "speed": pg.steps_per_second, **snapshot.metrics}
    present = pg.run.metrics()
    assert_distinct({"then": expected["train_loss"], "now": present["train_loss"]},
                    "then", "now")
    assert_distinct(expected, "train_loss", "test_loss")
    assert_line_is(at, "en", expected)


def test_regression_without_a_test_set_shows_only_train_loss():
    at = start_app({"dataset": "plane", "n_points": "6"})
    stream(at, "step", times=2).run()
    expected = {key: value for key, value in present_values(at).items()
                if key in ("epoch", "steps", "samples", "speed", "train_loss")}
    assert_line_is(at, "en", expected)

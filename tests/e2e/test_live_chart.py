"""Live charts in real Chromium: the demo page animates in place, pauses, and reports clicks."""

from __future__ import annotations

import pytest

from tests.e2e.harness import (
    REPO_ROOT,
    chart_labels,
    goto_app,
    install_frame_counter,
    read_frame_counts,
    slots_drawn,
    streamlit_server,
)

SLOTS = ["slot_boundary", "slot_loss", "slot_w1", "slot_w2"]
SLOT_SELECTORS = [f".st-key-{slot}" for slot in SLOTS]
PLAY_BUTTON = ".st-key-play_pause button"


@pytest.fixture(scope="module")
def demo_server():
    with streamlit_server(REPO_ROOT / "bench" / "frames_demo_app.py") as url:
        yield url


def _press_play_pause(page, expected_label: str) -> None:
    page.locator(PLAY_BUTTON).click()
    page.locator(PLAY_BUTTON, has_text=expected_label).wait_for(timeout=15_000)


def test_play_updates_charts_in_place_and_pause_stops_them(page, demo_server):
    goto_app(page, demo_server)
    page.wait_for_function(
        "(sels) => sels.every((s) => document.querySelector(s + ' .js-plotly-plot .main-svg'))",
        arg=SLOT_SELECTORS, timeout=30_000,
    )
    assert slots_drawn(page, SLOT_SELECTORS) == [True] * 4
    buttons = page.evaluate(
        "() => [...document.querySelectorAll('.st-key-slot_boundary .modebar-btn')]"
        ".map((b) => b.getAttribute('data-title'))"
    )
    assert "Download plot as a PNG" in buttons and "Share chart..." not in buttons
    install_frame_counter(page)

    _press_play_pause(page, "Pause")
    before = read_frame_counts(page)["counts"]
    page.wait_for_timeout(2000)
    playing = read_frame_counts(page)["counts"]
    assert slots_drawn(page, SLOT_SELECTORS) == [True] * 4
    updates = [after - start for after, start in zip(playing, before, strict=True)]
    assert max(updates) > 0, f"no chart updated while playing: {updates}"
    # updated in place: still exactly one Plotly div per slot, none re-mounted
    assert sorted(chart_labels(page, "st-key-slot_")) == sorted(f"st-key-{s}" for s in SLOTS)

    _press_play_pause(page, "Play")
    page.wait_for_timeout(1000)
    paused = read_frame_counts(page)["counts"]
    page.wait_for_timeout(1000)
    still = read_frame_counts(page)["counts"]
    assert still == paused, f"charts kept updating after Pause: {paused} -> {still}"
    assert slots_drawn(page, SLOT_SELECTORS) == [True] * 4


def test_click_on_plot_area_reaches_python(page, demo_server):
    goto_app(page, demo_server)
    drag_layer = page.locator(".st-key-slot_boundary .js-plotly-plot .nsewdrag").first
    drag_layer.wait_for(timeout=30_000)
    box = drag_layer.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.25)
    caption = page.get_by_text("clicked x=")
    caption.wait_for(timeout=15_000)
    text = caption.inner_text()  # axes span [-1, 1]: upper-right quarter is near (0.5, 0.5)
    x = float(text.split("x=")[1].split()[0])
    y = float(text.split("y=")[1].split()[0])
    assert 0.3 < x < 0.7 and 0.3 < y < 0.7, text

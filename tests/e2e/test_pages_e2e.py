"""Every page in a real browser, in both languages: it draws and shows no exception."""

from __future__ import annotations

import pytest

from tests.e2e.harness import exception_texts, goto_app, wait_live

PAGES = ("playground", "backprop", "gradcheck", "compare", "hidden_space")
LIVE_PAGES = {"playground": ("network", "boundary", "loss", "weights"),
              "compare": ("loss", "boundary0", "boundary1", "boundary2"),
              "hidden_space": ("input", "hidden", "histograms")}


# For each chart name: whether its canvas has a pixel that is not white (axes, data, pictures).
DRAWN_JS = """(names) => Object.fromEntries(names.map((name) => {
  const canvas = document.querySelector(`[data-chart="${name}"] canvas`);
  if (!canvas || !canvas.width) return [name, false];
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 0; i < data.length; i += 4) {
    const ink = data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250;
    if (data[i + 3] && ink) return [name, true];
  }
  return [name, false];
}))"""


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PAGES)
def test_page_draws_without_errors(page, app_server, path, lang):
    goto_app(page, f"{app_server}/{path}?lang={lang}")
    if path in LIVE_PAGES:  # the live view drew every chart (a canvas with pixels)
        wait_live(page)
        drawn = page.evaluate(DRAWN_JS, list(LIVE_PAGES[path]))
        assert all(drawn.values()), drawn
    else:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    # deep links run through app.py: its navigation bar and language switch are there
    assert page.locator("[data-testid='stTopNavLinkContainer'], nav a").count() >= len(PAGES)
    assert exception_texts(page) == []
    body = page.inner_text("body")
    assert "encountered an error" not in body and "Traceback" not in body
    assert ("中文" in body) and ("English" in body)

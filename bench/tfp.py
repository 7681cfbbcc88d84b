"""The original TensorFlow Playground (TFP), built offline at /opt/tfp, as a benchmark reference.

    with tfp_server() as base_url:
        page.add_init_script(script=TAG_CHARTS_INIT_SCRIPT)   # before page.goto
        page.goto(page_url(base_url))
        wait_ready(page)       # drawn, charts tagged (tag_charts(page) tags after load too)

`tfp_server` serves /opt/tfp/dist with /opt/tfp/serve.sh on a free port of 127.0.0.1. The page
opens on XOR with a 4-2 tanh network, learning rate 0.03, batch size 10, no noise, half of the
points for training, inputs x and y and a fixed data seed (our app's defaults, except that TFP
always makes 500 points, so one iteration = one epoch over 250 training points). TFP's charts
get the data-chart names that bench/frames.py counts, each once TFP's script has built it:
"boundary" (the element holding the main 100x100 heatmap canvas and its SVG points), "loss"
(#linechart) and "network" (#network: SVG links and the 10x10 node canvases). TFP has no
weights chart.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.harness import free_port, stop_process_group, wait_until_answered

TFP_ROOT = Path("/opt/tfp")
SERVE_SCRIPT = TFP_ROOT / "serve.sh"
START_SECONDS = 20
PLAY_BUTTON = "#play-pause-button"      # has class "playing" while running
ITERATION_COUNTER = "#iter-number"      # text such as "000,118"; one iteration per frame
CHART_NAMES = ("boundary", "loss", "network")
PAGE_STATE = (
    ("activation", "tanh"), ("batchSize", "10"), ("dataset", "xor"),
    ("regDataset", "reg-plane"), ("learningRate", "0.03"), ("regularization", "none"),
    ("regularizationRate", "0"), ("noise", "0"), ("networkShape", "4,2"),
    ("seed", "0.12345"), ("showTestData", "false"), ("discretize", "false"),
    ("percTrainData", "50"), ("x", "true"), ("y", "true"), ("xTimesY", "false"),
    ("xSquared", "false"), ("ySquared", "false"), ("cosX", "false"), ("sinX", "false"),
    ("cosY", "false"), ("sinY", "false"), ("collectStats", "false"),
    ("problem", "classification"), ("initZero", "false"), ("hideText", "false"),
)

# Sets data-chart on each TFP chart that TFP's script has built (so the static markup parsed
# into #network before, such as its callouts, is not counted as a drawing); true once all three
# are tagged.
_TAG_CHARTS_FUNCTION = """() => {
  const built = (selector, part) => (document.querySelector(`${selector} ${part}`)
    ? document.querySelector(selector) : null);
  const heatmapCanvas = document.querySelector('#heatmap canvas');
  const charts = [
    [heatmapCanvas && heatmapCanvas.parentElement, 'boundary'],
    [built('#linechart', 'svg'), 'loss'],
    [built('#network', 'svg g.core'), 'network'],
  ];
  let all = true;
  for (const [element, name] of charts) {
    if (!element) all = false;
    else if (element.getAttribute('data-chart') !== name) element.setAttribute('data-chart', name);
  }
  return all;
}"""
# As an init script: tag each chart as soon as TFP's script builds it. The MutationObserver runs
# before the next frame, so the first drawings are counted (bench/frame_counter.js attributes
# changes to charts in the frame callback).
TAG_CHARTS_INIT_SCRIPT = f"""(() => {{
  const tagCharts = {_TAG_CHARTS_FUNCTION};
  if (tagCharts()) return;
  const observer = new MutationObserver(() => {{ if (tagCharts()) observer.disconnect(); }});
  observer.observe(document, {{ childList: true, subtree: true }});
}})();"""


def available() -> bool:
    """Whether the TFP build and its serve script exist."""
    return SERVE_SCRIPT.is_file() and (TFP_ROOT / "dist" / "index.html").is_file()


def page_url(base_url: str) -> str:
    """The TFP page with the benchmark's settings in its hash."""
    return f"{base_url}/index.html#" + "&".join(f"{key}={value}" for key, value in PAGE_STATE)


def tag_charts(page) -> bool:
    """Tag TFP's charts with data-chart (after load); true when all three were found."""
    return page.evaluate(_TAG_CHARTS_FUNCTION)


@contextmanager
def tfp_server() -> Iterator[str]:
    """Serve /opt/tfp/dist on a free port of 127.0.0.1; yield the base URL. Always stopped."""
    port = free_port()
    process = subprocess.Popen(
        [str(SERVE_SCRIPT), str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answered(f"{url}/index.html", process, START_SECONDS, "TFP's server")
        yield url
    finally:
        stop_process_group(process)


def wait_ready(page, timeout_ms: float = 30_000) -> None:
    """Wait until TFP has drawn its page and all three charts carry data-chart."""
    page.wait_for_function(_TAG_CHARTS_FUNCTION, timeout=timeout_ms)
    page.wait_for_function(
        f"() => (document.querySelector('{ITERATION_COUNTER}')?.textContent ?? '').trim() !== ''",
        timeout=timeout_ms,
    )

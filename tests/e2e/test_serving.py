"""Serving a class through HAProxy: two workers, sticky sessions, a worker that dies.

One `scripts/serve.py serve --workers 2` (HAProxy in front of two `streamlit run` workers, free
ports on 127.0.0.1) serves the whole module. Browser contexts are separate browsers (own
cookies); a context can be pinned to a worker by giving it the sticky cookie before its first
visit, which is also how HAProxy routes a returning browser. Every wait is bounded; nothing
asserts on speed.
"""

from __future__ import annotations

import urllib.request

import pytest

from tests.e2e.harness import (
    VIEWPORT,
    WORKER_COOKIE,
    WORKER_HEADER,
    counters,
    exception_texts,
    goto_app,
    live_button,
    pin_to_worker,
    served_by,
    serving,
    wait_for,
    wait_idle,
    wait_live,
    worker_cookie,
)

pytestmark = pytest.mark.timeout(240)

MAX_PLAYING = 40
RECOVER_SECONDS = 20
LIVE_CONNECTION = "[data-live-view] .live-connection"
LOST_TEXT = "Connection to the server lost"
SIDEBAR = "[data-testid='stSidebar']"
BOUNDARY_POINTS_JS = """() => {
  const view = document.querySelector('[data-live-view]').parentElement.__liveView;
  const boundary = view.spec.charts.find((chart) => chart.name === 'boundary');
  return boundary.points.reduce((n, series) => n + series.x.length, 0);
}"""


@pytest.fixture(scope="module")
def cluster():
    with serving(workers=2, max_playing=MAX_PLAYING) as running:
        yield running


@pytest.fixture
def contexts(browser):
    """Make fresh browser contexts (separate cookie jars); all closed after the test, which
    fails if any page ended with a Streamlit exception shown."""
    made = []

    def new_context(url: str | None = None, worker: str | None = None):
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        if worker:
            pin_to_worker(context, url, worker)
        made.append(context)
        return context

    yield new_context
    errors = [text for context in made for page in context.pages if not page.is_closed()
              for text in exception_texts(page)]
    for context in made:
        context.close()
    if errors:
        pytest.fail("Streamlit showed an exception:\n" + "\n---\n".join(errors))


def open_playground(context, url: str):
    page = context.new_page()
    goto_app(page, url)
    wait_live(page, ("boundary",))
    return page


def steps(page) -> float:
    return counters(page).get("Steps", 0.0)


def advancing(page, timeout: float = 20.0) -> bool:
    """Whether the Steps counter grows within `timeout`."""
    before = steps(page)
    return bool(wait_for(lambda: steps(page) > before, timeout=timeout))


def play(page) -> None:
    live_button(page, "play").click()
    assert advancing(page), "Steps did not advance after Play"


def pause(page) -> None:
    """Press Pause and wait until the Steps counter stands still."""
    live_button(page, "play").click()
    last = [steps(page)]

    def still() -> bool:
        now, last[0] = steps(page), last[0]
        settled = now == last[0]
        last[0] = now
        return settled
    assert wait_for(still, timeout=20, interval=0.5), "Steps kept advancing after Pause"


def open_section(page, title: str) -> None:
    summary = page.locator(f"{SIDEBAR} summary", has_text=title).first
    summary.wait_for(timeout=30_000)  # the sidebar's controls come a moment after the charts
    summary.click()


def upload_csv(page, rows: int, name: str) -> None:
    """Upload `rows` points (two classes) through "Your data" and wait until the boundary
    chart shows the new data (its training share)."""
    lines = ["x1,x2,label"] + [f"{(i % 7) - 3}.5,{(i % 5) - 2}.25,{i % 2}" for i in range(rows)]
    before = page.evaluate(BOUNDARY_POINTS_JS)
    open_section(page, "Your data")
    uploader = page.locator(f"{SIDEBAR} [data-testid='stFileUploader'] input[type='file']").first
    uploader.set_input_files(files=[{"name": name, "mimeType": "text/csv",
                                     "buffer": "\n".join(lines).encode()}])
    shown = wait_for(lambda: 0 < page.evaluate(BOUNDARY_POINTS_JS) < min(rows + 1, before),
                     timeout=30)
    assert shown, f"the boundary still shows {page.evaluate(BOUNDARY_POINTS_JS)} points"
    wait_idle(page)


def download_data_csv(page) -> str:
    """The text of "Share and export" -> "Download data (CSV)"."""
    open_section(page, "Share and export")
    button = page.locator(f"{SIDEBAR} [data-testid='stDownloadButton'] button",
                          has_text="Download data (CSV)").first
    with page.expect_download(timeout=30_000) as download:
        button.click()
    with open(download.value.path(), encoding="utf-8") as file:
        return file.read()


def health(url: str, cookie: str | None = None) -> tuple[str | None, str | None]:
    """(worker that answered, sticky cookie it set) for a health check through HAProxy."""
    request = urllib.request.Request(f"{url}/_stcore/health")
    if cookie:
        request.add_header("Cookie", f"{WORKER_COOKIE}={cookie}")
    with urllib.request.urlopen(request, timeout=10) as response:
        set_cookie = [value for value in response.headers.get_all("Set-Cookie") or []
                      if value.startswith(f"{WORKER_COOKIE}=")]
        return (response.headers.get(WORKER_HEADER),
                set_cookie[0].split(";")[0].split("=", 1)[1] if set_cookie else None)


def test_workers_get_the_cap_and_the_balancer_spreads_newcomers_and_sticks(cluster):
    workers = cluster.worker_processes()
    assert sorted(workers) == ["w1", "w2"]
    for process in workers.values():
        assert process.environ().get("PLAYGROUND_MAX_PLAYING") == str(MAX_PLAYING)
        assert "--server.address" in process.cmdline() and "127.0.0.1" in process.cmdline()
    # Newcomers (no cookie) get a cookie naming the worker that answered; both workers serve.
    answered = [health(cluster.url) for _ in range(6)]
    assert all(worker == cookie for worker, cookie in answered), answered
    assert {worker for worker, _ in answered} == {"w1", "w2"}
    # A returning browser stays on its worker.
    for name in ("w1", "w2"):
        assert {health(cluster.url, name)[0] for _ in range(5)} == {name}


def test_two_browsers_play_upload_and_export_on_their_own_workers(cluster, contexts):
    first = open_playground(contexts(cluster.url, "w1"), cluster.url)
    second = open_playground(contexts(cluster.url, "w2"), cluster.url)
    assert (served_by(first), served_by(second)) == ("w1", "w2")

    play(first)  # independent runs: the second browser's network does not move
    pause(first)
    assert steps(first) > 0 and steps(second) == 0

    # Uploads (/_stcore/upload_file) and downloads (/media) reach each browser's own session.
    upload_csv(first, 30, "first.csv")
    upload_csv(second, 20, "second.csv")
    play(second)
    pause(second)
    first_rows = download_data_csv(first).strip().splitlines()
    second_rows = download_data_csv(second).strip().splitlines()
    assert len(first_rows) - 1 == 30 and len(second_rows) - 1 == 20, (first_rows[:3],
                                                                      second_rows[:3])
    assert worker_cookie(first.context, cluster.url) == "w1"
    assert worker_cookie(second.context, cluster.url) == "w2"


def test_a_browser_keeps_its_worker_across_reloads(cluster, contexts):
    context = contexts()
    page = open_playground(context, cluster.url)
    cookie = worker_cookie(context, cluster.url)
    assert cookie in ("w1", "w2")
    pid = cluster.worker_pid(cookie)
    for _ in range(3):
        page.reload()
        wait_idle(page)
        wait_live(page, ("boundary",))
        assert worker_cookie(context, cluster.url) == cookie
        assert served_by(page) == cookie
    play(page)  # the reloaded page plays on the same worker process
    assert cluster.worker_pid(cookie) == pid


def test_a_dead_worker_is_restarted_and_its_pages_reconnect(cluster, contexts):
    doomed = open_playground(contexts(cluster.url, "w1"), cluster.url)
    survivor = open_playground(contexts(cluster.url, "w2"), cluster.url)
    play(doomed)
    play(survivor)

    old_pid = cluster.kill_worker("w1")
    # The page on the dead worker says so instead of freezing...
    notice = doomed.locator(LIVE_CONNECTION)
    notice.wait_for(state="visible", timeout=15_000)
    assert LOST_TEXT in notice.inner_text()
    # ...while the other worker's session keeps playing, undisturbed.
    assert advancing(survivor, timeout=10)
    assert survivor.locator(LIVE_CONNECTION).count() == 0

    # The supervisor restarts the worker, with the same settings, and it serves newcomers.
    assert cluster.wait_restarted("w1", old_pid), cluster.log("serve")
    assert cluster.worker_process("w1").environ().get("PLAYGROUND_MAX_PLAYING") == str(
        MAX_PLAYING)
    fresh = open_playground(contexts(cluster.url, "w1"), cluster.url)
    assert served_by(fresh) == "w1"
    play(fresh)
    assert advancing(survivor, timeout=10)

    # The dead worker's page was redispatched to a live worker (HAProxy re-pinned it) and
    # works again there without a reload: the live view, refused its old token by the new
    # worker, asks for page runs until one brings a new token.
    assert worker_cookie(doomed.context, cluster.url) == served_by(doomed) == "w2"
    assert wait_for(lambda: notice.count() == 0, timeout=RECOVER_SECONDS), (
        "the page on the dead worker kept its reconnect notice")
    wait_live(doomed, ("boundary",))
    if not advancing(doomed, timeout=5):  # it may or may not play on where it stopped
        play(doomed)
    assert served_by(doomed) == "w2"


FULL_NOTICE = "[data-live-view] .live-full"
FULL_TEXT = "The class server is full right now."


def test_past_the_cap_a_newcomer_is_told_the_server_is_full_and_the_player_plays_on(
        contexts):
    with serving(workers=1, max_playing=1) as single:
        player = open_playground(contexts(), single.url)
        play(player)
        newcomer = open_playground(contexts(), single.url)
        notice = newcomer.locator(FULL_NOTICE)
        notice.wait_for(state="visible", timeout=15_000)  # said at once, before any Play
        assert FULL_TEXT in notice.inner_text() and "make run" in notice.inner_text()
        live_button(newcomer, "play").click()
        assert not advancing(newcomer, timeout=3), "Play went through past the cap"
        assert notice.is_visible()
        assert advancing(player, timeout=10)
        assert player.locator(FULL_NOTICE).count() == 0
        pause(player)  # a place is free again
        play(newcomer)
        assert wait_for(lambda: notice.count() == 0, timeout=10)

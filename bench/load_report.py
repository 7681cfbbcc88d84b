"""bench.load's figures as text: one line per measurement (WORKERS, K) and the summary against
the targets (bench only)."""

from __future__ import annotations

import statistics

TARGET_FPS = 10.0
TARGET_PAUSE_S = 0.2
TARGET_SCALING = 1.7
TARGET_IDLE_MB = 5.0


def report_k(workers: int, r: dict) -> str:
    """One measurement (`r` from bench.load.run_k) on one line, then its first errors."""
    fps, pause = r["fps"] or [0.0], r["pause"] or [0.0]
    steps = r["steps_per_s"] or [0.0]
    cpu = r["cpu"]
    browser = (f"chromium {r['browser_fps']:4.1f} updates/s, Pause {r['browser_pause']:.3f} s"
               if "browser_pause" in r else "chromium -")
    line = (
        f"WORKERS={workers} K={r['k']:>2} | frames/s per session min {min(fps):5.1f} "
        f"median {statistics.median(fps):5.1f} (steps/s median {statistics.median(steps):6.0f},"
        f" {r['frame_kb']:.1f} kB/frame) | {browser} | client pause median "
        f"{statistics.median(pause) * 1000:5.1f} ms max {max(pause) * 1000:6.1f} ms"
        f" | CPU cores: workers {cpu['workers']:4.2f} haproxy {cpu['haproxy']:4.2f} "
        f"clients {cpu['clients']:4.2f} chromium {cpu['chromium']:4.2f}; anything else on "
        f"the machine {cpu['other']:4.2f}"
        f" | RSS MB {r['rss_base_mb']:6.1f} -> {r['rss_played_mb']:6.1f}; per session idle "
        f"{r['idle_mb_per_session']:4.2f}, after play {r['played_mb_per_session']:4.2f}"
        + (f", after idle release {r['released_mb_per_session']:4.2f}"
           if "released_mb_per_session" in r else "") +
        f" | sessions per worker {' '.join(f'{w}:{n}' for w, n in r['spread'].items())}"
        f" | errors {len(r['errors'])}"
    )
    extra = [f"    {text[:200]}" for text in r["errors"][:5]]
    return "\n".join([line, *extra])


def report_summary(results: dict[int, list[dict]]) -> str:
    """The figures against the targets; `results` maps WORKERS to its measurements."""
    lines = ["", "Summary against the targets (bench only):"]
    held: dict[int, int] = {}
    for workers, rows in results.items():
        ok = [r["k"] for r in rows if r["fps"] and min(r["fps"]) >= TARGET_FPS and not r["errors"]]
        held[workers] = max(ok, default=0)
        totals = ", ".join(f"K={r['k']}: {sum(r['fps']):.0f}" for r in rows)
        lines.append(f"  WORKERS={workers}: most sessions with every one >= {TARGET_FPS:g} "
                     f"frames/s and no errors: {held[workers]}; total frames/s {totals}")
    for workers, rows in results.items():
        for r in rows:
            if workers == 2 and r["k"] == 20:
                lines.append(
                    f"  WORKERS=2 K=20: min {min(r['fps'] or [0]):.1f} frames/s "
                    f"(target >= {TARGET_FPS:g}), Chromium Pause "
                    f"{r.get('browser_pause', float('nan')):.3f} s (target <= {TARGET_PAUSE_S}),"
                    f" errors {len(r['errors'])} (target 0)")
    if held.get(1) and 2 in held:
        lines.append(f"  sessions held at >= {TARGET_FPS:g} frames/s: WORKERS=2 / WORKERS=1 = "
                     f"{held[2]}/{held[1]} = {held[2] / held[1]:.2f}x (target >= "
                     f"{TARGET_SCALING}x; the K grid is coarse)")
    if 1 in results and 2 in results:
        for r1, r2 in zip(results[1], results[2], strict=False):
            if r1["k"] == r2["k"] and r1["fps"] and r2["fps"]:
                lines.append(f"  K={r1['k']}: total frames/s WORKERS=2 / WORKERS=1 = "
                             f"{sum(r2['fps']) / sum(r1['fps']):.2f}x")
    idle = [r["idle_mb_per_session"] for rows in results.values() for r in rows]
    if idle:
        lines.append(f"  memory per idle session: median {statistics.median(idle):.2f} MB, max "
                     f"{max(idle):.2f} MB (target <= {TARGET_IDLE_MB:g} MB)")
    for name, label in (("played_mb_per_session", "after playing"),
                        ("released_mb_per_session", "after the idle release")):
        values = [r[name] for rows in results.values() for r in rows if name in r]
        if values:
            lines.append(f"  memory per paused session {label}: median "
                         f"{statistics.median(values):.2f} MB, max {max(values):.2f} MB")
    return "\n".join(lines)

"""The shared frame loop and rate gate."""

from ui.animation import FrameGate, run_frames


def test_run_frames_stops_when_asked_and_at_the_limit():
    calls = []
    assert run_frames(lambda: len(calls) < 3, lambda: calls.append(1), fps=1000) == 3
    calls.clear()
    assert run_frames(lambda: True, lambda: calls.append(1), fps=1000, frame_limit=5) == 5
    assert len(calls) == 5
    assert run_frames(lambda: False, lambda: calls.append(1)) == 0


def test_frame_gate_opens_once_per_interval():
    gate = FrameGate(fps=0.001)  # one opening per 1000 s
    assert gate() is True
    assert gate() is False

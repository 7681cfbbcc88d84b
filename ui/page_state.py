"""Play / Step / Reset state shared by the pages that animate one model or a group of runs.

Everything lives in `st.session_state` under keys built from the page's prefix:
`<prefix>_playing` (bool), `<prefix>_request` ("step" or "reset", consumed by the next run) and
`<prefix>_frame_limit` (tests bound the play loop with it; None in normal use). Callbacks only
flip these flags; the page run does the work.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui.i18n import t


@dataclass(frozen=True)
class PlayControls:
    """The Play/Step/Reset buttons and flags of one page, keyed by its prefix."""

    prefix: str  # "cmp" -> cmp_playing, cmp_request, cmp_frame_limit, cmp_play, ...
    texts: str  # "compare" -> compare.play.help, compare.step.help, compare.reset.help

    @property
    def playing_key(self) -> str:
        return f"{self.prefix}_playing"

    @property
    def request_key(self) -> str:
        return f"{self.prefix}_request"

    def playing(self) -> bool:
        return st.session_state.get(self.playing_key, False)

    def frame_limit(self) -> int | None:
        return st.session_state.get(f"{self.prefix}_frame_limit")

    def toggle_play(self) -> None:
        st.session_state[self.playing_key] = not self.playing()

    def stop(self) -> None:
        st.session_state[self.playing_key] = False

    def request(self, name: str) -> None:
        self.stop()
        st.session_state[self.request_key] = name

    def pop_request(self) -> str | None:
        return st.session_state.pop(self.request_key, None)

    def buttons(self, lang: str, stopped: bool) -> None:
        """Play/Pause, Step and Reset in one row; Play and Step are off once training stopped."""
        playing = self.playing()
        play, step, reset = st.columns(3)
        play.button(t("btn.pause" if playing else "btn.play", lang), key=f"{self.prefix}_play",
                    type="primary", on_click=self.toggle_play, shortcut="space",
                    help=t(f"{self.texts}.play.help", lang), width="stretch",
                    disabled=stopped and not playing)
        step.button(t("btn.step", lang), key=f"{self.prefix}_step", on_click=self.request,
                    args=("step",), shortcut="right", help=t(f"{self.texts}.step.help", lang),
                    width="stretch", disabled=stopped)
        reset.button(t("btn.reset", lang), key=f"{self.prefix}_reset", on_click=self.request,
                     args=("reset",), help=t(f"{self.texts}.reset.help", lang), width="stretch")

    def stop_when_done(self, stopped: bool) -> None:
        """After the play loop: training stopped (diverged) while playing -> pause and rerun."""
        if stopped and st.session_state.get(self.playing_key):
            self.stop()
            st.rerun()

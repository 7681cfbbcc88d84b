"""Compare runs side by side: 2-4 runs that differ in one setting, trained in lockstep."""

from ui.compare.view import show_page

show_page()

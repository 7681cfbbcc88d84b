"""The playground: choose data and network, press Play, watch it learn."""

from ui.playground.view import show_page

show_page()

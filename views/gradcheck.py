"""Gradient check: backpropagation's gradients against centred finite differences."""

from ui.gradcheck.view import show_page

show_page()

"""Backprop step by step: one training step of a real network with the numbers nn_core computed."""

from ui.backprop.view import show_page

show_page()

"""Gradient check: model (nn_core's backprop against finite differences, pure), view (the page),
strings."""

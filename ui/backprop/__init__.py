"""Backprop step by step: model (the stage tables from nn_core's numbers, pure), view (the
page), strings."""

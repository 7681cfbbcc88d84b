"""nn_core: a from-scratch NumPy neural-network engine (no Streamlit, no Plotly).

Modules, in the order a course meets them:

    activations   g(z) and g'(z) by name; softmax for the output
    losses        mse, sse, bce, ce with their output gradients; l1 / l2 penalties
    layers        dense and activation layers as forward/backward pairs
    mlp           the network: forward pass, loss, backward pass, update (the reference path)
    gradcheck     centred finite differences against backpropagation
    optim         sgd, momentum, adam on a flat parameter vector
    fast          the same math in preallocated buffers, for the playground (tested equal)
    serialize     configuration checks and to_dict / from_dict
    training      TrainingRun: data, network, optimizer state, counters, history, snapshots
    datasets      toy 2-D datasets, the tutorial's XOR, feature maps
    csv_data      a user's CSV file in and out (x1, x2, label), every problem named by row
    problems      Problem: a ValueError with a code and values, for CSV, network and dataset

Choice lists, defined here once for the pages, widgets and URLs (tuples of names, the default
first):

    ACTIVATION_NAMES          hidden-layer activations ("tanh", "relu", "sigmoid", ...)
    OUTPUT_ACTIVATION_NAMES   output activations: the same, then "softmax" (only with "ce")
    LOSS_NAMES                "bce", "mse", "sse", "ce"
    REGULARIZATIONS           "none", "l1", "l2"
    INITS                     "xavier", "he", "uniform01", "normal"
    OPTIMIZERS                "sgd", "momentum", "adam"
    STEP_UNITS                "sample", "batch", "epoch" (TrainingRun.step)

ACTIVATIONS, OUTPUT_ACTIVATIONS and LOSSES are the read-only registries behind the first three
(name -> object with the formulas).
"""

from nn_core import datasets
from nn_core.activations import (
    ACTIVATION_NAMES,
    ACTIVATIONS,
    OUTPUT_ACTIVATION_NAMES,
    OUTPUT_ACTIVATIONS,
    Activation,
    get_activation,
    softmax,
)
from nn_core.gradcheck import elementwise_relative_error, gradcheck, numeric_grads, relative_error
from nn_core.losses import LOSS_NAMES, LOSSES, REGULARIZATIONS, Loss, get_loss
from nn_core.mlp import INITS, MLP, BackwardTrace, ForwardTrace
from nn_core.optim import OPTIMIZERS, make_optimizer
from nn_core.training import (
    STEP_UNITS,
    Divergence,
    History,
    Snapshot,
    StepReport,
    TrainingRun,
)

__all__ = [
    "Divergence",
    "ACTIVATION_NAMES", "OUTPUT_ACTIVATION_NAMES", "LOSS_NAMES", "REGULARIZATIONS", "INITS",
    "OPTIMIZERS", "STEP_UNITS",
    "ACTIVATIONS", "OUTPUT_ACTIVATIONS", "Activation", "get_activation", "softmax",
    "LOSSES", "Loss", "get_loss", "MLP", "ForwardTrace", "BackwardTrace", "gradcheck",
    "numeric_grads", "relative_error", "elementwise_relative_error", "make_optimizer",
    "datasets", "TrainingRun", "History", "Snapshot", "StepReport",
]

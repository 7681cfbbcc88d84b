"""nn_core: a from-scratch NumPy neural-network engine (no Streamlit, no Plotly)."""

from nn_core import datasets
from nn_core.activations import ACTIVATIONS, OUTPUT_ACTIVATIONS, Activation, get_activation, softmax
from nn_core.gradcheck import gradcheck, numeric_grads
from nn_core.losses import LOSSES, Loss, get_loss
from nn_core.mlp import MLP, BackwardTrace, ForwardTrace
from nn_core.optim import make_optimizer
from nn_core.training import History, Snapshot, StepReport, TrainingRun

__all__ = [
    "ACTIVATIONS", "OUTPUT_ACTIVATIONS", "Activation", "get_activation", "softmax",
    "LOSSES", "Loss", "get_loss", "MLP", "ForwardTrace", "BackwardTrace", "gradcheck",
    "numeric_grads", "make_optimizer", "datasets", "TrainingRun", "History", "Snapshot",
    "StepReport",
]

"""Pure Plotly figure builders: NumPy arrays in, plain `{"data": [...], "layout": {...}}` out.

No Streamlit calls and no translation lookups: every visible string comes in through `labels`
(overrides of the English defaults in the *_LABELS mappings). Dicts may hold NumPy arrays (float64,
rounded); the renderer converts them. Axis ranges and colour limits are fixed so frames do not
jump, and each layout carries a constant `uirevision`.
"""

from ui.figures._common import nice_ceiling, nice_step_below
from ui.figures.boundary import BOUNDARY_LABELS, boundary_figure, multiclass_shading
from ui.figures.loss import (
    LOSS_LABELS,
    MULTI_LOSS_LABELS,
    loss_axis_limits,
    loss_figure,
    multi_loss_figure,
)
from ui.figures.network import NETWORK_LABELS, network_figure, node_positions
from ui.figures.weights import (
    WEIGHT_LABELS,
    neuron_labels,
    stable_weight_range,
    weights_figure,
    weights_grid_figure,
)

__all__ = [
    "BOUNDARY_LABELS",
    "LOSS_LABELS",
    "MULTI_LOSS_LABELS",
    "NETWORK_LABELS",
    "WEIGHT_LABELS",
    "boundary_figure",
    "loss_axis_limits",
    "loss_figure",
    "multi_loss_figure",
    "multiclass_shading",
    "network_figure",
    "neuron_labels",
    "nice_ceiling",
    "nice_step_below",
    "node_positions",
    "stable_weight_range",
    "weights_figure",
    "weights_grid_figure",
]

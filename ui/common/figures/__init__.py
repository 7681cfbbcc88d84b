"""Figure helpers: the decision boundary as a Plotly figure (for the HTML animation export),
nice axis steps, neuron names and the weight colour scale shared with the live charts.

No Streamlit calls and no translation lookups: every visible string comes in through `labels`
(overrides of the English defaults in BOUNDARY_LABELS).
"""

from ui.common.figures._common import nice_ceiling, nice_step_below
from ui.common.figures.boundary import BOUNDARY_LABELS, boundary_figure, multiclass_shading
from ui.common.figures.weights import neuron_labels, stable_weight_range

__all__ = [
    "BOUNDARY_LABELS",
    "boundary_figure",
    "multiclass_shading",
    "neuron_labels",
    "nice_ceiling",
    "nice_step_below",
    "stable_weight_range",
]

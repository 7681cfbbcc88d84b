"""Files the playground hands out and takes back (pure: no Streamlit), one module per file kind:

    model_file         the trained network with every setting as JSON, and its validated import
    csv_files          the loss/accuracy history and the data points as CSV
    predict            predict.py: predict_template.py with the network's numbers filled in
    predict_template   the standalone NumPy prediction script itself (a real, checked file)
    animation          an offline HTML page replaying the decision boundary over the snapshots
"""

from ui.export.animation import animation_figure, animation_html, frame_indices
from ui.export.csv_files import HISTORY_HEADER, data_csv, history_csv
from ui.export.model_file import (
    MAX_MODEL_BYTES,
    MODEL_FORMAT,
    MODEL_VERSION,
    ImportedModel,
    export_model,
    import_model,
    restore_playground,
)
from ui.export.predict import ACTIVATION_CODE, FEATURE_CODE, network_script, predict_script

__all__ = [
    "ACTIVATION_CODE", "FEATURE_CODE", "HISTORY_HEADER", "MAX_MODEL_BYTES", "MODEL_FORMAT",
    "MODEL_VERSION", "ImportedModel", "animation_figure", "animation_html", "data_csv",
    "export_model", "frame_indices", "history_csv", "import_model", "network_script",
    "predict_script", "restore_playground",
]

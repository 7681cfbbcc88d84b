"""The CSV files: the run's loss/accuracy history and the current data points."""

from __future__ import annotations

import math

from nn_core.csv_data import dataset_to_csv
from nn_core.training import History, TrainingRun
from ui.playground.model import Playground

HISTORY_HEADER = ",".join(History.FIELDS)


def history_csv(run: TrainingRun) -> str:
    """CSV "epoch,step,train_loss,test_loss,train_acc,test_acc", one row per history point;
    missing values (no test set, regression accuracy) are empty cells."""
    columns = [run.history.column(name) for name in History.FIELDS]
    lines = [HISTORY_HEADER]
    for epoch, step, *metrics in zip(*columns, strict=True):
        cells = [repr(float(epoch)), str(int(step))]
        cells += ["" if math.isnan(value) else repr(float(value)) for value in metrics]
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def data_csv(playground: Playground) -> str:
    """The current points (train and test together, in the dataset's order) as CSV
    "x1,x2,label" (nn_core.csv_data.dataset_to_csv; load_csv reads it back)."""
    dataset = playground.problem.dataset
    return dataset_to_csv(dataset.X, dataset.y)

"""Editing the data by hand: add a point where the user clicked, or remove the nearest one.

Pure functions on a `Problem`: added points join the training set; a removal takes the nearest
point from either set. `problem_dataset` gathers all points into one `Dataset` (for export and
for rebuilding after an architecture change).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from nn_core.datasets import Dataset, add_features
from ui.common.run_setup import Problem

MIN_TRAINING_POINTS = 2
REMOVE_RADIUS_FRACTION = 0.06  # of the domain width: how close a click must be to remove a point


def _label_array(dataset: Dataset, label: float) -> np.ndarray:
    """One label in the dataset's own layout: (1,) int for multiclass, (1, 1) float otherwise."""
    if dataset.kind == "multiclass":
        return np.array([int(label)], dtype=dataset.y.dtype)
    return np.array([[float(label)]], dtype=dataset.y.dtype)


def add_point(problem: Problem, x: float, y: float, label: float) -> Problem:
    """The problem with the point (x, y) of class/target `label` added to the training set."""
    dataset = problem.dataset
    if dataset.kind == "multiclass" and not 0 <= int(label) < dataset.n_classes:
        raise ValueError(f"class must be 0 to {dataset.n_classes - 1}")
    if dataset.kind == "binary" and label not in (0, 1):
        raise ValueError("class must be 0 or 1")
    if not (np.isfinite(x) and np.isfinite(y)):
        raise ValueError("the clicked position is not a finite number")
    raw_train = np.vstack([problem.raw_train, [[x, y]]])
    y_train = np.concatenate([problem.y_train, _label_array(dataset, label)])
    return _with_points(problem, raw_train, y_train, problem.raw_test, problem.y_test)


def remove_nearest(problem: Problem, x: float, y: float) -> Problem | None:
    """The problem without the point nearest (x, y), or None if no point is close enough
    (or removing it would leave fewer than MIN_TRAINING_POINTS training points)."""
    xmin, xmax, _, _ = problem.dataset.domain
    radius = REMOVE_RADIUS_FRACTION * (xmax - xmin)
    target = np.array([x, y])
    sets = [("train", problem.raw_train)]
    if problem.raw_test is not None:
        sets.append(("test", problem.raw_test))
    best = min(
        ((float(np.linalg.norm(points[i] - target)), name, i)
         for name, points in sets for i in range(len(points))),
        default=None,
    )
    if best is None or best[0] > radius:
        return None
    _, name, index = best
    if name == "train":
        if len(problem.raw_train) <= MIN_TRAINING_POINTS:
            return None
        return _with_points(problem, np.delete(problem.raw_train, index, axis=0),
                            np.delete(problem.y_train, index, axis=0),
                            problem.raw_test, problem.y_test)
    raw_test = np.delete(problem.raw_test, index, axis=0)
    y_test = np.delete(problem.y_test, index, axis=0)
    if len(raw_test) == 0:
        raw_test = y_test = None
    return _with_points(problem, problem.raw_train, problem.y_train, raw_test, y_test)


def _with_points(problem: Problem, raw_train, y_train, raw_test, y_test) -> Problem:
    return replace(
        problem,
        raw_train=raw_train, y_train=y_train, raw_test=raw_test, y_test=y_test,
        X_train=add_features(raw_train, problem.features),
        X_test=None if raw_test is None else add_features(raw_test, problem.features),
        dataset=problem_dataset_from(problem.dataset, raw_train, y_train, raw_test, y_test),
    )


def problem_dataset_from(base: Dataset, raw_train, y_train, raw_test, y_test) -> Dataset:
    """All points (training first, then test) as one Dataset with `base`'s kind and domain."""
    X = raw_train if raw_test is None else np.vstack([raw_train, raw_test])
    y = y_train if raw_test is None else np.concatenate([y_train, y_test])
    return Dataset(name=base.name, X=X, y=y, kind=base.kind, n_classes=base.n_classes,
                   domain=base.domain)

"""Toy datasets for the playground, the tutorial's XOR table and feature maps (CSV: csv_data).

Everything here is NumPy plus the standard library. Randomness comes only from
``np.random.default_rng(seed)``, so the same arguments always give the same arrays.

Label conventions (shared with ``nn_core.training``):

* ``"binary"``: ``y`` has shape (n, 1), float64, values in {0, 1};
* ``"multiclass"``: ``y`` has shape (n,), int64, values in 0..k-1;
* ``"regression"``: ``y`` has shape (n, 1), float64.

Noise (``make_dataset(..., noise=f)``, ``f`` in [0, 1]): the labels (or regression targets) are
computed from the clean points, then every coordinate is moved by a uniform jitter in
``[-f * s, +f * s]`` where ``s`` is the dataset's jitter scale (2.5 for the playground sets, whose
points lie in a radius of 5, so ``noise=1`` matches TensorFlow Playground's 50 % noise; 0.25 for
"xor4"). The jitter is drawn even when ``f = 0``, so for a fixed seed the points move linearly with
``noise``: ``X(f) = X(0) + f * J``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from nn_core.problems import Names, Problem

Domain = tuple[float, float, float, float]

KINDS = ("binary", "multiclass", "regression")
DEFAULT_DATASET = "xor"
MIN_SAMPLES = 4
MAX_SAMPLES = 10_000
PLAYGROUND_RADIUS = 5.0
PLAYGROUND_DOMAIN: Domain = (-6.0, 6.0, -6.0, 6.0)
XOR4_DOMAIN: Domain = (-0.5, 1.5, -0.5, 1.5)
MAX_ABS_VALUE = 1e6

DATASET_PROBLEMS = MappingProxyType({
    "unknown_kind": "unknown dataset kind {kind!r}; choose one of {choices}",
    "x_shape": "X must have shape (n, 2) with n >= 1, got {shape}",
    "x_not_finite": "X contains NaN or infinite values",
    "class_labels": "multiclass y must be integers of shape ({n},), got {shape}",
    "class_range": "multiclass labels must lie in 0..{last}",
    "y_shape": "{kind} y must have shape ({n}, 1), got {shape}",
    "y_not_finite": "y contains NaN or infinite values",
    "kind_classes": "{kind} data has n_classes={expected}",
    "binary_labels": "binary labels must be 0 or 1",
    "domain_order": "domain must satisfy xmin < xmax and ymin < ymax, got {domain}",
})
"""What can be wrong with the arrays of a Dataset: code -> English message, its {values} those
of the DatasetProblem (`kind` is "binary" or "regression" where it is a word)."""


class DatasetProblem(Problem):
    """A Dataset that cannot be built: `code` (a key of DATASET_PROBLEMS) and its `values`."""

    family = "dataset"
    messages = DATASET_PROBLEMS


# --------------------------------------------------------------------------------------------
# Dataset containers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Dataset:
    """A labelled 2-D dataset.

    X: (n, 2) float64. y: (n, 1) float64 for "binary" (0/1) and "regression", (n,) int64 for
    "multiclass". n_classes: 2 for binary, k for multiclass, 1 for regression.
    domain: (xmin, xmax, ymin, ymax), a drawing window that contains every point with a margin.
    The arrays are stored as read-only copies, so a cached Dataset cannot be changed by accident.
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    kind: str
    n_classes: int
    domain: Domain

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise DatasetProblem("unknown_kind", kind=self.kind, choices=Names(KINDS))
        X = np.array(self.X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] < 1:
            raise DatasetProblem("x_shape", shape=X.shape)
        if not np.all(np.isfinite(X)):
            raise DatasetProblem("x_not_finite")
        n = X.shape[0]
        if self.kind == "multiclass":
            y = np.array(self.y)
            if y.shape != (n,) or not np.issubdtype(y.dtype, np.integer):
                raise DatasetProblem("class_labels", n=n, shape=y.shape)
            y = y.astype(np.int64)
            if self.n_classes < 2 or y.min() < 0 or y.max() >= self.n_classes:
                raise DatasetProblem("class_range", last=self.n_classes - 1)
        else:
            y = np.array(self.y, dtype=np.float64)
            if y.shape != (n, 1):
                raise DatasetProblem("y_shape", kind=self.kind, n=n, shape=y.shape)
            if not np.all(np.isfinite(y)):
                raise DatasetProblem("y_not_finite")
            expected_classes = 2 if self.kind == "binary" else 1
            if self.n_classes != expected_classes:
                raise DatasetProblem("kind_classes", kind=self.kind, expected=expected_classes)
            if self.kind == "binary" and not np.all((y == 0.0) | (y == 1.0)):
                raise DatasetProblem("binary_labels")
        xmin, xmax, ymin, ymax = (float(v) for v in self.domain)
        if not (xmin < xmax and ymin < ymax):
            raise DatasetProblem("domain_order", domain=self.domain)
        X.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "n_classes", int(self.n_classes))
        object.__setattr__(self, "domain", (xmin, xmax, ymin, ymax))

    @property
    def n_samples(self) -> int:
        """Number of points n."""
        return int(self.X.shape[0])


@dataclass(frozen=True)
class DatasetInfo:
    """What the dataset picker shows: the name, the problem kind and a one-line description."""

    name: str
    kind: str
    description: str


# --------------------------------------------------------------------------------------------
# Generators: (rng, n) -> (clean X (m, 2), raw labels (m,)), int labels or float targets
# --------------------------------------------------------------------------------------------


def _balanced_labels(n: int, n_classes: int) -> np.ndarray:
    """Class labels 0..k-1, class c appearing n // k times plus one more for c < n % k."""
    counts = [n // n_classes + (1 if c < n % n_classes else 0) for c in range(n_classes)]
    return np.repeat(np.arange(n_classes), counts)


def _xor_quadrants(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Label 1 where the coordinates have opposite signs (x1 * x2 < 0), like XOR of x1>0, x2>0."""
    labels = _balanced_labels(n, 2)
    sign1 = rng.choice([-1.0, 1.0], size=n)
    sign2 = np.where(labels == 1, -sign1, sign1)
    magnitude = rng.uniform(0.3, PLAYGROUND_RADIUS, size=(n, 2))  # 0.3: keep off the axes
    return magnitude * np.column_stack([sign1, sign2]), labels


def _xor4(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The tutorial's table: (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0; n is ignored."""
    X, y = tutorial_xor()
    return X[:, :2], y[:, 0].astype(np.int64)


def _circle(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Label 1 inside radius R/2, label 0 on the ring 0.7R..R (R = 5)."""
    labels = _balanced_labels(n, 2)
    radius = np.where(
        labels == 1,
        rng.uniform(0.0, 0.5, size=n),
        rng.uniform(0.7, 1.0, size=n),
    ) * PLAYGROUND_RADIUS
    angle = rng.uniform(0.0, 2.0 * np.pi, size=n)
    return radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]), labels


def _gaussians(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Two unit-variance blobs: label 1 around (2, 2), label 0 around (-2, -2)."""
    labels = _balanced_labels(n, 2)
    centres = np.where(labels[:, None] == 1, 2.0, -2.0)
    return centres + rng.normal(0.0, 1.0, size=(n, 2)), labels


def _spiral_arms(rng: np.random.Generator, n: int, n_arms: int) -> tuple[np.ndarray, np.ndarray]:
    """Arm c: r = R u, t = 1.75 * 2 pi u + 2 pi c / k, point r (sin t, cos t), u ~ U[0, 1)."""
    labels = _balanced_labels(n, n_arms)
    u = rng.uniform(0.0, 1.0, size=n)
    radius = PLAYGROUND_RADIUS * u
    angle = 1.75 * 2.0 * np.pi * u + 2.0 * np.pi * labels / n_arms
    return radius[:, None] * np.column_stack([np.sin(angle), np.cos(angle)]), labels


def _spiral(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    return _spiral_arms(rng, n, 2)


def _spiral3(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    return _spiral_arms(rng, n, 3)


def _moons(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles (upper: label 0, lower: label 1), scaled by 3 and centred."""
    labels = _balanced_labels(n, 2)
    t = rng.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    points = np.where(labels[:, None] == 0, upper, lower)
    return 3.0 * (points - np.array([0.5, 0.25])), labels


def _checkerboard(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """4 x 4 board of 2.5-wide cells over [-5, 5]^2; label = (column + row) mod 2."""
    labels = _balanced_labels(n, 2)
    column = rng.integers(0, 4, size=n)
    row = 2 * rng.integers(0, 2, size=n) + (labels - column) % 2
    cell = np.column_stack([column, row]).astype(np.float64)
    return -PLAYGROUND_RADIUS + 2.5 * (cell + rng.uniform(0.0, 1.0, size=(n, 2))), labels


def _uniform_square(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.uniform(-PLAYGROUND_RADIUS, PLAYGROUND_RADIUS, size=(n, 2))


def _plane(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Target y = (x1 + x2) / 10, in [-1, 1]."""
    X = _uniform_square(rng, n)
    return X, (X[:, 0] + X[:, 1]) / 10.0


_GAUSS_SUM_CENTRES = np.array([[-3.0, 2.5], [0.0, 2.5], [3.0, 2.5],
                               [-3.0, -2.5], [0.0, -2.5], [3.0, -2.5]])
_GAUSS_SUM_SIGNS = np.array([1.0, -1.0, 1.0, -1.0, 1.0, -1.0])
_GAUSS_SUM_WIDTH = 1.5


def _gauss_sum(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Target y = sum_i s_i exp(-|x - c_i|^2 / (2 * 1.5^2)), six bumps of alternating sign."""
    X = _uniform_square(rng, n)
    squared_distance = ((X[:, None, :] - _GAUSS_SUM_CENTRES[None, :, :]) ** 2).sum(axis=2)
    bumps = np.exp(-squared_distance / (2.0 * _GAUSS_SUM_WIDTH**2))
    return X, bumps @ _GAUSS_SUM_SIGNS


@dataclass(frozen=True)
class _Recipe:
    info: DatasetInfo
    generate: Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]]
    n_classes: int
    base_domain: Domain
    jitter_scale: float
    shuffle: bool = True


def _recipe(name, kind, description, generate, n_classes=2, *, small=False) -> _Recipe:
    return _Recipe(
        info=DatasetInfo(name, kind, description),
        generate=generate,
        n_classes=n_classes,
        base_domain=XOR4_DOMAIN if small else PLAYGROUND_DOMAIN,
        jitter_scale=0.25 if small else PLAYGROUND_RADIUS / 2.0,
        shuffle=not small,
    )


_RECIPES: Mapping[str, _Recipe] = MappingProxyType({
    recipe.info.name: recipe
    for recipe in (
        _recipe("xor", "binary", "Four noisy quadrants; class 1 where x1 and x2 differ in sign.",
                _xor_quadrants),
        _recipe("xor4", "binary", "The tutorial's four points (0,0), (0,1), (1,0), (1,1) with "
                "labels 0, 1, 1, 0; n is ignored, noise jitters the points by up to 0.25.",
                _xor4, small=True),
        _recipe("circle", "binary", "A disc of class 1 inside a ring of class 0.", _circle),
        _recipe("gaussians", "binary", "Two Gaussian blobs around (2, 2) and (-2, -2).",
                _gaussians),
        _recipe("spiral", "binary", "Two interleaved spirals.", _spiral),
        _recipe("moons", "binary", "Two interleaved half circles.", _moons),
        _recipe("checkerboard", "binary", "A 4 x 4 checkerboard of alternating classes.",
                _checkerboard),
        _recipe("spiral3", "multiclass", "Three interleaved spirals, one class each.",
                _spiral3, n_classes=3),
        _recipe("plane", "regression", "Target (x1 + x2) / 10: a tilted plane.", _plane, 1),
        _recipe("gauss_sum", "regression", "Target: a sum of six Gaussian bumps of "
                "alternating sign.", _gauss_sum, 1),
    )
})

DATASETS: Mapping[str, DatasetInfo] = MappingProxyType(
    {name: recipe.info for name, recipe in _RECIPES.items()}
)


# --------------------------------------------------------------------------------------------
# Public builders
# --------------------------------------------------------------------------------------------


def is_whole_number(value) -> bool:
    """An integer (Python or NumPy), not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _domain_containing(X: np.ndarray, base: Domain, margin: float) -> Domain:
    """The square `base`, widened symmetrically (in steps of 0.5) until every point lies at least
    `margin` inside it. Square and centred, so the picture keeps its shape as noise grows."""
    centre = np.array([(base[0] + base[1]) / 2.0, (base[2] + base[3]) / 2.0])
    reach = float(np.abs(X - centre).max()) + margin
    half = max((base[1] - base[0]) / 2.0, math.ceil(reach * 2.0) / 2.0)
    return (float(centre[0] - half), float(centre[0] + half),
            float(centre[1] - half), float(centre[1] + half))


def _labels_for_kind(raw: np.ndarray, kind: str) -> np.ndarray:
    """Raw labels (m,) -> the kind's convention: (m, 1) float or (m,) int64 for multiclass."""
    if kind == "multiclass":
        return raw.astype(np.int64)
    return raw.astype(np.float64).reshape(-1, 1)


def make_dataset(name: str, n: int = 200, noise: float = 0.0,
                 seed: int = 0) -> Dataset:
    """Generate dataset `name` with n points (4..10000), jitter `noise` in [0, 1], from `seed`.

    Classification sets are balanced: each of the k classes has n // k or n // k + 1 points, in a
    shuffled order. "xor4" always has the tutorial's 4 points in the tutorial's order.
    """
    recipe = _RECIPES.get(name) if isinstance(name, str) else None
    if recipe is None:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    if not is_whole_number(n) or not MIN_SAMPLES <= n <= MAX_SAMPLES:
        raise ValueError(f"n must be an integer from {MIN_SAMPLES} to {MAX_SAMPLES}, got {n!r}")
    if not _is_real(noise) or not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be a number from 0 to 1, got {noise!r}")
    if not is_whole_number(seed):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    rng = np.random.default_rng(int(seed))
    X, raw = recipe.generate(rng, int(n))
    if recipe.shuffle:
        order = rng.permutation(X.shape[0])
        X, raw = X[order], raw[order]
    X = X + float(noise) * recipe.jitter_scale * rng.uniform(-1.0, 1.0, size=X.shape)
    margin = recipe.jitter_scale / 5.0
    return Dataset(
        name=name,
        X=X,
        y=_labels_for_kind(raw, recipe.info.kind),
        kind=recipe.info.kind,
        n_classes=recipe.n_classes,
        domain=_domain_containing(X, recipe.base_domain, margin),
    )


def tutorial_xor() -> tuple[np.ndarray, np.ndarray]:
    """The tutorial's inputs X (4, 3) = [x1, x2, 1] (third column: constant input) and y (4, 1)."""
    X = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    return X, y


def train_test_split(X: np.ndarray, y: np.ndarray, train_ratio: float = 0.5,
                     seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split rows by a seeded permutation -> (X_train, y_train, X_test, y_test).

    n_train = round(train_ratio * n), clamped to 1..n-1 so both parts keep at least one point
    (hence n >= 2 is required). train_ratio must lie strictly between 0 and 1.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim < 1 or y.ndim < 1 or X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of rows, got {X.shape} and {y.shape}")
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"need at least 2 rows to split, got {n}")
    if not _is_real(train_ratio) or not 0.0 < train_ratio < 1.0:
        raise ValueError(f"train_ratio must lie strictly between 0 and 1, got {train_ratio!r}")
    if not is_whole_number(seed):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    n_train = min(max(round(float(train_ratio) * n), 1), n - 1)
    order = np.random.default_rng(int(seed)).permutation(n)
    train, test = order[:n_train], order[n_train:]
    return X[train], y[train], X[test], y[test]


# --------------------------------------------------------------------------------------------
# Feature maps (the playground's input features)
# --------------------------------------------------------------------------------------------


def _x1(X: np.ndarray) -> np.ndarray:
    return X[:, 0]


def _x2(X: np.ndarray) -> np.ndarray:
    return X[:, 1]


def _x1_squared(X: np.ndarray) -> np.ndarray:
    return X[:, 0] ** 2


def _x2_squared(X: np.ndarray) -> np.ndarray:
    return X[:, 1] ** 2


def _x1_times_x2(X: np.ndarray) -> np.ndarray:
    return X[:, 0] * X[:, 1]


def _sin_x1(X: np.ndarray) -> np.ndarray:
    return np.sin(X[:, 0])


def _sin_x2(X: np.ndarray) -> np.ndarray:
    return np.sin(X[:, 1])


FEATURES: Mapping[str, Callable[[np.ndarray], np.ndarray]] = MappingProxyType({
    "x1": _x1,
    "x2": _x2,
    "x1^2": _x1_squared,
    "x2^2": _x2_squared,
    "x1*x2": _x1_times_x2,
    "sin(x1)": _sin_x1,
    "sin(x2)": _sin_x2,
})


def add_features(X: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Points X (n, 2) -> features (n, len(names)) float64; column j = FEATURES[names[j]](X)."""
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise ValueError("names must be a list of feature names such as ['x1', 'x2']")
    if len(names) == 0:
        raise ValueError("choose at least one feature")
    unknown = [name for name in names if name not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature {unknown[0]!r}; choose from {', '.join(FEATURES)}")
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    out = np.empty((X.shape[0], len(names)), dtype=np.float64)
    for column, name in enumerate(names):
        out[:, column] = FEATURES[name](X)
    return out

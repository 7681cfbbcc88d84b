"""Coded problems (nn_core.problems): a bad network description or dataset raises a
ModelProblem or DatasetProblem with a code, its English message exactly the one before codes
(recorded from commit 78a2729), so a page can word it in its own language."""

import json

import numpy as np
import pytest

from nn_core import MLP
from nn_core.csv_data import CsvProblem
from nn_core.datasets import DATASET_PROBLEMS, Dataset, DatasetProblem
from nn_core.problems import Cause, Names, Problem, shortened
from nn_core.serialize import MODEL_PROBLEMS, ModelProblem


def _broken(mutate):
    data = json.loads(json.dumps(MLP([2, 3, 1], seed=0).to_dict()))
    mutate(data)
    return data


def _data(X=None, y=None, kind="binary", n_classes=2, domain=(0, 1, 0, 1)):
    X = np.zeros((2, 2)) if X is None else X
    return Dataset("d", X, np.zeros((2, 1)) if y is None else y, kind, n_classes, domain)


BAD_NETWORKS = {
    "not_a_dict": (lambda: MLP.from_dict([1]), "network data must be a dict, got list"),
    "data_missing": (lambda: MLP.from_dict(_broken(lambda d: (d.pop("params"),
                                                              d.pop("config")))),
                     "network data is missing key(s): config, params"),
    "config_unknown": (lambda: MLP.from_dict(_broken(lambda d: d["config"].update(color=1, b=1))),
                       "config has unknown key(s): b, color"),
    "size_not_int": (lambda: MLP.from_dict(_broken(lambda d: d["config"].update(
        sizes=[2, True, 1]))), "sizes[1] must be an integer, got True"),
    "too_many_hidden": (lambda: MLP.from_dict(_broken(lambda d: d["config"].update(
        sizes=[2] + [3] * 40 + [1]))), "at most 32 hidden layers are supported, got 40"),
    "params_missing": (lambda: MLP.from_dict(_broken(lambda d: d["params"].pop("b2"))),
                       "params do not match the network: missing b2"),
    "param_not_finite": (lambda: MLP.from_dict(_broken(
        lambda d: d["params"]["W2"][0].__setitem__(0, float("nan")))),
        "param 'W2' contains NaN or infinite values"),
    "config_invalid": (lambda: MLP.from_dict(_broken(lambda d: d["config"].update(dtype="ints"))),
                       "invalid config: data type 'ints' not understood"),
    "unknown_name": (lambda: MLP([2, 3, 1], activation="swish"),
                     "unknown activation 'swish'; choose one of tanh, relu, sigmoid, leaky_relu, "
                     "linear, softplus, sin"),
    "loss_output": (lambda: MLP([2, 3, 3], output_activation="sigmoid", loss="ce"),
                    "loss 'ce' needs output_activation 'softmax', got 'sigmoid'"),
    "hidden_count": (lambda: MLP([2, 3, 3, 1], hidden_activations=["tanh"]),
                     "hidden_activations needs 2 names (one per hidden layer), got 1"),
    "reg_rate_type": (lambda: MLP([2, 1], reg_rate="0.1"), "reg_rate must be a number, got '0.1'"),
}

BAD_DATASETS = {
    "unknown_kind": (lambda: _data(kind="ordinal"), "unknown dataset kind 'ordinal'; choose one "
                     "of binary, multiclass, regression"),
    "x_shape": (lambda: _data(X=np.zeros((2, 3))),
                "X must have shape (n, 2) with n >= 1, got (2, 3)"),
    "x_not_finite": (lambda: _data(X=np.full((2, 2), np.inf)), "X contains NaN or infinite values"),
    "class_labels": (lambda: _data(kind="multiclass", n_classes=3),
                     "multiclass y must be integers of shape (2,), got (2, 1)"),
    "class_range": (lambda: _data(y=np.array([0, 3]), kind="multiclass", n_classes=3),
                    "multiclass labels must lie in 0..2"),
    "y_shape": (lambda: _data(y=np.zeros(2), kind="regression", n_classes=1),
                "regression y must have shape (2, 1), got (2,)"),
    "y_not_finite": (lambda: _data(y=np.full((2, 1), np.nan), kind="regression", n_classes=1),
                     "y contains NaN or infinite values"),
    "kind_classes": (lambda: _data(kind="regression"), "regression data has n_classes=1"),
    "binary_labels": (lambda: _data(y=np.full((2, 1), 0.5)), "binary labels must be 0 or 1"),
    "domain_order": (lambda: _data(domain=(0, 1, 1, 1)),
                     "domain must satisfy xmin < xmax and ymin < ymax, got (0, 1, 1, 1)"),
}


@pytest.mark.parametrize(("kind", "code"), [(ModelProblem, code) for code in BAD_NETWORKS]
                         + [(DatasetProblem, code) for code in BAD_DATASETS])
def test_a_bad_network_or_dataset_is_a_coded_problem_with_the_old_message(kind, code):
    make, message = {ModelProblem: BAD_NETWORKS, DatasetProblem: BAD_DATASETS}[kind][code]
    with pytest.raises(kind) as caught:
        make()
    assert caught.value.code == code and str(caught.value) == message


def test_every_dataset_problem_is_tested():
    assert set(BAD_DATASETS) == set(DATASET_PROBLEMS)


def test_a_ragged_param_keeps_numpys_words_as_its_reason():
    with pytest.raises(ModelProblem) as caught:
        MLP.from_dict(_broken(lambda d: d["params"].update(W1=[[1.0, 2.0], [3.0]])))
    problem = caught.value
    assert problem.code == "param_ragged" and problem.values["cause"] is None
    assert str(problem) == f"param 'W1' is ragged or malformed: {problem.values['reason']}"
    assert "inhomogeneous" in problem.values["reason"]


def test_problems_are_value_errors_with_their_table_and_family():
    for kind, family, table in ((ModelProblem, "model", MODEL_PROBLEMS),
                                (DatasetProblem, "dataset", DATASET_PROBLEMS),
                                (CsvProblem, "csv", None)):
        assert issubclass(kind, Problem) and issubclass(kind, ValueError)
        assert kind.family == family and (table is None or kind.messages is table)
    problem = CsvProblem("too_big", size=2_000_000, limit=1_000_000)
    assert str(problem) == "the file is 2,000,000 bytes; the limit is 1,000,000 bytes"
    assert (problem.code, problem.values) == ("too_big", {"size": 2_000_000, "limit": 1_000_000})


def test_because_keeps_a_coded_cause_and_cuts_the_reason():
    inner = ModelProblem("config_unknown", keys=Names(["k" * 200]))
    outer = ModelProblem.because("config_invalid", inner)
    assert outer.values["cause"] == Cause("model", "config_unknown", inner.values, 120)
    assert outer.values["reason"] == str(inner)[:117] + "..."
    assert str(outer) == "invalid config: " + outer.values["reason"]
    whole = ModelProblem.because("config_invalid", inner, limit=None)
    assert str(whole) == "invalid config: " + str(inner)
    plain = ModelProblem.because("config_invalid", KeyError())
    assert plain.values["cause"] is None and str(plain) == "invalid config: KeyError"


def test_names_read_as_a_comma_list_and_text_is_cut_with_an_ellipsis():
    assert str(Names(["a", "b", 3])) == f"{Names(['a', 'b', 3])}" == "a, b, 3"
    assert shortened("x" * 120) == "x" * 120
    assert shortened("x" * 121) == "x" * 117 + "..."
    assert shortened("x" * 500, None) == "x" * 500

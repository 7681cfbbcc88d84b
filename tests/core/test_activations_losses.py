"""Activations and losses: values, derivatives, in-place forms, stability, registries."""

import warnings

import numpy as np
import pytest

from nn_core import ACTIVATIONS, LOSSES, get_activation, get_loss, softmax
from nn_core.activations import log_softmax, sigmoid
from nn_core.losses import prepare_targets

Z = np.linspace(-4, 4, 41) + 0.0123  # avoids z == 0 exactly


def test_registries_are_read_only_and_complete():
    expected = {"sigmoid", "tanh", "relu", "leaky_relu", "linear", "softplus", "sin"}
    assert expected <= set(ACTIVATIONS)
    assert set(LOSSES) == {"mse", "sse", "bce", "ce"}
    with pytest.raises(TypeError):
        ACTIVATIONS["new"] = ACTIVATIONS["tanh"]
    with pytest.raises(ValueError, match="unknown activation 'nope'; choose one of"):
        get_activation("nope")
    with pytest.raises(ValueError, match="only allowed as the output"):
        get_activation("softmax")
    assert get_activation("softmax", output=True).name == "softmax"
    with pytest.raises(ValueError, match="unknown loss"):
        get_loss("hinge")


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_finite_difference(name):
    act = ACTIVATIONS[name]
    h = 1e-6
    numeric = (act.value(Z + h) - act.value(Z - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(Z, act.value(Z)), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_in_place_forms_match_reference(name):
    act = ACTIVATIONS[name]
    z = Z.reshape(1, -1).repeat(2, axis=0)
    out = np.empty_like(z)
    act.forward_into(z, out)
    np.testing.assert_allclose(out, act.value(z), rtol=1e-12, atol=1e-15)
    same = z.copy()
    act.forward_into(same, same)  # out is z
    np.testing.assert_allclose(same, act.value(z), rtol=1e-12, atol=1e-15)
    delta = np.full_like(z, 0.7)
    act.scale_by_derivative(delta, z, act.value(z), np.empty_like(z))
    np.testing.assert_allclose(delta, 0.7 * act.derivative(z, act.value(z)), rtol=1e-12,
                               atol=1e-15)


def test_sigmoid_and_softmax_are_stable_without_warnings():
    z = np.array([-1e4, -800.0, -30.0, 0.0, 30.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(z)
        out = np.empty_like(z)
        ACTIVATIONS["sigmoid"].forward_into(z, out)
        p = softmax(np.array([[1e4, 0.0, -1e4], [1.0, 2.0, 3.0]]))
        lp = log_softmax(np.array([[1e4, 0.0, -1e4]]))
        sp = ACTIVATIONS["softplus"].value(z)
    assert np.all(np.isfinite(s)) and s[0] == 0.0 and s[-1] == 1.0
    assert s[2] == pytest.approx(1 / (1 + np.exp(30.0)), rel=1e-12)
    np.testing.assert_allclose(out, s, atol=1e-15)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert p[0, 0] == 1.0
    assert lp[0, 2] == pytest.approx(-2e4)
    assert sp[-1] == 1e4 and sp[0] == 0.0


def test_loss_values_by_hand():
    y_hat = np.array([[0.2], [0.9]])
    y = np.array([[0.0], [1.0]])
    assert get_loss("mse").value(y_hat, y) == pytest.approx((0.04 + 0.01) / 2)
    assert get_loss("sse").value(y_hat, y) == pytest.approx(0.04 + 0.01)
    assert get_loss("bce").value(y_hat, y) == pytest.approx(-(np.log(0.8) + np.log(0.9)) / 2)
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    onehot = prepare_targets(np.array([0, 2]), 3, "ce")
    assert get_loss("ce").value(p, onehot) == pytest.approx(-(np.log(0.7) + np.log(0.8)) / 2)


def test_bce_logits_form_matches_probabilities_and_clips():
    z = np.array([[-3.0], [0.5], [2.0]])
    y = np.array([[0.0], [1.0], [1.0]])
    bce = get_loss("bce")
    assert bce.loss(sigmoid(z), y, z) == pytest.approx(bce.value(sigmoid(z), y), rel=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(bce.value(np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]])))
        assert bce.loss(None, np.array([[1.0]]), np.array([[-1e4]])) == pytest.approx(1e4)


def test_prepare_targets_labels_and_one_hot():
    onehot = prepare_targets([2, 0, 1], 3, "ce")
    np.testing.assert_array_equal(onehot, np.eye(3)[[2, 0, 1]])
    np.testing.assert_array_equal(prepare_targets(onehot, 3, "ce"), onehot)
    np.testing.assert_array_equal(prepare_targets(np.array([[1], [0]]), 3, "ce"), np.eye(3)[[1, 0]])
    assert prepare_targets([0, 1, 1], 1, "bce").shape == (3, 1)
    with pytest.raises(ValueError, match=r"lie in \[0, 2\]"):
        prepare_targets([0, 3], 3, "ce")
    with pytest.raises(ValueError, match="integers"):
        prepare_targets([0.5, 1.0], 3, "ce")
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        prepare_targets(np.zeros((3, 3)), 2, "mse")


def test_choice_lists_are_public_tuples_with_the_default_first():
    import nn_core
    from nn_core import MLP, TrainingRun, make_optimizer

    choices = {name: getattr(nn_core, name) for name in (
        "ACTIVATION_NAMES", "OUTPUT_ACTIVATION_NAMES", "LOSS_NAMES", "REGULARIZATIONS", "INITS",
        "OPTIMIZERS", "STEP_UNITS")}
    for name, values in choices.items():
        assert name in nn_core.__all__
        assert isinstance(values, tuple) and values and all(isinstance(v, str) for v in values)
        assert len(set(values)) == len(values)
    assert choices["ACTIVATION_NAMES"] == tuple(ACTIVATIONS)
    assert choices["OUTPUT_ACTIVATION_NAMES"] == (*ACTIVATIONS, "softmax")
    assert choices["LOSS_NAMES"] == tuple(LOSSES)
    defaults = MLP([2, 1])
    assert choices["ACTIVATION_NAMES"][0] == defaults.activation
    assert choices["LOSS_NAMES"][0] == defaults.loss_name
    assert choices["INITS"][0] == defaults.init
    assert choices["REGULARIZATIONS"][0] == defaults.regularization
    for name in choices["ACTIVATION_NAMES"]:
        MLP([2, 3, 1], name, name, "mse")
    for init in choices["INITS"]:
        MLP([2, 3, 1], init=init)
    for regularization in choices["REGULARIZATIONS"]:
        MLP([2, 3, 1], regularization=regularization)
    for optimizer in choices["OPTIMIZERS"]:
        make_optimizer(optimizer)
    X, y = np.zeros((4, 2)), np.zeros(4)
    run = TrainingRun(MLP([2, 3, 1]), X, y)
    for unit in choices["STEP_UNITS"]:
        run.step(unit)
    assert choices["OPTIMIZERS"][0] == run.optimizer_name

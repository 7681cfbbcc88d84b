"""Every formula shown for the loss and the weight penalty agrees numerically with nn_core.

The formulas are read from the strings the pages show (LaTeX and plain text), turned into numbers
by the small readers below, and compared with the engine on a small network.
"""

import re

import numpy as np
import pytest

from nn_core import MLP
from ui.backprop.model import (
    LOSS_LATEX,
    PENALTY_LATEX,
    PENALTY_TEXT,
    REGULARIZATION_LATEX,
    build_stages,
)
from ui.common.i18n import t

HEADS = {"sse": "sigmoid", "mse": "linear", "bce": "sigmoid", "ce": "softmax"}


def small_net(loss: str, regularization: str = "none", reg_rate: float = 0.0) -> tuple:
    """A 2-3-k network with its batch (X (5, 2), y) for `loss`."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(5, 2))
    if loss == "ce":
        n_out, y = 3, np.array([0, 2, 1, 1, 0])
    else:
        n_out, y = 1, (rng.random(5) > 0.5).astype(float)
    net = MLP([2, 3, n_out], "tanh", HEADS[loss], loss, regularization=regularization,
              reg_rate=reg_rate, seed=1)
    return net, X, y


def loss_from_latex(latex: str, y_hat: np.ndarray, Y: np.ndarray) -> float:
    """Evaluate a shown loss formula: its sign, its 1/(n k) or 1/n factor, and its summand."""
    n, k = Y.shape
    factor = re.search(r"\\frac\{1\}\{([^}]*)\}", latex)
    scale = 1.0 if factor is None else 1.0 / {"n k": n * k, "n": n}[factor.group(1)]
    sign = -1.0 if latex.startswith("L = -") else 1.0
    if ")^2" in latex:
        summand = (Y - y_hat) ** 2
    elif r"(1 - y) \log(1 - \hat{y})" in latex:
        summand = Y * np.log(y_hat) + (1 - Y) * np.log(1 - y_hat)
    elif r"y_{ic} \log \hat{y}_{ic}" in latex:
        summand = Y * np.log(y_hat)
    else:
        raise AssertionError(f"unknown loss formula {latex!r}")
    return sign * scale * float(np.sum(summand))


def penalty_from_text(text: str, rate: float, weights: list) -> float:
    """Evaluate the plain-text penalty 'λ/2·Σw²' or 'λ·Σ|w|'."""
    match = re.fullmatch(r"λ(?:/(\d+))?·Σ(w²|\|w\|)", text)
    assert match, text
    divisor = float(match.group(1) or 1)
    term = (lambda w: w * w) if match.group(2) == "w²" else np.abs
    return rate / divisor * sum(float(np.sum(term(w))) for w in weights)


def penalty_from_latex(latex: str, rate: float, weights: list) -> float:
    """Evaluate the LaTeX penalty '\\frac{\\lambda}{2} \\sum_l \\sum W_l^2' or
    '\\lambda \\sum_l \\sum |W_l|'."""
    match = re.fullmatch(r"(?:\\frac\{\\lambda\}\{(\d+)\}|\\lambda) \\sum_\{l\} \\sum "
                         r"(W_\{l\}\^2|\|W_\{l\}\|)", latex)
    assert match, latex
    divisor = float(match.group(1) or 1)
    term = (lambda w: w * w) if match.group(2) == "W_{l}^2" else np.abs
    return rate / divisor * sum(float(np.sum(term(w))) for w in weights)


def penalty_gradient_from_latex(latex: str, rate: float, w: np.ndarray) -> np.ndarray:
    """Evaluate the shown penalty gradient '\\lambda W_{l}' or '\\lambda sign(W_{l})'."""
    match = re.fullmatch(r"(?:\\frac\{\\lambda\}\{(\d+)\}|\\lambda) "
                         r"(W_\{l\}|\\operatorname\{sign\}\(W_\{l\}\))", latex)
    assert match, latex
    divisor = float(match.group(1) or 1)
    return rate / divisor * (w if match.group(2) == "W_{l}" else np.sign(w))


@pytest.mark.parametrize("loss", sorted(LOSS_LATEX))
def test_each_loss_formula_gives_the_engines_loss(loss):
    net, X, y = small_net(loss)
    X, Y = net.prepare_data(X, y)
    shown = loss_from_latex(LOSS_LATEX[loss], net.predict(X), Y)
    assert shown == pytest.approx(net.loss(X, Y), rel=1e-12)


@pytest.mark.parametrize("kind", ["l2", "l1"])
def test_each_penalty_formula_gives_the_engines_penalty_and_gradient(kind):
    rate = 0.1
    net, X, y = small_net("bce", kind, rate)
    trace = net.backward_trace(*net.prepare_data(X, y))
    weights = [net.params[f"W{layer}"] for layer in (1, 2)]
    assert trace.reg_loss > 0
    assert penalty_from_text(PENALTY_TEXT[kind], rate, weights) == pytest.approx(trace.reg_loss)
    assert penalty_from_latex(PENALTY_LATEX[kind], rate, weights) == pytest.approx(trace.reg_loss)
    for layer, w in enumerate(weights, start=1):
        data_gradient = trace.forward.activations[layer - 1].T @ trace.deltas[layer - 1]
        shown = penalty_gradient_from_latex(REGULARIZATION_LATEX[kind], rate, w)
        np.testing.assert_allclose(data_gradient + shown, trace.dW[layer - 1], rtol=1e-12)


@pytest.mark.parametrize("kind", ["l2", "l1"])
def test_the_backprop_pages_loss_stage_shows_the_penalty_as_a_formula_with_its_numbers(kind):
    net, X, y = small_net("mse", kind, 0.1)
    stage = next(s for s in build_stages(net, X, y, 0.1) if s.kind == "loss")
    expected = f"{LOSS_LATEX['mse']} + {PENALTY_LATEX[kind]}, \\quad \\lambda = 0.1"
    assert stage.formulas[0] == expected
    data, penalty, total = map(float, re.fullmatch(r"L = (\S+) \+ (\S+) = (\S+)",
                                                   stage.formulas[1]).groups())
    weights = [net.params["W1"], net.params["W2"]]
    Xp, Y = net.prepare_data(X, y)
    assert data == pytest.approx(loss_from_latex(LOSS_LATEX["mse"], net.predict(Xp), Y), 1e-5)
    assert penalty == pytest.approx(penalty_from_latex(PENALTY_LATEX[kind], 0.1, weights), 1e-5)
    assert total == pytest.approx(net.loss(Xp, Y), 1e-5)
    gradient = next(s for s in build_stages(net, X, y, 0.1) if s.kind == "gradient")
    assert gradient.formulas[0].endswith(" + " + REGULARIZATION_LATEX[kind].replace(
        "{l}", f"{{{gradient.layer}}}"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_regularization_help_shows_the_same_penalties(lang):
    text = t("net.reg_rate.help", lang)
    assert f"L + {PENALTY_TEXT['l2']}" in text and f"L + {PENALTY_TEXT['l1']}" in text

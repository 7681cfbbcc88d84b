"""The backprop page against the tutorial's own code: its random numbers, its variables stage by
stage (with the sign its error term carries), its 1000 steps, and the formulas around them."""

import inspect
import re

import numpy as np
import pytest

from nn_core import MLP
from ui.backprop.lesson import (
    TUTORIAL_CODE,
    TUTORIAL_NOTES,
    take_steps,
    tutorial_data,
    tutorial_lesson,
    tutorial_network,
)
from ui.backprop.model import build_stages, network_formula
from ui.common.i18n import TRANSLATIONS

SUBSCRIPTS = str.maketrans("₁₂", "12")


# The tutorial's code, as the tutorial prints it (only the seed line added before the draws).
def sigmoid(x):
    return 1.0 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    return x * (1.0 - x)


class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(self.y.shape)

    def feedforward(self):
        self.layer1 = sigmoid(np.dot(self.input, self.weights1))
        self.output = sigmoid(np.dot(self.layer1, self.weights2))

    def backprop(self):
        d_weights2 = np.dot(self.layer1.T, (2*(self.y - self.output) * sigmoid_derivative(self.output)))  # noqa: E501
        d_weights1 = np.dot(self.input.T, (np.dot(2*(self.y - self.output) * sigmoid_derivative(self.output), self.weights2.T) * sigmoid_derivative(self.layer1)))  # noqa: E501
        self.weights1 += d_weights1
        self.weights2 += d_weights2


def tutorials_network(seed: int) -> NeuralNetwork:
    """The tutorial's network after np.random.seed(seed); NumPy's global state is restored."""
    saved = np.random.get_state()
    try:
        np.random.seed(seed)
        X, y = tutorial_data()
        return NeuralNetwork(X, y)
    finally:
        np.random.set_state(saved)


@pytest.mark.parametrize("seed", [0, 1, 42])
def test_the_tutorials_random_numbers_are_the_tutorials_and_leave_numpys_state_alone(seed):
    expected = tutorials_network(seed)
    before = np.random.get_state()[1].copy()
    net = tutorial_lesson(seed, tutorial_random=True).start_network()
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    np.testing.assert_array_equal(net.params["W1"], expected.weights1)
    np.testing.assert_array_equal(net.params["W2"], expected.weights2)
    assert not np.array_equal(tutorial_network(seed).params["W1"], expected.weights1)
    assert tutorial_lesson(seed, True).key != tutorial_lesson(seed, False).key


def stage_values_in_the_tutorials_code(code: NeuralNetwork) -> dict:
    """Each stage's expression evaluated in the tutorial's code (after feedforward)."""
    error = 2 * (code.y - code.output) * sigmoid_derivative(code.output)
    hidden = np.dot(error, code.weights2.T) * sigmoid_derivative(code.layer1)
    return {("forward", 1): code.layer1, ("forward", 2): code.output,
            ("output_delta", 2): error, ("gradient", 2): np.dot(code.layer1.T, error),
            ("hidden_delta", 1): hidden, ("gradient", 1): np.dot(code.input.T, hidden)}


def shown_counterpart(stage, code_line: str) -> np.ndarray:
    """The page's matrix a tutorial code line stands for, with the sign its comment states
    ('# = −δ₂' is minus the page's δ2); a line without a comment assigns a1 (layer1) or ŷ."""
    comment = re.search(r"# = (−?)(\S+)$", code_line.splitlines()[0])
    if comment is None:
        return stage.matrix({1: "a1", 2: "ŷ"}[stage.layer]).values
    sign = -1.0 if comment.group(1) else 1.0
    return sign * stage.matrix(comment.group(2).translate(SUBSCRIPTS)).values


def test_every_code_line_shown_is_the_tutorials_and_equals_the_stage_with_its_sign():
    source = inspect.getsource(NeuralNetwork) + inspect.getsource(sigmoid_derivative)
    for code in TUTORIAL_CODE.values():
        for line in code.splitlines():
            statement = line.split("  #")[0].strip()
            assert not statement or statement in source, statement
    code = tutorials_network(7)
    code.feedforward()
    net = tutorial_network(7, tutorial_random=True)
    X, y = tutorial_data()
    stages = {(s.kind, s.layer): s for s in build_stages(net, X, y, 1.0)}
    values = stage_values_in_the_tutorials_code(code)
    assert set(values) | {("update", 0)} == set(TUTORIAL_CODE)
    for key, value in values.items():
        np.testing.assert_allclose(shown_counterpart(stages[key], TUTORIAL_CODE[key]), value,
                                   rtol=0, atol=1e-15, err_msg=str(key))
    code.backprop()
    update = stages[("update", 0)]
    np.testing.assert_allclose(update.matrix("W1'").values, code.weights1, rtol=0, atol=1e-15)
    np.testing.assert_allclose(update.matrix("W2'").values, code.weights2, rtol=0, atol=1e-15)


def test_a_thousand_steps_on_the_page_are_the_tutorials_thousand_steps():
    code = tutorials_network(0)
    for _ in range(1000):
        code.feedforward()
        code.backprop()
    lesson = tutorial_lesson(0, tutorial_random=True)
    net = lesson.start_network()
    assert take_steps(net, lesson, 1000)
    np.testing.assert_allclose(net.params["W1"], code.weights1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(net.params["W2"], code.weights2, rtol=0, atol=1e-12)


def test_the_notes_where_the_tutorial_differs_sit_at_their_stages_in_both_languages():
    assert TUTORIAL_NOTES[("output_delta", 2)] == "backprop.code_note.output_delta"
    sign_note = TRANSLATIONS["backprop.code_note.output_delta"]
    assert "2(y − ŷ)" in sign_note["en"] and "−δ2" in sign_note["en"]
    assert "2(y − ŷ)" in sign_note["zh"] and "−δ2" in sign_note["zh"]
    bias_note = TRANSLATIONS[TUTORIAL_NOTES[("forward", 1)]]
    assert "bias" in bias_note["en"] and "偏置" in bias_note["zh"]
    wording = TRANSLATIONS[TUTORIAL_NOTES[("loss", 0)]]
    assert "平均值" in wording["zh"] and "绝对值" in wording["zh"] and "sum" in wording["en"]
    for key in TUTORIAL_NOTES.values():
        assert key in TRANSLATIONS


def test_the_generic_texts_say_nothing_of_the_tutorial():
    for key in ("backprop.explain.update", "backprop.predictions.caption"):
        assert "tutorial" not in TRANSLATIONS[key]["en"] and "教程" not in TRANSLATIONS[key]["zh"]
        assert "0.97" not in TRANSLATIONS[key]["en"]


def test_the_whole_network_formula_nests_every_layer():
    tutorial = r"\hat{y} = \sigma\big(\sigma(X\,W_{1})\,W_{2}\big)"
    assert network_formula(tutorial_network(0)) == tutorial
    deep = MLP([2, 4, 3, 1], "tanh", "sigmoid", "bce", hidden_activations=["tanh", "relu"])
    assert network_formula(deep) == (
        r"\hat{y} = \sigma\big(\operatorname{ReLU}(\tanh(X\,W_{1} + b_{1})\,W_{2} + b_{2})"
        r"\,W_{3} + b_{3}\big)")


def test_the_chain_rule_is_written_out_before_the_deltas():
    net = tutorial_network(0)
    stages = {(s.kind, s.layer): s for s in build_stages(net, *tutorial_data(), 1.0)}
    output_chain = stages[("output_delta", 2)].chain
    assert output_chain.startswith(r"\frac{\partial L}{\partial W_{2}} = \underbrace{"
                                   r"\frac{\partial L}{\partial \hat{y}} \cdot "
                                   r"\frac{\partial \hat{y}}{\partial z_{2}}}_{\delta_{2}}")
    assert output_chain.endswith(r"\frac{\partial z_{2}}{\partial W_{2}}")
    assert stages[("hidden_delta", 1)].chain.startswith(r"\frac{\partial L}{\partial W_{1}}")

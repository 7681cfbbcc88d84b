"""The standalone prediction script: predict_template.py is a real script that runs as it is,
and the export fills in a network's numbers so that the script predicts exactly like nn_core
(run in a real subprocess, with every activation, output, feature and without biases)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import numpy as np
import pytest

from nn_core import ACTIVATIONS, MLP, OUTPUT_ACTIVATIONS
from nn_core.datasets import FEATURES, add_features
from ui.common.settings import Settings
from ui.export import predict_template
from ui.export.predict import (
    ACTIVATION_CODE,
    FEATURE_CODE,
    TEMPLATE_PATH,
    network_script,
    predict_script,
)
from ui.playground.model import Playground


def trained(settings: Settings, epochs: int) -> Playground:
    playground = Playground(settings)
    playground.train("epoch", epochs)
    return playground


POINTS = np.array([[0.0, 0.0], [1.5, -2.25], [-4.0, 3.0], [5.5, 5.5], [-0.3, -5.9]])


def script_outputs(script: str, tmp_path, points=POINTS) -> np.ndarray:
    """Run the script with `--csv FILE` in a fresh interpreter; parse its output lines."""
    path = tmp_path / "predict.py"
    path.write_text(script, encoding="utf-8")
    data = tmp_path / "points.csv"
    data.write_text("x1,x2\n" + "\n".join(f"{a!r},{b!r}" for a, b in points.tolist()) + "\n")
    result = subprocess.run([sys.executable, str(path), "--csv", str(data)], capture_output=True,
                            text=True, timeout=60, check=True)
    return np.array([[float(v) for v in line.split(",")] for line in result.stdout.split()])


def assert_script_matches(net: MLP, features, tmp_path) -> None:
    expected = net.predict(add_features(POINTS, features))
    outputs = script_outputs(network_script(net, features), tmp_path)
    assert outputs.shape == expected.shape
    np.testing.assert_allclose(outputs, expected, rtol=1e-12, atol=0)


def test_the_code_tables_cover_every_feature_and_activation():
    assert set(FEATURE_CODE) == set(FEATURES)
    assert set(ACTIVATION_CODE) == set(OUTPUT_ACTIVATIONS)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_script_predicts_like_the_app_for_every_hidden_activation(activation, tmp_path):
    settings = Settings(hidden=(5, 3), activation=activation, learning_rate=0.01)
    playground = trained(settings, epochs=3)
    expected = playground.run.net.predict(add_features(POINTS, settings.features))
    outputs = script_outputs(predict_script(playground), tmp_path)
    np.testing.assert_allclose(outputs, expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize(("settings", "output"), [
    (Settings(dataset="spiral3", hidden=(6,)), "softmax"),
    (Settings(dataset="plane", hidden=(3,)), "linear"),
    (Settings(hidden=(3,), output_activation="tanh", loss="mse"), "tanh"),
    (Settings(hidden=(3,)), "sigmoid"),
    (Settings(dataset="gauss_sum", hidden=(), output_activation="sigmoid", loss="mse"),
     "sigmoid"),
])
def test_script_predicts_like_the_app_for_every_output(settings, output, tmp_path):
    playground = trained(settings, epochs=3)
    assert playground.run.net.output_activation == output
    expected = playground.run.net.predict(add_features(POINTS, settings.features))
    outputs = script_outputs(predict_script(playground), tmp_path)
    assert outputs.shape == expected.shape
    np.testing.assert_allclose(outputs, expected, rtol=1e-12, atol=0)


def test_script_with_every_feature_and_softmax_over_three_classes(tmp_path):
    settings = Settings(dataset="spiral3", features=tuple(FEATURES), hidden=(8, 4),
                        activation="leaky_relu")
    playground = trained(settings, epochs=3)
    assert playground.run.net.sizes == [7, 8, 4, 3]
    expected = playground.run.net.predict(add_features(POINTS, settings.features))
    outputs = script_outputs(predict_script(playground), tmp_path)
    np.testing.assert_allclose(outputs, expected, rtol=1e-12, atol=0)
    np.testing.assert_allclose(outputs.sum(axis=1), 1.0, rtol=1e-12)


def test_script_for_a_network_without_biases(tmp_path):
    net = MLP([3, 4, 2, 1], activation="softplus", output_activation="sigmoid", loss="bce",
              bias=False, seed=4, init="normal")
    assert "b1" not in net.params
    assert_script_matches(net, ["x1*x2", "sin(x1)", "x2^2"], tmp_path)


def test_script_with_mixed_hidden_activations(tmp_path):
    net = MLP([2, 3, 3, 1], hidden_activations=["sin", "relu"], output_activation="linear",
              loss="mse", seed=2, init="normal")
    assert_script_matches(net, ["x1", "x2"], tmp_path)


def test_script_command_line_point_stdin_and_import(tmp_path):
    playground = trained(Settings(dataset="spiral3", hidden=(4,)), epochs=2)
    net = playground.run.net
    path = tmp_path / "predict.py"
    path.write_text(predict_script(playground), encoding="utf-8")
    one = subprocess.run([sys.executable, str(path), "1.5", "-2.25"], capture_output=True,
                         text=True, timeout=60, check=True)
    values = [float(v) for v in one.stdout.strip().split(",")]
    np.testing.assert_allclose(values, net.predict(np.array([[1.5, -2.25]]))[0], rtol=1e-12)
    piped = subprocess.run([sys.executable, str(path), "--csv", "-"], input="1.5,-2.25\n\n0,0\n",
                           capture_output=True, text=True, timeout=60, check=True)
    assert len(piped.stdout.split()) == 2
    assert piped.stdout.split()[0] == one.stdout.strip()
    usage = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                           timeout=60)
    assert usage.returncode == 2 and "--csv" in usage.stderr
    spec = importlib.util.spec_from_file_location("exported_predict", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.predict(POINTS).shape == (len(POINTS), 3)
    np.testing.assert_allclose(module.predict(POINTS), net.predict(POINTS), rtol=1e-12)


def template_network() -> MLP:
    """The example network written in predict_template.py, as an nn_core MLP."""
    weights = [np.array(W) for W in predict_template.WEIGHTS]
    *hidden, output = predict_template.ACTIVATION_NAMES
    net = MLP([weights[0].shape[0], *(W.shape[1] for W in weights)], hidden_activations=hidden,
              output_activation=output, loss="bce")
    for layer, (W, b) in enumerate(zip(weights, predict_template.BIASES, strict=True), start=1):
        net.params[f"W{layer}"][...] = W
        net.params[f"b{layer}"][...] = b
    return net


def test_the_template_runs_as_it_is_and_predicts_like_nn_core(tmp_path):
    net = template_network()
    expected = net.predict(add_features(POINTS, predict_template.FEATURE_NAMES))
    np.testing.assert_allclose(predict_template.predict(POINTS), expected, rtol=1e-12, atol=0)
    outputs = script_outputs(TEMPLATE_PATH.read_text(encoding="utf-8"), tmp_path)
    np.testing.assert_allclose(outputs, expected, rtol=1e-12, atol=0)


def test_the_script_is_the_template_with_only_the_network_lines_filled_in():
    template = TEMPLATE_PATH.read_text(encoding="utf-8")
    assert network_script(template_network(), predict_template.FEATURE_NAMES) == template
    net = MLP([3, 2, 1], output_activation="linear", loss="mse", bias=False, seed=5)
    script = network_script(net, ["x1", "x2", "x1*x2"])
    head, tail = template.split("# --- network ---")[0], template.split("# --- end of")[1]
    assert script.startswith(head) and script.endswith(tail) and script != template


def test_the_templates_formulas_are_nn_cores():
    z = np.concatenate([np.linspace(-50, 50, 2001), [-800.0, -1e-9, 0.0, 1e-9, 800.0]])
    for name, activation in ACTIVATION_CODE.items():
        values = np.stack([z, -z, 0.5 * z], axis=1)
        # sigmoid is written 0.5 + 0.5 tanh(z / 2), as nn_core's fast path computes it: in the
        # far tail it differs from e^z / (1 + e^z) by less than 1e-16, not relatively
        np.testing.assert_allclose(activation(values), OUTPUT_ACTIVATIONS[name](values),
                                   rtol=1e-12, atol=1e-15, err_msg=name)
    points = np.stack([z, z[::-1]], axis=1)
    for name, feature in FEATURE_CODE.items():
        np.testing.assert_array_equal(feature(points[:, 0], points[:, 1]),
                                      add_features(points, [name])[:, 0], err_msg=name)


def test_script_refuses_features_that_do_not_fit_the_network():
    net = MLP([2, 1], output_activation="sigmoid", loss="bce")
    with pytest.raises(ValueError, match="inputs"):
        network_script(net, ["x1"])

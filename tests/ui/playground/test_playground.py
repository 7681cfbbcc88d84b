"""The playground model without Streamlit: building, syncing settings, grids."""

import numpy as np

from ui.common.run_setup import resolve_head
from ui.common.settings import Settings
from ui.playground.model import Playground, StepRate


def test_sync_resets_only_for_data_or_architecture():
    settings = Settings()
    playground = Playground(settings)
    playground.train("batch", 3)
    assert playground.sync(settings.updated(learning_rate=0.3, batch_size=5)) is False
    assert playground.run.steps == 3
    assert playground.run.learning_rate == 0.3 and playground.run.batch_size == 5
    assert playground.sync(settings.updated(hidden=(3,))) is True
    assert playground.run.steps == 0
    assert playground.run.net.sizes == [2, 3, 1]


def test_batch_size_is_clamped_to_the_training_set():
    settings = Settings(n_points=40, batch_size=1000)
    playground = Playground(settings)
    assert playground.run.batch_size == len(playground.problem.X_train) == 20


def test_tutorial_dataset_trains_on_all_four_points():
    playground = Playground(Settings(dataset="xor4"))
    assert playground.problem.X_test is None
    assert len(playground.problem.X_train) == 4


def test_extra_features_reach_the_network_and_the_grid():
    settings = Settings(features=("x1", "x2", "x1*x2"))
    playground = Playground(settings)
    assert playground.run.net.sizes[0] == 3
    assert playground.grid.inputs.shape[1] == 3
    x1, x2 = playground.grid.raw.T
    assert np.allclose(playground.grid.inputs[:, 2], x1 * x2)


def test_grid_output_and_neuron_images_shapes():
    playground = Playground(Settings(hidden=(5, 3)))
    assert playground.grid_output().shape == (50, 50)
    images = playground.neuron_images()
    assert [image.shape for image in images] == [(5, 16, 16), (3, 16, 16)]
    multiclass = Playground(Settings(dataset="spiral3"))
    assert multiclass.grid_output().shape == (50, 50, 3)


def test_head_resolution():
    assert resolve_head("binary", "auto", "auto") == resolve_head("binary", "sigmoid", "bce")
    assert resolve_head("multiclass", "auto", "auto").output_activation == "softmax"
    regression = resolve_head("regression", "auto", "auto")
    assert (regression.output_activation, regression.loss) == ("linear", "mse")
    wrong = resolve_head("binary", "softmax", "bce")
    assert wrong.adjusted and wrong.loss == "bce"


def test_step_rate_measures_over_a_window():
    rate = StepRate(since_time=0.0, since_steps=0)
    assert rate.update(50, 0.5) == 0.0  # not a full window yet
    assert rate.update(200, 1.0) == 200.0
    assert rate.update(0, 1.1) == 0.0  # counter reset (new run) restarts the measurement


def test_every_two_class_head_keeps_the_accuracy():
    """tanh or linear output with MSE on two classes is still classification (accuracy shown),
    in the playground and in a hidden-space copy of its run."""
    from ui.common.run_setup import HEADS
    from ui.hidden_space.model import HiddenSpace

    for output, loss in HEADS["binary"]:
        playground = Playground(Settings(dataset="circle", output_activation=output, loss=loss))
        assert (playground.run.net.output_activation, playground.run.net.loss_name) == (
            output, loss)
        assert playground.run.metrics()["train_acc"] is not None, (output, loss)
        copy = HiddenSpace.from_run(playground.run, playground.problem)
        assert copy.run.metrics()["train_acc"] is not None, (output, loss)

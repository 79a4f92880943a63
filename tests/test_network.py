"""The network: the seed's architecture, determinism, quiet output, and that it wins."""

import subprocess
import sys

import numpy as np
import pytest

from fashionbook import network


def test_the_model_has_the_seeds_layers_and_78601_parameters():
    model = network.build_model()
    assert model.input_shape == (None, 784)
    hidden, output = model.layers[1:]
    assert (hidden.units, hidden.activation.__name__) == (100, "relu")
    assert (output.units, output.activation.__name__) == (1, "sigmoid")
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    assert trainable == 784 * 100 + 100 + 100 + 1 == 78_601


def test_the_model_is_compiled_with_binary_cross_entropy_and_accuracy():
    model = network.compile_model(network.build_model())
    assert model.loss == "binary_crossentropy"
    assert "accuracy" in [m.name for m in model.metrics] + list(model._compile_config.config["metrics"])


def test_the_same_seed_gives_the_same_history_twice(pullover_coat):
    X, y = pullover_coat
    first = network.train_network(X[:2000], y[:2000], epochs=3, report_every=0)
    second = network.train_network(X[:2000], y[:2000], epochs=3, report_every=0)
    assert first.history == second.history


def test_training_prints_one_line_per_report_and_nothing_else():
    code = (
        "import numpy as np\n"
        "from fashionbook.network import train_network\n"
        "rng = np.random.default_rng(0)\n"
        "X, y = rng.random((200, 784)), rng.integers(0, 2, (200, 1))\n"
        "train_network(X, y, epochs=4, report_every=2)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["2/4", "4/4"]


def test_train_network_names_a_wrong_shape():
    with pytest.raises(ValueError, match=r"y has shape \(5,\), expected \(5, 1\)"):
        network.train_network(np.zeros((5, 784)), np.zeros(5))


def test_the_network_beats_logistic_regression_on_pullover_vs_coat(tuning, network_history):
    """Against logistic regression at its best: the highest validation accuracy any
    run of the learning-rate sweep reaches at any step. Both use the same validation
    rows, the last 20% (Keras's validation_split and the seed's split agree)."""
    best_logistic = max(max(accuracies) for accuracies in tuning.val_accuracies.values())
    assert len(network_history["val_accuracy"]) == 100
    assert network_history["val_accuracy"][-1] > best_logistic


def test_the_logistic_model_is_the_network_without_its_hidden_layer():
    model = network.build_logistic_model()
    (output,) = model.layers[1:]
    assert (output.units, output.activation.__name__) == (1, "sigmoid")
    assert model.count_params() == 785


def test_validation_data_replaces_the_split_and_every_row_trains(pullover_coat):
    X, y = pullover_coat
    X_train, y_train, X_val, y_val = X[:1000], y[:1000], X[1000:1500], y[1000:1500]
    history = network.train_network(X_train, y_train, epochs=2, report_every=0,
                                    validation_data=(X_val, y_val))  # fmt: skip
    steps = history.model.optimizer.iterations.numpy()
    assert steps == 2 * int(np.ceil(1000 / network.BATCH_SIZE))  # all 1000 rows trained
    loss, accuracy = history.model.evaluate(X_val, y_val, verbose=0)
    assert history.history["val_loss"][-1] == pytest.approx(loss, rel=1e-5)

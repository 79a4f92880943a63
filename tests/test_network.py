"""The network: the seed's architecture, determinism, quiet output, and that it wins."""

import doctest
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, make_html
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


def test_the_same_seed_gives_the_same_history_twice(pullover_coat, tmp_path):
    X, y = pullover_coat
    # Two empty stores: both train.
    first = network.train_network(X[:2000], y[:2000], epochs=3, report_every=0, store=tmp_path / "1")
    second = network.train_network(X[:2000], y[:2000], epochs=3, report_every=0, store=tmp_path / "2")
    assert first.history == second.history


def test_a_stored_training_reads_back_its_history_weights_time_and_report(pullover_coat, tmp_path,
                                                                          capsys, monkeypatch):  # fmt: skip
    X, y = pullover_coat[0][:1000], pullover_coat[1][:1000]
    trained = network.train_network(X, y, epochs=3, report_every=1, store=tmp_path)
    printed = capsys.readouterr().out
    assert len(printed.splitlines()) == 3 and len(list(tmp_path.iterdir())) == 1

    def no_training(*args, **kwargs):
        raise AssertionError("trained again instead of reading the store")

    monkeypatch.setattr(network.keras.Model, "fit", no_training)
    again = network.train_network(X, y, epochs=3, report_every=1, store=tmp_path)
    assert capsys.readouterr().out == printed
    assert again.history == trained.history and again.seconds == trained.seconds
    for read, original in zip(again.model.get_weights(), trained.model.get_weights(), strict=True):
        np.testing.assert_array_equal(read, original)
    np.testing.assert_array_equal(again.model.predict(X[:50], verbose=0),
                                  trained.model.predict(X[:50], verbose=0))  # compiled, usable

    other_settings = [{"epochs": 4}, {"seed": 1}, {"validation_split": 0.25},
                      {"build": network.build_logistic_model},
                      {"build": lambda: network.build_model(activation="tanh")}]  # not stored: trains
    for settings in other_settings:
        with pytest.raises(AssertionError, match="trained again"):
            network.train_network(X, y, **({"epochs": 3, "report_every": 0} | settings), store=tmp_path)
    with pytest.raises(AssertionError, match="trained again"):  # other rows
        network.train_network(X[1:], y[1:], epochs=3, report_every=0, store=tmp_path)


def test_a_training_with_callbacks_always_trains(pullover_coat, tmp_path):
    X, y = pullover_coat[0][:500], pullover_coat[1][:500]
    network.train_network(X, y, epochs=2, report_every=0, store=tmp_path)  # stored
    epochs_seen = []
    watch = network.keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: epochs_seen.append(epoch))
    network.train_network(X, y, epochs=2, report_every=0, callbacks=[watch], store=tmp_path)
    assert epochs_seen == [0, 1]  # it trained, with the callback
    assert len(list(tmp_path.iterdir())) == 1  # and stored nothing more


def test_early_stopping_epochs_follows_keras_callback_on_any_losses():
    """Against the callback itself, fed made-up losses: ties, NaN, short runs, any patience."""
    rng = np.random.default_rng(0)
    model = network.build_logistic_model()
    for _ in range(300):
        losses = rng.integers(0, 6, size=rng.integers(1, 25)).astype(float)  # many ties
        losses[rng.random(len(losses)) < 0.05] = np.nan
        patience = int(rng.integers(1, 6))
        stop = network.keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)
        stop.set_model(model)
        model.stop_training = False
        stop.on_train_begin()
        for epoch, loss in enumerate(losses):
            stop.on_epoch_end(epoch, {"val_loss": loss})
            if model.stop_training:
                break
        keras_answer = (stop.best_epoch + 1, epoch + 1)
        assert network.early_stopping_epochs(losses, patience) == keras_answer, (losses, patience)


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(network).failed == 0


def test_early_stopping_repeats_the_full_run_until_it_stops_where_the_rule_says(pullover_coat, tmp_path):
    """Chapter 6 answers its early-stopping exercise from the 100-epoch run's history
    instead of training again: this is what makes that honest."""
    X, y = pullover_coat[0][:2000], pullover_coat[1][:2000]
    full = network.train_network(X, y, epochs=40, store=tmp_path)  # reporting, as chapter 6's
    stop = network.keras.callbacks.EarlyStopping(monitor="val_loss", patience=3,
                                                 restore_best_weights=True)  # fmt: skip
    early = network.train_network(X, y, epochs=40, report_every=0, callbacks=[stop])
    stopped = len(early.history["loss"])
    assert stopped < 40  # the rule fired: this run tests it
    assert early.history == {name: values[:stopped] for name, values in full.history.items()}
    kept, stopped_by_rule = network.early_stopping_epochs(full.history["val_loss"], patience=3)
    assert (kept, stopped_by_rule) == (stop.best_epoch + 1, stopped)
    # The kept weights score on the validation rows what the history recorded at their epoch.
    validation = slice(int(0.8 * len(X)), None)
    _, accuracy = early.model.evaluate(X[validation], y[validation], verbose=0)
    assert accuracy == pytest.approx(full.history["val_accuracy"][kept - 1], abs=1e-7)


def test_training_prints_one_line_per_report_and_nothing_else():
    code = (
        "import tempfile\n"
        "import numpy as np\n"
        "from fashionbook.network import train_network\n"
        "rng = np.random.default_rng(0)\n"
        "X, y = rng.random((200, 784)), rng.integers(0, 2, (200, 1))\n"
        "train_network(X, y, epochs=4, report_every=2, store=tempfile.mkdtemp())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["2/4", "4/4"]


# A builder's shell may say anything about TensorFlow's log: the page must not care.
SHELLS = [
    {"TF_CPP_MIN_LOG_LEVEL": "2"},  # the common setting that let an E0000 line through
    {"TF_CPP_MIN_LOG_LEVEL": "0", "TF_ENABLE_ONEDNN_OPTS": "1"},  # everything TF can say
]
TRAIN_BRIEFLY = (  # into an empty store, so that it trains
    "import tempfile\n"
    "import numpy as np\n"
    "from fashionbook.network import train_network\n"
    "rng = np.random.default_rng(0)\n"
    "X, y = rng.random((300, 784)), rng.integers(0, 2, (300, 1))\n"
    "train_network(X, y, epochs=1, report_every=0, store=tempfile.mkdtemp())\n"
    "print('trained')"
)


@pytest.mark.parametrize("shell", SHELLS, ids=lambda shell: " ".join(f"{k}={v}" for k, v in shell.items()))
def test_training_writes_nothing_to_stderr_whatever_the_callers_log_level(shell):
    result = subprocess.run([sys.executable, "-c", TRAIN_BRIEFLY], capture_output=True,
                            text=True, env={**os.environ, **shell})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "trained\n"
    assert result.stderr == ""


def test_a_page_that_trains_shows_no_tensorflow_log_when_built_with_level_2(tmp_path):
    """Issue 16: chapter 6 built with TF_CPP_MIN_LOG_LEVEL=2 exported showed TensorFlow's
    E0000 line in an output box. A one-page book (the real configuration) whose cell
    trains as chapter 6 does, built the Makefile's way in such a shell: half a minute, not
    the whole book's build."""
    shutil.copy(REPO / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "references.bib").touch()  # _config.yml names it
    (tmp_path / "page.md").write_text(
        "---\njupytext:\n  text_representation: {format_name: myst}\n"
        "kernelspec: {name: python3, display_name: Python 3}\n---\n# A page\n\n"
        f"```{{code-cell}} ipython3\n{TRAIN_BRIEFLY}\n```\n"
    )
    # A reader's shell: with PYTEST_CURRENT_TEST set, ipykernel stops forwarding what C++
    # code writes to stderr (iostream.py), so the page would hide the very line we look for.
    shell = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    result = make_html(tmp_path, tmp_path, env={**shell, "TF_CPP_MIN_LOG_LEVEL": "2"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = BeautifulSoup((tmp_path / "_build" / "html" / "page.html").read_text(), "html.parser")
    outputs = html.select(".cell_output")
    assert "trained" in outputs[0].get_text()  # the cell ran, and its output is on the page
    assert not html.select(".output.stderr, .output.traceback")
    text = html.get_text()
    assert not any(mark in text for mark in ["E0000", "W0000", "I0000", "absl::"]), outputs


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


def test_validation_data_replaces_the_split_and_every_row_trains(pullover_coat, tmp_path):
    X, y = pullover_coat
    X_train, y_train, X_val, y_val = X[:1000], y[:1000], X[1000:1500], y[1000:1500]
    history = network.train_network(X_train, y_train, epochs=2, report_every=0,
                                    validation_data=(X_val, y_val), store=tmp_path)  # trains: its optimizer counts
    steps = history.model.optimizer.iterations.numpy()
    assert steps == 2 * int(np.ceil(1000 / network.BATCH_SIZE))  # all 1000 rows trained
    loss, accuracy = history.model.evaluate(X_val, y_val, verbose=0)
    assert history.history["val_loss"][-1] == pytest.approx(loss, rel=1e-5)

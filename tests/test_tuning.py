"""Tuning by measurement: the convergence rule and the learning-rate sweep."""

import doctest

import numpy as np
import pytest

import fashionbook.tuning
from fashionbook.tuning import steps_to_converge, tune_learning_rate


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(fashionbook.tuning).failed == 0


def test_steps_to_converge_finds_where_the_gains_fall_below_the_tolerance():
    losses = 0.3 + 0.7 * 0.9 ** np.arange(500)  # gains shrink geometrically
    step = steps_to_converge(losses, window=100, tolerance=1e-3)
    assert losses[step - 1] - losses[step - 1 + 100] < 1e-3
    assert losses[step - 2] - losses[step - 2 + 100] >= 1e-3


def test_steps_to_converge_is_none_for_a_run_still_improving():
    assert steps_to_converge(np.linspace(1, 0, 300), window=100, tolerance=1e-3) is None


def test_a_rising_loss_never_counts_as_converged():
    # The shape of the rate-0.1 run of chapter 5: a spike in the first steps, then a
    # long fall that flattens out. The rising window must not count as a plateau.
    steps = np.arange(3000)
    fall = 0.3 + 0.4 * np.exp(-steps / 400)
    spike = 1.5 * np.exp(-((steps - 80) / 40.0) ** 2)  # still high at step 101
    losses = fall + spike
    step = steps_to_converge(losses, window=100, tolerance=1e-3)
    assert step is not None and step > 100  # past the spike, on the flat part
    gain = losses[step - 1] - losses[step - 1 + 100]
    assert 0 <= gain < 1e-3
    gains = losses[: step - 1] - losses[100 : step - 1 + 100]
    assert not np.any((gains >= 0) & (gains < 1e-3))  # and no earlier window qualified


def test_a_window_with_a_rise_inside_never_counts_even_if_its_ends_are_close():
    # The two ends, 0.5 and 0.49, differ by less than the tolerance, but the loss rose
    # to 2.0 between them: a spike, not a plateau (the rule once compared only the ends).
    assert steps_to_converge([1.0, 0.5, 2.0, 0.49], window=2, tolerance=0.02) is None


def test_a_flat_stretch_counts_as_settled():
    assert steps_to_converge([1.0, 0.5, 0.5, 0.5], window=2, tolerance=0.02) == 2


def test_runs_no_longer_than_the_window_never_converge():
    assert steps_to_converge([1.0, 0.9], window=2, tolerance=0.02) is None
    with pytest.raises(ValueError, match="window"):
        steps_to_converge([1.0, 0.9, 0.8], window=0)


def test_a_loss_that_only_rises_never_converges():
    assert steps_to_converge(np.linspace(0.5, 0.9, 300), window=100, tolerance=1e-3) is None


def test_tuning_keeps_the_rate_with_the_lowest_final_validation_loss(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.random((300, 784), dtype=np.float32)
    y = (X[:, :10].sum(axis=1, keepdims=True) > 5).astype(int)
    tuning = tune_learning_rate(X, y, learning_rates=(0.001, 0.1), num_steps=200, store=tmp_path)
    finals = {rate: losses[-1] for rate, losses in tuning.val_losses.items()}
    assert tuning.learning_rate == min(finals, key=finals.get) == 0.1
    assert 1 <= tuning.num_steps <= 200
    assert len(tuning.val_accuracies[0.001]) == 200


def test_a_second_sweep_on_the_same_data_is_read_from_the_store(tmp_path, monkeypatch):
    rng = np.random.default_rng(1)
    X = rng.random((100, 784), dtype=np.float32)
    y = (X[:, :10].sum(axis=1, keepdims=True) > 5).astype(int)
    first = tune_learning_rate(X, y, learning_rates=(0.01, 0.1), num_steps=50, store=tmp_path)

    import fashionbook.tuning

    def no_training(*args, **kwargs):
        raise AssertionError("the sweep ran again instead of being read from the store")

    monkeypatch.setattr(fashionbook.tuning, "logistic_regression", no_training)
    assert tune_learning_rate(X, y, learning_rates=(0.01, 0.1), num_steps=50, store=tmp_path) == first
    with pytest.raises(AssertionError, match="ran again"):  # other data: computed anew
        tune_learning_rate(X[1:], y[1:], learning_rates=(0.01, 0.1), num_steps=50, store=tmp_path)


def test_the_seconds_are_those_of_the_sweep_even_when_it_is_read_back(tmp_path, monkeypatch):
    # Chapter 5 prints how long the sweep took; read from the store, it must not say 0.
    import time

    import fashionbook.tuning

    rng = np.random.default_rng(2)
    X = rng.random((100, 784), dtype=np.float32)
    y = (X[:, :10].sum(axis=1, keepdims=True) > 5).astype(int)
    train = fashionbook.tuning.logistic_regression

    def slow_training(*args, **kwargs):
        time.sleep(0.25)
        return train(*args, **kwargs)

    monkeypatch.setattr(fashionbook.tuning, "logistic_regression", slow_training)
    first = tune_learning_rate(X, y, learning_rates=(0.01, 0.1), num_steps=20, store=tmp_path)
    assert first.seconds >= 0.5  # two runs of at least 0.25 s each
    again = tune_learning_rate(X, y, learning_rates=(0.01, 0.1), num_steps=20, store=tmp_path)
    assert again.seconds == first.seconds

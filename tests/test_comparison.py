"""The fair comparison's trainings: early stopped, one per seed, stored as weights."""

import numpy as np
import pytest

from fashionbook import comparison


@pytest.fixture(scope="module")
def small_split():
    rng = np.random.default_rng(0)
    X = rng.random((600, 784), dtype=np.float32)
    y = (X[:, :20].sum(axis=1, keepdims=True) > 10).astype(np.int64)
    return X[:400], y[:400], X[400:], y[400:]


def test_each_seed_trains_its_own_run_and_keeps_its_best_epoch(small_split, tmp_path):
    runs = comparison.train_early_stopped(*small_split, hidden_layer=True, seeds=(0, 1), store=tmp_path)
    assert [run.seed for run in runs] == [0, 1]
    assert runs[0].weights[0].shape == (784, 100) and runs[0].weights[2].shape == (100, 1)
    assert not np.array_equal(runs[0].weights[0], runs[1].weights[0])
    for run in runs:
        val_losses = run.history["val_loss"]
        assert run.kept_epoch == 1 + int(np.argmin(val_losses))
        assert len(val_losses) <= run.kept_epoch + comparison.PATIENCE


def test_the_kept_weights_are_those_of_the_best_epoch(small_split, tmp_path):
    *_, X_val, y_val = small_split
    (run,) = comparison.train_early_stopped(*small_split, hidden_layer=False, seeds=(3,), store=tmp_path)
    h = np.clip(comparison.probabilities(run, X_val), 1e-7, 1 - 1e-7)
    loss = -np.mean(y_val * np.log(h) + (1 - y_val) * np.log(1 - h))
    assert loss == pytest.approx(min(run.history["val_loss"]), rel=1e-4)


def test_without_the_hidden_layer_the_model_is_logistic_regression(small_split, tmp_path):
    (run,) = comparison.train_early_stopped(*small_split, hidden_layer=False, seeds=(0,), store=tmp_path)
    kernel, bias = run.weights
    X_val = small_split[2]
    expected = 1 / (1 + np.exp(-(X_val @ kernel + bias)))
    np.testing.assert_allclose(comparison.probabilities(run, X_val), expected, rtol=1e-5)


def test_a_second_call_reads_the_runs_from_the_store(small_split, tmp_path, monkeypatch):
    first = comparison.train_early_stopped(*small_split, hidden_layer=False, seeds=(0,), store=tmp_path)

    def no_training(*args, **kwargs):
        raise AssertionError("trained again instead of reading the store")

    monkeypatch.setattr(comparison, "train_network", no_training)
    again = comparison.train_early_stopped(*small_split, hidden_layer=False, seeds=(0,), store=tmp_path)
    assert again[0].history == first[0].history and again[0].seconds == first[0].seconds
    with pytest.raises(AssertionError, match="trained again"):  # other seeds: trained anew
        comparison.train_early_stopped(*small_split, hidden_layer=False, seeds=(1,), store=tmp_path)

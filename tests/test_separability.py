"""Flat boundaries fitted to a pair's training rows: each count of mistakes on those rows
is an upper bound on the fewest mistakes of the best flat boundary."""

import numpy as np
import pytest

from fashionbook.separability import MARGIN, linear_fit, linear_fit_accuracy, trimmed_linear_fit


def test_classes_that_a_plane_separates_are_fitted_without_a_mistake(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.random((500, 784))
    y = (X @ rng.normal(size=784) > 0).astype(int).reshape(-1, 1)  # a plane decides
    assert linear_fit_accuracy(X, y, store=tmp_path) == 1.0


def test_classes_that_no_plane_separates_leave_mistakes(tmp_path):
    rng = np.random.default_rng(1)
    X = rng.random((3000, 784)).astype(np.float32)
    y = rng.integers(0, 2, size=(3000, 1))
    X[:, 0] = y[:, 0] + rng.normal(scale=2.0, size=3000)  # a weak signal in one pixel
    X[:1500] = X[1500:]  # the same images twice ...
    y[:1500] = 1 - y[1500:]  # ... with opposite labels: no boundary gets both right
    accuracy = linear_fit_accuracy(X, y, store=tmp_path)
    assert 0.5 <= accuracy <= 0.5 + 1e-9


def test_the_fit_is_stored(tmp_path):
    rng = np.random.default_rng(2)
    X, y = rng.random((50, 784)), rng.integers(0, 2, size=(50, 1))
    linear_fit_accuracy(X, y, store=tmp_path)
    assert len(list(tmp_path.glob("linear-fit-*.pickle"))) == 1


def two_classes_with_far_mistakes():
    """Two overlapping classes along the first feature, and twenty rows of class 0
    placed deep among class 1: the log-loss tilts the boundary towards them."""
    rng = np.random.default_rng(3)
    X = rng.normal(scale=0.5, size=(400, 5))
    y = np.repeat([0, 1], 200)
    X[:, 0] += np.where(y == 1, 1.0, -1.0)
    X[:20, 0] = 8.0 + rng.normal(scale=0.1, size=20)
    return X, y.reshape(-1, 1)


def mistakes(model, X, y):
    return int((model.predict(X) != np.ravel(y)).sum())


def test_the_trimmed_fit_ignores_the_far_mistakes_and_makes_fewer(tmp_path):
    X, y = two_classes_with_far_mistakes()
    full, trimmed = linear_fit(X, y, store=tmp_path), trimmed_linear_fit(X, y, store=tmp_path)
    assert trimmed.rounds >= 1 and trimmed.ignored[:20].all()
    assert mistakes(trimmed.model, X, y) < mistakes(full, X, y)
    # It stopped where the rows it ignores are exactly those its fit puts below the
    # margin, and each of them is a mistake.
    log_odds = (2 * y.ravel() - 1) * trimmed.model.decision_function(X)
    assert np.array_equal(trimmed.ignored, log_odds < MARGIN)
    assert (trimmed.model.predict(X)[trimmed.ignored] != y.ravel()[trimmed.ignored]).all()


def test_the_trimmed_fit_does_not_raise_the_capped_loss_it_minimizes(tmp_path):
    X, y = two_classes_with_far_mistakes()
    C = 1e6

    def capped_loss(model):  # each row's log-loss, capped at its value at the margin
        log_odds = (2 * y.ravel() - 1) * model.decision_function(X)
        losses = np.logaddexp(0, -log_odds)
        cap = np.logaddexp(0, -MARGIN)
        return np.minimum(losses, cap).sum() + (model.coef_**2).sum() / (2 * C)

    full = linear_fit(X, y, C, store=tmp_path)
    trimmed = trimmed_linear_fit(X, y, C=C, store=tmp_path)
    assert capped_loss(trimmed.model) < capped_loss(full)


def test_on_separable_classes_the_trimmed_fit_is_the_converged_fit(tmp_path):
    rng = np.random.default_rng(4)
    X = rng.random((300, 20))
    y = (X @ rng.normal(size=20) > 0).astype(int).reshape(-1, 1)
    trimmed = trimmed_linear_fit(X, y, store=tmp_path)
    assert trimmed.rounds == 0 and not trimmed.ignored.any()
    assert np.array_equal(trimmed.model.predict(X), linear_fit(X, y, store=tmp_path).predict(X))
    assert len(list(tmp_path.glob("trimmed-fit-*.pickle"))) == 1


def test_the_trimmed_fit_raises_rather_than_stop_unsettled(tmp_path):
    X, y = two_classes_with_far_mistakes()
    with pytest.raises(RuntimeError, match="still changed"):
        trimmed_linear_fit(X, y, max_rounds=0, store=tmp_path)

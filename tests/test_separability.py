"""The ceiling of a straight boundary: the training accuracy of a converged linear fit."""

import numpy as np

from fashionbook.separability import linear_fit_accuracy


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

"""How well can a straight boundary fit a pair of classes?

Chapter 5's gradient descent stops early, on the validation rows, so it cannot say
what a straight boundary could do at best. This module fits logistic regression to
*all* the training images of a pair, with a penalty so small that it barely counts,
until the optimizer has converged, and reports how many of those very images it gets
right. 100% means a flat boundary separates the two classes exactly (the fitted one
does); less means that the best-fitting flat boundary leaves that many on the wrong side.
"""

from __future__ import annotations

import os
import warnings

import numpy as np

from fashionbook.store import remembered

C = 1e6  # scikit-learn's inverse penalty: large, so the fit is all but unpenalized


def linear_fit_accuracy(
    X: np.ndarray, y: np.ndarray, C: float = C, store: str | os.PathLike | None = None
) -> float:
    """The training accuracy of logistic regression fitted to convergence on (X, y).

    scikit-learn's Newton-Cholesky solver converges in a few steps for 784 features;
    a fit that does not converge raises, so the number is never that of a run that
    stopped halfway.

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, 784).
    y : numpy.ndarray
        Shape (n, 1) or (n,), 0 or 1.
    C : float
        The inverse of the penalty's strength.
    store : path-like, optional
        The folder of stored results (see :mod:`fashionbook.store`).

    Returns
    -------
    float
        The share of the rows of `X` that the fitted boundary classifies correctly.
    """

    def fit() -> float:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=C, solver="newton-cholesky", max_iter=1000)
        # float64: with so small a penalty the weights grow large, and in float32 the
        # solver's last steps are lost to rounding (one boot too many misclassified).
        pixels, labels = np.asarray(X, dtype=np.float64), np.ravel(y)
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            model.fit(pixels, labels)
        return float(model.score(pixels, labels))

    return remembered(fit, "linear-fit", [X, y], {"C": C}, ["fashionbook.separability"], store)

"""How few training images can a flat boundary get wrong?

Chapter 5's gradient descent stops early, on the validation rows, so it cannot say how
few of the training images of a pair a flat boundary (a hyperplane in pixel space)
could get wrong. This module fits flat boundaries to those images and counts their
mistakes on the very same images. Each count is an *upper bound* on the fewest
mistakes of the best flat boundary: that one exists, but finding it is a hard
combinatorial problem in general, and nothing here claims to have found it.

- :func:`linear_fit` fits logistic regression, with a penalty so small that it barely
  counts, until the optimizer has converged. If it gets every row right, a flat
  boundary separates the two classes exactly (the fitted one does). If not, its count
  is an upper bound, and can be a loose one: the fit minimizes the log-loss, not the
  number of mistakes, and a row far on the wrong side costs the log-loss so much that
  the fit tilts the boundary towards it, at the price of rows near the boundary.
- :func:`trimmed_linear_fit` lowers the bound by giving the rows far on the wrong side
  weight 0 and fitting again, until the rows it ignores stop changing.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from fashionbook.store import remembered

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

C = 1e6  # scikit-learn's inverse penalty: large, so the fit is all but unpenalized
MARGIN = -2.0  # log-odds for a row's own class; below it, trimmed_linear_fit ignores the row
MAX_ROUNDS = 50


def linear_fit(
    X: np.ndarray,
    y: np.ndarray,
    C: float = C,
    store: str | os.PathLike | None = None,
) -> LogisticRegression:
    """Logistic regression fitted to convergence on (X, y), with the penalty 1 / C.

    scikit-learn's Newton-Cholesky solver converges in a few steps for 784 features;
    a fit that does not converge raises, so the model is never that of a run that
    stopped halfway. The fitted model is kept in the store of :mod:`fashionbook.store`.

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, d), such as (n, 784).
    y : numpy.ndarray
        Shape (n, 1) or (n,), 0 or 1.
    C : float
        The inverse of the penalty's strength.
    store : path-like, optional
        The folder of stored results (see :mod:`fashionbook.store`).

    Returns
    -------
    sklearn.linear_model.LogisticRegression
        The fitted model: ``predict`` gives its labels, ``decision_function`` its
        log-odds of label 1.
    """
    return remembered(
        lambda: _converged_fit(X, y, C, None),
        "linear-fit", [X, y], {"C": C}, ["fashionbook.separability"], store,
    )  # fmt: skip


def linear_fit_accuracy(
    X: np.ndarray, y: np.ndarray, C: float = C, store: str | os.PathLike | None = None
) -> float:
    """The training accuracy of :func:`linear_fit`: the share of the rows of `X` that
    the fitted boundary classifies correctly.

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, d), such as (n, 784).
    y : numpy.ndarray
        Shape (n, 1) or (n,), 0 or 1.
    C : float
        The inverse of the penalty's strength.
    store : path-like, optional
        The folder of stored results (see :mod:`fashionbook.store`).

    Returns
    -------
    float
        Between 0 and 1; 1 means the fitted boundary separates the two classes of `X`.
    """
    model = linear_fit(X, y, C, store)
    return float(model.score(np.asarray(X, dtype=np.float64), np.ravel(y)))


@dataclass(frozen=True)
class TrimmedFit:
    """What :func:`trimmed_linear_fit` found."""

    model: LogisticRegression  # the last fit: its boundary is the one to count with
    ignored: np.ndarray  # one bool per row: True for the rows of weight 0 in that fit
    rounds: int  # how many fits after the first, unweighted one


def trimmed_linear_fit(
    X: np.ndarray,
    y: np.ndarray,
    margin: float = MARGIN,
    C: float = C,
    max_rounds: int = MAX_ROUNDS,
    store: str | os.PathLike | None = None,
) -> TrimmedFit:
    """Logistic regression that ignores the rows it puts far on the wrong side.

    Start from the converged fit of :func:`linear_fit`. In each round, every row whose
    log-odds for its own class, (2y - 1)(w . x + b), is below `margin` gets weight 0,
    every other row weight 1, and logistic regression is fitted to convergence again
    with these weights. The rounds stop when the rows of weight 0 are those of the
    round before; the rows then ignored are exactly those the last fit puts below
    `margin`, all of them mistakes.

    This minimizes, by a majorize-minimize scheme, a loss that charges a row at most a
    fixed amount: each row's log-loss capped at its value at `margin`,
    log(1 + exp(-margin)), plus the penalty. No round raises that loss: the rows left
    out cost exactly the cap, and the refit cannot raise the loss of the rows it fits.
    Capped, a row far on the wrong side no longer pulls the boundary towards itself,
    so the boundary can settle where fewer rows are wrong. It is a heuristic: its
    mistakes on (X, y) are an upper bound on the fewest any flat boundary makes, often
    much lower than that of :func:`linear_fit`, but not provably the fewest.

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, d), such as (n, 784).
    y : numpy.ndarray
        Shape (n, 1) or (n,), 0 or 1.
    margin : float
        The log-odds below which a row is ignored; -2 means that the fit gives the
        wrong label odds of more than e^2 (about 7.4) to 1.
    C : float
        The inverse of the penalty's strength.
    max_rounds : int
        Raise if the ignored rows still change after this many rounds.
    store : path-like, optional
        The folder of stored results (see :mod:`fashionbook.store`).

    Returns
    -------
    TrimmedFit
        The last model, the rows it ignored, and the number of rounds.

    Raises
    ------
    RuntimeError
        If the rows of weight 0 have not settled after `max_rounds` rounds.
    """
    labels = np.ravel(y)
    signs = 2 * labels - 1  # +1 for label 1, -1 for label 0

    def fit() -> TrimmedFit:
        pixels = np.asarray(X, dtype=np.float64)
        model = linear_fit(X, y, C, store)
        ignored = np.zeros(len(labels), dtype=bool)  # the first fit weighs every row
        rounds = 0
        while True:
            far_wrong = signs * model.decision_function(pixels) < margin
            if np.array_equal(far_wrong, ignored):
                return TrimmedFit(model, ignored, rounds)
            if rounds == max_rounds:
                raise RuntimeError(f"the ignored rows still changed after {max_rounds} rounds")
            ignored, rounds = far_wrong, rounds + 1
            model = _converged_fit(X, y, C, sample_weight=(~ignored).astype(np.float64))

    settings = {"margin": margin, "C": C, "max_rounds": max_rounds}
    return remembered(fit, "trimmed-fit", [X, y], settings, ["fashionbook.separability"], store)


def _converged_fit(
    X: np.ndarray, y: np.ndarray, C: float, sample_weight: np.ndarray | None
) -> LogisticRegression:
    """Fit logistic regression with scikit-learn's Newton-Cholesky solver, or raise."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, solver="newton-cholesky", max_iter=1000)
    # float64: with so small a penalty the weights grow large, and in float32 the
    # solver's last steps are lost to rounding (one boot too many misclassified).
    pixels, labels = np.asarray(X, dtype=np.float64), np.ravel(y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model.fit(pixels, labels, sample_weight=sample_weight)
    return model

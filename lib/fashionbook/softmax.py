"""Softmax regression: logistic regression for all ten classes, trained by mini-batch
stochastic gradient descent (chapter 9).

Labels become one-hot rows (:func:`one_hot`), the sigmoid becomes the softmax
(:func:`softmax`), the binary cross-entropy the categorical one (:func:`cross_entropy`),
and its gradient keeps the form of chapter 4: (1/n) X^T (P - Y)
(:func:`cross_entropy_gradient`). The weights ``theta`` are a (785, 10) matrix, one
column per class, with the bias row first, as in chapter 4.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits  # installed with scikit-learn

from fashionbook.data import bias_trick
from fashionbook.logistic import EPSILON
from fashionbook.store import remembered

NUM_CLASSES = 10
BATCH_SIZE = 128  # images per step of stochastic gradient descent
SEED = 0  # fixes the order in which the images are shuffled, epoch after epoch


def softmax(Z: np.ndarray) -> np.ndarray:
    """Turn each row of scores into probabilities: exp(z_k) / sum_j exp(z_j).

    Stable for logits of any size: subtracting each row's largest score first (the
    log-sum-exp trick) changes no probability, and then no exp exceeds 1.

    Parameters
    ----------
    Z : numpy.ndarray
        Scores (logits), shape (n, k): one row per image, one column per class.

    Returns
    -------
    numpy.ndarray
        Shape (n, k), every entry in [0, 1], every row summing to 1.

    Examples
    --------
    >>> softmax(np.array([[0.0, 0.0], [1000.0, 0.0]]))
    array([[0.5, 0.5],
           [1. , 0. ]])
    """
    Z = np.asarray(Z)
    shifted = Z - Z.max(axis=-1, keepdims=True)  # the largest score becomes 0
    exps = np.exp(shifted)
    return exps / exps.sum(axis=-1, keepdims=True)


def one_hot(y: np.ndarray, num_classes: int = NUM_CLASSES) -> np.ndarray:
    """Write each label as a row of zeros with a one in the label's column.

    Parameters
    ----------
    y : numpy.ndarray
        Integer labels 0 to ``num_classes - 1``, shape (n,) (or (n, 1)).
    num_classes : int
        The number of classes, the width of each row.

    Returns
    -------
    numpy.ndarray
        Shape (n, num_classes), float64: ``Y[i, y[i]] = 1`` and 0 elsewhere.

    Examples
    --------
    >>> one_hot(np.array([2, 0]), num_classes=3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    y = _check_labels(y, num_classes)
    return np.eye(num_classes)[y]


def cross_entropy(Y: np.ndarray, P: np.ndarray) -> float:
    """The categorical cross-entropy, the mean of -sum_k Y_ik log P_ik.

    ``P`` is clipped to [1e-7, 1 - 1e-7] first, as in
    :func:`~fashionbook.logistic.binary_cross_entropy`, so a confident wrong answer
    costs about 16 instead of infinity.

    Parameters
    ----------
    Y : numpy.ndarray
        One-hot labels, shape (n, k).
    P : numpy.ndarray
        Predicted probabilities, shape (n, k), rows summing to 1.

    Examples
    --------
    >>> round(cross_entropy(np.array([[0.0, 1.0]]), np.array([[0.5, 0.5]])), 4)
    0.6931
    """
    _check_rows(Y, P)
    P = np.clip(P, EPSILON, 1 - EPSILON)
    n = len(Y)
    return float(-np.sum(Y * np.log(P)) / n)


def cross_entropy_gradient(
    X: np.ndarray, Y: np.ndarray, theta: np.ndarray
) -> np.ndarray:
    """The gradient of the cross-entropy in theta: (1/n) X^T (P - Y).

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, d), with the bias column already in front (d = 785 for images).
    Y : numpy.ndarray
        One-hot labels, shape (n, k).
    theta : numpy.ndarray
        Shape (d, k): one column of weights per class.

    Returns
    -------
    numpy.ndarray
        Shape (d, k), like theta: the partial derivative of the loss with respect to
        each weight.
    """
    _check_design(X, Y, theta)
    Z = X @ theta
    P = softmax(Z)
    n = len(X)
    return X.T @ (P - Y) / n


def predict_classes(P: np.ndarray) -> np.ndarray:
    """The class of each row: the column with the largest probability (or score).

    Examples
    --------
    >>> predict_classes(np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]]))
    array([1, 0])
    """
    return np.argmax(P, axis=-1)


def softmax_regression(
    X: np.ndarray,
    y: np.ndarray,
    learning_rate: float,
    epochs: int,
    batch_size: int = BATCH_SIZE,
    seed: int = SEED,
    validation_data: tuple[np.ndarray, np.ndarray] | None = None,
    num_classes: int = NUM_CLASSES,
) -> tuple[np.ndarray, dict[str, list[float]]]:
    """Train softmax regression by mini-batch stochastic gradient descent.

    Add the bias column and start from theta = 0. Each epoch shuffles the rows (with a
    generator seeded once, so the same seed gives the same run), then steps through
    them `batch_size` at a time: theta <- theta - learning_rate * gradient on the batch.
    After each epoch it records the loss and accuracy on all of (X, y), and on the
    validation rows if given.

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, 784), pixels without the bias column.
    y : numpy.ndarray
        Shape (n,), integer labels 0 to ``num_classes - 1``.
    learning_rate : float
        The step size.
    epochs : int
        Passes over the rows.
    batch_size : int
        Rows per step; the last step of an epoch takes the rows left over.
    seed : int
        Seeds the shuffles.
    validation_data : (X_val, y_val), optional
        Rows to watch during training, not to learn from.
    num_classes : int
        The number of classes, the columns of theta.

    Returns
    -------
    theta : numpy.ndarray
        Shape (785, 10) for images of ten classes; row 0 holds the biases.
    history : dict of str to list of float
        ``loss`` and ``accuracy`` (and ``val_loss``, ``val_accuracy`` with validation
        data), one value per epoch, measured after it: the keys of Keras's History.
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X has shape {X.shape}, expected (n, d)")
    if y.shape != (len(X),):
        raise ValueError(f"y has shape {y.shape}, expected ({len(X)},): one label per row of X")
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive whole number, got {value}")

    X = bias_trick(X)
    # One dtype throughout (float32 for the book's images): mixing it with the float64
    # of one_hot would cost a conversion per step.
    Y = one_hot(y, num_classes).astype(X.dtype)
    theta = np.zeros((X.shape[1], Y.shape[1]), dtype=X.dtype)
    sets = {"": (X, Y)}
    if validation_data is not None:
        X_val, y_val = (np.asarray(array) for array in validation_data)
        if len(X_val) != len(y_val):
            raise ValueError(f"validation_data has {len(X_val)} rows of X but {len(y_val)} labels")
        sets["val_"] = (bias_trick(X_val), one_hot(y_val, num_classes).astype(X.dtype))
    history: dict[str, list[float]] = {f"{prefix}{metric}": [] for prefix in sets
                                       for metric in ("loss", "accuracy")}  # fmt: skip

    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(len(X))  # a new shuffle every epoch
        # A batch's products are small (128 x 785 by 785 x 10): waking
        # BLAS threads for each costs more than it saves; on a busy machine
        # of two cores an epoch took 30 times longer with them
        # (bench/softmax_speed.py).
        with threadpool_limits(limits=1, user_api="blas"):
            for start in range(0, len(X), batch_size):
                batch = order[start : start + batch_size]
                gradient = cross_entropy_gradient(X[batch], Y[batch], theta)
                theta -= learning_rate * gradient
        for prefix, (X_set, Y_set) in sets.items():
            P = softmax(X_set @ theta)
            history[f"{prefix}loss"].append(cross_entropy(Y_set, P))
            history[f"{prefix}accuracy"].append(
                float(np.mean(predict_classes(P) == predict_classes(Y_set)))
            )
    return theta, history


def _check_labels(y: np.ndarray, num_classes: int) -> np.ndarray:
    """Integer labels in 0 to num_classes - 1, as a 1-D array, or a clear error."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1:
        raise ValueError(f"y has shape {y.shape}, expected (n,): one integer label per image")
    if y.size and not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y has dtype {y.dtype}, expected integer labels (use y.astype(int))")
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(
            f"labels must lie in 0 to {num_classes - 1}, got values from {y.min()} to {y.max()}"
        )
    return y


def _check_rows(Y: np.ndarray, P: np.ndarray) -> None:
    """Refuse labels and probabilities that are not both (n, k) of the same shape."""
    if np.shape(Y) != np.shape(P) or np.ndim(Y) != 2:
        raise ValueError(
            f"Y has shape {np.shape(Y)} and P has shape {np.shape(P)}; both must be (n, k), "
            "one row per image (one_hot(y) turns labels into such rows)"
        )


def _check_design(X: np.ndarray, Y: np.ndarray, theta: np.ndarray) -> None:
    """Check the shapes of the gradient's inputs against each other."""
    n, d = np.shape(X) if np.ndim(X) == 2 else (None, None)
    if n is None:
        raise ValueError(f"X has shape {np.shape(X)}, expected (n, d)")
    if np.ndim(Y) != 2 or len(Y) != n:
        raise ValueError(f"Y has shape {np.shape(Y)}, expected ({n}, k), one row per row of X")
    if np.shape(theta) != (d, np.shape(Y)[1]):
        raise ValueError(
            f"theta has shape {np.shape(theta)}, expected ({d}, {np.shape(Y)[1]}): one row "
            "per column of X (did you forget the bias column?), one column per class"
        )


# --- the chapter's slow results, kept in the store of fashionbook.store -----------------

LEARNING_RATES = (0.03, 0.1, 0.3, 1.0)
EPOCHS = 50  # of each run of the sweep


@dataclass(frozen=True)
class Sweep:
    """Softmax regression trained once per learning rate, watched on validation rows."""

    histories: dict[float, dict[str, list[float]]]  # per rate: loss, accuracy, val_loss, ...
    learning_rate: float  # the rate whose validation loss reached the lowest value
    epochs: int  # the epoch (from 1) at which it did
    seconds: float  # how long the sweep took when it was computed (not read back)


def sweep_learning_rates(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    learning_rates: Sequence[float] = LEARNING_RATES,
    epochs: int = EPOCHS,
    store: str | os.PathLike | None = None,
) -> Sweep:
    """Train on (X_train, y_train) once per learning rate and choose the rate and the
    number of epochs with the lowest validation loss.

    The result is kept in the store of :mod:`fashionbook.store` (in `store`, a folder,
    if given) and read back when the same data and settings come again.
    """

    def sweep() -> Sweep:
        start = time.perf_counter()
        histories = {
            rate: softmax_regression(X_train, y_train, rate, epochs,
                                     validation_data=(X_val, y_val))[1]
            for rate in learning_rates
        }  # fmt: skip
        best = min(learning_rates, key=lambda rate: min(histories[rate]["val_loss"]))
        best_epoch = int(np.argmin(histories[best]["val_loss"])) + 1
        return Sweep(histories, best, best_epoch, time.perf_counter() - start)

    settings = {"learning_rates": list(learning_rates), "epochs": epochs}
    arrays = [X_train, y_train, X_val, y_val]
    return remembered(sweep, "softmax-sweep", arrays, settings, ["fashionbook.softmax"], store)


def train_softmax_regression(
    X: np.ndarray,
    y: np.ndarray,
    learning_rate: float,
    epochs: int,
    store: str | os.PathLike | None = None,
) -> tuple[np.ndarray, dict[str, list[float]], float]:
    """:func:`softmax_regression` with its defaults, kept in the store.

    Returns
    -------
    theta, history
        As :func:`softmax_regression` returns them.
    seconds : float
        How long the training took when it was computed.
    """

    def train() -> tuple[np.ndarray, dict[str, list[float]], float]:
        start = time.perf_counter()
        theta, history = softmax_regression(X, y, learning_rate, epochs)
        return theta, history, time.perf_counter() - start

    settings = {"learning_rate": learning_rate, "epochs": epochs}
    return remembered(train, "softmax-regression", [X, y], settings, ["fashionbook.softmax"], store)


def fit_scikit_learn(
    X: np.ndarray, y: np.ndarray, store: str | os.PathLike | None = None
) -> tuple[Any, list[str], float]:
    """scikit-learn's ``LogisticRegression`` with its defaults, fitted to (X, y) and kept
    in the store.

    Its defaults: the multinomial model (the softmax), an L2 penalty with C = 1, the
    L-BFGS solver, at most 100 iterations.

    Returns
    -------
    model : sklearn.linear_model.LogisticRegression
        Fitted.
    warnings : list of str
        What the fit warned about (a ``ConvergenceWarning`` when it stopped at its
        iteration limit), caught so that it does not spill onto a page.
    seconds : float
        How long the fit took when it was computed.
    """
    from sklearn.linear_model import LogisticRegression

    def fit() -> tuple[Any, list[str], float]:
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = LogisticRegression().fit(X, y)
        messages = [f"{w.category.__name__}: {str(w.message).splitlines()[0]}" for w in caught]
        return model, messages, time.perf_counter() - start

    return remembered(fit, "sklearn-logistic", [X, y], {}, ["fashionbook.softmax"], store)

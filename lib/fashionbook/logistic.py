"""Logistic regression, equations (4.6) to (4.10), trained by gradient descent.

The names and the training loop are the homework's. Every function works on
column vectors: ``y``, ``h`` and ``theta`` have shape (n, 1) or (d, 1).
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from fashionbook.data import bias_trick, train_test_validation_split

EPSILON = 1e-7
"""How far from 0 and 1 the loss clips ``h``, as Keras does: log(0) is -inf."""


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Squash reals into (0, 1): equation (4.6), sigma(z) = 1 / (1 + exp(-z)).

    Stable for any z: no overflow warning at z = -1e4 or z = 1e4 (``expit`` never
    computes exp of a large positive number).

    Examples
    --------
    >>> sigmoid(np.array([-1e4, 0.0, 1e4]))
    array([0. , 0.5, 1. ])
    """
    return expit(z)


def binary_cross_entropy(y: np.ndarray, h: np.ndarray) -> float:
    """The loss J, equation (4.8): the mean of -[y log h + (1 - y) log(1 - h)].

    ``h`` is clipped to [1e-7, 1 - 1e-7] first, so a confident wrong answer costs
    about 16 instead of infinity.

    Parameters
    ----------
    y : numpy.ndarray
        True labels, 0 or 1, shape (n, 1).
    h : numpy.ndarray
        Predicted probabilities of label 1, shape (n, 1).

    Examples
    --------
    >>> round(binary_cross_entropy(np.array([[1], [0]]), np.array([[0.5], [0.5]])), 4)
    0.6931
    """
    _check_same_shape(y, h, "y", "h")
    h = np.clip(h, EPSILON, 1 - EPSILON)
    n = len(y)
    return float(-np.sum(y * np.log(h) + (1 - y) * np.log(1 - h)) / n)


def binary_cross_entropy_derivative(
    X: np.ndarray, y: np.ndarray, theta: np.ndarray
) -> np.ndarray:
    """The gradient of the loss, equation (4.9): (1/n) X^T (H - Y).

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, d), with the bias column already in front.
    y : numpy.ndarray
        Shape (n, 1).
    theta : numpy.ndarray
        Shape (d, 1).

    Returns
    -------
    numpy.ndarray
        Shape (d, 1): the partial derivative of J with respect to each theta_j.
    """
    _check_design(X, y, theta)
    z = X @ theta
    h = sigmoid(z)
    n = len(y)
    return X.T @ (h - y) / n


def predict(h: np.ndarray) -> np.ndarray:
    """Equation (4.7): round each probability to a label, 1 if h > 0.5, else 0.

    Examples
    --------
    >>> predict(np.array([[0.2], [0.5], [0.9]]))
    array([[0],
           [0],
           [1]])
    """
    return (np.asarray(h) > 0.5).astype(np.int64)


def accuracy(y: np.ndarray, y_pred: np.ndarray) -> float:
    """The fraction of predictions that equal the true labels, in [0, 1].

    Examples
    --------
    >>> accuracy(np.array([[1], [0], [1], [1]]), np.array([[1], [0], [0], [1]]))
    0.75
    """
    _check_same_shape(y, y_pred, "y", "y_pred")
    return float(np.mean(y == y_pred))


def logistic_regression(
    X: np.ndarray,
    y: np.ndarray,
    learning_rate: float,
    num_steps: int,
    report_every: int | None = None,
) -> tuple[np.ndarray, list[float], list[float], list[float], list[float]]:
    """Train logistic regression by gradient descent, the homework's way.

    Add the bias column, split train/test/validation, start from theta = 0; at each
    step record the training and validation loss and accuracy, then take one step of
    equation (4.10): theta <- theta - learning_rate * gradient.

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, 784), shuffled (as :func:`~fashionbook.data.get_data_subset` gives).
    y : numpy.ndarray
        Shape (n, 1), 0 or 1.
    learning_rate : float
        The step size alpha of equation (4.10).
    num_steps : int
        How many steps of gradient descent.
    report_every : int, optional
        Print a progress line every this many steps (and after the last); 0 for
        silence. By default about ten lines in all.

    Returns
    -------
    theta : numpy.ndarray
        The learned weights, shape (785, 1); theta[0] is the bias.
    train_losses, train_accuracies, val_losses, val_accuracies : list of float
        One value per step, measured before that step's update.
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X has shape {X.shape}, expected (n, d)")
    if y.shape != (len(X), 1):
        raise ValueError(f"y has shape {y.shape}, expected ({len(X)}, 1), like X's rows")
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    if int(num_steps) != num_steps or num_steps < 1:
        raise ValueError(f"num_steps must be a positive whole number, got {num_steps}")
    if report_every is None:
        report_every = max(1, num_steps // 10)

    X = bias_trick(X)
    # One dtype throughout: mixing float32 and int64 would cost a copy per step.
    y = y.astype(X.dtype)
    split = train_test_validation_split(X, y)
    X_train, y_train, X_test, y_test, X_val, y_val = split
    theta = np.zeros((X.shape[1], 1), dtype=X.dtype)
    if report_every:
        h = sigmoid(X_train @ theta)
        print(f"Initial accuracy: {accuracy(y_train, predict(h)):.4f}")

    train_losses, train_accuracies, val_losses, val_accuracies = [], [], [], []
    for step in range(num_steps):
        h_train = sigmoid(X_train @ theta)
        h_val = sigmoid(X_val @ theta)

        train_losses.append(binary_cross_entropy(y_train, h_train))
        train_accuracies.append(accuracy(y_train, predict(h_train)))
        val_losses.append(binary_cross_entropy(y_val, h_val))
        val_accuracies.append(accuracy(y_val, predict(h_val)))

        gradient = binary_cross_entropy_derivative(X_train, y_train, theta)
        theta = theta - learning_rate * gradient

        if report_every and ((step + 1) % report_every == 0 or step + 1 == num_steps):
            print(
                f"Step {step + 1:>{len(str(num_steps))}}/{num_steps}  "
                f"train loss {train_losses[-1]:.4f} acc {train_accuracies[-1]:.4f}  "
                f"val loss {val_losses[-1]:.4f} acc {val_accuracies[-1]:.4f}"
            )
    return theta, train_losses, train_accuracies, val_losses, val_accuracies


def _check_same_shape(a: np.ndarray, b: np.ndarray, a_name: str, b_name: str) -> None:
    """Refuse arrays whose shapes differ: (n, 1) against (n,) would broadcast to n x n."""
    a_shape, b_shape = np.shape(a), np.shape(b)
    if a_shape != b_shape:
        raise ValueError(
            f"{a_name} has shape {a_shape} but {b_name} has shape {b_shape}; "
            "they must be equal (column vectors of shape (n, 1))"
        )


def _check_design(X: np.ndarray, y: np.ndarray, theta: np.ndarray) -> None:
    """Check the shapes of equation (4.9)'s inputs against each other."""
    n, d = np.shape(X) if np.ndim(X) == 2 else (None, None)
    if n is None:
        raise ValueError(f"X has shape {np.shape(X)}, expected (n, d)")
    if np.shape(y) != (n, 1):
        raise ValueError(f"y has shape {np.shape(y)}, expected ({n}, 1), one row per row of X")
    if np.shape(theta) != (d, 1):
        raise ValueError(
            f"theta has shape {np.shape(theta)}, expected ({d}, 1), one weight per "
            "column of X (did you forget the bias column?)"
        )

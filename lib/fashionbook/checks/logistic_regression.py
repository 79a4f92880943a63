"""The checks of chapter 4 (``book/04_logistic_regression.md``): the equations of
logistic regression, from the sigmoid to the accuracy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from fashionbook import logistic
from fashionbook.checks.core import CheckResult, _Failed, _as_array, _call, _compare, _run, _short


def check_sigmoid(sigmoid: Any) -> CheckResult:
    """Does `sigmoid(z)` compute equation (4.6), 1 / (1 + exp(-z)), element by element?"""
    hint = "equation (4.6): sigma(z) = 1 / (1 + e^(-z)); with NumPy, np.exp works on whole arrays"

    def value(z: Any, expected: Any, what: str) -> Callable[[], None]:
        return lambda: _compare(_call(sigmoid, z, what=what), expected, what, hint)

    def extremes() -> None:
        z = np.array([[-1000.0], [0.0], [1000.0]])
        got = _call(sigmoid, z, what="sigmoid at z = -1000, 0, 1000")
        _compare(got, [[0.0], [0.5], [1.0]], "sigmoid at z = -1000, 0, 1000",
                 "at z = -1000, e^(-z) overflows to inf, and 1 / (1 + inf) is 0: make sure "
                 "nothing turns that into nan (scipy.special.expit is the stable way)")  # fmt: skip

    return _run("sigmoid", [
        value(np.array([0.0]), [0.5], "sigmoid(0)"),
        value(np.array([2.0, -2.0]), [0.8807970779778823, 0.11920292202211755], "sigmoid([2, -2])"),
        value(np.array([[1.0], [-3.0]]), [[0.7310585786300049], [0.04742587317756678]],
              "sigmoid of a column vector"),
        extremes,
    ])  # fmt: skip


def check_binary_cross_entropy(binary_cross_entropy: Any) -> CheckResult:
    """Does `binary_cross_entropy(y, h)` compute equation (4.8), with a finite value at h = 0 or 1?"""
    hint = "equation (4.8): J = -(1/n) * sum(y log h + (1 - y) log(1 - h)), a positive number"

    def value(y: Any, h: Any, expected: float, what: str, case_hint: str = hint) -> Callable[[], None]:
        def run() -> None:
            got = _call(binary_cross_entropy, np.array(y), np.array(h), what=what)
            got = _as_array(got, what)
            if got.size != 1:
                raise _Failed(f"{what} returned shape {got.shape}, expected a single number",
                              "average over all n images: J is one number (np.sum or np.mean over everything)")  # fmt: skip
            _compare(got.reshape(()), np.float64(expected), what, case_hint, rtol=1e-4)

        return run

    def saturated() -> None:
        y, h = np.array([[1.0], [0.0]]), np.array([[0.0], [1.0]])
        got = _as_array(_call(binary_cross_entropy, y, h, what="the loss at h = 0 and h = 1"),
                        "the loss at h = 0 and h = 1")  # fmt: skip
        if not np.all(np.isfinite(got)):
            raise _Failed(f"the loss of a confident wrong answer (h exactly 0 or 1) is {_short(got)}",
                          "log(0) is -inf: clip h into [1e-7, 1 - 1e-7] first, as Keras does")  # fmt: skip
        if not float(np.ravel(got)[0]) > 10:
            raise _Failed(f"the loss of a confident wrong answer is {_short(got)}, expected a large number",
                          f"a confident mistake costs -log(1e-7) = {-np.log(1e-7):.1f}: clip h to "
                          "[1e-7, 1 - 1e-7], not to a narrower range (clipped at 1e-3, it costs "
                          f"only -log(1e-3) = {-np.log(1e-3):.1f})")  # fmt: skip

    return _run("binary_cross_entropy", [
        value([[1.0], [0.0]], [[0.5], [0.5]], np.log(2), "loss of h = 0.5 for both classes"),
        value([[1.0], [0.0], [1.0]], [[0.9], [0.2], [0.6]],
              -(np.log(0.9) + np.log(0.8) + np.log(0.6)) / 3, "loss of three images",
              hint + "; check the sign and the 1/n"),
        value([[0.0]], [[0.3]], -np.log(0.7), "loss of a single image of class 0",
              "for y = 0 only the term (1 - y) log(1 - h) counts"),
        saturated,
    ])  # fmt: skip


def check_binary_cross_entropy_derivative(binary_cross_entropy_derivative: Any) -> CheckResult:
    """Does `binary_cross_entropy_derivative(X, y, theta)` compute equation (4.9), (1/n) X^T (H - Y)?"""
    hint = "equation (4.9): gradient = X.T @ (sigmoid(X @ theta) - y) / n, shape (d, 1) like theta"
    rng = np.random.default_rng(7)

    def case(n: int, d: int, what: str) -> Callable[[], None]:
        X = np.hstack([np.ones((n, 1)), rng.normal(size=(n, d - 1))])
        y = rng.integers(0, 2, size=(n, 1)).astype(float)
        theta = rng.normal(scale=0.3, size=(d, 1))
        expected = logistic.binary_cross_entropy_derivative(X, y, theta)

        def run() -> None:
            got = _call(binary_cross_entropy_derivative, X.copy(), y.copy(), theta.copy(), what=what)
            _compare(got, expected, what, hint)

        return run

    def at_zero() -> None:
        X = np.array([[1.0, 2.0], [1.0, -1.0]])
        y = np.array([[1.0], [0.0]])
        got = _call(binary_cross_entropy_derivative, X, y, np.zeros((2, 1)), what="the gradient at theta = 0")
        _compare(got, [[0.0], [-0.75]], "the gradient at theta = 0",
                 "at theta = 0 every h is 0.5, so the gradient is X.T @ (0.5 - y) / n")  # fmt: skip

    return _run("binary_cross_entropy_derivative", [
        at_zero, case(5, 3, "the gradient on 5 images of 3 features"),
        case(1, 4, "the gradient of a single image"), case(50, 785, "the gradient with 785 weights"),
    ])  # fmt: skip


def check_predict(predict: Any) -> CheckResult:
    """Does `predict(h)` round probabilities to labels 0 or 1, equation (4.7)?"""
    hint = "equation (4.7): round each h; 1 where h > 0.5, 0 below (np.round or a comparison)"

    def run_case() -> None:
        h = np.array([[0.1], [0.49], [0.51], [0.99], [0.0], [1.0]])
        got = _as_array(_call(predict, h, what="predict"), "predict")
        _compare(got.astype(float) if got.dtype == bool else got,
                 [[0], [0], [1], [1], [0], [1]], "predict([0.1, 0.49, 0.51, 0.99, 0, 1])", hint)  # fmt: skip

    def one_half() -> None:
        got = _as_array(_call(predict, np.array([[0.5]]), what="predict(0.5)"), "predict(0.5)")
        if got.shape != (1, 1) or float(got.ravel()[0]) not in (0.0, 1.0):
            raise _Failed(f"predict(0.5) returned {_short(got)}, expected 0 or 1 in shape (1, 1)", hint)

    return _run("predict", [run_case, one_half])


def check_accuracy(accuracy: Any) -> CheckResult:
    """Does `accuracy(y, y_pred)` return the fraction of correct predictions, in [0, 1]?"""
    hint = ("the share of predictions equal to the labels: np.mean(y == y_pred), in [0, 1]; "
            "give y and y_pred the same shape, since (n, 1) == (n,) broadcasts to an n x n table")

    def value(y: Any, y_pred: Any, expected: float, what: str) -> Callable[[], None]:
        def run() -> None:
            got = _as_array(_call(accuracy, np.array(y), np.array(y_pred), what=what), what)
            if got.size != 1:
                raise _Failed(f"{what} returned shape {got.shape}, expected one number",
                              "compare arrays of the same shape, (n, 1) with (n, 1): (n, 1) == (n,) "
                              "broadcasts to an n x n table")  # fmt: skip
            if np.iscomplexobj(got) or not (np.issubdtype(got.dtype, np.number) or got.dtype == bool):
                raise _Failed(f"{what} returned {_short(got)}, expected a real number", hint)
            if float(got.ravel()[0]) > 1:
                raise _Failed(f"{what}: expected {expected}, got {float(got.ravel()[0])}",
                              "return a fraction, not a percentage or a count")  # fmt: skip
            _compare(got.reshape(()), np.float64(expected), what, hint)

        return run

    return _run("accuracy", [
        value([[1], [0], [1], [1]], [[1], [0], [0], [1]], 0.75, "accuracy of 3 right out of 4"),
        value([[0], [0]], [[0], [0]], 1.0, "accuracy of all right"),
        value([[1]], [[0]], 0.0, "accuracy of a single wrong prediction"),
    ])  # fmt: skip

"""The checks of chapter 9 (``book/09_ten_classes.md``): softmax regression, for all
ten classes.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from fashionbook.checks.core import CheckResult, _Failed, _as_array, _call, _compare, _run, _short


def check_softmax(softmax: Any) -> CheckResult:
    """Does `softmax(Z)` turn each row of scores into probabilities, even for huge scores?"""
    from fashionbook import softmax as library

    hint = ("subtract each row's largest score, exponentiate, then divide each row by its own "
            "sum: E = np.exp(Z - Z.max(axis=1, keepdims=True)); E / E.sum(axis=1, keepdims=True)")  # fmt: skip
    shape_hint = ("one probability per score: the result has the shape of Z, (n, k); "
                  "keepdims=True keeps each row's max and sum as a column of shape (n, 1)")  # fmt: skip

    def value(Z: np.ndarray, what: str, case_hint: str = hint) -> Callable[[], None]:
        return lambda: _compare(_call(softmax, Z.copy(), what=what), library.softmax(Z), what,
                                case_hint, shape_hint=shape_hint)  # fmt: skip

    def large() -> None:
        Z = np.array([[1000.0, 0.0, -1000.0], [800.0, 800.0, 0.0], [-1000.0, -1000.0, -1000.0]])
        what = "softmax of rows of large scores (1000, 800, -1000)"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the failure message says what went wrong
            got = _call(softmax, Z.copy(), what=what)
        expected = library.softmax(Z)
        case_hint = ("exp(1000) overflows to inf and inf / inf is nan: subtract each row's "
                     "largest score first, Z - Z.max(axis=1, keepdims=True); it changes no "
                     "probability")  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            array = np.asarray(got, dtype=float) if np.shape(got) == Z.shape else None
        if (array is not None and np.allclose(array[:2], expected[:2])
                and not np.isfinite(array[2]).all()):  # fmt: skip
            # Shifted by the largest score of the whole array, 1000: the row of -1000s
            # becomes exp(-2000) = 0 three times, and 0 / 0 is nan.
            case_hint = ("the shift must be each row's own largest score, not the whole "
                         "array's: shifted by 1000, the row of -1000s gives exp(-2000) = 0 for "
                         "every score, and 0 / 0 is nan. Z - Z.max(axis=1, keepdims=True)")  # fmt: skip
        _compare(got, expected, what, case_hint, shape_hint=shape_hint)

    return _run("softmax", [
        value(np.zeros((1, 4)), "softmax of four equal scores"),
        value(np.array([[1.0, 2.0, 3.0]]), "softmax([[1, 2, 3]])"),
        value(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 5.0]]), "softmax of two different rows",
              "each row is one image: sum over axis=1 with keepdims=True, not over the whole array"),
        value(np.random.default_rng(9).normal(scale=3, size=(6, 10)), "softmax of 6 rows of 10 scores"),
        large,
    ])  # fmt: skip


def check_one_hot(one_hot: Any) -> CheckResult:
    """Does `one_hot(y, num_classes=10)` write each label as a row with a single 1?"""
    hint = ("row i is all zeros except a 1 in column y[i]: np.eye(num_classes)[y], "
            "or zeros of shape (n, num_classes) and Y[np.arange(n), y] = 1")  # fmt: skip

    def value(y: list[int], num_classes: int | None, what: str) -> Callable[[], None]:
        expected = np.eye(num_classes or 10)[y]
        args = (np.array(y),) if num_classes is None else (np.array(y), num_classes)
        shape_hint = (f"one row per label and one column per class, ({len(y)}, {num_classes or 10}): "
                      "use the num_classes argument, not 10, and pick rows, np.eye(num_classes)[y]")  # fmt: skip
        return lambda: _compare(_call(one_hot, *args, what=what), expected, what, hint,
                                shape_hint=shape_hint)  # fmt: skip

    return _run("one_hot", [
        value([0, 3, 9], None, "one_hot([0, 3, 9])"),
        value([2, 2, 0, 1], 3, "one_hot([2, 2, 0, 1], num_classes=3)"),
        value([7], None, "one_hot of a single label"),
    ])  # fmt: skip


def check_cross_entropy(cross_entropy: Any) -> CheckResult:
    """Does `cross_entropy(Y, P)` compute the mean of -sum_k Y_ik log P_ik, finite at P = 0?"""
    hint = "the mean over the rows of -sum(Y * log(P)) along each row: -np.sum(Y * np.log(P)) / n"

    def value(Y: list, P: list, expected: float, what: str, case_hint: str = hint) -> Callable[[], None]:
        def run() -> None:
            got = _as_array(_call(cross_entropy, np.array(Y, dtype=float), np.array(P, dtype=float),
                                  what=what), what)  # fmt: skip
            if got.size != 1:
                raise _Failed(f"{what} returned shape {got.shape}, expected a single number",
                              "sum over everything and divide by the number of rows n")  # fmt: skip
            _compare(got.reshape(()), np.float64(expected), what, case_hint, rtol=1e-4)

        return run

    def confident_mistake() -> None:
        what = "the loss of a confident mistake (P = 0 for the true class)"
        got = _as_array(_call(cross_entropy, np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]),
                              what=what), what)  # fmt: skip
        if not np.all(np.isfinite(got)):
            raise _Failed(f"{what} is {_short(got)}",
                          "log(0) is -inf: clip P into [1e-7, 1 - 1e-7] first, as chapter 4's loss does")  # fmt: skip
        if not float(np.ravel(got)[0]) > 10:
            raise _Failed(f"{what} is {_short(got)}, expected a large number",
                          f"a confident mistake costs -log(1e-7) = {-np.log(1e-7):.1f}: clip P to "
                          "[1e-7, 1 - 1e-7], not to a narrower range (clipped at 1e-3, it costs "
                          f"only -log(1e-3) = {-np.log(1e-3):.1f})")  # fmt: skip

    return _run("cross_entropy", [
        value(np.eye(4).tolist(), np.full((4, 4), 0.25).tolist(), np.log(4), "the loss of uniform guesses"),
        value([[0, 1, 0], [0, 0, 1]], [[0.2, 0.7, 0.1], [0.1, 0.3, 0.6]],
              -(np.log(0.7) + np.log(0.6)) / 2, "the loss of two images",
              hint + "; check the sign and the 1/n"),
        value([[1, 0]], [[0.9, 0.1]], -np.log(0.9), "the loss of a single image",
              "only the true class's column counts: Y is 0 in the others"),
        confident_mistake,
    ])  # fmt: skip


def check_cross_entropy_gradient(cross_entropy_gradient: Any) -> CheckResult:
    """Does `cross_entropy_gradient(X, Y, theta)` compute (1/n) X^T (softmax(X theta) - Y)?"""
    from fashionbook import softmax as library

    hint = "the gradient is X.T @ (softmax(X @ theta) - Y) / n, of shape (d, k) like theta"
    shape_hint = ("the gradient has the shape of theta, (d, k): X.T @ (P - Y) is (d, n) times "
                  "(n, k); (P - Y).T @ X is its transpose, (k, d)")  # fmt: skip
    rng = np.random.default_rng(11)

    def case(n: int, d: int, k: int, what: str) -> Callable[[], None]:
        X = np.hstack([np.ones((n, 1)), rng.normal(size=(n, d - 1))])
        Y = library.one_hot(rng.integers(0, k, size=n), k)
        theta = rng.normal(scale=0.3, size=(d, k))
        expected = library.cross_entropy_gradient(X, Y, theta)
        return lambda: _compare(_call(cross_entropy_gradient, X.copy(), Y.copy(), theta.copy(),
                                      what=what), expected, what, hint,
                                shape_hint=shape_hint)  # fmt: skip

    def at_zero() -> None:
        X = np.array([[1.0, 2.0, 0.0], [1.0, -1.0, 1.0]])
        Y = np.array([[1.0, 0.0], [0.0, 1.0]])
        what = "the gradient at theta = 0"
        got = _call(cross_entropy_gradient, X, Y, np.zeros((3, 2)), what=what)
        _compare(got, library.cross_entropy_gradient(X, Y, np.zeros((3, 2))), what,
                 "at theta = 0 every probability is 1/k, so the gradient is X.T @ (1/k - Y) / n",
                 shape_hint=shape_hint)  # fmt: skip

    return _run("cross_entropy_gradient", [
        at_zero, case(6, 3, 4, "the gradient on 6 images, 3 features, 4 classes"),
        case(1, 5, 10, "the gradient of a single image"),
        case(40, 785, 10, "the gradient with theta of shape (785, 10)"),
    ])  # fmt: skip


def check_predict_classes(predict_classes: Any) -> CheckResult:
    """Does `predict_classes(P)` give each row's most probable class?"""
    hint = "the class is the column of the largest probability in each row: np.argmax(P, axis=1)"
    P = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3], [0.0, 0.1, 0.9], [0.3, 0.3, 0.4]])

    def shape_hint(shape: tuple[int, ...], n: int) -> str:
        """What the usual slips give, by the shape they return, and how to mend each."""
        if shape == ():
            return ("without axis=1, np.argmax gives one index for the whole array: "
                    "np.argmax(P, axis=1) takes the largest of each row")  # fmt: skip
        if shape == (n, 1):
            return ("one class per image in shape (n,), not a column (n, 1): "
                    "leave out keepdims=True (or the reshape)")  # fmt: skip
        return "one class per image, shape (n,): np.argmax(P, axis=1) takes the largest of each row"

    def value(P: np.ndarray, what: str) -> Callable[[], None]:
        def run() -> None:
            got = _as_array(_call(predict_classes, P.copy(), what=what), what)
            _compare(got, np.argmax(P, axis=1), what, hint, shape_hint=shape_hint(got.shape, len(P)))

        return run

    return _run("predict_classes", [
        value(P, "predict_classes of four images, three classes"),
        value(np.eye(10)[[4]], "predict_classes of one image of class 4"),
    ])  # fmt: skip

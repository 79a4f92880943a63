"""The checks of chapter 7 (``book/07_backprop.md``): backpropagation by hand, the
ReLU, its slope and the gradients of both layers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from fashionbook.checks.core import CheckResult, _Failed, _as_array, _call, _compare, _is_multiple, _run


def check_relu(relu: Any) -> CheckResult:
    """Does `relu(z)` compute max(0, z), element by element, in the shape of z?"""
    hint = ("relu(z) is z where z > 0 and 0 elsewhere, entry by entry; NumPy's np.maximum "
            "compares two arrays entry by entry (np.max takes the largest entry instead)")  # fmt: skip
    shape_hint = ("relu keeps the shape of z, one output per entry: np.max(z, 0) takes the "
                  "largest entry along axis 0 instead of comparing each entry with 0")  # fmt: skip

    def value(z: Any, expected: Any, what: str) -> Callable[[], None]:
        return lambda: _compare(_call(relu, np.array(z), what=what), np.array(expected), what, hint,
                                shape_hint=shape_hint)  # fmt: skip

    return _run("relu", [
        value([-2.0, 0.0, 3.0], [0.0, 0.0, 3.0], "relu([-2, 0, 3])"),
        value([[1.5, -0.5], [-4.0, 2.0]], [[1.5, 0.0], [0.0, 2.0]], "relu of a 2 x 2 array"),
        value([[-1.0], [-7.0]], [[0.0], [0.0]], "relu of negative numbers only"),
    ])  # fmt: skip


def check_relu_derivative(relu_derivative: Any) -> CheckResult:
    """Does `relu_derivative(z)` give 1 where z > 0 and 0 elsewhere, in the shape of z?"""
    hint = ("the slope of max(0, z) is 1 where z > 0 and 0 where z < 0; take 0 at z = 0, as "
            "TensorFlow does. A comparison gives True and False, which astype(float) makes numbers")  # fmt: skip
    shape_hint = "the slope has one entry per entry of z, in the shape of z"

    def value(z: Any, expected: Any, what: str) -> Callable[[], None]:
        def run() -> None:
            got = _as_array(_call(relu_derivative, np.array(z), what=what), what)
            _compare(got.astype(float) if got.dtype == bool else got, np.array(expected), what, hint,
                     shape_hint=shape_hint)  # fmt: skip

        return run

    return _run("relu_derivative", [
        value([-2.0, 3.0], [0.0, 1.0], "relu_derivative([-2, 3])"),
        value([[0.5, -0.5], [-4.0, 2.0]], [[1.0, 0.0], [0.0, 1.0]], "relu_derivative of a 2 x 2 array"),
        value([0.0], [0.0], "relu_derivative(0)"),
    ])  # fmt: skip


def check_output_layer_gradient(output_layer_gradient: Any) -> CheckResult:
    """Does `output_layer_gradient(A1, h, y)` return dW2 = A1^T (h - y) / n?"""
    hint = ("start from chapter 4's errors, dz2 = (h - y) / n (the sigmoid's slope has already "
            "cancelled), then take one product of A1 and dz2")  # fmt: skip
    shape_hint = ("dW2 has the shape of W2, (k, 1), one number per hidden neuron: put the transpose "
                  "on the matrix whose shape needs turning for the product to give it")  # fmt: skip
    rng = np.random.default_rng(11)

    def case(n: int, k: int, what: str) -> Callable[[], None]:
        A1 = np.maximum(rng.normal(size=(n, k)), 0)
        h = rng.uniform(0.05, 0.95, size=(n, 1))
        y = rng.integers(0, 2, size=(n, 1)).astype(float)
        expected = A1.T @ (h - y) / n

        def run() -> None:
            got = _as_array(_call(output_layer_gradient, A1.copy(), h.copy(), y.copy(), what=what), what)
            if n > 1 and _is_multiple(got, expected, n):
                raise _Failed(f"{what}: every value is n = {n} times too large",
                              "the 1/n of the mean: J averages the loss over the n images")  # fmt: skip
            if _is_multiple(got, expected, -1):
                raise _Failed(f"{what}: every value has the wrong sign",
                              "the errors are h - y, the prediction minus the label")  # fmt: skip
            _compare(got, expected, what, hint, shape_hint=shape_hint)

        return run

    return _run("output_layer_gradient", [
        case(6, 3, "dW2 for 6 images and 3 hidden neurons"),
        case(1, 4, "dW2 for a single image"),
        case(50, 100, "dW2 for 50 images and 100 hidden neurons"),
    ])  # fmt: skip


def check_hidden_layer_gradient(hidden_layer_gradient: Any) -> CheckResult:
    """Does `hidden_layer_gradient(X, Z1, dz2, W2)` return dW1 = X^T ((dz2 W2^T) * relu'(Z1))?"""
    hint = ("follow the equations: dA1, shape (n, k), from dz2 and W2; dZ1, dA1 times relu'(Z1) "
            "entry by entry; dW1, shape (d, k), from X and dZ1. Each transpose goes on the matrix "
            "whose shape needs turning for the product to fit")  # fmt: skip
    shape_hint = ("dW1 has the shape of W1, (d, k): write the shape of each intermediate result, "
                  "dA1 and dZ1 are (n, k)")  # fmt: skip
    rng = np.random.default_rng(12)

    def case(n: int, d: int, k: int, what: str) -> Callable[[], None]:
        X = rng.uniform(0, 1, size=(n, d))
        Z1 = rng.normal(size=(n, k))
        dz2 = rng.normal(scale=0.1, size=(n, 1))
        W2 = rng.normal(size=(k, 1))
        expected = X.T @ ((dz2 @ W2.T) * (Z1 > 0))

        def run() -> None:
            try:
                got = _call(hidden_layer_gradient, X.copy(), Z1.copy(), dz2.copy(), W2.copy(), what=what)
            except _Failed as failed:
                raise _Failed(failed.message, hint + " (a matmul that raises usually has a transpose "
                              "on the wrong side)") from None  # fmt: skip
            got = _as_array(got, what)
            if _is_multiple(got, X.T @ (dz2 @ W2.T), 1) and not _is_multiple(got, expected, 1):
                raise _Failed(f"{what}: the gradient reaches neurons that are off (Z1 <= 0)",
                              "relu'(Z1) is missing: a neuron that is off for an image passes no "
                              "gradient back for it, (Z1 > 0) as numbers")  # fmt: skip
            if _is_multiple(got, X.T @ ((dz2 @ W2.T) * np.maximum(Z1, 0)), 1):
                raise _Failed(f"{what}: dA1 was multiplied by relu(Z1), the activation",
                              "the chain rule multiplies by the slope of ReLU, relu'(Z1): 1 where "
                              "Z1 > 0 and 0 elsewhere, (Z1 > 0) as numbers, not max(0, Z1)")  # fmt: skip
            if _is_multiple(got, expected, 1 / n):
                raise _Failed(f"{what}: every value is n = {n} times too small",
                              "dz2 already contains the 1/n: divide only once")  # fmt: skip
            _compare(got, expected, what, hint, shape_hint=shape_hint)

        return run

    return _run("hidden_layer_gradient", [
        case(4, 4, 4, "dW1 when n, d and k are all 4 (a wrong transpose still fits)"),
        case(5, 4, 3, "dW1 for 5 images of 4 pixels and 3 hidden neurons"),
        case(30, 784, 100, "dW1 for 30 images of 784 pixels and 100 hidden neurons"),
    ])  # fmt: skip

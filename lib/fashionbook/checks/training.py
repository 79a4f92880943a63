"""The checks of chapter 5 (``book/05_training.md``): inside the training loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from fashionbook.checks.core import CheckResult, _Failed, _as_array, _call, _compare, _run, _short


def check_initial_theta(theta: Any) -> CheckResult:
    """Is theta, before the first step, a (785, 1) column of zeros?"""

    def run() -> None:
        array = _as_array(theta, "theta", returned=False)
        if array.shape == (784, 1):
            raise _Failed("theta has shape (784, 1), expected (785, 1)",
                          "one weight per column of X after the bias trick: 784 pixels + 1 bias")  # fmt: skip
        if array.shape != (785, 1):
            raise _Failed(f"theta has shape {array.shape}, expected (785, 1)",
                          "a column vector, one weight per column of X_with_bias (X after the "
                          "bias trick): np.zeros((X_with_bias.shape[1], 1))")  # fmt: skip
        if np.any(array != 0):
            raise _Failed(f"theta starts at {_short(array.ravel())}, expected all zeros",
                          "logistic_regression starts from theta = 0: np.zeros(...)")  # fmt: skip

    return _run("initial theta", [run])


def check_weight_update(update: Any) -> CheckResult:
    """Does `update(theta, gradient, learning_rate)` take one step of equation (4.10)?"""
    hint = "equation (4.10): theta_new = theta - learning_rate * gradient (downhill: minus)"
    theta = np.array([[0.5], [-1.0], [2.0]])
    gradient = np.array([[1.0], [0.5], [-2.0]])

    def value(rate: float) -> Callable[[], None]:
        what = f"update with learning rate {rate}"
        return lambda: _compare(_call(update, theta.copy(), gradient.copy(), rate, what=what),
                                theta - rate * gradient, what, hint)  # fmt: skip

    return _run("weight update", [value(0.1), value(0.01), value(1.0)])

"""The check of chapter 8 (``book/08_learned.md``): labels at another threshold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from fashionbook.checks.core import CheckResult, _Failed, _as_array, _call, _compare, _run, _short


def check_predict_at(predict_at: Any) -> CheckResult:
    """Does `predict_at(h, threshold)` give label 1 where h is above `threshold`, else 0?"""
    hint = ("like predict of chapter 4, but with the threshold you are given instead of 0.5: "
            "1 where h > threshold, else 0 (also at h == threshold), as whole numbers (.astype(int))")  # fmt: skip
    h = np.array([[0.05], [0.25], [0.45], [0.55], [0.75], [0.95]])

    def at(threshold: float) -> Callable[[], None]:
        what = f"predict_at(h, {threshold}) for h = [0.05, 0.25, 0.45, 0.55, 0.75, 0.95]"
        expected = (h > threshold).astype(np.int64)

        def run() -> None:
            got = _as_array(_call(predict_at, h.copy(), threshold, what=what), what)
            got = got.astype(np.int64) if got.dtype == bool else got
            at_one_half = (h > 0.5).astype(np.int64)
            if threshold != 0.5 and got.shape == expected.shape and np.array_equal(got, at_one_half):
                raise _Failed(f"{what}: expected {_short(expected)}, got the labels of threshold 0.5",
                              "use the argument `threshold`, not the number 0.5")  # fmt: skip
            if got.shape == expected.shape and np.array_equal(got, 1 - expected):
                raise _Failed(f"{what}: expected {_short(expected)}, got {_short(got)}",
                              "label 1 (the second class) is for the images whose h is ABOVE "
                              "the threshold: h is the probability of label 1")  # fmt: skip
            if got.shape != expected.shape:
                raise _Failed(f"{what} has shape {got.shape}, expected {expected.shape}",
                              "give one label per h, in the shape of h: compare h itself with "
                              "the threshold, without .ravel() or .flatten()")  # fmt: skip
            _compare(got, expected, what, hint)

        return run

    def on_the_threshold() -> None:
        what = "predict_at([[0.3]], 0.3), an h exactly on the threshold"
        got = _as_array(_call(predict_at, np.array([[0.3]]), 0.3, what=what), what)
        got = got.astype(np.int64) if got.dtype == bool else got
        if got.shape == (1, 1) and np.array_equal(got, [[1]]):
            raise _Failed(f"{what}: expected [[0]], got [[1]]",
                          "at h equal to the threshold, predict says 0: use >, not >=")  # fmt: skip
        _compare(got, np.array([[0]]), what, hint)

    return _run("predict_at", [at(0.3), at(0.8), at(0.5), at(0.1), on_the_threshold])

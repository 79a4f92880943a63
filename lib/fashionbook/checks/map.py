"""The checks of chapter 3 (``book/03_map.md``): standardizing the pixels, the number of
PCA components that keep a share of the variance, and images rebuilt from a few of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from fashionbook.checks.core import CheckResult, _Failed, _as_array, _call, _compare, _run, _short


def check_standardize(standardize: Any) -> CheckResult:
    """Does `standardize(X)` give every column mean 0 and standard deviation 1, and
    leave a column that never varies at 0?"""
    hint = ("x' = (x - mean) / std, column by column: X.mean(axis=0) and X.std(axis=0), "
            "the standard deviation that divides by n (np.std's default)")  # fmt: skip
    constant_hint = ("a column that never varies has std 0, and 0 / 0 is nan: there x - mean is "
                     "already 0, so divide by 1 instead (np.where(std == 0, 1, std))")  # fmt: skip

    def expected_of(X: np.ndarray) -> np.ndarray:
        std = X.std(axis=0)
        return (X - X.mean(axis=0)) / np.where(std == 0, 1, std)

    def case(X: np.ndarray, what: str, case_hint: str = hint) -> Callable[[], None]:
        def run() -> None:
            got = _call(standardize, X.copy(), what=what)
            _compare(got, expected_of(X), what, case_hint, rtol=1e-5)

        return run

    rng = np.random.default_rng(3)
    varying = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 60.0]])
    constant = np.array([[1.0, 0.0, 7.0], [3.0, 0.0, 7.0], [5.0, 0.0, 7.0]])
    pixels = rng.integers(0, 256, size=(50, 6)) / 255
    pixels[:, 0] = 0  # a border pixel: 0 in every image
    return _run("standardize", [
        case(varying, "standardize of a 3 x 2 array"),
        case(constant, "standardize with a column of 0s and a column of 7s", constant_hint),
        case(pixels, "standardize of 50 images of 6 pixels, the first always 0"),
    ])  # fmt: skip


def check_components_needed(components_needed: Any) -> CheckResult:
    """Does `components_needed(explained, share)` return the smallest k whose first k
    components keep at least `share` of the variance, and no count when none does?"""
    hints = {
        "off by one": ("k counts components from 1, but np.argmax and np.nonzero give "
                       "positions from 0: add 1"),
        "strict": ("'at least share': when the first k components keep exactly share, k is "
                   "enough (>=, not >)"),
        "not cumulative": ("the first k components keep the running total of their shares: "
                           "compare np.cumsum(explained), not explained, with share"),
        "other": ("the share kept by the first k components is np.cumsum(explained)[k - 1]; "
                  "k is the first count at which it reaches share"),
    }  # fmt: skip

    def case(explained: Any, share: float, what: str) -> Callable[[], None]:
        explained = np.asarray(explained, dtype=float)
        cumulative = np.cumsum(explained)
        expected = int(np.argmax(cumulative >= share)) + 1
        mistakes = {  # what the usual slips return, to say which one it was
            "off by one": expected - 1,
            "strict": int(np.argmax(cumulative > share)) + 1,
            "not cumulative": int(np.argmax(explained >= share)) + 1,
        }

        def run() -> None:
            got = _as_array(_call(components_needed, explained.copy(), share, what=what), what)
            if got.size != 1 or not np.issubdtype(got.dtype, np.number):
                raise _Failed(f"{what} returned {_short(got)}, expected one whole number",
                              "return k, the number of components, not the shares themselves")  # fmt: skip
            k = float(got.ravel()[0])
            if k == expected:
                return
            slip = next((name for name, value in mistakes.items()
                         if value == k and value != expected), "other")  # fmt: skip
            shown = int(k) if k.is_integer() else k
            raise _Failed(f"{what}: expected {expected}, got {shown}", hints[slip])

        return run

    def out_of_reach() -> None:
        """A share that all the components together do not keep: any error, None, or a
        number larger than the count of components is an honest answer; a count that
        could be one is not."""
        explained, share = np.array([0.5, 0.3]), 0.9
        what = "components_needed([0.5, 0.3], 0.9)"
        try:
            got = components_needed(explained.copy(), share)
        except Exception:  # noqa: BLE001 (raising is the right answer here)
            return
        if got is None:
            return
        got = np.asarray(got)
        if got.size == 1 and np.issubdtype(got.dtype, np.number):
            k = float(got.real.ravel()[0])
            if not 1 <= k <= len(explained):
                return
            shown = int(k) if k.is_integer() else k
        else:
            shown = _short(got)
        raise _Failed(f"{what} returned {shown}, but the two components together keep only "
                      "0.8 of the variance: no count is enough",
                      "when np.cumsum(explained)[-1] < share, raise a ValueError: np.argmax of an "
                      "array of False is 0, which silently gives k = 1")  # fmt: skip

    decaying = 0.9 ** np.arange(50)
    decaying = 0.8 * decaying / decaying.sum()  # fifty components that keep 80% in all
    return _run("components_needed", [
        case([0.4, 0.3, 0.2, 0.1], 0.85, "components_needed([0.4, 0.3, 0.2, 0.1], 0.85)"),
        case([0.5, 0.25, 0.25], 0.75, "components_needed([0.5, 0.25, 0.25], 0.75)"),
        case(decaying, 0.5, "components_needed of 50 decaying shares, 0.5"),
        out_of_reach,
    ])  # fmt: skip


def check_rebuild(rebuild: Any) -> CheckResult:
    """Does `rebuild(features, components, k)` rebuild every row from its first k
    coordinates, ``features[:, :k] @ components[:k]``?"""
    hint = ("a row rebuilt from k directions is the sum of the first k rows of components, "
            "each times the row's coordinate along it: features[:, :k] @ components[:k], "
            "shapes (n, k) @ (k, d) give (n, d)")  # fmt: skip
    rng = np.random.default_rng(5)
    # Five directions in a 6-D space, at right angles to each other, as PCA returns them.
    components = np.linalg.qr(rng.normal(size=(6, 5)))[0].T
    features = rng.normal(size=(3, 5)) * np.array([4.0, 3.0, 2.0, 1.0, 0.5])

    def case(k: int) -> Callable[[], None]:
        what = (f"rebuild(features, components, {k}) with features of shape (3, 5) "
                "and components of shape (5, 6)")  # fmt: skip

        def run() -> None:
            got = _as_array(_call(rebuild, features.copy(), components.copy(), k, what=what), what)
            expected = features[:, :k] @ components[:k]
            if got.shape != expected.shape:
                raise _Failed(f"{what} has shape {got.shape}, expected {expected.shape}: one row "
                              "of 6 values per row of features", hint)  # fmt: skip
            if not np.issubdtype(got.dtype, np.number):
                raise _Failed(f"{what} has dtype {got.dtype}, expected numbers", hint)
            for used in set(range(6)) - {k}:  # the usual slip: a different number of directions
                if np.allclose(got, features[:, :used] @ components[:used]):
                    raise _Failed(f"{what} used {used} directions, not {k}",
                                  "the first k directions are rows 0 to k - 1: components[:k], "
                                  "with the coordinates features[:, :k]")  # fmt: skip
            _compare(got, expected, what, hint)

        return run

    return _run("rebuild", [case(2), case(1), case(5), case(0)])

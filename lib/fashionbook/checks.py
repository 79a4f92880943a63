"""Self-checks for the exercises: call ``check_<name>(your_answer)`` in a notebook.

Each check runs a handful of cases, edge cases included, and shows one short block:
passed, or the first case that failed, what was expected, what came back, and a hint
that points at the equation to re-read. A check never raises: an answer that raises,
returns None, a list, the wrong shape or NaN is a failed case with a message. The
result is truthy when every case passed, so ``assert check_sigmoid(sigmoid)`` works.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fashionbook import logistic


@dataclass
class CheckResult:
    """What a check found: nothing (passed), or the first failed case."""

    name: str
    cases: int
    failure: str | None = None  # what went wrong, with expected and got
    hint: str | None = None
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.failure is None

    def _lines(self) -> list[str]:
        if self:
            lines = [f"✅ {self.name}: passed all {self.cases} cases."]
        else:
            lines = [f"❌ {self.name}: {self.failure}"]
            if self.hint:
                lines.append(f"Hint: {self.hint}")
        return lines + [f"Note: {note}" for note in self.notes]

    def __repr__(self) -> str:
        return "\n".join(self._lines())

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self else "#b42318"
        body = "<br>".join(html.escape(line) for line in self._lines())
        return (
            f'<div style="border-left: 4px solid {colour}; padding: 0.4em 0.8em; '
            f'font-family: var(--jp-code-font-family, monospace); white-space: pre-wrap">'
            f"{body}</div>"
        )


class _Failed(Exception):
    """A case failed; carries the message and the hint (internal to this module)."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


def _run(name: str, cases: list[Callable[[], None]]) -> CheckResult:
    """Run the cases in order and stop at the first failure."""
    notes: list[str] = []
    for case in cases:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                case()
            except _Failed as failed:
                return CheckResult(name, len(cases), failed.message, failed.hint)
        for warning in caught:
            note = f"{warning.category.__name__}: {warning.message}"
            if note not in notes:
                notes.append(note)
    return CheckResult(name, len(cases), notes=notes)


def _call(function: Any, *args: Any, what: str) -> Any:
    """Call the learner's function; turn whatever goes wrong into a failed case."""
    if not callable(function):
        raise _Failed(f"expected a function, got {type(function).__name__}",
                      "pass the function itself, without calling it: check_x(x), not check_x(x())")  # fmt: skip
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 (any error of the learner's code is a finding)
        raise _Failed(
            f"{what} raised {type(error).__name__}: {error}",
            "call your function on a small array in a cell of its own to see the traceback",
        ) from None


def _as_array(value: Any, what: str, returned: bool = True) -> np.ndarray:
    """Refuse None and lists with a message that says what to do instead.

    `returned` says whether `value` came back from a function or is a variable.
    """
    verb = "returned" if returned else "is"
    if value is Ellipsis:
        raise _Failed(f"{what} {verb} still `...`, the stub",
                      "replace the ... (the line marked YOUR CODE HERE) with your code")  # fmt: skip
    if value is None:
        raise _Failed(f"{what} {verb} None", "did you forget the `return`?" if returned
                      else f"assign the result: {what} = ...")  # fmt: skip
    if isinstance(value, (list, tuple)):
        raise _Failed(f"{what} {verb} a {type(value).__name__}, not a NumPy array",
                      "build arrays with NumPy operations, or wrap with np.array(...)")  # fmt: skip
    return np.asarray(value)


_SHAPE_HINT = "keep column vectors as (n, 1); check the axis of any sum or mean"


def _compare(
    got: Any,
    expected: np.ndarray,
    what: str,
    hint: str,
    rtol: float = 1e-6,
    scale: float = 1.0,
    shape_hint: str = _SHAPE_HINT,
) -> None:
    """Check shape, finiteness and values (against ``expected * scale``), in that order,
    each with its own message (`shape_hint` for a wrong shape). Large arrays are compared
    a block of rows at a time, so a check of 60,000 images needs little memory beyond the
    images themselves."""
    got = _as_array(got, what)
    expected = np.asarray(expected)
    if got.shape != expected.shape:
        raise _Failed(f"{what} has shape {got.shape}, expected {expected.shape}", shape_hint)
    if not np.issubdtype(got.dtype, np.number) and got.dtype != bool:
        raise _Failed(f"{what} has dtype {got.dtype}, expected numbers", hint)
    blocks = _row_blocks(got.shape)
    if got.dtype.kind in "fc" and not all(np.isfinite(got[rows]).all() for rows in blocks):
        raise _Failed(f"{what} contains nan or inf: {_short(got)}", hint)
    wrong, first = 0, None
    for rows in blocks:
        close = np.isclose(got[rows], expected[rows] * scale, rtol=rtol, atol=1e-9)
        wrong += np.count_nonzero(~close)
        if first is None and not close.all():
            first = tuple(int(i) for i in np.argwhere(~close)[0])
            if got.ndim:
                first = (first[0] + rows.start, *first[1:])
    if not wrong:
        return
    if expected.size <= 8:
        shown = expected if scale == 1 else expected * scale
        raise _Failed(f"{what}: expected {_short(shown)}, got {_short(got)}", hint)
    raise _Failed(
        f"{what}: {wrong:,} of {expected.size:,} values are wrong; the first at index "
        f"{first}: expected {expected[first] * scale:.6g}, got {got[first]:.6g}",
        hint,
    )


def _is_multiple(got: Any, expected: np.ndarray, factor: float) -> bool:
    """Is `got` an array of numbers equal to ``expected * factor``? (A telling slip, such
    as a forgotten 1/n, multiplies the right answer.)"""
    got = np.asarray(got)
    if got.shape != expected.shape or not np.issubdtype(got.dtype, np.number):
        return False
    return bool(np.allclose(got, expected * factor, rtol=1e-6, atol=1e-12))


def _row_blocks(shape: tuple[int, ...], max_values: int = 2**20) -> list:
    """Slices of the first axis with at most about `max_values` values each (or the
    whole array, for a 0-d one)."""
    if not shape:
        return [()]
    per_row = int(np.prod(shape[1:]))
    step = max(1, max_values // max(1, per_row))
    return [slice(start, start + step) for start in range(0, max(shape[0], 1), step)]


def _short(array: Any) -> str:
    """An array printed on one short line."""
    text = np.array2string(np.asarray(array), precision=4, threshold=6, edgeitems=2)
    return " ".join(text.split())


# --- chapter 1: normalization ---------------------------------------------------------


def check_normalize(train_images: Any, test_images: Any) -> CheckResult:
    """Are both image sets normalized to [0, 1] with equation (2) of chapter 1, img / 255?"""
    from fashionbook.data import load_fashion_mnist

    (raw_train, _), (raw_test, _) = load_fashion_mnist()
    hint = "equation (2) of chapter 1: divide every pixel by 255, the largest value a pixel can take"

    def case(got: Any, raw: np.ndarray, name: str) -> Callable[[], None]:
        def run() -> None:
            array = _as_array(got, name, returned=False)
            if array.shape != raw.shape:
                raise _Failed(f"{name} has shape {array.shape}, expected {raw.shape}",
                              "normalize the images before reshaping them")  # fmt: skip
            if array.dtype.kind != "f":
                raise _Failed(f"{name} has dtype {array.dtype}, expected floats",
                              "integer division (//) or an integer array loses the fractions; use / 255")  # fmt: skip
            _compare(array[:100], raw[:100], f"{name} (first 100 images)", hint, scale=1 / 255)
            _compare(array, raw, name, hint, scale=1 / 255)

        return run

    return _run("normalize", [case(train_images, raw_train, "train_images"),
                              case(test_images, raw_test, "test_images")])  # fmt: skip


# --- chapter 2: flattening -------------------------------------------------------------


def check_reshape(train_images: Any, test_images: Any) -> CheckResult:
    """Are both image sets flattened to one 784-long row per image, pixels row by row?"""
    from fashionbook.data import load_fashion_mnist

    (raw_train, _), (raw_test, _) = load_fashion_mnist()
    hint = "np.reshape(images, (-1, 784)) keeps one image per row; pixel (r, c) goes to 28r + c"

    def case(got: Any, raw: np.ndarray, name: str) -> Callable[[], None]:
        def run() -> None:
            array = _as_array(got, name, returned=False)
            expected_shape = (len(raw), 784)
            if array.shape != expected_shape:
                raise _Failed(f"{name} has shape {array.shape}, expected {expected_shape}", hint)
            numeric = np.issubdtype(array.dtype, np.number) and not np.iscomplexobj(array)
            scale = 1 / 255 if numeric and array.max() <= 1.0 else 1.0  # normalized or not, both fine
            _compare(array, raw.reshape(len(raw), 784), name, hint, scale=scale)

        return run

    return _run("reshape", [case(train_images, raw_train, "train_images"),
                            case(test_images, raw_test, "test_images")])  # fmt: skip


# --- chapter 3: standardization and PCA ----------------------------------------------


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


# --- chapter 4: the equations of logistic regression -----------------------------------


def check_sigmoid(sigmoid: Any) -> CheckResult:
    """Does `sigmoid(z)` compute equation (6), 1 / (1 + exp(-z)), element by element?"""
    hint = "equation (6): sigma(z) = 1 / (1 + e^(-z)); with NumPy, np.exp works on whole arrays"

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
    """Does `binary_cross_entropy(y, h)` compute equation (8), with a finite value at h = 0 or 1?"""
    hint = "equation (8): J = -(1/n) * sum(y log h + (1 - y) log(1 - h)), a positive number"

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
                          "clip h to [1e-7, 1 - 1e-7], not to a wider range")  # fmt: skip

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
    """Does `binary_cross_entropy_derivative(X, y, theta)` compute equation (9), (1/n) X^T (H - Y)?"""
    hint = "equation (9): gradient = X.T @ (sigmoid(X @ theta) - y) / n, shape (d, 1) like theta"
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
    """Does `predict(h)` round probabilities to labels 0 or 1, equation (7)?"""
    hint = "equation (7): round each h; 1 where h > 0.5, 0 below (np.round or a comparison)"

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


# --- chapter 5: inside the training loop -----------------------------------------------


def check_initial_theta(theta: Any) -> CheckResult:
    """Is theta, before the first step, a (785, 1) column of zeros?"""

    def run() -> None:
        array = _as_array(theta, "theta", returned=False)
        if array.shape == (784, 1):
            raise _Failed("theta has shape (784, 1), expected (785, 1)",
                          "one weight per column of X after the bias trick: 784 pixels + 1 bias")  # fmt: skip
        if array.shape != (785, 1):
            raise _Failed(f"theta has shape {array.shape}, expected (785, 1)",
                          "a column vector: np.zeros((X.shape[1], 1))")  # fmt: skip
        if np.any(array != 0):
            raise _Failed(f"theta starts at {_short(array.ravel())}, expected all zeros",
                          "the seed starts from theta = 0: np.zeros(...)")  # fmt: skip

    return _run("initial theta", [run])


def check_weight_update(update: Any) -> CheckResult:
    """Does `update(theta, gradient, learning_rate)` take one step of equation (10)?"""
    hint = "equation (10): theta_new = theta - learning_rate * gradient (downhill: minus)"
    theta = np.array([[0.5], [-1.0], [2.0]])
    gradient = np.array([[1.0], [0.5], [-2.0]])

    def value(rate: float) -> Callable[[], None]:
        what = f"update with learning rate {rate}"
        return lambda: _compare(_call(update, theta.copy(), gradient.copy(), rate, what=what),
                                theta - rate * gradient, what, hint)  # fmt: skip

    return _run("weight update", [value(0.1), value(0.01), value(1.0)])


# --- chapter 6: the network ------------------------------------------------------------


def check_model(model: Any) -> CheckResult:
    """Is `model` the seed's network, compiled: Input(784), Dense(100), Dense(1, sigmoid),
    binary cross-entropy?"""

    def structure() -> None:
        try:
            import keras
        except ImportError as error:  # pragma: no cover (TensorFlow is in the requirements)
            raise _Failed(f"Keras cannot be imported: {error}") from None
        if not isinstance(model, keras.Model):
            raise _Failed(f"expected a Keras Model, got {type(model).__name__}",
                          "keras.Model(inputs=input_layer, outputs=output)")  # fmt: skip
        if tuple(model.input_shape) != (None, 784):
            raise _Failed(f"the input has shape {model.input_shape}, expected (None, 784)",
                          "Input(shape=(784,)): one flattened image per row")  # fmt: skip
        dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
        if [layer.units for layer in dense] != [100, 1]:
            raise _Failed(f"the Dense layers have {[layer.units for layer in dense]} units, "
                          "expected [100, 1]", "a hidden Dense(100), then an output Dense(1)")  # fmt: skip
        hidden, output = (layer.activation.__name__ for layer in dense)
        if hidden == "linear":
            raise _Failed("the hidden layer has no activation (linear)",
                          "without a non-linear activation the network is logistic regression "
                          "again: try activation='relu'")  # fmt: skip
        if output != "sigmoid":
            raise _Failed(f"the output activation is {output}, expected sigmoid",
                          "one output unit needs a sigmoid to be a probability (softmax of one "
                          "unit is always 1)")  # fmt: skip

    def compiled() -> None:
        loss = getattr(model, "loss", None)
        if loss is None:
            raise _Failed("the model is not compiled",
                          "model.compile(optimizer=..., loss='binary_crossentropy', metrics=['accuracy'])")  # fmt: skip
        name = loss if isinstance(loss, str) else getattr(loss, "name", type(loss).__name__)
        if "binary_crossentropy" not in str(name).replace("_cross_entropy", "_crossentropy").lower():
            raise _Failed(f"the loss is {name}, expected binary cross-entropy",
                          "loss='binary_crossentropy': equation (8) of chapter 4")  # fmt: skip

    return _run("model", [structure, compiled])


# Chapter 7: backpropagation


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


# Chapter 8: what the model learned


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


# Chapter 9: all ten classes


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
        _compare(got, library.softmax(Z), what,
                 "exp(1000) overflows to inf and inf / inf is nan: subtract each row's largest "
                 "score first, Z - Z.max(axis=1, keepdims=True); it changes no probability",
                 shape_hint=shape_hint)  # fmt: skip

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
                          "clip P to [1e-7, 1 - 1e-7], not to a wider range")  # fmt: skip

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
    shape_hint = ("one class per image, shape (n,): np.argmax(P, axis=1) takes the largest of each "
                  "row; without axis=1 it gives one index for the whole array")  # fmt: skip
    P = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3], [0.0, 0.1, 0.9], [0.3, 0.3, 0.4]])

    def value(P: np.ndarray, what: str) -> Callable[[], None]:
        return lambda: _compare(_call(predict_classes, P.copy(), what=what), np.argmax(P, axis=1),
                                what, hint, shape_hint=shape_hint)  # fmt: skip

    return _run("predict_classes", [
        value(P, "predict_classes of four images, three classes"),
        value(np.eye(10)[[4]], "predict_classes of one image of class 4"),
    ])  # fmt: skip

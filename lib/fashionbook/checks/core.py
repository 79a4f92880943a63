"""What every check shares: running its cases, comparing an answer with the right one,
and showing the result.

A check (``check_sigmoid`` in :mod:`fashionbook.checks.logistic_regression`, and so on)
is a list of cases, each a function that returns quietly when the learner's answer is
right and raises :class:`_Failed`, with a message and a hint, at the first thing wrong.
:func:`_run` runs them in order, stops at the first failure and returns a
:class:`CheckResult`, with any warning the answer gave as a note. The helpers turn
whatever a learner's answer does into such a failure, never an error: :func:`_call`
calls the learner's function, :func:`_as_array` refuses ``...``, None and lists, and
:func:`_compare` checks an array's shape, its type, that its values are finite, then the
values themselves, each with its own message.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np


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
    """A case failed; carries the message and the hint (internal to the checks)."""

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

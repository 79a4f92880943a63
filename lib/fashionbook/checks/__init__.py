"""Self-checks for the exercises: call ``check_<name>(your_answer)`` in a notebook.

Each check runs a handful of cases, edge cases included, and shows one short block:
passed, or the first case that failed, what was expected, what came back, and a hint
that points at the equation to re-read. A check never raises: an answer that raises,
returns None, a list, the wrong shape or NaN is a failed case with a message. The
result is truthy when every case passed, so ``assert check_sigmoid(sigmoid)`` works.

Each chapter's checks are in a module of their own, named as the chapter's file is: the
checks of ``book/04_logistic_regression.md`` are in
:mod:`fashionbook.checks.logistic_regression`, and the chapter imports them from there::

    from fashionbook.checks.logistic_regression import check_sigmoid

What every check shares (running the cases, comparing arrays, the result) is in
:mod:`fashionbook.checks.core`.

``from fashionbook.checks import check_sigmoid`` works as well: this package imports a
check's module when the check is first asked for (PEP 562's module ``__getattr__``), so
that importing one chapter's checks loads no other chapter's. The build cannot tell
which module such a name comes from, and counts every module of the package
(:func:`fashionbook.dependencies.module_files`); that is why the chapters import from
their own module: an edit to one chapter's checks then executes that chapter alone
again.
"""

from __future__ import annotations

import importlib
from typing import Any

# Where each name is defined: its module in this package.
_HOMES = {
    "CheckResult": "core",
    "check_normalize": "pixels",
    "check_reshape": "vectors",
    "check_standardize": "map",
    "check_components_needed": "map",
    "check_rebuild": "map",
    "check_sigmoid": "logistic_regression",
    "check_binary_cross_entropy": "logistic_regression",
    "check_binary_cross_entropy_derivative": "logistic_regression",
    "check_predict": "logistic_regression",
    "check_accuracy": "logistic_regression",
    "check_initial_theta": "training",
    "check_weight_update": "training",
    "check_model": "network",
    "check_relu": "backprop",
    "check_relu_derivative": "backprop",
    "check_output_layer_gradient": "backprop",
    "check_hidden_layer_gradient": "backprop",
    "check_predict_at": "learned",
    "check_one_hot": "ten_classes",
    "check_softmax": "ten_classes",
    "check_cross_entropy": "ten_classes",
    "check_cross_entropy_gradient": "ten_classes",
    "check_predict_classes": "ten_classes",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """A name of :data:`_HOMES`, from its module, imported the first time it is asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value  # found: the next time, Python finds it without asking here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))

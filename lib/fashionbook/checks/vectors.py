"""The check of chapter 2 (``book/02_vectors.md``): the images flattened to rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from fashionbook.checks.core import CheckResult, _Failed, _as_array, _compare, _run


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

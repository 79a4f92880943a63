"""The check of chapter 1 (``book/01_pixels.md``): the images normalized to [0, 1]."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from fashionbook.checks.core import CheckResult, _Failed, _as_array, _compare, _run


def check_normalize(train_images: Any, test_images: Any) -> CheckResult:
    """Are both image sets normalized to [0, 1] with equation (1.2), img / 255?"""
    from fashionbook.data import load_fashion_mnist

    (raw_train, _), (raw_test, _) = load_fashion_mnist()
    hint = "equation (1.2): divide every pixel by 255, the largest value a pixel can take"

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

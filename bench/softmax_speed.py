"""How fast is an epoch of softmax regression (chapter 9), and what makes it so?

Two measurements behind choices in fashionbook.softmax, on the real training images:

- float32 against float64: the same histories to about seven digits, in less time;
- one BLAS thread against the default (one per core) for the small products of a batch.

Run: cd bench && ../.venv/bin/python softmax_speed.py (a minute or two; not a test).
"""

from __future__ import annotations

import time

import numpy as np
from threadpoolctl import threadpool_limits

from fashionbook.data import bias_trick, flatten, load_fashion_mnist, normalize
from fashionbook.softmax import BATCH_SIZE, cross_entropy_gradient, one_hot, softmax_regression


def one_epoch(X: np.ndarray, Y: np.ndarray, threads: int | None) -> float:
    """Seconds for one epoch of the loop's steps, with `threads` BLAS threads."""
    theta = np.zeros((X.shape[1], Y.shape[1]), dtype=X.dtype)
    order = np.random.default_rng(0).permutation(len(X))
    start = time.perf_counter()
    with threadpool_limits(limits=threads, user_api="blas"):
        for first in range(0, len(X), BATCH_SIZE):
            batch = order[first : first + BATCH_SIZE]
            theta -= 0.1 * cross_entropy_gradient(X[batch], Y[batch], theta)
    return time.perf_counter() - start


def main() -> None:
    (images, labels), _ = load_fashion_mnist()
    X32 = flatten(normalize(images))
    y = labels.astype(np.int64)
    rows = {}
    for dtype in (np.float32, np.float64):
        X = X32.astype(dtype)
        start = time.perf_counter()
        _, history = softmax_regression(X[:54_000], y[:54_000], 0.1, 3,
                                        validation_data=(X[54_000:], y[54_000:]))  # fmt: skip
        rows[dtype.__name__] = (time.perf_counter() - start) / 3, history["val_loss"]
    for name, (seconds, losses) in rows.items():
        print(f"{name}: {seconds:.2f} s per epoch, validation losses {np.round(losses, 7)}")
    gap = np.max(np.abs(np.subtract(rows["float32"][1], rows["float64"][1])))
    print(f"largest difference of the validation losses: {gap:.1e}")

    X = bias_trick(X32[:54_000])
    Y = one_hot(y[:54_000]).astype(X.dtype)
    for threads in (1, None):
        print(f"BLAS threads {threads or 'default'}: {one_epoch(X, Y, threads):.2f} s per epoch")


if __name__ == "__main__":
    main()

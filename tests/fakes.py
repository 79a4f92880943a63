"""Small stand-ins for the data set's files, written by the tests themselves."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from fashionbook.data import FILES
from fashionbook.idx import idx_bytes


def small_arrays(n: int = 3) -> dict[str, np.ndarray]:
    """Well-formed stand-ins for the four files: n images and n labels each."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n, dtype=np.uint8)
    return {
        "train_images": images, "train_labels": labels,
        "test_images": images, "test_labels": labels,
    }  # fmt: skip


def write_data_dir(folder: Path, arrays: dict[str, np.ndarray]) -> Path:
    """Write `arrays` as the four gzipped IDX files into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for key, array in arrays.items():
        (folder / f"{FILES[key].name}.gz").write_bytes(gzip.compress(idx_bytes(array)))
    return folder

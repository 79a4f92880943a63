"""Fixtures shared by the tests: small IDX files written on the spot, and the real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakes import small_arrays, write_data_dir
from fashionbook.data import load_fashion_mnist

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def small_data_dir(tmp_path: Path) -> Path:
    """A folder with four small, well-formed files (whose checksums are wrong)."""
    return write_data_dir(tmp_path / "small", small_arrays())


@pytest.fixture(scope="session")
def fashion_mnist():
    """The real data set, found as a reader's machine finds it."""
    return load_fashion_mnist()

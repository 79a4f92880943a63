"""The store of slow results: reused for the same key, never across a change."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import fashionbook
from fashionbook.dependencies import module_files
from fashionbook.store import remembered, result_key

ARRAY = np.arange(12, dtype=np.float32).reshape(3, 4)
MODULES = ["fashionbook.embedding"]


def counting():
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    return compute, calls


def test_a_result_is_computed_once_and_then_read(tmp_path):
    compute, calls = counting()
    first = remembered(compute, "thing", [ARRAY], {"k": 1}, MODULES, tmp_path)
    second = remembered(compute, "thing", [ARRAY], {"k": 1}, MODULES, tmp_path)
    assert first == second == {"value": 1} and len(calls) == 1
    assert [p.suffix for p in tmp_path.iterdir()] == [".pickle"]  # no partial file left


@pytest.mark.parametrize(
    "change",
    [
        {"name": "other"},
        {"arrays": [ARRAY + 1]},
        {"arrays": [ARRAY.astype(np.float64)]},
        {"arrays": [ARRAY.reshape(4, 3)]},
        {"settings": {"k": 2}},
        {"modules": ["fashionbook.network"]},
    ],
)
def test_any_change_to_what_a_result_depends_on_changes_its_key(change):
    base = {"name": "thing", "arrays": [ARRAY], "settings": {"k": 1}, "modules": MODULES}
    assert result_key(**(base | change)) != result_key(**base)


def test_an_edit_to_the_code_changes_the_key(tmp_path, monkeypatch):
    """A copy of the package whose embedding.py was edited gives another key."""
    import shutil

    package = Path(fashionbook.__file__).parent
    copy = shutil.copytree(package, tmp_path / "fashionbook", ignore=shutil.ignore_patterns("__pycache__"))
    before = result_key("thing", [ARRAY], {}, MODULES)
    monkeypatch.setattr(fashionbook, "__file__", str(copy / "__init__.py"))
    assert result_key("thing", [ARRAY], {}, MODULES) == before  # same code, same key
    (copy / "embedding.py").write_text((copy / "embedding.py").read_text() + "\n# edited\n")
    assert result_key("thing", [ARRAY], {}, MODULES) != before


def test_a_key_reads_the_arrays_in_place_without_copying_them():
    """Issue 16 (no process over 1 GiB): chapter 9 keys 54,000 images (169 MB); a key that
    copied them (tobytes) held them twice at once."""
    import tracemalloc

    images = np.ones((2_000, 6_250), dtype=np.float32)  # 50 MB
    result_key("thing", [images], {}, MODULES)  # once, so that imports and caches are warm
    tracemalloc.start()
    key = result_key("thing", [images, images[:, :10]], {}, MODULES)  # a slice is copied: 80 KB
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000, f"{peak / 1e6:.0f} MB allocated to make a key"
    assert key == result_key("thing", [images.copy(), np.ascontiguousarray(images[:, :10])], {}, MODULES)


def test_the_key_of_every_result_reads_the_store_and_its_counting_only_beside_its_own_code():
    """What every key shares: store.py and dependencies.py, which make it, data.py (where
    the store lives, and the data's checksums) with idx.py, and the package's __init__;
    not the book's build (fashionbook.sphinx), nor a data file named in a docstring."""
    package = Path(fashionbook.__file__).parent
    files = module_files(["fashionbook.store"], package)
    assert {p.relative_to(package).as_posix() for p in files} == {
        "__init__.py", "store.py", "dependencies.py", "data.py", "idx.py",
    }  # fmt: skip

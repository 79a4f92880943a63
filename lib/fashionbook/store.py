"""A store on disk for slow results, so that building the book again does not compute
them again.

A result is kept under a key made of everything it depends on: the name of what
computed it, its input arrays (their bytes), its settings, the source of the
``fashionbook`` modules that compute it (and of those they import, this one included),
and the versions of Python and of the packages the book requires (``requirements.txt``)
and those they require in turn, counted by :mod:`fashionbook.dependencies` as the
build counts a chapter's. Change any of these and the key changes, so the result is
computed anew: a stored result is never one the code would not compute now. Installing
an unrelated package changes none, and neither does an edit to the book's build (the
Sphinx extensions of ``fashionbook.sphinx``), which no computation imports.

Results live in ``results/`` in the data cache (``~/.cache/fashionbook/results`` on
Linux); delete the folder to compute everything again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

import fashionbook
from fashionbook.dependencies import environment_inputs, module_files

T = TypeVar("T")


def result_key(
    name: str, arrays: Sequence[np.ndarray], settings: dict[str, Any], modules: Sequence[str]
) -> str:
    """The key of a result: a SHA-256 over everything it depends on (see the module)."""
    package_dir = Path(fashionbook.__file__).parent
    digest = hashlib.sha256()
    context = {"name": name, "settings": settings, "environment": environment_inputs()}
    digest.update(json.dumps(context, sort_keys=True).encode())
    for path in sorted(module_files(modules, package_dir)):
        digest.update(path.relative_to(package_dir).as_posix().encode() + path.read_bytes())
    for array in arrays:
        array = np.ascontiguousarray(array)  # no copy when it is contiguous already
        digest.update(f"{array.dtype}{array.shape}".encode())
        digest.update(array.data)  # the bytes in place: tobytes() would copy the array
    return digest.hexdigest()


def remembered(
    compute: Callable[[], T],
    name: str,
    arrays: Sequence[np.ndarray],
    settings: dict[str, Any],
    modules: Sequence[str],
    store: str | os.PathLike | None = None,
) -> T:
    """``compute()``, or the result it returned before for the same key.

    Parameters
    ----------
    compute : callable
        Computes the result; called only when the store does not have it.
    name : str
        What computes it, such as ``"tsne"``.
    arrays : sequence of numpy.ndarray
        Its input arrays.
    settings : dict
        Its other arguments (JSON-serializable).
    modules : sequence of str
        The ``fashionbook`` modules whose code computes it, such as
        ``["fashionbook.embedding"]``; the modules they import count too.
    store : path-like, optional
        The folder of results; by default ``results/`` in the data cache.
    """
    if store is None:
        from fashionbook.data import default_cache_dir

        store = default_cache_dir() / "results"
    path = Path(store) / f"{name}-{result_key(name, arrays, settings, modules)[:24]}.pickle"
    if path.is_file():
        return pickle.loads(path.read_bytes())

    result = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(partial, path)  # atomic: a reader sees the whole file or none
    return result

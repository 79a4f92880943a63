"""The library never leans on the build: no module of fashionbook outside
fashionbook/sphinx/, and no chapter, imports fashionbook.sphinx, so an edit to a Sphinx
extension changes no stored result and executes no chapter again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO
from fashionbook.dependencies import imported_modules, module_files

PACKAGE_DIR = REPO / "lib" / "fashionbook"
BUILD = "fashionbook.sphinx"
LIBRARY = sorted(p for p in PACKAGE_DIR.rglob("*.py") if "sphinx" not in p.relative_to(PACKAGE_DIR).parts)
CHAPTERS = sorted((REPO / "book").glob("*.md"))


def module_name(path: Path) -> str:
    """``lib/fashionbook/checks/core.py`` is ``fashionbook.checks.core``."""
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def build_imports(code: str, within: str = "fashionbook") -> set[str]:
    """What `code` imports of the build: every import statement, at the top or inside a
    function, relative ones resolved from the package `within`, and every
    ``importlib.import_module("...")`` or ``__import__("...")`` of a name written out."""
    names = imported_modules(code, within=within)
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if function in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
    return {name for name in names if name == BUILD or name.startswith(f"{BUILD}.")}


def test_the_test_finds_an_import_of_the_build_however_it_is_written():
    assert build_imports("def key():\n    from fashionbook.sphinx.freshness import digest\n")
    assert build_imports("from .sphinx import freshness\n")
    assert build_imports("from ..sphinx import freshness\n", within="fashionbook.checks")
    assert build_imports("import importlib\nimportlib.import_module('fashionbook.sphinx.listing')\n")
    assert build_imports("from fashionbook import sphinx\n")
    assert not build_imports('"""Served by fashionbook.sphinx.bokeh_offline."""\n# fashionbook.sphinx\n')


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.relative_to(PACKAGE_DIR).as_posix())
def test_no_library_module_imports_the_build(path):
    name = module_name(path)
    within = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    assert build_imports(path.read_text(), within) == set()


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_no_chapter_imports_the_build(chapter):
    from fashionbook.sphinx.freshness import _read_notebook  # a test may: it is not the library

    notebook = _read_notebook(chapter)
    if notebook is None:
        pytest.skip("not executed")
    from IPython.core.inputtransformer2 import TransformerManager

    to_python = TransformerManager().transform_cell
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert build_imports(to_python(cell.source)) == set(), cell.source


def test_what_any_library_module_runs_holds_no_file_of_the_build():
    """The files a stored result's key reads (module_files) never reach sphinx/, whatever
    module computes it: an edit to an extension re-keys nothing."""
    modules = {module_name(path) for path in LIBRARY}
    files = module_files(modules, PACKAGE_DIR)
    assert {p.relative_to(PACKAGE_DIR).as_posix() for p in files} >= {"store.py", "dependencies.py"}
    assert not [p for p in files if "sphinx" in p.relative_to(PACKAGE_DIR).parts]

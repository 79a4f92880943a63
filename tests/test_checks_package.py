"""How the checks are laid out: a module per chapter, named as the chapter's file, the
old flat names still importable, and each chapter depending on its own checks only."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys

import pytest

import fashionbook.checks
from conftest import REPO
from fashionbook.sphinx.freshness import _read_notebook, chapter_inputs

PACKAGE_DIR = REPO / "lib" / "fashionbook"
CHECKS_DIR = PACKAGE_DIR / "checks"
CHAPTER_MODULES = sorted(p.stem for p in CHECKS_DIR.glob("*.py") if p.stem not in ("__init__", "core"))
CHAPTERS = {re.sub(r"^\d+_", "", p.stem): p for p in sorted((REPO / "book").glob("[0-9]*.md"))}
IMPORT = re.compile(r"^from fashionbook\.checks(\.\w+)? import (.+)$", re.M)


def defined_checks(module: str) -> set[str]:
    """The check functions a module of the package defines, read from its source."""
    tree = ast.parse((CHECKS_DIR / f"{module}.py").read_text())
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("check_")}


def test_each_module_of_checks_belongs_to_a_chapter_named_as_the_chapters_file():
    assert set(CHAPTER_MODULES) <= set(CHAPTERS)
    for module in CHAPTER_MODULES:
        assert defined_checks(module), module


def test_every_check_has_its_flat_name_and_it_is_the_function_of_its_module():
    """`from fashionbook.checks import check_sigmoid` still works, for every check of every
    chapter, and gives the very function of fashionbook.checks.logistic_regression."""
    homes = {name: module for module in CHAPTER_MODULES for name in defined_checks(module)}
    assert set(fashionbook.checks.__all__) == set(homes) | {"CheckResult"}
    for name, module in homes.items():
        namespace: dict = {}
        exec(f"from fashionbook.checks import {name}", namespace)
        assert namespace[name] is getattr(importlib.import_module(f"fashionbook.checks.{module}"), name)
    from fashionbook.checks import CheckResult
    from fashionbook.checks.core import CheckResult as shared

    assert CheckResult is shared
    assert set(fashionbook.checks.__all__) <= set(dir(fashionbook.checks))


def test_every_check_a_chapter_or_test_names_is_importable_by_its_flat_name():
    named = set()
    for path in [*CHAPTERS.values(), *(REPO / "tests").glob("test_*.py"), *(REPO / "scripts").glob("*.py")]:
        named |= set(re.findall(r"\b(check_[a-z_]+)\(", path.read_text()))
    named -= {"check_block", "check_x"}  # scripts/workbooks.py's own, and a hint's example
    assert named <= set(fashionbook.checks.__all__)


def test_a_name_that_is_no_check_is_an_attribute_error():
    with pytest.raises(AttributeError, match="check_nothing"):
        fashionbook.checks.check_nothing  # noqa: B018
    with pytest.raises(ImportError):
        exec("from fashionbook.checks import check_nothing", {})


@pytest.mark.parametrize("chapter", sorted(CHAPTERS), ids=str)
def test_a_chapter_imports_its_checks_from_its_own_module(chapter):
    """So that the learner's workbook names the file the check lives in, and the build
    counts that file alone (a flat import counts every module of the package)."""
    for module, names in IMPORT.findall(CHAPTERS[chapter].read_text()):
        assert module == f".{chapter}", f"from fashionbook.checks{module} import {names}"


def test_importing_one_chapters_checks_loads_no_other_chapters():
    code = ("import sys, fashionbook.checks.pixels; "
            "print(sorted(m for m in sys.modules if m.startswith('fashionbook.checks')))")  # fmt: skip
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert ast.literal_eval(loaded) == ["fashionbook.checks", "fashionbook.checks.core", "fashionbook.checks.pixels"]


@pytest.mark.parametrize("chapter", sorted(CHAPTERS), ids=str)
def test_a_chapter_depends_on_its_own_checks_and_on_no_other_chapters(chapter):
    notebook = _read_notebook(CHAPTERS[chapter])
    if notebook is None:
        pytest.skip("not executed")
    inputs = chapter_inputs([c.source for c in notebook.cells if c.cell_type == "code"], PACKAGE_DIR)
    used = {name for name in inputs if name.startswith("fashionbook/checks/")}
    if chapter in CHAPTER_MODULES:
        expected = {"__init__", "core", chapter}
        assert used == {f"fashionbook/checks/{module}.py" for module in expected}
    else:
        assert used == set()

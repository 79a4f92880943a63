"""What a result depends on (fashionbook.dependencies): the code it runs, with what that
imports; the environment; never the book's build."""

from __future__ import annotations

import doctest
import importlib.metadata
from pathlib import Path

import fashionbook.dependencies
from conftest import REPO
from fashionbook.dependencies import (
    book_requirements,
    environment_inputs,
    imported_modules,
    module_files,
    package_versions,
    requirement_lines,
)

# --- the code: the modules a computation imports, and what they import ---------------


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(fashionbook.dependencies).failed == 0


def test_imported_modules_finds_every_form_of_import():
    code = """
import numpy as np
import fashionbook.network as network
from fashionbook import plots
from fashionbook.data import normalize
from .idx import parse_idx
"""
    assert imported_modules(code) == {
        "fashionbook", "fashionbook.network", "fashionbook.plots", "fashionbook.data",
        "fashionbook.data.normalize", "fashionbook.idx", "fashionbook.idx.parse_idx",
    }  # fmt: skip


def test_imported_modules_is_empty_without_the_package():
    assert imported_modules("import numpy\nfrom os import path\nimport fashionbooks") == set()


def test_module_files_follows_imports_and_named_data_files(small_package):
    files = module_files({"fashionbook", "fashionbook.a", "fashionbook.a.f"}, small_package)
    assert {p.name for p in files} == {"__init__.py", "a.py", "b.py", "c.py", "look.mplstyle"}


def test_module_files_follow_a_subpackage_and_its_relative_imports(small_package):
    """Importing a module of a subpackage (fashionbook.checks.core) runs the
    subpackage's __init__, and its relative imports start there."""
    sub = small_package / "tools"
    sub.mkdir()
    (sub / "__init__.py").write_text('"""Tools."""\n')
    (sub / "keys.py").write_text("from .helpers import h\nfrom ..c import g\n")
    (sub / "helpers.py").write_text("def h(): return 2\n")
    (small_package / "e.py").write_text("from fashionbook.tools.keys import h\n")
    files = module_files({"fashionbook.e"}, small_package)
    assert {p.relative_to(small_package).as_posix() for p in files} == {
        "__init__.py", "e.py", "tools/__init__.py", "tools/keys.py", "tools/helpers.py", "c.py",
        "look.mplstyle",
    }


def test_an_import_inside_a_function_counts():
    code = "def train():\n    from fashionbook.network import build_model\n    return build_model()\n"
    assert "fashionbook.network" in imported_modules(code)


def lazy_subpackage(root: Path) -> Path:
    """A subpackage that hands out its modules' names lazily (PEP 562), as
    fashionbook.checks does: its __init__ imports none of them where a parser sees it."""
    sub = root / "lazy"
    sub.mkdir()
    (sub / "__init__.py").write_text(
        "import importlib\n\n"
        "def __getattr__(name):\n"
        "    return getattr(importlib.import_module(f'{__name__}.{name[:3]}'), name)\n"
    )
    (sub / "one.py").write_text("from fashionbook.c import g\n\ndef one_check(): return g()\n")
    (sub / "two.py").write_text("def two_check(): return 2\n")
    return sub


def test_a_name_from_its_own_module_counts_that_module_only(small_package):
    lazy_subpackage(small_package)
    files = module_files(imported_modules("from fashionbook.lazy.one import one_check"), small_package)
    assert {p.relative_to(small_package).as_posix() for p in files} == {
        "__init__.py", "lazy/__init__.py", "lazy/one.py", "c.py", "look.mplstyle",
    }  # fmt: skip


def test_a_name_a_package_hands_out_lazily_counts_every_module_of_that_package(small_package):
    """`from fashionbook.checks import check_sigmoid` works, by the package's __getattr__;
    which module it comes from is decided when it runs, so all of them count."""
    lazy_subpackage(small_package)
    files = module_files(imported_modules("from fashionbook.lazy import one_check"), small_package)
    assert {p.relative_to(small_package).as_posix() for p in files} == {
        "__init__.py", "lazy/__init__.py", "lazy/one.py", "lazy/two.py", "c.py", "look.mplstyle",
    }  # fmt: skip
    # a package without __getattr__ hands out nothing lazily: a name that is no module is skipped
    files = module_files(imported_modules("from fashionbook import f"), small_package)
    assert {p.relative_to(small_package).as_posix() for p in files} == {"__init__.py"}


# --- the environment: Python and the packages the book pins, with what they require ---


def test_environment_inputs_name_python_and_the_packages():
    inputs = environment_inputs()
    assert set(inputs) == {"python", "packages"}
    assert inputs == environment_inputs()  # stable from call to call


def fake_distribution(folder: Path, name: str, version: str, requires: list[str] | None = None) -> None:
    """An installed distribution as pip leaves it: a ``*.dist-info`` folder with its METADATA."""
    info = folder / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    lines += [f"Requires-Dist: {requirement}" for requirement in requires or []]
    (info / "METADATA").write_text("\n".join(lines) + "\n")


def test_installing_another_package_or_a_newer_pip_changes_no_input(tmp_path, monkeypatch):
    """Installing JupyterLab beside the book (even one that requires a package the book
    pins), or pip upgrading itself, executes no chapter again and keeps every result."""
    before = environment_inputs()
    fake_distribution(tmp_path, "fashionbook-test-jupyterlab", "4.9.0", ["numpy", "ipykernel>=6"])
    fake_distribution(tmp_path, "pip", "99.0")
    monkeypatch.syspath_prepend(str(tmp_path))  # first on sys.path, as a newer install
    assert {d.metadata["Name"] for d in importlib.metadata.distributions()} >= {"fashionbook-test-jupyterlab"}
    assert environment_inputs() == before


def test_another_version_of_a_pinned_package_or_of_what_it_requires_changes_the_input(tmp_path, monkeypatch):
    """pooch is pinned in requirements.txt, platformdirs is what pooch requires: a copy of
    either at the same version changes nothing, another version changes the input."""
    before = environment_inputs()
    for name in ("pooch", "platformdirs"):
        same = tmp_path / f"same-{name}"
        fake_distribution(same, name, importlib.metadata.version(name), importlib.metadata.requires(name))
        monkeypatch.syspath_prepend(str(same))
        assert environment_inputs() == before, name
        other = tmp_path / f"other-{name}"
        fake_distribution(other, name, "0.0.1", importlib.metadata.requires(name))
        with monkeypatch.context() as patch:
            patch.syspath_prepend(str(other))
            changed = environment_inputs()
            assert changed["packages"] != before["packages"], name
            assert changed["python"] == before["python"]
        assert environment_inputs() == before, name


def test_package_versions_follow_requirements_their_markers_and_extras(tmp_path, monkeypatch):
    fake_distribution(tmp_path, "Fb-Root", "1.0", [
        "fb_dep>=1", "fb-never; sys_platform == 'no-such-platform'", "fb-extra; extra == 'more'",
    ])  # fmt: skip
    fake_distribution(tmp_path, "fb-dep", "2.0", ["fb-root"])  # a cycle
    fake_distribution(tmp_path, "fb-extra", "3.0")
    fake_distribution(tmp_path, "fb-never", "4.0")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert package_versions(["fb-root==1.0"]) == {"fb-root": "1.0", "fb-dep": "2.0"}
    assert package_versions(["FB.root[more]"]) == {"fb-root": "1.0", "fb-dep": "2.0", "fb-extra": "3.0"}
    assert package_versions(["fb-missing; python_version < '3'"]) == {}
    assert package_versions(["fb-missing==1"]) == {"fb-missing": "not installed"}


def test_requirement_lines_skip_comments_and_options_and_follow_includes(tmp_path):
    (tmp_path / "more.txt").write_text("pooch==1.9.0  # the data\n")
    (tmp_path / "requirements.txt").write_text(
        "# the book\nnumpy==2.4.6\n\ntensorflow-cpu==2.21.0; sys_platform == 'linux'\n"
        "-r more.txt\n--index-url https://example.org\n-e .\n"
    )
    assert requirement_lines(tmp_path / "requirements.txt") == [
        "numpy==2.4.6", "tensorflow-cpu==2.21.0; sys_platform == 'linux'", "pooch==1.9.0",
    ]  # fmt: skip


def test_without_a_checkout_the_installed_package_says_what_it_requires(tmp_path):
    """Installed from git (Colab) there is no requirements.txt: fashionbook's own
    requirements (pyproject.toml) are what counts."""
    assert book_requirements(REPO) == requirement_lines(REPO / "requirements.txt")
    assert book_requirements(tmp_path) == importlib.metadata.requires("fashionbook")


def test_the_real_requirements_reach_the_chapters_packages():
    """What requirements.txt pins, and what those require (tensorflow's protobuf)."""
    versions = package_versions(requirement_lines(REPO / "requirements.txt"))
    for name in ("numpy", "scikit-learn", "keras", "protobuf", "jupyter-book"):
        assert versions[name] == importlib.metadata.version(name)
    assert "pip" not in versions

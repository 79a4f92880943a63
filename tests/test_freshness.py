"""Dependency-aware execution: a chapter is executed again exactly when an input changed."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, glued, make_html
from measure import copy_repository
from fashionbook.sphinx.freshness import (
    book_requirements,
    changed_inputs,
    chapter_inputs,
    environment_inputs,
    imported_modules,
    module_files,
    package_versions,
    requirement_lines,
)

# --- which files a chapter's code runs ----------------------------------------------


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


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A small package: a imports b, b imports c relatively, c names a style file."""
    root = tmp_path / "fashionbook"
    root.mkdir()
    files = {
        "__init__.py": '"""The package."""\n',
        "a.py": "from fashionbook.b import f\n",
        "b.py": "from .c import g\n\ndef f(): return g()\n",
        "c.py": 'STYLE = "look.mplstyle"\n\ndef g(): return 1\n',
        "d.py": "import fashionbook.a\n",  # imports a, but nothing imports d
        "look.mplstyle": "lines.linewidth: 2\n",
        "unused.mplstyle": "lines.linewidth: 3\n",
    }
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def test_module_files_follows_imports_and_named_data_files(package):
    files = module_files({"fashionbook", "fashionbook.a", "fashionbook.a.f"}, package)
    assert {p.name for p in files} == {"__init__.py", "a.py", "b.py", "c.py", "look.mplstyle"}


def test_module_files_follow_a_subpackage_and_its_relative_imports(package):
    """The machinery lives in a subpackage (fashionbook.sphinx): importing one of its
    modules runs the subpackage's __init__, and its relative imports start there."""
    sub = package / "tools"
    sub.mkdir()
    (sub / "__init__.py").write_text('"""Tools."""\n')
    (sub / "keys.py").write_text("from .helpers import h\nfrom ..c import g\n")
    (sub / "helpers.py").write_text("def h(): return 2\n")
    (package / "e.py").write_text("from fashionbook.tools.keys import h\n")
    files = module_files({"fashionbook.e"}, package)
    assert {p.relative_to(package).as_posix() for p in files} == {
        "__init__.py", "e.py", "tools/__init__.py", "tools/keys.py", "tools/helpers.py", "c.py",
        "look.mplstyle",
    }


def test_chapter_inputs_read_code_with_magics(package):
    inputs = chapter_inputs(["%matplotlib inline\nfrom fashionbook.b import f\nf()"], package)
    assert set(inputs) == {f"fashionbook/{n}" for n in ("__init__.py", "b.py", "c.py", "look.mplstyle")}


def test_an_edit_changes_the_digest_of_that_file_only(package):
    before = chapter_inputs(["import fashionbook.a"], package)
    (package / "c.py").write_text((package / "c.py").read_text() + "# edited\n")
    after = chapter_inputs(["import fashionbook.a"], package)
    assert changed_inputs(before, after) == ["fashionbook/c.py"]


def test_a_chapter_never_recorded_counts_as_changed():
    assert changed_inputs(None, {"python": "3.11"}) == ["no record of its inputs"]
    assert changed_inputs({"python": "3.11"}, {"python": "3.11"}) == []


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


def test_the_real_chapters_depend_on_the_modules_they_use():
    """Chapter 3 (the map) runs embedding.py, and the style file through plots.py;
    it does not train a network."""
    from fashionbook.sphinx.freshness import _read_notebook

    notebook = _read_notebook(REPO / "book" / "03_map.md")
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    inputs = chapter_inputs(code, REPO / "lib" / "fashionbook")
    assert {"fashionbook/embedding.py", "fashionbook/book.mplstyle"} <= set(inputs)
    assert "fashionbook/network.py" not in inputs


# --- rebuilding a copy of the book --------------------------------------------------


def executed(build_log: str) -> list[str]:
    """The chapters a build executed, from myst-nb's log lines."""
    return sorted(re.findall(r"book/(\w+)\.md: Executing notebook", build_log))


@pytest.fixture
def scratch(site, tmp_path: Path) -> Path:
    """A copy of the repository with the cache of the session's clean build, as a
    reader's checkout looks after one `make book`."""
    copy = copy_repository(REPO, tmp_path / "book")
    shutil.copytree(site.parent / ".jupyter_cache", copy / "_build" / ".jupyter_cache")
    return copy


def build(copy: Path) -> str:
    """Build the copy with its own `lib/` (so that its kernels import its fashionbook);
    return the log."""
    env = os.environ | {"PYTHONPATH": str(copy / "lib")}
    result = make_html(copy, copy, env=env)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    return log


@pytest.mark.book
def test_a_rebuild_with_no_change_executes_nothing(scratch):
    log = build(scratch)
    assert executed(log) == []
    assert "to execute" not in log
    # after an edit to the prose of a chapter, still nothing
    chapter = scratch / "book" / "03_map.md"
    chapter.write_text(chapter.read_text().replace("# A map of", "# A new map of", 1))
    log = build(scratch)
    assert executed(log) == []
    assert "A new map of" in (scratch / "_build" / "html" / "book" / "03_map.html").read_text()


def pages_read(build_log: str) -> list[str]:
    """The pages a build read (Sphinx's "reading sources... [ 50%] book/03_map")."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", build_log)  # without colour codes
    return sorted(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", plain))


@pytest.mark.book
def test_a_rebuild_reads_only_what_changed_and_every_page_after_an_extension_changed(scratch):
    first = build(scratch)
    assert "book/03_map" in pages_read(first) and executed(first) == []
    assert pages_read(build(scratch)) == []  # nothing changed: nothing read (issue 16: < 5 s)

    chapter = scratch / "book" / "04_logistic_regression.md"
    chapter.write_text(chapter.read_text().replace("# Logistic regression", "# Logistic regression, again", 1))
    assert pages_read(build(scratch)) == ["book/04_logistic_regression"]

    extension = scratch / "lib" / "fashionbook" / "sphinx" / "aria_roles.py"
    extension.write_text(extension.read_text() + "\n# edited\n")
    log = build(scratch)
    assert pages_read(log) == pages_read(first) and executed(log) == []
    assert "every page: to read again, changed: fashionbook/sphinx/aria_roles.py" in log


@pytest.mark.book
def test_the_download_of_a_cached_chapter_has_its_outputs(scratch, site):
    build(scratch)  # every chapter from the cache
    for executed_copy in sorted((site / "_sources" / "book").glob("*.ipynb")):
        cached_copy = scratch / "_build" / "html" / "_sources" / "book" / executed_copy.name
        outputs = [
            [len(cell.get("outputs", [])) for cell in json.loads(path.read_text())["cells"]]
            for path in (executed_copy, cached_copy)
        ]
        assert outputs[0] == outputs[1], executed_copy.name
        assert sum(outputs[1]) > 0, executed_copy.name


@pytest.mark.book
def test_an_edited_library_function_reaches_the_page_that_uses_it(scratch, site):
    """Scale the explained variance that pca() returns by 0.9: chapter 3, the only
    chapter that imports embedding.py, runs again and prints the new number; no other
    does. (By 0.9 and not by more: the chapter asserts its claims about the variance,
    such as that fifty components keep more than half of it, and a change that made
    one false would rightly fail the build.)"""
    module = scratch / "lib" / "fashionbook" / "embedding.py"
    source = module.read_text()
    original = "return features, model.explained_variance_ratio_"
    assert original in source
    module.write_text(source.replace(original, f"{original} * 0.9"))

    log = build(scratch)
    assert executed(log) == ["03_map"]
    assert "book/03_map: to execute, changed: fashionbook/embedding.py" in log
    before, after = glued(site, "03_map"), glued(scratch / "_build" / "html", "03_map")
    assert after["variance_kept"] == pytest.approx(before["variance_kept"] * 0.9)
    assert f"{after['variance_kept']:.1f}" != f"{before['variance_kept']:.1f}"
    page = (scratch / "_build" / "html" / "book" / "03_map.html").read_text()
    shown = re.findall(r'PCA keeps <span class="pasted-text">([\d.]+)</span>%', page)
    assert shown == [f"{after['variance_kept']:.1f}"]

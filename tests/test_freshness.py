"""Dependency-aware execution: a chapter is executed again exactly when an input changed."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, glued, make_html
from measure import copy_repository
from fashionbook.sphinx.freshness import changed_inputs, chapter_inputs

# What a chapter depends on is counted by fashionbook.dependencies (tests/test_dependencies.py).

# --- which files a chapter's code runs ----------------------------------------------


def test_chapter_inputs_read_code_with_magics(small_package):
    inputs = chapter_inputs(["%matplotlib inline\nfrom fashionbook.b import f\nf()"], small_package)
    assert set(inputs) == {f"fashionbook/{n}" for n in ("__init__.py", "b.py", "c.py", "look.mplstyle")}


def test_an_edit_changes_the_digest_of_that_file_only(small_package):
    before = chapter_inputs(["import fashionbook.a"], small_package)
    (small_package / "c.py").write_text((small_package / "c.py").read_text() + "# edited\n")
    after = chapter_inputs(["import fashionbook.a"], small_package)
    assert changed_inputs(before, after) == ["fashionbook/c.py"]


def test_a_chapter_never_recorded_counts_as_changed():
    assert changed_inputs(None, {"python": "3.11"}) == ["no record of its inputs"]
    assert changed_inputs({"python": "3.11"}, {"python": "3.11"}) == []


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
    """Scale the explained variance that pca() returns by 0.99: chapter 3, the only
    chapter that imports embedding.py, runs again and prints the new number; no other
    does. (By 0.99 and not by more: the chapter asserts its claims about the variance,
    such as that centred directions keep one to five points more of the pixels' variance
    than standardized ones, and a change that made one false would rightly fail the
    build: 0.9 did.)"""
    module = scratch / "lib" / "fashionbook" / "embedding.py"
    source = module.read_text()
    original = "return features, model.explained_variance_ratio_"
    assert original in source
    module.write_text(source.replace(original, f"{original} * 0.99"))

    log = build(scratch)
    assert executed(log) == ["03_map"]
    assert "book/03_map: to execute, changed: fashionbook/embedding.py" in log
    before, after = glued(site, "03_map"), glued(scratch / "_build" / "html", "03_map")
    assert after["variance_kept"] == pytest.approx(before["variance_kept"] * 0.99)
    assert f"{after['variance_kept']:.1f}" != f"{before['variance_kept']:.1f}"
    page = (scratch / "_build" / "html" / "book" / "03_map.html").read_text()
    shown = re.findall(r'PCA keeps <span class="pasted-text">([\d.]+)</span>%', page)
    assert shown == [f"{after['variance_kept']:.1f}"]

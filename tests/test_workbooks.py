"""The learner workbooks: current, free of solutions, and solvable as posed."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO
from fashionbook.explore import SITE_SERVES_BOKEH
from workbooks import check_block, make_workbook, notebook_chapters, repository_url, workbook_text

CHAPTERS = notebook_chapters(REPO / "book")
URL = repository_url(REPO / "_config.yml")


def ids(chapters: list[Path]) -> list[str]:
    return [chapter.stem for chapter in chapters]


def solution_cells(chapter: Path) -> list:
    """The chapter's code cells that carry a workbook stub."""
    notebook = jupytext.read(chapter)
    return [cell for cell in notebook.cells if "stub" in cell.metadata.get("workbook", {})]


def solution_text(chapter: Path) -> list[str]:
    """The lines of prose (not code) inside the chapter's solution directives."""
    lines, inside, in_code = [], None, False
    for line in chapter.read_text().splitlines():
        opening = re.match(r"^(`{3,})\{solution(-start)?\}", line)
        if inside is None and opening:
            inside = "gated" if opening[2] else opening[1]
            continue
        if line.startswith("```{code-cell}") or (in_code and line.strip() == "```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if inside == "gated" and re.match(r"^`{3,}\{solution-end\}", line):
            inside = None
        elif inside not in (None, "gated") and line.strip() == inside:
            inside = None
        elif inside is not None:
            lines.append(line)
    return [line for line in lines if len(line) > 40 and not line.startswith(("```", "---", "  "))]


def reading_code(chapter: Path) -> str:
    """The code of the chapter's cells outside solutions (the workbook keeps it)."""
    return "\n".join(cell.source for cell in jupytext.read(chapter).cells
                     if cell.cell_type == "code" and "workbook" not in cell.metadata)  # fmt: skip


def test_every_notebook_chapter_has_a_workbook():
    assert [c.stem for c in CHAPTERS] == [p.stem for p in sorted((REPO / "book").glob("*.ipynb"))]
    assert len(CHAPTERS) == 9


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids(CHAPTERS))
def test_the_committed_workbook_is_up_to_date_with_its_chapter(chapter):
    committed = chapter.with_suffix(".ipynb").read_text()
    assert committed == workbook_text(chapter, URL), "run `make workbooks` and commit the result"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids(CHAPTERS))
def test_a_workbook_holds_no_solution_code_and_no_solution_text(chapter):
    workbook = nbformat.read(chapter.with_suffix(".ipynb"), as_version=4)
    sources = "\n".join(cell.source for cell in workbook.cells)
    for cell in solution_cells(chapter):
        stub = cell.metadata["workbook"]["stub"]
        solution = cell.source.strip()[: -len(check_block(cell.source)) or None]
        shared = stub + reading_code(chapter)
        for line in solution.splitlines():
            if line.strip() and line not in shared:
                assert line not in sources, f"solution code in the workbook: {line!r}"
    for line in solution_text(chapter):
        assert line not in sources, f"solution text in the workbook: {line!r}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids(CHAPTERS))
def test_a_workbook_has_a_stub_and_its_check_for_each_coding_exercise(chapter):
    workbook = nbformat.read(chapter.with_suffix(".ipynb"), as_version=4)
    sources = [cell.source for cell in workbook.cells]
    for cell in solution_cells(chapter):
        stub = cell.metadata["workbook"]["stub"]
        assert "YOUR CODE HERE" in stub
        expected = (stub.rstrip() + "\n\n" + check_block(cell.source)).strip()
        assert expected in sources


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids(CHAPTERS))
def test_a_workbook_starts_by_making_the_package_importable_from_the_repository(chapter):
    first = nbformat.read(chapter.with_suffix(".ipynb"), as_version=4).cells[0]
    assert first.cell_type == "code"
    assert f"git+{URL}" in first.source and 'find_spec("fashionbook")' in first.source


def test_the_coding_exercises_of_the_seed_all_have_checks():
    calls = {check for chapter in CHAPTERS for cell in solution_cells(chapter)
             for check in re.findall(r"(check_\w+)\(", cell.source)}  # fmt: skip
    seeds_blanks = {
        "check_normalize", "check_reshape", "check_sigmoid", "check_binary_cross_entropy",
        "check_binary_cross_entropy_derivative", "check_predict", "check_accuracy",
        "check_initial_theta", "check_weight_update", "check_model",
    }  # fmt: skip
    assert seeds_blanks <= calls  # the book's own exercises add more


@pytest.mark.book
@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids(CHAPTERS))
def test_a_workbook_solved_with_the_solutions_runs_and_passes_every_check(chapter, monkeypatch):
    monkeypatch.delenv(SITE_SERVES_BOKEH, raising=False)  # as in a learner's Jupyter: no site here
    notebook = make_workbook(chapter, URL, solutions=True)
    NotebookClient(notebook, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(chapter.parent)}}).execute()  # fmt: skip
    results = [
        output["data"]["text/plain"]
        for cell in notebook.cells if cell.cell_type == "code" and "check_" in cell.source
        for output in cell.outputs if output.get("output_type") == "execute_result"
    ]  # fmt: skip
    assert len(results) == sum("check_" in check_block(c.source) for c in solution_cells(chapter))
    assert all(result.startswith("✅") for result in results), results
    for cell in notebook.cells:  # a map's cell carries BokehJS, which no site serves here
        if "explorable_map(" in cell.source:
            (html,) = [o["data"]["text/html"] for o in cell.outputs if "text/html" in o.get("data", {})]
            assert "BEGIN bokeh.min.js" in html and 'class="fashionbook-map-sprite"' in html

"""The learner workbooks: current, plain Jupyter, reading like their pages, free of
solutions, and solvable as posed."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import jupytext
import nbformat
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from nbclient import NotebookClient

from conftest import REPO
from fashionbook.explore import SITE_SERVES_BOKEH
from workbooks import (book_index, check_block, make_workbook, notebook_chapters, repository_url,
                       site_url, workbook_text)  # fmt: skip

CHAPTERS = notebook_chapters(REPO / "book")
URL = repository_url(REPO / "_config.yml")
MYST = [
    (re.compile(r"\{[\w:-]+\}`"), "a role"),
    (re.compile(r"^\s*(>\s*)?(`{3,}|:{3,})\{", re.MULTILINE), "a directive"),
    (re.compile(r"\$\$\s*\([\w-]+\)\s*$", re.MULTILINE), "an equation label"),
    (re.compile(r"^\([\w-]+\)=\s*$", re.MULTILINE), "a cross-reference target"),
]


TIME = "987654.321"  # stands for a glued time, which a clean build measures anew
TIME_SHOWN = re.compile(r"987,?654(?:\.\d+)?")  # that value as the page formats it


@pytest.fixture(scope="session")
def index(site):
    """What the book built from clean for these tests shows for its references."""
    return book_index(site.parent, URL)


def workbook(chapter: Path) -> nbformat.NotebookNode:
    return nbformat.read(chapter.with_suffix(".ipynb"), as_version=4)


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
def test_the_committed_workbook_is_up_to_date_with_its_chapter_and_the_book_s_numbers(chapter, index):
    """The numbers come from a clean build of the book, and must be the committed ones
    (this holds while the build prints the same numbers every time), all but how long
    a computation took, which the build measures anew when its store is empty."""
    timed = {doc: {name: (TIME if name.endswith("_seconds") else value) for name, value in values.items()}
             for doc, values in index.glued.items()}  # fmt: skip
    expected = workbook_text(chapter, replace(index, glued=timed), URL)
    pattern = "".join(r"\d[\d,]*(?:\.\d+)?" if part == "TIME" else re.escape(part)
                      for part in re.split(r"(TIME)", re.sub(TIME_SHOWN, "TIME", expected)))  # fmt: skip
    committed = chapter.with_suffix(".ipynb").read_text()
    assert "TIME" not in committed and re.fullmatch(pattern, committed), (
        "run `make workbooks` and commit the result")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids(CHAPTERS))
def test_a_workbook_is_plain_jupyter_with_no_myst_syntax_and_none_of_the_book_s_checks(chapter):
    for cell in workbook(chapter).cells:
        if cell.cell_type == "markdown":
            for pattern, what in MYST:
                assert not pattern.search(cell.source), f"{what} in: {cell.source[:300]}"
            continue
        assert "myst_nb" not in cell.source and "sphinx" not in cell.source
        python = "\n".join("" if line.startswith("%") else line for line in cell.source.split("\n"))
        for node in ast.walk(ast.parse(python)):
            assert not isinstance(node, ast.Assert), f"an assert in: {cell.source[:300]}"
            assert not (isinstance(node, ast.Name) and node.id == "glue"), cell.source[:300]


def _texts(html: str, page: bool) -> list[str]:
    """The text of each paragraph, list item, table cell, heading, figure caption and
    display equation of `html` (a page's article, or a workbook's Markdown rendered),
    compared as a reader reads them: whitespace collapsed, math as its TeX without
    spaces (a numbered equation with its number as ``\\tag``, without the ``split``
    environment Sphinx wraps multi-line math in), a citation as CITE (the
    page shows a label, the workbook author and year), Sphinx's smart quotes undone."""
    soup = BeautifulSoup(html, "html.parser")
    for output in soup.select(".cell_output"):
        for caption in output.select("figcaption"):  # a figure's caption stays
            output.insert_before(caption.extract())
    for hidden in soup.select(".solution, .cell_output, .cell details, .headerlink, [class*=fashionbook-map], script"):
        hidden.decompose()
    for citation in soup.select("span.bibtex-citation") if page else soup.select('a[href*="10_next.html#id"]'):
        citation.replace_with("CITE")
    for math in soup.select("span.math, div.math"):
        number = math.select_one("span.eqno")
        tag = rf"\tag{{{number.extract().get_text().strip('()')}}}" if number else ""
        tex = re.sub(r"^\\[(\[]|\\[)\]]$", "", math.get_text().strip()) + tag
        tex = re.sub(r"\\(begin|end)\{split\}", "", tex)  # Sphinx's wrapper of multi-line math
        text = "⟨" + re.sub(r"\s+", "", tex) + "⟩"
        if math.name == "div":
            block = soup.new_tag("p")
            block.string = text
            math.replace_with(block)
        else:
            math.replace_with(text)
    smart = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "–": "--", "—": "---"})
    blocks = soup.select("p, td, th") if page else soup.select("p, li, td, th, h1, h2, h3, h4, h5, h6")
    texts = [" ".join(block.get_text().translate(smart).split()) for block in blocks
             if not block.find(["p", "ul", "ol"])]  # a cell or an item holding paragraphs: those  # fmt: skip
    return [text for text in texts if text]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids(CHAPTERS))
def test_a_workbook_reads_like_its_page(chapter, site, index):
    """Every paragraph the page shows outside its solutions and outputs, the workbook
    made from the same build shows too, with the same numbers, references and math, in
    the same order (the committed workbook is that one: the test above)."""
    article = BeautifulSoup((site / "book" / f"{chapter.stem}.html").read_text(), "html.parser").article
    on_the_page = [text for text in _texts(str(article), page=True) if not text.startswith("Workbook:")]
    cells = make_workbook(chapter, index, URL).cells
    markdown = "\n\n".join(c.source for c in cells if c.cell_type == "markdown")
    renderer = MarkdownIt("commonmark").enable("table").use(dollarmath_plugin, double_inline=True)
    in_the_workbook = _texts(renderer.render(markdown), page=False)
    missing = [text for text in on_the_page if text not in in_the_workbook]
    assert not missing, f"{len(missing)} of {len(on_the_page)} paragraphs differ, first: {missing[:3]}"
    position = -1
    for text in on_the_page:  # in order: each after the one before (two may read alike)
        assert text in in_the_workbook[position + 1 :], f"out of the page's order: {text[:200]}"
        position = in_the_workbook.index(text, position + 1)


def test_a_workbook_links_to_the_published_site():
    assert site_url(URL) in workbook(CHAPTERS[0]).cells[1].source


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids(CHAPTERS))
def test_a_workbook_s_links_into_the_book_reach_their_place(chapter, site, index):
    """Each link to a place on a page, such as an equation, finds that id on the page
    built (ids are case-sensitive: Sphinx makes {eq}`eq-X-bias`'s #equation-eq-x-bias)."""
    markdown = "\n".join(c.source for c in make_workbook(chapter, index, URL).cells if c.cell_type == "markdown")
    links = re.findall(re.escape(site_url(URL)) + r"([\w/-]+)\.html#([^)\s]+)", markdown)
    assert links
    for page, anchor in links:
        html = BeautifulSoup((site / f"{page}.html").read_text(), "html.parser")
        assert html.find(id=anchor) is not None, f"{page}.html#{anchor}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=ids(CHAPTERS))
def test_a_workbook_holds_no_solution_code_and_no_solution_text(chapter):
    workbook = nbformat.read(chapter.with_suffix(".ipynb"), as_version=4)
    sources = "\n".join(cell.source for cell in workbook.cells)
    code = "\n".join(cell.source for cell in workbook.cells if cell.cell_type == "code")
    for cell in solution_cells(chapter):
        stub = cell.metadata["workbook"]["stub"]
        solution = cell.source.strip()[: -len(check_block(cell.source)) or None]
        shared = stub + reading_code(chapter)
        for line in solution.splitlines():
            if line.strip() and line not in shared:  # (the page may show the library's version)
                assert line not in code, f"solution code in the workbook: {line!r}"
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
def test_a_workbook_solved_with_the_solutions_runs_and_passes_every_check(chapter, index, monkeypatch):
    monkeypatch.delenv(SITE_SERVES_BOKEH, raising=False)  # as in a learner's Jupyter: no site here
    notebook = make_workbook(chapter, index, URL, solutions=True)
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

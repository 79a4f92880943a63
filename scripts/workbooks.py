"""Learner workbooks: each chapter as a plain Jupyter notebook, the solutions taken out.

A workbook is what a learner launches in Binder or Colab, or opens in JupyterLab. It
reads like the chapter's page and runs anywhere the ``fashionbook`` package installs:

- its Markdown is plain Markdown (:mod:`plain_markdown`): glued numbers, equation and
  figure numbers, titles and citations are written in as the built book shows them,
  with links to the published site;
- its code is the chapter's, without the book's own checks (:mod:`book_checks`): no
  ``glue``, no ``assert`` of a claim, no import of ``myst_nb``;
- each exercise keeps its stub and its check, and loses its solution.

A chapter's solution code cell carries its stub in its metadata::

    ```{code-cell} ipython3
    ---
    workbook:
      stub: |
        def sigmoid(z):
            ...  # YOUR CODE HERE
    ---
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    from fashionbook.checks.logistic_regression import check_sigmoid
    check_sigmoid(sigmoid)
    ```

In the workbook that cell becomes the stub followed by the cell's last paragraph, the
check. A cell too slow for a learner's one CPU (Binder's) carries a leaner version of
itself, ``workbook: lean: |``, such as the same trainings with fewer seeds, and a note
for the learner, ``workbook: lean_note:``, which the workbook shows above it: what it
leaves out, and that the text's numbers are the book's. Every other part of a solution
(its text, and code cells without a stub) is left out; where it was, the learner gets
cells for an answer of their own (code, when the solution held code, and words). A
first cell makes ``fashionbook`` importable wherever the notebook runs (Binder, a
laptop, Colab).

The numbers come from a build of the book, so build it first::

    make book && python scripts/workbooks.py          # or: make workbooks
"""

from __future__ import annotations

import json
import pickle
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import yaml

from fashionbook.sphinx.site import site_url

from book_checks import strip_checks
from plain_markdown import BookIndex, Place, convert

SOLUTION_START = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution-start\}")
SOLUTION_END = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution-end\}")
SOLUTION = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}")
YOUR_ANSWER = "**Your answer:** _double-click here and write it._"
# Where a solution was taken out: an open question's answer (in words, or in code and
# words), or the end of a worked solution in several cells (code, when it held code).
ANSWER, ANSWER_CODE, GATED_END, GATED_CODE = "answer", "answer-code", "gated-end", "gated-code"
REPO = Path(__file__).resolve().parents[1]
# The chapter's paragraph about its workbook, and what the workbook says in its place.
WORKBOOK_PARAGRAPH = re.compile(r"^Workbook: \{download\}.*?(?=\n\s*\n|\n:::|\n```|\Z)", re.MULTILINE | re.DOTALL)
WORKBOOK_NOTE = """\
Workbook: you are in it. This notebook is the chapter [{title}]({url}) with the
exercises left for you: write your code where it says `# YOUR CODE HERE`, then run the
check below it, which tells you whether your answer is right and, if not, what to look
at. The page has the worked solutions. Run the cells in order, from the top.

The numbers in the text are those of the book's build; the cells print your own. With
other versions of the libraries or another kind of processor they can differ a little:
in the last digits, and then, where a network trains, in the epoch it stops at. The
networks train on two threads whatever your machine has, as in the book's build, so
that with the book's versions (Binder has them), on the same kind of processor, they
come out the same. Where a workbook trains less than the book, to save time, it says
so."""


def setup_cell(repository_url: str) -> str:
    """The first cell of every workbook."""
    return f'''# Run this cell first. It makes the book's code importable wherever this notebook
# runs: on Binder or your own machine it is already installed; elsewhere (Colab) it is
# installed from the book's repository.
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("fashionbook") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    "fashionbook @ git+{repository_url}"], check=True)'''


def check_block(source: str) -> str:
    """The last paragraph of a solution cell if it calls a check, else nothing."""
    last = source.strip().rsplit("\n\n", 1)[-1]
    return last if "check_" in last else ""


def _strip_solutions(text: str, in_solution: bool) -> tuple[list, bool]:
    """Remove solution directives from markdown `text`.

    Returns the pieces of text left, in order, with a marker where a solution ended:
    ``ANSWER`` (an open question's ``{solution}``; ``ANSWER_CODE`` when its answer
    holds code) or ``GATED_END`` (the end of a ``{solution-start}`` block, which may
    have begun in an earlier cell); and whether a gated solution is still open.
    """
    pieces: list = []
    kept, lines = [], text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if in_solution:
            match = SOLUTION_END.match(line)
            if match:  # skip the directive and its closing fence
                i += 1
                while i < len(lines) and lines[i].strip() != match["fence"]:
                    i += 1
                in_solution = False
                pieces += ["\n".join(kept), GATED_END]
                kept = []
            i += 1
            continue
        start, whole = SOLUTION_START.match(line), SOLUTION.match(line)
        if start or whole:
            fence = (start or whole)["fence"]
            body = []
            i += 1
            while i < len(lines) and lines[i].strip() != fence:
                body.append(lines[i])
                i += 1
            i += 1
            in_solution = bool(start)
            if whole:
                has_code = any(re.match(r"^`{3,}python", b) for b in body)
                pieces += ["\n".join(kept), ANSWER_CODE if has_code else ANSWER]
                kept = []
            continue
        kept.append(line)
        i += 1
    pieces.append("\n".join(kept))
    return [p.strip() if isinstance(p, str) else p for p in pieces], in_solution


def _answer_cells(marker: str) -> list[nbformat.NotebookNode]:
    """The cells where a learner answers, in place of a solution taken out."""
    cells = []
    if marker in (ANSWER_CODE, GATED_CODE):
        cells.append(nbformat.v4.new_code_cell("# Your code here"))
    cells.append(nbformat.v4.new_markdown_cell(YOUR_ANSWER))
    return cells


def make_workbook(chapter: Path, index: BookIndex, repository_url: str,
                  solutions: bool = False) -> nbformat.NotebookNode:  # fmt: skip
    """The learner workbook of one chapter (MyST Markdown notebook).

    `index` holds what the built book shows for the chapter's references and glued
    values (:func:`book_index`). With ``solutions=True`` the solution code stays in
    place of the stubs: the same notebook, solved, to show that every exercise can be
    solved as posed.
    """
    docname = f"{chapter.parent.name}/{chapter.stem}"
    source = jupytext.read(chapter)
    kept = _kept_code(source.cells, solutions)
    code = iter(strip_checks([(text, hidden) for text, hidden, _ in kept]))
    cells = [nbformat.v4.new_code_cell(setup_cell(repository_url))]
    in_solution, level = False, 1
    solution = {"code": False, "stub": False}  # what the open gated solution holds
    for cell in source.cells:
        if cell.cell_type == "markdown":
            pieces, in_solution = _strip_solutions(cell.source, in_solution)
            for piece in pieces:
                if piece == GATED_END:
                    if not solution["stub"]:  # nothing for the learner to fill in yet
                        cells += _answer_cells(GATED_CODE if solution["code"] else ANSWER)
                    solution = {"code": False, "stub": False}
                elif piece in (ANSWER, ANSWER_CODE):
                    cells += _answer_cells(piece)
                elif piece:
                    piece = WORKBOOK_PARAGRAPH.sub(lambda _: _workbook_note(docname, index), piece)
                    markdown, level = convert(piece, docname, index, level)
                    cells.append(nbformat.v4.new_markdown_cell(markdown))
            continue
        if in_solution:
            solution["code"] = True
            solution["stub"] |= "stub" in cell.metadata.get("workbook", {})
        if not any(original is cell for _, _, original in kept):
            continue  # part of a worked solution
        text = next(code)
        if text is None:
            continue  # one of the book's checks
        note = cell.metadata.get("workbook", {}).get("lean_note")
        if note and not solutions:
            cells.append(nbformat.v4.new_markdown_cell(convert(f"> {note.strip()}", docname, index)[0]))
        tags = [t for t in cell.metadata.get("tags", []) if t != "remove-cell"]
        new = nbformat.v4.new_code_cell(text)
        if tags:
            new.metadata["tags"] = tags
        cells.append(new)
        figure = cell.metadata.get("mystnb", {}).get("figure", {})
        if "name" in figure:
            cells.append(nbformat.v4.new_markdown_cell(_caption(figure, docname, index)))
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"  # stable ids: the same chapter gives the same file
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python",
                                        "name": "python3"},
                         "language_info": {"name": "python"}}  # fmt: skip
    return notebook


def _kept_code(cells: list, solutions: bool) -> list[tuple[str, bool, object]]:
    """The chapter's code cells that a workbook keeps, each as (its code as the
    workbook has it before the book's checks are taken out, whether the page hides
    it, the chapter's cell): the worked solutions go, a stub replaces its solution."""
    kept, in_solution = [], False
    for cell in cells:
        if cell.cell_type == "markdown":
            in_solution = _strip_solutions(cell.source, in_solution)[1]
            continue
        stub = cell.metadata.get("workbook", {}).get("stub")
        lean = cell.metadata.get("workbook", {}).get("lean")
        if in_solution and stub is None:
            continue
        if stub is not None and not solutions:
            code = (stub.rstrip() + "\n\n" + check_block(cell.source)).strip()
        elif lean is not None:
            code = lean.strip()
        else:
            code = cell.source
        kept.append((code, "remove-cell" in cell.metadata.get("tags", []), cell))
    return kept


def _workbook_note(docname: str, index: BookIndex) -> str:
    return WORKBOOK_NOTE.format(title=index.titles[docname], url=index.url(docname))


def _caption(figure: dict, docname: str, index: BookIndex) -> str:
    """A figure's number and caption, as the page shows them under the figure."""
    number = index.numbered[figure["name"]].text
    caption, _ = convert(figure.get("caption", "").strip(), docname, index)
    return f"**{number}** {caption}".strip()


def workbook_text(chapter: Path, index: BookIndex, repository_url: str) -> str:
    """The workbook as the text of its .ipynb file."""
    return nbformat.writes(make_workbook(chapter, index, repository_url)) + "\n"


def repository_url(config: Path) -> str:
    """The repository URL, from its one place: the book's ``_config.yml``."""
    return yaml.safe_load(config.read_text())["repository"]["url"]


def book_index(build: Path, repository: str, root: Path = REPO) -> BookIndex:
    """What the book built into `build` (a ``_build`` folder) shows for its references.

    Reads the build's Sphinx environment (equation, figure and exercise numbers,
    section and page titles, citations) and the values each chapter glued.
    """
    from docutils.nodes import make_id
    from pybtex.richtext import Text
    from sphinx.directives.code import LiteralIncludeReader  # noqa: F401 (the pickle's classes)

    from fashionbook.sphinx.listing import LiteralIncludeReader as Listing

    environment_file = build / ".doctrees" / "environment.pickle"
    if not environment_file.is_file():
        raise FileNotFoundError(f"{environment_file} is missing: build the book first (make book)")
    with environment_file.open("rb") as file:
        env = pickle.load(file)
    config = env.config

    glued = {}
    for docname in env.found_docs:
        path = build / "jupyter_execute" / f"{docname}.glue.json"
        if path.is_file():
            outputs = json.loads(path.read_text())
            glued[docname] = {name: output["data"]["text/plain"] for name, output in outputs.items()}

    def number(docname: str, kind: str, anchor: str) -> str:
        return ".".join(str(n) for n in env.toc_fignumbers[docname][kind][anchor])

    equations = {}
    for label, (docname, eqno) in env.domaindata["math"]["objects"].items():
        # as Sphinx's math domain resolves {eq}: the id is make_id's (lower case, so
        # eq-X is #equation-eq-x), the number by chapter, (4.6), when math_numfig is on
        anchor = make_id(f"equation-{label}")
        if config.math_numfig and config.numfig:
            shown = config.math_numsep.join(number(docname, "displaymath", anchor).rsplit(".", 1))
        else:
            shown = str(eqno)
        equations[label] = Place(docname, anchor, (config.math_eqref_format or "({number})").format(number=shown))
    numbered = {label: Place(docname, label, config.numfig_format[kind] % number(docname, kind, label))
                for docname, kinds in env.toc_fignumbers.items()
                for kind in ("figure", "exercise") for label in kinds.get(kind, {})}  # fmt: skip
    sections = {label: Place(docname, anchor, title)
                for label, (docname, anchor, title) in env.domaindata["std"]["labels"].items()}  # fmt: skip
    citations = {}
    for citation in env.domaindata["cite"]["citations"]:
        people = citation.entry.persons.get("author", [])
        names = [Text.from_latex(" ".join(p.last_names)).render_as("text") for p in people]
        if len(names) > 2 or "others" in names:
            authors = f"{names[0]} et al."
        else:
            authors = " and ".join(names)
        citations[citation.key] = Place(citation.bibliography_key.docname, citation.citation_id,
                                        f"{authors}, {citation.entry.fields['year']}")  # fmt: skip

    def listing(docname: str, path: str, options: dict[str, str]) -> str:
        filename = root / Path(docname).parent / path
        options = {name: (value or None) for name, value in options.items()}
        return Listing(str(filename), options, config).read()[0]

    return BookIndex(
        site=site_url(repository),
        glued=glued,
        equations=equations,
        numbered=numbered,
        sections=sections,
        titles={docname: title.astext() for docname, title in env.titles.items()},
        citations=citations,
        listing=listing,
    )


def notebook_chapters(book: Path) -> list[Path]:
    """The chapters that are notebooks (MyST Markdown with a jupytext header)."""
    return sorted(p for p in book.glob("[0-9]*.md") if "jupytext:" in p.read_text())


def main(root: Path = REPO, build: Path | None = None) -> int:
    url = repository_url(root / "_config.yml")
    index = book_index(build or root / "_build", url, root)
    for chapter in notebook_chapters(root / "book"):
        target = chapter.with_suffix(".ipynb")
        target.write_text(workbook_text(chapter, index, url))
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Learner workbooks: each chapter as a notebook with the solutions taken out.

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

    from fashionbook.checks import check_sigmoid
    check_sigmoid(sigmoid)
    ```

In the workbook that cell becomes the stub followed by the cell's last paragraph, the
check. Every other part of a solution (its text, and code cells without a stub) is
left out; an open question gets a cell for the learner's own answer. A first cell makes
``fashionbook`` importable wherever the notebook runs (Binder, a laptop, Colab).

    python scripts/workbooks.py          # or: make workbooks
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jupytext
import nbformat
import yaml

SOLUTION_START = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution-start\}")
SOLUTION_END = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution-end\}")
SOLUTION = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}")
YOUR_ANSWER = "**Your answer:** _double-click here and write it._"


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


def _strip_solutions(text: str, in_solution: bool) -> tuple[str, bool, bool]:
    """Remove solution directives from markdown `text`.

    Returns the remaining text, whether a gated solution is still open at the end,
    and whether an open question's answer was removed (it gets an answer cell).
    """
    kept, lines = [], text.split("\n")
    removed_answer = False
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
            i += 1
            continue
        start, whole = SOLUTION_START.match(line), SOLUTION.match(line)
        if start or whole:
            fence = (start or whole)["fence"]
            i += 1
            while i < len(lines) and lines[i].strip() != fence:
                i += 1
            i += 1
            in_solution = bool(start)
            removed_answer = removed_answer or bool(whole)
            continue
        kept.append(line)
        i += 1
    return "\n".join(kept).strip(), in_solution, removed_answer


def make_workbook(chapter: Path, repository_url: str, solutions: bool = False) -> nbformat.NotebookNode:
    """The learner workbook of one chapter (MyST Markdown notebook).

    With ``solutions=True`` the solution code stays in place of the stubs: the same
    notebook, solved, to show that every exercise can be solved as posed.
    """
    source = jupytext.read(chapter)
    cells = [nbformat.v4.new_code_cell(setup_cell(repository_url))]
    in_solution = False
    for cell in source.cells:
        if cell.cell_type == "markdown":
            text, in_solution_after, removed_answer = _strip_solutions(cell.source, in_solution)
            if text:
                cells.append(nbformat.v4.new_markdown_cell(text))
            if removed_answer:
                cells.append(nbformat.v4.new_markdown_cell(YOUR_ANSWER))
            in_solution = in_solution_after
            continue
        stub = cell.metadata.get("workbook", {}).get("stub")
        if in_solution and stub is None:
            continue  # part of a worked solution
        if stub is not None and not solutions:
            code = (stub.rstrip() + "\n\n" + check_block(cell.source)).strip()
        else:
            code = cell.source
        tags = [t for t in cell.metadata.get("tags", []) if t != "remove-cell"]
        new = nbformat.v4.new_code_cell(code)
        if tags:
            new.metadata["tags"] = tags
        cells.append(new)
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"  # stable ids: the same chapter gives the same file
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python",
                                        "name": "python3"},
                         "language_info": {"name": "python"}}  # fmt: skip
    return notebook


def workbook_text(chapter: Path, repository_url: str) -> str:
    """The workbook as the text of its .ipynb file."""
    return nbformat.writes(make_workbook(chapter, repository_url)) + "\n"


def repository_url(config: Path) -> str:
    """The repository URL, from its one place: the book's ``_config.yml``."""
    return yaml.safe_load(config.read_text())["repository"]["url"]


def notebook_chapters(book: Path) -> list[Path]:
    """The chapters that are notebooks (MyST Markdown with a jupytext header)."""
    return sorted(p for p in book.glob("[0-9]*.md") if "jupytext:" in p.read_text())


def main(root: Path = Path(".")) -> int:
    url = repository_url(root / "_config.yml")
    for chapter in notebook_chapters(root / "book"):
        target = chapter.with_suffix(".ipynb")
        target.write_text(workbook_text(chapter, url))
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The book on paper: what the LaTeX build (``make pdf``) changes, and nothing else.

Three things a page can do and paper cannot, decided here on the whole book as the
LaTeX builder assembles it (``doctree-resolved``, after every reference is resolved;
the HTML build never sees any of it, and nothing is stored in the doctrees):

- **The intro is front matter.** Sphinx makes each ``##`` section of the root page a
  chapter, so "Who this book is for" would be chapter 1 and "Pixels" chapter 5, and
  every figure and equation number would differ from the site's. The intro becomes one
  unnumbered "Preface" (``\\frontmatter``, roman page numbers), and ``\\mainmatter``
  starts the chapters at 1, so "Fig. 3.2" and "(4.6)" are the site's numbers.
- **Solutions go to an appendix.** On the site a solution stays folded until the reader
  opens it; on paper it would be read before the exercise is tried. Each exercise says
  on which page its solution is; the solutions are gathered at the end of the book,
  chapter by chapter, in the order of the exercises.
- **Code the site folds away is left out.** A cell tagged ``hide-input`` shows its
  output and folds its code on the site; on paper there is no fold, so its output is
  printed without the code, as on the page before the reader unfolds it (``hide-cell``
  and ``hide-output`` leave out what they fold). An interactive output (the explorable
  map of chapter 3) becomes a sentence saying that the web edition has it here, and
  the garment pictures that only its JavaScript uses are left out.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node, solution_node

_EXERCISES = (exercise_node, exercise_enumerable_node)
# myst-nb's hide modes, and which of a cell's parts each one folds on the site
# the text an HTML display leaves for formats that cannot show HTML
_HTML_PLACEHOLDER = "<IPython.core.display.HTML object>"
_SCRIPT_ONLY_IMAGES = "fashionbook-map-sprite"  # chapter 3's map's garments (hidden on the site too)
_FOLDED = {"input": {"source"}, "output": {"output"}, "input+output": {"source", "output"},
           "all": {"source", "output"}}  # fmt: skip


def _is_exercise(node: nodes.Node) -> bool:
    return isinstance(node, _EXERCISES)


def _latex(text: str) -> nodes.raw:
    return nodes.raw("", text + "\n", format="latex")


def _section(title: str, ident: str) -> nodes.section:
    section = nodes.section(ids=[ident])
    section += nodes.title(text=title)
    return section


def _fold_away(tree: nodes.Node) -> None:
    """Leave out what the site folds: hidden code, hidden outputs."""
    for cell in list(tree.findall(nodes.container)):
        folded = _FOLDED.get(cell.get("hide_mode", ""), set())
        if cell.get("nb_element") != "cell_code" or not folded:
            continue
        for part in list(cell.children):
            kind = part.get("nb_element", "").removeprefix("cell_code_")
            if kind in folded:
                cell.remove(part)


def _print_what_paper_can(tree: nodes.Node) -> None:
    """Interactive outputs become a sentence; images only a script uses are left out."""
    for image in list(tree.findall(nodes.image)):
        if _SCRIPT_ONLY_IMAGES in image.get("classes", []):
            image.parent.remove(image)
    for block in list(tree.findall(nodes.literal_block)):
        if block.astext().strip() == _HTML_PLACEHOLDER:
            note = nodes.paragraph(text="The web edition of this book shows an interactive "
                                   "figure here, made from the static one above.")  # fmt: skip
            note["classes"].append("fashionbook-web-only")
            block.replace_self(note)


def _gather_solutions(chapters: list[nodes.section]) -> nodes.section | None:
    """Move every solution into an appendix; leave a page reference at its exercise."""
    appendix = _section("Solutions", "fashionbook-solutions")
    exercises = {ex["label"]: ex for chapter in chapters for ex in chapter.findall(_is_exercise)}
    for chapter in chapters:
        solutions = list(chapter.findall(solution_node))
        if not solutions:
            continue
        title = chapter.next_node(nodes.title).astext()
        group = _section(title, f"fashionbook-solutions-{chapter['ids'][0]}")
        # references inside a solution resolve in its chapter's file, as on the site
        moved = addnodes.start_of_file(docname=solutions[0]["docname"])
        group += moved
        for solution in solutions:
            solution.parent.remove(solution)
            moved += solution
            exercise = exercises[solution["target_label"]]
            where = f"{solution['docname']}:{solution['label']}"
            exercise.parent.insert(
                exercise.parent.index(exercise) + 1,
                _latex(r"\par\noindent\hfill\emph{Solution on page~\pageref{" + where + "}.}"),
            )
        appendix += group
    return appendix if len(appendix) > 1 else None


def shape_for_paper(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Front matter, chapters, then the solutions, for the LaTeX builder only."""
    if app.builder.name != "latex":
        return
    book = doctree.next_node(nodes.section)  # the intro's title: the book's title
    toc = next(child for child in book.children
               if isinstance(child, nodes.compound) and "toctree-wrapper" in child["classes"])  # fmt: skip
    preface = _section("Preface", "fashionbook-preface")
    for child in book.children[1 : book.index(toc)]:
        book.remove(child)
        preface += child
    book.insert(1, _latex(r"\frontmatter"))
    book.insert(2, preface)
    book.insert(3, _latex(r"\mainmatter"))
    _fold_away(toc)
    _print_what_paper_can(toc)
    chapters = [section for section in toc.findall(nodes.section)
                if isinstance(section.parent, nodes.section) is False]  # fmt: skip
    appendix = _gather_solutions(chapters)
    if appendix is not None:
        book += _latex(r"\appendix")
        book += appendix


PDF = "fashion-mnist-book.pdf"  # `make pdf` copies it into the site's root (Makefile)


def link_the_pdf(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The PDF's link among the icons at the top of the sidebar, on every page."""
    link = {"name": "PDF edition of the whole book", "url": context["pathto"](PDF, 1),
            "icon": "fa-solid fa-file-pdf", "type": "fontawesome"}  # fmt: skip
    context["theme_icon_links"] = [*context.get("theme_icon_links", []), link]


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("doctree-resolved", shape_for_paper)
    app.connect("html-page-context", link_the_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

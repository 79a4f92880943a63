"""The book on paper: what the LaTeX build (``make pdf``) changes, and nothing else.

What a page can do and paper cannot, decided here on the whole book as the
LaTeX builder assembles it (``doctree-resolved``, after every reference is resolved;
the HTML build never sees any of it, and nothing is stored in the doctrees):

- **The intro is front matter.** Sphinx makes each ``##`` section of the root page a
  chapter, so "Who this book is for" would be chapter 1 and "Pixels" chapter 5, and
  every figure and equation number would differ from the site's. The intro becomes one
  unnumbered "Preface", its sections unnumbered too, on roman pages that go on from
  the table of contents; ``\\mainmatter`` starts the chapters at 1 on page 1, so
  "Fig. 3.2" and "(4.6)" are the site's numbers. The preface opens by saying where
  the web edition is, and that its clicks, folds and rocket button are the web's.
- **Solutions go to an appendix.** On the site a solution stays folded until the reader
  opens it; on paper it would be read before the exercise is tried. Each exercise says
  on which page its solution is; the solutions are gathered at the end of the book,
  chapter by chapter, in the order of the exercises.
- **Code the site folds away is left out.** A cell tagged ``hide-input`` shows its
  output and folds its code on the site; on paper there is no fold, so its output is
  printed without the code, as on the page before the reader unfolds it (``hide-cell``
  and ``hide-output`` leave out what they fold). An interactive output (the explorable
  map of chapter 3) becomes a sentence saying that the web edition has it here, and
  the garment pictures that only its JavaScript uses are left out. A section left
  with nothing but its title (chapter 10's "References": LaTeX prints the works cited
  once, at the end) is left out.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node, solution_node

from fashionbook.sphinx.site import site_url

_EXERCISES = (exercise_node, exercise_enumerable_node)
# the text an HTML display leaves for formats that cannot show HTML
_HTML_PLACEHOLDER = "<IPython.core.display.HTML object>"
_SCRIPT_ONLY_IMAGES = "fashionbook-map-sprite"  # chapter 3's map's garments (hidden on the site too)
# myst-nb's hide modes, and which of a cell's parts each one folds on the site
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


# LaTeX, in front of everything: the table of contents' roman page numbers go on into
# the preface (Sphinx's own command restarts them at 1 after the contents), and the
# checks' tick, which the book's monospaced font lacks
PREAMBLE = r"""
\makeatletter
\renewcommand{\sphinxtableofcontents}{\pagenumbering{roman}\begingroup\parskip\z@skip
  \sphinxtableofcontentshook\tableofcontents\endgroup
  \if@openright\cleardoublepage\else\clearpage\fi}
\makeatother
\usepackage{newunicodechar}
\newunicodechar{✅}{\checkmark}
"""
FRONT_MATTER = r"\makeatletter\@mainmatterfalse\makeatother\setcounter{secnumdepth}{-1}"
MAIN_MATTER = r"\setcounter{secnumdepth}{2}\mainmatter"  # 2: Sphinx's own depth


def _link(text: str, url: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=url)


def _paper_note(site: str) -> nodes.paragraph:
    """The preface's first words: where the web edition is, and what differs on paper."""
    note = nodes.paragraph()
    note += nodes.emphasis(text="This is the paper edition. ")
    note += nodes.Text("The web edition is at ")
    note += _link(site, site)
    note += nodes.Text(
        ". Where the text speaks of clicking, of hidden solutions or of a chapter's "
        "rocket button, it means the web edition, where the rocket button opens the "
        "chapter's workbook in Binder or Colab. Here, each exercise gives the page of its "
        "solution, in the appendix, and code that the web pages fold away is left out."
    )
    return note


def _print_what_paper_can(toc: nodes.Node, site: str) -> None:
    """Interactive outputs become a sentence with their page's address; images only a
    script uses are left out."""
    for image in list(toc.findall(nodes.image)):
        if _SCRIPT_ONLY_IMAGES in image.get("classes", []):
            image.parent.remove(image)
    for chapter in toc.findall(addnodes.start_of_file):
        for block in list(chapter.findall(nodes.literal_block)):
            if block.astext().strip() == _HTML_PLACEHOLDER:
                url = f"{site}{chapter['docname']}.html"
                note = nodes.paragraph()
                note += nodes.Text("Here the web edition has an interactive figure, made "
                                   "from the map above: ")  # fmt: skip
                note += _link(url, url)
                note += nodes.Text(".")
                block.replace_self(note)


def _drop_empty_sections(tree: nodes.Node) -> None:
    """Leave out a section with nothing left under its title."""
    for section in list(tree.findall(nodes.section)):
        titles = [child for child in section.children if isinstance(child, nodes.title)]
        pictures = section.findall(lambda node: isinstance(node, (nodes.image, nodes.raw)))
        if titles and section.astext().strip() == titles[0].astext().strip() \
                and next(iter(pictures), None) is None:  # fmt: skip
            section.parent.remove(section)


def _gather_solutions(chapters: list[nodes.section]) -> nodes.section | None:
    """Move every solution into an appendix, a section per chapter; leave a page
    reference in its exercise's box."""
    appendix = _section("Solutions", "fashionbook-solutions")
    exercises = {ex["label"]: ex for chapter in chapters for ex in chapter.findall(_is_exercise)}
    for number, chapter in enumerate(chapters, start=1):
        solutions = list(chapter.findall(solution_node))
        if not solutions:
            continue
        title = f"Chapter {number}: {chapter.next_node(nodes.title).astext()}"
        group = _section(title, f"fashionbook-solutions-{chapter['ids'][0]}")
        for solution in solutions:
            # references inside a solution resolve in its own file, as on the site
            if not len(group) > 1 or group[-1]["docname"] != solution["docname"]:
                group += addnodes.start_of_file(docname=solution["docname"])
            solution.parent.remove(solution)
            group[-1] += solution
            exercise = exercises.get(solution["target_label"])
            if exercise is None:
                raise ValueError(f"{solution['docname']}: the solution to "
                                 f"{solution['target_label']!r} has no exercise in a chapter")  # fmt: skip
            where = f"{solution['docname']}:{solution['label']}"
            # inside the exercise's box: never a page away from it
            exercise += _latex(r"\par\hfill\emph{Solution on page~\pageref{" + where + "}.}")
        appendix += group
    return appendix if len(appendix) > 1 else None


def shape_for_paper(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Front matter, chapters, then the solutions, for the LaTeX builder only."""
    if app.builder.name != "latex" or docname != app.config.root_doc:
        return
    book = doctree.next_node(nodes.section)  # the intro's title: the book's title
    tocs = [child for child in book.children
            if isinstance(child, nodes.compound) and "toctree-wrapper" in child["classes"]]  # fmt: skip
    if len(tocs) != 1:
        raise ValueError(f"the PDF expects one table of contents in {docname}, found {len(tocs)}")
    toc = tocs[0]
    site = site_url(app.config.html_theme_options["repository_url"])
    preface = _section("Preface", "fashionbook-preface")
    preface += _latex(r"\markboth{Preface}{Preface}")
    preface += _paper_note(site)
    for child in book.children[1 : book.index(toc)]:
        book.remove(child)
        preface += child
    book.insert(1, _latex(FRONT_MATTER))
    book.insert(2, preface)
    book.insert(3, _latex(MAIN_MATTER))
    _fold_away(toc)
    _print_what_paper_can(toc, site)
    _drop_empty_sections(toc)
    # a chapter: a section at the top of its file (Sphinx puts each file's document in
    # a start_of_file node), not one within another section
    chapters = [section for section in toc.findall(nodes.section)
                if not isinstance(section.parent, nodes.section)]  # fmt: skip
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


def add_preamble(app: Sphinx, config) -> None:
    config.latex_elements = {**config.latex_elements,
                             "preamble": config.latex_elements.get("preamble", "") + PREAMBLE}  # fmt: skip


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("config-inited", add_preamble)
    app.connect("doctree-resolved", shape_for_paper)
    app.connect("html-page-context", link_the_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The book's MyST Markdown as plain Markdown, the way the built book shows it.

A workbook is read in JupyterLab, Notebook 7 or Colab, which render CommonMark with
``$...$`` and ``$$...$$`` math and know nothing of MyST's roles and directives. This
module writes each of them as the page shows it, with the numbers and titles the book's
build gave them (a :class:`BookIndex` read off the build):

- ``{glue:text}`` becomes the glued value, formatted as on the page;
- ``{eq}``, ``{numref}``, ``{ref}`` and ``{doc}`` become the equation's number, the
  figure's or exercise's number, the section's or chapter's title, each a link to its
  place on the published site; ``{cite}`` becomes author and year, linking to the
  reference in the book's bibliography;
- a labelled equation ``$$ ... $$ (label)`` carries its number (``\\tag``);
- an admonition becomes a quote block under its bold title, an exercise a heading
  ("Exercise 4.2 (title)") one level below the section it is in, and a
  ``literalinclude`` the code the page shows, in a fenced block.

A role or directive it does not know raises :class:`UnknownSyntax`, so that a chapter
that uses something new fails ``make workbooks`` instead of showing raw syntax to a
learner. (MyST's rarer syntax, ``{{ substitutions }}``, ``% comments`` and footnotes, is
not used by the book and not converted; the workbooks' tests look for what a learner
would see raw.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROLE = re.compile(r"\{(?P<name>[a-z]+(?::[a-z]+)?)\}`(?P<content>[^`]+)`")
DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}\s*(?P<argument>.*)$")
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s")
TARGET = re.compile(r"^\([\w-]+\)=\s*$")
LABELLED_MATH_END = re.compile(r"^(?P<math>.*)\$\$\s*\((?P<label>[\w-]+)\)\s*$")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>$|])")


class UnknownSyntax(ValueError):
    """MyST syntax that the workbooks do not know how to write in plain Markdown."""


@dataclass(frozen=True)
class Place:
    """Where a label points on the site, and what the page shows for it."""

    docname: str  # "book/04_logistic_regression"
    anchor: str  # "equation-eq-sigmoid"
    text: str  # "(6)", "Fig. 4.1", "Exercise 4.2", a section's title


@dataclass(frozen=True)
class BookIndex:
    """What the built book shows for the references in its sources.

    Built by ``workbooks.book_index`` from a build's Sphinx environment and glued values.
    """

    site: str  # the published site's address, ending in "/"
    glued: dict[str, dict[str, str]]  # docname -> name -> text/plain of the value
    equations: dict[str, Place]
    numbered: dict[str, Place]  # figures and exercises: "Fig. 1.1", "Exercise 1.3"
    sections: dict[str, Place]
    titles: dict[str, str]  # docname -> the page's title
    citations: dict[str, Place]  # key -> "Xiao et al., 2017" at its bibliography entry
    # (docname, path as the chapter names it, options) -> the code the page shows
    listing: Callable[[str, str, dict[str, str]], str] = field(repr=False)

    def url(self, docname: str, anchor: str = "") -> str:
        return f"{self.site}{docname}.html" + (f"#{anchor}" if anchor else "")

    def link(self, place: Place) -> str:
        return f"[{place.text}]({self.url(place.docname, place.anchor)})"


def convert(text: str, docname: str, index: BookIndex, level: int = 1) -> tuple[str, int]:
    """A Markdown cell of chapter `docname` in plain Markdown.

    `level` is the depth of the last heading before the cell (an exercise's heading goes
    one below it); returns the converted text and the depth of its last heading.
    """
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        heading, fence, directive = HEADING.match(line), FENCE.match(line), DIRECTIVE.match(line)
        if directive:
            end = _closing(lines, i, directive["fence"])
            options, body = _options_and_body(lines[i + 1 : end])
            block, level = _directive(directive["name"], directive["argument"], options, body,
                                      docname, index, level)  # fmt: skip
            out.extend(block)
            i = end + 1
        elif fence:  # a plain code block: as it is
            end = _closing(lines, i, fence["fence"])
            out.extend(lines[i : end + 1])
            i = end + 1
        elif line.startswith("$$"):  # display math, on one line or several
            one_line = "$$" in line[2:]
            end = i if one_line else next((j for j in range(i + 1, len(lines)) if "$$" in lines[j]), None)
            if end is None:
                raise UnknownSyntax(f"the display math opened by {line!r} is not closed")
            out.extend(_labelled_math(lines[i : end + 1], index))
            i = end + 1
        elif TARGET.match(line):
            i += 1  # a label for cross-references: the site has the anchor
        else:
            if heading:
                level = len(heading["hashes"])
            out.append(line)
            i += 1
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out))
    return _roles(text, docname, index).strip("\n").rstrip(), level


def _closing(lines: list[str], start: int, fence: str) -> int:
    """The index of the line that closes the block opened at `start` with `fence`."""
    for j in range(start + 1, len(lines)):
        if lines[j].strip() == fence:
            return j
    raise UnknownSyntax(f"the block opened by {lines[start]!r} is not closed")


def _options_and_body(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """A directive's ``:name: value`` options and the lines of its body."""
    options: dict[str, str] = {}
    i = 0
    while i < len(lines) and re.match(r"^:[\w-]+:", lines[i]):
        name, _, value = lines[i][1:].partition(":")
        options[name] = value.strip()
        i += 1
    return options, lines[i:]


def _directive(name: str, argument: str, options: dict[str, str], body: list[str],
               docname: str, index: BookIndex, level: int) -> tuple[list[str], int]:  # fmt: skip
    """A directive's lines in plain Markdown, and the heading depth after it."""
    if name == "admonition":
        inner, _ = convert("\n".join(body).strip("\n"), docname, index, level)
        quoted = [f"> {line}".rstrip() for line in inner.split("\n")]
        return ["", f"> **{argument}**", ">", *quoted], level
    if name in ("exercise", "exercise-start"):
        heading = f"{'#' * min(level + 1, 6)} {_exercise_title(argument, options, index)}"
        inner, _ = convert("\n".join(body).strip("\n"), docname, index, level + 1)
        return ["", heading, *([""] + [inner] if inner else [])], level
    if name == "exercise-end":
        return [], level
    if name == "literalinclude":
        code = index.listing(docname, argument, options)
        return [f"```{options.get('language', '')}", *code.rstrip("\n").split("\n"), "```"], level
    raise UnknownSyntax(f"the directive {{{name}}} has no plain Markdown form in workbooks")


def _exercise_title(argument: str, options: dict[str, str], index: BookIndex) -> str:
    place = index.numbered[options["label"]]
    return f"{place.text} ({argument})" if argument else place.text


def _labelled_math(lines: list[str], index: BookIndex) -> list[str]:
    """A display equation, numbered as on the page when it has a label."""
    end = LABELLED_MATH_END.match(lines[-1])
    if not end:
        return lines
    place = index.equations[end["label"]]
    number = place.text.strip("()")
    closing = [end["math"]] if end["math"].strip() else []
    return lines[:-1] + closing + [rf"\tag{{{number}}}", "$$"]


def _roles(text: str, docname: str, index: BookIndex) -> str:
    """Every inline role of `text` (outside code blocks) as the page shows it."""
    parts = re.split(r"(^```.*?^```$)", text, flags=re.MULTILINE | re.DOTALL)
    for k in range(0, len(parts), 2):  # the even parts are outside code blocks
        parts[k] = ROLE.sub(lambda match: _role(match["name"], match["content"], docname, index),
                            parts[k])  # fmt: skip
    return "".join(parts)


def _role(name: str, content: str, docname: str, index: BookIndex) -> str:
    explicit = EXPLICIT.match(content)
    text, target = (explicit["text"], explicit["target"]) if explicit else (None, content)
    if name == "glue:text":
        return _glued(content, docname, index)
    if name == "eq":
        return index.link(index.equations[target])
    if name == "numref":
        place = index.numbered[target]
        shown = text.replace("%s", place.text.split()[-1]) if text else place.text
        return index.link(Place(place.docname, place.anchor, shown))
    if name == "ref":
        place = index.numbered.get(target) or index.sections[target]
        return index.link(Place(place.docname, place.anchor, text or place.text))
    if name == "doc":
        target_doc = str(Path(docname).parent / target)
        return f"[{text or index.titles[target_doc]}]({index.url(target_doc)})"
    if name == "cite":
        return "; ".join(_citation(index.citations[key.strip()], index) for key in content.split(","))
    raise UnknownSyntax(f"the role {{{name}}} has no plain Markdown form in workbooks")


def _citation(place: Place, index: BookIndex) -> str:
    return f"[\\[{place.text}\\]]({index.url(place.docname, place.anchor)})"


def _glued(content: str, docname: str, index: BookIndex) -> str:
    """A glued value formatted as myst-nb's ``glue:text`` formats it."""
    from myst_nb.core.variables import format_plain_text

    key, spec = content.rsplit(":", 1) if ":" in content else (content, "")
    value = format_plain_text(index.glued[docname][key], spec)
    return MARKDOWN_SPECIAL.sub(r"\\\1", value)

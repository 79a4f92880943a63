"""A Sphinx extension: ``literalinclude`` with ``:pyobject:`` shows code, not its manual.

A chapter that teaches a function includes it from ``lib/`` so that the page and the
tested code are one text. Sphinx's ``:pyobject:`` takes the whole function, numpydoc
docstring and all: 25 lines on the page for 4 that compute. This extension adds one
option to ``literalinclude``::

    ```{literalinclude} ../lib/fashionbook/logistic.py
    :pyobject: binary_cross_entropy
    :docstring: summary
    ```

``:docstring: summary`` keeps the decorators, the signature, the docstring's summary
(its first paragraph, closed on its last line) and the body; ``:docstring: none`` drops
the docstring. The object and its docstring are found with Python's own parser (``ast``),
so a docstring's quotes and blank lines inside strings cannot fool it. The other options
(``:start-at:``, ``:end-before:``, ``:dedent:``, ``:emphasize-lines:``, ``:linenos:``)
then work on the lines shown, as they do on a plain ``:pyobject:``; ``:lineno-match:``
is refused when lines were dropped, since the numbers would no longer be the file's.
"""

from __future__ import annotations

import ast
from unittest import mock

from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.directives import code

MODES = ("summary", "none")


def object_lines(source: str, name: str, docstring: str = "summary") -> tuple[list[str], int, bool]:
    """The lines of the function or class `name` (dotted for a method) in `source`.

    Returns the lines (each ending in a newline), the file's line number of the first,
    and whether lines were dropped from the middle. `docstring` is "summary" or "none".
    """
    if docstring not in MODES:
        raise ValueError(f"docstring must be one of {MODES}, got {docstring!r}")
    node = _find(ast.parse(source), name)
    lines = source.splitlines(keepends=True)
    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
    shown = lines[first - 1 : node.end_lineno]
    doc = _docstring_node(node)
    if doc is None:
        return shown, first, False
    start, end = doc.lineno - first, doc.end_lineno - first + 1  # the docstring's lines in `shown`
    kept = [] if docstring == "none" else _summary(shown[start:end], doc.col_offset)
    return shown[:start] + kept + shown[end:], first, len(kept) != end - start


def _find(tree: ast.Module, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef:
    scope: ast.AST = tree
    for part in name.split("."):
        for child in ast.iter_child_nodes(scope):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and child.name == part:
                scope = child
                break
        else:
            raise ValueError(f"no function or class named {name!r}")
    return scope


def _docstring_node(node: ast.AST) -> ast.Expr | None:
    if ast.get_docstring(node, clean=False) is None:
        return None
    return node.body[0]


def _summary(doc_lines: list[str], column: int) -> list[str]:
    """The docstring's source lines up to its first blank line, closed with its quotes."""
    opening = doc_lines[0][column:].lstrip("rRuU").lstrip("\"'")
    first_text = 0 if opening.strip() else 1  # the summary may start on the line after the quotes
    for i in range(first_text + 1, len(doc_lines)):
        if not doc_lines[i].strip():
            break
    else:
        return doc_lines  # a single paragraph: all of it is the summary
    quotes = doc_lines[-1].rstrip()[-3:]
    if quotes not in ('"""', "'''"):
        quotes = doc_lines[-1].rstrip()[-1]
    last = doc_lines[i - 1].rstrip("\r\n")
    return doc_lines[: i - 1] + [last + quotes + "\n"]


class LiteralIncludeReader(code.LiteralIncludeReader):
    """Sphinx's reader, whose ``:pyobject:`` step also applies ``:docstring:``."""

    def pyobject_filter(self, lines: list[str], location: tuple[str, int] | None = None) -> list[str]:
        mode = self.options.get("docstring")
        if mode is None:
            return super().pyobject_filter(lines, location)
        if "pyobject" not in self.options:
            raise ValueError('the "docstring" option needs "pyobject"')
        shown, first, dropped = object_lines("".join(lines), self.options["pyobject"], mode)
        if "lineno-match" in self.options:
            if dropped:
                raise ValueError('"lineno-match" cannot number a listing whose docstring was cut')
            self.lineno_start = first
        return shown


class LiteralInclude(code.LiteralInclude):
    option_spec = dict(code.LiteralInclude.option_spec, docstring=lambda arg: directives.choice(arg, MODES))

    def run(self):
        # Sphinx's run() builds its reader from the module's name: give it ours.
        with mock.patch.object(code, "LiteralIncludeReader", LiteralIncludeReader):
            return super().run()


def setup(app: Sphinx) -> dict:
    app.add_directive("literalinclude", LiteralInclude, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

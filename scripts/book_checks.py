"""Take the book's own checks out of a chapter's code: what a workbook runs.

A chapter's hidden cells (tagged ``remove-cell``) glue numbers into its prose and
``assert`` what its sentences claim, so that the build fails when a claim stops being
true. A learner's notebook is not the place for them: a run on another machine differs
in the last digits, and a claim checked at the book's precision could stop the learner's
notebook with a bare ``AssertionError``. So in a workbook, a hidden cell loses

- every ``glue(...)`` call, ``assert`` and ``raise``, and the ``myst_nb`` import;
- then every statement that binds, or changes in place, no name a later cell reads
  (the computations that existed only to be glued or asserted).

What a later cell needs stays: :func:`strip_checks` follows the names each cell reads
back through the chapter (a liveness analysis over the cells in order). A statement
also stays when it is a line magic (``%matplotlib inline``), an import marked
``# noqa: F401`` (imported for its side effect), a call made for what it does
(``np.random.seed(0)``), or a ``del`` (of the names still defined by then). A compound
statement whose checks cannot be taken out without leaving an empty block is refused:
keep checks apart from what a cell computes. A hidden cell left with nothing is
dropped. The visible cells are never changed.

Examples
--------
>>> cells = [("x = 1\\ny = 2\\nglue('y', y)\\nassert x < y", True), ("print(x)", False)]
>>> strip_checks(cells)
['x = 1', 'print(x)']
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence

MAGIC = ("%", "!")  # IPython's line magics and shell escapes
# Methods of NumPy arrays, pandas objects, dicts and strings that return something new
# and leave their object as it was.
PURE_METHODS = frozenset({
    "all", "any", "argmax", "argmin", "argsort", "astype", "copy", "count",
    "cumsum", "diagonal", "dot", "endswith", "flatten", "format", "get", "index",
    "item", "items", "join", "keys", "max", "mean", "memory_usage", "min",
    "nonzero", "prod", "ravel", "reshape", "round", "split", "startswith", "std",
    "strip", "sum", "tolist", "transpose", "values", "var",
})  # fmt: skip
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
          ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)  # fmt: skip


def strip_checks(cells: Sequence[tuple[str, bool]]) -> list[str | None]:
    """The code of each cell as the workbook runs it: None for a cell to leave out.

    Parameters
    ----------
    cells : sequence of (str, bool)
        Each code cell's source, and whether it is one of the book's hidden cells.

    Returns
    -------
    list of str or None
        The source of each cell, in order: a hidden cell stripped of the book's checks
        (None when nothing is left), a visible cell unchanged.
    """
    modules = {name for source, _ in cells for statement in _statements(source)
               if isinstance(statement.node, (ast.Import, ast.ImportFrom))
               for name in statement.binds}  # fmt: skip
    live: set[str] = set()
    result: list[str | None] = [None] * len(cells)
    for index in reversed(range(len(cells))):
        source, hidden = cells[index]
        lines_to_drop: set[int] = set()
        kept = False
        for statement in reversed(_statements(source)):
            if hidden:
                dropped = _prune(statement, live, modules)
                if dropped is None:
                    lines_to_drop.update(statement.lines)
                    continue
                lines_to_drop |= dropped
                statement = _Statement.of_lines(source, statement.lines, dropped)
            kept = True
            live = (live - statement.kills) | statement.reads
        result[index] = _without(source, lines_to_drop) if kept else None
    return _del_only_what_exists(cells, result)


class _Statement:
    """A top-level statement of a cell (or a line magic), its lines (from 0), and the
    names it binds, surely replaces (kills) and reads."""

    def __init__(self, node: ast.stmt | None, lines: range, source: str):
        self.node, self.lines, self.source = node, lines, source
        self.binds = set() if node is None else _bound(node)
        self.reads = set() if node is None else _read(ast.Module(body=[node], type_ignores=[]))
        # Only a plain top-level binding surely replaces a name's value; a name bound
        # in a loop or a branch may keep its old value.
        simple = isinstance(node, (ast.Assign, ast.AnnAssign, ast.Import, ast.ImportFrom,
                                   ast.FunctionDef, ast.ClassDef))  # fmt: skip
        self.kills = {name for name in self.binds if name not in self.reads} if simple else set()

    @classmethod
    def of_lines(cls, source: str, lines: range, dropped: set[int]) -> _Statement:
        """The statement at `lines` of `source` once the lines `dropped` are gone."""
        if not dropped:
            return next(s for s in _statements(source) if s.lines == lines)
        text = "\n".join(line for number, line in enumerate(source.split("\n"))
                         if number in lines and number not in dropped)  # fmt: skip
        (node,) = ast.parse(text).body
        return cls(node, lines, source)


def _statements(source: str) -> list[_Statement]:
    """The cell's top-level statements; a line magic is a statement of its own."""
    lines = source.split("\n")
    python = "\n".join("" if line.startswith(MAGIC) else line for line in lines)
    statements = [_Statement(None, range(i, i + 1), source) for i, line in enumerate(lines)
                  if line.startswith(MAGIC)]  # fmt: skip
    for node in ast.parse(python).body:
        statements.append(_Statement(node, _lines_of(node, lines), python))
    return sorted(statements, key=lambda s: s.lines.start)


def _lines_of(node: ast.stmt, lines: list[str]) -> range:
    """The lines (from 0) of `node`, with its decorators and the comments right above."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
    while first > 0 and lines[first - 1].lstrip().startswith("#"):
        first -= 1
    return range(first, node.end_lineno)


def _prune(statement: _Statement, live: set[str], modules: set[str]) -> set[int] | None:
    """The lines of a hidden cell's top-level statement that the workbook drops, or
    None to drop all of it."""
    node = statement.node
    if node is None or _is_side_effect_import(statement) or isinstance(node, ast.Delete):
        return set()  # a magic, an import for its side effect, or a del (narrowed later)
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and not _is_check(node):
        return set()  # a call for what it does (np.random.seed(0)): it may matter later
    lines = statement.source.split("\n")
    dropped = _prune_node(node, live, modules, lines)
    if dropped is None:
        return None
    kept = _Statement.of_lines(statement.source, statement.lines, dropped)
    return dropped if _changes(kept.node, live, modules) else None


def _prune_node(node: ast.stmt, live: set[str], modules: set[str], lines: list[str]) -> set[int] | None:
    """The lines to drop from `node` (None: all of it): its checks, and in a compound
    statement every statement that changes nothing that is live."""
    if _is_check(node) or _imports_glue(node):
        return None
    bodies = [getattr(node, field) for field in ("body", "orelse", "finalbody", "handlers")
              if isinstance(getattr(node, field, None), list)]  # fmt: skip
    if not bodies or isinstance(node, SCOPES):
        return set() if _changes(node, live, modules) else None
    inner_live = live | _read(node)  # what one pass of a loop may hand to the next
    dropped: set[int] = set()
    for body in bodies:
        for child in body:
            if isinstance(child, ast.ExceptHandler):
                child_dropped = _prune_node(ast.Module(body=child.body, type_ignores=[]), inner_live, modules, lines)
            else:
                child_dropped = _prune_node(child, inner_live, modules, lines)
            if child_dropped is None:
                dropped.update(_lines_of(child, lines))
            else:
                dropped |= child_dropped
    body_gone = all(_lines_of(child, lines).start in dropped for child in node.body)
    others = [child for field in ("orelse", "finalbody", "handlers") for child in getattr(node, field, [])]
    if body_gone and all(_lines_of(child, lines).start in dropped for child in others):
        return None  # nothing left to run
    if body_gone or any(not [c for c in body if _lines_of(c, lines).start not in dropped]
                        for body in [getattr(node, f, []) for f in ("orelse", "finalbody")] if body):
        raise ValueError(f"a hidden cell's statement at line {node.lineno} would be left with an "
                         "empty block: keep its checks apart from what it computes")  # fmt: skip
    return dropped


def _changes(node: ast.AST, live: set[str], modules: set[str]) -> bool:
    """Whether `node` binds, or changes in place, a name that is live."""
    return bool(_bound(node, modules) & live)


def _is_check(node: ast.AST) -> bool:
    """An assert, a raise, or a call of ``glue``: the book's checks and glue."""
    if isinstance(node, (ast.Assert, ast.Raise)):
        return True
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name) and node.value.func.id == "glue")  # fmt: skip


def _imports_glue(node: ast.AST) -> bool:
    return isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "myst_nb"


def _is_side_effect_import(statement: _Statement) -> bool:
    node = statement.node
    text = statement.source.split("\n")[node.lineno - 1]
    return isinstance(node, (ast.Import, ast.ImportFrom)) and "noqa: F401" in text


def _bound(node: ast.AST, modules: set[str] = frozenset()) -> set[str]:
    """The names that `node` binds in the notebook's namespace, or changes in place
    (``d[k] = v`` and ``d.append(v)`` change ``d``, unless it is a module);
    not those local to a function or a comprehension."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    names = set()
    todo: list[ast.AST] = [node]
    while todo:
        child = todo.pop()
        if isinstance(child, SCOPES):
            if not isinstance(child, (ast.Lambda, *SCOPES[4:])):
                names.add(child.name)
            continue  # a scope of its own
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            names.add(child.id)
        elif isinstance(child, (ast.Subscript, ast.Attribute)) and isinstance(child.ctx, ast.Store):
            names.update(_base_names(child))
        elif _changes_in_place(child):
            names.update(_base_names(child.func.value) - set(modules))
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in child.names)
        todo.extend(ast.iter_child_nodes(child))
    return names


def _changes_in_place(node: ast.AST) -> bool:
    """A call of a method that may change its object, as ``runs.append(run)`` or
    ``rng.normal()`` (a generator's draw changes what it draws next): any method but
    those known to leave their object as it was."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr not in PURE_METHODS)  # fmt: skip


def _base_names(node: ast.expr) -> set[str]:
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return {node.id} if isinstance(node, ast.Name) else set()


def _read(node: ast.AST) -> set[str]:
    """The names of the notebook's namespace that `node` reads, in it or in the
    functions and comprehensions it defines (less those they bind themselves)."""
    names = set()
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
            names.add(child.id)
        elif isinstance(child, SCOPES):
            names |= _read(child) - _local(child)
        else:
            names |= _read(child)
    return names


def _local(scope: ast.AST) -> set[str]:
    """The names a function, lambda or comprehension binds for itself."""
    names = {child.id for child in ast.walk(scope)
             if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store)}  # fmt: skip
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        arguments = scope.args
        names |= {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs}
        names |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    return names


def _without(source: str, lines: set[int]) -> str:
    """`source` without the lines numbered (from 0) in `lines`, and its blank ends."""
    kept = [line for number, line in enumerate(source.split("\n")) if number not in lines]
    text = "\n".join(kept).strip("\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    ast.parse("\n".join("" if line.startswith(MAGIC) else line for line in text.split("\n")))
    return text


def _del_only_what_exists(cells: Sequence[tuple[str, bool]], sources: list[str | None]) -> list[str | None]:
    """Each ``del`` of a hidden cell narrowed to the names still bound when it runs: a
    hidden cell's ``del`` frees the memory of names that the workbook may never bind."""
    bound: set[str] = set()
    result = []
    for (_, hidden), source in zip(cells, sources):
        if source is None:
            result.append(None)
            continue
        lines: list[str | None] = list(source.split("\n"))
        for statement in _statements(source):
            node = statement.node
            if not isinstance(node, ast.Delete):
                bound |= statement.binds
                continue
            deleted = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if hidden and len(deleted) == len(node.targets):
                first, last = node.lineno - 1, node.end_lineno - 1
                names = [name for name in deleted if name in bound]
                indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
                comment = lines[last].partition("#")[2]
                new = f"{indent}del {', '.join(names)}" + (f"  #{comment}" if comment else "")
                lines[first : last + 1] = [new if names else None] + [None] * (last - first)
            bound -= set(deleted)
        text = "\n".join(line for line in lines if line is not None).strip("\n")
        result.append(text or None)
    return result

"""What a computed result depends on: the code it runs, the data, and the environment.

Two parts of the book keep results and must know when one is out of date: the store of
slow results (:mod:`fashionbook.store`), which keys each result by what it depends on,
and the build, which executes a chapter again when one of its inputs changed
(:mod:`fashionbook.sphinx.freshness`). Both count the same three things, with the
functions of this module:

- the code: the ``fashionbook`` modules a computation imports, the modules those import,
  and so on, with the package's data files their source names (the Matplotlib style
  that ``plots.py`` reads): :func:`imported_modules`, :func:`module_files`;
- the data: the store hashes a result's input arrays themselves, byte by byte; a
  chapter counts ``fashionbook/data.py``, whose SHA-256 checksums the loader holds
  every file to (it refuses any other bytes), so the data changes only when that
  file does;
- the environment: the version of Python, and the versions of the packages the book
  pins (``requirements.txt``) and of the packages they require in turn, the ones whose
  code the computations run: :func:`environment_inputs`. Any other package installed
  beside them (JupyterLab, a newer pip) changes nothing.

Nothing here imports Sphinx or the build (``fashionbook.sphinx``), so a learner's
notebook keys its results without either, and an edit to the build re-keys none.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import platform
import re
from collections.abc import Iterable
from pathlib import Path

PACKAGE = "fashionbook"
REQUIREMENTS = "requirements.txt"  # the book's pins, beside lib/


def digest(data: bytes | str) -> str:
    """The SHA-256 of `data`, in hex."""
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


# -- the code --------------------------------------------------------------------------


def imported_modules(code: str, package: str = PACKAGE, within: str | None = None) -> set[str]:
    """The modules of `package` that the Python source `code` imports.

    Every import counts, at the top of the code or inside a function. ``from fashionbook
    import plots`` names ``fashionbook.plots`` (a submodule), and every import of a
    submodule also runs the ``__init__`` of each package above it. `within` is the
    package the code lives in (by default `package`), from which its relative imports
    start.

    Examples
    --------
    >>> sorted(imported_modules("import numpy\\nfrom fashionbook.data import normalize"))
    ['fashionbook', 'fashionbook.data', 'fashionbook.data.normalize']
    """
    names: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level > 0:  # relative (from .data import x): within the package
                base = (within or package).split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([module] if module else []))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    ours = {name for name in names if name == package or name.startswith(f"{package}.")}
    parents = {name.rsplit(".", depth)[0] for name in ours for depth in range(1, name.count(".") + 1)}
    return ours | parents


def module_files(modules: Iterable[str], package_dir: Path) -> set[Path]:
    """The source files of `modules` and of every package module they import in turn,
    with the package's data files (non-Python files) that their source names: a file
    counts wherever its name appears, in a docstring too, so this module's own text
    names none (it would tie every stored result to it).

    A subpackage (``fashionbook.checks``) is its ``__init__.py``. A name that is not a
    module (``fashionbook.data.normalize``, a function) is skipped, unless it is taken
    from a package that hands out names lazily, by a module-level ``__getattr__``
    (PEP 562, as ``fashionbook.checks`` does): such a name can come from any module of
    that package, so every one of them counts.
    """
    data_files = [p for p in package_dir.iterdir() if p.is_file() and p.suffix != ".py"]
    package = package_dir.name
    found: set[Path] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        parts = name.split(".")[1:]
        folder = package_dir.joinpath(*parts)
        is_package = (folder / "__init__.py").is_file()
        path = folder / "__init__.py" if is_package else folder.with_suffix(".py")
        if not path.is_file():
            parent, init = name.rsplit(".", 1)[0], folder.parent / "__init__.py"
            if init.is_file() and _parsed(init, init.stat().st_mtime_ns, package, parent)[2]:
                todo.extend(f"{parent}.{p.stem}" for p in folder.parent.glob("*.py") if p.stem != "__init__")
            continue
        if path in found:
            continue
        found.add(path)
        within = name if is_package else name.rsplit(".", 1)[0]
        source, imports, _ = _parsed(path, path.stat().st_mtime_ns, package, within)
        found.update(p for p in data_files if p.name in source)
        todo.extend(imports)
    return found


@functools.lru_cache(maxsize=None)
def _parsed(path: Path, mtime_ns: int, package: str, within: str) -> tuple[str, set[str], bool]:
    """The source of the module at `path`, the package modules it imports, and whether
    it hands out names lazily (a module-level ``__getattr__``): parsed once per version
    of the file (its modification time), not once per chapter or result."""
    source = path.read_text()
    lazy = any(
        isinstance(node, ast.FunctionDef) and node.name == "__getattr__" for node in ast.parse(source).body
    )
    return source, imported_modules(source, package, within), lazy


# -- the environment -------------------------------------------------------------------


def requirement_lines(path: Path) -> list[str]:
    """The requirements that the pip requirements file at `path` names, such as
    ``"numpy==2.4.6"``, following ``-r other.txt``; other options (``-e .``) and
    comments are left out."""
    lines = []
    for line in path.read_text().splitlines():
        line = re.sub(r"(^|\s)#.*", "", line).strip()
        if line.startswith(("-r ", "--requirement ")):
            lines += requirement_lines(path.parent / line.split(maxsplit=1)[1])
        elif line and not line.startswith("-"):
            lines.append(line)
    return lines


def book_requirements(checkout: Path | None = None) -> list[str] | None:
    """What the book's environment is made of: the requirements of ``requirements.txt``
    in the book's checkout (by default the one this module is in, beside ``lib/``), or
    else what the installed ``fashionbook`` requires (a learner's install, in Colab), or
    else None (nothing says)."""
    checkout = checkout or Path(__file__).resolve().parents[2]  # lib/fashionbook/
    path = checkout / REQUIREMENTS
    if path.is_file():
        return requirement_lines(path)
    try:
        return importlib.metadata.requires(PACKAGE) or []
    except importlib.metadata.PackageNotFoundError:
        return None


def _canonical(name: str) -> str:
    """A distribution's name as pip compares them (PEP 503): ``Jinja2`` is ``jinja2``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def package_versions(requirements: Iterable[str]) -> dict[str, str]:
    """The version of each distribution that `requirements` name and of every
    distribution they require in turn, as imports find them (the first on
    ``sys.path``), by canonical name: ``{"numpy": "2.4.6", ...}``.

    A requirement counts where its environment marker holds on this machine
    (``tensorflow-cpu; sys_platform == "linux"``), and so does a dependency that
    belongs to an extra that was asked for (``pkg[extra]``); one that is missing has
    the version ``"not installed"``.
    """
    from packaging.requirements import InvalidRequirement, Requirement

    installed: dict[str, tuple[str, list[str]]] = {}  # name: (version, requirements)
    for distribution in importlib.metadata.distributions():  # in the order of sys.path
        metadata = distribution.metadata  # parsed anew at every access: once here
        name = _canonical(metadata["Name"] or "")
        if name not in installed:  # the first on sys.path is the one imported
            requires = metadata.get_all("Requires-Dist")
            installed[name] = (metadata["Version"], requires or distribution.requires or [])
    versions: dict[str, str] = {}
    done: set[tuple[str, str]] = set()  # (distribution, extra) already followed
    todo = [(Requirement(line), {""}) for line in requirements]  # with the extras it is in
    while todo:
        requirement, extras = todo.pop()
        marker = requirement.marker
        if marker is not None and not any(marker.evaluate({"extra": e}) for e in extras):
            continue
        name = _canonical(requirement.name)
        if name not in installed:
            versions[name] = "not installed"
            continue
        versions[name], requires = installed[name]
        wanted = {""} | {_canonical(e) for e in requirement.extras}
        for extra in wanted - {e for d, e in done if d == name}:
            done.add((name, extra))
            for line in requires:
                try:
                    todo.append((Requirement(line), {extra}))
                except InvalidRequirement:
                    pass  # metadata pip would not act on either
    return versions


def environment_inputs() -> dict[str, str]:
    """Digests of what every computation shares: the version of Python and of the
    packages that can change a result: those the book requires and what they require in
    turn (:func:`book_requirements`, :func:`package_versions`). Installing anything else
    (JupyterLab, a newer pip) changes nothing.
    """
    requirements = book_requirements()
    if requirements is None:  # nothing says what the book needs: every package counts
        requirements = [dist.metadata["Name"] for dist in importlib.metadata.distributions()]
    versions = package_versions(requirements)
    packages = sorted(f"{name}=={version}" for name, version in versions.items())
    return {"python": platform.python_version(), "packages": digest("\n".join(packages))}

"""Re-execute a chapter exactly when one of its inputs changed (a Sphinx extension).

Jupyter Book's ``execute_notebooks: cache`` keeps each chapter's outputs in
jupyter-cache, keyed by the chapter's code cells: it re-executes a chapter when its
code changes, and otherwise reuses the outputs. But a chapter's outputs also depend on
what its code imports. This extension records, for every chapter, a digest of each of
its other inputs:

- the ``fashionbook`` modules it imports, and the modules those import, and so on,
  with the package files they name (the Matplotlib style ``book.mplstyle``);
- the data, whose SHA-256 checksums are constants in ``fashionbook/data.py``: the
  loader refuses any other bytes, so the data changes exactly when that file does;
- the Python version and the versions of the packages that ``requirements.txt`` pins
  and of those they require, in turn: the packages whose code the chapters run.
  Any other package installed beside them (JupyterLab, a newer pip) changes nothing.

Before Sphinx reads the sources, the extension compares each chapter's inputs with those
recorded when it last executed. For a chapter whose inputs differ, it deletes the cached
outputs and has Sphinx read the chapter again, so that myst-nb executes it afresh; the
log says which input changed. Chapters whose inputs are unchanged keep their outputs.

The build is incremental (no ``--all``): Sphinx reads again only the pages whose source
changed and those this extension names. So that a page is never left as an older version
of the book's machinery made it, a change to the table of contents or to the book's own
Sphinx extensions (this package) has Sphinx read every page again (executing none).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import json
import os
import platform
import re
from collections.abc import Iterable
from pathlib import Path

import fashionbook

PACKAGE = "fashionbook"
RECORD = "fashionbook-inputs.json"  # kept beside jupyter-cache's records
SITE = "(every page)"  # the record's entry for the inputs that all pages share
REQUIREMENTS = "requirements.txt"  # the book's pins, beside lib/


def digest(data: bytes | str) -> str:
    """The SHA-256 of `data`, in hex."""
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def imported_modules(code: str, package: str = PACKAGE, within: str | None = None) -> set[str]:
    """The modules of `package` that the Python source `code` imports.

    ``from fashionbook import plots`` names ``fashionbook.plots`` (a submodule), and
    every import of a submodule also runs the ``__init__`` of each package above it.
    `within` is the package the code lives in (by default `package`), from which its
    relative imports start.

    Examples
    --------
    >>> sorted(imported_modules("import numpy\\nfrom fashionbook.data import normalize"))
    ['fashionbook', 'fashionbook.data']
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
    with the package's data files (non-Python files) that their source names.

    A name that is not a module of the package (``fashionbook.data.normalize``, a
    function) is skipped; a subpackage (``fashionbook.sphinx``) is its ``__init__.py``.
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
        if not path.is_file() or path in found:
            continue
        found.add(path)
        within = name if is_package else name.rsplit(".", 1)[0]
        source, imports = _source_and_imports(path, path.stat().st_mtime_ns, package, within)
        found.update(p for p in data_files if p.name in source)
        todo.extend(imports)
    return found


@functools.lru_cache(maxsize=None)
def _source_and_imports(path: Path, mtime_ns: int, package: str, within: str) -> tuple[str, set[str]]:
    """The source of the module at `path` and the package modules it imports: parsed
    once per version of the file (its modification time), not once per chapter."""
    source = path.read_text()
    return source, imported_modules(source, package, within)


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
    checkout = checkout or Path(__file__).resolve().parents[3]  # lib/fashionbook/sphinx/
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
    """Digests of what every chapter shares: the version of Python and of the packages
    that can change an output: those the book requires and what they require in turn
    (:func:`book_requirements`, :func:`package_versions`). Installing anything else
    (JupyterLab, a newer pip) changes nothing.
    """
    requirements = book_requirements()
    if requirements is None:  # nothing says what the book needs: every package counts
        requirements = [dist.metadata["Name"] for dist in importlib.metadata.distributions()]
    versions = package_versions(requirements)
    packages = sorted(f"{name}=={version}" for name, version in versions.items())
    return {"python": platform.python_version(), "packages": digest("\n".join(packages))}


def chapter_inputs(code_cells: Iterable[str], package_dir: Path) -> dict[str, str]:
    """A digest of each package file a chapter's code runs, by name, such as
    ``{"fashionbook/__init__.py": "9e0a...", "fashionbook/data.py": "3f1c...", ...}``.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    to_python = TransformerManager().transform_cell  # %magics and !shell to plain Python
    modules = set().union(*(imported_modules(to_python(cell)) for cell in code_cells))
    return {
        path.relative_to(package_dir.parent).as_posix(): digest(path.read_bytes())
        for path in sorted(module_files(modules, package_dir))
    }


def site_inputs(package_dir: Path, toc: Path) -> dict[str, str]:
    """A digest of what every page is made with beside its own source: the table of
    contents and the book's Sphinx extensions (the files of ``fashionbook.sphinx``)."""
    files = sorted((package_dir / "sphinx").glob("*.py"))
    inputs = {path.relative_to(package_dir.parent).as_posix(): digest(path.read_bytes()) for path in files}
    return inputs | {toc.name: digest(toc.read_bytes()) if toc.is_file() else "none"}


def changed_inputs(old: dict[str, str] | None, new: dict[str, str]) -> list[str]:
    """The names of the inputs that differ between two records (all if there was none)."""
    if old is None:
        return ["no record of its inputs"]
    return sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))


# -- Sphinx ------------------------------------------------------------------------


def _read_notebook(path: Path):
    """The chapter at `path` as myst-nb reads it, or None if it is not executed."""
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook

    text = path.read_text()
    return read_myst_markdown_notebook(text) if is_myst_markdown_notebook(text) else None


def _outdated_chapters(app, env, added, changed, removed) -> list[str]:
    """Sphinx's ``env-get-outdated``: drop the cached outputs of the chapters whose
    inputs changed, and return them so that Sphinx reads (and myst-nb executes) them."""
    config = env.mystnb_config  # myst-nb's settings, with its paths resolved
    if config.execution_mode != "cache":
        return []
    from jupyter_cache import get_cache
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    cache_path = Path(config.execution_cache_path)
    cache = get_cache(cache_path)
    record_path = cache_path / RECORD
    record = json.loads(record_path.read_text()) if record_path.is_file() else {}
    package_dir = Path(fashionbook.__file__).parent
    shared = environment_inputs()

    site = site_inputs(package_dir, Path(app.srcdir) / "_toc.yml")
    site_changed = changed_inputs(record.get(SITE), site)
    if site_changed:
        logger.info(f"every page: to read again, changed: {', '.join(site_changed)}")
        record[SITE] = site

    stale = []
    for docname in sorted(env.found_docs):
        notebook = _read_notebook(Path(env.doc2path(docname)))
        if notebook is None:
            continue
        code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
        inputs = chapter_inputs(code, package_dir) | shared
        reasons = changed_inputs(record.get(docname), inputs)
        if not reasons:
            continue
        try:
            cache.remove_cache(cache.match_cache_notebook(notebook).pk)
        except KeyError:
            pass  # no outputs kept for this code: it will be executed anyway
        record[docname] = inputs
        stale.append(docname)
        logger.info(f"{docname}: to execute, changed: {', '.join(reasons)}")
    for docname in removed:
        record.pop(docname, None)

    if stale or removed or site_changed:
        cache_path.mkdir(parents=True, exist_ok=True)
        partial = record_path.with_name(f"{RECORD}.{os.getpid()}.partial")
        partial.write_text(json.dumps(record, indent=1, sort_keys=True))
        os.replace(partial, record_path)
    return sorted(env.found_docs) if site_changed else stale


def _write_notebook_with_outputs(app, doctree) -> None:
    """Sphinx's ``doctree-read``: when a chapter's outputs came from the cache, myst-nb
    1.4 writes the chapter's notebook (the page's ".ipynb" download) without them.
    Write it as an execution would have: with its outputs, less glue's hidden ones."""
    config = app.env.mystnb_config
    path = Path(config.output_folder, f"{app.env.docname}.ipynb")
    if config.execution_mode != "cache" or not path.is_file():
        return
    import nbformat
    from jupyter_cache import get_cache
    from myst_nb.ext.glue import extract_glue_data_cell

    notebook = nbformat.reads(path.read_text(encoding="utf8"), as_version=4)
    if any(cell.get("outputs") for cell in notebook.cells):
        return  # executed in this build: the outputs are there
    try:
        _, notebook = get_cache(config.execution_cache_path).merge_match_into_notebook(notebook)
    except KeyError:
        return  # nothing cached: a chapter without outputs
    for cell in notebook.cells:
        if cell.cell_type == "code":
            extract_glue_data_cell(cell)  # removes glue's outputs, as myst-nb does
    path.write_text(nbformat.writes(notebook), encoding="utf8")


def setup(app) -> dict:
    app.connect("env-get-outdated", _outdated_chapters)
    app.connect("doctree-read", _write_notebook_with_outputs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Re-execute a chapter exactly when one of its inputs changed (a Sphinx extension).

Jupyter Book's ``execute_notebooks: cache`` keeps each chapter's outputs in
jupyter-cache, keyed by the chapter's code cells: it re-executes a chapter when its
code changes, and otherwise reuses the outputs. But a chapter's outputs also depend on
what its code imports. This extension records, for every chapter, a digest of each of
its other inputs, counted as the store of slow results counts them
(:mod:`fashionbook.dependencies`):

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

import json
import os
from collections.abc import Iterable
from pathlib import Path

import fashionbook
from fashionbook.dependencies import digest, environment_inputs, imported_modules, module_files

RECORD = "fashionbook-inputs.json"  # kept beside jupyter-cache's records
SITE = "(every page)"  # the record's entry for the inputs that all pages share


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

"""A Sphinx extension that serves Bokeh's JavaScript from the built site itself.

A Bokeh plot embedded in a page (:mod:`fashionbook.explore`) needs ``bokeh.min.js``,
which Bokeh loads from its CDN by default. This extension copies the file that the
installed Python package ships, so its version always matches, into
``_static/bokeh/`` and adds it to the pages that hold a Bokeh plot, and to no other:
the other pages stay as light as they were. It also tells the chapters' kernels, which
inherit the build's environment, that the site serves the file
(:data:`fashionbook.explore.SITE_SERVES_BOKEH`), so that a map's cell leaves it out.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx

MARKER = 'class="fashionbook-map"'  # what explore.py's HTML starts with
# explore.py's name for it (importing that module here would load Matplotlib into every build)
SITE_SERVES_BOKEH = "FASHIONBOOK_SITE_SERVES_BOKEH"


def bokeh_source() -> Path:
    """``bokeh.min.js`` inside the installed bokeh package."""
    import bokeh

    return Path(bokeh.__file__).parent / "server" / "static" / "js" / "bokeh.min.js"


def script_name() -> str:
    """The file's name under ``_static``: versioned, so a browser's cache never mixes two."""
    import bokeh

    return f"bokeh/bokeh-{bokeh.__version__}.min.js"


def add_bokeh_where_needed(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if MARKER in context.get("body", ""):
        app.add_js_file(script_name())


def copy_bokeh(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / script_name()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(bokeh_source(), target)


def setup(app: Sphinx) -> dict:
    if not bokeh_source().is_file():
        raise RuntimeError(
            "Bokeh's JavaScript is missing: install the package bokeh "
            "(pip install -r requirements.txt)"
        )
    os.environ[SITE_SERVES_BOKEH] = "1"
    app.connect("html-page-context", add_bokeh_where_needed)
    app.connect("build-finished", copy_bokeh)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

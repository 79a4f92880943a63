"""A Sphinx extension that serves MathJax from the built site itself.

Sphinx loads MathJax from a CDN by default, so equations stay raw LaTeX for a reader
who downloaded the site or sits behind a firewall. This extension copies MathJax 3
(from the PyPI package ``django-static-mathjax``, which ships its browser files and
depends on nothing) into ``_static/mathjax`` and points Sphinx at it.
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

from sphinx.application import Sphinx

# What the combined TeX-to-HTML component needs at run time: itself, its fonts, the
# TeX extensions it loads on demand, and the menu's accessibility tools.
PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "ui", "a11y", "sre")


def mathjax_source() -> Path:
    """The folder of MathJax's browser build inside the installed package."""
    return Path(str(files("mathjax") / "static" / "mathjax" / "es5"))


def copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "mathjax"
    for part in PARTS:
        source = mathjax_source() / part
        if source.is_dir():
            shutil.copytree(source, target / part, dirs_exist_ok=True)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)


def setup(app: Sphinx) -> dict:
    if not (mathjax_source() / "tex-chtml.js").is_file():
        raise RuntimeError(
            "MathJax is missing: install the package django-static-mathjax "
            "(pip install -r requirements.txt)"
        )
    app.config.mathjax_path = "mathjax/tex-chtml.js"  # relative to _static
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

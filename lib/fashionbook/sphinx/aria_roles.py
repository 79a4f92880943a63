"""A Sphinx extension that replaces ARIA roles deprecated in WAI-ARIA 1.2.

docutils still marks bibliography entries ``role="doc-biblioentry"`` (and endnotes
``role="doc-endnote"``), roles that ARIA 1.2 deprecated: accessibility checkers flag
them, and assistive technology may ignore them. They sit inside a ``role="list"``, so
they become what ARIA 1.2 says they are: ``role="listitem"``.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

DEPRECATED = re.compile(r'\s+role="doc-(?:biblioentry|endnote)"')


def replace_deprecated_roles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "body" in context:
        context["body"] = DEPRECATED.sub(' role="listitem"', context["body"])


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", replace_deprecated_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Where the site is published: the one rule, for the workbooks' links and the PDF's."""

from __future__ import annotations

import re


def site_url(repository: str) -> str:
    """The address of the site that the repository's Pages workflow publishes.

    >>> site_url("https://github.com/fashion-mnist-book/fashion-mnist-book")
    'https://fashion-mnist-book.github.io/fashion-mnist-book/'
    """
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?", repository)
    if not match:
        raise ValueError(f"{repository!r} is not a GitHub repository's address: the "
                         "workbooks cannot tell where its site is published")  # fmt: skip
    return f"https://{match[1].lower()}.github.io/{match[2]}/"

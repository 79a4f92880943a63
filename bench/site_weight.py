"""The weight of the built site: each page's own bytes and the site's total.

A page's own bytes are its HTML and the images only it shows (_images/). What every
page shares (_static/: the theme, MathJax) is counted once, in the total.

    python bench/site_weight.py [_build/html]      # or: make bench
"""

from __future__ import annotations

import sys
from pathlib import Path

from bs4 import BeautifulSoup

LIMIT = 1.5 * 2**20  # bytes of a page's own content


def page_weights(site: Path) -> dict[str, int]:
    """Own bytes of each page of the book (HTML plus the images it shows)."""
    weights = {}
    for html_file in sorted((site / "book").glob("*.html")):
        soup = BeautifulSoup(html_file.read_text(), "html.parser")
        images = {(html_file.parent / img["src"]).resolve() for img in soup.find_all("img")
                  if "_images/" in img.get("src", "")}  # fmt: skip
        weights[html_file.stem] = html_file.stat().st_size + sum(p.stat().st_size for p in images)
    return weights


def total_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def main(site: Path) -> int:
    weights = page_weights(site)
    print(f"{'page':<26}{'own KiB':>9}")
    for page, size in weights.items():
        flag = "  over the 1.5 MiB limit" if size > LIMIT else ""
        print(f"{page:<26}{size / 1024:>9.0f}{flag}")
    static = sum(p.stat().st_size for p in (site / "_static").rglob("*") if p.is_file())
    print(f"{'shared (_static)':<26}{static / 1024:>9.0f}")
    print(f"{'whole site':<26}{total_bytes(site) / 1024:>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")))

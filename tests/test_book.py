"""The book: a clean build of the whole site, as `make book` does it, and its pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO

pytestmark = pytest.mark.book


def make_html(book: Path, out: Path) -> subprocess.CompletedProcess:
    """Build `book` into `out`/_build/html with the Makefile's own command."""
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), "html", f"BOOK={book}", f"OUT={out}"],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole book, built from clean into a fresh folder."""
    out = tmp_path_factory.mktemp("site")
    result = make_html(REPO, out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING:" not in result.stdout + result.stderr  # Sphinx's warnings
    return out / "_build" / "html"


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / "book" / f"{name}.html").read_text(), "html.parser")


def text_of(html: BeautifulSoup) -> str:
    """The page's text as a reader reads it: words separated by single spaces."""
    return " ".join(html.get_text(" ").split())


def test_every_page_in_the_table_of_contents_is_built(site):
    toc = (REPO / "_toc.yml").read_text()
    for name in re.findall(r"file: book/(\S+)", toc) + ["intro"]:
        assert (site / "book" / f"{name}.html").is_file(), name


def test_pixels_chapter_numbers_its_equations(site):
    html = page(site, "01_pixels")
    numbers = [span.contents[0].strip() for span in html.select("div.math span.eqno")]
    assert numbers[:3] == ["(1)", "(2)", "(3)"]
    assert html.find(id="equation-eq-minmax") is not None
    # every {eq} reference resolved into a link to its equation
    references = html.select('a[href^="#equation-"]')
    assert references and all(html.find(id=a["href"][1:]) for a in references)


def test_pixels_chapter_shows_its_figures_with_captions_and_alt_text(site):
    html = page(site, "01_pixels")
    figures = html.select("figure")
    assert len(figures) == 3
    for figure in figures:
        image = figure.find("img")
        assert len(image["alt"]) > 40, "alt text must describe the figure"
        assert (site / "book" / image["src"]).resolve().stat().st_size > 5000
        assert figure.find("figcaption").get_text(strip=True)


def test_pixels_chapter_prints_the_numbers_the_data_has(site, fashion_mnist):
    (train_images, train_labels), (test_images, _) = fashion_mnist
    text = text_of(page(site, "01_pixels"))
    assert f"There are {len(train_images):,} training images and {len(test_images):,} test" in text
    assert f"{train_images.dtype}" in text
    per_class = int((train_labels == 0).sum())
    assert f"balanced: {per_class:,} training images" in text


def test_pixels_chapter_has_no_execution_errors(site):
    html = page(site, "01_pixels")
    assert not html.select(".output.traceback, .output.stderr")
    assert not (site / "reports").exists()


@pytest.fixture
def scratch_book(tmp_path) -> Path:
    """A one-page book with the real configuration."""
    shutil.copy(REPO / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    return tmp_path


MYST_PAGE = """---
jupytext:
  text_representation: {{format_name: myst}}
kernelspec: {{name: python3, display_name: Python 3}}
---
# A page

```{{code-cell}} ipython3
{code}
```
"""


def test_a_cell_that_raises_fails_the_build(scratch_book):
    (scratch_book / "page.md").write_text(MYST_PAGE.format(code="1 / 0"))
    result = make_html(scratch_book, scratch_book)
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.stdout + result.stderr


def test_a_warning_fails_the_build(scratch_book):
    (scratch_book / "page.md").write_text(MYST_PAGE.format(code="1") + "\n{ref}`nowhere`\n")
    result = make_html(scratch_book, scratch_book)
    assert result.returncode != 0
    assert "undefined label" in result.stdout + result.stderr

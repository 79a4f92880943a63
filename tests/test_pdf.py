"""The PDF edition, made from the clean build that the site's tests read (conftest's
`site`, which also checks that making it executed no chapter again).

The PDF is read back as a reader's tools read it (poppler's pdftotext) and compared
with the site built from the same execution: every chapter, figure, equation number,
exercise and glued number the site shows must be in it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from test_book import CHAPTERS, NOTEBOOK_CHAPTERS, page

sys.path.insert(0, str(REPO / "scripts"))
from pdf_report import overfull_widths, pdf_pages  # noqa: E402

pytestmark = pytest.mark.book

PDF = "fashion-mnist-book.pdf"
MARGIN_SLACK_PT = 3.0  # a line may stick out this far: invisible at print size


@pytest.fixture(scope="module")
def latex(site) -> Path:
    """The clean build's folder: `site` made the PDF as `make book` does."""
    return site.parent


@pytest.fixture(scope="module")
def pdf_text(latex) -> str:
    """The PDF's text, lines joined: pdftotext breaks a sentence where the page does."""
    text = subprocess.run(["pdftotext", str(latex / "pdf" / PDF), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    return " ".join(text.replace("\u00ad", "").split())


def site_texts(site: Path, selector: str) -> list[tuple[str, str]]:
    """(chapter, text) of every element that `selector` finds on the chapters' pages."""
    return [(name, " ".join(element.get_text(" ").split()))
            for name in CHAPTERS for element in page(site, name).select(selector)]  # fmt: skip


def test_the_pdf_is_made_and_sized(latex):
    pdf = latex / "pdf" / PDF
    pages = pdf_pages(pdf)
    print(f"{PDF}: {pages} pages, {pdf.stat().st_size / 2**20:.1f} MiB")
    assert pages > 3 * len(CHAPTERS)  # the book, not a title page and an error


def test_every_chapter_title_is_in_the_pdf(site, pdf_text):
    for name in CHAPTERS:
        title = page(site, name).find("h1").get_text(" ").replace("#", "").strip()
        assert title.upper() in pdf_text.upper(), name  # chapter openings are set in capitals


def test_every_figure_keeps_its_number(site, pdf_text):
    numbers = [text for _, text in site_texts(site, "figcaption span.caption-number")]
    assert numbers  # the site numbers its figures: "Fig. 3.2 "
    for number in numbers:
        assert f"{number.strip()}:" in pdf_text  # its caption: "Fig. 3.1:", not "Fig. 3.10"


def test_the_homework_equations_keep_their_numbers(site, pdf_text):
    chapter = page(site, "04_logistic_regression")
    numbers = [span.contents[0].strip() for span in chapter.select("div.math span.eqno")]
    assert numbers[:10] == [f"(4.{k})" for k in range(1, 11)]
    for number in numbers:
        assert number in pdf_text


def test_every_exercise_and_its_solution_are_in_the_pdf(site, pdf_text):
    titles = [text for _, text in site_texts(site, "div.exercise p.admonition-title")]
    solutions = [text for _, text in site_texts(site, "div.solution p.admonition-title")]
    assert titles and solutions
    for title in titles:
        assert re.match(r"Exercise \d+\.\d+", title)[0] in pdf_text
    for title in solutions:
        assert re.match(r"Solution to Exercise \d+\.\d+", title)[0] in pdf_text
    # each solved exercise says where its solution is
    assert pdf_text.count("Solution on page") == len(solutions)


def test_every_glued_number_is_printed(site, pdf_text):
    glued = site_texts(site, "span.pasted-text")
    assert glued
    missing = [(name, text) for name, text in glued if text not in pdf_text]
    assert not missing


def test_nothing_is_left_unresolved(pdf_text, latex):
    assert "??" not in pdf_text  # LaTeX's mark for a reference it could not resolve
    for raw in ("{glue", "{numref}", "{eq}", "{doc}", "{cite}", "<IPython.core"):
        assert raw not in pdf_text
    log = (latex / "latex" / PDF).with_suffix(".log").read_text(errors="replace")
    assert "There were undefined references" not in log  # the last LaTeX run's word


def test_no_line_sticks_out_into_the_margin(latex):
    widths = overfull_widths((latex / "latex" / PDF).with_suffix(".log"))
    assert all(width <= MARGIN_SLACK_PT for width in widths), max(widths)


def test_the_site_links_the_pdf_and_the_execution_report(site):
    pdf = site / PDF
    assert pdf.is_file() and pdf.read_bytes() == (site.parent / "pdf" / PDF).read_bytes()
    for name in ["intro", *CHAPTERS]:
        html = page(site, name)
        icons = ".navbar-icon-links a"  # the sidebar's icons, on every page
        assert html.select_one(f'{icons}[href="../{PDF}"]'), name
        assert html.select_one(f'{icons}[href="../execution.html"]'), name


def test_the_execution_report_lists_every_chapter(site):
    report = BeautifulSoup((site / "execution.html").read_text(), "html.parser")
    rows = report.select("table tbody tr")
    linked = [row.select_one("a")["href"] for row in rows]
    assert linked == [f"book/{name}.html" for name in NOTEBOOK_CHAPTERS]
    for row in rows:
        cells = [td.get_text() for td in row.select("td")]
        assert float(cells[2]) > 0 and cells[4] == "ran", cells
        # the clean build executed every chapter, so each one's memory was measured
        assert float(cells[3]) > 100, cells  # MiB: a kernel that imported NumPy and the data
    versions = report.get_text()
    assert "Python 3." in versions and "numpy " in versions


def test_a_page_of_the_pdf_is_shown_in_the_docs():
    picture = REPO / "docs" / "pdf-page.png"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "(docs/pdf-page.png)" in (REPO / "README.md").read_text()


def test_paper_says_where_the_web_edition_is(site, pdf_text):
    from fashionbook.sphinx.site import site_url

    repository = re.search(r"url: (\S+)", (REPO / "_config.yml").read_text())[1]
    assert f"The web edition is at {site_url(repository)}" in pdf_text

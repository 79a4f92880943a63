"""Two ways to make the PDF edition, measured on the built book (issue 23's choice).

1. LaTeX: Sphinx's LaTeX builder, typeset by XeLaTeX (`make pdf`, what the book uses).
2. Chromium: print each page of the built site with the browser the site's tests drive
   (Playwright's page.pdf, print styles, A4), one PDF per page, not merged, with the
   site's buttons and folded cells as the print styles leave them.

Both reuse the executed chapters (the execution cache and the built site); neither runs
a chapter. Printed: the wall time of each route, its pages and bytes. Run after
`make book` (and with the TeX packages `make pdf` installs):

    python bench/pdf_routes.py
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "_build" / "html"
PDF = REPO / "_build" / "pdf" / "fashion-mnist-book.pdf"


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])


def latex_route() -> tuple[float, int, int]:
    start = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", "-C", str(REPO), "pdf"],
                   check=True, capture_output=True)  # fmt: skip
    return time.perf_counter() - start, pages(PDF), PDF.stat().st_size


def chromium_route(out: Path) -> tuple[float, int, int]:
    names = ["intro"] + re.findall(r"file: book/(\S+)", (REPO / "_toc.yml").read_text())
    start = time.perf_counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        for name in names:
            page.goto((SITE / "book" / f"{name}.html").as_uri(), wait_until="networkidle")
            page.wait_for_function("() => !window.MathJax || MathJax.startup?.promise")
            page.evaluate("() => window.MathJax?.startup?.promise")
            page.emulate_media(media="print")
            page.pdf(path=str(out / f"{name}.pdf"), format="A4", print_background=True)
        browser.close()
    files = sorted(out.glob("*.pdf"))
    return time.perf_counter() - start, sum(map(pages, files)), sum(f.stat().st_size for f in files)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        routes = {"LaTeX (XeLaTeX, make pdf)": latex_route(),
                  "Chromium (print each page)": chromium_route(Path(folder))}  # fmt: skip
        print(f"{'route':<30}{'seconds':>9}{'pages':>7}{'MiB':>7}")
        for route, (seconds, n_pages, size) in routes.items():
            print(f"{route:<30}{seconds:>9.1f}{n_pages:>7}{size / 2**20:>7.1f}")


if __name__ == "__main__":
    main()

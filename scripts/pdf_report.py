"""Print what `make pdf` made: where the PDF is, its pages and size, and LaTeX's complaints.

Usage: python scripts/pdf_report.py PDF LATEX_DIR

LaTeX does not fail on a line that sticks out into the margin ("Overfull \\hbox"): it
prints a warning in its log and goes on. This counts them, so that they are seen
(tests/test_pdf.py fails on any wider than a few points).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

OVERFULL = re.compile(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)", re.MULTILINE)


def pdf_pages(pdf: Path) -> int:
    """The number of pages, as poppler's pdfinfo reads it."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])


def overfull_widths(log: Path) -> list[float]:
    """How far (in points) each line that LaTeX could not fit sticks out."""
    return [float(width) for width in OVERFULL.findall(log.read_text(errors="replace"))]


def main(pdf: Path, latex_dir: Path) -> None:
    widths = overfull_widths(latex_dir / pdf.with_suffix(".log").name)
    print(f"{pdf}: {pdf_pages(pdf)} pages, {pdf.stat().st_size / 2**20:.1f} MiB")
    if widths:
        print(f"  {len(widths)} lines stick out into the margin, by up to {max(widths):.1f} pt")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

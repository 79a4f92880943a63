"""fashionbook.sphinx.listing: literalinclude's ``:docstring: summary`` shows the code."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from fashionbook.sphinx.listing import LiteralIncludeReader, object_lines

REPO = Path(__file__).resolve().parents[1]

SOURCE = textwrap.dedent('''\
    import functools


    @functools.cache
    def area(width: float, height: float) -> float:
        """The area of a rectangle.

        Parameters
        ----------
        width, height : float
            The sides.
        """
        product = width * height  # not """ a docstring """
        return product


    class Shape:
        """A shape."""

        def grow(self, factor):
            \'\'\'
            Grow the shape by `factor`,
            in every direction.

            Examples
            --------
            >>> Shape().grow(2)
            \'\'\'
            return factor

        def plain(self):
            return 1
''')


def text(source: str, name: str, docstring: str = "summary") -> str:
    return "".join(object_lines(source, name, docstring)[0])


def test_the_book_shows_binary_cross_entropy_as_signature_summary_and_body():
    source = (REPO / "lib" / "fashionbook" / "logistic.py").read_text()
    shown = text(source, "binary_cross_entropy")
    assert shown.startswith("def binary_cross_entropy(y: np.ndarray, h: np.ndarray) -> float:\n")
    assert '    """The loss J, equation (4.8): the mean of -[y log h + (1 - y) log(1 - h)]."""\n' in shown
    assert shown.endswith("    return float(-np.sum(y * np.log(h) + (1 - y) * np.log(1 - h)) / n)\n")
    assert "h = np.clip(h, EPSILON, 1 - EPSILON)" in shown
    assert "Parameters" not in shown and ">>>" not in shown
    assert len(shown.splitlines()) == 6


def test_the_summary_keeps_its_lines_and_closes_the_docstring():
    assert text(SOURCE, "area") == textwrap.dedent('''\
        @functools.cache
        def area(width: float, height: float) -> float:
            """The area of a rectangle."""
            product = width * height  # not """ a docstring """
            return product
        ''')
    # a summary on the line after the quotes, over two lines, in single quotes
    assert text(SOURCE, "Shape.grow") == (
        "    def grow(self, factor):\n"
        "        '''\n"
        "        Grow the shape by `factor`,\n"
        "        in every direction.'''\n"
        "        return factor\n"
    )


def test_a_short_docstring_or_none_is_left_as_it_is():
    lines, first, dropped = object_lines(SOURCE, "Shape.plain")
    assert "".join(lines) == "    def plain(self):\n        return 1\n"
    assert (first, dropped) == (31, False)
    assert text(SOURCE, "Shape").startswith('class Shape:\n    """A shape."""\n\n    def grow')


def test_docstring_none_drops_it_and_unknown_names_or_modes_fail():
    assert '"""' not in text(SOURCE, "area", "none").replace('# not """ a docstring """', "")
    with pytest.raises(ValueError, match="no function or class named 'Shape.shrink'"):
        object_lines(SOURCE, "Shape.shrink")
    with pytest.raises(ValueError, match="docstring must be one of"):
        object_lines(SOURCE, "area", "full")


def read(path: Path, **options) -> str:
    reader = LiteralIncludeReader(str(path), options, SimpleNamespace(source_encoding="utf-8"))
    return reader.read()[0]


def test_the_reader_applies_start_at_and_dedent_to_the_lines_shown(tmp_path):
    module = tmp_path / "shapes.py"
    module.write_text(SOURCE)
    assert read(module, pyobject="Shape.grow", docstring="summary", dedent=4).startswith("def grow(")
    assert read(module, pyobject="area", docstring="summary", **{"start-at": "product ="}) == (
        '    product = width * height  # not """ a docstring """\n    return product\n'
    )
    with pytest.raises(ValueError, match="lineno-match"):
        read(module, pyobject="area", docstring="summary", **{"lineno-match": None})
    with pytest.raises(ValueError, match="needs \"pyobject\""):
        read(module, docstring="summary")


def test_a_built_page_shows_the_library_as_it_is_now(tmp_path):
    """The listing comes from the file at build time: change the file, the page follows."""
    (tmp_path / "conf.py").write_text("extensions = ['fashionbook.sphinx.listing']\n")
    (tmp_path / "shapes.py").write_text(SOURCE)
    (tmp_path / "index.rst").write_text(textwrap.dedent("""\
        Shapes
        ======

        .. literalinclude:: shapes.py
           :pyobject: area
           :docstring: summary
           :emphasize-lines: 4
           :linenos:
        """))

    def build() -> str:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(tmp_path), str(tmp_path / "out")],
            capture_output=True, text=True,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return (tmp_path / "out" / "index.html").read_text()

    html = build()
    assert "The area of a rectangle." in html and "Parameters" not in html
    emphasized = html.split('<span class="hll">')[1].split("\n")[0]
    assert '<span class="linenos">4</span>' in emphasized and "product" in emphasized
    (tmp_path / "shapes.py").write_text(SOURCE.replace("product = width * height", "product = height * width"))
    html = build()
    assert '<span class="n">height</span> <span class="o">*</span> <span class="n">width</span>' in html

"""Fixtures shared by the tests: small IDX files written on the spot, and the real data."""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

import pytest

from fakes import small_arrays, write_data_dir
from fashionbook.data import load_fashion_mnist

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def small_data_dir(tmp_path: Path) -> Path:
    """A folder with four small, well-formed files (whose checksums are wrong)."""
    return write_data_dir(tmp_path / "small", small_arrays())


@pytest.fixture
def small_package(tmp_path: Path) -> Path:
    """A small package: a imports b, b imports c relatively, c names a style file."""
    root = tmp_path / "fashionbook"
    root.mkdir()
    files = {
        "__init__.py": '"""The package."""\n',
        "a.py": "from fashionbook.b import f\n",
        "b.py": "from .c import g\n\ndef f(): return g()\n",
        "c.py": 'STYLE = "look.mplstyle"\n\ndef g(): return 1\n',
        "d.py": "import fashionbook.a\n",  # imports a, but nothing imports d
        "look.mplstyle": "lines.linewidth: 2\n",
        "unused.mplstyle": "lines.linewidth: 3\n",
    }
    for name, text in files.items():
        (root / name).write_text(text)
    return root


@pytest.fixture(scope="session")
def fashion_mnist():
    """The real data set, found as a reader's machine finds it."""
    return load_fashion_mnist()


@pytest.fixture(scope="session")
def frame(fashion_mnist):
    """The seed's tidy frame of the normalized training images."""
    from fashionbook.data import flatten, normalize, to_dataframe

    (train_images, train_labels), _ = fashion_mnist
    return to_dataframe(flatten(normalize(train_images)), train_labels)


@pytest.fixture(scope="session")
def pullover_coat(frame):
    """(X, y) for Pullover (0) vs Coat (1), in the seed's order."""
    from fashionbook.data import get_data_subset

    return get_data_subset(frame, ["Pullover", "Coat"])


@pytest.fixture(scope="session")
def tuning(pullover_coat):
    """Chapter 5's learning-rate sweep on Pullover vs Coat (about 20 s)."""
    from fashionbook.tuning import tune_learning_rate

    return tune_learning_rate(*pullover_coat)


@pytest.fixture(scope="session")
def network_history(pullover_coat):
    """The seed's network trained as chapter 6 trains it (about 40 s)."""
    from fashionbook.network import train_network

    return train_network(*pullover_coat, report_every=0).history


def make_html(book: Path, out: Path, env: dict[str, str] | None = None,
              target: str = "html") -> subprocess.CompletedProcess:
    """Build `book` into `out`/_build/html (or the PDF, target "latex") with the Makefile's
    own command, in the environment as installed (-o: do not reinstall it, even after
    requirements.txt changed)."""
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), "-o", ".venv/.installed", target,
         f"BOOK={book}", f"OUT={out}"],
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole book, built from clean into a fresh folder as `make book` builds it:
    the site, then the PDF edition from the same execution (tests/test_pdf.py)."""
    out = tmp_path_factory.mktemp("site")
    result = make_html(REPO, out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING:" not in result.stdout + result.stderr  # Sphinx's warnings
    result = make_html(REPO, out, target="latex")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Executing notebook" not in result.stdout + result.stderr  # no chapter runs twice
    return out / "_build" / "html"



def glued(site: Path, chapter: str) -> dict:
    """The values a chapter glued into its prose (myst-nb keeps them in <page>.glue.json)."""
    path = site.parent / "jupyter_execute" / "book" / f"{chapter}.glue.json"
    outputs = json.loads(path.read_text())
    return {name: ast.literal_eval(output["data"]["text/plain"]) for name, output in outputs.items()}

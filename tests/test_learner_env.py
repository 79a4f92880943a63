"""The workbooks run where learners run them.

A learner's environment is not the book's: Colab installs ``fashionbook`` with its
declared dependencies beside what Colab already has, and a laptop does the same. So
every workbook runs here, top to bottom with its stubs (nothing solved yet), in fresh
virtual environments made from ``pip install .`` alone, plus TensorFlow, ipykernel and
nbclient, never from requirements.txt:

- ``newest``: whatever pip resolves today;
- ``lowest``: every dependency at the lowest version the bounds in pyproject.toml
  allow, and TensorFlow at the lowest the book supports (:data:`LOWEST_TENSORFLOW`),
  so that the bounds say what was run.

Each runs on a CPU of its own (the two at once), with an empty result store, as on
Binder. It takes about a quarter of an hour, and needs PyPI. (Time and memory are
measured by ``make bench``'s learner table, not here.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import REPO
from learner import run_in
from workbooks import notebook_chapters

CHAPTERS = notebook_chapters(REPO / "book")
LOWEST_TENSORFLOW = "2.16.1"  # the first TensorFlow whose Keras is Keras 3, as the book's
TENSORFLOW = "tensorflow-cpu" if sys.platform == "linux" else "tensorflow"  # no CUDA to load
KERNEL_TOOLS = ["ipykernel", "nbclient"]
ENVIRONMENTS = ("newest", "lowest")


def declared_dependencies() -> list[str]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]


def lowest_pins(dependencies: list[str]) -> list[str]:
    """Each ``name>=version`` as ``name==version``: the lowest that the bounds allow.

    >>> lowest_pins(["numpy>=1.26", "pooch>=1.8"])
    ['numpy==1.26', 'pooch==1.8']
    """
    pins = []
    for dependency in dependencies:
        name, bound = dependency.split(">=")
        pins.append(f"{name.strip()}=={bound.strip()}")
    return pins


def make_environment(folder: Path, which: str) -> Path:
    """A fresh virtual environment with the book's package as a learner installs it;
    returns its Python."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    if which == "newest":
        packages = [TENSORFLOW, *KERNEL_TOOLS]
        constraints = []
    else:
        constraints_file = folder / "lowest.txt"
        constraints_file.write_text("\n".join(lowest_pins(declared_dependencies())) + "\n")
        packages = [f"{TENSORFLOW}=={LOWEST_TENSORFLOW}", *KERNEL_TOOLS]
        constraints = ["--constraint", str(constraints_file)]
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(REPO), *packages, *constraints],
                   check=True, capture_output=True, text=True)  # fmt: skip
    return python


@pytest.fixture(scope="session")
def learner_runs(tmp_path_factory) -> dict[tuple[str, str], dict]:
    """Every workbook run in each environment: {(environment, chapter): run}."""

    def run_all(cpu: int, which: str) -> dict[tuple[str, str], dict]:
        python = make_environment(tmp_path_factory.mktemp(f"learner-{which}"), which)
        versions = subprocess.run([str(python), "-m", "pip", "freeze"], capture_output=True, text=True).stdout
        print(f"\n{which}:\n{versions}")
        runs = {(which, c.stem): run_in(python, c.with_suffix(".ipynb"), cpu) for c in CHAPTERS}
        for run in runs.values():
            run["environment"] = str(python.parent.parent)
        return runs

    cpus = sorted(os.sched_getaffinity(0))
    with ThreadPoolExecutor(max_workers=len(ENVIRONMENTS)) as pool:  # a CPU each, if there are two
        futures = [pool.submit(run_all, cpus[i % len(cpus)], which) for i, which in enumerate(ENVIRONMENTS)]
        return {key: run for future in futures for key, run in future.result().items()}


@pytest.mark.learner
@pytest.mark.parametrize("which", ENVIRONMENTS)
@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_a_workbook_runs_unsolved_without_an_error_in_a_learner_s_environment(learner_runs, which, chapter):
    run = learner_runs[which, chapter.stem]
    assert run["kernel_prefix"] == run["environment"]  # the learner's environment ran it
    assert run["errors"] == [], run["errors"]


def test_every_declared_dependency_has_a_lower_bound_the_lowest_run_pins():
    assert lowest_pins(["numpy>=1.26", "pooch>=1.8"]) == ["numpy==1.26", "pooch==1.8"]
    assert all(">=" in dependency for dependency in declared_dependencies())

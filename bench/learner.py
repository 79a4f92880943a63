"""The workbooks as a learner runs them: one CPU, an empty result store, top to bottom.

Binder gives a learner one CPU and 2 GB, with 450 MB guaranteed, and culls a session
after 10 idle minutes; the workbook issue's budget for each workbook, from an empty
result store, is: its kernel within 1 GiB at its peak, no cell silent (no output) for
more than 60 s, and the whole workbook within 5 minutes.

    python bench/learner.py                 # make bench runs it: the learner table
    python bench/learner.py book/06_network.ipynb ...

Each workbook runs in a kernel of its own, pinned to one CPU (``os.sched_setaffinity``,
which the kernel inherits), with its stubs as they are (the learner has not solved
anything yet), a result store of its own, empty, and ``MALLOC_ARENA_MAX=2`` as
``binder/start`` sets it on Binder. For each it prints the wall time,
the slowest cell, the longest silence (the longest stretch of a cell without output),
and the kernel's peak resident memory (VmHWM, read by a last cell of its own).

:func:`execute` needs only nbclient and the standard library, so the tests also run it
with the interpreter of a fresh learner environment (``python bench/learner.py --json``
there), whose packages are not the book's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CPU_BUDGET_SECONDS, SILENCE_BUDGET_SECONDS, MEMORY_BUDGET_MIB = 300, 60, 1024
SHOWN = {"stream", "display_data", "update_display_data", "execute_result", "error"}
PEAK_CELL = """\
import sys as _sys
print("kernel prefix:", _sys.prefix)
for _line in open("/proc/self/status"):
    if _line.startswith("VmHWM:"):
        print("peak MiB:", int(_line.split()[1]) / 1024)"""


def execute(notebook_path: Path, cpu: int | None = None, timeout: int = 1800) -> dict:
    """Run one workbook as a learner would; return what it cost and the errors it met.

    Returns a dict: ``seconds`` (wall time), ``cells`` (each code cell's index, seconds
    and longest silence), ``peak_mib`` (the kernel's peak resident memory),
    ``kernel_prefix`` (the kernel's ``sys.prefix``: whose environment ran it) and
    ``errors`` (each failing cell's index, exception name and message).
    """
    import nbformat
    from nbclient import NotebookClient

    if cpu is not None:
        os.sched_setaffinity(0, {cpu})  # the kernel inherits it
    for name in [name for name in os.environ if name.startswith("FASHIONBOOK_")]:
        del os.environ[name]  # a learner's Jupyter has none of the book's build variables
    store = tempfile.mkdtemp(prefix="learner-store-")
    os.environ["XDG_CACHE_HOME"] = store  # an empty result store (and data cache)
    os.environ["MALLOC_ARENA_MAX"] = "2"  # as binder/start sets it for Binder's kernels

    notebook = nbformat.read(notebook_path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
    client = _TimedClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                          resources={"metadata": {"path": str(notebook_path.parent)}})  # fmt: skip
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start

    errors, peak, prefix = [], None, None
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                errors.append({"cell": index, "name": output["ename"], "message": output["evalue"][:500]})
            elif output["output_type"] == "stream" and "peak MiB:" in output["text"]:
                lines = dict(line.split(": ", 1) for line in output["text"].strip().splitlines())
                peak, prefix = float(lines["peak MiB"]), lines["kernel prefix"]
    return {"seconds": seconds, "cells": client.timings, "peak_mib": peak, "errors": errors,
            "kernel_prefix": prefix}  # fmt: skip


class _TimedClient:
    """nbclient's NotebookClient that notes when each cell starts and ends and when
    each of its outputs arrives or is rewritten, as a progress line is (defined on first
    use: nbclient is imported late)."""

    def __new__(cls, *args, **kwargs):
        from nbclient import NotebookClient

        class TimedClient(NotebookClient):
            def __init__(self, *a, **k):
                super().__init__(*a, **k)
                self.timings: list[dict] = []
                self._moments: list[float] = []

            async def async_execute_cell(self, cell, cell_index, *a, **k):
                if cell.cell_type != "code":
                    return await super().async_execute_cell(cell, cell_index, *a, **k)
                self._moments = [time.monotonic()]
                try:
                    return await super().async_execute_cell(cell, cell_index, *a, **k)
                finally:
                    self._moments.append(time.monotonic())
                    gaps = [b - a for a, b in zip(self._moments, self._moments[1:])]
                    self.timings.append({"cell": cell_index,
                                         "seconds": self._moments[-1] - self._moments[0],
                                         "silence": max(gaps)})  # fmt: skip

            def process_message(self, msg, cell, cell_index):
                if msg["msg_type"] in SHOWN:  # a new output, or one rewritten in place
                    self._moments.append(time.monotonic())
                return super().process_message(msg, cell, cell_index)

        return TimedClient(*args, **kwargs)


def run_in(python: Path | str, notebook_path: Path, cpu: int | None = None) -> dict:
    """:func:`execute` under another interpreter (a learner's environment)."""
    import subprocess

    command = [str(python), __file__, "--json", str(notebook_path)]
    if cpu is not None:
        command += ["--cpu", str(cpu)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{notebook_path.name} could not be run:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def table(runs: dict[str, dict]) -> str:
    """The learner table: a line per workbook, with the budgets it misses."""
    lines = [f"{'workbook':<28} {'wall':>8} {'slowest cell':>14} {'longest silence':>16} "
             f"{'kernel peak':>12}  budget (5 min, 60 s silent, 1 GiB)"]  # fmt: skip
    for name, run in runs.items():
        slowest = max(run["cells"], key=lambda c: c["seconds"])
        silence = max(c["silence"] for c in run["cells"])
        missed = [what for what, over in [
            ("time", run["seconds"] > CPU_BUDGET_SECONDS),
            ("silence", silence > SILENCE_BUDGET_SECONDS),
            ("memory", (run["peak_mib"] or 0) > MEMORY_BUDGET_MIB),
            (f"{len(run['errors'])} errors", bool(run["errors"]))] if over]  # fmt: skip
        lines.append(
            f"{name:<28} {run['seconds']:>7.1f}s {slowest['seconds']:>7.1f}s (#{slowest['cell']:>2}) "
            f"{silence:>15.1f}s {run['peak_mib'] or float('nan'):>8.0f} MiB  "
            + ("within" if not missed else "MISSED: " + ", ".join(missed))
        )  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--cpu", type=int, default=0, help="the CPU to run on (default 0)")
    parser.add_argument("--json", action="store_true", help="run one workbook, print JSON")
    args = parser.parse_args(argv)
    if args.json:
        (notebook,) = args.notebooks
        print(json.dumps(execute(notebook.resolve(), args.cpu)))
        return 0
    notebooks = args.notebooks or sorted((REPO / "book").glob("[0-9]*.ipynb"))
    runs = {}
    for notebook in notebooks:
        runs[notebook.stem] = run_in(sys.executable, notebook.resolve(), args.cpu)
        print(f"  {notebook.stem}: {runs[notebook.stem]['seconds']:.1f} s", file=sys.stderr)
    print("\nWorkbooks as a learner runs them (one CPU, empty result store, stubs unsolved):")
    print(table(runs))
    for name, run in runs.items():
        for error in run["errors"]:
            print(f"  {name}, cell {error['cell']}: {error['name']}: {error['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The progress line of long cells (fashionbook.progress)."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from fashionbook.progress import Progress


def test_outside_a_notebook_only_the_summary_is_printed(capsys):
    progress = Progress()
    progress.update("epoch 1")
    progress.update("epoch 2")
    progress.done("2 epochs")
    assert capsys.readouterr().out == "2 epochs\n"


def run_cell(source: str) -> list[dict]:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    return notebook.cells[0].outputs


def test_in_a_notebook_the_line_is_rewritten_and_only_the_summary_stays():
    outputs = run_cell(
        "from fashionbook.progress import Progress\n"
        "progress = Progress()\n"
        "for epoch in range(1, 4):\n"
        "    progress.update(f'epoch {epoch}')\n"
        "progress.done('3 epochs')"
    )
    assert [o["output_type"] for o in outputs] == ["display_data"]
    assert outputs[0]["data"] == {"text/plain": "3 epochs"}


def test_a_summary_without_progress_is_shown_the_same_way():
    """Read back from the store, nothing trains: the page shows the same output."""
    outputs = run_cell("from fashionbook.progress import Progress\nProgress().done('3 epochs')")
    assert [(o["output_type"], o["data"]) for o in outputs] == [("display_data", {"text/plain": "3 epochs"})]

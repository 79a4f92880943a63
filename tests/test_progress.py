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


def test_what_code_prints_can_go_onto_the_line_and_not_into_the_notebook():
    outputs = run_cell(
        "import contextlib\n"
        "from fashionbook.progress import Progress\n"
        "progress = Progress()\n"
        "with contextlib.redirect_stdout(progress.printed()):\n"
        "    print('[t-SNE] Iteration 50: error = 3.1')\n"
        "    print('[t-SNE] Iteration 100: error = 2.9')\n"
        "progress.done('t-SNE: 100 points')"
    )
    assert [(o["output_type"], o["data"]) for o in outputs] == [("display_data", {"text/plain": "t-SNE: 100 points"})]


def test_outside_a_notebook_what_code_prints_onto_the_line_is_not_shown(capsys):
    import contextlib

    progress = Progress()
    with contextlib.redirect_stdout(progress.printed()):
        print("iteration 50")
    assert capsys.readouterr().out == ""

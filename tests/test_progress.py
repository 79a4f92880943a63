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


class _Recording(NotebookClient):
    """Notes every output message, new or rewriting one in place, as the kernel sends it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown: list[tuple[str, str]] = []

    def process_message(self, msg, cell, cell_index):
        if msg["msg_type"] in ("display_data", "update_display_data", "stream"):
            content = msg["content"]
            self.shown.append((msg["msg_type"], content.get("data", {}).get("text/plain", content.get("text"))))
        return super().process_message(msg, cell, cell_index)


def run_cell(source: str, shown: list | None = None) -> list[dict]:
    """Run `source` in a kernel; return the outputs it leaves, and put in `shown` the
    messages it sent on the way."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    client = _Recording(notebook, timeout=120, kernel_name="python3")
    client.execute()
    if shown is not None:
        shown.extend(client.shown)
    return notebook.cells[0].outputs


def test_in_a_notebook_the_line_is_rewritten_and_only_the_summary_stays():
    shown: list = []
    outputs = run_cell(
        "from fashionbook.progress import Progress\n"
        "progress = Progress()\n"
        "for epoch in range(1, 4):\n"
        "    progress.update(f'epoch {epoch}')\n"
        "progress.done('3 epochs')",
        shown,
    )
    assert shown == [("display_data", "epoch 1"), ("update_display_data", "epoch 2"),
                     ("update_display_data", "epoch 3"), ("update_display_data", "3 epochs")]  # fmt: skip
    assert [o["output_type"] for o in outputs] == ["display_data"]
    assert outputs[0]["data"] == {"text/plain": "3 epochs"}


def test_a_summary_without_progress_is_shown_the_same_way():
    """Read back from the store, nothing trains: the page shows the same output."""
    outputs = run_cell("from fashionbook.progress import Progress\nProgress().done('3 epochs')")
    assert [(o["output_type"], o["data"]) for o in outputs] == [("display_data", {"text/plain": "3 epochs"})]


def test_what_code_prints_can_go_onto_the_line_and_not_into_the_notebook():
    shown: list = []
    outputs = run_cell(
        "import contextlib\n"
        "from fashionbook.progress import Progress\n"
        "progress = Progress()\n"
        "with contextlib.redirect_stdout(progress.printed()):\n"
        "    print('[t-SNE] Iteration 50: error = 3.1')\n"
        "    print('[t-SNE] Iteration 100: error = 2.9')\n"
        "progress.done('t-SNE: 100 points')",
        shown,
    )
    assert shown == [("display_data", "[t-SNE] Iteration 50: error = 3.1"),
                     ("update_display_data", "[t-SNE] Iteration 100: error = 2.9"),
                     ("update_display_data", "t-SNE: 100 points")]  # fmt: skip
    assert [(o["output_type"], o["data"]) for o in outputs] == [("display_data", {"text/plain": "t-SNE: 100 points"})]


def test_outside_a_notebook_what_code_prints_onto_the_line_is_not_shown(capsys):
    import contextlib

    progress = Progress()
    with contextlib.redirect_stdout(progress.printed()):
        print("iteration 50")
    assert capsys.readouterr().out == ""

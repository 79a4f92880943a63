"""A line under a long cell that says how the work is getting on, then what it found.

A cell that trains for minutes should not sit silent: a learner on Binder cannot tell
a slow cell from a stuck one. In a notebook, :class:`Progress` shows one line under the
cell, which each :meth:`~Progress.update` rewrites in place (a Jupyter display with an
id), and :meth:`~Progress.done` rewrites it a last time with a summary. What stays in
the notebook, and on the book's page built from it, is the summary alone, and it is the
same whether the work ran or its result was read back from the store
(:mod:`fashionbook.store`). Outside a notebook (a script, a test) only the summary is
printed.

Examples
--------
>>> progress = Progress()
>>> for step in range(3):
...     progress.update(f"step {step + 1} of 3")
>>> progress.done("3 steps")
3 steps

Code that reports by printing can print onto the line instead:

>>> import contextlib
>>> with contextlib.redirect_stdout(progress.printed()):
...     print("iteration 50")
"""

from __future__ import annotations

import io


def _in_a_notebook() -> bool:
    """Whether the code runs in a Jupyter kernel, where displays can be updated."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


class Progress:
    """One line of output that a long computation rewrites as it goes."""

    def __init__(self) -> None:
        self._handle = None

    def update(self, text: str) -> None:
        """Show `text` in place of the line's last text (in a notebook only)."""
        if not _in_a_notebook():
            return
        bundle = {"text/plain": text}
        if self._handle is None:
            from IPython.display import display

            self._handle = display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)

    def done(self, summary: str) -> None:
        """Replace the line with `summary`, what stays once the work is done."""
        if self._handle is not None:
            self._handle.update({"text/plain": summary}, raw=True)
        elif _in_a_notebook():
            from IPython.display import display

            display({"text/plain": summary}, raw=True)
        else:
            print(summary)

    def printed(self) -> io.TextIOBase:
        """A file whose every line written shows on the line: for code that reports by
        printing (scikit-learn's ``verbose``), under ``contextlib.redirect_stdout``."""
        return _Lines(self)


class _Lines(io.TextIOBase):
    def __init__(self, progress: Progress):
        self.progress = progress

    def write(self, text: str) -> int:
        lines = [line for line in text.splitlines() if line.strip()]
        if lines:
            self.progress.update(lines[-1].strip())
        return len(text)

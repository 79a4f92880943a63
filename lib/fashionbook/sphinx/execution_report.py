"""The execution report: when each chapter was executed, for how long, in how much memory.

A page of the site, ``execution.html`` (QuantEcon's "Execution statistics"), made at
build time from what myst-nb records of each chapter's execution (its time and
duration, kept in the execution cache with the outputs, so a chapter reused from the
cache shows its last execution), the peak memory of the chapter's kernel, and the
versions of Python and of the packages the chapters use.

The memory is measured here, cheaply: while Sphinx reads a chapter (which is when
myst-nb executes it), a thread reads every 0.1 s the peak resident memory (``VmHWM``)
of Sphinx's child processes, the chapter's Jupyter kernel among them. It is kept in
the execution cache's folder with the execution's duration, which identifies the
execution (myst-nb gives no other mark that is the same for a fresh execution and for
its reuse from the cache): a chapter reused from the cache shows the memory of the run
that made it, and one last executed before memory was recorded shows none. Every
child process of Sphinx counts, so a kernel still closing when the next chapter starts
would count for it; nbclient shuts each kernel down before its execution returns.
"""

from __future__ import annotations

import json
import os
import platform
import threading
from datetime import datetime, timezone
from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.application import Sphinx

# a package, by the names it is installed under (TensorFlow's CPU build is its own)
PACKAGES = [("numpy",), ("pandas",), ("matplotlib",), ("seaborn",), ("scikit-learn",),
            ("tensorflow", "tensorflow-cpu"), ("keras",), ("jupyter-book",), ("myst-nb",)]  # fmt: skip
MEMORY_FILE = "fashionbook-kernel-memory.json"
PAGE = "execution"


def installed(names: tuple[str, ...]) -> str:
    """"name version" of the first of `names` that is installed, or "name: not installed"."""
    for name in names:
        try:
            return f"{name} {version(name)}"
        except PackageNotFoundError:
            continue
    return f"{names[0]}: not installed"


def children_peak_kib(parent: int) -> int:
    """The largest peak resident memory (KiB) among `parent`'s child processes."""
    peak = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue  # the process ended while we looked
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0")) == parent and "VmHWM" in fields:
            peak = max(peak, int(fields["VmHWM"].split()[0]))
    return peak


class KernelMemory:
    """Samples the kernels' peak memory, attributed to the chapter being read."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.current: str | None = None
        self.peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        if Path("/proc/self/status").is_file():  # Linux; elsewhere, no memory column
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=1)

    def _run(self) -> None:
        parent = os.getpid()
        while not self._stop.wait(self.interval):
            docname = self.current
            if docname is not None:
                peak = children_peak_kib(parent)
                self.peaks[docname] = max(self.peaks.get(docname, 0), peak)


def _memory_file(app: Sphinx) -> Path:
    """Beside the execution cache, which holds the executions it describes."""
    cache = app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache"
    return Path(cache) / MEMORY_FILE


def _start(app: Sphinx) -> None:
    app.fashionbook_memory = KernelMemory()
    app.fashionbook_memory.start()


def _reading(app: Sphinx, docname: str, source: list[str]) -> None:
    app.fashionbook_memory.current = docname


def _keep_measured(app: Sphinx, env) -> None:
    """Record the peak of every chapter executed in this build, with its duration."""
    memory = app.fashionbook_memory
    memory.stop()
    path = _memory_file(app)
    kept = json.loads(path.read_text()) if path.is_file() else {}
    for docname, data in NbMetadataCollector.get_doc_data(env).items():
        exec_data = data.get("exec_data") or {}
        executed_now = exec_data.get("mtime", 0) > app.fashionbook_started
        if executed_now and memory.peaks.get(docname):
            kept[docname] = {"runtime": exec_data["runtime"], "peak_kib": memory.peaks[docname]}
    if path.parent.is_dir():
        path.write_text(json.dumps(kept, indent=1, sort_keys=True))


def report_rows(app: Sphinx) -> list[dict[str, str]]:
    """One row per executed chapter: title, when, seconds, peak MiB."""
    path = _memory_file(app)
    kept = json.loads(path.read_text()) if path.is_file() else {}
    rows = []
    for docname, data in sorted(NbMetadataCollector.get_doc_data(app.env).items()):
        exec_data = data.get("exec_data")
        if not exec_data:
            continue
        memory = kept.get(docname, {})
        same_run = memory.get("runtime") == exec_data["runtime"]
        when = datetime.fromtimestamp(exec_data["mtime"], tz=timezone.utc)
        rows.append({
            "docname": docname,
            "title": app.env.titles[docname].astext(),
            "executed": when.strftime("%Y-%m-%d %H:%M UTC"),
            "seconds": f"{exec_data['runtime']:.1f}" if exec_data["runtime"] else "–",
            "memory": f"{memory['peak_kib'] / 1024:.0f}" if same_run else "not measured",
            "status": "ran" if exec_data["succeeded"] else f"failed: {exec_data['error']}",
        })  # fmt: skip
    return rows


def _page(app: Sphinx):
    """The report as a page of the site (html-collect-pages)."""
    if app.builder.format != "html":
        return []
    rows = report_rows(app)
    body = ["<h1>Execution report</h1>",
            "<p>Every chapter is executed when the book is built, and again only when its "
            "code or one of its inputs changes; otherwise its outputs are reused from the "
            "execution cache. The table shows each chapter's last execution: when it ran, "
            "how long it took, and the peak memory of its Jupyter kernel (\"not measured\": "
            "last executed before this report measured memory).</p>",
            '<table class="table"><thead><tr><th>Chapter</th><th>Executed</th>'
            "<th>Seconds</th><th>Peak memory (MiB)</th><th>Status</th></tr></thead><tbody>"]  # fmt: skip
    for row in rows:
        href = app.builder.get_relative_uri(PAGE, row["docname"])
        body.append(f'<tr><td><a href="{escape(href)}">{escape(row["title"])}</a></td>'
                    f'<td>{row["executed"]}</td><td>{row["seconds"]}</td>'
                    f'<td>{row["memory"]}</td><td>{escape(row["status"])}</td></tr>')  # fmt: skip
    body.append("</tbody></table><h2>Versions</h2><ul>")
    body.append(f"<li>Python {platform.python_version()}</li>")
    body += [f"<li>{installed(names)}</li>" for names in PACKAGES]
    body.append("</ul>")
    context = {"title": "Execution report", "body": "\n".join(body)}
    return [(PAGE, context, "page.html")]


def link_the_report(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The report's link among the icons at the top of the sidebar, on every page."""
    link = {"name": "Execution report: when each chapter ran, its time and memory",
            "url": context["pathto"](PAGE), "icon": "fa-solid fa-stopwatch", "type": "fontawesome"}  # fmt: skip
    context["theme_icon_links"] = [*context.get("theme_icon_links", []), link]


def setup(app: Sphinx) -> dict[str, bool]:
    app.fashionbook_started = datetime.now().timestamp()
    app.connect("builder-inited", _start)
    app.connect("source-read", _reading)
    app.connect("env-updated", _keep_measured)
    app.connect("html-collect-pages", _page)
    app.connect("html-page-context", link_the_report)
    return {"parallel_read_safe": False, "parallel_write_safe": True}

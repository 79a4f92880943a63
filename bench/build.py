"""How long the book takes to build, against the same work done the seed's way.

Runs in a scratch copy of the repository (the checkout and its _build are not touched),
with the Makefile's own build command, one after the other:

    nothing   empty _build and empty result store: every chapter executed, and the
              slow results (t-SNE, the learning-rate sweep) computed
    cold      empty _build, every chapter executed; the store of slow results kept
              (fashionbook/store.py: they are reused only for the same inputs,
              code and package versions)
    warm      the same build again, nothing changed
    prose     after an edit to the prose of one chapter
    function  after an edit to one fashionbook function
    seed      the seed's notebook (bench/seed_way.py), cell by cell, in one kernel

For each: wall time, and the peak resident memory of the largest Jupyter kernel (and of
the build process). Then each chapter's execution time and kernel peak in the cold
build, the quality where the seed fixes the settings (t-SNE's KL divergence on one
yardstick; the network's validation accuracy, over five seeds each way:
bench/network_quality.py), the targets of issue 16, and what bounds the build's time.

Issue 16's time goals are for the chapters that existed when it was taken
(:data:`ISSUE_16_CHAPTERS`); chapters added since bring their own budgets, printed
beside. Their time is measured in the same builds of the whole book: the build's wall
time less the execution of the later chapters (the reading and writing of the later
chapters' pages stays in, so the figure errs on the slow side).

(Executing two chapters at a time was tried, and measured no faster: TensorFlow's
threads and those of NumPy's BLAS already keep both cores busy. Sphinx's parallel
reading, which would execute two chapters at once, is refused anyway: Jupyter Book's
sphinx_multitoc_numbering does not declare itself safe for it, so Sphinx reads serially
and warns, and a warning fails the build.)

    python bench/build.py          # or: make bench (about 20 minutes)
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from measure import copy_repository
from network_quality import mean_and_error
from tsne_choice import kl_divergence

REPO = Path(__file__).resolve().parents[1]
GIB = 1024  # MiB
# Issue 16's goals, against the seed's way, for the chapters it found (10_next, then
# 07_next, runs no code); 07_backprop, 08_learned and 09_ten_classes came later.
ISSUE_16_CHAPTERS = ("01_pixels", "02_vectors", "03_map", "04_logistic_regression",
                     "05_training", "06_network")  # fmt: skip
FROM_NOTHING_GOAL, STORE_KEPT_GOAL, WARM_GOAL = 0.75, 0.4, 5.0  # share, share, seconds
PROSE_EDIT = ("book/03_map.md", "# A map of the data", "# A map of the data, edited")
FUNCTION_EDIT = ("lib/fashionbook/network.py", '    """The seed\'s model', '    """(Edited.) The seed\'s model')


class PeakWatch:
    """Samples /proc every 50 ms: the peak resident memory (VmHWM) of every Jupyter
    kernel and of every process whose command line names `also`. VmHWM is a
    high-water mark, so a sample misses only growth in a process's last 50 ms."""

    def __init__(self, also: str = "jupyter-book"):
        self.also = also.encode()
        self.kernels: dict[int, float] = {}  # pid -> MiB, in the order first seen
        self.others: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for proc in Path("/proc").glob("[0-9]*"):
                try:
                    cmdline = (proc / "cmdline").read_bytes()
                    table = self.kernels if b"ipykernel_launcher" in cmdline else (
                        self.others if self.also in cmdline else None)  # fmt: skip
                    if table is None:
                        continue
                    status = (proc / "status").read_text()
                except OSError:
                    continue  # the process ended meanwhile
                peak = re.search(r"VmHWM:\s+(\d+) kB", status)
                if peak:
                    pid = int(proc.name)
                    table[pid] = max(table.get(pid, 0.0), int(peak.group(1)) / 1024)
            self._stop.wait(0.05)


@dataclass
class Run:
    seconds: float
    kernels: list[float]  # peak MiB of each kernel, in the order they started
    process_peak: float = 0.0
    log: str = ""
    chapters: dict[str, float] = field(default_factory=dict)  # executed: seconds

    @property
    def executed(self) -> list[str]:
        return list(self.chapters)

    def issue_16_seconds(self) -> float:
        """The wall time less the execution of the chapters added after issue 16."""
        later = sum(s for name, s in self.chapters.items() if name not in ISSUE_16_CHAPTERS)
        return self.seconds - later


def build(copy: Path, env: dict[str, str]) -> Run:
    """`make html` on the copy (the command `make book` runs), measured."""
    command = ["make", "--no-print-directory", "-C", str(REPO), "-o", ".venv/.installed",
               "html", f"BOOK={copy}", f"OUT={copy}"]  # fmt: skip
    with PeakWatch() as watch:
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - start
    log = result.stdout + result.stderr
    if result.returncode != 0:
        sys.exit(f"the build failed:\n{log[-3000:]}")
    chapters = {name: float(s) for name, s in
                re.findall(r"book/(\w+)\.md: Executed notebook in ([\d.]+) seconds", log)}  # fmt: skip
    return Run(seconds, list(watch.kernels.values()), max(watch.others.values(), default=0.0),
               log, chapters)  # fmt: skip


def edit(copy: Path, path: str, old: str, new: str) -> None:
    file = copy / path
    text = file.read_text()
    if old not in text:
        sys.exit(f"bench/build.py: {path} no longer contains {old!r}: update PROSE/FUNCTION_EDIT")
    file.write_text(text.replace(old, new, 1))


def run_seed_way(workdir: Path, keras_home: Path, results: Path) -> Run:
    """The seed's notebook in one kernel, as Jupyter's "Run All" runs it; then one
    cell more (not part of the seed) that saves what the quality comparison needs."""
    import jupytext
    import nbclient
    import nbformat

    notebook = jupytext.read(REPO / "bench" / "seed_way.py")
    notebook.cells.append(nbformat.v4.new_code_cell(
        f"np.savez({str(results)!r}, features=pca_features[:10000], "
        "embedding=visualization_data, val_accuracy=hist.history['val_accuracy'])"
    ))  # fmt: skip
    os.environ["KERAS_HOME"] = str(keras_home)  # the kernel inherits it
    client = nbclient.NotebookClient(notebook, timeout=3600, kernel_name="python3",
                                     resources={"metadata": {"path": str(workdir)}})  # fmt: skip
    with PeakWatch() as watch:
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
    return Run(seconds, list(watch.kernels.values()))


def keras_home_with_the_data(folder: Path) -> Path:
    """A KERAS_HOME whose dataset cache already holds the verified files, so that the
    seed's keras.datasets.fashion_mnist.load_data() finds them instead of downloading."""
    from fashionbook.data import locate_files

    target = folder / "datasets" / "fashion-mnist"
    target.mkdir(parents=True)
    for path in locate_files().values():
        (target / path.name).symlink_to(path)
    return folder


def book_tsne_kl(store: Path) -> float:
    """KL divergence of the book's t-SNE map (from the result store), on the features
    computed as chapter 3 computes them."""
    from fashionbook.data import flatten, load_fashion_mnist, normalize
    from fashionbook.embedding import pca, standardize

    (train_images, _), _ = load_fashion_mnist()
    features, _ = pca(standardize(flatten(normalize(train_images))))
    (embedding_file,) = store.rglob("tsne-*.pickle")
    return kl_divergence(features[:10_000].astype(np.float64), pickle.loads(embedding_file.read_bytes()))


def glued(copy: Path, chapter: str, name: str) -> float:
    outputs = json.loads((copy / "_build" / "jupyter_execute" / "book" / f"{chapter}.glue.json").read_text())
    return float(outputs[name]["data"]["text/plain"])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="fashionbook-bench-") as tmp:
        tmp = Path(tmp)
        copy = copy_repository(REPO, tmp / "book")
        from fashionbook.data import locate_files

        data_dir = next(iter(locate_files().values())).parent
        env = os.environ | {
            "PYTHONPATH": str(copy / "lib"),  # the copy's kernels import the copy's fashionbook
            "FASHION_MNIST_DIR": str(data_dir),  # the data as found, not re-downloaded
            "XDG_CACHE_HOME": str(tmp / "cache"),  # an empty result store (t-SNE)
        }
        runs: dict[str, Run] = {}
        print("building...", flush=True)
        runs["nothing"] = build(copy, env)
        shutil.rmtree(copy / "_build")
        runs["cold"] = build(copy, env)
        runs["warm"] = build(copy, env)
        edit(copy, *PROSE_EDIT)
        runs["prose"] = build(copy, env)
        edit(copy, *FUNCTION_EDIT)
        runs["function"] = build(copy, env)
        print("the seed's way...", flush=True)
        seed_results = tmp / "seed.npz"
        runs["seed"] = run_seed_way(tmp, keras_home_with_the_data(tmp / "keras"), seed_results)

        print("the network, five seeds each way...", flush=True)
        networks = subprocess.run(
            [sys.executable, str(REPO / "bench" / "network_quality.py"), "--json"],
            capture_output=True, text=True, check=True, env=env,
        )  # fmt: skip

        seed = np.load(seed_results)
        quality = {
            "kl_seed": kl_divergence(seed["features"].astype(np.float64), seed["embedding"]),
            "kl_book": book_tsne_kl(tmp / "cache"),
            "acc_seed": 100 * float(seed["val_accuracy"][-1]),
            "acc_book": glued(copy, "06_network", "net_val_accuracy"),
            "networks": json.loads(networks.stdout.strip().splitlines()[-1]),
        }
        report(runs, quality)


def report(runs: dict[str, Run], quality: dict[str, float]) -> None:
    what = {
        "nothing": "from nothing: empty _build and store",
        "cold": "cold build: empty _build, store kept",
        "warm": "warm rebuild, nothing changed",
        "prose": f"after a prose edit ({PROSE_EDIT[0]})",
        "function": f"after a function edit ({FUNCTION_EDIT[0]})",
        "seed": "the seed's way (one notebook, one kernel)",
    }
    print(f"\n{'':<52}{'seconds':>9}{'kernel MiB':>12}{'build MiB':>11}  chapters executed")
    for name, run in runs.items():
        executed = ", ".join(run.executed) if name != "seed" else "-"
        build_peak = f"{run.process_peak:.0f}" if run.process_peak else "-"
        kernel_peak = f"{max(run.kernels):.0f}" if run.kernels else "-"
        print(f"{what[name]:<52}{run.seconds:>9.1f}{kernel_peak:>12}{build_peak:>11}  {executed or 'none'}")

    cold, nothing = runs["cold"], runs["nothing"]
    print(f"\n{'chapter: seconds, kernel MiB':<52}{'from nothing':>21}{'cold':>21}")
    for chapter in nothing.chapters:
        cells = []
        for run in (nothing, cold):
            peak = run.kernels[run.executed.index(chapter)]
            cells.append(f"{run.chapters[chapter]:>11.1f}{peak:>10.0f}")
        print(f"{chapter:<52}{''.join(cells)}")
    overheads = [run.seconds - sum(run.chapters.values()) for run in (nothing, cold)]
    print(f"{'(Sphinx: reading, writing, kernel start-up)':<52}"
          + "".join(f"{o:>11.1f}{'':>10}" for o in overheads))

    # The network's verdict: the last epoch's validation accuracy (what the homework
    # reads off), averaged over five seeds each way; one run of each is noise.
    networks = quality["networks"]
    book_mean, book_error = mean_and_error(networks["book"]["last"])
    seed_mean, seed_error = mean_and_error(networks["seed"]["last"])
    print(f"\n{'quality':<52}{'book':>16}{'seed':>16}")
    print(f"{'t-SNE KL divergence (same yardstick)':<52}{quality['kl_book']:>16.4f}{quality['kl_seed']:>16.4f}")
    print(f"{'network val. accuracy %, this build / the seed run':<52}"
          f"{quality['acc_book']:>16.2f}{quality['acc_seed']:>16.2f}")
    for figure, label in (("last", "last epoch"), ("last10", "last 10 epochs")):
        row = [mean_and_error(networks[way][figure]) for way in ("book", "seed")]
        print(f"{f'  same data, 5 seeds each, {label}':<52}"
              + "".join(f"{f'{m:.2f} ± {e:.2f}':>16}" for m, e in row))

    seed = runs["seed"].seconds
    nothing_share, cold_share = nothing.issue_16_seconds() / seed, cold.issue_16_seconds() / seed
    print(f"\nthe chapters of issue 16 ({', '.join(c[:2] for c in ISSUE_16_CHAPTERS)}): from nothing "
          f"{nothing.issue_16_seconds():.1f} s, store kept {cold.issue_16_seconds():.1f} s, "
          f"against the seed's way {seed:.1f} s")
    kernels = {chapter: max(run.kernels[run.executed.index(chapter)] for run in (nothing, cold))
               for chapter in nothing.chapters}  # fmt: skip
    ours = {chapter: peak for chapter, peak in kernels.items() if chapter in ISSUE_16_CHAPTERS}
    largest = max(ours, key=ours.get)
    build_peak = max(run.process_peak for name, run in runs.items() if name != "seed")
    targets = [
        (f"from nothing <= {FROM_NOTHING_GOAL} of the seed's way: {nothing_share:.2f}",
         nothing_share <= FROM_NOTHING_GOAL),
        (f"store kept <= {STORE_KEPT_GOAL} of the seed's way: {cold_share:.2f}", cold_share <= STORE_KEPT_GOAL),
        (f"a rebuild with nothing to execute < {WARM_GOAL:.0f} s: {runs['warm'].seconds:.1f} s (whole book)",
         runs["warm"].seconds < WARM_GOAL),
        (f"no process over 1 GiB: largest kernel {ours[largest]:.0f} MiB ({largest}), build "
         f"{build_peak:.0f} MiB (the seed's way: {max(runs['seed'].kernels):.0f} MiB)",
         max(ours[largest], build_peak) < GIB),
        (f"t-SNE KL no worse: {quality['kl_book']:.4f} vs {quality['kl_seed']:.4f}",
         quality["kl_book"] <= quality["kl_seed"] + 5e-4),
        (f"network accuracy no worse (last epoch, mean of 5 seeds): {book_mean:.2f}% ± "
         f"{book_error:.2f} vs {seed_mean:.2f}% ± {seed_error:.2f}", book_mean >= seed_mean),
    ]  # fmt: skip
    print("\ntargets (issue 16)")
    for text, reached in targets:
        print(f"  {'reached' if reached else 'MISSED '}  {text}")

    print("\nchapters added since, each its own budget (seconds from nothing, store kept; kernel MiB)")
    for chapter in nothing.chapters:
        if chapter not in ISSUE_16_CHAPTERS:
            over = "  OVER 1 GiB" if kernels[chapter] >= GIB else ""
            print(f"  {chapter:<24}{nothing.chapters[chapter]:>8.1f}{cold.chapters[chapter]:>8.1f}"
                  f"{kernels[chapter]:>8.0f}{over}")
    print(f"  whole book: from nothing {nothing.seconds:.1f} s, store kept {cold.seconds:.1f} s")
    what_bounds_it(runs)


# What the slow chapters compute, to name it beside their measured times.
STORED_WORK = {  # computed only when the result store lacks it
    "03_map": "t-SNE at the seed's settings, on both cores (bench/tsne_choice.py: openTSNE's FFT\n"
              "      is no faster; fewer iterations at a larger learning rate raise the KL divergence)",
    "05_training": "the learning-rate sweep (fashionbook.tuning: gradient descent per rate; all four\n"
                   "      rates at once, one X @ Theta per step, measured only 1.24x faster: not taken)\n"
                   "      and the converged and trimmed linear fits (fashionbook.separability)",
    "06_network": "the homework's 100-epoch training (fashionbook.network.train_network) and the fair\n"
                  "      comparison's ten trainings (fashionbook.comparison: the network and Keras\n"
                  "      logistic regression, five seeds each, early stopped; the five seeds stacked\n"
                  "      in one Keras model measured 1.4x (logistic) and 1.8x (network) faster per\n"
                  "      epoch, at the price of one batch order for all seeds: not taken)",
    "07_backprop": "four trainings by hand in NumPy (fashionbook.backprop.train: 100 epochs of\n"
                   "      mini-batch gradient descent each, with ReLU, without it, at half the rate,\n"
                   "      and from alike neurons) and five epochs from zero weights",
    "09_ten_classes": "softmax regression's learning-rate sweep and final run (fashionbook.softmax:\n"
                      "      one BLAS thread), scikit-learn's L-BFGS fit on 60,000 rows, and the\n"
                      "      ten-class network's two Keras runs",
}  # fmt: skip
CHAPTER_WORK = {  # done in every execution, store or not
    "01_pixels": "loads the data three times (raw, normalized, tidy frame) and draws its figures",
    "03_map": "standardizes 60,000 images and projects them on 50 principal components, draws\n"
              "      the eigen-garments, and writes the explorable map (Bokeh)",
    "05_training": "runs gradient descent at the tuned settings and the homework's runs",
    "06_network": "imports TensorFlow, and runs chapter 5's tuned gradient descent again",
}  # fmt: skip


def what_bounds_it(runs: dict[str, Run]) -> None:
    """Where the time of issue 16's chapters goes, against its goals."""
    nothing, cold, seed = runs["nothing"], runs["cold"], runs["seed"].seconds
    print(f"\nwhat bounds it (issue 16's chapters; goals: from nothing {FROM_NOTHING_GOAL * seed:.1f} s, "
          f"store kept {STORE_KEPT_GOAL * seed:.1f} s)")
    print("  from nothing, computing what the store keeps (seconds more than with the store; share of the seed's way):")
    for chapter in ISSUE_16_CHAPTERS:
        extra = nothing.chapters[chapter] - cold.chapters[chapter]
        if extra > 2:
            why = f": {STORED_WORK[chapter]}" if chapter in STORED_WORK else ""
            print(f"    {chapter} +{extra:.1f} s ({extra / seed:.2f}){why}")
    print("  store kept, executing each chapter (seconds; share of the seed's way):")
    for chapter in sorted(ISSUE_16_CHAPTERS, key=cold.chapters.get, reverse=True):
        why = f": {CHAPTER_WORK[chapter]}" if chapter in CHAPTER_WORK else ""
        print(f"    {chapter} {cold.chapters[chapter]:.1f} s ({cold.chapters[chapter] / seed:.2f}){why}")
    overhead = cold.seconds - sum(cold.chapters.values())
    print(f"    Sphinx: reading, writing, kernel start-up {overhead:.1f} s ({overhead / seed:.2f})")


if __name__ == "__main__":
    main()

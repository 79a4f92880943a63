"""Why fashionbook.network pins TensorFlow to two threads: chapter 9's network trained
under several thread counts and CPU counts.

TensorFlow splits each matrix product over its threads, and the split decides the
order of the additions. Each configuration trains chapter 9's ten-class network (seed 0,
its rows and settings) in a fresh process, into an empty store, and prints the epoch it
kept, its test accuracy and a digest of its weights:

- pinned: the library's 2 threads, on 1 CPU and on 2 (os.sched_setaffinity): the
  digests should agree, which is what makes a learner's run give the book's numbers;
- unpinned: 1 and 4 threads (set after the library's pin, before TensorFlow starts),
  what a learner's machine would use without the pin.

About four minutes on two cores.

    python bench/thread_counts.py          # make bench runs it
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile

CONFIGURATIONS = [("pinned", None, 1), ("pinned", None, 2), ("unpinned", 1, 2), ("unpinned", 4, 2)]


def train(threads: int | None) -> dict:
    """Train chapter 9's network once (in this process) and describe the result."""
    import contextlib
    import io

    import numpy as np

    from fashionbook import network
    from fashionbook.data import flatten, load_fashion_mnist
    from fashionbook.softmax import predict_classes
    from fashionbook.ten_class_network import network_probabilities, train_ten_class_network

    if threads is not None:  # before TensorFlow starts: it replaces the library's pin
        network.tf.config.threading.set_intra_op_parallelism_threads(threads)
    (train_images, y), (test_images, y_test) = load_fashion_mnist()
    pixels, test_pixels = flatten(train_images), flatten(test_images)
    order = np.random.default_rng(0).permutation(len(y))  # chapter 9's split
    train_rows, val_rows = order[:54_000], order[54_000:]
    with tempfile.TemporaryDirectory() as store, contextlib.redirect_stdout(io.StringIO()):
        run = train_ten_class_network(pixels[train_rows], y[train_rows].astype(int),
                                      pixels[val_rows], y[val_rows].astype(int), store=store)  # fmt: skip
    accuracy = float(np.mean(predict_classes(network_probabilities(run, test_pixels)) == y_test))
    digest = hashlib.sha256(b"".join(w.tobytes() for w in run.weights)).hexdigest()[:16]
    return {"epochs": run.epochs, "accuracy": accuracy, "weights": digest}


def main() -> None:
    print(f"{'threads':<12} {'CPUs':>4} {'kept epochs':>11} {'test accuracy':>14}  weights")
    for kind, threads, cpus in CONFIGURATIONS:
        command = [sys.executable, __file__, "--one", json.dumps([threads, cpus])]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        run = json.loads(result.stdout.strip().splitlines()[-1])
        label = "2 (pinned)" if kind == "pinned" else f"{threads}"
        print(f"{label:<12} {cpus:>4} {run['epochs']:>11} {100 * run['accuracy']:>13.2f}%  {run['weights']}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        threads, cpus = json.loads(sys.argv[2])
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[:cpus]))
        print(json.dumps(train(threads)))
    else:
        main()

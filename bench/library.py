"""Wall time and peak memory of each stage of the book's computation.

Each stage runs in a process of its own, so its peak memory is its own (it includes
loading the data, which every stage needs: the "load" row is that baseline).

    python bench/library.py          # or: make bench
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time

from measure import peak_rss_mib

STAGES = {
    "load": "load the data, normalize, tidy frame",
    "pca": "standardize 60,000 images, PCA to 50",
    "tsne": "t-SNE of 10,000 images (no cache)",
    "lr-trouser-boot": "logistic regression, Trouser vs Ankle boot, lr 0.05, 100 steps",
    "lr-pullover-coat": "logistic regression, Pullover vs Coat, lr 0.01, 100 steps",
    "lr-pullover-coat-long": "logistic regression, Pullover vs Coat, lr 0.1, 3000 steps",
    "network": "the network, Pullover vs Coat, 100 epochs",
}


def run_stage(name: str) -> float:
    """Run one stage after loading the data; return the stage's own seconds."""
    from fashionbook.data import get_data_subset, load_fashion_mnist, normalize, to_dataframe

    start = time.perf_counter()
    (train_images, train_labels), _ = load_fashion_mnist()
    frame = to_dataframe(normalize(train_images), train_labels)
    if name == "load":
        return time.perf_counter() - start

    X_all = frame.filter(regex="z[0-9]+").to_numpy()
    if name in ("pca", "tsne"):
        from fashionbook.embedding import pca, standardize, tsne

        start = time.perf_counter()
        features, _ = pca(standardize(X_all))
        if name == "pca":
            return time.perf_counter() - start
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as empty_cache:
            tsne(features[:10_000], cache_dir=empty_cache)
        return time.perf_counter() - start

    pair = ["Trouser", "Ankle boot"] if name == "lr-trouser-boot" else ["Pullover", "Coat"]
    X, y = get_data_subset(frame, pair)
    if name == "network":
        from fashionbook.network import train_network

        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as empty_store:  # a training, not a read
            train_network(X, y, report_every=0, store=empty_store)
        return time.perf_counter() - start

    from fashionbook.logistic import logistic_regression

    learning_rate, steps = {"lr-trouser-boot": (0.05, 100), "lr-pullover-coat": (0.01, 100),
                            "lr-pullover-coat-long": (0.1, 3000)}[name]  # fmt: skip
    start = time.perf_counter()
    logistic_regression(X, y, learning_rate, steps, report_every=0)
    return time.perf_counter() - start


def main() -> None:
    print(f"{'stage':<24}{'seconds':>9}{'peak MiB':>10}  what")
    for name, what in STAGES.items():
        result = subprocess.run(
            [sys.executable, __file__, "--stage", name], capture_output=True, text=True
        )
        if result.returncode != 0:
            print(f"{name:<24}{'failed':>9}{'':>10}  {result.stderr.strip().splitlines()[-1]}")
            continue
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"{name:<24}{figures['seconds']:>9.2f}{figures['peak_mib']:>10.0f}  {what}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--stage"]:
        seconds = run_stage(sys.argv[2])
        print(json.dumps({"seconds": seconds, "peak_mib": peak_rss_mib()}))
    else:
        main()

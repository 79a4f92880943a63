"""Is the book's network as good as the seed's? Several seeds of each, on the same data.

The book trains the seed's network with one change, batches of 256 instead of Keras's
default of 32 (chapter 6 says why). One run of each proves little: at batch 32 the last
epoch's validation accuracy moves by points from one seed to the next. So this trains
the network both ways with seeds 0 to 4, on chapter 6's pullovers and coats (the same
rows, and the same last fifth of them to validate on), and compares the means.

The seed's way is the homework's code (bench/seed_way.py), with a seed set first, in a
process of its own with TensorFlow's defaults, as the homework's notebook runs it. The
book's way is chapter 6's call, ``train_network(X, y)``, with the same seeds, in another
process, with TensorFlow set up as ``fashionbook.network`` sets it up: its run with seed
0 is chapter 6's, number for number.

    python bench/network_quality.py          # a table (about 8 minutes on 2 cores)
    python bench/network_quality.py --json   # the figures, for bench/build.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

SEEDS = range(5)


def pullovers_and_coats() -> tuple[np.ndarray, np.ndarray]:
    """Chapter 6's data."""
    from fashionbook.data import flatten, get_data_subset, load_fashion_mnist, normalize, to_dataframe

    (train_images, train_labels), _ = load_fashion_mnist()
    frame = to_dataframe(flatten(normalize(train_images)), train_labels)
    return get_data_subset(frame, classes=["Pullover", "Coat"])


def seed_way(X: np.ndarray, y: np.ndarray, seed: int) -> list[float]:
    """The homework's network and fit, as bench/seed_way.py runs them; its validation
    accuracy per epoch."""
    import keras
    from tensorflow.keras.layers import Dense, Input
    from tensorflow.keras.models import Model
    from tensorflow.keras.optimizers import Adam

    keras.utils.set_random_seed(seed)
    input_layer = Input(shape=(784,))
    x = Dense(100, activation="relu")(input_layer)
    output = Dense(1, activation="sigmoid")(x)
    model = Model(inputs=input_layer, outputs=output)
    model.compile(optimizer=Adam(), loss="binary_crossentropy", metrics=["accuracy"])
    hist = model.fit(X, y, validation_split=0.2, epochs=100, verbose=0)
    return hist.history["val_accuracy"]


def book_way(X: np.ndarray, y: np.ndarray, seed: int) -> list[float]:
    """Chapter 6's training; its validation accuracy per epoch."""
    import tempfile

    from fashionbook.network import train_network

    with tempfile.TemporaryDirectory() as empty_store:  # trained here, not read back
        return train_network(X, y, seed=seed, report_every=0, store=empty_store).history["val_accuracy"]


def mean_and_error(values: list[float]) -> tuple[float, float]:
    """The mean and its standard error (sample standard deviation / sqrt(n))."""
    values = np.asarray(values)
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(len(values)))


def accuracies(way: str, seeds=SEEDS) -> dict[str, list[float]]:
    """The validation accuracy (%) of each seed trained `way` ("seed" or "book"): at
    the last epoch, and the mean of the last ten epochs."""
    if way == "book":
        import fashionbook.network  # noqa: F401 (its TensorFlow settings, before TensorFlow)
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"  # quiet whatever the shell says; changes no number
    train = {"seed": seed_way, "book": book_way}[way]
    X, y = pullovers_and_coats()
    curves = [100 * np.asarray(train(X, y, seed)) for seed in seeds]
    return {"last": [float(c[-1]) for c in curves], "last10": [float(c[-10:].mean()) for c in curves]}


def compare() -> dict[str, dict[str, list[float]]]:
    """Both ways, each in a process of its own (TensorFlow is set up once per process)."""
    results = {}
    for way in ("book", "seed"):
        child = subprocess.run([sys.executable, __file__, "--way", way],
                               capture_output=True, text=True, check=True)  # fmt: skip
        results[way] = json.loads(child.stdout.strip().splitlines()[-1])
    return results


def main() -> None:
    if sys.argv[1:2] == ["--way"]:
        print(json.dumps(accuracies(sys.argv[2])))
        return
    results = compare()
    if sys.argv[1:] == ["--json"]:
        print(json.dumps(results))
        return
    print(f"validation accuracy, %, seeds {SEEDS.start} to {SEEDS.stop - 1}")
    for figure in ("last", "last10"):
        for name in ("book", "seed"):
            runs = " ".join(f"{v:6.2f}" for v in results[name][figure])
            mean, error = mean_and_error(results[name][figure])
            print(f"{figure:>7} {name}: {runs}   mean {mean:6.2f} ± {error:.2f}")


if __name__ == "__main__":
    main()

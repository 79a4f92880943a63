"""A fair comparison of the network with logistic regression (chapter 6).

Every model trains on the same rows (the first 60% of a pair, the split of chapter 5);
every choice, here the epoch to keep, is made on the validation rows (the last 20%);
the test rows (the 20% between) and the official test images play no part until the
models are scored once, at the end of chapter 6. Keras's models train with several
seeds, because their starting weights and batches are random, and the result of each
training is kept in the store of :mod:`fashionbook.store` as its weights, not as its
scores: scoring is the chapter's last step, not the training's.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from fashionbook.network import EpochProgress, build_logistic_model, build_model, train_network
from fashionbook.progress import Progress
from fashionbook.store import remembered

MAX_EPOCHS = 300  # enough for both models to stop by themselves
PATIENCE = 10  # epochs without a lower validation loss before training stops
SEEDS = (0, 1, 2, 3, 4)


@dataclass(frozen=True)
class Run:
    """One training of a Keras model, stopped early on the validation loss."""

    hidden_layer: bool  # the homework's network, or logistic regression in Keras
    seed: int
    history: dict[str, list[float]]  # loss, accuracy, val_loss, val_accuracy per epoch
    kept_epoch: int  # the epoch (from 1) with the lowest validation loss, whose weights were kept
    weights: list[np.ndarray]  # as model.get_weights() gives them
    seconds: float  # how long the training took when it was computed


def train_early_stopped(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    hidden_layer: bool,
    seeds: Sequence[int] = SEEDS,
    store: str | os.PathLike | None = None,
) -> list[Run]:
    """Train the homework's network, or the same model without its hidden layer, once per
    seed.

    Adam and batches of 256, as in chapter 6; training stops when the validation loss
    has not fallen for :data:`PATIENCE` epochs (or after :data:`MAX_EPOCHS`), and keeps
    the weights of the epoch where it was lowest.

    Parameters
    ----------
    X_train, y_train : numpy.ndarray
        The rows to learn from, shapes (n, 784) and (n, 1).
    X_val, y_val : numpy.ndarray
        The rows that choose the epoch.
    hidden_layer : bool
        True for the homework's network (:func:`~fashionbook.network.build_model`), False
        for logistic regression in Keras
        (:func:`~fashionbook.network.build_logistic_model`).
    seeds : sequence of int
        One training per seed.
    store : path-like, optional
        The folder of stored results (see :mod:`fashionbook.store`).

    Returns
    -------
    list of Run
        One per seed, in the order of `seeds`.

    While it trains, a line under the notebook's cell says which training and epoch it
    is at; then the line gives each seed's kept epoch, whether the runs were trained now
    or read back from the store.
    """
    model_name = "network" if hidden_layer else "logistic regression (Keras)"
    progress = Progress()

    def train_all() -> list[Run]:
        # Only now, after fashionbook.network has set TensorFlow's environment variables:
        # a keras import above it would start TensorFlow with oneDNN on, whose different
        # rounding changes the networks' last digits.
        import keras

        runs = []
        for number, seed in enumerate(seeds, start=1):
            start = time.perf_counter()
            stop = keras.callbacks.EarlyStopping(
                monitor="val_loss", patience=PATIENCE, restore_best_weights=True
            )
            shown = EpochProgress(progress, f"{model_name}, seed {seed} ({number} of {len(seeds)})")
            history = train_network(
                X_train, y_train, epochs=MAX_EPOCHS, seed=seed, report_every=0,
                callbacks=[stop, shown], validation_data=(X_val, y_val),
                build=build_model if hidden_layer else build_logistic_model,
            )  # fmt: skip
            seconds = time.perf_counter() - start
            kept_epoch = stop.best_epoch + 1  # Keras counts epochs from 0
            weights = history.model.get_weights()
            runs.append(Run(hidden_layer, seed, history.history, kept_epoch, weights, seconds))
        return runs

    settings = {"hidden_layer": hidden_layer, "seeds": list(seeds), "patience": PATIENCE,
                "max_epochs": MAX_EPOCHS}
    arrays = [X_train, y_train, X_val, y_val]
    name = "network" if hidden_layer else "keras-logistic"
    modules = ["fashionbook.comparison", "fashionbook.network"]
    runs = remembered(train_all, name, arrays, settings, modules, store)
    kept = ", ".join(str(run.kept_epoch) for run in runs)
    progress.done(f"{model_name}, {len(runs)} seeds: kept epochs {kept}")
    return runs


def probabilities(run: Run, X: np.ndarray) -> np.ndarray:
    """The probabilities of label 1 that a stored run's model gives the rows of `X`.

    Returns
    -------
    numpy.ndarray
        Shape (n, 1).
    """
    model = build_model() if run.hidden_layer else build_logistic_model()
    model.set_weights(run.weights)
    return np.asarray(model(np.asarray(X, dtype=np.float32), training=False))

"""The network of chapter 6 widened to ten outputs (chapter 9): Input(784),
Dense(100, relu), Dense(10, softmax), trained with Keras.

It takes the 8-bit pixels (uint8, 0 to 255) and scales them to [0, 1] in its first
layer: 60,000 images take 47 MB so, against 188 MB as 32-bit floats, and TensorFlow
copies whatever it trains on; with TensorFlow's own 600 MB, that keeps a learner's
kernel within 1 GiB.

It is a module of its own, apart from :mod:`fashionbook.softmax`, which is NumPy only,
so that chapter 9's checks (:mod:`fashionbook.checks.ten_classes`), which import that
module, do not import TensorFlow.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from fashionbook.progress import Progress
from fashionbook.softmax import NUM_CLASSES, SEED
from fashionbook.store import remembered

NETWORK_MAX_EPOCHS = 60  # the validation run's limit; it stops earlier by itself
NETWORK_PATIENCE = 5  # epochs without a lower validation loss before it stops


def build_ten_class_network() -> Any:
    """The network of chapter 6 with ten outputs: Input(784), Dense(100, relu),
    Dense(10, softmax), compiled with Adam, the categorical cross-entropy and accuracy.

    Its input is the 8-bit pixels; a ``Rescaling`` layer multiplies them by 1/255 first
    (equation (1.2) up to the last bit of a float32: multiplying by 1/255
    and dividing by 255 differ there for 126 of the 256 pixel values).

    The loss is Keras's ``sparse_categorical_crossentropy``: the same loss, for labels
    given as integers rather than one-hot rows.
    """
    from fashionbook import network  # sets TensorFlow's variables before Keras starts

    keras = network.keras
    inputs = keras.Input(shape=(784,), dtype="uint8", name="pixels")
    scaled = keras.layers.Rescaling(1 / 255, name="normalize")(inputs)
    hidden = keras.layers.Dense(
        network.HIDDEN_UNITS, activation=network.ACTIVATION, name="hidden"
    )(scaled)
    output = keras.layers.Dense(
        NUM_CLASSES, activation="softmax", name="probabilities"
    )(hidden)
    model = keras.Model(inputs=inputs, outputs=output, name="ten_classes")
    model.compile(
        optimizer=keras.optimizers.Adam(network.LEARNING_RATE),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=network.STEPS_PER_EXECUTION,
    )
    return model


@dataclass(frozen=True)
class NetworkRun:
    """The ten-class network: its validation run, and its training on all the rows."""

    validation_history: dict[str, list[float]]  # loss, accuracy, val_loss, val_accuracy
    epochs: int  # the epoch (from 1) with the lowest validation loss
    weights: list[np.ndarray]  # after `epochs` epochs on all the rows
    seconds: float  # both trainings, when they were computed


def train_ten_class_network(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    seed: int = SEED,
    store: str | os.PathLike | None = None,
) -> NetworkRun:
    """Choose the network's number of epochs on the validation rows, then train it for
    that many epochs on all the rows, training and validation, as softmax regression is.

    Adam and batches of 256, as in chapter 6. The validation run stops when the
    validation loss has not fallen for :data:`NETWORK_PATIENCE` epochs. While it trains,
    a line under the notebook's cell says which run and epoch it is at; then the line
    says how many epochs were kept.

    Parameters
    ----------
    X_train, X_val : numpy.ndarray
        The 8-bit pixels (uint8) of the rows to learn from and of the rows that choose
        the number of epochs, shapes (n, 784) and (m, 784), as ``flatten(train_images)``
        gives them: the network scales them itself.
    y_train, y_val : numpy.ndarray
        Their labels, integers from 0 to 9.
    """
    for name, X in (("X_train", X_train), ("X_val", X_val)):
        _check_pixels(X, name)
    progress = Progress()

    def train() -> NetworkRun:
        from fashionbook import network

        keras, tf = network.keras, network.tf
        start = time.perf_counter()

        def fit(X: np.ndarray, y: np.ndarray, epochs: int, **options: Any) -> Any:
            keras.utils.set_random_seed(seed)
            tf.config.experimental.enable_op_determinism()
            model = build_ten_class_network()
            return model.fit(X, np.asarray(y, dtype=np.int64),
                             epochs=epochs, batch_size=network.BATCH_SIZE, verbose=0,
                             **options)  # a History; its .model is the model  # fmt: skip

        stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=NETWORK_PATIENCE)
        shown = network.EpochProgress(progress, "the validation run")
        watched = fit(X_train, y_train, NETWORK_MAX_EPOCHS, callbacks=[stop, shown],
                      validation_data=(X_val, np.asarray(y_val, dtype=np.int64)))  # fmt: skip
        validation_history = watched.history
        epochs = int(np.argmin(validation_history["val_loss"])) + 1
        del watched, stop  # they hold the first model: its memory goes to the second
        shown = network.EpochProgress(progress, f"all the rows, {epochs} epochs")
        X_all, y_all = np.concatenate([X_train, X_val]), np.concatenate([y_train, y_val])
        final = fit(X_all, y_all, epochs, callbacks=[shown]).model
        return NetworkRun(validation_history, epochs, final.get_weights(), time.perf_counter() - start)

    settings = {"seed": seed, "max_epochs": NETWORK_MAX_EPOCHS, "patience": NETWORK_PATIENCE}
    arrays = [X_train, y_train, X_val, y_val]
    run = remembered(train, "ten-class-network", arrays, settings,
                     ["fashionbook.ten_class_network", "fashionbook.network"], store)  # fmt: skip
    stopped = len(run.validation_history["loss"])
    progress.done(f"stopped after epoch {stopped}, kept {run.epochs}; then {run.epochs} "
                  "epochs on all the rows")  # fmt: skip
    return run


def network_probabilities(run: NetworkRun, X: np.ndarray) -> np.ndarray:
    """The ten probabilities that a stored network run gives each row of `X` (8-bit
    pixels, as for :func:`train_ten_class_network`), shape (n, 10)."""
    _check_pixels(X, "X")
    model = build_ten_class_network()
    model.set_weights(run.weights)
    return np.asarray(model(X, training=False))


def _check_pixels(X: np.ndarray, name: str) -> None:
    if X.dtype != np.uint8 or X.ndim != 2 or X.shape[1] != 784:
        raise ValueError(
            f"{name} has shape {X.shape} and dtype {X.dtype}, expected the 8-bit pixels, "
            "shape (n, 784) and dtype uint8, as flatten(train_images) gives them: the "
            "network scales them to [0, 1] itself"
        )

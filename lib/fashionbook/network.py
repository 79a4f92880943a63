"""The homework's neural network: 784 pixels, a hidden layer of 100 neurons, one output.

Importing this module imports TensorFlow (a few seconds). It first sets the two
environment variables that keep TensorFlow's C++ log lines out of a book page, and the
number of threads TensorFlow splits each operation over, :data:`THREADS`, which the
book's numbers depend on (below).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence

# Level 3 hides C++ info, warning and error lines. Error lines too: with Keras 3.15 and
# TensorFlow 2.21, every fit() on NumPy arrays logs a harmless "NodeDef mentions
# attribute use_unbounded_threadpool which is not in the op definition" at error level.
# Real failures still raise Python exceptions.
# Set, not setdefault, so that a page never depends on the builder's shell: the common
# TF_CPP_MIN_LOG_LEVEL=2 put that E0000 line on chapter 6's page, and oneDNN's notice
# is printed at import whatever the level (oneDNN can also change the last digits).
# TensorFlow reads both once, when it is imported: to see its log, import tensorflow
# before this module.
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
# TensorFlow splits a matrix product over its threads, and the split decides the order
# in which the products' terms are added, so the last digits of a training, and through
# them the epoch that early stopping keeps, depend on the number of threads. By default
# TensorFlow takes one per CPU it may use: the book's build has 2, a learner's laptop 8,
# Binder shows all of its host's. Pinned to the build's 2, a training gives the same
# weights, bit for bit, on one CPU or on many (measured on 1 and 2 CPUs: the networks of
# chapters 6 and 9); on one CPU the two threads take turns.
THREADS = 2
os.environ["TF_NUM_INTRAOP_THREADS"] = str(THREADS)

import keras  # noqa: E402 (must come after the variables above)
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

try:  # in case TensorFlow was imported before this module, and has not started yet
    tf.config.threading.set_intra_op_parallelism_threads(THREADS)
except RuntimeError:  # it has started: its thread count can no longer change
    import warnings

    warnings.warn(
        f"TensorFlow started before fashionbook.network could give it {THREADS} threads; "
        "trainings may differ from the book's in their last digits. Restart the kernel "
        "and import fashionbook.network before anything else that uses TensorFlow.",
        RuntimeWarning,
        stacklevel=2,
    )

from fashionbook.progress import Progress  # noqa: E402
from fashionbook.store import remembered  # noqa: E402

HIDDEN_UNITS = 100
ACTIVATION = "relu"
LEARNING_RATE = 1e-3  # Adam's default
BATCH_SIZE = 256  # Keras's default: 32 (chapter 6 says why)
EPOCHS = 100
VALIDATION_SPLIT = 0.2
SEED = 0
STEPS_PER_EXECUTION = 100  # batches per call into TensorFlow: less Python per step


def build_model(hidden_units: int = HIDDEN_UNITS, activation: str = ACTIVATION) -> keras.Model:
    """The homework's model, in the functional API: Input(784), Dense(100), Dense(1, sigmoid).

    Parameters
    ----------
    hidden_units : int
        Neurons in the hidden layer.
    activation : str
        The hidden layer's activation. ReLU, max(0, z), by default: it passes
        gradients through unchanged where it is active, so it trains quickly, and it
        is what makes the hidden layer non-linear.

    Returns
    -------
    keras.Model
        Not compiled; :func:`compile_model` does that.
    """
    inputs = keras.Input(shape=(784,), name="pixels")
    hidden = keras.layers.Dense(
        hidden_units, activation=activation, name="hidden"
    )(inputs)
    output = keras.layers.Dense(
        1, activation="sigmoid", name="probability"
    )(hidden)
    return keras.Model(inputs=inputs, outputs=output, name="pullover_or_coat")


def build_logistic_model() -> keras.Model:
    """Logistic regression in Keras: the homework's model without its hidden layer.

    One weighted sum of the 784 pixels and a bias, then the sigmoid: equations (4.5) and
    (4.6), with 785 parameters. Trained exactly as the network is, it
    isolates what the hidden layer adds.
    """
    inputs = keras.Input(shape=(784,), name="pixels")
    h = keras.layers.Dense(1, activation="sigmoid", name="probability")(inputs)
    return keras.Model(inputs=inputs, outputs=h, name="logistic_regression")


def compile_model(model: keras.Model, learning_rate: float = LEARNING_RATE) -> keras.Model:
    """Compile `model` with Adam, binary cross-entropy (equation (4.8)) and accuracy."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="binary_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=STEPS_PER_EXECUTION,
    )
    return model


def train_network(
    X: np.ndarray,
    y: np.ndarray,
    epochs: int = EPOCHS,
    validation_split: float = VALIDATION_SPLIT,
    seed: int = SEED,
    report_every: int | None = None,
    callbacks: Sequence[keras.callbacks.Callback] = (),
    validation_data: tuple[np.ndarray, np.ndarray] | None = None,
    build: Callable[[], keras.Model] = build_model,
    store: str | os.PathLike | None = None,
) -> keras.callbacks.History:
    """Build, compile and train the homework's network on (X, y); return its History.

    The same inputs and seed give the same history, number for number, on the same
    machine: the seed fixes the initial weights and the shuffling, and TensorFlow is
    told to use deterministic operations. (Keras's seeding sets NumPy's and Python's
    global seeds too.) So a training of :func:`build_model` or
    :func:`build_logistic_model` without `callbacks` is kept in the store of
    :mod:`fashionbook.store`, like t-SNE's map, and read back when the same rows and
    settings come again: its history, its weights and how long it took. Any other
    training always runs: neither what a callback does nor the code of another `build`
    is part of the store's key.

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, 784).
    y : numpy.ndarray
        Shape (n, 1), 0 or 1.
    epochs : int
        Passes over the training part.
    validation_split : float
        The fraction of rows, taken from the end, kept out of training to validate.
    seed : int
        Fixes the initial weights and the order of the batches.
    report_every : int, optional
        Print a line every this many epochs (and after the last); 0 for silence. By
        default about ten lines in all.
    callbacks : sequence of keras.callbacks.Callback
        More callbacks for ``fit``, such as ``keras.callbacks.EarlyStopping``.
    validation_data : (X_val, y_val), optional
        Rows to validate on instead of the last `validation_split` of (X, y), which
        then all train.
    build : callable
        Makes the model to train: :func:`build_model` (the homework's network) or
        :func:`build_logistic_model`.
    store : path-like, optional
        The folder of stored results; by default the book's (see :mod:`fashionbook.store`).

    Returns
    -------
    keras.callbacks.History
        ``history.history`` holds ``loss``, ``accuracy``, ``val_loss`` and
        ``val_accuracy``, one value per epoch; ``history.model`` is the trained model
        (when read from the store: its weights, compiled afresh, without the
        optimizer's state); ``history.seconds`` is how long the training took when it ran.
    """
    X, y = np.asarray(X, dtype=np.float32), np.asarray(y, dtype=np.float32)  # no copy if float32
    if X.ndim != 2 or X.shape[1] != 784:
        raise ValueError(f"X has shape {X.shape}, expected (n, 784)")
    if y.shape != (len(X), 1):
        raise ValueError(f"y has shape {y.shape}, expected ({len(X)}, 1), like X's rows")
    if report_every is None:
        report_every = max(1, epochs // 10)

    if validation_data is not None:
        X_val, y_val = validation_data
        validation_data = np.asarray(X_val, dtype=np.float32), np.asarray(y_val, dtype=np.float32)
        validation_split = 0.0

    def fit(callbacks: Sequence[keras.callbacks.Callback]) -> keras.callbacks.History:
        keras.utils.set_random_seed(seed)
        tf.config.experimental.enable_op_determinism()
        model = compile_model(build())
        start = time.perf_counter()
        history = model.fit(
            X, y, epochs=epochs, batch_size=BATCH_SIZE, validation_split=validation_split,
            validation_data=validation_data, verbose=0, callbacks=list(callbacks),
        )  # fmt: skip
        history.seconds = time.perf_counter() - start
        return history

    report = [EpochReport(report_every, epochs)] if report_every else []
    if callbacks or build not in (build_model, build_logistic_model):
        return fit([*report, *callbacks])

    trained = []  # the History, when the training happens now

    def train() -> dict:
        trained.append(fit(report))
        history = trained[0]
        return {"history": history.history, "weights": history.model.get_weights(),
                "seconds": history.seconds}  # fmt: skip

    arrays = [X, y, *(validation_data or ())]
    settings = {"epochs": epochs, "validation_split": validation_split, "seed": seed,
                "build": build.__name__}  # fmt: skip
    stored = remembered(train, "train-network", arrays, settings, ["fashionbook.network"], store)
    if trained:
        return trained[0]
    for epoch in range(len(stored["history"]["loss"])):  # print what the training printed
        logs = {name: values[epoch] for name, values in stored["history"].items()}
        for callback in report:
            callback.on_epoch_end(epoch, logs)
    return _history(build, stored)


def early_stopping_epochs(
    val_losses: Sequence[float], patience: int
) -> tuple[int, int]:
    """The epoch early stopping keeps, and the epoch it stops after.

    That is, what Keras's ``keras.callbacks.EarlyStopping(monitor="val_loss",
    patience=patience, restore_best_weights=True)`` does to a training whose validation
    losses are `val_losses`: it keeps the weights of the epoch with the lowest loss,
    and stops once `patience` epochs in a row bring no lower one. Epochs count from 1.

    Examples
    --------
    >>> early_stopping_epochs([0.9, 0.5, 0.6, 0.4, 0.45, 0.41, 0.42], patience=2)
    (4, 6)
    """
    kept = 1
    for epoch, loss in enumerate(val_losses, start=1):
        if epoch == 1 or loss < val_losses[kept - 1]:  # lowest so far
            kept = epoch
        elif epoch - kept >= patience:
            return kept, epoch
    return kept, len(val_losses)  # it ran out of epochs first


def _history(build: Callable[[], keras.Model], stored: dict) -> keras.callbacks.History:
    """A History like the one ``fit`` returned, from what the store kept of it."""
    model = compile_model(build())
    model.set_weights(stored["weights"])
    history = keras.callbacks.History()
    history.set_model(model)
    history.history = stored["history"]
    history.epoch = list(range(len(stored["history"]["loss"])))
    history.seconds = stored["seconds"]
    return history


class EpochReport(keras.callbacks.Callback):
    """One line every `every` epochs, in the format of ``logistic_regression``."""

    def __init__(self, every: int, epochs: int):
        super().__init__()
        self.every, self.epochs = every, epochs

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        done = epoch + 1
        if done % self.every == 0 or done == self.epochs:
            logs = logs or {}
            print(
                f"Epoch {done:>{len(str(self.epochs))}}/{self.epochs}  "
                f"train loss {logs['loss']:.4f} acc {logs['accuracy']:.4f}  "
                f"val loss {logs['val_loss']:.4f} acc {logs['val_accuracy']:.4f}"
            )


class EpochProgress(keras.callbacks.Callback):
    """Shows the epoch a training has reached on a :class:`~fashionbook.progress.Progress`
    line: "`label`: epoch 12, validation loss 0.3012"."""

    def __init__(self, progress: Progress, label: str):
        super().__init__()
        self.progress, self.label = progress, label

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        loss = (logs or {}).get("val_loss")
        tail = f", validation loss {loss:.4f}" if loss is not None else ""
        self.progress.update(f"{self.label}: epoch {epoch + 1}{tail}")

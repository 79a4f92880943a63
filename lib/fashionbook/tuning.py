"""Choosing the learning rate and the number of steps of gradient descent by measuring.

Chapter 5 tunes logistic regression on Pullover vs Coat with these functions, and
chapter 6 calls them again to compare its network with the tuned model, so both
chapters use the same choice without either typing it in. The sweep is kept in the
store of :mod:`fashionbook.store`, so chapter 6 reads what chapter 5 computed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from fashionbook.logistic import logistic_regression
from fashionbook.progress import Progress
from fashionbook.store import remembered

LEARNING_RATES = (0.01, 0.03, 0.1, 0.3)
NUM_STEPS = 3000
WINDOW, TOLERANCE = 100, 1e-3


def steps_to_converge(
    val_losses: Sequence[float], window: int = WINDOW, tolerance: float = TOLERANCE
) -> int | None:
    """The first step after which `window` more steps lower the loss, at no step raise
    it, and lower it by less than `tolerance` in all; None if the run never gets there.

    This is a rule for stopping early on the validation loss: it says when more steps
    stop paying, not that gradient descent has reached the minimum of the training
    loss. A window in which the loss *rose*, at any step, never counts: that is a spike
    of a rate too large (or overfitting), not a plateau.

    Examples
    --------
    >>> steps_to_converge([1.0, 0.5, 0.3, 0.29, 0.289, 0.2889], window=1, tolerance=0.02)
    3
    >>> steps_to_converge([1.0, 2.0, 0.5, 0.49], window=1, tolerance=0.02)  # not at the rise
    3
    >>> print(steps_to_converge([1.0, 0.5, 2.0, 0.49], window=2, tolerance=0.02))  # rose inside
    None
    """
    losses = np.asarray(val_losses, dtype=float)
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    if len(losses) <= window:
        return None
    gains = losses[:-window] - losses[window:]  # how much `window` more steps lower it
    changes = sliding_window_view(np.diff(losses), window)  # each window's steps
    never_rose = changes.max(axis=1) <= 0
    settled = np.flatnonzero(never_rose & (gains < tolerance))
    return int(settled[0]) + 1 if len(settled) else None


@dataclass(frozen=True)
class Tuning:
    """What a learning-rate sweep measured, and the setting it chose."""

    val_losses: dict[float, list[float]]  # per learning rate, one value per step
    val_accuracies: dict[float, list[float]]
    learning_rate: float  # the rate with the lowest final validation loss
    num_steps: int  # where that run's validation loss stopped paying (or all the steps)
    seconds: float  # how long the sweep took when it was computed (not read back)


def tune_learning_rate(
    X: np.ndarray,
    y: np.ndarray,
    learning_rates: Sequence[float] = LEARNING_RATES,
    num_steps: int = NUM_STEPS,
    store: str | os.PathLike | None = None,
) -> Tuning:
    """Train once per learning rate and keep the one with the lowest final validation
    loss; its number of steps is where more steps stopped lowering that run's validation
    loss by much (see :func:`steps_to_converge`): a rule for stopping early, not the
    point where gradient descent has converged.

    The result is kept in the store of :mod:`fashionbook.store` (in `store`, a folder,
    if given) and read from there when the same data and settings come again; its
    ``seconds`` are those the sweep took when it was computed, not those of reading it.
    While it trains, a line under the notebook's cell says which rate it is at.
    """
    progress = Progress()

    def sweep() -> Tuning:
        start = time.perf_counter()
        val_losses, val_accuracies = {}, {}
        for number, rate in enumerate(learning_rates, start=1):
            progress.update(f"learning rate {rate} ({number} of {len(learning_rates)}): "
                            f"{num_steps} steps")  # fmt: skip
            *_, losses, accuracies = logistic_regression(X, y, rate, num_steps, report_every=0)
            val_losses[rate], val_accuracies[rate] = losses, accuracies
        best = min(learning_rates, key=lambda rate: val_losses[rate][-1])
        settled = steps_to_converge(val_losses[best])
        seconds = time.perf_counter() - start
        return Tuning(val_losses, val_accuracies, best, settled or num_steps, seconds)

    settings = {"learning_rates": list(learning_rates), "num_steps": num_steps}
    tuning = remembered(sweep, "tuning", [X, y], settings, ["fashionbook.tuning"], store)
    progress.done(f"{len(learning_rates)} learning rates, {num_steps} steps each")
    return tuning

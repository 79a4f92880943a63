"""How sure is a measured accuracy? Intervals for one accuracy and for a difference.

An accuracy measured on n test images is an estimate: another n images from the same
source would give a slightly different number. Chapter 6 reports every test accuracy
with a 95% interval, and claims that one model beats another only when the interval of
their difference, measured on the same images, leaves out 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import norm


def accuracy_interval(n_correct: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for an accuracy of `n_correct` out of `n`.

    It treats each image as a coin that lands "correct" with an unknown probability,
    and returns the range of probabilities that the count is compatible with. Unlike
    the textbook interval p +- 1.96 sqrt(p (1 - p) / n), it stays inside [0, 1] and
    stays close to its nominal coverage for accuracies near 100%.

    Parameters
    ----------
    n_correct : int
        Images classified correctly.
    n : int
        Images in all.
    confidence : float
        The share of such intervals that contain the true accuracy.

    Returns
    -------
    low, high : float
        The interval's ends, as fractions.

    Examples
    --------
    >>> [round(end, 4) for end in accuracy_interval(90, 100)]
    [0.8256, 0.9448]
    """
    if not 0 <= n_correct <= n or n < 1:
        raise ValueError(f"need 0 <= n_correct <= n and n >= 1, got {n_correct} of {n}")
    z = norm.ppf(0.5 + confidence / 2)
    p = n_correct / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return float(centre - half), float(centre + half)


def difference_interval(
    correct_a: np.ndarray, correct_b: np.ndarray, confidence: float = 0.95
) -> tuple[float, float, float]:
    """The accuracy of model A minus that of model B on the same images, with an interval.

    Both models answered the same images, so the interval is built from the
    per-image differences (a paired interval): the images both get right or both get
    wrong cancel out, which makes it far narrower than comparing two separate
    intervals.

    Parameters
    ----------
    correct_a, correct_b : numpy.ndarray
        One value per image, 1 where the model was right and 0 where it was wrong (or,
        for a model trained with several seeds, the share of seeds that were right).
    confidence : float
        The share of such intervals that contain the true difference.

    Returns
    -------
    difference, low, high : float
        The difference of the accuracies and its interval, as fractions.

    Examples
    --------
    >>> a = np.array([1] * 90 + [0] * 10)
    >>> b = np.array([1] * 80 + [0] * 20)
    >>> [round(value, 4) for value in difference_interval(a, b)]
    [0.1, 0.0409, 0.1591]
    """
    a, b = np.asarray(correct_a, dtype=float), np.asarray(correct_b, dtype=float)
    if a.shape != b.shape or a.ndim != 1 or len(a) < 2:
        raise ValueError(
            f"correct_a and correct_b must be 1-D, of the same length >= 2, "
            f"got shapes {a.shape} and {b.shape}"
        )
    differences = a - b
    z = norm.ppf(0.5 + confidence / 2)
    half = z * differences.std(ddof=1) / np.sqrt(len(differences))
    mean = float(differences.mean())
    return mean, float(mean - half), float(mean + half)


def mean_and_standard_error(values: Sequence[float]) -> tuple[float, float]:
    """The mean of `values` and its standard error, std / sqrt(count).

    For one model trained with several seeds: the mean says how well it does, the
    standard error how much that mean would move with other seeds.

    Examples
    --------
    >>> [round(value, 4) for value in mean_and_standard_error([0.90, 0.91, 0.89])]
    [0.9, 0.0058]
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or len(values) < 2:
        raise ValueError(f"need at least two values, got {values.shape}")
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(len(values)))

"""How sure is a measured accuracy? Intervals for one accuracy and for a difference.

An accuracy measured on n test images is an estimate: another n images from the same
source would give a slightly different number. Chapter 6 reports every test accuracy
with a 95% interval, and claims that one model beats another only when the interval of
their difference, measured on the same images, leaves out 0. Two accuracies measured on
different images are compared with :func:`unpaired_difference_interval` instead.
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
    per-image differences d_i = a_i - b_i (a paired interval): the images both get
    right or both get wrong give d_i = 0 and cancel out, which makes it far narrower
    than comparing two separate intervals. It is the normal approximation to the
    distribution of the mean difference, mean(d) +- z std(d) / sqrt(n): with answers
    of 0 and 1, only the images on which the two models disagree move it, the setting
    of McNemar's test.

    What it covers, and what it does not:

    - It covers which images were drawn, for the trained models at hand. Another
      seed gives other models, and their spread from seed to seed comes on top of it
      (the mean over several seeds, passed as shares, narrows that part but does not
      remove it).
    - On the rows that chose a setting (validation rows that picked an epoch or a
      learning rate) it is optimistic: the choice favoured whatever did well on them.
    - The normal approximation needs enough images on which the models disagree.
      When few differ (a common rule of thumb: fewer than 25), use an exact McNemar test
      instead: a binomial test of the images only A got right among those where the
      two disagree, ``scipy.stats.binomtest(only_a, only_a + only_b)``.

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


def unpaired_difference_interval(
    accuracy_a: float, n_a: int, accuracy_b: float, n_b: int, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Accuracy A minus accuracy B, measured on two separate sets of images, with an interval.

    When the two accuracies come from different images (one model on two test sets,
    say) nothing cancels image by image, and the difference is as uncertain as both
    accuracies together: its standard error is sqrt(se_a**2 + se_b**2), with
    se = sqrt(p (1 - p) / n) for each accuracy p on its n images (the normal
    approximation). This is the right test where two intervals that overlap are not:
    two 95% intervals can overlap while the interval of the difference leaves out 0.

    Parameters
    ----------
    accuracy_a, accuracy_b : float
        The two accuracies, as fractions (for a model trained with several seeds, the
        mean over the seeds).
    n_a, n_b : int
        The images each was measured on.
    confidence : float
        The share of such intervals that contain the true difference.

    Returns
    -------
    difference, low, high : float
        accuracy_a - accuracy_b and its interval, as fractions.

    Examples
    --------
    >>> [round(value, 4) for value in unpaired_difference_interval(0.9, 1000, 0.8, 500)]
    [0.1, 0.0603, 0.1397]
    """
    for accuracy, n in ((accuracy_a, n_a), (accuracy_b, n_b)):
        if not 0 <= accuracy <= 1 or n < 1:
            raise ValueError(f"need an accuracy in [0, 1] and n >= 1, got {accuracy} of {n}")
    z = norm.ppf(0.5 + confidence / 2)
    error = np.sqrt(accuracy_a * (1 - accuracy_a) / n_a + accuracy_b * (1 - accuracy_b) / n_b)
    difference = float(accuracy_a - accuracy_b)
    return difference, float(difference - z * error), float(difference + z * error)

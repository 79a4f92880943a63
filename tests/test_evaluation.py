"""Intervals for accuracies: checked against simulation and against scipy."""

import doctest

import numpy as np
import pytest
from scipy.stats import norm

import fashionbook.evaluation
from fashionbook.evaluation import (
    accuracy_interval,
    difference_interval,
    mean_and_standard_error,
    unpaired_difference_interval,
)


def test_the_docstring_examples_hold():
    assert doctest.testmod(fashionbook.evaluation).failed == 0


def test_the_accuracy_interval_covers_the_true_accuracy_95_times_in_100():
    rng = np.random.default_rng(0)
    true_accuracy, n = 0.87, 2000
    counts = rng.binomial(n, true_accuracy, size=4000)
    covered = [low <= true_accuracy <= high for low, high in (accuracy_interval(c, n) for c in counts)]
    assert 0.94 <= np.mean(covered) <= 0.96


def test_the_accuracy_interval_stays_inside_0_and_1():
    low, high = accuracy_interval(2000, 2000)
    assert 0.99 < low < high == pytest.approx(1.0)
    assert accuracy_interval(0, 50)[0] == pytest.approx(0.0, abs=1e-12)


def test_the_accuracy_interval_narrows_with_more_images():
    narrow = np.diff(accuracy_interval(8700, 10000))[0]
    wide = np.diff(accuracy_interval(87, 100))[0]
    assert narrow < wide / 5


@pytest.mark.parametrize("n_correct, n", [(-1, 10), (11, 10), (0, 0)])
def test_the_accuracy_interval_refuses_impossible_counts(n_correct, n):
    with pytest.raises(ValueError, match="n_correct"):
        accuracy_interval(n_correct, n)


def test_the_difference_interval_covers_the_true_difference_95_times_in_100():
    # Two models that agree on most images, as two classifiers of the same data do.
    rng = np.random.default_rng(1)
    n, covered = 2000, []
    for _ in range(2000):
        both = rng.random(n) < 0.85
        only_a = ~both & (rng.random(n) < 0.3)
        only_b = ~both & ~only_a & (rng.random(n) < 0.2)
        a, b = both | only_a, both | only_b
        true_difference = 0.15 * 0.3 - 0.15 * 0.7 * 0.2
        _, low, high = difference_interval(a.astype(int), b.astype(int))
        covered.append(low <= true_difference <= high)
    assert 0.94 <= np.mean(covered) <= 0.96


def test_a_paired_difference_is_narrower_than_two_separate_intervals():
    rng = np.random.default_rng(2)
    a = (rng.random(2000) < 0.9).astype(int)
    b = a.copy()
    b[:40] = 0  # B is A with forty more mistakes
    _, low, high = difference_interval(a, b)
    separate = accuracy_interval(a.sum(), 2000), accuracy_interval(b.sum(), 2000)
    assert low > 0  # paired: A is better
    assert separate[0][0] < separate[1][1]  # the separate intervals overlap


def test_the_difference_interval_refuses_arrays_of_other_lengths():
    with pytest.raises(ValueError, match="same length"):
        difference_interval(np.ones(5), np.ones(6))


def test_the_standard_error_is_the_spread_over_the_square_root_of_the_count():
    mean, error = mean_and_standard_error([1.0, 2.0, 3.0, 4.0])
    assert mean == 2.5
    assert error == pytest.approx(np.std([1, 2, 3, 4], ddof=1) / 2)
    with pytest.raises(ValueError, match="two values"):
        mean_and_standard_error([0.9])


def test_the_unpaired_interval_covers_the_true_difference_95_times_in_100():
    # One model on two separate samples of images, of 2,400 and 2,000 as in chapter 6.
    rng = np.random.default_rng(3)
    p_a, n_a, p_b, n_b = 0.89, 2400, 0.88, 2000
    covered = []
    for count_a, count_b in zip(rng.binomial(n_a, p_a, 4000), rng.binomial(n_b, p_b, 4000)):
        _, low, high = unpaired_difference_interval(count_a / n_a, n_a, count_b / n_b, n_b)
        covered.append(low <= p_a - p_b <= high)
    assert 0.94 <= np.mean(covered) <= 0.96


def test_the_unpaired_standard_error_adds_the_two_in_quadrature():
    difference, low, high = unpaired_difference_interval(0.9, 900, 0.8, 400)
    se_a, se_b = np.sqrt(0.9 * 0.1 / 900), np.sqrt(0.8 * 0.2 / 400)
    assert difference == pytest.approx(0.1)
    assert (high - low) / 2 == pytest.approx(norm.ppf(0.975) * np.hypot(se_a, se_b))


def test_two_intervals_can_overlap_while_the_unpaired_difference_leaves_out_zero():
    a, b = (1800, 2000), (1756, 2000)  # 90.0% and 87.8%
    _, low, _ = unpaired_difference_interval(a[0] / a[1], a[1], b[0] / b[1], b[1])
    assert low > 0
    assert accuracy_interval(*a)[0] < accuracy_interval(*b)[1]  # the two intervals overlap


def test_the_unpaired_interval_refuses_impossible_accuracies():
    with pytest.raises(ValueError, match="accuracy"):
        unpaired_difference_interval(1.2, 10, 0.5, 10)
    with pytest.raises(ValueError, match="n >= 1"):
        unpaired_difference_interval(0.5, 0, 0.5, 10)

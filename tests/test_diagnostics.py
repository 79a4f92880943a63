"""Chapter 8's measurements (fashionbook.diagnostics) and its figures (fashionbook.plots)."""

import doctest

import numpy as np
import pytest

import fashionbook.diagnostics
from fashionbook.diagnostics import (
    confusion_matrix,
    most_confident_mistakes,
    precision_recall,
    predict_at,
    smoothness,
    threshold_scores,
    weights_as_image,
)
from fashionbook.logistic import predict


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(fashionbook.diagnostics).failed == 0


# --- confusion_matrix ------------------------------------------------------------------


def test_confusion_matrix_puts_true_classes_in_rows_and_predictions_in_columns():
    y_true = np.array([0, 0, 0, 1, 1])
    y_pred = np.array([0, 1, 1, 1, 0])
    assert confusion_matrix(y_true, y_pred, 2).tolist() == [[1, 2], [1, 1]]


def test_confusion_matrix_counts_every_image_once_for_any_number_of_classes():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 10, size=500), rng.integers(0, 10, size=500)
    counts = confusion_matrix(y_true, y_pred, 10)
    assert counts.shape == (10, 10) and counts.sum() == 500
    assert np.trace(counts) == (y_true == y_pred).sum()
    assert (counts.sum(axis=1) == np.bincount(y_true, minlength=10)).all()
    assert (counts.sum(axis=0) == np.bincount(y_pred, minlength=10)).all()


def test_confusion_matrix_takes_column_vectors_as_logistic_regression_gives_them():
    y = np.array([[1], [0], [1]])
    h = np.array([[0.9], [0.7], [0.2]])
    assert confusion_matrix(y, predict(h), 2).tolist() == [[0, 1], [1, 1]]


def test_confusion_matrix_of_a_class_that_never_occurs_has_an_empty_row_and_column():
    counts = confusion_matrix(np.array([0, 1]), np.array([0, 1]), 3)
    assert counts.tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 0]]


@pytest.mark.parametrize(
    "y_true, y_pred, n_classes, message",
    [
        ([0, 1, 2], [0, 1, 1], 2, "labels from 0 to 2, expected 0 to 1"),
        ([0, 1], [0, 1, 1], 2, "y_true has 2 labels but y_pred has 3"),
        ([0, 1], [0.5, 1], 2, "whole-number labels"),
        ([0, -1], [0, 1], 2, "labels from -1 to 0"),
        ([0, 1], [0, 1], 0, "n_classes must be a positive whole number"),
    ],
)
def test_confusion_matrix_refuses_bad_labels_with_a_clear_message(y_true, y_pred, n_classes, message):
    with pytest.raises(ValueError, match=message):
        confusion_matrix(np.array(y_true), np.array(y_pred), n_classes)


# --- precision_recall ------------------------------------------------------------------


def test_precision_divides_by_columns_and_recall_by_rows():
    precision, recall = precision_recall(np.array([[8, 2], [1, 9]]))
    assert precision == pytest.approx([8 / 9, 9 / 11])
    assert recall == pytest.approx([8 / 10, 9 / 10])


def test_precision_of_a_class_never_predicted_is_nan_not_an_error():
    with np.errstate(all="raise"):
        precision, recall = precision_recall(np.array([[5, 0], [3, 0]]))
    assert np.isnan(precision[1]) and recall[1] == 0 and recall[0] == 1


@pytest.mark.parametrize("counts", [np.ones((2, 3)), np.ones(4), np.array([[1, -1], [0, 2]])])
def test_precision_recall_refuses_what_is_not_a_confusion_matrix(counts):
    with pytest.raises(ValueError, match="counts"):
        precision_recall(counts)


# --- the threshold ---------------------------------------------------------------------


def test_predict_at_one_half_is_the_predict_of_chapter_4():
    h = np.linspace(0, 1, 101).reshape(-1, 1)
    assert np.array_equal(predict_at(h, 0.5), predict(h))


def test_predict_at_moves_the_cut():
    h = np.array([[0.2], [0.4], [0.6]])
    assert predict_at(h, 0.3).ravel().tolist() == [0, 1, 1]
    assert predict_at(h, 0.5).ravel().tolist() == [0, 0, 1]


def test_predict_at_refuses_a_threshold_outside_0_1():
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\]"):
        predict_at(np.array([0.5]), 50)


def test_threshold_scores_agree_with_the_confusion_matrix_at_each_threshold():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, size=(300, 1))
    h = np.clip(0.3 * y + rng.uniform(0, 0.7, size=(300, 1)), 0, 1)
    thresholds = np.array([0.2, 0.5, 0.8])
    scores = threshold_scores(y, h, thresholds)
    for i, threshold in enumerate(thresholds):
        counts = confusion_matrix(y, predict_at(h, threshold), 2)
        assert scores["accuracy"][i] == pytest.approx(np.trace(counts) / 300)
        assert scores["precision"][i] == pytest.approx(counts[1, 1] / counts[:, 1].sum())
        assert scores["recall"][i] == pytest.approx(counts[1, 1] / counts[1].sum())


def test_raising_the_threshold_never_raises_the_recall():
    rng = np.random.default_rng(2)
    y, h = rng.integers(0, 2, size=200), rng.uniform(size=200)
    recall = threshold_scores(y, h, np.linspace(0, 1, 21))["recall"]
    assert (np.diff(recall) <= 0).all()


def test_threshold_scores_refuses_labels_and_probabilities_of_different_lengths():
    with pytest.raises(ValueError, match="y has 3 values but h has 2"):
        threshold_scores(np.array([0, 1, 1]), np.array([0.2, 0.9]), [0.5])


# --- the weights as an image -----------------------------------------------------------


def test_weights_as_image_drops_the_bias_and_puts_each_weight_at_its_pixel():
    theta = np.arange(785.0).reshape(-1, 1)
    image = weights_as_image(theta)
    assert image.shape == (28, 28)
    assert image[0, 0] == 1 and image[0, 27] == 28 and image[1, 0] == 29 and image[27, 27] == 784


def test_weights_as_image_refuses_weights_without_the_bias_with_a_hint():
    with pytest.raises(ValueError, match=r"784 values, expected 785.*put the bias in front"):
        weights_as_image(np.zeros(784))


# --- smoothness ------------------------------------------------------------------------


def test_smoothness_is_high_for_a_smooth_image_low_for_noise_and_negative_for_a_checkerboard():
    rows, columns = np.mgrid[0:28, 0:28]
    smooth = np.sin(rows / 6) + np.cos(columns / 5)
    noise = np.random.default_rng(0).normal(size=(28, 28))
    checkerboard = (-1.0) ** (rows + columns)
    assert smoothness(smooth) > 0.95
    assert abs(smoothness(noise)) < 0.15
    assert smoothness(checkerboard) == pytest.approx(-1)
    # neighbours along a row only: a picture of horizontal stripes is smooth, of vertical ones not
    assert smoothness((-1.0) ** rows + 0 * columns) == pytest.approx(1)
    assert smoothness((-1.0) ** columns + 0 * rows) == pytest.approx(-1)


def test_smoothness_adds_a_speckle_to_a_smooth_image_and_falls():
    rows, columns = np.mgrid[0:28, 0:28]
    smooth = np.sin(rows / 6) + np.cos(columns / 5)
    speckle = 0.5 * np.random.default_rng(1).normal(size=(28, 28))
    assert smoothness(smooth + speckle) < smoothness(smooth) - 0.1


def test_smoothness_refuses_what_has_no_correlation():
    with pytest.raises(ValueError, match="constant"):
        smoothness(np.ones((28, 28)))
    with pytest.raises(ValueError, match="columns >= 2"):
        smoothness(np.arange(28.0))


# --- the most confident mistakes -------------------------------------------------------


def test_most_confident_mistakes_are_wrong_and_sorted_surest_first():
    y = np.array([[1], [0], [1], [0], [1]])
    h = np.array([[0.45], [0.6], [0.02], [0.99], [0.9]])
    assert most_confident_mistakes(y, h, 10).tolist() == [3, 2, 1, 0]  # wrong by 0.99, 0.98, 0.6, 0.55
    assert most_confident_mistakes(y, h, 2).tolist() == [3, 2]


def test_a_model_without_mistakes_has_no_confident_mistakes():
    assert most_confident_mistakes(np.array([0, 1]), np.array([0.1, 0.8]), 5).size == 0


def test_most_confident_mistakes_follow_the_threshold():
    y, h = np.array([1, 1]), np.array([0.4, 0.7])
    assert most_confident_mistakes(y, h, 5, threshold=0.5).tolist() == [0]
    assert most_confident_mistakes(y, h, 5, threshold=0.8).tolist() == [0, 1]

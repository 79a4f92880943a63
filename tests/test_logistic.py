"""Logistic regression: each equation against an independent reference, and training."""

import warnings

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from fashionbook.data import get_data_subset, normalize, train_test_validation_split
from fashionbook.logistic import (
    accuracy,
    binary_cross_entropy,
    binary_cross_entropy_derivative,
    logistic_regression,
    predict,
    sigmoid,
)


# --- sigmoid, eq. (6) ------------------------------------------------------------------


def test_sigmoid_matches_its_definition_for_moderate_inputs():
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12)


def test_sigmoid_does_not_overflow_for_large_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = sigmoid(np.array([-1e4, -1000.0, 1000.0, 1e4]))
    np.testing.assert_array_equal(result, [0.0, 0.0, 1.0, 1.0])


def test_sigmoid_is_symmetric_about_one_half():
    z = np.array([0.3, 2.0, 7.5])
    np.testing.assert_allclose(sigmoid(-z), 1 - sigmoid(z), rtol=1e-12)


# --- the loss, eq. (8) -----------------------------------------------------------------


def test_binary_cross_entropy_matches_sklearn_log_loss():
    from sklearn.metrics import log_loss

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, (50, 1))
    h = rng.uniform(0.01, 0.99, (50, 1))
    assert binary_cross_entropy(y, h) == pytest.approx(log_loss(y.ravel(), h.ravel()), rel=1e-12)


@pytest.mark.parametrize("h_value, y_value", [(0.0, 1), (1.0, 0), (0.0, 0), (1.0, 1)])
def test_binary_cross_entropy_is_finite_when_h_is_exactly_zero_or_one(h_value, y_value):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = binary_cross_entropy(np.array([[y_value]]), np.array([[h_value]]))
    assert np.isfinite(loss)
    wrong = h_value != y_value
    assert (loss > 15) if wrong else (loss < 1e-6)


def test_binary_cross_entropy_names_mismatched_shapes():
    with pytest.raises(ValueError, match=r"y has shape \(3, 1\) but h has shape \(3,\)"):
        binary_cross_entropy(np.zeros((3, 1)), np.full(3, 0.5))


# --- the gradient, eq. (9) -------------------------------------------------------------


def test_gradient_matches_central_finite_differences():
    rng = np.random.default_rng(0)
    X = np.hstack([np.ones((40, 1)), rng.normal(size=(40, 5))])
    y = rng.integers(0, 2, (40, 1))
    theta = rng.normal(scale=0.5, size=(6, 1))

    def loss(t):
        return binary_cross_entropy(y, sigmoid(X @ t))

    step = 1e-6
    numerical = np.zeros_like(theta)
    for j in range(len(theta)):
        e = np.zeros_like(theta)
        e[j] = step
        numerical[j] = (loss(theta + e) - loss(theta - e)) / (2 * step)
    analytic = binary_cross_entropy_derivative(X, y, theta)
    relative_error = np.linalg.norm(analytic - numerical) / np.linalg.norm(analytic + numerical)
    assert relative_error < 1e-6


@pytest.mark.parametrize(
    "X_shape, y_shape, theta_shape, message",
    [
        ((4, 3), (4, 1), (2, 1), r"theta has shape \(2, 1\), expected \(3, 1\).*bias"),
        ((4, 3), (4,), (3, 1), r"y has shape \(4,\), expected \(4, 1\)"),
        ((4,), (4, 1), (3, 1), r"X has shape \(4,\), expected \(n, d\)"),
    ],
)
def test_gradient_names_the_argument_with_the_wrong_shape(X_shape, y_shape, theta_shape, message):
    with pytest.raises(ValueError, match=message):
        binary_cross_entropy_derivative(np.ones(X_shape), np.ones(y_shape), np.ones(theta_shape))


# --- predictions and accuracy, eq. (7) -------------------------------------------------


def test_predict_rounds_at_one_half_like_keras():
    h = np.array([[0.0], [0.49], [0.5], [0.51], [1.0]])
    assert predict(h).ravel().tolist() == [0, 0, 0, 1, 1]


def test_accuracy_is_a_fraction():
    assert accuracy(np.array([[1], [0], [1], [0]]), np.array([[1], [1], [1], [1]])) == 0.5


def test_accuracy_refuses_shapes_that_would_broadcast():
    with pytest.raises(ValueError, match=r"y has shape \(4, 1\) but y_pred has shape \(4,\)"):
        accuracy(np.zeros((4, 1)), np.zeros(4))


# --- training, eq. (10) ----------------------------------------------------------------


def test_logistic_regression_starts_from_zero_and_records_every_step(frame):
    X, y = get_data_subset(frame, ["Trouser", "Ankle boot"])
    theta, train_losses, train_acc, val_losses, val_acc = logistic_regression(
        X, y, 0.05, 3, report_every=0
    )
    assert theta.shape == (785, 1)
    assert [len(train_losses), len(train_acc), len(val_losses), len(val_acc)] == [3] * 4
    assert train_losses[0] == pytest.approx(np.log(2))  # h = 0.5 everywhere at theta = 0


def test_logistic_regression_takes_the_steps_of_equation_10():
    rng = np.random.default_rng(3)
    X = rng.random((50, 784), dtype=np.float32)
    y = rng.integers(0, 2, (50, 1))
    theta, *_ = logistic_regression(X, y, 0.1, 2, report_every=0)
    Xb = np.hstack([np.ones((50, 1), np.float32), X])
    X_train, y_train = Xb[:30], y[:30].astype(np.float32)
    expected = np.zeros((785, 1), np.float32)
    for _ in range(2):
        expected -= 0.1 * Xb[:30].T @ (sigmoid(X_train @ expected) - y_train) / 30
    np.testing.assert_allclose(theta, expected, rtol=1e-5, atol=1e-7)


def test_logistic_regression_gives_identical_histories_twice(frame):
    X, y = get_data_subset(frame, ["Pullover", "Coat"])
    first = logistic_regression(X, y, 0.01, 20, report_every=0)
    second = logistic_regression(X, y, 0.01, 20, report_every=0)
    np.testing.assert_array_equal(first[0], second[0])
    assert first[1:] == second[1:]


def test_logistic_regression_reports_about_ten_lines(frame, capsys):
    X, y = get_data_subset(frame, ["Trouser", "Ankle boot"])
    logistic_regression(X, y, 0.05, 100)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Initial accuracy:")
    assert len(lines) == 11 and lines[-1].startswith("Step 100/100")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"learning_rate": 0}, "learning_rate must be positive"),
        ({"num_steps": 2.5}, "num_steps must be a positive whole number"),
        ({"y": np.zeros(10)}, r"y has shape \(10,\), expected \(10, 1\)"),
    ],
)
def test_logistic_regression_refuses_bad_arguments(kwargs, message):
    arguments = {"X": np.zeros((10, 784)), "y": np.zeros((10, 1)), "learning_rate": 0.1, "num_steps": 5}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        logistic_regression(**arguments)


def test_seed_settings_separate_trousers_from_ankle_boots(frame):
    X, y = get_data_subset(frame, ["Trouser", "Ankle boot"])
    *_, val_accuracies = logistic_regression(X, y, 0.05, 100, report_every=0)
    assert val_accuracies[-1] > 0.99


def test_seed_settings_leave_pullover_vs_coat_unconverged(frame):
    X, y = get_data_subset(frame, ["Pullover", "Coat"])
    _, _, _, val_losses, _ = logistic_regression(X, y, 0.01, 100, report_every=0)
    recent_drop = val_losses[-11] - val_losses[-1]
    assert recent_drop > 0.001, "the validation loss is still falling"
    assert all(np.diff(val_losses) < 0)


def test_gradient_descent_reaches_sklearns_unregularized_optimum(fashion_mnist):
    """On a pair of classes where the optimum can be reached: Pullover vs Coat with each
    image averaged down to 7x7 pixels. (On all 784 pixels the unregularized problem is
    nearly separable: L-BFGS needs thousands of iterations, measured in chapter 5.)"""
    (images, labels), _ = fashion_mnist
    keep = np.isin(labels, [2, 4])  # Pullover, Coat
    pooled = normalize(images[keep]).reshape(-1, 7, 4, 7, 4).mean(axis=(2, 4)).reshape(-1, 49)
    order = np.random.RandomState(42).permutation(len(pooled))
    X, y = pooled[order], (labels[keep] == 4).astype(int).reshape(-1, 1)[order]

    *_, val_accuracies = logistic_regression(X, y, 1.0, 5000, report_every=0)

    X_train, y_train, _, _, X_val, y_val = train_test_validation_split(X, y)
    reference = LogisticRegression(C=np.inf, max_iter=10_000, tol=1e-10)
    reference.fit(X_train, y_train.ravel())
    assert val_accuracies[-1] == pytest.approx(reference.score(X_val, y_val.ravel()), abs=0.005)

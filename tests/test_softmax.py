"""Softmax regression: the softmax, one-hot labels, the cross-entropy, its gradient and
the training loop, against finite differences and against scikit-learn."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from fashionbook.logistic import binary_cross_entropy, binary_cross_entropy_derivative, sigmoid
from fashionbook.softmax import (
    cross_entropy,
    cross_entropy_gradient,
    one_hot,
    predict_classes,
    softmax,
    softmax_regression,
)


def naive_softmax(Z):
    """The softmax as the equation reads, without the log-sum-exp trick: unstable."""
    exps = np.exp(Z)
    return exps / exps.sum(axis=1, keepdims=True)


def wrong_gradient(X, Y, theta):
    """A plausible slip: the error written Y - P instead of P - Y."""
    return X.T @ (Y - softmax(X @ theta)) / len(X)


def finite_difference_gradient(loss, theta, epsilon=1e-6):
    """Central differences, one weight at a time."""
    gradient = np.zeros_like(theta)
    for index in np.ndindex(theta.shape):
        step = np.zeros_like(theta)
        step[index] = epsilon
        gradient[index] = (loss(theta + step) - loss(theta - step)) / (2 * epsilon)
    return gradient


def small_problem(seed=0, n=30, d=4, k=3):
    rng = np.random.default_rng(seed)
    X = np.hstack([np.ones((n, 1)), rng.normal(size=(n, d - 1))])
    Y = one_hot(rng.integers(0, k, size=n), num_classes=k)
    theta = rng.normal(size=(d, k))
    return X, Y, theta


def gradient_matches_finite_differences(gradient_function, seed=0):
    X, Y, theta = small_problem(seed)
    numerical = finite_difference_gradient(lambda t: cross_entropy(Y, softmax(X @ t)), theta)
    return np.allclose(gradient_function(X, Y, theta), numerical, atol=1e-7)


def is_stable(softmax_function):
    """Rows of huge logits give finite probabilities summing to 1, with no warning."""
    Z = np.array([[1000.0, 0.0, -1000.0], [-1e4, -1e4, -1e4], [710.0, 709.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            P = softmax_function(Z)
        except RuntimeWarning:
            return False
    return bool(np.isfinite(P).all() and np.allclose(P.sum(axis=1), 1))


# --- the softmax -------------------------------------------------------------------------


def test_softmax_rows_are_probabilities():
    P = softmax(np.random.default_rng(1).normal(scale=5, size=(50, 10)))
    assert P.shape == (50, 10) and (P >= 0).all() and (P <= 1).all()
    assert np.allclose(P.sum(axis=1), 1)


def test_softmax_of_equal_scores_is_uniform():
    assert np.allclose(softmax(np.zeros((2, 4))), 0.25)


def test_softmax_is_unchanged_by_adding_a_constant_to_a_row():
    Z = np.random.default_rng(2).normal(size=(5, 10))
    assert np.allclose(softmax(Z), softmax(Z + np.array([[3.0], [-7.0], [0.0], [100.0], [1e3]])))


def test_softmax_matches_scipy():
    from scipy.special import softmax as scipy_softmax

    Z = np.random.default_rng(3).normal(scale=10, size=(20, 10))
    assert np.allclose(softmax(Z), scipy_softmax(Z, axis=1))


@pytest.mark.parametrize("size", [1e2, 1e3, 1e5, 1e300])
def test_softmax_does_not_overflow_for_large_logits(size):
    Z = np.array([[size, 0.0, -size], [size, size, 0.0], [-size, -size, -size]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning fails the test
        P = softmax(Z)
    assert np.isfinite(P).all()
    assert np.allclose(P, [[1, 0, 0], [0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3]])


def test_softmax_is_stable_and_the_naive_one_is_not():
    assert is_stable(softmax)
    assert not is_stable(naive_softmax)  # the check can fail: it rejects the naive softmax


def test_softmax_of_two_classes_is_the_sigmoid_of_the_difference():
    z = np.random.default_rng(4).normal(scale=3, size=(30, 2))
    assert np.allclose(softmax(z)[:, 1], sigmoid(z[:, 1] - z[:, 0]))


def test_softmax_keeps_float32():
    assert softmax(np.zeros((2, 3), dtype=np.float32)).dtype == np.float32


# --- one-hot labels ----------------------------------------------------------------------


def test_one_hot_puts_a_single_one_in_the_label_column():
    Y = one_hot(np.array([0, 9, 3]))
    assert Y.shape == (3, 10) and (Y.sum(axis=1) == 1).all()
    assert Y[0, 0] == Y[1, 9] == Y[2, 3] == 1
    assert (predict_classes(Y) == [0, 9, 3]).all()


def test_one_hot_accepts_a_column_of_labels():
    assert np.array_equal(one_hot(np.array([[1], [2]]), 3), one_hot(np.array([1, 2]), 3))


@pytest.mark.parametrize(
    "y, message",
    [(np.array([0, 10]), "0 to 9"), (np.array([-1, 2]), "0 to 9"),
     (np.array([0.0, 1.0]), "integer"), (np.zeros((2, 2), dtype=int), "shape")],
)  # fmt: skip
def test_one_hot_refuses_bad_labels_with_a_clear_message(y, message):
    with pytest.raises(ValueError, match=message):
        one_hot(y)


# --- the cross-entropy -------------------------------------------------------------------


def test_cross_entropy_of_uniform_guesses_is_log_k():
    Y = one_hot(np.arange(10))
    assert np.isclose(cross_entropy(Y, np.full((10, 10), 0.1)), np.log(10))


def test_cross_entropy_is_finite_for_a_confident_mistake():
    loss = cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]))
    assert np.isfinite(loss) and np.isclose(loss, -np.log(1e-7))


def test_cross_entropy_matches_scikit_learn():
    from sklearn.metrics import log_loss

    rng = np.random.default_rng(5)
    y = rng.integers(0, 10, size=200)
    P = softmax(rng.normal(size=(200, 10)))
    assert np.isclose(cross_entropy(one_hot(y), P), log_loss(y, P, labels=range(10)))


def test_cross_entropy_of_two_classes_is_the_binary_cross_entropy():
    rng = np.random.default_rng(6)
    y = rng.integers(0, 2, size=(40, 1))
    h = rng.uniform(0.01, 0.99, size=(40, 1))
    assert np.isclose(cross_entropy(one_hot(y, 2), np.hstack([1 - h, h])),
                      binary_cross_entropy(y, h))  # fmt: skip


def test_cross_entropy_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="one_hot"):
        cross_entropy(np.array([1, 2]), np.ones((2, 10)) / 10)


# --- the gradient ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_matches_finite_differences(seed):
    assert gradient_matches_finite_differences(cross_entropy_gradient, seed)


def test_a_wrong_gradient_fails_the_finite_difference_test():
    assert not gradient_matches_finite_differences(wrong_gradient)


def test_gradient_of_two_classes_contains_the_binary_gradient():
    # With theta = [0, w], the softmax of two classes is the sigmoid of X w: the
    # gradient's second column is chapter 4's, and the first is its negative.
    rng = np.random.default_rng(7)
    X = np.hstack([np.ones((25, 1)), rng.normal(size=(25, 3))])
    y = rng.integers(0, 2, size=(25, 1))
    w = rng.normal(size=(4, 1))
    gradient = cross_entropy_gradient(X, one_hot(y, 2), np.hstack([np.zeros_like(w), w]))
    binary = binary_cross_entropy_derivative(X, y, w)
    assert np.allclose(gradient[:, [1]], binary) and np.allclose(gradient[:, [0]], -binary)


def test_gradient_matches_scikit_learn_s_loss_gradient():
    from sklearn.linear_model import LogisticRegression

    # At C = inf scikit-learn minimizes the summed cross-entropy alone; its gradient at
    # its own solution is zero, and so must ours be (up to the solver's tolerance).
    rng = np.random.default_rng(8)
    X = rng.normal(size=(300, 3))
    y = np.argmax(X @ rng.normal(size=(3, 3)) + rng.normal(scale=2, size=(300, 3)), axis=1)
    model = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(X, y)
    theta = np.vstack([model.intercept_, model.coef_.T])
    X_bias = np.hstack([np.ones((300, 1)), X])
    assert np.abs(cross_entropy_gradient(X_bias, one_hot(y, 3), theta)).max() < 1e-5
    assert np.allclose(softmax(X_bias @ theta), model.predict_proba(X), atol=1e-8)


def test_gradient_refuses_theta_without_the_bias_row():
    X, Y, theta = small_problem()
    with pytest.raises(ValueError, match="bias column"):
        cross_entropy_gradient(X, Y, theta[1:])


# --- the training loop -------------------------------------------------------------------


def three_blobs(seed=0, n=300, scale=0.8):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    centres = np.array([[2.0, 0.0], [-1.0, 2.0], [-1.0, -2.0]])
    return centres[y] + rng.normal(scale=scale, size=(n, 2)), y


def test_training_lowers_the_loss_and_learns_separable_blobs():
    X, y = three_blobs()
    theta, history = softmax_regression(X, y, learning_rate=0.5, epochs=20, batch_size=16)
    assert theta.shape == (3, 10)  # the bias and two features; ten classes by default
    assert history["loss"][-1] < history["loss"][0] < np.log(10)
    assert history["accuracy"][-1] > 0.9


def test_training_is_reproducible_and_the_seed_changes_the_shuffle():
    X, y = three_blobs()
    first = softmax_regression(X, y, 0.5, 3, batch_size=16, seed=1)[0]
    again = softmax_regression(X, y, 0.5, 3, batch_size=16, seed=1)[0]
    other = softmax_regression(X, y, 0.5, 3, batch_size=16, seed=2)[0]
    assert np.array_equal(first, again) and not np.array_equal(first, other)


def test_one_batch_of_everything_is_plain_gradient_descent():
    X, y = three_blobs()
    theta, _ = softmax_regression(X, y, 0.5, 2, batch_size=len(X))
    X_bias, Y, expected = np.hstack([np.ones((len(X), 1)), X]), one_hot(y), np.zeros((3, 10))
    for _ in range(2):
        expected = expected - 0.5 * cross_entropy_gradient(X_bias, Y, expected)
    assert np.allclose(theta, expected)


def test_training_records_validation_when_given():
    X, y = three_blobs()
    _, history = softmax_regression(X[:200], y[:200], 0.5, 4, validation_data=(X[200:], y[200:]))
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(values) == 4 for values in history.values())


def test_training_approaches_scikit_learn_s_solution():
    from sklearn.linear_model import LogisticRegression

    from sklearn.metrics import log_loss

    X, y = three_blobs(n=600, scale=2.0)  # overlapping: the best loss is well above 0
    _, history = softmax_regression(X, y, 1.0, 1000, batch_size=600, num_classes=3)
    model = LogisticRegression(C=np.inf, max_iter=10_000).fit(X, y)
    assert np.isclose(history["loss"][-1], log_loss(y, model.predict_proba(X)), rtol=1e-3)


@pytest.mark.parametrize(
    "kwargs, message",
    [({"learning_rate": 0}, "learning_rate"), ({"epochs": 0}, "epochs"),
     ({"batch_size": 1.5}, "batch_size")],
)  # fmt: skip
def test_training_refuses_bad_settings(kwargs, message):
    X, y = three_blobs(n=20)
    settings = {"learning_rate": 0.1, "epochs": 1} | kwargs
    with pytest.raises(ValueError, match=message):
        softmax_regression(X, y, **settings)


def test_training_refuses_validation_rows_and_labels_of_different_lengths():
    X, y = three_blobs(n=20)
    with pytest.raises(ValueError, match="validation_data has 10 rows of X but 5 labels"):
        softmax_regression(X, y, 0.1, 1, validation_data=(X[:10], y[:5]))


def test_training_refuses_labels_in_a_column():
    X, y = three_blobs(n=20)
    with pytest.raises(ValueError, match=r"expected \(20,\)"):
        softmax_regression(X, y.reshape(-1, 1), 0.1, 1)


# --- the stored runs ---------------------------------------------------------------------


def test_sweep_chooses_the_rate_and_epoch_of_lowest_validation_loss_and_is_stored(tmp_path):
    from fashionbook.softmax import sweep_learning_rates

    X, y = three_blobs(n=400, scale=1.5)
    sweep = sweep_learning_rates(X[:300], y[:300], X[300:], y[300:], learning_rates=(0.001, 0.5),
                                 epochs=5, store=tmp_path)  # fmt: skip
    lowest = {rate: min(history["val_loss"]) for rate, history in sweep.histories.items()}
    assert sweep.learning_rate == min(lowest, key=lowest.get) == 0.5
    assert sweep.histories[0.5]["val_loss"][sweep.epochs - 1] == lowest[0.5]
    again = sweep_learning_rates(X[:300], y[:300], X[300:], y[300:], learning_rates=(0.001, 0.5),
                                 epochs=5, store=tmp_path)  # fmt: skip
    assert again.seconds == sweep.seconds and len(list(tmp_path.iterdir())) == 1  # read back


def test_stored_training_is_softmax_regression(tmp_path):
    from fashionbook.softmax import train_softmax_regression

    X, y = three_blobs()
    theta, history, _ = train_softmax_regression(X, y, 0.5, 3, store=tmp_path)
    expected_theta, expected_history = softmax_regression(X, y, 0.5, 3)
    assert np.array_equal(theta, expected_theta) and history == expected_history


def test_scikit_learn_fit_catches_its_warnings(tmp_path):
    from fashionbook.softmax import fit_scikit_learn

    X, y = three_blobs(n=200, scale=2.0)
    model, caught, _ = fit_scikit_learn(X, y, store=tmp_path)
    assert model.coef_.shape == (3, 2) and isinstance(caught, list)


def test_the_ten_class_network_has_ten_softmax_outputs():
    from fashionbook.ten_class_network import build_ten_class_network

    model = build_ten_class_network()
    assert model.output_shape == (None, 10) and model.layers[-1].activation.__name__ == "softmax"
    assert [layer.units for layer in model.layers[2:]] == [100, 10]
    assert model.loss == "sparse_categorical_crossentropy"


def test_the_ten_class_network_scales_the_8_bit_pixels_itself():
    from fashionbook.ten_class_network import build_ten_class_network

    model = build_ten_class_network()
    assert model.inputs[0].dtype == "uint8"
    scale = model.get_layer("normalize")
    pixels = np.array([[0, 51, 255] + [0] * 781], dtype=np.uint8)
    assert np.allclose(np.asarray(scale(pixels))[0, :3], [0.0, 0.2, 1.0], rtol=1e-7, atol=0)


@pytest.mark.parametrize("X", [np.zeros((4, 784), np.float32), np.zeros((4, 28, 28), np.uint8)])
def test_the_ten_class_network_refuses_anything_but_8_bit_pixel_rows(X, tmp_path):
    from fashionbook.ten_class_network import train_ten_class_network

    y = np.zeros(4, dtype=int)
    with pytest.raises(ValueError, match="expected the 8-bit pixels.*flatten"):
        train_ten_class_network(X, y, X, y, store=tmp_path)

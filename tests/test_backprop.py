"""Backpropagation by hand: the gradients against finite differences and against Keras,
and a gradient with a wrong transpose or a missing 1/n fails the same comparisons."""

import numpy as np
import pytest

from fashionbook import backprop
from fashionbook.logistic import sigmoid

# The weights the comparisons nudge: a few of each parameter, corners included.
INDICES = {"W1": [(0, 0), (300, 7), (783, 99), (405, 42)], "b1": [(0,), (50,), (99,)],
           "W2": [(0, 0), (63, 0), (99, 0)], "b2": [(0,)]}  # fmt: skip


@pytest.fixture(scope="module")
def batch():
    """20 random "images" in [0, 1], their labels, and random weights (float64), with
    biases that put some hidden neurons on each side of ReLU's kink."""
    rng = np.random.default_rng(3)
    X = rng.uniform(0, 1, size=(20, 784))
    y = rng.integers(0, 2, size=(20, 1)).astype(float)
    params = backprop.initial_params(seed=3)
    params["b1"] = rng.normal(scale=0.1, size=100)
    params["b2"] = np.array([0.2])
    return X, y, params


def finite_difference_error(gradient_function, X, y, params, activation="relu"):
    """The relative error of `gradient_function` against centred finite differences on
    the weights of INDICES; inf when a gradient has the wrong shape."""
    analytic = gradient_function(X, y, params, activation)
    got, numerical = [], []
    for name, indices in INDICES.items():
        if np.shape(analytic[name]) != np.shape(params[name]):
            return np.inf
        for index in indices:
            got.append(analytic[name][index])
            numerical.append(backprop.finite_difference(X, y, params, name, index, activation=activation))
    return backprop.relative_error(np.array(got), np.array(numerical))


# --- the forward pass ------------------------------------------------------------------


def test_the_forward_pass_gives_every_intermediate_in_its_shape(batch):
    X, _, params = batch
    values = backprop.forward(X, params)
    assert {name: value.shape for name, value in values.items()} == {
        "Z1": (20, 100), "A1": (20, 100), "z2": (20, 1), "h": (20, 1)}  # fmt: skip
    assert np.array_equal(values["A1"], np.maximum(values["Z1"], 0))
    assert np.allclose(values["h"], 1 / (1 + np.exp(-values["z2"])))
    assert (values["A1"] == 0).any() and (values["A1"] > 0).any()  # both sides of the kink


def test_without_relu_the_network_is_one_weighted_sum_of_the_pixels(batch):
    """W1 W2 and b1 W2 + b2 are the weights and bias of a logistic regression."""
    X, _, params = batch
    h = backprop.forward(X, params, activation="linear")["h"]
    theta = params["W1"] @ params["W2"]
    bias = params["b1"] @ params["W2"] + params["b2"]
    assert np.allclose(h, sigmoid(X @ theta + bias))


@pytest.mark.parametrize(
    "change, message",
    [(lambda p: p.pop("b2"), "keys"),
     (lambda p: p.update(W1=p["W1"].T), "params['W1'] has shape (100, 784), expected (784, 100)"),
     (lambda p: p.update(b1=p["b1"][:, None]), "params['b1'] has shape (100, 1), expected (100,)")],
)  # fmt: skip
def test_weights_of_the_wrong_shape_are_refused_with_their_name(batch, change, message):
    X, _, params = batch
    params = dict(params)
    change(params)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        backprop.forward(X, params)


def test_an_unflattened_batch_and_an_unknown_activation_are_refused(batch):
    X, y, params = batch
    with pytest.raises(ValueError, match=r"X has shape \(20, 28, 28\), expected \(n, 784\)"):
        backprop.forward(X.reshape(20, 28, 28), params)
    with pytest.raises(ValueError, match="activation must be one of"):
        backprop.forward(X, params, activation="sigmoid")
    with pytest.raises(ValueError, match=r"y has shape \(20,\), expected \(20, 1\)"):
        backprop.gradients(X, y.ravel(), params)


# --- the gradients against finite differences -------------------------------------------


@pytest.mark.parametrize("activation", backprop.ACTIVATIONS)
def test_the_gradients_agree_with_finite_differences(batch, activation):
    X, y, params = batch
    h = backprop.forward(X, params, activation)["h"]
    assert ((h > 1e-6) & (h < 1 - 1e-6)).all()  # no probability clipped by the loss
    assert finite_difference_error(backprop.gradients, X, y, params, activation) < 1e-7


def test_the_gradients_have_the_shapes_and_dtype_of_the_weights(batch):
    X, y, params = batch
    float32 = {key: value.astype(np.float32) for key, value in params.items()}
    grads = backprop.gradients(X.astype(np.float32), y.astype(np.float32), float32)
    assert {key: (g.shape, g.dtype) for key, g in grads.items()} == {
        key: (value.shape, np.float32) for key, value in params.items()}  # fmt: skip


def broken(mistake):
    """backprop.gradients with one of the mistakes learners make."""

    def gradient_function(X, y, params, activation="relu"):
        values = backprop.forward(X, params, activation)
        n = 1 if mistake == "no 1/n" else len(X)
        dz2 = (values["h"] - y) / n
        dW2 = values["A1"].T @ dz2
        if mistake == "dW2 transposed":
            dW2 = dz2.T @ values["A1"]  # (1, 100), not W2's (100, 1)
        dA1 = dz2 @ params["W2"].T
        dZ1 = dA1 if mistake == "no relu'" else dA1 * backprop.relu_derivative(values["Z1"])
        dW1 = X.T @ dZ1
        if mistake == "dW1 transposed":
            dW1 = dZ1.T @ X  # (100, 784), not W1's (784, 100)
        return {"W1": dW1, "b1": dZ1.sum(axis=0), "W2": dW2, "b2": dz2.sum(axis=0)}

    return gradient_function


@pytest.mark.parametrize("mistake", ["no 1/n", "dW2 transposed", "no relu'", "dW1 transposed"])
def test_a_gradient_with_a_mistake_fails_the_finite_difference_comparison(batch, mistake):
    X, y, params = batch
    assert finite_difference_error(broken(None), X, y, params) < 1e-7  # the harness itself
    assert finite_difference_error(broken(mistake), X, y, params) > 1e-2


# --- the experiments of chapter 7 -------------------------------------------------------


def test_from_all_zeros_only_the_output_bias_has_a_gradient(batch):
    X, y, _ = batch
    zeros = {key: np.zeros(shape) for key, shape in backprop.SHAPES.items()}
    grads = backprop.gradients(X, y, zeros)
    assert all((grads[key] == 0).all() for key in ("W1", "b1", "W2"))
    assert grads["b2"][0] == pytest.approx(0.5 - y.mean())


def test_neurons_that_start_alike_stay_alike(batch, tmp_path):
    X, y, _ = batch
    rng = np.random.default_rng(0)
    alike = {"W1": np.repeat(rng.normal(scale=0.05, size=(784, 1)), 100, axis=1),
             "b1": np.zeros(100), "W2": np.full((100, 1), 0.1), "b2": np.zeros(1)}  # fmt: skip
    result = backprop.train(X, y, X, y, params=alike, epochs=5, batch_size=8, store=tmp_path)
    W1, W2 = result.params["W1"], result.params["W2"]
    assert np.abs(W1 - alike["W1"]).max() > 1e-3  # it learned
    # alike up to rounding (the matrix product may add a column's terms in another order)
    assert np.abs(W1 - W1[:, :1]).max() < 1e-12 and np.abs(W2 - W2[0]).max() < 1e-12


def test_every_step_sees_a_full_batch_and_the_leftover_rows_wait(batch, tmp_path, monkeypatch):
    """20 rows in batches of 8: two steps of 8 rows an epoch, never a step on the other 4
    (a step on a few rows is noisy, and it would come just before the measurement)."""
    X, y, params = batch
    sizes, seen = [], []
    gradients = backprop.gradients

    def recording(X_batch, y_batch, current, activation="relu"):
        sizes.append(len(X_batch))
        seen.extend(map(bytes, X_batch))
        return gradients(X_batch, y_batch, current, activation)

    monkeypatch.setattr(backprop, "gradients", recording)
    backprop.train(X, y, X, y, params=params, epochs=6, batch_size=8, store=tmp_path)
    assert sizes == [8] * 12
    assert len(set(seen)) == 20  # the shuffles put every row in some epoch's batches


def test_a_batch_larger_than_the_training_rows_is_refused(batch, tmp_path):
    X, y, _ = batch
    with pytest.raises(ValueError, match="batch_size must be from 1 to the 20 training rows, got 21"):
        backprop.train(X, y, X, y, batch_size=21, store=tmp_path)


def test_training_lowers_the_loss_and_is_the_same_twice(tmp_path):
    rng = np.random.default_rng(5)
    X = rng.uniform(0, 1, size=(200, 784)).astype(np.float32)
    y = (X[:, :392].mean(axis=1, keepdims=True) > X[:, 392:].mean(axis=1, keepdims=True)).astype(np.int64)
    first = backprop.train(X, y, X, y, epochs=20, batch_size=32, store=tmp_path / "a")
    second = backprop.train(X, y, X, y, epochs=20, batch_size=32, store=tmp_path / "b")
    assert first.train_losses[-1] < first.train_losses[0] < np.log(2) + 0.1
    assert first.train_losses == second.train_losses
    assert first.params["W1"].dtype == np.float32


# --- the gradients against Keras's ------------------------------------------------------


def test_the_gradients_agree_with_keras_to_float32_precision(pullover_coat):
    from fashionbook.network import build_model  # sets TensorFlow's variables first

    import keras
    import tensorflow as tf

    X, y = pullover_coat
    X, y = X[:256], y[:256].astype(np.float32)
    keras.utils.set_random_seed(0)
    model = build_model()
    params = backprop.params_from_keras(model)
    with tf.GradientTape() as tape:
        keras_loss = keras.losses.BinaryCrossentropy()(y, model(X, training=False))
    keras_grads = dict(zip(backprop.SHAPES, tape.gradient(keras_loss, model.trainable_variables)))

    ours = backprop.gradients(X.astype(np.float64), y, {k: v.astype(np.float64) for k, v in params.items()})
    assert backprop.loss(X, y, params) == pytest.approx(float(keras_loss), rel=1e-5)
    for key in backprop.SHAPES:
        assert backprop.relative_error(ours[key], keras_grads[key].numpy()) < 1e-5, key
    # and a wrong gradient is far from Keras's
    wrong = broken("no 1/n")(X.astype(np.float64), y, {k: v.astype(np.float64) for k, v in params.items()})
    assert backprop.relative_error(wrong["W1"], keras_grads["W1"].numpy()) > 0.5


def test_params_from_keras_refuses_a_model_of_another_shape():
    from fashionbook.network import build_logistic_model

    with pytest.raises(ValueError, match="expected"):
        backprop.params_from_keras(build_logistic_model())


# --- the chapter, as built ----------------------------------------------------------------


@pytest.mark.book
def test_the_backprop_chapter_glues_what_the_library_computes(site, pullover_coat):
    from conftest import glued
    from fashionbook.data import train_test_validation_split

    values = glued(site, "07_backprop")
    X_train, y_train, _, _, X_val, y_val = train_test_validation_split(*pullover_coat)
    by_hand = backprop.train(X_train, y_train, X_val, y_val)  # read back from the store
    assert values["bp_hand_val"] == pytest.approx(100 * by_hand.val_accuracies[-1])
    assert values["bp_check_error"] < 1e-6  # float64 against finite differences
    assert values["bp_keras_error"] < 10 * np.finfo(np.float32).eps  # float32 against Keras
    assert values["bp_no_mean_error"] > 0.9  # a missing 1/n is caught on the page too
    assert values["bp_relu_linear_low"] > 0 > values["bp_linear_keras_lr_low"]
    assert values["bp_n_parameters"] == 78_601
    # every step a full batch: the leftover rows would make the last step much noisier
    assert (values["bp_n_batches"], values["bp_leftover"]) == divmod(len(X_train), backprop.BATCH_SIZE)
    assert values["bp_step_sd_leftover"] > 3 * values["bp_step_sd_full"]
    assert values["bp_hand_vs_keras_low"] < 0 < values["bp_hand_vs_keras_high"]

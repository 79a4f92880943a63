"""The self-checks: right answers pass, the wrong answers learners write fail with a
message that names the problem, and nothing a learner passes in makes a check raise."""

import numpy as np
import pytest

from fashionbook import checks, logistic
from fashionbook.checks import CheckResult
from fashionbook.embedding import reconstruct, standardize


def sigmoid_ok(z):
    return 1 / (1 + np.exp(-z))


WRONG_ANSWERS = {
    "check_sigmoid": [
        (lambda z: 1 / (1 + np.exp(z)), "expected [0.8808 0.1192]"),  # sign error
        (lambda z: [1 / (1 + np.exp(-v)) for v in z], "a list"),
        (lambda z: None, "returned None"),
        (lambda z: np.exp(-z), "expected [0.5]"),  # forgot 1 / (1 + ...)
        (lambda z: 1 / (1 + np.exp(-z)).ravel(), "shape"),  # loses the column shape
        (lambda z: 1 / 0, "raised ZeroDivisionError"),
    ],
    "check_binary_cross_entropy": [
        (lambda y, h: np.mean(y * np.log(h) + (1 - y) * np.log(1 - h)), "got -0.6931"),  # sign
        (lambda y, h: -np.sum(y * np.log(h) + (1 - y) * np.log(1 - h)), "got 1.3863"),  # no 1/n
        (lambda y, h: -np.mean(y * np.log(h) + (1 - y) * np.log(1 - h)), "clip h"),  # log(0)
        (lambda y, h: logistic.binary_cross_entropy(y, np.clip(h, 1e-3, 1 - 1e-3)), "narrower"),
        (lambda y, h: -np.mean(y * np.log(h)), "got 0.3466"),  # forgot the class-0 term
        (lambda y, h: -(y * np.log(h) + (1 - y) * np.log(1 - h)), "expected a single number"),
    ],
    "check_binary_cross_entropy_derivative": [
        (lambda X, y, t: X.T @ (logistic.sigmoid(X @ t) - y), "got [[ 0. ] [-1.5]]"),  # no 1/n
        (lambda X, y, t: X.T @ (y - logistic.sigmoid(X @ t)) / len(y), "got [[0. ] [0.75]]"),
        (lambda X, y, t: X @ (logistic.sigmoid(X @ t) - y) / len(y), "expected [[ 0. ] [-0.75]]"),
        (lambda X, y, t: X.T @ (X @ t - y) / len(y), "got [[-0.5] [-1. ]]"),  # no sigmoid
    ],
    "check_predict": [
        (lambda h: h, "got [[0.1 ]"),  # not rounded
        (lambda h: 1 - np.round(h), "expected [[0] [0] [1] [1] [0] [1]]"),  # inverted
        (lambda h: list(np.round(h)), "a list"),
        (lambda h: np.round(h).ravel(), "shape (6,)"),
    ],
    "check_accuracy": [
        (lambda y, p: 100 * np.mean(y == p), "not a percentage"),
        (lambda y, p: np.sum(y == p), "not a percentage or a count"),
        (lambda y, p: np.mean(y == p.ravel()), "broadcasts"),
        (lambda y, p: y == p, "expected one number"),
    ],
    "check_standardize": [
        (lambda X: (X - X.mean(axis=0)) / X.std(axis=0), "nan"),  # the constant column: 0 / 0
        (lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1), "expected [[-1.2247"),  # n - 1
        (lambda X: X / X.std(axis=0), "got [[0.6124"),  # forgot to subtract the mean
        (lambda X: (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True), "got [[-1. 1.]"),  # rows
        (lambda X: X.mean(axis=0), "shape (2,)"),
        (lambda X: list(X), "a list"),
    ],
    "check_components_needed": [
        (lambda e, s: int(np.argmax(np.cumsum(e) >= s)), "add 1"),  # a position, not a count
        (lambda e, s: int(np.argmax(np.cumsum(e) > s)) + 1, ">=, not >"),
        (lambda e, s: int(np.argmax(e >= s)) + 1, "np.cumsum(explained), not explained"),
        (lambda e, s: np.cumsum(e), "expected one whole number"),
        (lambda e, s: len(e), "expected 3, got 4"),
        (lambda e, s: None, "returned None"),
        # right where some k is enough, but 1 when none is (np.argmax of all False is 0)
        (lambda e, s: int(np.argmax(np.cumsum(e) >= s)) + 1, "no count is enough"),
    ],
    "check_rebuild": [
        (lambda f, c, k: f[:, : k + 1] @ c[: k + 1], "used 3 directions, not 2"),
        (lambda f, c, k: f @ c, "used 5 directions, not 2"),
        (lambda f, c, k: f[:, :k] @ c[:, :k].T, "shape (3, 5), expected (3, 6)"),
        (lambda f, c, k: c[:k].T @ f[:, :k].T, "shape (6, 3), expected (3, 6)"),
        (lambda f, c, k: None, "returned None"),
        (lambda f, c, k: np.full((3, 6), "x"), "expected numbers"),  # never raises
        # a loop over the k directions returns the number 0 when there are none
        (lambda f, c, k: sum(f[:, [m]] * c[m] for m in range(k)), "shape ()"),
    ],
    "check_weight_update": [
        (lambda t, g, a: t + a * g, "downhill: minus"),  # sign error
        (lambda t, g, a: t - g, "expected [[ 0.4 ]"),  # forgot the learning rate
        (lambda t, g, a: a * g, "expected"),  # forgot theta
    ],
}

RIGHT_ANSWERS = {
    "check_sigmoid": logistic.sigmoid,
    "check_binary_cross_entropy": logistic.binary_cross_entropy,
    "check_binary_cross_entropy_derivative": logistic.binary_cross_entropy_derivative,
    "check_predict": logistic.predict,
    "check_accuracy": logistic.accuracy,
    "check_weight_update": lambda theta, gradient, rate: theta - rate * gradient,
    "check_standardize": standardize,
    "check_components_needed": lambda explained, share: components_needed(explained, share),
    "check_rebuild": lambda features, components, k: reconstruct(features[:, :k], components[:k]),
}


def components_needed(explained, share):
    """Chapter 3's solution."""
    kept = np.cumsum(explained)
    if kept[-1] < share:
        raise ValueError(f"all {len(kept)} components keep {kept[-1]:.1%}")
    return int(np.argmax(kept >= share)) + 1


@pytest.mark.parametrize("check", sorted(RIGHT_ANSWERS))
def test_the_reference_solution_passes(check):
    result = getattr(checks, check)(RIGHT_ANSWERS[check])
    assert result, repr(result)
    assert "passed" in repr(result) and "passed" in result._repr_html_()


@pytest.mark.parametrize(
    "check, answer, message",
    [(check, answer, message) for check, cases in WRONG_ANSWERS.items() for answer, message in cases],
)
def test_a_plausible_wrong_answer_fails_with_a_message_that_names_the_problem(check, answer, message):
    result = getattr(checks, check)(answer)
    assert not result
    assert message in repr(result)
    assert "Hint:" in repr(result)


def test_check_standardize_passes_the_solution_of_chapter_3():
    def standardize_columns(X):
        mean, std = X.mean(axis=0), X.std(axis=0)
        std[std == 0] = 1  # a column that never varies: x - mean is 0 there, and stays 0
        return (X - mean) / std

    assert checks.check_standardize(standardize_columns)


def test_check_components_needed_passes_other_right_answers():
    # where no k is enough: len(e) + 1, an IndexError, None; none of them a count that could be
    assert checks.check_components_needed(lambda e, s: int(np.searchsorted(np.cumsum(e), s)) + 1)
    assert checks.check_components_needed(lambda e, s: np.float64(np.nonzero(np.cumsum(e) >= s)[0][0] + 1))
    assert checks.check_components_needed(
        lambda e, s: int(np.argmax(np.cumsum(e) >= s)) + 1 if np.sum(e) >= s else None)


def test_the_textbook_sigmoid_passes_and_notes_its_overflow():
    result = checks.check_sigmoid(sigmoid_ok)
    assert result
    assert "overflow" in repr(result)


@pytest.mark.parametrize("not_a_function", [None, 3, np.zeros(3)])
def test_a_value_where_a_function_belongs_fails_without_raising(not_a_function):
    result = checks.check_sigmoid(not_a_function)
    assert not result and "expected a function" in repr(result)


def test_a_failed_result_renders_in_red_and_a_passed_one_in_green():
    failed = checks.check_sigmoid(lambda z: z)._repr_html_()
    passed = checks.check_sigmoid(logistic.sigmoid)._repr_html_()
    assert "#b42318" in failed and "❌" in failed
    assert "#1a7f37" in passed and "✅" in passed


def test_the_html_escapes_what_the_learner_returned():
    result = CheckResult("x", 1, failure="got <script>")
    assert "<script>" not in result._repr_html_()


# --- checks on values: normalize, reshape, the initial theta -------------------------


@pytest.fixture(scope="module")
def raw(fashion_mnist):
    (train_images, _), (test_images, _) = fashion_mnist
    return train_images, test_images


def test_check_normalize_passes_the_reference(raw):
    from fashionbook.data import normalize

    assert checks.check_normalize(normalize(raw[0]), normalize(raw[1]))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda a, b: (a / 256, b / 256), "values are wrong"),  # wrong constant
        (lambda a, b: (a // 255, b // 255), "dtype uint8, expected floats"),  # integer division
        (lambda a, b: (a / 255, b), "test_images has dtype uint8"),  # forgot the test set
        (lambda a, b: (a / 255, None), "test_images is None"),
        (lambda a, b: (a / a.max(axis=(1, 2), keepdims=True), b / 255), "values are wrong"),  # per image
        (lambda a, b: ((a / 255).reshape(-1, 784), b / 255), "shape (60000, 784)"),
    ],
)
def test_check_normalize_catches_wrong_answers(raw, make, message):
    result = checks.check_normalize(*make(*raw))
    assert not result and message in repr(result)


def test_check_reshape_passes_flattened_images_raw_or_normalized(raw):
    assert checks.check_reshape(raw[0].reshape(-1, 784), raw[1].reshape(-1, 784))
    assert checks.check_reshape(raw[0].reshape(-1, 784) / 255, raw[1].reshape(-1, 784) / 255)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda a, b: (a.reshape(784, -1), b.reshape(784, -1)), "shape (784, 60000)"),
        (lambda a, b: (a.reshape(-1, 784), b), "shape (10000, 28, 28)"),  # forgot the test set
        (lambda a, b: (a.transpose(0, 2, 1).reshape(-1, 784), b.reshape(-1, 784)), "values are wrong"),
        (lambda a, b: (list(a.reshape(-1, 784)), b.reshape(-1, 784)), "a list"),
    ],
)
def test_check_reshape_catches_wrong_answers(raw, make, message):
    result = checks.check_reshape(*make(*raw))
    assert not result and message in repr(result)


@pytest.mark.parametrize(
    "theta, message",
    [(np.zeros((784, 1)), "784 pixels + 1 bias"), (np.zeros(785), "shape (785,)"),
     (np.ones((785, 1)), "all zeros"), ([0.0] * 785, "a list")],
)  # fmt: skip
def test_check_initial_theta_catches_wrong_answers(theta, message):
    assert checks.check_initial_theta(np.zeros((785, 1)))
    result = checks.check_initial_theta(theta)
    assert not result and message in repr(result)


def test_check_initial_theta_hint_names_the_columns_after_the_bias_trick():
    # The exercise's X has 784 columns; following a hint of X.shape[1] gives (784, 1).
    result = checks.check_initial_theta(np.zeros(785))
    assert "X_with_bias.shape[1]" in repr(result) and "X.shape[1]" not in repr(result)


# --- the Keras model ---------------------------------------------------------------


def make_model(hidden_activation="relu", output_units=1, output_activation="sigmoid",
               input_shape=(784,), loss="binary_crossentropy"):  # fmt: skip
    import keras

    inputs = keras.Input(shape=input_shape)
    x = keras.layers.Dense(100, activation=hidden_activation)(inputs)
    outputs = keras.layers.Dense(output_units, activation=output_activation)(x)
    model = keras.Model(inputs, outputs)
    if loss:
        model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model


def test_check_model_passes_the_books_model():
    from fashionbook.network import build_model, compile_model

    assert checks.check_model(compile_model(build_model()))
    assert checks.check_model(make_model())


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"output_activation": "softmax"}, "expected sigmoid"),
        ({"output_units": 2}, "[100, 2] units"),
        ({"input_shape": (28, 28)}, "expected (None, 784)"),
        ({"hidden_activation": None}, "no activation (linear)"),
        ({"loss": None}, "not compiled"),
        ({"loss": "mse"}, "expected binary cross-entropy"),
    ],
)
def test_check_model_catches_wrong_models(kwargs, message):
    result = checks.check_model(make_model(**kwargs))
    assert not result and message in repr(result)


def test_check_model_refuses_something_that_is_not_a_model():
    result = checks.check_model("model")
    assert not result and "expected a Keras Model" in repr(result)


STRANGE_RETURNS = ["abc", 2 + 0j, {"a": 1}, object(), np.array([[None]]), np.array([["x"]]), True, []]


@pytest.mark.parametrize("check", sorted(RIGHT_ANSWERS))
@pytest.mark.parametrize("value", STRANGE_RETURNS, ids=repr)
def test_no_check_raises_whatever_the_answer_returns(check, value):
    result = getattr(checks, check)(lambda *args: value)
    assert not result, repr(result)
    assert result._repr_html_()


def test_check_reshape_does_not_raise_on_an_array_of_strings():
    strings = np.full((60000, 784), "a")
    result = checks.check_reshape(strings, strings)
    assert not result and "expected numbers" in repr(result)


# --- chapter 7: backpropagation -------------------------------------------------------

from fashionbook import backprop  # noqa: E402


def hidden_layer_gradient_ok(X, Z1, dz2, W2):
    return X.T @ ((dz2 @ W2.T) * backprop.relu_derivative(Z1))


BACKPROP_RIGHT_ANSWERS = {
    "check_relu": backprop.relu,
    "check_relu_derivative": backprop.relu_derivative,
    "check_output_layer_gradient": lambda A1, h, y: A1.T @ (h - y) / len(y),
    "check_hidden_layer_gradient": hidden_layer_gradient_ok,
}

BACKPROP_WRONG_ANSWERS = {
    "check_relu": [
        (lambda z: np.max(z, 0), "np.max(z, 0) takes the largest entry"),  # reduces instead of comparing
        (lambda z: np.maximum(z, 0).ravel(), "relu keeps the shape of z"),
        (lambda z: np.abs(z), "np.maximum"),
    ],
    "check_relu_derivative": [
        (lambda z: (z >= 0).astype(float), "take 0 at z = 0"),  # 1 at the kink
        (lambda z: np.maximum(z, 0), "expected [0. 1.]"),  # relu, not its slope
        (lambda z: np.ones_like(z), "expected [0. 1.]"),  # the linear activation's slope
        (lambda z: (z > 0).astype(float).ravel(), "in the shape of z"),
    ],
    "check_output_layer_gradient": [
        (lambda A1, h, y: A1.T @ (h - y), "n = 6 times too large"),  # no 1/n
        (lambda A1, h, y: A1.T @ (h - y), "the 1/n"),
        (lambda A1, h, y: A1.T @ (y - h) / len(y), "the wrong sign"),  # sign
        (lambda A1, h, y: A1.T @ (y - h) / len(y), "h - y"),
        (lambda A1, h, y: (h - y).T @ A1 / len(y), "shape (1, 3), expected (3, 1)"),  # transposed
        (lambda A1, h, y: (h - y).T @ A1 / len(y), "the shape of W2"),
        (lambda A1, h, y: A1.T @ (h * (1 - h) * (h - y)) / len(y), "chapter 4"),  # an extra sigma'
    ],
    "check_hidden_layer_gradient": [
        (lambda X, Z1, dz2, W2: X.T @ (dz2 @ W2.T), "relu'(Z1) is missing"),  # forgot relu'
        (lambda X, Z1, dz2, W2: X.T @ ((dz2 @ W2.T) * np.maximum(Z1, 0)), "the slope of ReLU"),
        (lambda X, Z1, dz2, W2: X.T @ ((W2 @ dz2.T) * (Z1 > 0)), "a wrong transpose still fits"),
        (lambda X, Z1, dz2, W2: ((dz2 @ W2.T) * (Z1 > 0)).T @ X, "a wrong transpose still fits"),
        (lambda X, Z1, dz2, W2: X @ ((dz2 @ W2.T) * (Z1 > 0)), "transpose"),  # X, not X.T
        (lambda X, Z1, dz2, W2: X.T @ ((dz2 @ W2) * (Z1 > 0)), "transpose on the wrong side"),  # raises
        (lambda X, Z1, dz2, W2: X.T @ ((dz2 @ W2.T) * (Z1 > 0)) / len(X), "times too small"),  # 1/n twice
        (lambda X, Z1, dz2, W2: X.T @ ((dz2 @ W2.T) * (Z1 > 0)) / len(X), "already contains the 1/n"),
        (lambda X, Z1, dz2, W2: (X.T @ ((dz2 @ W2.T) * (Z1 > 0))).sum(axis=1), "the shape of W1, (d, k)"),
    ],
}


@pytest.mark.parametrize("check", sorted(BACKPROP_RIGHT_ANSWERS))
def test_the_backprop_reference_solutions_pass(check):
    result = getattr(checks, check)(BACKPROP_RIGHT_ANSWERS[check])
    assert result, repr(result)


@pytest.mark.parametrize(
    "check, answer, message",
    [(check, answer, message) for check, cases in BACKPROP_WRONG_ANSWERS.items() for answer, message in cases],
)
def test_a_wrong_backprop_answer_fails_with_a_message_that_names_the_problem(check, answer, message):
    result = getattr(checks, check)(answer)
    assert not result
    assert message in repr(result), repr(result)
    assert "Hint:" in repr(result)


def test_the_chapter_7_shape_hints_leave_other_chapters_general_hint_alone():
    """The chapter 7 checks give their own hint for a wrong shape; _compare's default is unchanged."""
    result = checks.check_standardize(lambda X: (X - X.mean(axis=0)).ravel())
    assert not result and "keep column vectors as (n, 1)" in repr(result), repr(result)


def test_the_hidden_layer_check_catches_a_wrong_transpose_that_still_fits():
    """With n, d and k all equal, X @ dZ1 has the right shape and wrong values."""
    result = checks.check_hidden_layer_gradient(lambda X, Z1, dz2, W2: X @ ((dz2 @ W2.T) * (Z1 > 0)))
    assert not result and "a wrong transpose still fits" in repr(result)


@pytest.mark.parametrize("check", sorted(BACKPROP_RIGHT_ANSWERS))
@pytest.mark.parametrize("value", STRANGE_RETURNS, ids=repr)
def test_no_backprop_check_raises_whatever_the_answer_returns(check, value):
    result = getattr(checks, check)(lambda *args: value)
    assert not result, repr(result)
    assert result._repr_html_()


# --- chapter 8: what the model learned -------------------------------------------------


def test_check_predict_at_passes_the_solution_and_the_library_function():
    from fashionbook.diagnostics import predict_at

    assert checks.check_predict_at(lambda h, threshold: (h > threshold).astype(int))
    assert checks.check_predict_at(predict_at)


def test_check_predict_at_accepts_booleans_as_labels():
    assert checks.check_predict_at(lambda h, threshold: h > threshold)  # booleans count as 0 and 1


@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda h, t: (h > 0.5).astype(int), "use the argument `threshold`, not the number 0.5"),
        (lambda h, t: (h < t).astype(int), "ABOVE the threshold"),
        (lambda h, t: h, "got [[0.05]"),  # probabilities, not labels
        (lambda h, t: (h > t).astype(int).ravel(), "shape (6,), expected (6, 1)"),
        (lambda h, t: (h > t).astype(int).ravel(), "without .ravel() or .flatten()"),
        (lambda h, t: (h >= t).astype(int), "predict says 0: use >, not >="),
        (lambda h, t: h >= t, "expected [[0]], got [[1]]"),  # booleans too
        (lambda h, t: None, "returned None"),
        (lambda h, t: ..., "still `...`, the stub"),
        (lambda h, t: 1 / 0, "raised ZeroDivisionError"),
    ],
)
def test_check_predict_at_explains_a_wrong_answer(answer, message):
    result = checks.check_predict_at(answer)
    assert not result
    assert message in repr(result) and "Hint:" in repr(result)


@pytest.mark.parametrize("value", STRANGE_RETURNS, ids=repr)
def test_check_predict_at_does_not_raise_whatever_the_answer_returns(value):
    result = checks.check_predict_at(lambda *args: value)
    assert not result, repr(result)
    assert result._repr_html_()


# --- chapter 9: all ten classes -----------------------------------------------------


def naive_softmax(Z):
    exps = np.exp(Z)
    return exps / exps.sum(axis=1, keepdims=True)


def _softmax_module():
    from fashionbook import softmax

    return softmax


CH9_RIGHT_ANSWERS = {
    "check_softmax": lambda Z: _softmax_module().softmax(Z),
    "check_one_hot": lambda y, num_classes=10: _softmax_module().one_hot(y, num_classes),
    "check_cross_entropy": lambda Y, P: _softmax_module().cross_entropy(Y, P),
    "check_cross_entropy_gradient": lambda X, Y, t: _softmax_module().cross_entropy_gradient(X, Y, t),
    "check_predict_classes": lambda P: np.argmax(P, axis=1),
}


def _p(X, t):
    return _softmax_module().softmax(X @ t)


CH9_WRONG_ANSWERS = {
    "check_softmax": [
        (naive_softmax, "subtract each row's largest score"),  # overflows at 1000
        # shifted by the whole array's largest score: exp(-2000) = 0 for a row of -1000s,
        # which the hint must not blame on exp(1000) overflowing
        (lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=1, keepdims=True),
         "each row's own largest score, not the whole array's"),
        (lambda Z: np.exp(Z) / np.exp(Z).sum(), "two different rows"),  # sums the whole array
        (lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=0), "expected"),  # columns
        (lambda Z: np.exp(Z), "Z - Z.max(axis=1, keepdims=True)"),  # forgot to divide: the
        # hint shows the stable formula, never the naive one
        (lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1), "the shape of Z"),
    ],
    "check_one_hot": [
        (lambda y, num_classes=10: np.eye(10)[y], "use the num_classes argument"),  # ignores it
        (lambda y, num_classes=10: np.eye(num_classes)[:, y], "one row per label"),  # transposed
        (lambda y, num_classes=10: y, "shape"),
    ],
    "check_cross_entropy": [
        (lambda Y, P: np.mean(Y * np.log(P)) * -1, "got 0.3466"),  # mean over every entry
        (lambda Y, P: np.sum(Y * np.log(P)) / len(Y), "got -1.3863"),  # sign
        (lambda Y, P: -np.sum(Y * np.log(P)) / len(Y), "as chapter 4's loss does"),  # log(0)
        (lambda Y, P: -np.sum(Y * np.log(np.clip(P, 1e-3, 1))) / len(Y), "narrower"),
        (lambda Y, P: -np.sum(Y * np.log(P), axis=1), "a single number"),
    ],
    "check_cross_entropy_gradient": [
        (lambda X, Y, t: X.T @ (_p(X, t) - Y), "got"),  # no 1/n
        (lambda X, Y, t: X.T @ (Y - _p(X, t)) / len(X), "got"),  # sign
        (lambda X, Y, t: X.T @ (X @ t - Y) / len(X), "got"),  # no softmax
        (lambda X, Y, t: (_p(X, t) - Y).T @ X / len(X), "(P - Y).T @ X is its transpose"),
    ],
    "check_predict_classes": [
        (lambda P: np.argmax(P, axis=0), "one class per image"),
        (lambda P: np.argmax(P), "without axis=1"),  # one class for the whole array
        (lambda P: np.argmax(P, axis=1, keepdims=True), "keepdims=True"),  # a column (n, 1)
        (lambda P: np.max(P, axis=1), "expected [1 0 2 2]"),  # the probability, not the class
    ],
}


@pytest.mark.parametrize("check", sorted(CH9_RIGHT_ANSWERS))
def test_chapter_9_reference_solutions_pass(check):
    result = getattr(checks, check)(CH9_RIGHT_ANSWERS[check])
    assert result, repr(result)


@pytest.mark.parametrize(
    "check, answer, message",
    [(check, answer, message) for check, cases in CH9_WRONG_ANSWERS.items() for answer, message in cases],
)  # fmt: skip
def test_chapter_9_wrong_answers_fail_with_a_message(check, answer, message):
    result = getattr(checks, check)(answer)
    assert not result and message in repr(result), repr(result)
    assert result.hint
    # each check's own hints: never the shared one about column vectors, which does not fit
    # matrices of classes, nor the naive softmax that overflows
    assert "column vectors" not in result.hint and "np.exp(Z) /" not in result.hint


def test_check_softmax_rejects_the_naive_softmax_without_a_warning_leaking(recwarn):
    assert not checks.check_softmax(naive_softmax)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("check", sorted(CH9_RIGHT_ANSWERS))
@pytest.mark.parametrize("value", STRANGE_RETURNS, ids=repr)
def test_no_chapter_9_check_raises_whatever_the_answer_returns(check, value):
    result = getattr(checks, check)(lambda *args: value)
    assert not result, repr(result)
    assert result._repr_html_()


@pytest.mark.parametrize(
    "answer, slip, not_said",
    [
        (lambda P: np.argmax(P, axis=1, keepdims=True), "leave out keepdims=True", "without axis=1"),
        (lambda P: np.argmax(P, axis=1).reshape(-1, 1), "not a column (n, 1)", "without axis=1"),
        (lambda P: np.argmax(P), "without axis=1", "keepdims"),
        (lambda P: np.argmax(P, axis=0), "np.argmax(P, axis=1)", "keepdims"),
    ],
)  # fmt: skip
def test_the_predict_classes_hint_names_the_slip_that_was_made(answer, slip, not_said):
    """Issue 22: argmax(axis=1, keepdims=True) has axis=1, and was told to add it."""
    result = checks.check_predict_classes(answer)
    assert not result and slip in result.hint and not_said not in result.hint, repr(result)


@pytest.mark.parametrize("check, name", [("check_binary_cross_entropy", "h"), ("check_cross_entropy", "P")])
def test_a_loss_clipped_too_far_from_0_and_1_is_told_its_range_is_narrower(check, name):
    """Issue 22: a loss clipped to [1e-3, 1 - 1e-3], a range narrower than [1e-7, 1 - 1e-7],
    was told "not to a wider range". The hint's costs are those the check measured."""
    def clip(p):
        return np.clip(p, 1e-3, 1 - 1e-3)

    answers = {
        "check_binary_cross_entropy": lambda y, h: logistic.binary_cross_entropy(y, clip(h)),
        "check_cross_entropy": lambda Y, P: -np.sum(Y * np.log(clip(P))) / len(Y),
    }
    result = getattr(checks, check)(answers[check])
    assert not result
    assert f"clip {name} to [1e-7, 1 - 1e-7], not to a narrower range" in result.hint
    assert "wider" not in result.hint
    measured = float(result.failure.split(" is ")[-1].split(",")[0])
    assert f"-log(1e-3) = {measured:.1f}" in result.hint and f"-log(1e-7) = {-np.log(1e-7):.1f}" in result.hint


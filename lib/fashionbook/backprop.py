"""Chapter 6's network in NumPy (chapter 7): the forward pass, backpropagation, and
training by hand.

The network is 784-100-1: Z1 = X W1 + b1, A1 = relu(Z1), z2 = A1 W2 + b2,
h = sigmoid(z2), and its loss is the binary cross-entropy, equation (4.8).
Its weights are a dict ``params`` with the keys and shapes Keras gives them:

====  =========  ==========================================
key   shape      what it is
====  =========  ==========================================
W1    (784, 100) the hidden layer's weights, one column per neuron
b1    (100,)     the hidden layer's biases
W2    (100, 1)   the output's weights, one per hidden neuron
b2    (1,)       the output's bias
====  =========  ==========================================

Every function keeps the dtype it is given: float64 for checking gradients, float32
(as Keras) for training.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from fashionbook.logistic import accuracy, binary_cross_entropy, predict, sigmoid
from fashionbook.store import remembered

SHAPES = {"W1": (784, 100), "b1": (100,), "W2": (100, 1), "b2": (1,)}
ACTIVATIONS = ("relu", "linear")
LEARNING_RATE = 0.1  # plain mini-batch descent: chosen between two rates, not tuned
BATCH_SIZE = 256  # as chapter 6's Keras network
EPOCHS = 100  # as chapter 6's Keras network
SEED = 0


def relu(z: np.ndarray) -> np.ndarray:
    """The rectified linear unit, max(0, z), element by element.

    Examples
    --------
    >>> relu(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 3.])
    """
    return np.maximum(z, 0)


def relu_derivative(z: np.ndarray) -> np.ndarray:
    """ReLU's slope: 1 where z > 0, else 0 (at z = 0 too, as in TensorFlow).

    Examples
    --------
    >>> relu_derivative(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 1.])
    """
    return (z > 0).astype(np.result_type(z, np.float32))


def forward(
    X: np.ndarray, params: dict[str, np.ndarray], activation: str = "relu"
) -> dict[str, np.ndarray]:
    """The forward pass for a batch of n images: every intermediate value.

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, 784), one image per row.
    params : dict
        "W1" (784, 100), "b1" (100,), "W2" (100, 1), "b2" (1,).
    activation : {"relu", "linear"}
        The hidden layer's activation; "linear" leaves Z1 as it is.

    Returns
    -------
    dict
        "Z1" and "A1" of shape (n, 100), "z2" and "h" of shape (n, 1).

    Examples
    --------
    >>> params = initial_params(seed=0)
    >>> forward(np.zeros((2, 784)), params)["h"]
    array([[0.5],
           [0.5]])
    """
    _check_inputs(X, params, activation)
    Z1 = X @ params["W1"] + params["b1"]  # (n, 100)
    A1 = relu(Z1) if activation == "relu" else Z1  # (n, 100)
    z2 = A1 @ params["W2"] + params["b2"]  # (n, 1)
    h = sigmoid(z2)  # (n, 1)
    return {"Z1": Z1, "A1": A1, "z2": z2, "h": h}


def loss(
    X: np.ndarray, y: np.ndarray, params: dict[str, np.ndarray], activation: str = "relu"
) -> float:
    """The network's loss: the binary cross-entropy, equation (4.8), of its probabilities."""
    return binary_cross_entropy(y, forward(X, params, activation)["h"])


def gradients(
    X: np.ndarray, y: np.ndarray, params: dict[str, np.ndarray], activation: str = "relu"
) -> dict[str, np.ndarray]:
    """Backpropagation: the gradient of the mean binary cross-entropy for each parameter.

    The derivative of equation (4.8) with h = sigmoid(z2). It equals the derivative of
    :func:`loss`, which clips h to [1e-7, 1 - 1e-7], wherever no h is clipped.

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, 784).
    y : numpy.ndarray
        Shape (n, 1), 0 or 1.
    params : dict
        "W1", "b1", "W2", "b2", as for :func:`forward`.
    activation : {"relu", "linear"}
        The hidden layer's activation.

    Returns
    -------
    dict
        d(loss)/d(param) under the same keys, each of its parameter's shape.
    """
    if np.shape(y) != (len(X), 1):
        raise ValueError(f"y has shape {np.shape(y)}, expected ({len(X)}, 1), one label per row of X")
    values = forward(X, params, activation)
    n = len(X)
    dz2 = (values["h"] - y) / n  # (n, 1): chapter 4's H - Y, divided by n
    dW2 = values["A1"].T @ dz2  # (100, n) @ (n, 1) = (100, 1)
    db2 = dz2.sum(axis=0)  # (1,)
    dA1 = dz2 @ params["W2"].T  # (n, 1) @ (1, 100) = (n, 100)
    if activation == "relu":
        dZ1 = dA1 * relu_derivative(values["Z1"])  # (n, 100), element by element
    else:
        dZ1 = dA1
    dW1 = X.T @ dZ1  # (784, n) @ (n, 100) = (784, 100)
    db1 = dZ1.sum(axis=0)  # (100,)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def finite_difference(
    X: np.ndarray,
    y: np.ndarray,
    params: dict[str, np.ndarray],
    name: str,
    index: tuple[int, ...],
    epsilon: float = 1e-6,
    activation: str = "relu",
) -> float:
    """(J(w + eps) - J(w - eps)) / (2 eps): the centred finite difference.

    It estimates the derivative of the loss for one weight.

    `name` is a key of `params` and `index` the position of the weight in it. Use
    float64: in float32 the difference of two losses is mostly rounding.
    """
    nudged = {key: value.copy() for key, value in params.items()}
    nudged[name][index] = params[name][index] + epsilon
    above = loss(X, y, nudged, activation)
    nudged[name][index] = params[name][index] - epsilon
    below = loss(X, y, nudged, activation)
    return (above - below) / (2 * epsilon)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """|a - b| / (|a| + |b|) over all entries (Euclidean norms): 0 for equal arrays.

    Examples
    --------
    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    0.0
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    total = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / total) if total else 0.0


def initial_params(seed: int = SEED, dtype: type = np.float64) -> dict[str, np.ndarray]:
    """Random starting weights, drawn as Keras draws them for chapter 6's network.

    Glorot's uniform distribution for W1 and W2, limit sqrt(6 / (fan_in + fan_out)),
    and zeros for the biases. (The same distribution as Keras, not the same numbers.)
    """
    rng = np.random.default_rng(seed)
    params = {}
    for weights, bias in [("W1", "b1"), ("W2", "b2")]:
        fan_in, fan_out = SHAPES[weights]
        limit = np.sqrt(6 / (fan_in + fan_out))
        params[weights] = rng.uniform(-limit, limit, size=SHAPES[weights]).astype(dtype)
        params[bias] = np.zeros(SHAPES[bias], dtype=dtype)
    return params


def params_from_keras(model) -> dict[str, np.ndarray]:
    """The weights of a Keras model of chapter 6's shape as a ``params`` dict.

    ``model.get_weights()`` lists them in the order W1, b1, W2, b2, with these shapes.
    """
    weights = model.get_weights()
    shapes = [tuple(w.shape) for w in weights]
    if shapes != list(SHAPES.values()):
        raise ValueError(f"the model's weights have shapes {shapes}, expected {list(SHAPES.values())} "
                         "(fashionbook.network.build_model())")  # fmt: skip
    return dict(zip(SHAPES, weights))


@dataclass(frozen=True)
class Training:
    """What a training by hand produced, and what it measured after each epoch."""

    params: dict[str, np.ndarray]
    train_losses: list[float]  # one per epoch, after it
    val_losses: list[float]
    val_accuracies: list[float]


def train(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_val: np.ndarray,
    y_val: np.ndarray,
    params: dict[str, np.ndarray] | None = None,
    learning_rate: float = LEARNING_RATE,
    epochs: int = EPOCHS,
    batch_size: int = BATCH_SIZE,
    seed: int = SEED,
    activation: str = "relu",
    store: str | os.PathLike | None = None,
) -> Training:
    """Mini-batch gradient descent with :func:`gradients`: w <- w - rate * dJ/dw per batch.

    Each epoch shuffles the training rows (with `seed`) and takes one step per batch
    of `batch_size` rows, the update of equation (4.10) for every parameter.
    Every step sees a full batch: the n % batch_size rows left over after the last
    full batch are not used in that epoch (another epoch's shuffle puts them in a
    batch). A smaller last batch would give a noisier step, and it would be the step
    just before each epoch's measurement. The result is kept in the store of
    :mod:`fashionbook.store`.

    Parameters
    ----------
    X_train, y_train : numpy.ndarray
        The rows to learn from, shapes (n, 784) and (n, 1).
    X_val, y_val : numpy.ndarray
        The rows measured after each epoch (they never change the weights).
    params : dict, optional
        The starting weights; by default :func:`initial_params` of `seed`, in the dtype
        of `X_train`.
    learning_rate, epochs, batch_size, seed : number
        The settings of the descent.
    activation : {"relu", "linear"}
        The hidden layer's activation.
    store : path-like, optional
        The folder of stored results.

    Returns
    -------
    Training
        The final weights and, per epoch, the training loss, validation loss and
        validation accuracy.
    """
    dtype = np.asarray(X_train).dtype
    start = initial_params(seed, dtype) if params is None else params
    _check_inputs(X_train, start, activation)
    if not 1 <= batch_size <= len(X_train):
        raise ValueError(f"batch_size must be from 1 to the {len(X_train)} training rows, got {batch_size}")

    def descend() -> Training:
        rng = np.random.default_rng(seed)
        current = {key: value.astype(dtype) for key, value in start.items()}
        labels = y_train.astype(dtype)  # y_train in the dtype of the weights
        n_batches = len(X_train) // batch_size  # full batches only: no leftover step
        train_losses, val_losses, val_accuracies = [], [], []
        for _ in range(epochs):
            order = rng.permutation(len(X_train))
            for batch in range(n_batches):
                rows = order[batch * batch_size:(batch + 1) * batch_size]
                grads = gradients(X_train[rows], labels[rows], current, activation)
                for key in current:
                    current[key] = current[key] - learning_rate * grads[key]
            train_losses.append(loss(X_train, labels, current, activation))
            h_val = forward(X_val, current, activation)["h"]
            val_losses.append(binary_cross_entropy(y_val, h_val))
            val_accuracies.append(accuracy(y_val, predict(h_val)))
        return Training(current, train_losses, val_losses, val_accuracies)

    settings = {"learning_rate": learning_rate, "epochs": epochs, "batch_size": batch_size,
                "seed": seed, "activation": activation}
    arrays = [X_train, y_train, X_val, y_val, *(start[key] for key in SHAPES)]
    return remembered(descend, "backprop", arrays, settings, ["fashionbook.backprop"], store)


def _check_inputs(X: np.ndarray, params: dict[str, np.ndarray], activation: str) -> None:
    """Refuse a batch or weights of the wrong shape, and an unknown activation."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
    if not isinstance(params, dict) or set(params) != set(SHAPES):
        keys = sorted(params) if isinstance(params, dict) else type(params).__name__
        raise ValueError(f"params must be a dict with the keys {sorted(SHAPES)}, got {keys}")
    for key, shape in SHAPES.items():
        if np.shape(params[key]) != shape:
            raise ValueError(f"params[{key!r}] has shape {np.shape(params[key])}, expected {shape}")
    if np.ndim(X) != 2 or np.shape(X)[1] != 784:
        raise ValueError(f"X has shape {np.shape(X)}, expected (n, 784): one flattened image per row")

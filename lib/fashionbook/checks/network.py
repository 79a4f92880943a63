"""The check of chapter 6 (``book/06_network.md``): the network, built and compiled
with Keras.
"""

from __future__ import annotations

from typing import Any

from fashionbook.checks.core import CheckResult, _Failed, _run


def check_model(model: Any) -> CheckResult:
    """Is `model` the homework's network, compiled: Input(784), Dense(100), Dense(1, sigmoid),
    binary cross-entropy?"""

    def structure() -> None:
        try:
            import keras
        except ImportError as error:  # pragma: no cover (TensorFlow is in the requirements)
            raise _Failed(f"Keras cannot be imported: {error}") from None
        if not isinstance(model, keras.Model):
            raise _Failed(f"expected a Keras Model, got {type(model).__name__}",
                          "keras.Model(inputs=input_layer, outputs=output)")  # fmt: skip
        if tuple(model.input_shape) != (None, 784):
            raise _Failed(f"the input has shape {model.input_shape}, expected (None, 784)",
                          "Input(shape=(784,)): one flattened image per row")  # fmt: skip
        dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
        if [layer.units for layer in dense] != [100, 1]:
            raise _Failed(f"the Dense layers have {[layer.units for layer in dense]} units, "
                          "expected [100, 1]", "a hidden Dense(100), then an output Dense(1)")  # fmt: skip
        hidden, output = (layer.activation.__name__ for layer in dense)
        if hidden == "linear":
            raise _Failed("the hidden layer has no activation (linear)",
                          "without a non-linear activation the network is logistic regression "
                          "again: try activation='relu'")  # fmt: skip
        if output != "sigmoid":
            raise _Failed(f"the output activation is {output}, expected sigmoid",
                          "one output unit needs a sigmoid to be a probability (softmax of one "
                          "unit is always 1)")  # fmt: skip

    def compiled() -> None:
        loss = getattr(model, "loss", None)
        if loss is None:
            raise _Failed("the model is not compiled",
                          "model.compile(optimizer=..., loss='binary_crossentropy', metrics=['accuracy'])")  # fmt: skip
        name = loss if isinstance(loss, str) else getattr(loss, "name", type(loss).__name__)
        if "binary_crossentropy" not in str(name).replace("_cross_entropy", "_crossentropy").lower():
            raise _Failed(f"the loss is {name}, expected binary cross-entropy",
                          "loss='binary_crossentropy': equation (4.8)")  # fmt: skip

    return _run("model", [structure, compiled])

"""Preparing the data the seed's way: flatten, the tidy frame, a pair of classes, the split."""

import numpy as np
import pandas as pd
import pytest

from fashionbook.data import (
    CLASS_NAMES,
    bias_trick,
    flatten,
    get_data_subset,
    to_dataframe,
    train_test_validation_split,
)


@pytest.fixture
def frame():
    """A tidy frame of 30 small random images of all ten classes."""
    rng = np.random.default_rng(1)
    images = rng.random((30, 28, 28), dtype=np.float32)
    return to_dataframe(images, np.arange(30) % 10)


def seeds_get_data_subset(df, classes, shuffle=True, shuffle_seed=42):
    """The seed's function as written, except `.values.copy()`: pandas 3 makes
    `.values` read-only, and the seed's in-place shuffle then raises."""
    df_filtered = df[(df["class"] == classes[0]) | (df["class"] == classes[1])].copy()
    df_filtered["binary_label"] = 0
    df_filtered.loc[df["class"] == classes[1], "binary_label"] = 1
    data = df_filtered.filter(regex=("z[0-9]+")).values.copy()
    labels = df_filtered["binary_label"].values.copy()
    if shuffle:
        np.random.seed(shuffle_seed)
        np.random.shuffle(data)
        np.random.seed(shuffle_seed)
        np.random.shuffle(labels)
    return data, labels.reshape(-1, 1)


def test_flatten_reads_each_image_row_by_row():
    images = np.arange(2 * 784).reshape(2, 28, 28)
    flat = flatten(images)
    assert flat.shape == (2, 784)
    assert flat[1, 28] == images[1, 1, 0]  # the second row starts at column 28


def test_flatten_names_the_argument_when_the_shape_is_wrong():
    with pytest.raises(ValueError, match=r"images has shape \(2, 784\), expected \(n, 28, 28\)"):
        flatten(np.zeros((2, 784)))


def test_to_dataframe_has_the_seeds_columns(frame):
    assert list(frame.columns) == [f"z{i}" for i in range(784)] + ["label", "class"]
    assert frame.loc[9, "class"] == "Ankle boot" and frame.loc[9, "label"] == 9
    assert frame["z0"].dtype == np.float32


def test_to_dataframe_names_mismatched_labels():
    with pytest.raises(ValueError, match=r"labels has shape \(3,\), expected \(2,\)"):
        to_dataframe(np.zeros((2, 784)), np.zeros(3))


@pytest.mark.parametrize("shuffle", [True, False])
@pytest.mark.parametrize("classes", [["Trouser", "Ankle boot"], ["Pullover", "Coat"]])
def test_get_data_subset_gives_the_seeds_rows_in_the_seeds_order(frame, classes, shuffle):
    X, y = get_data_subset(frame, classes, shuffle=shuffle)
    X_seed, y_seed = seeds_get_data_subset(frame, classes, shuffle=shuffle)
    np.testing.assert_array_equal(X, X_seed)
    np.testing.assert_array_equal(y, y_seed)
    assert y.shape == (6, 1)


def test_get_data_subset_labels_the_second_class_one(frame):
    X, y = get_data_subset(frame, ["Pullover", "Coat"], shuffle=False)
    is_coat = frame.loc[frame["class"].isin(["Pullover", "Coat"]), "class"] == "Coat"
    np.testing.assert_array_equal(y.ravel(), is_coat.to_numpy().astype(int))


def test_get_data_subset_leaves_numpys_global_random_state_alone(frame):
    np.random.seed(7)
    expected = np.random.random()
    np.random.seed(7)
    get_data_subset(frame, ["Trouser", "Coat"])
    assert np.random.random() == expected


def test_get_data_subset_refuses_unknown_classes(frame):
    with pytest.raises(ValueError, match="classes must be two of"):
        get_data_subset(frame, ["Trousers", "Coat"])


def test_the_split_is_train_test_validation_in_that_order():
    X = np.arange(10).reshape(10, 1)
    X_train, y_train, X_test, y_test, X_val, y_val = train_test_validation_split(X, X)
    assert X_train.ravel().tolist() == [0, 1, 2, 3, 4, 5]
    assert X_test.ravel().tolist() == [6, 7]
    assert X_val.ravel().tolist() == [8, 9]
    np.testing.assert_array_equal(y_val, X_val)


def test_the_split_refuses_sizes_that_leave_nothing_to_train_on():
    with pytest.raises(ValueError, match="leave some rows for training"):
        train_test_validation_split(np.zeros((5, 1)), np.zeros((5, 1)), 0.5, 0.5)


def test_bias_trick_puts_ones_in_front_and_keeps_the_dtype():
    X = np.array([[2, 3], [4, 5]], dtype=np.float32)
    result = bias_trick(X)
    assert result.dtype == np.float32
    np.testing.assert_array_equal(result, [[1, 2, 3], [1, 4, 5]])

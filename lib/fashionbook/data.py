"""The Fashion-MNIST data: where it comes from, how it is checked, how it is prepared.

Preparing it follows the homework the book grew from: :func:`normalize` to [0, 1],
:func:`flatten` to 784-D rows, :func:`to_dataframe`, then :func:`get_data_subset` for a
pair of classes, :func:`train_test_validation_split` and :func:`bias_trick`.

:func:`load_fashion_mnist` returns the same arrays as Keras's
``keras.datasets.fashion_mnist.load_data()``, without importing TensorFlow, without
needing the network when the data is already on the machine, and with every file
verified against the SHA-256 of its decompressed contents.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from fashionbook.idx import IDXFormatError, parse_idx

CLASS_NAMES: tuple[str, ...] = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip
"""The ten classes, in the order of their labels 0 to 9."""

ENV_VAR = "FASHION_MNIST_DIR"
"""An environment variable that names a folder holding the four files."""

SYSTEM_DIR = Path("/usr/share/datasets/fashion-mnist")
"""Where Debian's and Ubuntu's package ``dataset-fashion-mnist`` puts the files."""

MIRRORS: tuple[str, ...] = (
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",  # Zalando's own
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",  # Keras's copy
)
"""Where the official files are downloaded from, tried in this order."""


@dataclass(frozen=True)
class DataFile:
    """One of the four files of the data set."""

    name: str  # without ".gz"
    ndim: int  # 3 for images, 1 for labels
    sha256: str  # of the decompressed contents: the same for every copy
    md5_gz: str  # of the official .gz file (Debian recompressed theirs)


FILES = {
    "train_images": DataFile(
        "train-images-idx3-ubyte", 3,
        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    ),
    "train_labels": DataFile(
        "train-labels-idx1-ubyte", 1,
        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "25c81989df183df01b3e8a0aad5dffbe",
    ),
    "test_images": DataFile(
        "t10k-images-idx3-ubyte", 3,
        "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        "bef4ecab320f06d8554ea6380940ec79",
    ),
    "test_labels": DataFile(
        "t10k-labels-idx1-ubyte", 1,
        "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
        "bb300cfdad3c16e7a12a480ee83cd310",
    ),
}  # fmt: skip


class FashionMNISTError(RuntimeError):
    """The data set could not be found, downloaded or verified."""


def default_cache_dir() -> Path:
    """The per-user cache folder that downloads go to (``~/.cache/fashionbook`` on Linux)."""
    import pooch  # imported here: only a download needs it

    return Path(pooch.os_cache("fashionbook"))


def how_to_get_the_data() -> str:
    """The ways to get the data, for error messages."""
    return (
        "To get the data, do any one of these:\n"
        "  * on Debian or Ubuntu: sudo apt-get install dataset-fashion-mnist\n"
        f"  * put the four .gz files in a folder and set {ENV_VAR} to that folder "
        "(or pass data_dir=)\n"
        f"  * with {ENV_VAR} unset, connect to the internet: the loader then "
        f"downloads them into {default_cache_dir()}"
    )


def load_fashion_mnist(
    data_dir: str | os.PathLike | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load Fashion-MNIST as Keras does, from a verified local copy.

    The files are looked for, in this order: in `data_dir`; in the folder named by
    the environment variable ``FASHION_MNIST_DIR``; in ``/usr/share/datasets/
    fashion-mnist`` (the Debian package ``dataset-fashion-mnist``); in the per-user
    cache. If none has them they are downloaded into the cache. A folder given by
    the argument or the variable must hold the files: no other place is tried.

    Parameters
    ----------
    data_dir : str or path-like, optional
        A folder holding the four files, gzipped (``train-images-idx3-ubyte.gz``)
        or not (``train-images-idx3-ubyte``).

    Returns
    -------
    (train_images, train_labels), (test_images, test_labels)
        ``uint8`` arrays of shapes (60000, 28, 28), (60000,), (10000, 28, 28)
        and (10000,); pixels are in [0, 255], labels index :data:`CLASS_NAMES`.

    Raises
    ------
    FashionMNISTError
        If a file is missing, truncated, corrupted or fails its checksum, or the
        data is nowhere on the machine and cannot be downloaded. The message names
        the file and says how to get the data.

    Examples
    --------
    >>> (train_images, train_labels), _ = load_fashion_mnist()  # doctest: +SKIP
    >>> train_images.shape, CLASS_NAMES[train_labels[0]]  # doctest: +SKIP
    ((60000, 28, 28), 'Ankle boot')
    """
    paths = locate_files(data_dir)
    arrays = {key: read_data_file(paths[key], FILES[key]) for key in FILES}
    return (
        (arrays["train_images"], arrays["train_labels"]),
        (arrays["test_images"], arrays["test_labels"]),
    )


def locate_files(
    data_dir: str | os.PathLike | None = None, download: bool = True
) -> dict[str, Path]:
    """Find the four files (downloading them if need be) and return their paths.

    See :func:`load_fashion_mnist` for the order in which places are tried. With
    ``download=False`` a missing data set raises :class:`FashionMNISTError` instead
    of being downloaded.
    """
    if data_dir is not None:
        return _files_in(Path(data_dir), required_by="the data_dir argument")
    if os.environ.get(ENV_VAR):
        return _files_in(Path(os.environ[ENV_VAR]), required_by=f"${ENV_VAR}")
    for folder in (SYSTEM_DIR, default_cache_dir()):
        found = _files_in(folder)
        if len(found) == len(FILES):
            return found
    if not download:
        raise FashionMNISTError(
            f"Fashion-MNIST is not on this machine (looked in {SYSTEM_DIR} and "
            f"{default_cache_dir()}).\n{how_to_get_the_data()}"
        )
    return _download(default_cache_dir())


def _files_in(folder: Path, required_by: str | None = None) -> dict[str, Path]:
    """The data files present in `folder`; all four if `required_by` is given."""
    found = {}
    for key, spec in FILES.items():
        for candidate in (folder / f"{spec.name}.gz", folder / spec.name):
            if candidate.is_file():
                found[key] = candidate
                break
        else:
            if required_by is not None:
                raise FashionMNISTError(
                    f"{spec.name}.gz (or {spec.name}) is missing from {folder}, "
                    f"the folder given by {required_by}.\n{how_to_get_the_data()}"
                )
    return found


def _download(cache_dir: Path) -> dict[str, Path]:
    """Download the official .gz files into `cache_dir`; nothing partial is kept."""
    import pooch
    import requests

    paths = {}
    for key, spec in FILES.items():
        target = cache_dir / f"{spec.name}.gz"
        errors = []
        for mirror in MIRRORS:
            try:
                pooch.retrieve(
                    mirror + target.name,
                    known_hash=f"md5:{spec.md5_gz}",
                    fname=target.name,
                    path=cache_dir,
                    progressbar=False,
                )
            except (requests.RequestException, ValueError, OSError) as error:
                errors.append(f"{mirror}: {error}")
            else:
                paths[key] = target
                break
        else:
            tried = "\n".join(f"  - {e}" for e in errors)
            raise FashionMNISTError(
                f"Fashion-MNIST is not on this machine (looked in {SYSTEM_DIR} and "
                f"{cache_dir}) and {target.name} could not be downloaded:\n{tried}\n"
                f"{how_to_get_the_data()}"
            )
    return paths


def read_data_file(path: Path, spec: DataFile) -> np.ndarray:
    """Read one data file, check its format and its checksum, return its array.

    Raises
    ------
    FashionMNISTError
        If the file cannot be read, is not valid gzip, is not a well-formed IDX
        file of the expected kind, or its contents fail the SHA-256 check.
    """

    def fail(problem: str) -> FashionMNISTError:
        return FashionMNISTError(
            f"{path}: {problem}. Delete or replace this file.\n{how_to_get_the_data()}"
        )

    try:
        contents = path.read_bytes()
        if path.suffix == ".gz":
            contents = gzip.decompress(contents)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise fail(f"not a complete gzip file, it is truncated or corrupted ({error})") from None
    except OSError as error:
        raise fail(f"cannot be read ({error.strerror or error})") from None
    try:
        array = parse_idx(contents, expected_ndim=spec.ndim)
    except IDXFormatError as error:
        raise fail(str(error)) from None
    digest = hashlib.sha256(contents).hexdigest()
    if digest != spec.sha256:
        raise fail(
            f"wrong checksum: the SHA-256 of its contents is {digest}, "
            f"expected {spec.sha256} for {spec.name}"
        )
    return array


def normalize(images: np.ndarray) -> np.ndarray:
    """Scale pixel values from [0, 255] to [0, 1]: the min-max equation with
    x_min = 0 and x_max = 255, that is ``images / 255``.

    Parameters
    ----------
    images : numpy.ndarray
        Pixel values in [0, 255], any shape.

    Returns
    -------
    numpy.ndarray
        ``float32`` values in [0, 1], the same shape as `images`.

    Examples
    --------
    >>> normalize(np.array([0, 51, 255], dtype=np.uint8))
    array([0. , 0.2, 1. ], dtype=float32)
    """
    return np.asarray(images, dtype=np.float32) / np.float32(255)


def flatten(images: np.ndarray) -> np.ndarray:
    """Turn each 28x28 image into a row of 784 values.

    Parameters
    ----------
    images : numpy.ndarray
        Images of shape (n, 28, 28).

    Returns
    -------
    numpy.ndarray
        Shape (n, 784): row i is image i read row by row, left to right.

    Examples
    --------
    >>> flatten(np.zeros((5, 28, 28))).shape
    (5, 784)
    """
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise ValueError(f"images has shape {images.shape}, expected (n, 28, 28)")
    return images.reshape(len(images), 28 * 28)


def to_dataframe(images: np.ndarray, labels: np.ndarray) -> pd.DataFrame:
    """The homework's tidy data frame: one row per image, one column per pixel.

    Parameters
    ----------
    images : numpy.ndarray
        Shape (n, 784), or (n, 28, 28), which is flattened first.
    labels : numpy.ndarray
        Shape (n,): each image's label, 0 to 9.

    Returns
    -------
    pandas.DataFrame
        Columns ``z0`` ... ``z783`` (the pixels), ``label`` and ``class`` (its name).
    """
    images = np.asarray(images)
    if images.ndim == 3:
        images = flatten(images)
    labels = np.asarray(labels)
    if images.ndim != 2 or images.shape[1] != 784:
        raise ValueError(f"images has shape {images.shape}, expected (n, 784)")
    if labels.shape != (len(images),):
        raise ValueError(f"labels has shape {labels.shape}, expected ({len(images)},)")
    frame = pd.DataFrame(images, columns=[f"z{i}" for i in range(784)])
    frame["label"] = labels
    frame["class"] = frame["label"].map(dict(enumerate(CLASS_NAMES)))
    return frame


def get_data_subset(
    df: pd.DataFrame,
    classes: Sequence[str],
    shuffle: bool = True,
    shuffle_seed: int = 42,
) -> tuple[np.ndarray, np.ndarray]:
    """The images of two classes, as a binary problem: ``classes[1]`` is labelled 1.

    The rows come out in the same order as the homework's function gives them (it
    shuffles with ``np.random.seed(shuffle_seed)``), but NumPy's global random state is
    left alone.

    Parameters
    ----------
    df : pandas.DataFrame
        A frame made by :func:`to_dataframe`.
    classes : sequence of two str
        The class names; the first is labelled 0, the second 1.
    shuffle : bool
        Shuffle the rows (the same permutation for images and labels).
    shuffle_seed : int
        The seed of the shuffle.

    Returns
    -------
    X : numpy.ndarray
        Shape (n, 784), the pixel columns of the chosen rows.
    y : numpy.ndarray
        Shape (n, 1), 0 or 1.
    """
    if len(classes) != 2 or any(name not in CLASS_NAMES for name in classes):
        raise ValueError(f"classes must be two of {CLASS_NAMES}, got {classes!r}")
    chosen = df[df["class"].isin(classes)]
    X = chosen.filter(regex="z[0-9]+").to_numpy()
    y = (chosen["class"] == classes[1]).to_numpy(dtype=np.int64).reshape(-1, 1)
    if shuffle:
        # The same permutation as np.random.seed(s); np.random.shuffle(rows).
        order = np.random.RandomState(shuffle_seed).permutation(len(X))
        X, y = X[order], y[order]
    return X, y


def train_test_validation_split(
    X: np.ndarray, y: np.ndarray, test_size: float = 0.20, validation_size: float = 0.20
) -> tuple[np.ndarray, ...]:
    """Split rows in order into train, test and validation parts (the homework's order).

    The first ``1 - test_size - validation_size`` of the rows train, the next
    `test_size` test, the last `validation_size` validate. Shuffle first
    (:func:`get_data_subset` does).

    Returns
    -------
    X_train, y_train, X_test, y_test, X_val, y_val : numpy.ndarray
    """
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}")
    if not (test_size >= 0 and validation_size >= 0 and test_size + validation_size < 1):
        raise ValueError(
            f"test_size ({test_size}) and validation_size ({validation_size}) must be "
            "non-negative and leave some rows for training"
        )
    train_end = int((1.0 - test_size - validation_size) * len(X))
    test_end = int((1.0 - test_size) * len(X))
    return (
        X[:train_end], y[:train_end],
        X[train_end:test_end], y[train_end:test_end],
        X[test_end:], y[test_end:],
    )  # fmt: skip


def bias_trick(X: np.ndarray) -> np.ndarray:
    """Put a column of ones before `X` (equation (4.3)): theta_0 is the bias.

    The result has the dtype of `X`.

    Examples
    --------
    >>> bias_trick(np.array([[5.0, 6.0]]))
    array([[1., 5., 6.]])
    """
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X has shape {X.shape}, expected (n, d)")
    return np.hstack((np.ones((len(X), 1), dtype=X.dtype), X))

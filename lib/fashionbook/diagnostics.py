"""What a trained classifier learned and where it fails: chapter 8's measurements.

Counts of right and wrong answers per class (the confusion matrix), precision and
recall, the same scores at other thresholds than 0.5, the pixel weights of logistic
regression as an image and how smooth that image is, and the mistakes the model was
surest of. Every function takes
labels and probabilities that a model already computed; none trains anything.
"""

from __future__ import annotations

import numpy as np

IMAGE_SIDE = 28
"""Fashion-MNIST images are 28 x 28 pixels."""


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Count the images of each true class that were given each predicted class.

    Parameters
    ----------
    y_true : numpy.ndarray
        The true labels, whole numbers from 0 to ``n_classes - 1``, any shape
        ((n,) or (n, 1)).
    y_pred : numpy.ndarray
        The predicted labels, as many as `y_true`.
    n_classes : int
        How many classes there are: 2 for a binary task.

    Returns
    -------
    numpy.ndarray
        Shape (n_classes, n_classes), of int64: entry ``[i, j]`` counts the images of
        true class i predicted as class j. The diagonal holds the right answers; the
        counts add up to the number of images.

    Examples
    --------
    >>> confusion_matrix(np.array([0, 0, 1, 1, 1]), np.array([0, 1, 1, 1, 0]), 2)
    array([[1, 1],
           [1, 2]])
    """
    if int(n_classes) != n_classes or n_classes < 1:
        raise ValueError(f"n_classes must be a positive whole number, got {n_classes}")
    true = _labels(y_true, n_classes, "y_true")
    pred = _labels(y_pred, n_classes, "y_pred")
    if len(true) != len(pred):
        raise ValueError(
            f"y_true has {len(true)} labels but y_pred has {len(pred)}; "
            "give one prediction per image"
        )
    counts = np.zeros((int(n_classes), int(n_classes)), dtype=np.int64)
    np.add.at(counts, (true, pred), 1)  # one count per image, at [its class, its prediction]
    return counts


def precision_recall(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The precision and the recall of each class, from a confusion matrix.

    Precision of class k: of the images predicted k, the share that are k,
    ``counts[k, k] / counts[:, k].sum()``. Recall of class k: of the images that are
    k, the share predicted k, ``counts[k, k] / counts[k, :].sum()``.

    Parameters
    ----------
    counts : numpy.ndarray
        A square matrix of counts as :func:`confusion_matrix` makes it: rows are the
        true classes, columns the predicted ones.

    Returns
    -------
    precision, recall : numpy.ndarray
        One value in [0, 1] per class; NaN for the precision of a class never
        predicted, and for the recall of a class with no images (0 / 0).

    Examples
    --------
    >>> precision, recall = precision_recall(np.array([[8, 2], [1, 9]]))
    >>> precision.round(4), recall
    (array([0.8889, 0.8182]), array([0.8, 0.9]))
    """
    counts = np.asarray(counts)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise ValueError(f"counts has shape {counts.shape}, expected a square matrix (k, k)")
    if not np.issubdtype(counts.dtype, np.number) or (counts < 0).any():
        raise ValueError("counts must be non-negative numbers, as confusion_matrix gives them")
    right = np.diag(counts).astype(float)
    predicted, actual = counts.sum(axis=0), counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return right / predicted, right / actual


def predict_at(h: np.ndarray, threshold: float) -> np.ndarray:
    """Round each probability to a label: 1 where h > threshold, else 0.

    At ``threshold=0.5`` this is :func:`fashionbook.logistic.predict`, equation
    (4.7). Both exist because ``predict`` is the rule of chapter 4, kept as its
    learners wrote it (and the results stored for chapters 4 to 6 are keyed on its
    code), while chapter 8 needs the threshold as an argument.

    Examples
    --------
    >>> predict_at(np.array([[0.2], [0.5], [0.9]]), 0.3)
    array([[0],
           [1],
           [1]])
    """
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be in [0, 1], like a probability, got {threshold}")
    return (np.asarray(h) > threshold).astype(np.int64)


def threshold_scores(
    y: np.ndarray, h: np.ndarray, thresholds: np.ndarray
) -> dict[str, np.ndarray]:
    """Accuracy, and the precision and recall of label 1, at each threshold.

    Parameters
    ----------
    y : numpy.ndarray
        The true labels, 0 or 1, shape (n,) or (n, 1).
    h : numpy.ndarray
        The model's probabilities of label 1, the same shape.
    thresholds : numpy.ndarray
        The thresholds to try, in [0, 1].

    Returns
    -------
    dict of str to numpy.ndarray
        ``accuracy``, ``precision`` and ``recall``, one value per threshold (the
        precision is NaN where nothing is predicted 1).

    Examples
    --------
    >>> scores = threshold_scores(np.array([0, 1, 1]), np.array([0.4, 0.6, 0.3]), [0.5, 0.2])
    >>> scores["recall"]
    array([0.5, 1. ])
    """
    y, h = np.ravel(y), np.ravel(h)
    if y.shape != h.shape:
        raise ValueError(f"y has {y.size} values but h has {h.size}; give one h per label")
    scores: dict[str, list[float]] = {"accuracy": [], "precision": [], "recall": []}
    for threshold in thresholds:
        counts = confusion_matrix(y, predict_at(h, threshold), 2)
        precision, recall = precision_recall(counts)
        scores["accuracy"].append(np.trace(counts) / counts.sum())
        scores["precision"].append(precision[1])
        scores["recall"].append(recall[1])
    return {name: np.array(values) for name, values in scores.items()}


def weights_as_image(theta: np.ndarray) -> np.ndarray:
    """The 784 pixel weights as a 28 x 28 image, without the bias.

    Weight theta_j goes where pixel j is; the bias theta_0 belongs to no pixel.

    Parameters
    ----------
    theta : numpy.ndarray
        The learned weights, shape (785, 1) or (785,), bias first (the bias trick of
        chapter 4).

    Returns
    -------
    numpy.ndarray
        Shape (28, 28).

    Examples
    --------
    >>> weights_as_image(np.arange(785.0))[0, :3]
    array([1., 2., 3.])
    """
    theta = np.ravel(theta)
    pixels = IMAGE_SIDE * IMAGE_SIDE
    if theta.size != pixels + 1:
        hint = " (put the bias in front)" if theta.size == pixels else ""
        raise ValueError(
            f"theta has {theta.size} values, expected {pixels + 1}: "
            f"the bias and one weight per pixel{hint}"
        )
    return theta[1:].reshape(IMAGE_SIDE, IMAGE_SIDE)


def smoothness(image: np.ndarray) -> float:
    """The correlation of each value of an image with its right-hand neighbour.

    Near 1 for an image that changes gradually from pixel to pixel, near 0 for a
    speckle in which a value says nothing of its neighbour's, and negative where
    neighbours tend to have opposite signs. Chapter 8 compares the weights of a model
    with the difference of the two classes' average images this way.

    Parameters
    ----------
    image : numpy.ndarray
        Shape (rows, columns), at least two columns; not constant.

    Returns
    -------
    float
        Pearson's correlation, in [-1, 1], over every pair of horizontal neighbours.

    Examples
    --------
    >>> round(smoothness(np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 4.0, 5.0]])), 4)
    1.0
    >>> round(smoothness(np.array([[1.0, -1.0, 1.0, -1.0], [-1.0, 1.0, -1.0, 1.0]])), 4)
    -1.0
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 2 or image.shape[1] < 2:
        raise ValueError(f"image has shape {image.shape}, expected (rows, columns) with columns >= 2")
    left, right = image[:, :-1].ravel(), image[:, 1:].ravel()
    if left.std() == 0 or right.std() == 0:
        raise ValueError("the image is constant along its rows' neighbours: no correlation to measure")
    return float(np.corrcoef(left, right)[0, 1])


def most_confident_mistakes(
    y: np.ndarray, h: np.ndarray, count: int, threshold: float = 0.5
) -> np.ndarray:
    """The rows the model got wrong, surest first: at most `count` of them.

    How sure the model was of a wrong answer is how far h is from the true label,
    ``|y - h|``: an image of label 1 with h = 0.01 is a surer mistake than one with
    h = 0.45.

    Parameters
    ----------
    y : numpy.ndarray
        The true labels, 0 or 1, shape (n,) or (n, 1).
    h : numpy.ndarray
        The probabilities of label 1, the same shape.
    count : int
        How many mistakes to return at most.
    threshold : float
        The rule that turns h into a label, as in :func:`predict_at`.

    Returns
    -------
    numpy.ndarray
        Row indices into `y` and `h`, surest mistake first (fewer than `count` when
        the model made fewer mistakes).

    Examples
    --------
    >>> most_confident_mistakes(np.array([1, 0, 1, 0]), np.array([0.4, 0.3, 0.1, 0.8]), 5)
    array([2, 3, 0])
    """
    y, h = np.ravel(y), np.ravel(h)
    if y.shape != h.shape:
        raise ValueError(f"y has {y.size} values but h has {h.size}; give one h per label")
    wrong = np.flatnonzero(predict_at(h, threshold) != y)
    how_wrong = np.abs(y[wrong] - h[wrong])
    surest_first = wrong[np.argsort(-how_wrong, kind="stable")]
    return surest_first[:count]


def _labels(labels: np.ndarray, n_classes: int, name: str) -> np.ndarray:
    """Labels as a flat array of whole numbers in [0, n_classes), or a clear error."""
    flat = np.ravel(labels)
    if flat.size and (not np.issubdtype(flat.dtype, np.number) or np.any(flat != np.round(flat))):
        raise ValueError(f"{name} must hold whole-number labels, got {flat[:5]}")
    flat = flat.astype(np.int64)
    if flat.size and (flat.min() < 0 or flat.max() >= n_classes):
        raise ValueError(
            f"{name} holds labels from {flat.min()} to {flat.max()}, expected 0 to "
            f"{n_classes - 1} for {n_classes} classes"
        )
    return flat

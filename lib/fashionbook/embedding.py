"""Chapter 3's map of the 784-D space: standardize, PCA to 50 components, t-SNE to 2-D.

:func:`knn_correct` measures whether such a reduced space still keeps the images of a
class together, so that two ways of reducing can be compared on the same images.

t-SNE takes the better part of a minute, so :func:`tsne` keeps its result in the
store of :mod:`fashionbook.store`: a rebuild of the book reuses it, and a change to the
input, a setting, this code or a package version computes it anew.
"""

from __future__ import annotations

import contextlib
import os

import numpy as np
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from fashionbook.progress import Progress
from fashionbook.store import remembered


def standardize(X: np.ndarray) -> np.ndarray:
    """Shift and scale each column to mean 0 and standard deviation 1.

    Columns that never vary (pixels that are 0 in every image) stay 0.

    This is the homework's first step before PCA. It suits columns measured in
    different units; pixels share one, and a pixel that hardly ever varies is scaled
    up the most (chapter 3 measures what that costs against PCA on centred pixels,
    which :func:`pca` does when given the pixels themselves).
    """
    return StandardScaler().fit_transform(X)


def pca(X: np.ndarray, n_components: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Project the rows of `X` onto its first `n_components` principal components.

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, d), usually standardized.
    n_components : int
        How many components to keep.

    Returns
    -------
    features : numpy.ndarray
        Shape (n, n_components).
    explained_variance_ratio : numpy.ndarray
        The share of the total variance each component keeps; their sum is the
        share the projection keeps.
    """
    model = _pca_model(n_components)
    features = model.fit_transform(X)
    return features, model.explained_variance_ratio_


def principal_components(X: np.ndarray, n_components: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """The first `n_components` principal directions of `X`, one per row.

    They are the directions :func:`pca` projects onto, in the same order and with
    the same signs: ``pca(X, k)[0]`` is ``(X - X.mean(axis=0)) @ components[:k].T``
    up to rounding.

    Parameters
    ----------
    X : numpy.ndarray
        Shape (n, d), usually standardized.
    n_components : int
        How many directions to return.

    Returns
    -------
    components : numpy.ndarray
        Shape (n_components, d): unit vectors at right angles to each other, the
        direction of most variance first.
    explained_variance_ratio : numpy.ndarray
        The share of the total variance along each direction.
    """
    model = _pca_model(n_components).fit(X)
    return model.components_, model.explained_variance_ratio_


def reconstruct(features: np.ndarray, components: np.ndarray) -> np.ndarray:
    """Rebuild rows from their coordinates along the first k principal directions.

    Each row is the sum of the k directions, each weighted by the row's coordinate
    along it. With every direction (k = d) the centred rows come back exactly; with
    fewer, each row comes back as its nearest point among the combinations of these k
    directions (its orthogonal projection onto them). The first k principal directions
    are the best k directions only over all the rows PCA was fitted on together (the
    smallest sum of squared errors); for a single row, other directions can do better.

    Parameters
    ----------
    features : numpy.ndarray
        Shape (n, k): the rows' first k coordinates, as :func:`pca` returns them.
    components : numpy.ndarray
        Shape (k, d): the first k directions of :func:`principal_components`.

    Returns
    -------
    numpy.ndarray
        Shape (n, d), centred like the input of :func:`pca` (add its column means back).
    """
    return features @ components


def knn_correct(
    features: np.ndarray, labels: np.ndarray, n_train: int, n_neighbors: int = 10
) -> np.ndarray:
    """Whether a vote of its nearest neighbours gets each held-out row's class right.

    The first `n_train` rows are the reference; each later row is given the class
    most common among its `n_neighbors` nearest reference rows (Euclidean distance;
    a tie goes to the smallest label, as in scikit-learn). How often that is right
    measures how well a space keeps the rows of a class together, and two spaces
    scored on the same rows can be compared row by row.

    Parameters
    ----------
    features : numpy.ndarray
        Shape (n, d): one row per image, for example its first PCA coordinates.
    labels : numpy.ndarray
        Shape (n,): each row's class.
    n_train : int
        How many of the first rows vote; the rows after them are scored.
    n_neighbors : int
        How many nearest reference rows vote.

    Returns
    -------
    numpy.ndarray
        Shape (n - n_train,), of bool: True where the vote gives the row's class.

    Examples
    --------
    >>> features = np.array([[0.0], [0.1], [1.0], [1.1], [0.05], [1.05]])
    >>> knn_correct(features, np.array([0, 0, 1, 1, 0, 0]), n_train=4, n_neighbors=1)
    array([ True, False])
    """
    from sklearn.neighbors import KNeighborsClassifier

    features, labels = np.asarray(features), np.asarray(labels).ravel()
    if len(features) != len(labels):
        raise ValueError(f"{len(features)} rows of features but {len(labels)} labels")
    if not 0 < n_train < len(features):
        raise ValueError(f"n_train must leave rows on both sides, got {n_train} of {len(features)}")
    if not 0 < n_neighbors <= n_train:
        raise ValueError(f"n_neighbors must be from 1 to n_train, got {n_neighbors}")
    vote = KNeighborsClassifier(n_neighbors=n_neighbors).fit(features[:n_train], labels[:n_train])
    return vote.predict(features[n_train:]) == labels[n_train:]


def _pca_model(n_components: int) -> PCA:
    # The eigendecomposition of the d x d covariance matrix: exact, deterministic,
    # and fast when there are many more rows than columns, as here.
    return PCA(n_components=n_components, svd_solver="covariance_eigh")


def tsne(
    features: np.ndarray,
    perplexity: float = 30,
    learning_rate: float = 200,
    max_iter: int = 1000,
    random_state: int = 0,
    cache_dir: str | os.PathLike | None = None,
) -> np.ndarray:
    """Embed the rows of `features` in 2-D with t-SNE (scikit-learn's Barnes-Hut).

    The defaults are the homework's settings. (Its ``n_iter`` is called
    ``max_iter`` in scikit-learn since 1.5.) Scikit-learn was chosen over openTSNE by
    measuring both on the book's input: ``bench/tsne_choice.py``.

    Parameters
    ----------
    features : numpy.ndarray
        Shape (n, d), usually the first PCA components.
    perplexity, learning_rate, max_iter, random_state
        As in :class:`sklearn.manifold.TSNE`.
    cache_dir : path-like, optional
        Where results are kept; by default the store of :mod:`fashionbook.store`
        (``~/.cache/fashionbook/results`` on Linux).

    Returns
    -------
    numpy.ndarray
        Shape (n, 2).

    While it runs (about a minute on one CPU), a line under the notebook's cell shows
    scikit-learn's report of its last 50 iterations.
    """
    from sklearn.manifold import TSNE

    progress = Progress()

    def compute() -> np.ndarray:
        model = TSNE(
            n_components=2, perplexity=perplexity, learning_rate=learning_rate,
            max_iter=max_iter, random_state=random_state, init="pca",
            verbose=2,  # a line every 50 iterations, shown on the progress line
        )  # fmt: skip
        with contextlib.redirect_stdout(progress.printed()):
            return model.fit_transform(features)

    settings = {"perplexity": perplexity, "learning_rate": learning_rate,
                "max_iter": max_iter, "random_state": random_state, "init": "pca"}  # fmt: skip
    embedding = remembered(compute, "tsne", [features], settings, ["fashionbook.embedding"], cache_dir)
    progress.done(f"t-SNE: {len(features):,} points in two dimensions")
    return embedding

"""A map of the 784-D space: standardize, PCA to 50 components, t-SNE to 2-D.

t-SNE takes the better part of a minute, so :func:`tsne` keeps its result in the
store of :mod:`fashionbook.store`: a rebuild of the book reuses it, and a change to the
input, a setting, this code or a package version computes it anew.
"""

from __future__ import annotations

import os

import numpy as np
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from fashionbook.store import remembered


def standardize(X: np.ndarray) -> np.ndarray:
    """Shift and scale each column to mean 0 and standard deviation 1.

    Columns that never vary (pixels that are 0 in every image) stay 0.
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
    # The eigendecomposition of the d x d covariance matrix: exact, deterministic,
    # and fast when there are many more rows than columns, as here.
    model = PCA(n_components=n_components, svd_solver="covariance_eigh")
    features = model.fit_transform(X)
    return features, model.explained_variance_ratio_


def tsne(
    features: np.ndarray,
    perplexity: float = 30,
    learning_rate: float = 200,
    max_iter: int = 1000,
    random_state: int = 0,
    cache_dir: str | os.PathLike | None = None,
) -> np.ndarray:
    """Embed the rows of `features` in 2-D with t-SNE (scikit-learn's Barnes-Hut).

    The defaults are the seed's settings. (The seed's ``n_iter`` is called
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
    """
    from sklearn.manifold import TSNE

    def compute() -> np.ndarray:
        model = TSNE(
            n_components=2, perplexity=perplexity, learning_rate=learning_rate,
            max_iter=max_iter, random_state=random_state, init="pca",
        )  # fmt: skip
        return model.fit_transform(features)

    settings = {"perplexity": perplexity, "learning_rate": learning_rate,
                "max_iter": max_iter, "random_state": random_state, "init": "pca"}  # fmt: skip
    return remembered(compute, "tsne", [features], settings, ["fashionbook.embedding"], cache_dir)

"""The map of the data: standardization, PCA, and t-SNE with its disk cache."""

import doctest

import numpy as np
import pytest
from sklearn.decomposition import PCA

import fashionbook.embedding
from fashionbook.embedding import knn_correct, pca, principal_components, reconstruct, standardize, tsne


@pytest.fixture(scope="module")
def blobs():
    """Three well-separated clusters of 100 points in 10-D."""
    rng = np.random.default_rng(0)
    centres = rng.normal(scale=10, size=(3, 10))
    labels = np.repeat([0, 1, 2], 100)
    return centres[labels] + rng.normal(size=(300, 10)), labels


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(fashionbook.embedding).failed == 0


def test_standardize_gives_zero_mean_and_unit_variance_and_keeps_constant_columns():
    X = np.column_stack([np.arange(10.0), np.full(10, 3.0)])
    result = standardize(X)
    np.testing.assert_allclose(result[:, 0].mean(), 0, atol=1e-12)
    np.testing.assert_allclose(result[:, 0].std(), 1)
    np.testing.assert_array_equal(result[:, 1], 0)


def test_pca_matches_an_svd_and_reports_the_variance_kept(blobs):
    X, _ = blobs
    features, ratio = pca(X, n_components=3)
    centred = X - X.mean(axis=0)
    singular_values = np.linalg.svd(centred, compute_uv=False)
    expected_ratio = singular_values**2 / np.sum(singular_values**2)
    np.testing.assert_allclose(ratio, expected_ratio[:3], rtol=1e-8)
    np.testing.assert_allclose(np.abs(features), np.abs(PCA(3, svd_solver="full").fit_transform(X)), atol=1e-8)


def test_principal_components_are_the_directions_pca_projects_onto(blobs):
    X, _ = blobs
    features, ratio = pca(X, n_components=3)
    components, shares = principal_components(X, n_components=3)
    np.testing.assert_allclose(components @ components.T, np.eye(3), atol=1e-10)  # unit, at right angles
    np.testing.assert_allclose(shares, ratio)
    np.testing.assert_allclose((X - X.mean(axis=0)) @ components.T, features, atol=1e-8)
    # Chapter 3 asks for more directions than pca kept: the first ones are the same.
    more, _ = principal_components(X, n_components=8)
    np.testing.assert_allclose(more[:3], components, atol=1e-10)


def test_reconstruct_gives_back_the_centred_rows_with_every_direction_and_less_with_fewer(blobs):
    X, _ = blobs
    d = X.shape[1]
    components, _ = principal_components(X, n_components=d)
    centred = X - X.mean(axis=0)
    features = centred @ components.T
    np.testing.assert_allclose(reconstruct(features, components), centred, atol=1e-8)
    errors = [np.linalg.norm(centred - reconstruct(features[:, :k], components[:k])) for k in range(d + 1)]
    assert all(later < earlier for earlier, later in zip(errors, errors[1:]))


def test_knn_correct_scores_the_rows_after_the_reference_rows(blobs):
    X, labels = blobs
    order = np.random.default_rng(1).permutation(len(X))
    X, labels = X[order], labels[order]
    right = knn_correct(X, labels, n_train=200)
    assert right.shape == (100,) and right.dtype == bool and right.all()  # clusters far apart
    # labels that say nothing of where a row lies: about one vote in three is right
    shuffled = np.random.default_rng(2).permutation(labels)
    assert knn_correct(X, shuffled, n_train=200).mean() < 0.6


def test_knn_correct_votes_among_the_reference_rows_only():
    # Rows 2 and 3 are scored by a vote of rows 0 and 1 (label 0), never of each other:
    # row 3 sits exactly on row 2, of label 1, and is still called 0.
    features = np.array([[0.0], [0.2], [5.0], [5.0]])
    labels = np.array([0, 0, 1, 0])
    assert knn_correct(features, labels, n_train=2, n_neighbors=1).tolist() == [False, True]


def test_knn_correct_refuses_impossible_splits(blobs):
    X, labels = blobs
    with pytest.raises(ValueError, match="n_train"):
        knn_correct(X, labels, n_train=len(X))
    with pytest.raises(ValueError, match="n_neighbors"):
        knn_correct(X, labels, n_train=5, n_neighbors=10)
    with pytest.raises(ValueError, match="labels"):
        knn_correct(X, labels[:-1], n_train=100)


def test_tsne_keeps_clusters_apart(blobs, tmp_path):
    X, labels = blobs
    embedding = tsne(X, perplexity=20, max_iter=500, cache_dir=tmp_path)
    centres = np.array([embedding[labels == k].mean(axis=0) for k in range(3)])
    spread = max(np.linalg.norm(embedding[labels == k] - centres[k], axis=1).mean() for k in range(3))
    gaps = [np.linalg.norm(centres[i] - centres[j]) for i, j in [(0, 1), (0, 2), (1, 2)]]
    assert min(gaps) > 3 * spread


def test_tsne_gives_the_same_embedding_twice(blobs, tmp_path):
    X, _ = blobs
    first = tsne(X, max_iter=300, cache_dir=tmp_path / "a")
    second = tsne(X, max_iter=300, cache_dir=tmp_path / "b")
    np.testing.assert_array_equal(first, second)


def test_tsne_reuses_its_cached_result(blobs, tmp_path, monkeypatch):
    X, _ = blobs
    first = tsne(X, max_iter=300, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("tsne-*.pickle"))) == 1

    import sklearn.manifold

    def no_computing(*args, **kwargs):
        raise AssertionError("t-SNE was computed again instead of read from the cache")

    monkeypatch.setattr(sklearn.manifold, "TSNE", no_computing)
    np.testing.assert_array_equal(tsne(X, max_iter=300, cache_dir=tmp_path), first)


def test_tsne_computes_anew_when_the_input_or_a_setting_changes(blobs, tmp_path):
    X, _ = blobs
    tsne(X, max_iter=300, cache_dir=tmp_path)
    tsne(X, max_iter=300, perplexity=10, cache_dir=tmp_path)
    tsne(X[:-1], max_iter=300, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("tsne-*.pickle"))) == 3
    assert not list(tmp_path.glob("*partial*"))

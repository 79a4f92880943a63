"""The figures: each is labelled so that a reader can tell what it shows."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from fashionbook.data import CLASS_NAMES
from fashionbook.plots import (
    curves,
    explained_variance,
    learning_curves,
    probability_histogram,
    show_gallery,
    show_grid,
    show_image,
    show_images,
    show_vector,
    show_weights,
    tsne_scatter,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_show_image_has_a_title_axis_labels_and_a_labelled_colour_bar():
    fig = show_image(np.arange(784).reshape(28, 28) % 256, title="Ankle boot")
    image_ax, colour_bar_ax = fig.axes
    assert image_ax.get_title() == "Ankle boot"
    assert (image_ax.get_xlabel(), image_ax.get_ylabel()) == ("pixel column", "pixel row")
    assert colour_bar_ax.get_ylabel() == "pixel value"


def test_show_image_draws_white_for_zero_and_black_for_the_maximum():
    image = np.zeros((28, 28))
    image[0, 0] = 1.0
    fig = show_image(image, title="test")
    shown = fig.axes[0].images[0]
    white, black = shown.to_rgba(0.0), shown.to_rgba(1.0)
    assert white[:3] == pytest.approx((1, 1, 1)) and black[:3] == pytest.approx((0, 0, 0))


def test_show_grid_names_each_image_by_its_class():
    images = np.zeros((25, 28, 28), dtype=np.uint8)
    labels = np.arange(25) % 10
    fig = show_grid(images, labels, CLASS_NAMES)
    assert [ax.get_xlabel() for ax in fig.axes] == [CLASS_NAMES[i] for i in labels]


def test_figures_are_opaque_so_they_read_on_a_dark_page():
    fig = show_grid(np.zeros((4, 28, 28)), np.zeros(4, dtype=int), CLASS_NAMES, 2, 2)
    assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)


def test_tsne_scatter_draws_and_names_only_the_chosen_classes():
    rng = np.random.default_rng(0)
    embedding, labels = rng.normal(size=(100, 2)), np.arange(100) % 10
    fig = tsne_scatter(embedding, labels, CLASS_NAMES, classes=["Trouser", "Ankle boot"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Trouser", "Ankle boot"]
    assert [len(c.get_offsets()) for c in ax.collections] == [10, 10]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


def test_tsne_scatter_gives_each_class_its_own_colour():
    embedding, labels = np.zeros((10, 2)), np.arange(10)
    fig = tsne_scatter(embedding, labels, CLASS_NAMES)
    colours = {tuple(c.get_facecolor()[0][:3]) for c in fig.axes[0].collections}
    assert len(colours) == 10


def test_learning_curves_show_training_and_validation_of_accuracy_and_loss():
    history = {"accuracy": [0.5, 0.8], "val_accuracy": [0.5, 0.7],
               "loss": [0.7, 0.4], "val_loss": [0.7, 0.5]}  # fmt: skip
    fig = learning_curves(history, title="A run", xlabel="epoch")
    accuracy_ax, loss_ax = fig.axes
    for ax, metric in ((accuracy_ax, "accuracy"), (loss_ax, "loss")):
        assert ax.get_ylabel() == metric and ax.get_xlabel() == "epoch"
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["training", "validation"]
        train, val = ax.get_lines()
        assert train.get_ydata().tolist() == history[metric]
        assert val.get_ydata().tolist() == history[f"val_{metric}"]
    assert fig._suptitle.get_text() == "A run"


def test_show_images_titles_each_image():
    fig = show_images([np.zeros((28, 28)), np.ones((28, 28))], ["before", "after"])
    assert [ax.get_title() for ax in fig.axes] == ["before", "after"]


def test_show_vector_draws_one_row_with_a_labelled_position_axis():
    fig = show_vector(np.arange(784) / 783, title="a vector")
    ax = fig.axes[0]
    assert ax.images[0].get_array().shape == (1, 784)
    assert ax.get_xlabel() == "position in the vector"


def test_explained_variance_plots_the_cumulative_percentage():
    fig = explained_variance(np.array([0.5, 0.25, 0.125]))
    (line,) = fig.axes[0].get_lines()
    assert line.get_ydata().tolist() == [50.0, 75.0, 87.5]
    assert line.get_xdata().tolist() == [1, 2, 3]


@pytest.mark.parametrize("names, has_legend", [(["only"], False), (["a", "b"], True)])
def test_curves_adds_a_legend_only_for_several_series(names, has_legend):
    x = np.linspace(0, 1, 5)
    fig = curves(x, {name: x * i for i, name in enumerate(names)}, "t", "x", "y")
    ax = fig.axes[0]
    assert len(ax.get_lines()) == len(names)
    assert (ax.get_legend() is not None) == has_legend
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("t", "x", "y")


# --- chapter 8's figures ---------------------------------------------------


def test_show_weights_centres_its_colour_map_on_zero_in_each_panel():
    small, large = np.linspace(-1, 3, 784).reshape(28, 28), np.linspace(-50, 10, 784).reshape(28, 28)
    fig = show_weights([small, large], ["a", "b"], [("Trouser", "Ankle boot"), ("Pullover", "Coat")])
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert [image.get_clim() for image in images] == [(-3, 3), (-50, 50)]
    white = images[0].to_rgba(0.0)
    assert min(white[:3]) > 0.95  # 0 is (nearly) white in a diverging map
    red, blue = images[0].to_rgba(3.0), images[0].to_rgba(-3.0)
    assert red[0] > red[2] and blue[2] > blue[0]  # positive red, negative blue


def test_show_weights_names_the_class_each_sign_pushes_towards():
    fig = show_weights([np.ones((28, 28))], ["Trouser vs Ankle boot"], [("Trouser", "Ankle boot")])
    labels = " ".join(ax.get_xlabel() for ax in fig.axes)
    assert labels.index("Trouser") < labels.index("Ankle boot")  # left (negative) to right


def test_probability_histogram_draws_one_histogram_per_true_class_and_the_threshold():
    y = np.array([0, 0, 0, 1, 1])
    h = np.array([0.1, 0.2, 0.6, 0.7, 0.9])
    fig = probability_histogram(h, y, ("Pullover", "Coat"), title="t", threshold=0.4)
    ax = fig.axes[0]
    per_class = [sum(patch.get_height() for patch in container) for container in ax.containers]
    assert per_class == [3, 2]
    assert ax.lines[0].get_xdata()[0] == 0.4
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "true Pullover", "true Coat", "threshold 0.4"]  # fmt: skip
    assert "Coat" in ax.get_xlabel()


def test_probability_histogram_gives_each_class_its_colour_of_the_whole_book():
    from matplotlib.colors import to_hex

    from fashionbook.plots import CLASS_COLOURS

    fig = probability_histogram(np.array([0.2, 0.8]), np.array([0, 1]), ("Coat", "Trouser"), title="t")
    colours = [to_hex(container[0].get_facecolor(), keep_alpha=False) for container in fig.axes[0].containers]
    assert colours == [CLASS_COLOURS[4].lower(), CLASS_COLOURS[1].lower()]  # Coat is 4, Trouser 1


def test_probability_histogram_names_an_unknown_class():
    with pytest.raises(ValueError, match="expected names from CLASS_NAMES"):
        probability_histogram(np.array([0.2, 0.8]), np.array([0, 1]), ("Coat", "Jacket"), title="t")


def test_show_gallery_shows_every_image_with_its_title_and_hides_empty_places():
    images = np.random.default_rng(3).uniform(size=(7, 784))
    fig = show_gallery(images, [f"image {i}" for i in range(7)], columns=5)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(fig.axes) == 10 and len(shown) == 7
    assert [ax.get_title() for ax in shown] == [f"image {i}" for i in range(7)]
    assert shown[0].images[0].get_array().shape == (28, 28)

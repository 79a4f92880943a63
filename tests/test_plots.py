"""The figures: each is labelled so that a reader can tell what it shows."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from fashionbook.data import CLASS_NAMES
from fashionbook.plots import show_grid, show_image


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

"""Every figure of the book, drawn in one style (``book.mplstyle``).

Each function draws one kind of figure on a new figure and returns it; it neither
shows nor saves it (a notebook shows it at the end of the cell).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

STYLE = Path(__file__).with_name("book.mplstyle")
"""The book's Matplotlib style: ``plt.style.use(STYLE)``."""


def show_image(image: np.ndarray, title: str) -> Figure:
    """One image, as the seed's ``show_image`` draws it: grey levels, a title and a
    colour bar that tells what the grey levels mean.

    Parameters
    ----------
    image : numpy.ndarray
        A 28x28 array of pixel values (raw [0, 255] or normalized [0, 1]).
    title : str
        Usually the image's class name.
    """
    with plt.style.context(STYLE):
        fig, ax = plt.subplots(figsize=(4.6, 4))
        shown = ax.imshow(image, cmap="gray_r")
        ax.set(title=title, xlabel="pixel column", ylabel="pixel row")
        fig.colorbar(shown, ax=ax, label="pixel value")
    return fig


def show_grid(
    images: np.ndarray,
    labels: np.ndarray,
    class_names: Sequence[str],
    rows: int = 5,
    columns: int = 5,
) -> Figure:
    """The first ``rows * columns`` images in a grid, each named by its class.

    Parameters
    ----------
    images : numpy.ndarray
        Images of shape (n, 28, 28), with n >= rows * columns.
    labels : numpy.ndarray
        Their labels, indices into `class_names`.
    class_names : sequence of str
        The name of each label.
    """
    with plt.style.context(STYLE):
        fig, axes = plt.subplots(rows, columns, figsize=(1.5 * columns, 1.65 * rows))
        for ax, image, label in zip(axes.flat, images, labels):
            ax.imshow(image, cmap="gray_r")
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_xlabel(class_names[label])
    return fig

"""Every figure of the book, drawn in one style (``book.mplstyle``).

Each function draws one kind of figure on a new figure and returns it; it neither
shows nor saves it (a notebook shows it at the end of the cell).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

STYLE = Path(__file__).with_name("book.mplstyle")
"""The book's Matplotlib style: ``plt.style.use(STYLE)``."""


def show_image(image: np.ndarray, title: str) -> Figure:
    """One image, as the homework's ``show_image`` draws it: grey levels, a title and a
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


def show_images(
    images: Sequence[np.ndarray],
    titles: Sequence[str],
    value_range: tuple[float, float] | None = None,
) -> Figure:
    """A row of images, each with its own title (for before/after comparisons).

    With `value_range`, every image maps the same values to the same grey (for
    example (0, 1) for normalized pixels), and values outside it get the grey of its
    nearer end; without it, each image spans all greys.
    """
    low, high = value_range or (None, None)
    with plt.style.context(STYLE):
        width = min(2.6, 10 / len(images))  # many images: smaller, so the titles stay legible
        fig, axes = plt.subplots(1, len(images), figsize=(width * len(images), width + 0.3))
        for ax, image, title in zip(np.atleast_1d(axes), images, titles):
            ax.imshow(image, cmap="gray_r", vmin=low, vmax=high)
            ax.set(title=title, xticks=[], yticks=[])
    return fig


def show_signed_images(
    images: Sequence[np.ndarray], titles: Sequence[str], label: str = "weight"
) -> Figure:
    """A row of images whose values can be negative: a diverging colour map, white at 0,
    with one colour scale shared by all (so that their colours compare) and its bar."""
    limit = max(float(np.abs(image).max()) for image in images)
    with plt.style.context(STYLE):
        fig, axes = plt.subplots(1, len(images), figsize=(2.1 * len(images) + 0.8, 2.7))
        for ax, image, title in zip(np.atleast_1d(axes), images, titles):
            shown = ax.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit)
            ax.set(title=title, xticks=[], yticks=[])
        fig.colorbar(shown, ax=axes, label=label, shrink=0.8)
    return fig


def show_vector(vector: np.ndarray, title: str) -> Figure:
    """A 784-D vector as a strip of grey levels, position 0 on the left."""
    with plt.style.context(STYLE):
        fig, ax = plt.subplots(figsize=(9, 1.6))
        ax.imshow(np.asarray(vector).reshape(1, -1), cmap="gray_r", aspect="auto")
        ax.set(title=title, xlabel="position in the vector", yticks=[])
    return fig


# Colour-blind-safe colours (Okabe and Ito, 2008, plus grey, blue-grey and dark red),
# one per class, the same class always the same colour.
CLASS_COLOURS = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2",
    "#D55E00", "#CC79A7", "#999999", "#4B4B8F", "#882255",
)  # fmt: skip
TRAIN_COLOUR, VALIDATION_COLOUR = "#0072B2", "#D55E00"


def tsne_scatter(
    embedding: np.ndarray,
    labels: np.ndarray,
    class_names: Sequence[str],
    classes: Sequence[str] | None = None,
    title: str = "t-SNE map of the images",
) -> Figure:
    """A 2-D map of the images, one dot per image, coloured by class.

    Parameters
    ----------
    embedding : numpy.ndarray
        Shape (n, 2): the t-SNE coordinates.
    labels : numpy.ndarray
        Shape (n,): each image's label.
    class_names : sequence of str
        The name of each label.
    classes : sequence of str, optional
        Draw only these classes (by default all of them).
    title : str
        The figure's title.
    """
    shown = list(class_names) if classes is None else list(classes)
    with plt.style.context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 6))
        for name in shown:
            label = class_names.index(name)
            points = embedding[labels == label]
            ax.scatter(*points.T, s=3, alpha=0.6, color=CLASS_COLOURS[label],
                       label=name, rasterized=True)  # fmt: skip
        ax.set(title=title, xlabel="t-SNE dimension 1", ylabel="t-SNE dimension 2")
        ax.set_aspect("equal", adjustable="datalim")
        legend = ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), markerscale=4)
        for handle in legend.legend_handles:
            handle.set_alpha(1)
    return fig


def learning_curves(
    history: Mapping[str, Sequence[float]], title: str, xlabel: str = "step"
) -> Figure:
    """Training and validation accuracy (left) and loss (right) against time.

    Parameters
    ----------
    history : mapping
        ``accuracy``, ``val_accuracy``, ``loss`` and ``val_loss``, one value per step
        or epoch: Keras's ``History.history`` has exactly these keys.
    title : str
        The figure's title.
    xlabel : str
        What one unit of time is: ``"step"`` of gradient descent or ``"epoch"``.
    """
    with plt.style.context(STYLE):
        fig, (acc_ax, loss_ax) = plt.subplots(1, 2, figsize=(9, 3.6))
        for ax, metric in ((acc_ax, "accuracy"), (loss_ax, "loss")):
            time = np.arange(1, len(history[metric]) + 1)
            ax.plot(time, history[metric], color=TRAIN_COLOUR, label="training")
            ax.plot(time, history[f"val_{metric}"], color=VALIDATION_COLOUR,
                    linestyle="--", label="validation")  # fmt: skip
            ax.set(xlabel=xlabel, ylabel=metric, title=metric.capitalize())
            ax.legend()
        fig.suptitle(title, fontweight="bold")
    return fig


def explained_variance(ratio: np.ndarray) -> Figure:
    """The cumulative share of variance kept by the first k principal components."""
    cumulative = np.cumsum(ratio)
    components = np.arange(1, len(ratio) + 1)
    with plt.style.context(STYLE):
        fig, ax = plt.subplots(figsize=(6, 3.6))
        ax.plot(components, 100 * cumulative, color=TRAIN_COLOUR, marker="o", markersize=3)
        ax.set(title="Variance kept by the first k components",
               xlabel="number of components k", ylabel="variance kept (%)",
               ylim=(0, 100), xlim=(0, len(ratio) + 1))  # fmt: skip
        ax.grid(True, alpha=0.3)
    return fig


def curves(
    x: np.ndarray,
    ys: Mapping[str, np.ndarray],
    title: str,
    xlabel: str,
    ylabel: str,
    logx: bool = False,
) -> Figure:
    """Several named curves over one x axis, with a legend when there is more than one."""
    colours = (TRAIN_COLOUR, VALIDATION_COLOUR, "#009E73", "#CC79A7")
    styles = ("-", "--", "-.", ":")
    with plt.style.context(STYLE):
        fig, ax = plt.subplots(figsize=(6, 3.8))
        for (name, y), colour, style in zip(ys.items(), colours, styles):
            ax.plot(x, y, color=colour, linestyle=style, label=name)
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
        if logx:
            ax.set_xscale("log")
        ax.grid(True, alpha=0.3)
        if len(ys) > 1:
            ax.legend()
    return fig


# --- chapter 8: what the model learned -------------------------------------------------


def show_weights(
    images: Sequence[np.ndarray], titles: Sequence[str], class_pairs: Sequence[Sequence[str]]
) -> Figure:
    """Weight images side by side, on a diverging colour map centred on 0.

    Each panel has its own symmetric limits, -m to m with m its largest absolute
    weight, so white is exactly 0 in every panel; its colour bar names the class
    that each sign pushes towards.

    Parameters
    ----------
    images : sequence of numpy.ndarray
        28x28 arrays of weights (:func:`fashionbook.diagnostics.weights_as_image`).
    titles : sequence of str
        One title per panel.
    class_pairs : sequence of (str, str)
        Per panel, the class of label 0 (negative weights push towards it) and the
        class of label 1 (positive weights).
    """
    with plt.style.context(STYLE):
        fig, axes = plt.subplots(1, len(images), figsize=(4.4 * len(images), 4.9))
        for ax, image, title, (negative, positive) in zip(
            np.atleast_1d(axes), images, titles, class_pairs
        ):
            limit = float(np.abs(image).max())
            shown = ax.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit)
            ax.set(title=title, xticks=[], yticks=[])
            bar = fig.colorbar(shown, ax=ax, orientation="horizontal", shrink=0.9)
            bar.set_label(f"weight: ← {negative}   0   {positive} →")
    return fig


def probability_histogram(
    h: np.ndarray,
    y: np.ndarray,
    class_names: Sequence[str],
    title: str,
    threshold: float = 0.5,
    log: bool = False,
) -> Figure:
    """The model's probabilities h of label 1, one histogram per true class, with the
    threshold as a dashed line.

    Each class has its colour of the whole book (:data:`CLASS_COLOURS`, by its label
    in Fashion-MNIST), so a coat is the same colour here as in chapter 3's t-SNE map.

    Parameters
    ----------
    h : numpy.ndarray
        The probabilities of label 1, shape (n,) or (n, 1).
    y : numpy.ndarray
        The true labels, 0 or 1, the same shape.
    class_names : sequence of str
        The names of label 0 and label 1, two of
        :data:`fashionbook.data.CLASS_NAMES`.
    title : str
        The figure's title.
    threshold : float
        Where the model's rule turns h into a label.
    log : bool
        Count on a logarithmic axis (for histograms with one tall bar).
    """
    from fashionbook.data import CLASS_NAMES

    unknown = [name for name in class_names if name not in CLASS_NAMES]
    if unknown:
        raise ValueError(
            f"class_names holds {unknown}, expected names from CLASS_NAMES: {CLASS_NAMES}"
        )
    colours = [CLASS_COLOURS[CLASS_NAMES.index(name)] for name in class_names]
    h, y = np.ravel(h), np.ravel(y)
    bins = np.linspace(0, 1, 21)
    with plt.style.context(STYLE):
        fig, ax = plt.subplots(figsize=(6, 3.8))
        for label, (name, colour, hatch) in enumerate(zip(class_names, colours, ("", "//"))):
            ax.hist(h[y == label], bins=bins, color=colour, alpha=0.45, hatch=hatch,
                    edgecolor=colour, label=f"true {name}", log=log)  # fmt: skip
        ax.axvline(threshold, color="#333333", linestyle="--", label=f"threshold {threshold}")
        ax.set(title=title, xlabel=f"h, the probability of {class_names[1]}",
               ylabel="images", xlim=(0, 1))  # fmt: skip
        # At the top, between the dashed line and the left end: the tall bars are at the ends.
        ax.legend(loc="upper center", bbox_to_anchor=(0.3, 1.0))
    return fig


def show_gallery(images: Sequence[np.ndarray], titles: Sequence[str], columns: int = 5) -> Figure:
    """Images in a grid, each with a title of one or more lines (a gallery).

    :func:`show_images` draws one row, each image scaled to its own range; this draws rows
    of normalized images on the fixed range [0, 1], so that a faint image looks faint.

    Parameters
    ----------
    images : sequence of numpy.ndarray
        Normalized 28x28 images, pixels in [0, 1] (or 784-long rows, reshaped here).
    titles : sequence of str
        One per image, such as its true class and the model's h.
    columns : int
        Images per row; the rows follow from the number of images.
    """
    rows = max(1, -(-len(images) // columns))
    with plt.style.context(STYLE):
        fig, axes = plt.subplots(rows, columns, figsize=(1.9 * columns, 2.35 * rows),
                                 squeeze=False)  # fmt: skip
        for ax in axes.flat:
            ax.axis("off")
        for ax, image, title in zip(axes.flat, images, titles):
            ax.imshow(np.reshape(image, (28, 28)), cmap="gray_r", vmin=0, vmax=1)
            ax.set_title(title, fontsize=9, fontweight="normal")
    return fig

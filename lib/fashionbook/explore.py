"""The t-SNE map as a page you can explore: point at a dot and see the garment behind it.

:func:`explorable_map` draws the map with Bokeh, whose JavaScript (``bokeh.min.js``) the
site serves from its own ``_static`` folder (:mod:`fashionbook.sphinx.bokeh_offline`),
so the map needs no server, no kernel and no network. In a notebook nothing serves
that file, so there the map's cell carries BokehJS itself (:meth:`ExplorableMap.display`;
checked by hand in JupyterLab 4.6 and Notebook 7.6). The garments travel as one image, a
*sprite sheet* (:func:`sprite_sheet`): the thumbnail of the point under the pointer is
cut out of it in the browser. Bokeh was chosen over Vega-Lite (Altair), and
the number of points and the sheet's format were chosen, by measuring page weight and
time to interactive: ``bench/map_choice.py``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fashionbook.plots import CLASS_COLOURS

SIDE = 28  # pixels of a Fashion-MNIST image, each way
COLUMNS = 100  # thumbnails per row of the sprite sheet
SPRITE_CLASS = "fashionbook-map-sprite"  # the <img> of the sheet, hidden by the map's CSS
SCRIPT = Path(__file__).with_name("explore.js")  # hover, keyboard and legend, in the browser
# Set to "1" by the book's build (fashionbook.sphinx.bokeh_offline), whose kernels inherit
# it: the site serves BokehJS and the sprite sheet as files of their own.
SITE_SERVES_BOKEH = "FASHIONBOOK_SITE_SERVES_BOKEH"


def sprite_sheet(images: np.ndarray, columns: int = COLUMNS) -> np.ndarray:
    """Tile images into one picture, row after row: image i at row i // columns,
    column i % columns; the last row is padded with black.

    Parameters
    ----------
    images : numpy.ndarray
        Shape (n, 28, 28), values 0 to 255 (uint8).
    columns : int
        Thumbnails per row.

    Returns
    -------
    numpy.ndarray
        Shape (28 * rows, 28 * columns), uint8, with rows = ceil(n / columns).
    """
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (SIDE, SIDE) or images.dtype != np.uint8:
        raise ValueError(
            f"expected raw images of shape (n, {SIDE}, {SIDE}) and dtype uint8, got "
            f"{images.shape} {images.dtype}: pass the images as load_fashion_mnist returns them"
        )
    rows = -(-len(images) // columns)
    padded = np.zeros((rows * columns, SIDE, SIDE), np.uint8)
    padded[: len(images)] = images
    # (rows, columns, 28, 28) -> (rows, 28, columns, 28): each row of thumbnails side by side
    return padded.reshape(rows, columns, SIDE, SIDE).transpose(0, 2, 1, 3).reshape(rows * SIDE, columns * SIDE)


def png_bytes(sheet: np.ndarray, levels: int = 16) -> bytes:
    """Encode a grey sheet as PNG with `levels` shades of grey (16: 4 bits a pixel).

    Sixteen shades halve the file against 256 and still draw every garment clearly
    at the size the map shows it (``bench/map_choice.py`` measures both).
    """
    from PIL import Image

    if not 2 <= levels <= 256:
        raise ValueError(f"levels must be between 2 and 256, got {levels}")
    step = 255 / (levels - 1)
    shades = (np.round(np.asarray(sheet) / step) * step).round().astype(np.uint8)
    picture = Image.fromarray(shades, mode="L")
    if levels <= 16:  # a palette of 16 entries: PNG stores 4 bits a pixel
        palette = np.repeat(np.unique(shades), 3).tolist()
        picture = picture.quantize(colors=levels, palette=_palette_image(palette))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True, bits=4 if levels <= 16 else 8)
    return buffer.getvalue()


def _palette_image(palette: list[int]):
    from PIL import Image

    image = Image.new("P", (1, 1))
    image.putpalette(palette + [0, 0, 0] * (256 - len(palette) // 3))
    return image


@dataclass(frozen=True)
class ExplorableMap:
    """What the page needs: the map's HTML (Bokeh's plot, the legend, the panel that
    shows the garment) and the sprite sheet as PNG bytes, shown as a hidden image."""

    html: str
    sprite_png: bytes
    n_points: int
    map_id: str  # the id of the map's HTML element, and the name of its Bokeh plot

    def display(self) -> None:
        """Show the map in a notebook cell.

        In the book's build (:data:`SITE_SERVES_BOKEH` is "1") the cell shows the HTML, then
        the sheet as an image: the page serves both BokehJS and the sheet as files of
        their own. Anywhere else (a notebook) the cell shows :meth:`standalone_html`.
        """
        from IPython.display import HTML, Image, display

        if os.environ.get(SITE_SERVES_BOKEH) == "1":
            display(HTML(self.html), Image(data=self.sprite_png, format="png"))
        else:
            display(HTML(self.standalone_html()))

    def standalone_html(self) -> str:
        """The map with all it needs in one piece of HTML, for a notebook, where nothing
        serves BokehJS or the sheet: BokehJS inline (about 1.3 MB, saved with the
        notebook) and the sheet as a ``data:`` URI. A notebook opened again shows the
        map once its cell runs again: Jupyter runs no script of an output it did not
        make itself."""
        from bokeh.resources import Resources

        bokeh_js = Resources(mode="inline", components=["bokeh"]).render_js()
        sheet = base64.b64encode(self.sprite_png).decode("ascii")
        sprite = (f'<img class="{SPRITE_CLASS}" data-map="{self.map_id}" alt="" '
                  f'src="data:image/png;base64,{sheet}">')  # fmt: skip
        return f"{bokeh_js}\n{sprite}\n{self.html}"


def explorable_map(
    embedding: np.ndarray,
    labels: np.ndarray,
    images: np.ndarray,
    class_names: Sequence[str],
    description: str,
    n_points: int | None = None,
    size: int = 520,
) -> ExplorableMap:
    """An interactive t-SNE map: hover over or step to a dot to see its garment.

    Parameters
    ----------
    embedding : numpy.ndarray
        Shape (n, 2): the t-SNE coordinates.
    labels : numpy.ndarray
        Shape (n,): each image's label.
    images : numpy.ndarray
        Shape (n, 28, 28), uint8: the images themselves.
    class_names : sequence of str
        The name of each label.
    description : str
        The map's text alternative, read by screen readers (the static figure's alt text).
    n_points : int, optional
        Draw the first `n_points` images only (by default all of them).
    size : int
        Width and height of the plot in CSS pixels.

    Returns
    -------
    ExplorableMap
    """
    from bokeh.embed import components
    from bokeh.models import ColumnDataSource, CustomJS, HoverTool
    from bokeh.plotting import figure

    n = len(embedding) if n_points is None else n_points
    if not (len(embedding) == len(labels) == len(images)) or not 0 < n <= len(embedding):
        raise ValueError(
            f"embedding, labels and images must have one row per image ({len(embedding)}, "
            f"{len(labels)}, {len(images)}), and n_points between 1 and that ({n})"
        )
    points = np.asarray(embedding[:n], dtype=np.float32)
    labels = np.asarray(labels[:n])
    key = hashlib.sha256(points.tobytes() + labels.tobytes()).hexdigest()[:8]
    map_id = f"fashionbook-map-{key}"

    plot = figure(
        width=size, height=size, match_aspect=True, name=map_id,
        tools="pan,wheel_zoom,box_zoom,reset", active_scroll="wheel_zoom",
        x_axis_label="t-SNE dimension 1", y_axis_label="t-SNE dimension 2",
    )  # fmt: skip
    plot.toolbar.logo = None
    renderers = []
    for label, name in enumerate(class_names):
        rows = np.flatnonzero(labels == label)
        source = ColumnDataSource({"x": points[rows, 0], "y": points[rows, 1],
                                   "image": rows.astype(np.int32)})  # fmt: skip
        renderers.append(plot.scatter("x", "y", source=source, size=4, alpha=0.6,
                                      color=CLASS_COLOURS[label], name=name))  # fmt: skip
    cursor = ColumnDataSource({"x": [], "y": []}, name=f"{map_id}-cursor")
    plot.scatter("x", "y", source=cursor, size=14, fill_alpha=0, line_color="black", line_width=2)
    show = CustomJS(args={"map_id": map_id}, code="fashionbookMap.hover(map_id, cb_data)")
    plot.add_tools(HoverTool(renderers=renderers, tooltips=None, callback=show))

    script, div = components(plot)
    config = {"id": map_id, "classes": list(class_names), "colours": list(CLASS_COLOURS),
              "columns": COLUMNS, "side": SIDE, "spriteClass": SPRITE_CLASS}  # fmt: skip
    html = _page(map_id, div, script, description, class_names, n, config)
    return ExplorableMap(html, png_bytes(sprite_sheet(np.asarray(images[:n]))), n, map_id)


def _page(map_id: str, div: str, script: str, description: str,
          class_names: Sequence[str], n: int, config: dict) -> str:  # fmt: skip
    """The map's HTML: the plot, a text alternative, the legend and the garment panel."""
    legend = "\n".join(
        f'<label><input type="checkbox" checked data-class="{k}" {KEYS_TO_THE_MAP}> '
        f'<span class="swatch" style="background:{CLASS_COLOURS[k]}"></span>{name}</label>'
        for k, name in enumerate(class_names)
    )
    return f"""<div class="fashionbook-map" id="{map_id}">
<style>{STYLE}</style>
<p class="fashionbook-map-help" id="{map_id}-help">The first {n:,} dots of the map. Point at a
dot, or click the map and step from dot to dot with the arrow keys, to see its garment;
+ and &minus; zoom, 0 goes back to the whole map.</p>
<div class="fashionbook-map-row">
<div class="fashionbook-map-plot" tabindex="0" role="application" {KEYS_TO_THE_MAP}
     aria-label="Interactive t-SNE map of {n:,} training images"
     aria-describedby="{map_id}-alt {map_id}-help">
<p class="fashionbook-map-alt" id="{map_id}-alt">{description}</p>
{div}
</div>
<div class="fashionbook-map-side">
<div class="fashionbook-map-garment">
<canvas width="140" height="140" role="img" aria-label="The garment under the pointer"></canvas>
<p aria-live="polite">Point at a dot</p>
</div>
<fieldset class="fashionbook-map-legend"><legend>Classes shown</legend>
{legend}
</fieldset>
</div>
</div>
{script}
<script type="application/json" class="fashionbook-map-config">{json.dumps(config)}</script>
<script>{SCRIPT.read_text()}</script>
</div>"""


# On each element of the map that takes focus: in Jupyter (Notebook 7, JupyterLab) keys
# pressed there go to the map, not to the notebook's shortcuts (the arrows would move
# between cells). The shortcuts match the focused element itself, so an ancestor's
# attribute is not enough.
KEYS_TO_THE_MAP = 'data-lm-suppress-shortcuts="true"'

STYLE = """
.fashionbook-map-row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.fashionbook-map-plot:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.fashionbook-map-alt { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.fashionbook-map-garment { margin: 0; }
.fashionbook-map-garment canvas { border: 1px solid #999; background: #000;
  image-rendering: pixelated; }
.fashionbook-map-garment p { min-height: 3em; max-width: 140px; }
.fashionbook-map-legend legend { font-size: 1rem; font-weight: 600; }
.fashionbook-map-legend label { display: block; }
.fashionbook-map-legend .swatch { display: inline-block; width: 0.8em; height: 0.8em;
  margin-right: 0.3em; border-radius: 50%; }
img.fashionbook-map-sprite { display: none; }
"""

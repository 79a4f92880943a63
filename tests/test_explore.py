"""The explorable map's pieces: the sprite sheet, its PNG, the page's HTML, and the Sphinx
extension that serves Bokeh's JavaScript. (The map in a browser: tests/test_site.py.)"""

from __future__ import annotations

import base64
import io
import json
import os
import re
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from fashionbook.explore import COLUMNS, SIDE, SITE_SERVES_BOKEH, SPRITE_CLASS, explorable_map
from fashionbook.explore import png_bytes, sprite_sheet
from fashionbook.sphinx import bokeh_offline

NAMES = ["zero", "one", "two"]


def numbered_images(n: int) -> np.ndarray:
    """n images, image i filled with the value i (mod 256) and a white top-left pixel."""
    images = np.repeat((np.arange(n) % 256).astype(np.uint8), SIDE * SIDE).reshape(n, SIDE, SIDE)
    images[:, 0, 0] = 255
    return images


def test_the_sheet_puts_image_i_at_row_i_div_columns_and_column_i_mod_columns():
    images = numbered_images(7)
    sheet = sprite_sheet(images, columns=3)
    assert sheet.shape == (3 * SIDE, 3 * SIDE) and sheet.dtype == np.uint8
    for i, image in enumerate(images):
        row, column = divmod(i, 3)
        assert np.array_equal(sheet[row * SIDE : (row + 1) * SIDE, column * SIDE : (column + 1) * SIDE], image)
    assert not sheet[2 * SIDE :, SIDE:].any()  # the two places after the last image are black


def test_the_sheet_refuses_images_that_are_not_raw_28x28_bytes():
    with pytest.raises(ValueError, match="uint8"):
        sprite_sheet(numbered_images(2).astype(float) / 255)
    with pytest.raises(ValueError, match="shape"):
        sprite_sheet(np.zeros((2, 784), np.uint8))


def test_the_png_keeps_16_shades_and_every_pixel_within_half_a_shade():
    rng = np.random.default_rng(0)
    sheet = rng.integers(0, 256, size=(2 * SIDE, 3 * SIDE), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(png_bytes(sheet, levels=16))).convert("L")).astype(int)
    assert decoded.shape == sheet.shape
    assert len(np.unique(decoded)) <= 16
    assert np.abs(decoded - sheet).max() <= 255 / 15 / 2 + 1
    assert len(png_bytes(sheet, levels=16)) < len(png_bytes(sheet, levels=256))
    exact = np.asarray(Image.open(io.BytesIO(png_bytes(sheet, levels=256))))
    assert np.array_equal(exact, sheet)


def test_the_png_refuses_an_impossible_number_of_shades():
    with pytest.raises(ValueError, match="levels"):
        png_bytes(np.zeros((SIDE, SIDE), np.uint8), levels=1)


@pytest.fixture(scope="module")
def small_map():
    rng = np.random.default_rng(1)
    n = 150
    return explorable_map(rng.normal(size=(n, 2)), rng.integers(0, 3, n), numbered_images(n), NAMES,
                          description="Three clouds of dots.", n_points=120)  # fmt: skip


def test_the_map_ships_the_first_n_points_and_their_sheet(small_map):
    assert small_map.n_points == 120
    sheet = np.asarray(Image.open(io.BytesIO(small_map.sprite_png)).convert("L"))
    assert sheet.shape == (2 * SIDE, COLUMNS * SIDE)  # 120 thumbnails: two rows of 100
    expected = png_bytes(sprite_sheet(numbered_images(120)))
    assert small_map.sprite_png == expected


def test_the_map_page_has_its_text_alternative_legend_panel_and_keyboard_entry(small_map):
    html = small_map.html
    assert html.startswith(f'<div class="fashionbook-map" id="{small_map.map_id}"')
    assert "Three clouds of dots." in html
    assert re.search(r'class="fashionbook-map-plot" tabindex="0"', html)
    assert [int(k) for k in re.findall(r'data-class="(\d+)"', html)] == [0, 1, 2]
    assert all(name in html for name in NAMES)
    assert "aria-live" in html
    focusable = re.findall(r"<(?:input|div class=\"fashionbook-map-plot\")[^>]*>", html)
    assert len(focusable) == 1 + len(NAMES)  # the plot and a checkbox per class
    assert all('data-lm-suppress-shortcuts="true"' in tag for tag in focusable)  # keys go to the map in Jupyter
    config = json.loads(re.search(r'class="fashionbook-map-config">(.*?)</script>', html).group(1))
    assert config["classes"] == NAMES and config["spriteClass"] == SPRITE_CLASS


def test_the_map_page_loads_nothing_from_outside(small_map):
    assert re.findall(r"(?:src|href)=\"?(?:https?:)?//", small_map.html) == []
    assert "cdn.bokeh.org" not in small_map.html


def test_the_map_refuses_rows_that_do_not_match():
    images = numbered_images(5)
    with pytest.raises(ValueError, match="one row per image"):
        explorable_map(np.zeros((5, 2)), np.zeros(4, int), images, NAMES, "x")
    with pytest.raises(ValueError, match="n_points"):
        explorable_map(np.zeros((5, 2)), np.zeros(5, int), images, NAMES, "x", n_points=6)


def test_the_extension_ships_the_installed_bokeh_and_adds_it_only_where_a_map_is():
    import bokeh

    assert bokeh_offline.bokeh_source().is_file()
    assert bokeh.__version__ in bokeh_offline.script_name()
    added = []
    app = SimpleNamespace(add_js_file=added.append)
    bokeh_offline.add_bokeh_where_needed(app, "book/01_pixels", "page.html", {"body": "<p>no map</p>"}, None)
    assert added == []
    bokeh_offline.add_bokeh_where_needed(app, "book/03_map", "page.html",
                                         {"body": '<div class="fashionbook-map" id="m">'}, None)  # fmt: skip
    assert added == [bokeh_offline.script_name()]


def shown_by_display(small_map, monkeypatch) -> list:
    """What `small_map.display()` hands to IPython's display, object by object."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects: shown.extend(objects))
    small_map.display()
    return shown


def test_in_the_book_the_map_leaves_bokehjs_and_the_sheet_to_the_site(small_map, monkeypatch):
    monkeypatch.setenv(SITE_SERVES_BOKEH, "1")
    html, image = shown_by_display(small_map, monkeypatch)
    assert html.data == small_map.html and "BEGIN bokeh.min.js" not in html.data
    assert image.data == small_map.sprite_png


def test_in_a_notebook_the_map_carries_bokehjs_and_its_sheet_itself(small_map, monkeypatch):
    monkeypatch.delenv(SITE_SERVES_BOKEH, raising=False)
    (html,) = shown_by_display(small_map, monkeypatch)
    assert html.data == small_map.standalone_html()
    assert html.data.index("BEGIN bokeh.min.js") < html.data.index(small_map.html)  # loaded before the plot
    sheet = re.search(rf'<img class="{SPRITE_CLASS}" data-map="{small_map.map_id}" alt="" '
                      r'src="data:image/png;base64,([^"]+)">', html.data)  # fmt: skip
    assert base64.b64decode(sheet.group(1)) == small_map.sprite_png
    markup = re.sub(r"<script>.*?</script>", "", html.data, flags=re.S)  # BokehJS's code aside
    assert re.findall(r"(?:src|href)=\"?(?:https?:)?//", markup) == []  # it works offline too


def test_the_extension_tells_the_kernels_that_the_site_serves_bokehjs(monkeypatch):
    monkeypatch.setattr(os, "environ", {})  # setup writes here, not into this process's own
    bokeh_offline.setup(SimpleNamespace(connect=lambda *args: None))
    assert bokeh_offline.SITE_SERVES_BOKEH == SITE_SERVES_BOKEH  # one name, written in both modules
    assert os.environ == {SITE_SERVES_BOKEH: "1"}

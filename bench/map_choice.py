"""Which library draws chapter 3's explorable t-SNE map, with how many points, and how
do the garments travel? Measured on the book's own map (the t-SNE of the first 10,000
training images, read back from the result store).

The page must stay static and offline, and within the site's limit of 1.5 MiB of a
page's own content (bench/site_weight.py), of which chapter 3 already uses about a
third without the map. Each candidate is written as a small site into a temporary folder
(the library's JavaScript served from it, as the book serves it from _static) and
opened in Debian's Chromium with the network blocked; time to interactive is from the
start of navigation to the moment the map answers the pointer (the median of 3 loads,
on this shared 2-core machine).

Measured on 27 November 2026 (Debian's Chromium headless, bokeh 3.9.2, Altair 6.3.0
with the Vega, Vega-Lite and Vega-Embed bundle of vl-convert-python 1.9.0):

Thumbnails of the first N images, KiB:

         N  PNG 256 greys  PNG 16 greys  WebP lossless  JPEG q90  one data URL each
      2000            783           350            748       730               1350
      4000           1574           704           1509      1468               2711
     10000           3950          1768           3842      3686               6801

(An earlier probe, same code: 5000 images take 915 KiB as PNG with 16 greys.)

Pages: own = the map's HTML with its data, and the thumbnails; shared = the library's
JavaScript, served once for the whole site from _static; time to interactive in ms:

    library        N  own KiB  shared KiB  interactive ms
    bokeh       2000      411        1238             880
    bokeh       4000      788        1238            1060
    bokeh      10000     1918        1238            1548
    vega-lite   2000     1514         877             788
    vega-lite   4000     3037         877             852
    vega-lite  10000     7615         877            1044

Decision:

- Bokeh. Its hover callback can run our code, which cuts the garment out of one sprite
  sheet (a canvas drawImage of a 28 x 28 region), so the thumbnails cost what the sheet
  costs. Vega's tooltips and image marks show whole images only, so each point carries
  a data URL of its own: 3.8 times the page weight of Bokeh for the same points, and
  already 1514 KiB for 2000, more than the whole budget together with the chapter's
  own content. Vega loads faster (its JavaScript is smaller, and Bokeh's figure of
  "interactive" includes our script hooking up, polled every 50 ms), but a second at
  most either way, and Bokeh's 1.2 MiB is shared, cached once for the whole site.
- PNG with 16 shades of grey: half of every 8-bit format, lossless or not, and a
  garment enlarged five times still reads clearly (tests/test_site.py checks the
  panel shows the image to within half a shade).
- 4000 points: chapter 3 carries about 510 KiB of its own without the map, so the map
  may take about 1000 KiB of the 1536. 4000 points take 788 KiB (a page of about
  1.3 MiB, bench/site_weight.py), 5000 would take about 1000 KiB and leave no margin,
  10000 cannot fit in any format measured.

    PYTHONPATH=lib python bench/map_choice.py

It needs Altair and vl-convert-python, which the book does not use, so they are not in
requirements.txt: install them elsewhere, e.g.
pip install --target /tmp/altair altair==6.3.0 vl-convert-python==1.9.0.post1 --no-deps,
and add /tmp/altair to PYTHONPATH.
"""

from __future__ import annotations

import base64
import functools
import http.server
import io
import json
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np

SIZES = (2000, 4000, 5000, 10_000)
LOADS = 3
CHROMIUM = "/usr/bin/chromium"


def book_map() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chapter 3's t-SNE map (from the result store, as the chapter computes it),
    its labels and its raw images."""
    from fashionbook.data import flatten, load_fashion_mnist, normalize
    from fashionbook.embedding import pca, standardize, tsne

    (train_images, train_labels), _ = load_fashion_mnist()
    features, _ = pca(standardize(flatten(normalize(train_images))), n_components=50)
    embedding = tsne(features[:10_000], perplexity=30, learning_rate=200, max_iter=1000, random_state=0)
    return embedding, train_labels[:10_000], train_images[:10_000]


def thumbnail_sizes(images: np.ndarray) -> dict[str, int]:
    """Bytes of every way to ship the thumbnails of `images`."""
    from PIL import Image

    from fashionbook.explore import png_bytes, sprite_sheet

    sheet = sprite_sheet(images)

    def encoded(picture, **options) -> int:
        buffer = io.BytesIO()
        picture.save(buffer, **options)
        return buffer.tell()

    grey = Image.fromarray(sheet)
    return {
        "PNG 256 greys": len(png_bytes(sheet, levels=256)),
        "PNG 16 greys": len(png_bytes(sheet, levels=16)),
        "WebP lossless": encoded(grey, format="WEBP", lossless=True, method=6),
        "JPEG q90": encoded(grey, format="JPEG", quality=90),
        "one data URL each": sum(len(_data_url(image)) for image in images),
    }


def _data_url(image: np.ndarray) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def bokeh_site(folder: Path, embedding, labels, images, n: int) -> tuple[int, int]:
    """The map as the book draws it; returns (own bytes, shared bytes)."""
    from fashionbook.data import CLASS_NAMES
    from fashionbook.explore import SPRITE_CLASS, explorable_map
    from fashionbook.sphinx.bokeh_offline import bokeh_source

    explore = explorable_map(embedding, labels, images, CLASS_NAMES, "The t-SNE map.", n_points=n)
    shutil.copy(bokeh_source(), folder / "bokeh.min.js")
    (folder / "sprite.png").write_bytes(explore.sprite_png)
    page = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>map</title>'
            f'<script src="bokeh.min.js"></script></head><body>{explore.html}'
            f'<img class="{SPRITE_CLASS}" src="sprite.png" alt=""></body></html>')  # fmt: skip
    (folder / "index.html").write_text(page)
    return len(page.encode()) + len(explore.sprite_png), (folder / "bokeh.min.js").stat().st_size


BOKEH_READY = "window.fashionbookMap && Object.keys(fashionbookMap.byId).length > 0"


def vega_site(folder: Path, embedding, labels, images, n: int) -> tuple[int, int]:
    """The same map in Vega-Lite through Altair: a legend that hides classes, zoom and
    pan, and the garment in the tooltip. Vega cannot cut a region out of a sprite sheet
    (its tooltips and image marks show whole images), so each point carries its own
    image as a data URL: the only way without 10,000 files."""
    import altair as alt
    import pandas as pd
    import vl_convert

    from fashionbook.data import CLASS_NAMES

    alt.data_transformers.disable_max_rows()  # Altair refuses more than 5000 rows inline
    frame = pd.DataFrame({"x": embedding[:n, 0].round(2), "y": embedding[:n, 1].round(2),
                          "class": [CLASS_NAMES[k] for k in labels[:n]],
                          "image": [_data_url(image) for image in images[:n]]})  # fmt: skip
    shown = alt.selection_point(fields=["class"], bind="legend")
    chart = (
        alt.Chart(frame, width=520, height=520)
        .mark_circle(size=12)
        .encode(x="x:Q", y="y:Q", color="class:N", tooltip=["class:N", "image:N"],
                opacity=alt.condition(shown, alt.value(0.6), alt.value(0)))  # fmt: skip
        .add_params(shown)
        .interactive()
    )
    (folder / "vega.js").write_text(vl_convert.javascript_bundle())
    spec = json.dumps(chart.to_dict())
    page = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>map</title>'
            f'<script type="module" src="vega.js"></script></head><body><div id="map"></div>'
            f'<script type="module">vegaEmbed("#map", {spec}).then(() => {{ window.mapReady = true; }});'
            f'</script></body></html>')  # fmt: skip
    (folder / "index.html").write_text(page)
    return len(page.encode()), (folder / "vega.js").stat().st_size


VEGA_READY = "window.mapReady === true"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def time_to_interactive(folder: Path, ready: str) -> float:
    """Median milliseconds from navigation to `ready` being true, network blocked."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/index.html"
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(LOADS):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith("http://127.0.0.1") else route.abort())  # fmt: skip
            page = context.new_page()
            page.goto(url, wait_until="commit")
            page.wait_for_function(ready, timeout=120_000, polling="raf")
            times.append(page.evaluate("performance.now()"))
            context.close()
        browser.close()
    server.shutdown()
    server.server_close()
    return statistics.median(times)


def main() -> None:
    embedding, labels, images = book_map()
    print("Thumbnails, KiB")
    sizes = {n: thumbnail_sizes(images[:n]) for n in SIZES}
    print(f"{'N':>6}" + "".join(f"{name:>19}" for name in sizes[SIZES[0]]))
    for n, row in sizes.items():
        print(f"{n:>6}" + "".join(f"{size / 1024:>19.0f}" for size in row.values()))
    print("\nPages")
    print(f"{'library':<10}{'N':>7}{'own KiB':>10}{'shared KiB':>12}{'interactive ms':>16}")
    for name, build, ready in (("bokeh", bokeh_site, BOKEH_READY), ("vega-lite", vega_site, VEGA_READY)):
        for n in SIZES:
            with tempfile.TemporaryDirectory() as tmp:
                own, shared = build(Path(tmp), embedding, labels, images, n)
                ms = time_to_interactive(Path(tmp), ready)
            print(f"{name:<10}{n:>7}{own / 1024:>10.0f}{shared / 1024:>12.0f}{ms:>16.0f}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
    main()

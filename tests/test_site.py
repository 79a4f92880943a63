"""The built site in a real browser (Debian's Chromium driven by Playwright), with the
network blocked except 127.0.0.1: what a reader offline or behind a firewall sees."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import re
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.book

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
PAGES = ["intro"] + re.findall(r"file: book/(\S+)", (Path(__file__).parents[1] / "_toc.yml").read_text())


@contextlib.contextmanager
def serving(folder: Path):
    """`folder` on http://127.0.0.1:<port>/."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def server(site: Path):
    """The built site on http://127.0.0.1:<port>/."""
    with serving(site) as url:
        yield url


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page opened in a fresh browser context, with everything that went wrong."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        # The network is blocked except this machine: the site must not need it.
        self.context.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith("http://127.0.0.1") else route.abort())  # fmt: skip
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: self.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None)
        self.page.goto(url, wait_until="load")
        if self.page.locator(".math").count():
            self.page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
            self.page.evaluate("MathJax.startup.promise")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    visits = []

    def open_page(path: str) -> Visit:
        visits.append(Visit(browser, f"{server}/{path}"))
        return visits[-1]

    yield open_page
    for v in visits:
        v.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_with_no_console_error_and_no_failed_request(visit, name):
    page = visit(f"book/{name}.html")
    assert page.console_errors == []
    assert page.failed == []


@pytest.mark.parametrize("name", PAGES)
def test_every_equation_is_typeset_offline(visit, name):
    page = visit(f"book/{name}.html").page
    n_math = page.locator(".math").count()
    assert page.locator("mjx-merror").count() == 0
    assert page.locator(".math mjx-container").count() == n_math, "some math was left as LaTeX"


@pytest.mark.parametrize("name", PAGES)
def test_every_image_loads(visit, name):
    page = visit(f"book/{name}.html").page
    widths = page.evaluate("Array.from(document.images).map(i => [i.src, i.naturalWidth])")
    assert all(width > 0 for _, width in widths), widths


def test_solutions_stay_closed_until_clicked(visit):
    page = visit("book/05_training.html").page
    solution = page.locator("div.solution").first
    body = solution.locator("section").first  # the solution's content, under its title
    assert not body.is_visible()
    solution.locator("button.toggle-button").click()  # the title's middle is a link
    body.wait_for(state="visible")
    assert body.is_visible()


def test_search_finds_the_sigmoid(visit):
    page = visit("search.html?q=sigmoid").page
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    hits = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    assert any("04_logistic_regression" in href for href in hits), hits


def test_dark_mode_switches_and_figures_stay_readable(visit):
    from PIL import Image

    page = visit("book/01_pixels.html").page
    for _ in range(3):  # the switch cycles light, dark, auto
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        page.locator("button.theme-switch-button").first.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    figure = page.locator("figure img").first
    figure.scroll_into_view_if_needed()
    picture = Image.open(io.BytesIO(figure.screenshot())).convert("L")
    corner, page_shade = picture.getpixel((3, 3)), _luminance(background)
    assert page_shade < 80, f"the page is not dark: {background}"
    assert corner > 150, "a figure must keep its light card on a dark page, or its text vanishes"


def _luminance(css_colour: str) -> float:
    red, green, blue = (float(x) for x in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3])
    return 0.299 * red + 0.587 * green + 0.114 * blue


# Every code box (pre) whose content is wider than the box: the page's widest line with it.
WIDE_CODE_BOXES = """() => Array.from(document.querySelectorAll("pre"))
  .filter(pre => pre.scrollWidth > pre.clientWidth)
  .map(pre => {
    const widest = pre.innerText.split("\\n").reduce((a, b) => (b.length > a.length ? b : a), "");
    return `${pre.scrollWidth - pre.clientWidth} px too wide: ${widest.trim()}`;
  })"""


@pytest.mark.parametrize("name", PAGES)
def test_no_code_box_scrolls_sideways_at_the_books_normal_width(visit, name):
    """At 1280 pixels (Visit's window) every listing, code cell and output fits its box,
    those in solutions and hidden cells too: a reader never scrolls a box sideways."""
    page = visit(f"book/{name}.html").page
    page.locator("button.toggle-button").evaluate_all("buttons => buttons.forEach(b => b.click())")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    hidden = page.evaluate("Array.from(document.querySelectorAll('pre')).filter(p => !p.checkVisibility()).length")
    assert hidden == 0, "some code boxes are still closed: they would not be measured"
    too_wide = page.evaluate(WIDE_CODE_BOXES)
    assert too_wide == [], f"{len(too_wide)} code boxes on {name}:\n" + "\n".join(too_wide)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_passes_axe_wcag_a_and_aa(visit, name):
    from axe_playwright_python.sync_playwright import Axe

    page = visit(f"book/{name}.html").page
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    violations = [
        f"{v['id']}: {v['nodes'][0]['target']} {v['nodes'][0].get('failureSummary', '')[:160]}"
        for v in result.response["violations"]
    ]
    assert violations == []


# --- the built files, without a browser -------------------------------------------------


def test_every_link_and_source_in_the_site_resolves(site):
    """Every local href and src: the file exists, and so does its #fragment."""
    problems, ids = [], {}
    for html_file in site.rglob("*.html"):
        if html_file.is_relative_to(site / "_static"):
            continue  # the theme's own templates, not pages
        soup = BeautifulSoup(html_file.read_text(), "html.parser")
        for tag, attribute in (("a", "href"), ("img", "src"), ("script", "src"), ("link", "href")):
            for element in soup.find_all(tag):
                target = element.get(attribute)
                if not target or target.startswith(("http:", "https:", "mailto:", "data:", "javascript:")):
                    continue
                path_part, _, fragment = target.partition("#")
                path_part = path_part.split("?")[0]
                resolved = (html_file.parent / path_part).resolve() if path_part else html_file
                if not resolved.exists():
                    problems.append(f"{html_file.relative_to(site)}: {target}")
                elif fragment and resolved.suffix == ".html":
                    if resolved not in ids:
                        found = BeautifulSoup(resolved.read_text(), "html.parser")
                        ids[resolved] = {e.get("id") for e in found.find_all(id=True)}
                    if fragment not in ids[resolved]:
                        problems.append(f"{html_file.relative_to(site)}: {target} (no such id)")
    assert problems == []


@pytest.mark.parametrize("name", PAGES[1:-1])  # the chapters, not intro or 10_next
def test_each_chapter_offers_its_executed_notebook_with_outputs_and_its_source(site, name):
    import nbformat

    html = BeautifulSoup((site / "book" / f"{name}.html").read_text(), "html.parser")
    links = [a["href"] for a in html.select("a[href$='.ipynb']") if "_sources" in a["href"]]
    assert links, "no download of the executed notebook"
    notebook = nbformat.read(site / "book" / links[0], as_version=4)
    assert any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    sources = [a["href"] for a in html.select("a[href$='.md']") if "_sources" in a["href"]]
    assert sources and (site / "book" / sources[0]).read_text().startswith("---\njupytext:")



@pytest.mark.parametrize("name", PAGES[1:-1])  # the chapters, not intro or 10_next
def test_listings_from_lib_show_code_not_numpydoc_sections(site, name):
    """A listing included from lib/ (literalinclude's :docstring: summary) keeps the
    signature, the summary and the body; Parameters, Returns and Examples stay in lib/."""
    import re

    html = BeautifulSoup((site / "book" / f"{name}.html").read_text(), "html.parser")
    section = re.compile(r"^\s*(Parameters|Returns|Examples)\n\s*-{3,}$", re.MULTILINE)
    assert [pre.get_text()[:80] for pre in html.select("pre") if section.search(pre.get_text())] == []


def test_no_page_carries_more_than_its_limit_of_own_content(site):
    from site_weight import LIMIT, page_weights

    weights = page_weights(site)
    assert set(weights) >= set(PAGES)
    assert {page: size for page, size in weights.items() if size > LIMIT} == {}


# --- chapter 3's explorable map (fashionbook.explore) -------------------------------------

# The map's dots in page coordinates, and the one farthest from any other: the pointer on
# it hovers that dot alone.
LONELIEST_DOT = """() => {
  const id = document.querySelector(".fashionbook-map").id;
  const plot = Bokeh.documents.map(doc => doc.get_model_by_name(id)).find(model => model);
  const view = Bokeh.index.get_by_id(plot.id);
  const box = view.el.getBoundingClientRect();
  const dots = [];
  plot.renderers.filter(r => r.data_source.data.image).forEach(r => {
    const d = r.data_source.data;
    for (let i = 0; i < d.x.length; i++)
      dots.push([box.left + view.frame.x_scale.compute(d.x[i]),
                 box.top + view.frame.y_scale.compute(d.y[i]), d.image[i]]);
  });
  let best = null, gap = 0;
  for (const a of dots) {
    let near = Infinity;
    for (const b of dots) if (a !== b) near = Math.min(near, Math.hypot(a[0] - b[0], a[1] - b[1]));
    if (near > gap) { gap = near; best = a; }
  }
  return {x: best[0], y: best[1], image: best[2], gap: gap};
}"""
MAP_READY = "window.fashionbookMap && Object.keys(fashionbookMap.byId).length > 0"
# The garment panel's canvas, read back as 28 x 28 grey values (one per 5 x 5 block).
PANEL_PIXELS = """() => {
  const canvas = document.querySelector(".fashionbook-map-garment canvas");
  const scale = canvas.width / 28;
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const rows = [];
  for (let r = 0; r < 28; r++) {
    const row = [];
    for (let c = 0; c < 28; c++) row.push(data[4 * ((r * scale + 2) * canvas.width + c * scale + 2)]);
    rows.push(row);
  }
  return rows;
}"""


def _open_map(visit):
    page = visit("book/03_map.html").page
    page.wait_for_function(MAP_READY, timeout=30_000)
    page.locator(".fashionbook-map").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('img.fashionbook-map-sprite').complete")
    return page


def test_hovering_a_dot_of_the_map_shows_its_garment_and_class(visit, fashion_mnist):
    import numpy as np

    from fashionbook.data import CLASS_NAMES

    (train_images, train_labels), _ = fashion_mnist
    page = _open_map(visit)
    caption = page.locator(".fashionbook-map-garment p")
    dot = page.evaluate(LONELIEST_DOT)
    assert dot["gap"] > 6, "no dot stands alone: the pointer would hover several"
    page.mouse.move(dot["x"], dot["y"])
    expected = f"{CLASS_NAMES[train_labels[dot['image']]]} (training image {dot['image']})"
    page.wait_for_function("t => document.querySelector('.fashionbook-map-garment p').textContent === t",
                           arg=expected, timeout=5_000)  # fmt: skip
    assert caption.inner_text() == expected
    shown = np.array(page.evaluate(PANEL_PIXELS))
    garment = train_images[dot["image"]].astype(float)
    assert np.abs(shown - np.round(garment / 17) * 17).max() <= 1  # 16 shades of grey


def test_the_map_loads_nothing_from_outside_the_site(visit, server):
    page = _open_map(visit)
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert [url for url in loaded if not url.startswith(server)] == []
    assert any("/_static/bokeh/" in url for url in loaded)
    assert "BEGIN bokeh.min.js" not in page.content()  # served as a file, not inlined as in a notebook
    assert any(url.endswith(".png") and "/_images/" in url for url in loaded)  # the sprite sheet


def test_the_map_can_be_explored_from_the_keyboard_and_its_legend_hides_classes(visit, fashion_mnist):
    from fashionbook.data import CLASS_NAMES

    (_, train_labels), _ = fashion_mnist
    page = _open_map(visit)
    plot = page.locator(".fashionbook-map-plot")
    assert plot.get_attribute("tabindex") == "0"
    described = " ".join(page.locator(f"#{i}").inner_text() for i in plot.get_attribute("aria-describedby").split())
    assert "islands of their own" in described  # the static figure's alt text, said again
    plot.focus()
    caption = page.locator(".fashionbook-map-garment p")
    seen = set()
    for key in ["ArrowRight", "ArrowRight", "ArrowUp", "ArrowLeft", "ArrowDown"]:
        page.keyboard.press(key)
        name, image = re.fullmatch(r"(.+) \(training image (\d+)\)", caption.inner_text()).groups()
        assert name == CLASS_NAMES[train_labels[int(image)]]
        seen.add(int(image))
    assert len(seen) > 1, "the arrow keys do not move from dot to dot"
    width = "(() => { const m = Bokeh.documents[0].get_model_by_name(document.querySelector('.fashionbook-map').id);" \
            " return m.x_range.end - m.x_range.start; })()"
    before = page.evaluate(width)
    page.keyboard.press("+")
    assert page.evaluate(width) == pytest.approx(before / 2)
    page.keyboard.press("ArrowRight")  # the cursor moves: Bokeh lays the plot out again
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.evaluate(width) == pytest.approx(before / 2), "Bokeh's layout undid the zoom"
    page.keyboard.press("0")
    assert page.evaluate(width) == pytest.approx(before)
    trousers = page.locator(".fashionbook-map-legend input[data-class='1']")
    trousers.focus()
    page.keyboard.press("Space")
    assert not trousers.is_checked()
    hidden = page.evaluate("""() => Bokeh.documents[0].get_model_by_name(
        document.querySelector('.fashionbook-map').id).renderers.filter(r => !r.visible).map(r => r.name)""")
    assert hidden == ["Trouser"]


# A notebook cell's output as JupyterLab shows it (evalInnerHTMLScriptTags in its
# rendermime): the HTML set as the output's innerHTML, which replaces the output of an
# earlier run, then each <script> replaced by a copy, attributes and text, so that it
# runs (innerHTML alone runs none). run() runs the cell once more.
NOTEBOOK = """<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body>
<div id="output"></div><script>
async function run() {
  const output = document.getElementById("output");
  output.innerHTML = await (await fetch("output.html")).text();
  for (const old of output.querySelectorAll("script")) {
    const script = document.createElement("script");
    for (const { name, value } of old.attributes) script.setAttribute(name, value);
    script.textContent = old.textContent;
    old.replaceWith(script);
  }
}
</script></body></html>"""
# The map on the page has started, on the plot of the newest Bokeh document.
NEWEST_MAP_READY = """() => {
  const id = document.querySelector(".fashionbook-map").id;
  const map = window.fashionbookMap && fashionbookMap.byId[id];
  return map && map.renderers[0].document === Bokeh.documents[Bokeh.documents.length - 1];
}"""
NEWEST_MAP_WIDTH = """() => {
  const plot = Bokeh.documents[Bokeh.documents.length - 1].get_model_by_name(
    document.querySelector(".fashionbook-map").id);
  return plot.x_range.end - plot.x_range.start;
}"""


def test_the_map_works_in_a_notebook_where_no_site_serves_bokehjs(browser, tmp_path, monkeypatch):
    import numpy as np

    from fashionbook.explore import SITE_SERVES_BOKEH, explorable_map

    rng = np.random.default_rng(3)
    images = rng.integers(0, 256, size=(60, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 3, 60)
    names = ["zero", "one", "two"]
    explore = explorable_map(rng.normal(size=(60, 2)), labels, images, names, "Three clouds.")
    monkeypatch.delenv(SITE_SERVES_BOKEH, raising=False)
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objects: shown.extend(objects))
    explore.display()  # what the workbook's cell shows
    (tmp_path / "output.html").write_text(shown[0].data)
    (tmp_path / "notebook.html").write_text(NOTEBOOK)
    with serving(tmp_path) as url:
        visit = Visit(browser, f"{url}/notebook.html")
        try:
            page = visit.page
            caption = page.locator(".fashionbook-map-garment p")
            for run in ("first run", "run again"):  # a cell run again must draw a live map too
                page.evaluate("run()")
                page.wait_for_function(NEWEST_MAP_READY, timeout=10_000)
                page.wait_for_function("document.querySelector('img.fashionbook-map-sprite').complete")
                page.locator(".fashionbook-map-plot").focus()
                page.keyboard.press("ArrowRight")
                name, image = re.fullmatch(r"(.+) \(training image (\d+)\)", caption.inner_text()).groups()
                assert name == names[labels[int(image)]], run
                shown_pixels = np.array(page.evaluate(PANEL_PIXELS))
                assert np.abs(shown_pixels - np.round(images[int(image)] / 17) * 17).max() <= 1, run
                before = page.evaluate(NEWEST_MAP_WIDTH)
                page.keyboard.press("+")
                assert page.evaluate(NEWEST_MAP_WIDTH) == pytest.approx(before / 2), run
            assert visit.console_errors == [] and visit.failed == []
        finally:
            visit.close()

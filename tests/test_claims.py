"""Nothing hand-typed that the code measured (issue 12, point 7).

The intro promises that every number in the text was computed by the code. This test
holds the built pages to it: it reads each page as a reader does (the article's prose,
every image's alt text and every figure caption) and finds the numbers in it. A number
may be there because

- the code put it there: a glued value (`{glue:text}` renders as `span.pasted-text`),
  or what a code cell printed (`div.cell`: its input and its outputs);
- it is not a claim at all: math (the equations, typed and checked by the reader), a
  cross-reference ("Fig. 3.2", "(5)", "Exercise 5.1", "chapter 4"), a citation or the
  bibliography, a file name, a reading-time estimate;
- or it is one of the book's constants, listed below with the reason it is one: the
  format of the data, the settings the homework fixes, and arithmetic or mathematics
  on those, and numbers quoted from a cited source, listed with their source.

Anything else is a result typed in by hand, which goes stale silently when the code
changes. The failure names the page, the number and the words around it: glue the
number from the cell that computes it, or assert the claim in a hidden cell and say it
without a number.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import REPO

CHAPTERS = re.findall(r"file: book/(\S+)", (REPO / "_toc.yml").read_text())
PAGES = CHAPTERS + ["intro"]

# --- what a number may be without being glued ------------------------------------------

# The book's constants, each with why it is one and not a measurement. A number is
# written here without thousands separators, and with "%" when the page says "%" or
# "percent" after it: "20%" allows "20%" and "20 percent", not "20", and "100" allows
# "100 steps", not "100 percent". Kept short on purpose: a constant hides every
# measurement that happens to have its value.
CONSTANTS = {
    # the data set's format
    "0": "the ends of the pixel ranges [0, 255] and [0, 1], and a binary label",
    "1": "the ends of the normalized range [0, 1], and a binary label",
    "28": "the image side: 28 x 28 pixels",
    "255": "the largest value of an 8-bit pixel",
    "784": "28 x 28 pixels, the length of an image's vector",
    "785": "784 pixel weights and one bias: arithmetic on the image size",
    "10000": "the size of the test set, and of the homework's t-SNE sample",
    "60000": "the size of the training set",
    "70000": "the 60,000 training and 10,000 test images together",
    # the settings the homework fixes
    "0.05": "the homework's learning rate for Trouser vs Ankle boot",
    "0.01": "the homework's learning rate for Pullover vs Coat",
    "100": "the homework's 100 steps, 100 epochs and 100 hidden units",
    "60%": "the homework's training fraction, 1 - test_size - validation_size",
    "20%": "the homework's test and validation fractions (test_size=.20, validation_size=.20)",
    "80%": "the rows Keras trains on with the homework's validation_split=0.2, 1 - 0.2",
    # the book's own conventions
    "95%": "the confidence level of every interval the book gives (fashionbook.evaluation)",
}

# Constants of one page: the settings of its own section of the homework, and the
# arithmetic or mathematics the page itself derives.
PAGE_CONSTANTS = {
    "01_pixels": {
        "9": "the labels run from 0 to 9, the data set's format",
        "25": "the homework's sample: the first 25 training images, five by five",
    },
    "02_vectors": {
        "12": "10,000 // 784: the image that the first 10,000 numbers reach into",
        "27": "the last row or column index of a 28-pixel side, 28 - 1",
    },
    "03_map": {
        "2": "the homework's 2-D map (t-SNE's n_components=2)",
        "30": "the homework's t-SNE perplexity (perplexity=30)",
        "50": "the homework's number of PCA components (n_comps = 50)",
        "200": "the homework's t-SNE learning rate (learning_rate=200)",
        "1000": "the homework's t-SNE iterations (n_iter=1000)",
    },
    "04_logistic_regression": {
        "0.5": "one half: the sigmoid at z = 0, the threshold that rounds a probability",
        "0.25": "the sigmoid's slope at z = 0, 1/4, which the page derives",
    },
    "05_training": {
        "0.69": "log 2, the loss of every run at its start from theta = 0 (chapter 4)",
        "0.03": "a learning rate of the sweep (fashionbook.tuning.LEARNING_RATES)",
        "0.1": "a learning rate of the sweep (fashionbook.tuning.LEARNING_RATES)",
        "0.3": "a learning rate of the sweep (fashionbook.tuning.LEARNING_RATES)",
        "3000": "the steps of each run of the sweep (fashionbook.tuning.NUM_STEPS)",
        "0.001": "the stopping rule's tolerance (fashionbook.tuning.TOLERANCE)",
        "99%": "the bar the text sets for 'nearly all right', a threshold, not a result",
    },
    "06_network": {
        "32": "Keras's default batch size, a fact about the library",
        "0.001": "Adam's default learning rate, a setting (fashionbook.network.LEARNING_RATE)",
        "10": "the early-stopping exercise's patience (fashionbook.comparison.PATIENCE)",
    },
    "07_backprop": {
        "256": "the batch size of the training by hand, a setting (fashionbook.backprop.BATCH_SIZE, chapter 6's)",
    },
    "08_learned": {
        "0.5": "the threshold of equation (4.7), the setting the chapter moves",
        "0.3": "a threshold the exercise tries, and the edge of the band of unsure h, 0.5 - 0.2",
        "0.7": "a threshold the exercise tries, and the edge of the band of unsure h, 0.5 + 0.2",
        "0.9": "the bar the text sets for a sure mistake, |y - h| > 0.9",
        "17": "the exercise's rectangle: rows 17 to 24 (a setting of the question)",
        "24": "the exercise's rectangle: rows 17 to 24 (a setting of the question)",
        "9": "the exercise's rectangle: columns 0 to 9 (a setting of the question)",
    },
    "09_ten_classes": {
        "84.2%": "quoted from Xiao, Rasul and Vollgraf 2017 [xiao2017fashion]: LogisticRegression on the test set",
        "87.1%": "quoted from Xiao, Rasul and Vollgraf 2017 [xiao2017fashion]: MLPClassifier on the test set",
        "12": "the settings of the paper's LogisticRegression grid, 2 penalties x 3 C x 2 multi_class "
              "(benchmark/baselines.json of [zalando2017benchmark])",
        "6": "the settings of that grid that could run, its one-vs-rest ones (2 penalties x 3 C): "
             "benchmark/runner.py of [zalando2017benchmark] leaves the solver at scikit-learn's "
             "default of the time (0.19), liblinear, which refuses multi_class='multinomial'",
        "8": "the settings of the paper's MLPClassifier grid, 2 activations x 4 layer sizes "
             "(benchmark/baselines.json of [zalando2017benchmark])",
    },
    "10_next": {
        "0.932": "quoted from the benchmark table of the Fashion-MNIST repository [zalando2017benchmark]",
        "0.967": "quoted from the benchmark table of the Fashion-MNIST repository [zalando2017benchmark]",
        "0.900": "quoted from the benchmark table of the Fashion-MNIST repository [zalando2017benchmark]",
    },
}

# Numbers in words that are not claims about the data, removed before the scan.
NOT_CLAIMS = [
    # cross-references written as words: "chapter 4", "chapters 4 and 5", "(chapters 1 to 7)"
    r"\b[Cc]hapters? \d+(?:(?:,| and| or| to|, and) \d+)*",
    # the homework's equation numbers, which the book's own replace ((4.1) to (4.10), as
    # {eq} links): "the homework's equations (1) to (10)", "the homework's equation (9)".
    # Any other typed equation number, "equation (9)" or "(4.9)", is flagged: an {eq}
    # reference keeps it true when the equations move.
    r"\bhomework[’']s equations? \(\d+\)(?: (?:to|and) \(\d+\))?",
    # the names of number formats, like uint8 and float32 in code: "8-bit", "32-bit floats"
    r"\b(?:8|16|32|64)-bit\b",
    # reading-time estimates, an editor's guess and no measurement of the data
    r"\bTime: about \d+ minutes",
    r"\btakes \d+ to \d+ minutes",
]

# Elements whose numbers are not typed-in claims, removed before the scan. Each
# selector was read off the built pages (Sphinx 7, myst-nb 1, sphinx-book-theme 1,
# sphinx-exercise 1, sphinxcontrib-bibtex 2), {glue}'s off a page built to see it, and
# the unit tests below hold one of each.
EXEMPT = [
    # glued values: {glue:text} is a span.pasted-text; {glue}, inline or as a block,
    # renders the output itself, like a cell's (span or div.output.text_plain)
    "span.pasted-text", ".output",
    # code and what it printed: code cells (input and outputs, tables and figures'
    # images included), literalinclude blocks, inline code and file names in code
    "div.cell", "pre", "code",
    # no text a reader sees: the theme's thebe configuration
    "script",
    # math, as its TeX source (MathJax typesets it in the browser), with its number (n)
    ".math",
    # cross-references and their numbers: links inside the book ("Solution to Exercise
    # 5.1", "Fig. 3.2", "(4.5)", a chapter's title, citation labels like [XRV17], the
    # workbook download 05_training.ipynb), and figure, section and exercise numbers
    # ("Fig. 3.2", "5.1.", "Exercise 5.1")
    "a.reference.internal", "span.caption-number", "span.section-number",
    # the bibliography: years, pages, volumes, arXiv ids
    "div.citation-list",
]

NUMBER = re.compile(
    r"(?<![\w.,/])"  # not the tail of a word, a decimal or a path: z783, float32, x_1
    r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d_])"  # 60,000 or 60000, and a decimal part
    r"(?:(\s?%|\s(?:percent|per cent)\b))?"
)


def _text(node) -> str:
    """A node's text with the exempt elements removed, as words separated by spaces,
    "28x28" as two numbers and the NOT_CLAIMS phrases gone."""
    node = BeautifulSoup(str(node), "html.parser")
    for selector in EXEMPT:
        for element in node.select(selector):
            element.decompose()
    text = " ".join(node.get_text(" ").split())
    text = re.sub(r"(?<=\d)[x×](?=\d)", " x ", text)
    for pattern in NOT_CLAIMS:
        text = re.sub(pattern, " ", text)
    return text


def typed_numbers(html: BeautifulSoup | str, page: str = "") -> list[tuple[str, str, str]]:
    """(where, number, context) for every number a reader reads on `page` that is
    neither exempt nor one of its constants: in the alt texts, the figure captions and
    the prose of the article (sphinx-book-theme's `article.bd-article`, which leaves out
    the navigation, the header with its buttons, the page's table of contents and the
    footer)."""
    if isinstance(html, str):
        html = BeautifulSoup(html, "html.parser")
    content = html.select_one("article.bd-article") or html.select_one("main") or html
    root = BeautifulSoup(str(content), "html.parser")  # a copy: the caller's stays whole
    parts = []
    # Alt texts and captions first: the figures of code cells sit inside div.cell, which
    # the prose leaves out. Each is read once: taken out of the prose after reading.
    for image in root.select("img"):
        parts.append(("alt text", _text(image.get("alt", ""))))
    for caption in root.select("figcaption, caption"):
        if caption.name == "caption" and caption.find_parent("div", class_="cell"):
            continue  # a table's caption that a cell printed (pandas): code output
        parts.append(("caption", _text(caption)))
        caption.decompose()
    parts.append(("text", _text(root)))

    constants = {**CONSTANTS, **PAGE_CONSTANTS.get(page, {})}
    found = []
    for where, text in parts:
        for match in NUMBER.finditer(text):
            whole, decimals, percent = match.groups()
            if whole.replace(",", "") + (decimals or "") + ("%" if percent else "") in constants:
                continue
            start, end = match.span()
            found.append((where, match.group(0), text[max(0, start - 30):end + 30]))
    return found


# --- the scanner finds a typed-in result, and passes a glued one -------------------------

PAGE = """
<html><body>
<nav class="bd-docs-nav">5. Training, 76 percent of 99 pages</nav>
<main><div class="bd-header-article">Download 05_training.ipynb, 2026</div>
<article class="bd-article">
<h1><span class="section-number">5. </span>Training<a class="headerlink" href="#t">#</a></h1>
<p>Workbook: <a class="reference download internal" href="../_downloads/05.ipynb"><code
class="xref download"><span class="pre">05_training.ipynb</span></code></a>.</p>
<p>The validation accuracy rises to {claim} and stays there.</p>
<div class="cell"><div class="cell_input"><pre>logistic_regression(X, y, 0.01, 3000)</pre></div>
<div class="cell_output"><pre>accuracy 0.7623</pre><style>td {{ width: 12px }}</style>
<figure><img alt="Learning curves over 100 steps{alt}." src="a.png"/>
<figcaption><p><span class="caption-number">Fig. 5.2 </span><span class="caption-text">The
curves{caption}.</span></p></figcaption></figure></div></div>
<div class="highlight-python"><div class="highlight"><pre>h = np.clip(h, 1e-7, 1 - 1e-7)</pre></div></div>
<div class="exercise admonition"><p class="admonition-title"><span class="caption-number">Exercise
5.3 </span>(Why?)</p></div>
<p>See <a class="reference internal" href="#fig"><span class="std std-numref">Fig. 5.4</span></a>,
<a class="reference internal" href="#eq">(4.9)</a>, chapters 3 and 4 and the homework’s equations (1) to (10),
<span class="math notranslate nohighlight">\\(\\alpha = 0.37\\)</span>, <code>validation_split=0.2</code>,
32-bit floats and [<a class="reference internal" href="#xrv">XRV17</a>].</p>
<div class="math notranslate nohighlight" id="equation-eq-update">
<span class="eqno">(4.10)</span>\\[\\theta^{{(t+1)}} = \\theta^{{(t)}} - 0.3 \\nabla J\\]</div>
<p>Its loss is <span class="output text_plain">0.5123</span>. Time: about 40 minutes.</p>
<script>var steps = 42;</script>
<div class="docutils container"><div class="citation-list"><div class="citation">Han Xiao.
Fashion-MNIST. 2017. arXiv:1708.07747.</div></div></div>
</article></main>
<footer class="bd-footer">Updated 2026-11-27</footer>
</body></html>
"""


def test_a_typed_in_result_is_flagged_with_its_place_and_context():
    typed = PAGE.format(claim="about 76 percent", alt=", rising to about 76 percent",
                        caption=" level off near 76%")
    found = typed_numbers(typed, "05_training")
    assert [(where, number) for where, number, _ in found] == [
        ("alt text", "76 percent"), ("caption", "76%"), ("text", "76 percent"),
    ]
    assert "rising to about 76 percent" in found[0][2]
    assert "accuracy rises to about 76 percent and stays there" in found[2][2]


def test_the_same_result_glued_passes():
    glued = PAGE.format(claim='<span class="pasted-text">76.23</span>%', alt="",
                        caption=' level off near <span class="pasted-text">76.23</span>%')
    assert typed_numbers(glued, "05_training") == []


def test_a_constant_passes_only_as_itself_and_only_on_its_page():
    assert typed_numbers("<main><p>The first 60% of 60,000 images, 28x28 pixels.</p></main>") == []
    # 100 steps is the homework's setting; 100 percent would be a result
    assert [n for _, n, _ in typed_numbers("<main><p>nearly 100 percent</p></main>")] == ["100 percent"]
    # perplexity 30 is a setting of chapter 3's t-SNE, not a number for any page
    assert typed_numbers("<main><p>perplexity 30</p></main>", "03_map") == []
    assert typed_numbers("<main><p>after 30 epochs</p></main>", "06_network") != []


def test_an_equation_number_is_a_link_or_the_homework_s():
    # the book's numbers, (4.9), come from {eq} links; typed, they go stale and are flagged
    linked = '<main><p>by <a class="reference internal" href="#e">(4.9)</a></p></main>'
    assert typed_numbers(linked, "05_training") == []
    typed = "<main><p>by equation (9), or (4.9)</p></main>"
    assert [n for _, n, _ in typed_numbers(typed, "05_training")] == ["9", "4.9"]
    # the homework's own numbers, named as the homework's, say where the book's come from
    homework = "<main><p>the homework’s equations (1) to (10), and the homework's equation (9)</p></main>"
    assert typed_numbers(homework, "05_training") == []


def test_every_constant_says_why_it_is_one():
    for page, constants in [("intro", CONSTANTS), *PAGE_CONSTANTS.items()]:
        assert page in PAGES, page
        for number, reason in constants.items():
            assert re.fullmatch(r"\d+(\.\d+)?%?", number), number
            assert len(reason.split()) >= 4, number


def test_the_intros_reading_time_spans_the_chapters_own():
    said = {page: (REPO / "book" / f"{page}.md").read_text() for page in PAGES}
    minutes = [int(m) for page in CHAPTERS for m in re.findall(r"^Time: about (\d+) minutes", said[page], re.M)]
    assert len(minutes) == len(CHAPTERS) - 1  # every chapter but the last, a summary with no Time line
    low, high = map(int, re.search(r"takes (\d+) to (\d+) minutes", said["intro"]).groups())
    assert (low, high) == (min(minutes), max(minutes))


# --- the built pages -------------------------------------------------------------------
# A {glue:text} key missing from a page's glue data needs no test of its own: myst-nb
# warns "No key ... found in glue data" [mystnb.glue], and a warning fails the build.


@pytest.mark.book
@pytest.mark.parametrize("page", PAGES)
def test_every_number_a_page_states_is_glued_or_a_constant(site, page):
    html = BeautifulSoup((site / "book" / f"{page}.html").read_text(), "html.parser")
    assert html.select_one("article.bd-article") is not None, "the theme's article is gone"
    found = typed_numbers(html, page)
    assert not found, "\n".join(
        [f"{page}: numbers typed in by hand, neither glued nor one of the book's constants:"]
        + [f"  {number!r} in the {where}: ...{context}..." for where, number, context in found]
    )

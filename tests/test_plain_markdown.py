"""The book's MyST Markdown in plain Markdown (scripts/plain_markdown.py), on a small
index made up here: the same conversion as the workbooks', without a build."""

from __future__ import annotations

import pytest

from plain_markdown import BookIndex, Place, UnknownSyntax, convert

SITE = "https://example.github.io/book/"
DOC = "book/04_logistic_regression"


def listing(docname: str, path: str, options: dict[str, str]) -> str:
    return f"def {options['pyobject']}(z):\n    return z\n"


INDEX = BookIndex(
    site=SITE,
    glued={DOC: {"n_train": "60000", "share": "87.12345", "name": "'T-shirt/top'", "rate": "0.001"}},
    equations={"eq-sigmoid": Place(DOC, "equation-eq-sigmoid", "(4.6)")},
    numbered={"fig-sigmoid": Place(DOC, "fig-sigmoid", "Fig. 4.1"),
              "ex-bce": Place(DOC, "ex-bce", "Exercise 4.2")},  # fmt: skip
    sections={"sec-boundary": Place("book/05_training", "sec-boundary", "How good can a straight boundary be?")},
    titles={DOC: "Logistic regression", "book/02_vectors": "Vectors"},
    citations={"xiao2017": Place("book/10_next", "id3", "Xiao et al., 2017"),
               "turk1991": Place("book/10_next", "id7", "Turk and Pentland, 1991")},  # fmt: skip
    listing=listing,
)


def plain(text: str, level: int = 1) -> str:
    return convert(text, DOC, INDEX, level)[0]


def test_a_glued_value_is_written_in_as_the_page_formats_it():
    assert plain("{glue:text}`n_train:,` images, {glue:text}`share:.2f`%") == "60,000 images, 87.12%"
    assert plain("the class {glue:text}`name`") == "the class T-shirt/top"


def test_a_glued_value_cannot_turn_into_markdown():
    index = BookIndex(**{**INDEX.__dict__, "glued": {DOC: {"x": "'a_b*c$'"}}})
    assert convert("{glue:text}`x`", DOC, index)[0] == r"a\_b\*c\$"


def test_references_become_the_page_s_numbers_and_titles_linking_to_the_site():
    url = f"{SITE}{DOC}.html"
    assert plain("by {eq}`eq-sigmoid`") == f"by [(4.6)]({url}#equation-eq-sigmoid)"
    assert plain("see {numref}`fig-sigmoid`") == f"see [Fig. 4.1]({url}#fig-sigmoid)"
    assert plain("{ref}`ex-bce`") == f"[Exercise 4.2]({url}#ex-bce)"
    assert plain("{ref}`sec-boundary`") == (
        f"[How good can a straight boundary be?]({SITE}book/05_training.html#sec-boundary)")


def test_doc_links_name_the_page_or_the_text_given():
    assert plain("{doc}`02_vectors`") == f"[Vectors]({SITE}book/02_vectors.html)"
    assert plain("{doc}`the chapter on vectors <02_vectors>`") == (
        f"[the chapter on vectors]({SITE}book/02_vectors.html)")


def test_a_citation_is_author_and_year_linking_to_the_bibliography():
    assert plain("{cite}`xiao2017`") == rf"[\[Xiao et al., 2017\]]({SITE}book/10_next.html#id3)"
    assert plain("{cite}`xiao2017,turk1991`").count("](") == 2


def test_a_labelled_equation_carries_its_number():
    text = "$$\n\\sigma(z) = \\frac{1}{1+e^{-z}}\n$$ (eq-sigmoid)"
    assert plain(text) == "$$\n\\sigma(z) = \\frac{1}{1+e^{-z}}\n\\tag{4.6}\n$$"
    assert plain("$$ h = \\sigma(z) $$ (eq-sigmoid)") == "$$ h = \\sigma(z) \n\\tag{4.6}\n$$"


def test_math_and_code_are_left_as_they_are():
    text = "$$\nx_{\\min} = 0\n$$\n\n```python\nprint('{eq}`not-a-role`')\n```"
    assert plain(text) == text


def test_an_admonition_becomes_a_quote_under_its_title():
    text = ":::{admonition} In this chapter\n:class: tip\n\nYou will load {glue:text}`n_train:,` images.\n\n- one\n:::"
    assert plain(text) == "> **In this chapter**\n>\n> You will load 60,000 images.\n>\n> - one"


def test_an_exercise_is_a_numbered_heading_one_level_below_its_section():
    text = "## Exercises\n\n```{exercise-start} The loss\n:label: ex-bce\n```\n\nWrite it.\n\n```{exercise-end}\n```"
    assert plain(text) == "## Exercises\n\n### Exercise 4.2 (The loss)\n\nWrite it."
    text = "```{exercise} The loss\n:label: ex-bce\n\nWhy {eq}`eq-sigmoid`?\n```"
    assert plain(text, level=3).startswith("#### Exercise 4.2 (The loss)\n\nWhy [(4.6)](")


def test_a_literalinclude_becomes_the_code_the_page_shows():
    text = "```{literalinclude} ../lib/fashionbook/logistic.py\n:pyobject: sigmoid\n:language: python\n```"
    assert plain(text) == "```python\ndef sigmoid(z):\n    return z\n```"


def test_a_cross_reference_target_line_goes():
    assert plain("(sec-boundary)=\n## A boundary") == "## A boundary"


@pytest.mark.parametrize("text", ["{term}`logit`", "```{figure} a.png\n```", ":::{note}\nx\n:::"])
def test_syntax_without_a_plain_form_is_refused_not_passed_through(text):
    with pytest.raises(UnknownSyntax):
        plain(text)


def test_an_unknown_label_is_refused():
    with pytest.raises(KeyError):
        plain("{eq}`eq-nowhere`")

"""Taking the book's checks out of a chapter's code (scripts/book_checks.py)."""

from __future__ import annotations

import ast

import jupytext
import pytest

from book_checks import strip_checks
from conftest import REPO


def hidden(source: str) -> tuple[str, bool]:
    return source, True


def visible(source: str) -> tuple[str, bool]:
    return source, False


def test_a_cell_that_only_glues_and_asserts_is_left_out():
    cells = [visible("x = 2"), hidden("glue('x', x, display=False)\nassert x > 1"), visible("print(x)")]
    assert strip_checks(cells) == ["x = 2", None, "print(x)"]


def test_a_computation_only_glued_goes_with_its_glue():
    cells = [hidden("share = 100 * x.mean()\nglue('share', share)\nassert share > 50")]
    assert strip_checks(cells) == [None]


def test_what_a_later_cell_reads_stays_without_its_checks():
    source = "import numpy as np\nh = history.history\nglue('epochs', len(h['loss']))\nassert len(h) == 4"
    assert strip_checks([hidden(source), visible("plot(h)")]) == ["h = history.history", "plot(h)"]


def test_what_the_kept_statements_need_stays_too():
    source = "a = load()\nb = a * 2\nc = b + 1\nglue('c', c)"
    assert strip_checks([hidden(source), visible("print(b)")]) == ["a = load()\nb = a * 2", "print(b)"]


def test_a_name_bound_again_before_it_is_read_is_not_needed():
    cells = [hidden("h = compute()\nglue('h', h)"), visible("h = other()\nprint(h)")]
    assert strip_checks(cells) == [None, "h = other()\nprint(h)"]


def test_a_name_bound_only_in_a_loop_does_not_count_as_replaced():
    cells = [hidden("h = compute()"), visible("for x in xs:\n    h = x\nprint(h)")]
    assert strip_checks(cells)[0] == "h = compute()"


def test_a_loop_that_builds_what_a_later_cell_reads_keeps_its_body_but_not_its_asserts():
    source = "runs = []\nfor seed in seeds:\n    run = train(seed)\n    assert run.ok\n    runs.append(run)"
    (kept, _) = strip_checks([hidden(source), visible("summary(runs)")])
    assert kept == "runs = []\nfor seed in seeds:\n    run = train(seed)\n    runs.append(run)"


def test_a_loop_of_checks_goes_entirely():
    source = "for key in run:\n    glue(key, run[key])\n    assert run[key] > 0"
    assert strip_checks([visible("run = {}"), hidden(source), visible("print(run)")])[1] is None


def test_a_method_call_on_a_module_changes_nothing_that_is_live():
    source = "with warnings.catch_warnings():\n    warnings.simplefilter('error')\n    assert f(1) == 1"
    cells = [visible("import warnings"), hidden(source), visible("warnings.warn('x')")]
    assert strip_checks(cells)[1] is None


def test_raise_in_a_check_goes_with_the_check():
    source = "try:\n    risky()\n    raise AssertionError('no warning')\nexcept RuntimeWarning:\n    pass"
    assert strip_checks([hidden(source)]) == [None]


def test_magics_and_side_effect_imports_stay_and_the_glue_import_goes():
    source = ("%matplotlib inline\nimport numpy as np\nfrom myst_nb import glue\n\n"
              "from fashionbook import network  # noqa: F401 (sets variables)")  # fmt: skip
    (kept,) = strip_checks([hidden(source)])
    assert kept == "%matplotlib inline\n\nfrom fashionbook import network  # noqa: F401 (sets variables)"


def test_names_local_to_a_comprehension_or_function_are_not_the_notebook_s():
    cells = [hidden("kept = {k: f(k) for k in ks}\nglue('kept', kept)"), visible("for k in ks:\n    print(k)")]
    assert strip_checks(cells)[0] is None
    cells = [hidden("def area(w):\n    h = 2\n    return w * h\nglue('a', area(3))"), visible("print(h)")]
    assert strip_checks(cells)[0] is None


def test_a_del_is_narrowed_to_the_names_still_bound():
    cells = [visible("frame = big()"), hidden("table = f(frame)\nglue('t', table)"),
             hidden("del frame, table  # keeps the kernel small")]  # fmt: skip
    assert strip_checks(cells) == ["frame = big()", None, "del frame  # keeps the kernel small"]
    cells = [hidden("table = f()\nglue('t', table)"), hidden("del table")]
    assert strip_checks(cells) == [None, None]


def test_the_comments_above_a_dropped_statement_go_with_it():
    source = "# the text says it is positive\nassert x > 0\n# what comes next\ny = x"
    assert strip_checks([hidden(source), visible("print(y)")])[0] == "# what comes next\ny = x"


def test_visible_cells_are_never_changed():
    source = "x = 1\nassert x == 1  # a visible check is part of the lesson"
    assert strip_checks([visible(source)]) == [source]


CHAPTERS = sorted((REPO / "book").glob("0*.md"))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_no_chapter_s_stripped_code_glues_or_asserts_and_all_of_it_parses(chapter):
    cells = [(c.source, "remove-cell" in c.metadata.get("tags", []))
             for c in jupytext.read(chapter).cells if c.cell_type == "code"]  # fmt: skip
    for (_, was_hidden), source in zip(cells, strip_checks(cells)):
        if source is None or not was_hidden:
            continue
        python = "\n".join("" if line.startswith("%") else line for line in source.split("\n"))
        for node in ast.walk(ast.parse(python)):
            assert not isinstance(node, (ast.Assert, ast.Raise)), source
            assert not (isinstance(node, ast.Name) and node.id == "glue"), source
        assert "myst_nb" not in source


def test_a_draw_from_a_generator_a_later_cell_uses_stays():
    """Drawing changes what the generator draws next: leaving it out would change the
    numbers a later cell prints."""
    cells = [visible("rng = np.random.default_rng(0)"), hidden("noise = rng.normal(size=3)\nassert noise.std() > 0"),
             visible("print(rng.normal())")]  # fmt: skip
    assert strip_checks(cells)[1] == "noise = rng.normal(size=3)"


def test_a_call_made_for_what_it_does_stays():
    cells = [hidden("np.random.seed(0)\nglue('x', 1)"), visible("print(np.random.rand())")]
    assert strip_checks(cells)[0] == "np.random.seed(0)"


def test_a_pure_method_does_not_count_as_a_change():
    cells = [visible("y = load()"), hidden("labels = y.ravel()\nassert labels.sum() > 0"), visible("print(y)")]
    assert strip_checks(cells)[1] is None


def test_a_branch_whose_else_is_needed_is_refused_rather_than_dropped():
    cells = [hidden("if fast:\n    assert ok\nelse:\n    z = 1"), visible("print(z)")]
    with pytest.raises(ValueError, match="empty block"):
        strip_checks(cells)

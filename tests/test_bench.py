"""make bench's report: issue 16's goals for the chapters it found, and what bounds them.

The benchmark itself takes twenty minutes and is not a test; its arithmetic and what
it prints are, on made-up runs."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))  # for build.py's own imports (measure, ...)
_spec = importlib.util.spec_from_file_location("bench_build", REPO / "bench" / "build.py")
build = sys.modules["bench_build"] = importlib.util.module_from_spec(_spec)  # dataclasses look it up
_spec.loader.exec_module(build)

CHAPTERS = {"01_pixels": 5.0, "02_vectors": 5.0, "03_map": 10.0, "04_logistic_regression": 3.0,
            "05_training": 8.0, "06_network": 10.0, "07_backprop": 9.0, "09_ten_classes": 40.0}  # fmt: skip


def run(seconds: float, chapters: dict[str, float], peak: float = 800.0) -> build.Run:
    return build.Run(seconds, [peak] * len(chapters), 150.0, "", dict(chapters))


def runs(cold_extra: float = 0.0) -> dict[str, build.Run]:
    cold = dict(CHAPTERS, **{"06_network": 10.0 + cold_extra})
    nothing = dict(CHAPTERS, **{"03_map": 40.0, "06_network": 100.0, "09_ten_classes": 90.0})
    return {
        "nothing": run(sum(nothing.values()) + 6, nothing),
        "cold": run(sum(cold.values()) + 6, cold),
        "warm": run(2.0, {}),
        "prose": run(3.0, {}),
        "function": run(50.0, {"06_network": 40.0}),
        "seed": build.Run(100.0, [2000.0]),
    }


QUALITY = {"kl_book": 1.52, "kl_seed": 1.52, "acc_book": 90.0, "acc_seed": 90.0,
           "networks": {way: {"last": [0.9] * 5, "last10": [0.9] * 5} for way in ("book", "seed")}}  # fmt: skip


def test_the_later_chapters_do_not_count_against_issue_16s_goals():
    measured = runs()
    # 47 s of chapters 1 to 6 and 6 s of Sphinx; chapters 7 and 9 (49 s) are left out
    assert measured["cold"].issue_16_seconds() == pytest.approx(5 + 5 + 10 + 3 + 8 + 10 + 6)


def test_the_report_names_each_goal_and_what_bounds_a_missed_one(capsys):
    build.report(runs(), QUALITY)
    out = capsys.readouterr().out
    assert "MISSED   from nothing <= 0.75 of the seed's way: 1.67" in out  # (161 + 6) / 100
    assert "MISSED   store kept <= 0.4 of the seed's way: 0.47" in out
    assert "reached  a rebuild with nothing to execute < 5 s: 2.0 s" in out
    assert "reached  no process over 1 GiB: largest kernel 800 MiB" in out
    assert "06_network +90.0 s (0.90)" in out  # what the store saves, named where it goes
    assert "09_ten_classes" in out.split("chapters added since")[1]


def test_a_reached_goal_says_so(capsys):
    measured = runs()
    quick = dict.fromkeys(CHAPTERS, 4.0)  # 24 s for chapters 1 to 6, 6 s of Sphinx
    measured["nothing"] = measured["cold"] = run(sum(quick.values()) + 6, quick)
    build.report(measured, QUALITY)
    out = capsys.readouterr().out
    assert "reached  from nothing <= 0.75 of the seed's way: 0.30" in out
    assert "reached  store kept <= 0.4 of the seed's way: 0.30" in out

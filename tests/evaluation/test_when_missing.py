"""What a leaf is worth for a school with no value is the scheme's setting (issue 17): 0 and listed as missing, full
marks, or left out with its siblings sharing its part. Hand-checked on a two-branch scheme, plus properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.evaluation.engine import (
    Category,
    Indicator,
    Mapping,
    Scheme,
    SchoolInput,
    scheme_from_dict,
    scheme_to_dict,
    score,
    validate,
)
from edubureau.evaluation.engine.templates import standard_scheme

RATE = "inspection.on_time_rectification_rate"


def scheme(when_missing: str) -> Scheme:
    """常规 (0.4): 按期整改 (computed, 0.3) + 规范办学 (0.7); 成效 (0.6): one entered leaf. Total 100."""
    return Scheme(year=2026, title="考核", indicators=(
        Indicator("1", "常规考核", weight=0.4, children=(
            Indicator("1.1", "督导问题按期整改", max_score=10, weight=0.3, source="computed", figure=RATE,
                      mapping=Mapping("linear", (0.5, 1.0)), when_missing=when_missing),
            Indicator("1.2", "规范办学", max_score=10, weight=0.7),
        )),
        Indicator("2", "办学成效", weight=0.6, children=(Indicator("2.1", "质量", max_score=10, weight=1.0),)),
    ), categories=(Category("all", "全部"),))


def school(rate=None) -> SchoolInput:
    figures = {} if rate is None else {RATE: rate}
    return SchoolInput("A", "甲校", "all", entered={"1.2": (8,), "2.1": (5,)}, figures=figures)


@pytest.mark.parametrize(("rule", "total", "missing", "words"), [
    # 1.2: 8/10 of 28 = 22.4; 2.1: 5/10 of 60 = 30; 1.1 (12 points) 0, 12 or shared with 1.2 (8/10 of 40 = 32).
    ("zero", 52.4, ("1.1",), "按0分计"),
    ("full", 64.4, (), "计满分"),
    ("exclude", 62.0, (), "不计入"),
])
def test_a_school_with_no_notice_due(rule, total, missing, words):
    result = score(scheme(rule), [school()]).school("A")
    assert result.total == pytest.approx(total)
    assert result.missing == missing
    step = next(t for t in result.trail if t.code == "1.1")
    assert words in step.rule


@pytest.mark.parametrize("rule", ["zero", "full", "exclude"])
def test_a_school_with_a_figure_is_scored_the_same_whatever_the_rule(rule):
    # rate 0.75 → halfway on the linear 0.5–1.0 → 5 of 10 → 6 of 12.
    assert score(scheme(rule), [school(0.75)]).school("A").total == pytest.approx(6 + 22.4 + 30)


def test_left_out_branch_passes_its_share_up_and_full_marks_still_add_to_the_total():
    whole = scheme("exclude")
    assert whole.full_marks_map("all", frozenset({"1.1"})) == pytest.approx(
        {"1": 40, "1.1": 0, "1.2": 40, "2": 60, "2.1": 60})
    # Both leaves of 常规 left out: the branch goes, 成效 carries the whole 100.
    marks = whole.full_marks_map("all", frozenset({"1.1", "1.2"}))
    assert marks == pytest.approx({"1": 0, "1.1": 0, "1.2": 0, "2": 100, "2.1": 100})


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.01, max_value=0.99), st.floats(min_value=0.01, max_value=0.99),
       st.sets(st.sampled_from(["1.1", "1.2", "2.1"]), max_size=2))
def test_leaving_leaves_out_keeps_the_total_full_marks(w1, w11, gone):
    # Weights of siblings add up to 1, as the scheme's validation demands.
    s = Scheme(year=2026, title="考核", total=100, indicators=(
        Indicator("1", "常规", weight=w1, children=(Indicator("1.1", "甲", max_score=10, weight=w11),
                                                 Indicator("1.2", "乙", max_score=10, weight=1 - w11))),
        Indicator("2", "成效", weight=1 - w1, children=(Indicator("2.1", "丙", max_score=10, weight=1.0),)),
    ), categories=(Category("all", "全部"),))
    assert not validate(s)
    marks = s.full_marks_map("all", frozenset(gone))
    leaves = {"1.1", "1.2", "2.1"}
    assert sum(marks[c] for c in leaves) == pytest.approx(100)
    assert all(marks[c] == 0 for c in gone)


def test_setting_survives_the_frozen_version_and_is_validated():
    s = scheme("full")
    assert scheme_from_dict(scheme_to_dict(s)).node("1.1").when_missing == "full"
    assert any("无数据处理方式" in p for p in validate(scheme("sometimes")))
    # The county template: a school with no notice due counts full on 1.2 督导问题按期整改.
    assert standard_scheme(2026).node("1.2").when_missing == "full"

"""The balance engine: weighted 差异系数 checked by hand, its properties, and the 2012/2017 pass rules."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.balance.engine import (
    QUALITY_INDICATORS,
    SchoolPart,
    Standard,
    class_size_bands,
    county_additions,
    evaluate,
    in_scope,
    needed,
    school_pass,
    weighted_cv,
)


def test_five_school_example_by_hand():
    # P = 100, 200, 100, 50, 50 (P = 500); X = 2, 4, 6, 8, 0 books per pupil.
    # X̄ = (200 + 800 + 600 + 400 + 0) / 500 = 4.
    # S² = 0.2·4 + 0.4·0 + 0.2·4 + 0.1·16 + 0.1·16 = 4.8, S = 2.19089, CV = 0.547723.
    mean, sd, cv = weighted_cv([2, 4, 6, 8, 0], [100, 200, 100, 50, 50])
    assert mean == pytest.approx(4.0)
    assert sd == pytest.approx(math.sqrt(4.8))
    assert cv == pytest.approx(0.547723, abs=1e-6)
    # Unweighted the same values give X̄ = 4, S² = 8, CV = 0.7071: the weighting matters.
    assert weighted_cv([2, 4, 6, 8, 0], [1] * 5)[2] == pytest.approx(0.707107, abs=1e-6)


def test_published_example_mean():
    # policy-facts §1.2: 5 primary schools, 302 pupils, 1,913 books → X̄ = 6.334.
    parts = [SchoolPart("A", "甲", "小学", 100, books=900), SchoolPart("B", "乙", "小学", 202, books=1013)]
    result = evaluate(parts, "basic")["levels"]["小学"]["indicators"]["生均图书册数"]
    assert result["mean"] == pytest.approx(6.334, abs=5e-4)


values = st.lists(st.floats(0.1, 1000), min_size=2, max_size=8)


@given(values, st.floats(0.01, 100))
def test_cv_scale_invariant(xs, factor):
    weights = list(range(1, len(xs) + 1))
    assert weighted_cv([x * factor for x in xs], weights)[2] == pytest.approx(weighted_cv(xs, weights)[2], abs=1e-9)


@given(st.floats(0.1, 1000), st.lists(st.integers(1, 3000), min_size=1, max_size=8))
def test_cv_zero_when_equal(x, weights):
    assert weighted_cv([x] * len(weights), weights)[2] == pytest.approx(0.0, abs=1e-9)


@given(st.floats(0, 2.9))
def test_small_school_outlier_moves_cv_less(outlier):
    # A school short of the others' 3.0 (the usual case: a poorly equipped school) of 20 or of 500 pupils.
    base = [3.0, 3.0, 3.0]
    small = weighted_cv(base + [outlier], [500, 500, 500, 20])[2]
    big = weighted_cv(base + [outlier], [500, 500, 500, 500])[2]
    assert small < big


def test_quality_school_rule_six_of_seven_and_85_percent():
    s = Standard()
    good = dict(s.quality_thresholds["初中"])
    assert school_pass(good, "初中", s) == (7, True)
    assert school_pass({**good, "生均体育运动场馆面积": 10.2 * 0.86}, "初中", s) == (6, True)
    assert school_pass({**good, "生均体育运动场馆面积": 10.2 * 0.84}, "初中", s) == (6, False)
    two_short = {**good, "生均体育运动场馆面积": 10.0, "生均教学仪器设备值": 2400.0}
    assert school_pass(two_short, "初中", s) == (5, False)


def _school(code, students, scale=1.0, level="小学", **extra):
    # A school exactly at the 2017 primary lines times ``scale``.
    per = students / 100
    data = dict(above_qualified=4.2 * per, backbone=1 * per, pe_art_teachers=0.9 * per, teaching_area=4.5 * students,
                sports_area=7.5 * students, equipment_value=2000 * students, multimedia_rooms=2.3 * per)
    data = {k: v * scale for k, v in data.items()}
    data.update(extra)
    return SchoolPart(code, f"学校{code}", level, students, **data)


def test_quality_level_pass_and_single_cv_fail():
    result = evaluate([_school("A", 500), _school("B", 300, 1.2)], "quality")["levels"]["小学"]
    assert result["pass"] is True
    assert result["composite_cv"] is None
    # One school with four times the sports ground: every school passes, the CV of that indicator does not.
    spread = evaluate([_school("A", 500), _school("B", 500, sports_area=7.5 * 500 * 4)], "quality")["levels"]["小学"]
    assert spread["indicators"]["生均体育运动场馆面积"]["pass"] is False
    assert spread["indicators"]["生均体育运动场馆面积"]["cv"] == pytest.approx(0.6)
    assert all(school["pass"] for school in spread["schools"])
    assert spread["pass"] is False


def test_basic_composite_is_mean_of_eight():
    parts = [SchoolPart("A", "甲", "初中", 100, books=1000, teachers=8, computers=10),
             SchoolPart("B", "乙", "初中", 300, books=6000, teachers=20, computers=12)]
    level = evaluate(parts, "basic")["levels"]["初中"]
    cvs = [i["cv"] for i in level["indicators"].values()]
    assert len(cvs) == 8
    assert level["composite_cv"] == pytest.approx(sum(cvs) / 8)
    assert level["pass"] is (level["composite_cv"] <= 0.55)


def test_scope_special_out_points_merged_or_out_small_out():
    a = _school("A", 400)
    special = SchoolPart("S", "特校", "小学", 50, kind="special")
    point = SchoolPart("P", "教学点", "小学", 30, books=90, kind="point", parent="A")
    tiny = _school("T", 40)
    merged = in_scope([a, special, point, tiny], Standard(min_students=50))
    assert [(p.code, p.students) for p in merged] == [("A", 430)]
    assert merged[0].books == 90
    left_out = in_scope([a, special, point, tiny], Standard(teaching_points="exclude", exclude_special=False))
    assert sorted(p.code for p in left_out) == ["A", "S", "T"]


def test_class_size_bands_and_norms():
    r = class_size_bands([45, 46, 55, 56, 65, 66], "初中")
    assert r["bands"] == {"≤45": 1, "46—55": 2, "56—65": 2, "≥66": 1}
    assert r["large_share"] == pytest.approx(0.5)
    assert r["over_norm"] == 4  # 初中 norm 50: 55, 56, 65, 66


def test_needed_is_the_smallest_addition():
    part = _school("A", 250, backbone=1)
    backbone = QUALITY_INDICATORS[1]
    assert needed(part, backbone, 1.0) == 2.0  # 1 + 2 = 3 teachers → 1.2 per 100; 1 + 1 = 2 → 0.8 is short
    assert backbone.value(part.backbone + 2, 250) >= 1.0 > backbone.value(part.backbone + 1, 250)


def test_county_additions_pass_when_recomputed():
    parts = [
        _school("A", 800),
        _school("B", 600, 1.1),
        _school("C", 300, 0.6),  # short on everything: fails 6 of 7
        _school("D", 500, sports_area=7.5 * 500 * 5),  # makes the sports-ground CV fail
    ]
    result = county_additions(parts)
    assert result["before"]["levels"]["小学"]["pass"] is False
    assert result["passes"] is True
    assert result["cost"] > 0
    # Recompute from scratch: apply the additions to the original parts and evaluate again.
    added = {}
    for a in result["additions"]:
        added.setdefault(a.code, {}).setdefault(a.resource, 0.0)
        added[a.code][a.resource] += a.amount
    after = evaluate([p.plus(added.get(p.code, {})) for p in parts], "quality")["levels"]["小学"]
    assert after["pass"] is True
    assert all(i["cv"] <= 0.5 for i in after["indicators"].values())
    assert {a.code for a in result["additions"]} >= {"C"}

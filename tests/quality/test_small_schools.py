"""Small schools in the ranking (issue 17, point 13): t intervals, the size flag, empirical-Bayes ranks.

Figures checked by hand in the comments (t table values from any statistics textbook).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.quality.engine.small_schools import school_uncertainty, shrinkage, t_quantile

# A county of three big schools and a 教学点 of 4 candidates with the best raw mean.
COUNTY = [
    {"school": "教学点", "n": 4, "mean": 88.0, "std": 15.0},
    {"school": "一中", "n": 300, "mean": 83.0, "std": 15.0},
    {"school": "二中", "n": 300, "mean": 80.0, "std": 15.0},
    {"school": "三中", "n": 300, "mean": 77.0, "std": 15.0},
]
COUNTY_MEAN = (4 * 88 + 300 * (83 + 80 + 77)) / 904  # 80.0354


@pytest.mark.parametrize(("df", "expected"), [(1, 12.7062), (2, 4.3027), (3, 3.1824), (5, 2.5706), (10, 2.2281),
                                               (30, 2.0423), (100, 1.9840)])
def test_t_quantile_matches_the_table(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=5e-5)
    assert t_quantile(0.025, df) == pytest.approx(-expected, abs=5e-5)


def test_t_quantile_refuses_nonsense():
    with pytest.raises(ValueError, match="p must lie"):
        t_quantile(1.0, 3)


def test_the_interval_of_a_four_candidate_school_by_hand():
    row = school_uncertainty(COUNTY, COUNTY_MEAN)[0]
    # s = 15·√(4/3) = 17.3205, s/√4 = 8.6603, t(0.975, 3) = 3.18245 → half width 27.561
    assert row["ci_low"] == pytest.approx(88 - 27.561, abs=1e-3)
    assert row["ci_high"] == pytest.approx(88 + 27.561, abs=1e-3)
    assert row["ratio_low"] == pytest.approx((88 - 27.561) / COUNTY_MEAN, abs=1e-5)
    assert row["ratio_high"] == pytest.approx((88 + 27.561) / COUNTY_MEAN, abs=1e-5)
    big = school_uncertainty(COUNTY, COUNTY_MEAN)[1]
    # s = 15·√(300/299) = 15.0251, /√300 = 0.86748, t(0.975, 299) = 1.96793 → 1.7072
    assert big["ci_high"] - big["mean"] == pytest.approx(1.7072, abs=1e-3)


def test_the_fit_by_hand():
    fit = shrinkage(COUNTY, COUNTY_MEAN)
    # σ² = 904·225 / (904 − 4) = 226; MSB = Σn(ȳ−ȳ..)²/3 = 1884.97; n₀ = (904 − 270016/904)/3 = 201.77
    assert fit.sigma2 == pytest.approx(226.0)
    assert fit.tau2 == pytest.approx((1884.97 - 226) / 201.77, rel=1e-3)  # 8.222
    assert fit.factor(4) == pytest.approx(4 / (4 + 226 / 8.222), rel=1e-3)  # 0.127


def test_a_four_candidate_school_with_the_top_raw_mean_does_not_top_the_eb_ranking():
    rows = {r["school"]: r for r in school_uncertainty(COUNTY, COUNTY_MEAN)}
    assert max(COUNTY, key=lambda r: r["mean"])["school"] == "教学点"
    assert rows["教学点"]["small"] and not rows["一中"]["small"]
    assert rows["一中"]["eb_rank"] == 1 and rows["教学点"]["eb_rank"] == 2
    # 80.035 + 0.127 × (88 − 80.035) = 81.05: pulled most of the way to the county mean
    assert rows["教学点"]["eb_mean"] == pytest.approx(81.05, abs=0.01)
    assert rows["一中"]["eb_mean"] == pytest.approx(82.75, abs=0.01)


def test_the_small_size_is_the_users():
    assert [r["small"] for r in school_uncertainty(COUNTY, COUNTY_MEAN, min_candidates=5)] == [True] + [False] * 3
    assert all(r["small"] for r in school_uncertainty(COUNTY, COUNTY_MEAN, min_candidates=301))


def test_schools_without_enough_scores():
    rows = [{"school": "甲", "n": 1, "mean": 90.0, "std": 0.0}, {"school": "乙", "n": 0, "mean": None, "std": None},
            {"school": "丙", "n": 50, "mean": 70.0, "std": 10.0}]
    one, none, many = school_uncertainty(rows, 70.4)
    assert one["ci_low"] is None and one["eb_mean"] is not None  # one score: no spread to measure, still shrunk
    assert none["eb_mean"] is None and none["eb_rank"] is None and none["ci_low"] is None
    assert many["ci_low"] < 70 < many["ci_high"]
    assert shrinkage(rows[:2]) is None  # fewer than two schools with scores: nothing to fit


school = st.fixed_dictionaries({
    "n": st.integers(2, 500),
    "mean": st.floats(20, 140, allow_nan=False),
    "std": st.floats(0.5, 30, allow_nan=False),
})


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(school, min_size=2, max_size=40))
def test_the_shrinkage_factor_lies_in_zero_one(rows):
    fit = shrinkage(rows)
    out = school_uncertainty(rows, fit.mu)
    for row in out:
        assert 0.0 <= row["shrink"] <= 1.0
        if fit.tau2 > 0:
            assert 0.0 < row["shrink"] <= 1.0
        # the shrunken mean lies between the county mean and the school's own
        low, high = sorted((fit.mu, row["mean"]))
        assert low - 1e-9 <= row["eb_mean"] <= high + 1e-9
    if fit.tau2 > 0 and fit.sigma2 > 0:  # more candidates, more of the school's own mean is kept
        assert fit.factor(10) < fit.factor(100) <= 1.0


@settings(max_examples=200, deadline=None)
@given(n=st.integers(2, 300), schools=st.lists(st.tuples(st.integers(200, 1400).map(lambda x: x / 10),
                                                         st.floats(0.5, 30)), min_size=2, max_size=30))
def test_with_equal_sizes_eb_keeps_the_raw_order(n, schools):
    rows = [{"n": n, "mean": m, "std": s} for m, s in schools]
    out = school_uncertainty(rows, None)
    fit = shrinkage(rows)
    raw = sorted(range(len(rows)), key=lambda i: -rows[i]["mean"])
    if fit.tau2 > 0:
        eb_means = [out[i]["eb_mean"] for i in raw]
        assert all(a >= b for a, b in zip(eb_means, eb_means[1:], strict=False))
        raw_rank = {m: i + 1 for i, m in reversed(list(enumerate(sorted((r["mean"] for r in rows), reverse=True))))}
        assert [r["eb_rank"] for r in out] == [raw_rank[r["mean"]] for r in rows]
    else:  # no spread between schools beyond chance: every school is the county mean, all tied
        assert {r["eb_rank"] for r in out} == {1}


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(school, min_size=2, max_size=20), data=st.data())
def test_row_order_is_irrelevant(rows, data):
    order = data.draw(st.permutations(range(len(rows))))
    first = school_uncertainty(rows, 80.0)
    second = school_uncertainty([rows[i] for i in order], 80.0)
    for j, i in enumerate(order):
        assert second[j]["eb_rank"] == first[i]["eb_rank"]
        assert math.isclose(second[j]["eb_mean"], first[i]["eb_mean"], rel_tol=1e-9, abs_tol=1e-9)

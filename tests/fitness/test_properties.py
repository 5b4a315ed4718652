"""Properties (hypothesis): the polars scorer equals the plain one, better raw never scores less, row order
does not change the rates, raw values round-trip through the template's formats (issue 14)."""

from __future__ import annotations

import random

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edubureau.fitness.engine.scoring import points_column, rates, score_frame, score_pupil, summarise
from edubureau.fitness.engine.standard import BMI, GRADE_CODES, ITEMS, LOWER_IS_BETTER, item_points, threshold_row
from edubureau.fitness.engine.values import format_time, parse_value

SPAN = {"肺活量": (400, 6000), "50米跑": (5.0, 16.0), "坐位体前屈": (-10.0, 30.0), "一分钟跳绳": (0, 220),
        "一分钟仰卧起坐": (0, 70), "50米×8往返跑": (70, 200), "立定跳远": (90, 300), "引体向上": (0, 30),
        "800米跑": (150, 420), "1000米跑": (150, 420)}


def _value(item, sex, grade, draw):
    row = threshold_row(item, sex, grade)
    if row is not None and draw(st.booleans()):  # exactly on a threshold, or a hair beside it
        limit = draw(st.sampled_from([v for v in row if v is not None]))
        step = 0.1 if isinstance(limit, float) or item == "50米跑" else 1
        return round(limit + draw(st.sampled_from([-step, 0, step])), 1)
    low, high = SPAN[item]
    if isinstance(low, int):
        return float(draw(st.integers(low, high)))
    return round(draw(st.floats(low, high)), 1)


@st.composite
def pupils(draw):
    grade = draw(st.sampled_from(GRADE_CODES))
    sex = draw(st.sampled_from(["男", "女"]))
    values = {}
    for item in ITEMS:
        if draw(st.integers(0, 9)) == 0:
            values[item] = None
        else:
            values[item] = _value(item, sex, grade, draw)
    height = round(draw(st.floats(100, 195)), 1)
    weight = round(draw(st.floats(15, 110)), 1)
    return {"年级编号": grade, "性别": sex, "身高": height, "体重": weight, **values}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pupils(), min_size=1, max_size=40))
def test_vectorised_equals_row_by_row(rows):
    scored = score_frame(pl.DataFrame(rows, schema={"年级编号": pl.String, "性别": pl.String, "身高": pl.Float64,
                                                    "体重": pl.Float64, **{i: pl.Float64 for i in ITEMS}}))
    for row, out in zip(rows, scored.iter_rows(named=True), strict=True):
        plain = score_pupil(row["年级编号"], row["性别"], row["身高"], row["体重"], row)
        assert out["BMI"] == plain["bmi"]
        for item, points in plain["points"].items():
            assert out[points_column(item)] == points, (item, row)
        assert out["附加分"] == plain["bonus"]
        assert out["标准分"] == plain["standard_score"]
        assert out["学年总分"] == plain["total"]
        assert out["等级"] == plain["grade"]
        assert (out["未评"] == "") == (not plain["unscored"])


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(ITEMS)), st.sampled_from(["男", "女"]), st.sampled_from(GRADE_CODES),
       st.floats(-30, 600), st.floats(0, 50))
def test_better_raw_never_scores_less(item, sex, grade, value, delta):
    if threshold_row(item, sex, grade) is None:
        return
    better = value - delta if item in LOWER_IS_BETTER else value + delta
    assert item_points(item, sex, grade, better) >= item_points(item, sex, grade, value)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pupils(), min_size=2, max_size=40), st.randoms(use_true_random=False))
def test_row_order_does_not_change_the_rates(rows, rnd: random.Random):
    schema = {"年级编号": pl.String, "性别": pl.String, "身高": pl.Float64, "体重": pl.Float64,
              **{i: pl.Float64 for i in ITEMS}}
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a = summarise(score_frame(pl.DataFrame(rows, schema=schema)))[0]
    b = summarise(score_frame(pl.DataFrame(shuffled, schema=schema)))[0]
    assert a["rates"] == pytest.approx(b["rates"]) if a["rates"]["pass"] is not None else a["rates"] == b["rates"]
    assert a["scored"] == b["scored"]
    for value in a["rates"].values():
        assert value is None or 0 <= value <= 1
    assert sorted(a["mean_points"]) == sorted(b["mean_points"])


@given(st.lists(st.one_of(st.none(), st.floats(0, 120)), max_size=30))
def test_rates_are_nested_shares(totals):
    r = rates(totals)
    if r["pass"] is not None:
        assert 0 <= r["excellent"] <= r["good"] <= r["pass"] <= 1


@given(st.integers(120, 540))
def test_times_round_trip_through_the_template_format(seconds):
    text = format_time(seconds)
    assert parse_value("1000米跑", text) == seconds
    assert parse_value("1000米跑", text.replace("'", "′").replace('"', "″")) == seconds
    assert parse_value("800米跑", f"{seconds // 60}:{seconds % 60:02d}") == seconds


def test_bmi_points_column_is_the_template_name():
    assert points_column(BMI) == "体重指数（BMI）得分"

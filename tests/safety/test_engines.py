"""The pure rules of safety: deadlines by grade, age bands, expiring papers, overloaded routes, drills, 留样."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.safety.engine.checklists import CAMPAIGN_CATEGORIES, CATEGORIES, CHECKLIST, items_for
from edubureau.safety.engine.drills import behind, sample_problems
from edubureau.safety.engine.hazards import AGE_BANDS, GRADES, age_band, by_grade_and_age, deadline_for
from edubureau.safety.engine.papers import Paper, expiring, overload, overload_message, paper_state

DAY = dt.date(2026, 6, 1)
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


def test_deadline_by_grade_defaults_and_overrides():
    assert [deadline_for(g, DAY) for g in GRADES] == [dt.date(2026, 7, 1), dt.date(2026, 6, 16), dt.date(2026, 6, 8)]
    assert deadline_for("重大", DAY, {"重大": 3}) == dt.date(2026, 6, 4)
    with pytest.raises(ValueError):
        deadline_for("特大", DAY)


@given(found=dates)
def test_a_graver_hazard_is_never_given_longer(found):
    general, major, grave = (deadline_for(g, found) for g in GRADES)
    assert found < grave <= major <= general


@given(found=dates, age=st.integers(min_value=0, max_value=4000))
def test_every_age_falls_in_exactly_one_band(found, age):
    today = found + dt.timedelta(days=age)
    band = age_band(found, today)
    matches = [label for label, low, high in AGE_BANDS if age >= low and (high is None or age <= high)]
    assert matches == [band]


@given(st.lists(st.tuples(st.sampled_from(GRADES), dates), max_size=40), dates)
def test_grade_and_age_table_counts_every_open_hazard_once(rows, today):
    rows = [(g, min(f, today)) for g, f in rows]
    table = by_grade_and_age(rows, today)
    assert sum(sum(cells.values()) for cells in table.values()) == len(rows)
    assert set(table) == set(GRADES)


def test_expiring_within_30_days_only_and_soonest_first():
    papers = [Paper("bus:1", "年检", DAY + dt.timedelta(days=31)), Paper("bus:1", "保险", DAY + dt.timedelta(days=30)),
              Paper("driver:1", "驾驶证", DAY - dt.timedelta(days=1)), Paper("driver:2", "驾驶证", None)]
    assert [(p.key, p.kind) for p in expiring(papers, DAY)] == [("driver:1", "驾驶证"), ("bus:1", "保险")]
    assert [p.kind for p in expiring(papers, DAY, include_expired=False)] == ["保险"]
    assert paper_state(DAY + dt.timedelta(days=31), DAY) == "有效"


@given(st.lists(st.tuples(st.text(max_size=3), st.one_of(st.none(), dates)), max_size=20), dates,
       st.integers(min_value=0, max_value=120))
def test_expiring_is_exactly_the_papers_due_within_the_window(raw, today, within):
    papers = [Paper(k, "证", d) for k, d in raw]
    found = expiring(papers, today, within)
    assert all(p.expires is not None and (p.expires - today).days <= within for p in found)
    assert len(found) == sum(1 for p in papers if p.expires is not None and (p.expires - today).days <= within)
    assert [p.expires for p in found] == sorted(p.expires for p in found)


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=100))
def test_overload_is_pupils_beyond_seats(pupils, seats):
    over = overload(pupils, seats)
    assert (over is None) == (pupils <= seats)
    if over is not None:
        assert over == pupils - seats
        assert f"超员{over}人" in overload_message("线", pupils, seats)


def test_drills_behind_and_sample_rule():
    assert behind({"A": 4, "B": 2}, ["A", "B", "C"], 4) == [("C", 0, 4), ("B", 2, 2)]
    assert sample_problems(125, 48) == []
    assert sample_problems(124, 48) == ["留样不足125克（124克）"]
    assert sample_problems(200, 47, min_grams=200) == ["留样时间不足48小时（47小时）"]


def test_checklists_are_data_per_category():
    assert set(CATEGORIES) >= {"消防", "校舍", "食品", "校车", "交通", "防溺水", "用电", "危化品", "安保"}
    assert all(CHECKLIST[c] for c in CATEGORIES)
    for kind, categories in CAMPAIGN_CATEGORIES.items():
        assert set(categories) <= set(CATEGORIES), kind
    assert len(items_for(["消防", "校车"])) == len(CHECKLIST["消防"]) + len(CHECKLIST["校车"])

"""The pure engine of 建设项目: hand-checked cases and properties (hypothesis)."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from edubureau.projects.engine import (
    SOURCES,
    STAGES,
    budget_use,
    days_late,
    first_usable_year,
    first_year_classes,
    gantt_rows,
    seats_by_year,
    stage_late,
)

dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31))
maybe = st.none() | dates
money = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


def test_a_stage_is_late_by_hand():
    today = dt.date(2026, 12, 6)
    assert stage_late(dt.date(2026, 12, 5), None, today) and days_late(dt.date(2026, 12, 5), None, today) == 1
    assert not stage_late(dt.date(2026, 12, 6), None, today)
    assert stage_late(dt.date(2026, 6, 1), dt.date(2026, 6, 11), today)
    assert days_late(dt.date(2026, 6, 1), dt.date(2026, 6, 11), today) == 10
    assert not stage_late(dt.date(2026, 6, 1), dt.date(2026, 6, 1), today)


@given(maybe, maybe, dates)
def test_late_exactly_when_days_late_is_positive(planned, actual, today):
    assert stage_late(planned, actual, today) == (days_late(planned, actual, today) > 0)


@given(maybe, dates, dates)
def test_a_done_stage_does_not_depend_on_today(planned, actual, today):
    assert stage_late(planned, actual, today) == stage_late(planned, actual, dt.date(2015, 1, 1))


@given(st.dictionaries(st.sampled_from(SOURCES), money), st.lists(st.tuples(st.sampled_from(SOURCES), money)))
def test_budget_rows_add_up(budget, payments):
    rows = budget_use(budget, payments)
    total = rows[-1]
    assert [r.source for r in rows[:-1]] == list(SOURCES) and total.source == "合计"
    assert total.spent == sum((a for _, a in payments), Decimal(0))
    assert total.budget == sum(budget.values(), Decimal(0))
    assert total.remaining == sum((r.remaining for r in rows[:-1]), Decimal(0))
    for r in rows[:-1]:
        assert r.over == (r.spent > r.budget)


def test_over_budget_by_hand():
    rows = budget_use({"省": Decimal(150), "县": Decimal(200)},
                      [("省", Decimal(150)), ("县", Decimal(140)), ("县", Decimal(105))])
    county = next(r for r in rows if r.source == "县")
    assert county.over and county.remaining == Decimal(-45) and rows[-1].over


@given(dates)
def test_seats_are_usable_from_an_autumn_not_before_delivery(day):
    year = first_usable_year(day)
    assert dt.date(year, 8, 31) >= day and dt.date(year - 1, 8, 31) < day


@given(st.integers(0, 200), st.integers(0, 5000), st.sampled_from(["小学", "初中"]))
def test_classes_appear_only_with_classrooms_or_seats(classrooms, seats, level):
    classes = first_year_classes(classrooms, seats, level, 45)
    assert (classes > 0) == (classrooms > 0 or seats > 0)


@given(st.lists(st.tuples(st.integers(2020, 2035), st.integers(0, 40), st.integers(0, 2000))))
def test_seats_per_year_total_runs(items):
    rows = seats_by_year(items)
    assert [r["year"] for r in rows] == sorted({y for y, _, _ in items})
    if rows:
        assert rows[-1]["total_seats"] == sum(s for _, _, s in items)
        assert rows[-1]["total_classrooms"] == sum(c for _, c, _ in items)


@given(st.lists(st.lists(st.tuples(maybe, maybe), min_size=6, max_size=6), min_size=1, max_size=5), dates)
def test_gantt_bars_stay_on_the_axis(projects, today):
    items = [(i, f"P{i}", [(s, p, a) for s, (p, a) in zip(STAGES, stages, strict=True)])
             for i, stages in enumerate(projects)]
    rows, first, last = gantt_rows(items, today)
    assert len(rows) == len(items) and first <= today <= last
    for row in rows:
        for seg in (*row.planned, *row.actual):
            assert -1e-9 <= seg.left <= 100 + 1e-9 and seg.width > 0 and seg.left + seg.width <= 100.6 + 1e-9
            assert seg.start <= seg.end


def test_gantt_marks_the_late_stage_under_way():
    today = dt.date(2026, 12, 6)
    rows, _, _ = gantt_rows([(1, "扩建", [("立项", dt.date(2026, 5, 1), dt.date(2026, 5, 3)),
                                           ("招标", dt.date(2026, 8, 1), dt.date(2026, 8, 10)),
                                           ("开工", dt.date(2026, 10, 1), None)])], today)
    under_way = rows[0].actual[-1]
    assert (under_way.step, under_way.ongoing, under_way.late, under_way.end) == ("开工", True, True, today)
    assert rows[0].actual[0].late and not rows[0].planned[0].late

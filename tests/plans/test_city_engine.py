"""The city plan's completion matrix (engine.city): hand-checked cells and totals, and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.plans.engine.city import CityTask, CountyWork, completion_matrix
from edubureau.plans.engine.status import DONE, IN_PROGRESS, LAGGING, NOT_STARTED, OVERDUE

START, DEADLINE = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
MID = dt.date(2025, 7, 2)  # half-way: the straight line expects 50 %


def task(i, *counties, deadline=DEADLINE):
    return CityTask(i, START, deadline, tuple(counties))


@pytest.mark.parametrize(
    ("work", "status", "percent", "via"),
    [
        # Nothing reported half-way through the year: behind the straight line, as a task would be.
        (None, LAGGING, 0.0, "none"),
        (CountyWork(1, 7, percent=100), DONE, 100.0, "report"),
        (CountyWork(1, 7, percent=50), IN_PROGRESS, 50.0, "report"),
        (CountyWork(1, 7, percent=30), LAGGING, 30.0, "report"),  # 30 + 15 < 50
        (CountyWork(1, 7, breakdown=(100, 100)), DONE, 100.0, "breakdown"),
        (CountyWork(1, 7, breakdown=(60, 0, 0)), LAGGING, 20.0, "breakdown"),  # 20 + 15 < 50
        (CountyWork(1, 7, breakdown=(100, 20, 0)), IN_PROGRESS, 40.0, "breakdown"),  # 40 + 15 >= 50
        (CountyWork(1, 7, breakdown=(100, 60)), IN_PROGRESS, 80.0, "breakdown"),
        # The county's own word on the city task wins over its breakdown.
        (CountyWork(1, 7, percent=55, breakdown=(100, 100)), IN_PROGRESS, 55.0, "report"),
        # A report of 0 % is a report: half-way through the year it lags.
        (CountyWork(1, 7, percent=0), LAGGING, 0.0, "report"),
    ],
)
def test_cell_hand_checked(work, status, percent, via):
    m = completion_matrix([task(1, 7)], [work] if work else [], MID)
    cell = m.cells[(1, 7)]
    assert (cell.status, cell.percent, cell.via) == (status, percent, via)


def test_breakdown_nearly_done_is_not_done():
    # 199 tasks at 100 % and one at 99: the mean rounds to 100 but the county has not finished.
    m = completion_matrix([task(1, 7)], [CountyWork(1, 7, breakdown=(100,) * 199 + (99,))], MID)
    assert m.cells[(1, 7)].status != DONE


def test_not_started_before_the_start():
    early = CityTask(1, dt.date(2025, 9, 1), DEADLINE, (7,))
    assert completion_matrix([early], [], MID).cells[(1, 7)].status == NOT_STARTED


def test_overdue_after_the_deadline():
    m = completion_matrix([task(1, 7, deadline=dt.date(2025, 6, 30))], [CountyWork(1, 7, percent=80)], MID)
    assert m.cells[(1, 7)].status == OVERDUE


def test_totals_hand_checked():
    tasks = [task(1, 7, 8), task(2, 7, 8), task(3, 8)]
    work = [CountyWork(1, 7, percent=100), CountyWork(2, 7, breakdown=(100, 0)), CountyWork(1, 8, percent=100),
            CountyWork(2, 8, percent=100), CountyWork(3, 8, percent=10)]
    m = completion_matrix(tasks, work, MID)
    seven, eight = m.counties[7], m.counties[8]
    assert (seven.assigned, seven.done, seven.lagging, seven.rate, seven.mean_percent) == (2, 1, 0, 0.5, 75.0)
    assert (eight.assigned, eight.done, eight.lagging, eight.overdue) == (3, 2, 1, 0)
    assert eight.rate == pytest.approx(2 / 3)
    assert eight.mean_percent == 70.0  # (100 + 100 + 10) / 3
    assert (m.tasks[1].done, m.tasks[1].assigned, m.tasks[1].rate) == (2, 2, 1.0)
    assert (m.tasks[2].done, m.tasks[2].rate) == (1, 0.5)
    assert m.tasks[3].rate == 0.0
    assert set(m.cells) == {(1, 7), (1, 8), (2, 7), (2, 8), (3, 8)}


def test_work_of_a_county_not_assigned_is_ignored():
    m = completion_matrix([task(1, 7)], [CountyWork(1, 9, percent=100)], MID)
    assert set(m.cells) == {(1, 7)} and 9 not in m.counties


def test_a_task_with_no_county():
    m = completion_matrix([task(1)], [], MID)
    assert m.cells == {} and m.tasks[1].assigned == 0 and m.tasks[1].rate == 0.0


@pytest.mark.parametrize(
    ("tasks", "work", "message"),
    [
        ([task(1, 7), task(1, 8)], [], "duplicate city task"),
        ([CityTask(1, DEADLINE, START, (7,))], [], "deadline before start"),
        ([task(1, 7)], [CountyWork(1, 7, percent=10), CountyWork(1, 7, percent=20)], "two rows of work"),
        ([task(1, 7)], [CountyWork(1, 7, percent=101)], "percent out of range"),
        ([task(1, 7)], [CountyWork(1, 7, breakdown=(-1,))], "breakdown percent out of range"),
    ],
)
def test_bad_input_is_refused(tasks, work, message):
    with pytest.raises(ValueError, match=message):
        completion_matrix(tasks, work, MID)


# Properties -------------------------------------------------------------------------------------------------

counties_st = st.lists(st.integers(1, 5), min_size=0, max_size=5, unique=True)
percent_st = st.one_of(st.none(), st.integers(0, 100))
breakdown_st = st.lists(st.integers(0, 100), max_size=4).map(tuple)


@st.composite
def plans(draw):
    n = draw(st.integers(1, 6))
    tasks = [CityTask(i, START, draw(st.dates(START, dt.date(2026, 6, 30))), tuple(draw(counties_st)))
             for i in range(1, n + 1)]
    work = []
    for t in tasks:
        for county in range(1, 6):
            if draw(st.booleans()):
                work.append(CountyWork(t.id, county, draw(percent_st), draw(breakdown_st)))
    today = draw(st.dates(dt.date(2024, 12, 1), dt.date(2026, 12, 31)))
    return tasks, work, today


@settings(deadline=None)
@given(plans(), st.randoms())
def test_row_order_is_irrelevant(plan, rnd):
    tasks, work, today = plan
    m = completion_matrix(tasks, work, today)
    shuffled_tasks, shuffled_work = list(tasks), list(work)
    rnd.shuffle(shuffled_tasks)
    rnd.shuffle(shuffled_work)
    other = completion_matrix(shuffled_tasks, shuffled_work, today)
    assert other.cells == m.cells
    assert other.tasks == m.tasks
    for county, total in m.counties.items():
        moved = other.counties[county]
        assert (moved.assigned, moved.done, moved.overdue, moved.lagging) == (
            total.assigned, total.done, total.overdue, total.lagging)
        assert moved.rate == total.rate and moved.mean_percent == total.mean_percent


@settings(deadline=None)
@given(plans())
def test_rates_and_percents_lie_in_range(plan):
    tasks, work, today = plan
    m = completion_matrix(tasks, work, today)
    assert set(m.cells) == {(t.id, c) for t in tasks for c in t.counties}
    for cell in m.cells.values():
        assert 0 <= cell.percent <= 100
    for total in m.counties.values():
        assert 0 <= total.rate <= 1 and 0 <= total.mean_percent <= 100
        assert total.done + total.overdue + total.lagging <= total.assigned
    for t in tasks:
        assert 0 <= m.tasks[t.id].rate <= 1
        assert m.tasks[t.id].assigned == len(t.counties)
    assert sum(t.assigned for t in m.counties.values()) == len(m.cells)


@settings(deadline=None)
@given(plans())
def test_a_county_done_everywhere_has_rate_one(plan):
    tasks, _work, today = plan
    work = [CountyWork(t.id, c, percent=100) for t in tasks for c in t.counties]
    m = completion_matrix(tasks, work, today)
    assert all(total.rate == 1.0 and total.mean_percent == 100.0 for total in m.counties.values())

"""Status rules of a task (未开始 / 推进中 / 滞后 / 已完成 / 逾期), 倒排工期, and targets off pace."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.plans.engine.status import (
    DONE,
    IN_PROGRESS,
    LAGGING,
    NOT_STARTED,
    OVERDUE,
    MilestoneState,
    lay_backwards,
    target_on_pace,
    task_status,
)

START, DEADLINE = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("today", "percent", "milestones", "status"),
    [
        (dt.date(2025, 1, 10), None, [], NOT_STARTED),
        (dt.date(2025, 3, 1), 20, [], IN_PROGRESS),
        (dt.date(2025, 9, 1), 30, [], LAGGING),  # expected ~67 %, 30 % is more than 15 points behind
        (dt.date(2025, 9, 1), 60, [], IN_PROGRESS),  # within the tolerance
        (dt.date(2025, 3, 1), 20, [MilestoneState(dt.date(2025, 2, 1))], LAGGING),  # a milestone missed
        (
            dt.date(2025, 3, 1),
            20,
            [MilestoneState(dt.date(2025, 2, 1), dt.date(2025, 2, 3)), MilestoneState(dt.date(2025, 6, 1))],
            IN_PROGRESS,
        ),
        (dt.date(2025, 6, 1), 100, [], DONE),
        (dt.date(2026, 2, 1), 100, [], DONE),  # finished, even if read after the deadline
        (dt.date(2026, 1, 1), 90, [], OVERDUE),
        (dt.date(2025, 4, 1), 10, [MilestoneState(dt.date(2025, 3, 1), dt.date(2025, 3, 1))] * 2, DONE),
    ],
)
def test_status_rules(today, percent, milestones, status):
    assert task_status(today, start=START, deadline=DEADLINE, percent_done=percent, milestones=milestones) == status


def test_without_dates_only_progress_counts():
    assert task_status(dt.date(2025, 6, 1), start=None, deadline=None, percent_done=None) == NOT_STARTED
    assert task_status(dt.date(2025, 6, 1), start=None, deadline=None, percent_done=5) == IN_PROGRESS


@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 1, 1)), st.integers(0, 99))
def test_past_the_deadline_unfinished_is_always_overdue(today, percent):
    status = task_status(today, start=START, deadline=DEADLINE, percent_done=percent)
    assert (status == OVERDUE) == (today > DEADLINE)


@given(st.integers(1, 8), st.integers(0, 400))
def test_backwards_schedule_ends_on_the_deadline_in_order(count, span):
    start = DEADLINE - dt.timedelta(days=span)
    laid = lay_backwards(DEADLINE, start, [f"节点{i}" for i in range(count)])
    dues = [due for _, due in laid]
    assert dues[-1] == DEADLINE
    assert dues == sorted(dues) and dues[0] >= start


def test_backwards_schedule_refuses_a_deadline_before_the_start():
    with pytest.raises(ValueError):
        lay_backwards(START, DEADLINE, ["方案"])


def test_target_pace():
    mid = dt.date(2025, 7, 2)
    kwargs = {"start": START, "deadline": DEADLINE, "target": 148, "baseline": 0}
    assert target_on_pace(mid, actual=70, **kwargs) is True
    assert target_on_pace(mid, actual=40, **kwargs) is False
    assert target_on_pace(mid, actual=None, **kwargs) is None
    assert target_on_pace(mid, start=START, deadline=DEADLINE, target=None, baseline=0, actual=3) is None

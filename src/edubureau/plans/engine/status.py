"""Task status computed, never typed (未开始 / 推进中 / 滞后 / 已完成 / 逾期), milestones laid backwards
from a deadline (倒排工期), and whether a target is on pace. Pure functions, no Django.

Status codes are English keys; ``edubureau.plans.choices.TaskStatus`` gives their Chinese labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NOT_STARTED, IN_PROGRESS, LAGGING, DONE, OVERDUE = "not_started", "in_progress", "lagging", "done", "overdue"
# Progress may trail the straight line from start to deadline by this many points before a task lags.
PACE_TOLERANCE = 15


@dataclass(frozen=True)
class MilestoneState:
    """A node of a task's schedule: when it is due and when (if ever) it was done."""

    due: dt.date
    done_on: dt.date | None = None


def expected_percent(today: dt.date, start: dt.date, deadline: dt.date) -> float:
    """Where a task on a straight line from ``start`` to ``deadline`` would stand today, in percent.

    >>> expected_percent(dt.date(2025, 7, 2), dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    50.0
    """
    if deadline <= start:
        return 100.0 if today >= deadline else 0.0
    share = (today - start).days / (deadline - start).days
    return round(100 * min(1.0, max(0.0, share)), 1)


def task_status(
    today: dt.date,
    *,
    start: dt.date | None,
    deadline: dt.date | None,
    percent_done: int | None,
    milestones: list[MilestoneState] = (),
) -> str:
    """The status of one task from its dates, its latest reported progress and its milestones.

    Done when progress reaches 100 % or every milestone is done; overdue when the deadline has passed
    without that; lagging when a milestone is past due and open, or progress trails the straight line
    from start to deadline by more than ``PACE_TOLERANCE`` points; not started before its start or while
    nothing is reported or done; otherwise in progress.

    >>> task_status(dt.date(2025, 6, 1), start=dt.date(2025, 1, 1), deadline=dt.date(2025, 12, 31), percent_done=50)
    'in_progress'
    >>> task_status(dt.date(2026, 1, 5), start=None, deadline=dt.date(2025, 12, 31), percent_done=80)
    'overdue'
    >>> task_status(dt.date(2025, 11, 20), start=dt.date(2025, 12, 1), deadline=dt.date(2026, 6, 30), percent_done=0)
    'not_started'
    """
    percent = percent_done or 0
    all_milestones_done = bool(milestones) and all(m.done_on for m in milestones)
    if percent >= 100 or all_milestones_done:
        return DONE
    if deadline is not None and today > deadline:
        return OVERDUE
    if any(m.done_on is None and m.due < today for m in milestones):
        return LAGGING
    if start is not None and today < start and percent == 0:
        return NOT_STARTED
    if start is not None and deadline is not None and today >= start:
        if percent + PACE_TOLERANCE < expected_percent(today, start, deadline):
            return LAGGING
    if percent == 0 and not any(m.done_on for m in milestones):
        return NOT_STARTED
    return IN_PROGRESS


def lay_backwards(deadline: dt.date, start: dt.date, stages: list[str]) -> list[tuple[str, dt.date]]:
    """倒排工期: the stages of a task spaced evenly backwards from the deadline; the last is due on the deadline.

    >>> laid = lay_backwards(dt.date(2025, 12, 31), dt.date(2025, 9, 30), ["方案", "实施", "验收"])
    >>> [due.isoformat() for _, due in laid]
    ['2025-10-31', '2025-12-01', '2025-12-31']
    """
    if not stages:
        return []
    if deadline < start:
        raise ValueError("deadline before start")
    span = (deadline - start).days
    count = len(stages)
    return [(stage, deadline - dt.timedelta(days=span * (count - 1 - i) // count)) for i, stage in enumerate(stages)]


def target_on_pace(
    today: dt.date,
    *,
    start: dt.date,
    deadline: dt.date,
    target: float | None,
    baseline: float | None,
    actual: float | None,
) -> bool | None:
    """Whether the figure reached so far keeps pace with the straight line to the target (None: cannot tell).

    >>> target_on_pace(dt.date(2025, 7, 2), start=dt.date(2025, 1, 1), deadline=dt.date(2025, 12, 31),
    ...                target=148, baseline=0, actual=40)
    False
    """
    if target is None or actual is None:
        return None
    base = baseline or 0.0
    if target == base:
        return actual >= target
    reached = 100 * (actual - base) / (target - base)
    return reached + PACE_TOLERANCE >= expected_percent(today, start, deadline)


def propose_milestones(
    deadline: dt.date, count: int, *, step_days: int | None = None, start: dt.date | None = None
) -> list[dt.date]:
    """倒排工期: ``count`` node dates at equal steps back from the deadline, the last on the deadline.

    The step is ``step_days`` when given, else the span from ``start`` to the deadline divided by ``count``
    (so the first node falls one step after the start); with neither, a month (30 days). Dates never fall
    before ``start``.

    >>> [d.isoformat() for d in propose_milestones(dt.date(2025, 12, 31), 3, step_days=30)]
    ['2025-11-01', '2025-12-01', '2025-12-31']
    >>> [d.isoformat() for d in propose_milestones(dt.date(2025, 12, 31), 4, start=dt.date(2025, 1, 1))]
    ['2025-04-02', '2025-07-02', '2025-10-01', '2025-12-31']
    """
    if count < 1:
        return []
    if start is not None and deadline < start:
        raise ValueError("deadline before start")
    if step_days is None:
        step_days = (deadline - start).days // count if start is not None else 30
    step_days = max(0, step_days)
    dates = [deadline - dt.timedelta(days=step_days * (count - 1 - i)) for i in range(count)]
    if start is not None:
        dates = [max(start, d) for d in dates]
    return dates

"""Completion of a city plan by county (issue 16): the task × county matrix and each county's totals.

A city task goes to some counties. Each county either reports its progress on the city task itself, or breaks
the task down into tasks of its own plan and reports on those. A cell's progress is the county's latest report
on the city task when there is one (its own word on the task), else the mean progress of its breakdown tasks
(a breakdown task not yet reported counts as 0 %); its status is the one task rule (``status.task_status``)
held against the city task's start and deadline. Pure: plain data in, plain data out, no Django.

Status codes are those of ``status``; ``edubureau.plans.choices.TaskStatus`` gives their Chinese labels.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from .status import DONE, LAGGING, OVERDUE, task_status

__all__ = ["Cell", "CityTask", "CountyTotal", "CountyWork", "Matrix", "TaskTotal", "cell", "completion_matrix"]

REPORT, BREAKDOWN, NOTHING = "report", "breakdown", "none"


@dataclass(frozen=True)
class CityTask:
    """A city task: its window and the counties it is assigned to."""

    id: int
    start: dt.date
    deadline: dt.date
    counties: tuple[int, ...]


@dataclass(frozen=True)
class CountyWork:
    """What one county has done on one city task.

    ``percent`` is its latest report on the city task (None: none yet); ``breakdown`` the latest percent of
    each of its own breakdown tasks (0 for one not reported yet).
    """

    task: int
    county: int
    percent: int | None = None
    breakdown: tuple[int, ...] = ()


@dataclass(frozen=True)
class Cell:
    """One county's standing on one city task: status code, percent done (0–100) and where it comes from."""

    status: str
    percent: float
    via: str


@dataclass(frozen=True)
class CountyTotal:
    """One county over the whole plan: tasks assigned, done, overdue, lagging; the rates lie in [0, 1]."""

    county: int
    assigned: int
    done: int
    overdue: int
    lagging: int
    rate: float
    mean_percent: float


@dataclass(frozen=True)
class TaskTotal:
    """One city task over its counties: how many are done out of how many it is assigned to."""

    task: int
    assigned: int
    done: int
    rate: float


@dataclass(frozen=True)
class Matrix:
    cells: dict[tuple[int, int], Cell]
    counties: dict[int, CountyTotal]
    tasks: dict[int, TaskTotal]


def _check_work(tasks: list[CityTask], work: list[CountyWork]) -> dict[tuple[int, int], CountyWork]:
    ids = [t.id for t in tasks]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate city task")
    for task in tasks:
        if task.deadline < task.start:
            raise ValueError(f"task {task.id}: deadline before start")
    found: dict[tuple[int, int], CountyWork] = {}
    for row in work:
        key = (row.task, row.county)
        if key in found:
            raise ValueError(f"two rows of work for task {row.task} and county {row.county}")
        if row.percent is not None and not 0 <= row.percent <= 100:
            raise ValueError(f"percent out of range: {row.percent}")
        if any(not 0 <= p <= 100 for p in row.breakdown):
            raise ValueError(f"breakdown percent out of range: {row.breakdown}")
        found[key] = row
    return found


def cell(task: CityTask, work: CountyWork | None, today: dt.date) -> Cell:
    """One county's standing on ``task``.

    Examples
    --------
    >>> t = CityTask(1, dt.date(2025, 1, 1), dt.date(2025, 12, 31), (7,))
    >>> cell(t, CountyWork(1, 7, percent=100), dt.date(2025, 6, 1))
    Cell(status='done', percent=100.0, via='report')
    >>> cell(t, CountyWork(1, 7, breakdown=(100, 40)), dt.date(2025, 6, 1))
    Cell(status='in_progress', percent=70.0, via='breakdown')
    >>> cell(t, None, dt.date(2026, 1, 5))
    Cell(status='overdue', percent=0.0, via='none')
    """
    if work is not None and work.percent is not None:
        percent, via = float(work.percent), REPORT
    elif work is not None and work.breakdown:
        percent, via = sum(work.breakdown) / len(work.breakdown), BREAKDOWN
    else:
        percent, via = 0.0, NOTHING
    # A breakdown is done only when every one of its tasks is (a mean of 99.5 rounds to 100 but is not done).
    done_enough = via != BREAKDOWN or all(p >= 100 for p in work.breakdown)
    code = task_status(today, start=task.start, deadline=task.deadline,
                       percent_done=int(percent) if done_enough else min(int(percent), 99),
                       milestones=())
    return Cell(status=code, percent=round(percent, 1), via=via)


def completion_matrix(tasks: list[CityTask], work: list[CountyWork], today: dt.date) -> Matrix:
    """The task × county matrix of a city plan, with each county's and each task's totals.

    Parameters
    ----------
    tasks : list of CityTask
        The city tasks, each with the counties it is assigned to.
    work : list of CountyWork
        At most one row per (task, county); rows of pairs not assigned are ignored.
    today : date
        The day statuses are computed for.

    Returns
    -------
    Matrix
        ``cells[(task, county)]`` for every assigned pair; ``counties[county]`` with the share of its tasks done
        (``rate``) and its mean progress; ``tasks[task]`` with the share of its counties done.

    Examples
    --------
    >>> a = CityTask(1, dt.date(2025, 1, 1), dt.date(2025, 12, 31), (7, 8))
    >>> b = CityTask(2, dt.date(2025, 1, 1), dt.date(2025, 12, 31), (7,))
    >>> m = completion_matrix([a, b], [CountyWork(1, 7, percent=100), CountyWork(2, 7, percent=50)],
    ...                       dt.date(2025, 6, 1))
    >>> m.counties[7].rate, m.counties[7].mean_percent, m.counties[8].rate
    (0.5, 75.0, 0.0)
    >>> m.tasks[1].done, m.tasks[1].assigned
    (1, 2)
    """
    found = _check_work(tasks, work)
    cells: dict[tuple[int, int], Cell] = {}
    for task in tasks:
        for county in dict.fromkeys(task.counties):
            cells[(task.id, county)] = cell(task, found.get((task.id, county)), today)
    by_county: dict[int, list[Cell]] = {}
    by_task: dict[int, list[Cell]] = {}
    for (task_id, county), c in cells.items():
        by_county.setdefault(county, []).append(c)
        by_task.setdefault(task_id, []).append(c)
    counties = {}
    # math.fsum is exactly rounded, so the mean is the same in any row order (a property the tests check).
    for county, row in by_county.items():
        done = sum(c.status == DONE for c in row)
        counties[county] = CountyTotal(
            county=county, assigned=len(row), done=done,
            overdue=sum(c.status == OVERDUE for c in row), lagging=sum(c.status == LAGGING for c in row),
            rate=done / len(row), mean_percent=round(math.fsum(c.percent for c in row) / len(row), 1),
        )
    totals = {}
    for task in tasks:
        row = by_task.get(task.id, [])
        done = sum(c.status == DONE for c in row)
        totals[task.id] = TaskTotal(task=task.id, assigned=len(row), done=done, rate=done / len(row) if row else 0.0)
    return Matrix(cells=cells, counties=counties, tasks=totals)

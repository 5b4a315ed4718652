"""The six stages of a construction project, when one is late, and the rows of the timeline (Gantt) page.

A stage is late when its planned date has passed without an actual date, or when its actual date came after the
planned one. The timeline draws each stage from the previous stage's date to its own, once as planned and once as
it happened (the stage under way runs to today), as percentages of the span of all projects shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["STAGES", "GanttRow", "Segment", "days_late", "gantt_rows", "stage_late"]

STAGES = ("立项", "招标", "开工", "主体完工", "竣工验收", "交付")


def stage_late(planned: dt.date | None, actual: dt.date | None, today: dt.date) -> bool:
    """True when the stage is behind its plan.

    >>> d = dt.date
    >>> stage_late(d(2026, 3, 1), None, d(2026, 3, 2))      # planned passed, not done
    True
    >>> stage_late(d(2026, 3, 1), None, d(2026, 3, 1))      # due today: not yet late
    False
    >>> stage_late(d(2026, 3, 1), d(2026, 3, 5), d(2026, 1, 1))  # done after plan
    True
    >>> stage_late(d(2026, 3, 1), d(2026, 2, 20), d(2026, 9, 1))
    False
    >>> stage_late(None, None, d(2026, 9, 1))               # no plan, never late
    False
    """
    if planned is None:
        return False
    if actual is None:
        return planned < today
    return actual > planned


def days_late(planned: dt.date | None, actual: dt.date | None, today: dt.date) -> int:
    """Days behind plan: until the actual date, or until today while the stage is not done (0 when on time).

    >>> d = dt.date
    >>> days_late(d(2026, 3, 1), None, d(2026, 3, 11)), days_late(d(2026, 3, 1), d(2026, 3, 4), d(2026, 9, 1))
    (10, 3)
    >>> days_late(d(2026, 3, 1), d(2026, 2, 1), d(2026, 9, 1)), days_late(None, None, d(2026, 9, 1))
    (0, 0)
    """
    if planned is None:
        return 0
    return max(((actual or today) - planned).days, 0)


@dataclass(frozen=True)
class Segment:
    """One bar of the timeline: a stage, planned or actual, ``left`` and ``width`` in percent of the axis."""

    step: str
    actual: bool
    start: dt.date
    end: dt.date
    left: float
    width: float
    late: bool
    ongoing: bool = False


@dataclass(frozen=True)
class GanttRow:
    key: object
    label: str
    planned: tuple[Segment, ...]
    actual: tuple[Segment, ...]
    late: bool  # a stage is overdue now


def _spans(dates: Sequence[dt.date | None]) -> list[tuple[int, dt.date, dt.date]]:
    """(index, start, end) of each dated stage: from the previous dated stage (or its own date) to its date."""
    out, previous = [], None
    for i, day in enumerate(dates):
        if day is None:
            continue
        out.append((i, previous if previous is not None and previous <= day else day, day))
        previous = day
    return out


def gantt_rows(projects: Sequence[tuple[object, str, Sequence[tuple[str, dt.date | None, dt.date | None]]]],
               today: dt.date) -> tuple[list[GanttRow], dt.date | None, dt.date | None]:
    """The timeline of ``projects`` — each ``(key, label, [(step, planned, actual), …])`` — and its axis.

    Returns ``(rows, first, last)``. The axis runs from the earliest date to the latest (today included), so every
    bar fits; a stage of one day still gets a thin bar (width ≥ 0.6 %).

    >>> d = dt.date
    >>> rows, first, last = gantt_rows([(1, "食堂", [("立项", d(2026, 1, 1), d(2026, 1, 1)),
    ...                                               ("招标", d(2026, 3, 1), None)])], d(2026, 5, 1))
    >>> first, last
    (datetime.date(2026, 1, 1), datetime.date(2026, 5, 1))
    >>> [(s.step, round(s.left, 1), round(s.width, 1)) for s in rows[0].planned]
    [('立项', 0.0, 0.6), ('招标', 0.0, 49.2)]
    >>> [(s.step, s.late, s.ongoing, s.end) for s in rows[0].actual]
    [('立项', False, False, datetime.date(2026, 1, 1)), ('招标', True, True, datetime.date(2026, 5, 1))]
    >>> rows[0].late
    True
    >>> gantt_rows([], d(2026, 5, 1))
    ([], None, None)
    """
    all_days = [day for _, _, stages in projects for _, p, a in stages for day in (p, a) if day is not None]
    if not projects:
        return [], None, None
    first, last = min([*all_days, today]), max([*all_days, today])
    total = max((last - first).days, 1)

    def pos(start: dt.date, end: dt.date) -> tuple[float, float]:
        left = 100 * (start - first).days / total
        return left, max(100 * (end - start).days / total, 0.6)

    rows = []
    for key, label, stages in projects:
        planned_dates = [p for _, p, _ in stages]
        actual_dates = [a for _, _, a in stages]
        planned = []
        for i, start, end in _spans(planned_dates):
            step, p, a = stages[i]
            planned.append(Segment(step, False, start, end, *pos(start, end), late=False))
        actual = []
        for i, start, end in _spans(actual_dates):
            step, p, a = stages[i]
            actual.append(Segment(step, True, start, end, *pos(start, end), late=stage_late(p, a, today)))
        # The stage under way: the first without an actual date, from the last actual date to today.
        done = [i for i, a in enumerate(actual_dates) if a is not None]
        following = (done[-1] + 1) if done else 0
        if done and following < len(stages):
            step, p, a = stages[following]
            start = actual_dates[done[-1]]
            end = max(today, start)
            actual.append(Segment(step, True, start, end, *pos(start, end), late=stage_late(p, a, today),
                                  ongoing=True))
        # The row is late while a stage is overdue (planned date passed, not done); a stage done after its plan
        # keeps its own mark (``Segment.late``) but no longer holds the project up.
        late = any(a is None and stage_late(p, a, today) for _, p, a in stages)
        rows.append(GanttRow(key, label, tuple(planned), tuple(actual), late))
    return rows, first, last

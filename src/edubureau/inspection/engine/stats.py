"""Inspection figures for the department view and the 督导通报 (pure; plain rows in, plain rows out).

Inputs are small frozen dataclasses (:class:`VisitRow`, :class:`FindingRow`, :class:`NoticeRow`); any object
with the same attribute names works too (e.g. a model instance adapted in the view), since only attributes are
read. Weeks start on Monday and are named by that Monday's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from edubureau.core.followup_engine import on_time_rate

__all__ = [
    "Coverage",
    "FindingRow",
    "NoticeRow",
    "RepeatProblem",
    "VisitRow",
    "WeekFulfilment",
    "count_findings",
    "coverage",
    "latest_repeats",
    "on_time_rectification_rate",
    "quota_fulfilment",
    "repeat_problems",
    "week_start",
    "working_days",
]


@dataclass(frozen=True)
class VisitRow:
    """A visit, planned or done: who, when, which schools, which kind."""

    inspector: str
    day: dt.date
    schools: tuple[str, ...] = ()
    kind: str = ""


@dataclass(frozen=True)
class FindingRow:
    """A finding (督导发现的问题): where, when, which category, and optionally zone and severity."""

    school: str
    category: str
    day: dt.date
    zone: str = ""
    severity: str = ""


@dataclass(frozen=True)
class NoticeRow:
    """A rectification notice (整改通知): its deadline, the day it was closed (None while open), withdrawn or not."""

    due: dt.date
    closed_on: dt.date | None = None
    withdrawn: bool = False


@dataclass(frozen=True)
class WeekFulfilment:
    """One inspector's week: visits planned, visits done, the quota, what the week required and its status.

    ``required`` is the quota cut to the week's working days (holidays, exam weeks and the inspector's blocked
    days off) and to what the plan asked of a shortened week; ``met`` is ``done >= required``. ``status`` reads:
    "running" (this week or later: not over), "none" (nothing required: a holiday or exam week, or a week
    without plan or visits — not a missed week), "met" or "short".
    """

    inspector: str
    week: dt.date
    planned: int
    done: int
    quota: int
    met: bool
    required: int = 0
    status: str = ""

    @property
    def counted(self) -> bool:
        """Whether the week counts towards 周达标 (over, and something was required)."""
        return self.status in ("met", "short")


@dataclass(frozen=True)
class RepeatProblem:
    """The same category found again at the same school within the window (屡查屡犯)."""

    school: str
    category: str
    first: dt.date
    again: dt.date
    times: int  # findings of this category at this school inside the window ending at ``again``


@dataclass(frozen=True)
class Coverage:
    """Schools visited at least once in a period, out of all schools."""

    visited: int
    total: int
    share: float
    unvisited: tuple[str, ...]


def week_start(day: dt.date) -> dt.date:
    """The Monday of the day's week.

    >>> week_start(dt.date(2026, 11, 26))
    datetime.date(2026, 11, 23)
    """
    return day - dt.timedelta(days=day.weekday())


def working_days(
    week: dt.date,
    *,
    holidays: Iterable[dt.date] = (),
    exam_weeks: Iterable[dt.date] = (),
    blocked: Iterable[dt.date] = (),
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> int:
    """Working days of the week starting ``week`` (a Monday): workdays within ``start``–``end``, less holidays,
    the Monday–Friday of any exam week (any date of it given) and the inspector's ``blocked`` days.

    >>> working_days(dt.date(2025, 9, 29), holidays=[dt.date(2025, 10, d) for d in range(1, 9)])
    2
    >>> working_days(dt.date(2025, 11, 10), exam_weeks=[dt.date(2025, 11, 12)])
    0
    """
    exam = {week_start(d) for d in exam_weeks}
    if week_start(week) in exam:
        return 0
    closed = set(holidays) | set(blocked)
    days = (week + dt.timedelta(days=i) for i in range(7))
    return sum(1 for d in days if d.weekday() in workdays and d not in closed
               and (start is None or d >= start) and (end is None or d <= end))


def quota_fulfilment(
    planned: Iterable[VisitRow],
    done: Iterable[VisitRow],
    quota: int | Mapping[str, int],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kind: str | None = None,
    holidays: Iterable[dt.date] = (),
    exam_weeks: Iterable[dt.date] = (),
    blocked: Mapping[str, Iterable[dt.date]] | None = None,
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    today: dt.date | None = None,
) -> list[WeekFulfilment]:
    """Planned against done visits per inspector per week, against the weekly quota (one number, or per inspector).

    Weeks run from ``start``'s week to ``end``'s (default: the span of the rows); every inspector that appears in
    the rows or in a ``quota`` mapping gets every week. ``kind`` keeps only visits of that kind.

    Holiday and exam weeks are not missed weeks (issue 17): a week requires the quota cut to its working days
    (:func:`working_days`, with the inspector's ``blocked`` days), and, when the plan asked for fewer visits in it,
    what the plan asked; a week that requires nothing, or that has neither plan nor visits, reads "none". Weeks
    from ``today``'s on read "running".

    >>> d = dt.date
    >>> rows = quota_fulfilment([VisitRow("甲", d(2025, 9, 29))], [VisitRow("甲", d(2025, 9, 29))], 2,
    ...                         holidays=[d(2025, 10, n) for n in range(1, 9)], today=d(2025, 12, 1))
    >>> [(r.required, r.met, r.status) for r in rows]
    [(1, True, 'met')]
    """
    visits_planned = [v for v in planned if kind is None or v.kind == kind]
    visits_done = [v for v in done if kind is None or v.kind == kind]
    days = [v.day for v in visits_planned + visits_done]
    first = week_start(start or (min(days) if days else dt.date.today()))
    last = week_start(end or (max(days) if days else first))
    people = {v.inspector for v in visits_planned + visits_done} | (set(quota) if isinstance(quota, Mapping) else set())
    counts: dict[tuple[str, dt.date, int], int] = {}
    for index, rows in enumerate((visits_planned, visits_done)):
        for v in rows:
            key = (v.inspector, week_start(v.day), index)
            counts[key] = counts.get(key, 0) + 1
    holidays, exam_weeks, blocked = frozenset(holidays), frozenset(exam_weeks), blocked or {}
    this_week = week_start(today) if today else None
    out = []
    for person in sorted(people):
        need = quota.get(person, 0) if isinstance(quota, Mapping) else quota
        own = frozenset(blocked.get(person, ()))
        week = first
        while week <= last:
            p, d = counts.get((person, week, 0), 0), counts.get((person, week, 1), 0)
            days = working_days(week, holidays=holidays, exam_weeks=exam_weeks, blocked=own, workdays=workdays,
                                start=start, end=end)
            required = min(need, days, p) if p else (min(need, days) if d else 0)
            if this_week is not None and week >= this_week:
                status = "running"
            elif required == 0:
                status = "none"
            else:
                status = "met" if d >= required else "short"
            out.append(WeekFulfilment(person, week, p, d, need, d >= required, required, status))
            week += dt.timedelta(days=7)
    return out


def count_findings(findings: Iterable[FindingRow], by: str = "category") -> dict[str, int]:
    """Findings counted by "category", "zone", "school" or "severity", most first (ties by name)."""
    if by not in ("category", "zone", "school", "severity"):
        raise ValueError(f"unknown grouping {by!r}")
    counts: dict[str, int] = {}
    for f in findings:
        key = getattr(f, by) or ""
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def on_time_rectification_rate(notices: Iterable[NoticeRow], today: dt.date) -> float | None:
    """按期整改率: share of notices settled by their deadline among those come due or closed; withdrawn ones
    excluded; None when nothing has come due (``core.followup_engine.on_time_rate`` on the notices).

    >>> d = dt.date
    >>> on_time_rectification_rate([NoticeRow(d(2026, 5, 1), d(2026, 4, 30)), NoticeRow(d(2026, 5, 1), None),
    ...                             NoticeRow(d(2026, 5, 1), None, withdrawn=True)], today=d(2026, 5, 10))
    0.5
    """
    return on_time_rate(((n.due, n.closed_on) for n in notices if not n.withdrawn), today)


def repeat_problems(findings: Iterable[FindingRow], window_days: int = 365) -> list[RepeatProblem]:
    """Each finding whose category was already found at the same school within ``window_days`` before it.

    Findings of one category at one school on one day are one problem found once (two items of the category
    failed on the same visit), not a repeat (issue 17).

    >>> d = dt.date
    >>> repeat_problems([FindingRow("一小", "食品安全", d(2025, 9, 1)), FindingRow("一小", "食品安全", d(2025, 9, 1))])
    []
    """
    by_place: dict[tuple[str, str], set[dt.date]] = {}
    for f in findings:
        by_place.setdefault((f.school, f.category), set()).add(f.day)
    window = dt.timedelta(days=window_days)
    out = []
    for (school, category), found in by_place.items():
        days = sorted(found)
        for i in range(1, len(days)):
            inside = [d for d in days[:i] if days[i] - d <= window]
            if inside:
                out.append(RepeatProblem(school, category, inside[0], days[i], len(inside) + 1))
    return sorted(out, key=lambda r: (r.again, r.school, r.category), reverse=False)


def latest_repeats(
    findings: Iterable[FindingRow], start: dt.date, end: dt.date, window_days: int = 365
) -> list[RepeatProblem]:
    """Each school and category that recurred between ``start`` and ``end``, once, at its latest recurrence there
    (with how many times so far), latest and most frequent first — the 屡查屡犯 list of a period.

    ``findings`` should reach back before ``start`` (a recurrence counts earlier findings within the window).

    >>> d = dt.date
    >>> rows = [FindingRow("一小", "食品安全", d(2025, 3, 1)), FindingRow("一小", "食品安全", d(2025, 9, 1)),
    ...         FindingRow("一小", "食品安全", d(2025, 10, 1))]
    >>> [(r.again, r.times) for r in latest_repeats(rows, d(2025, 9, 1), d(2025, 12, 31))]
    [(datetime.date(2025, 10, 1), 3)]
    """
    latest: dict[tuple[str, str], RepeatProblem] = {}
    for r in repeat_problems(findings, window_days):
        if start <= r.again <= end:
            key = (r.school, r.category)
            if key not in latest or (r.again, r.times) > (latest[key].again, latest[key].times):
                latest[key] = r
    return sorted(latest.values(), key=lambda r: (r.again, r.times), reverse=True)


def coverage(visits: Iterable[VisitRow], schools: Iterable[str], start: dt.date, end: dt.date) -> Coverage:
    """Schools visited at least once between ``start`` and ``end`` (inclusive) out of ``schools``."""
    all_schools = list(dict.fromkeys(schools))
    seen = {s for v in visits if start <= v.day <= end for s in v.schools}
    visited = [s for s in all_schools if s in seen]
    total = len(all_schools)
    return Coverage(len(visited), total, len(visited) / total if total else 0.0,
                    tuple(s for s in all_schools if s not in seen))

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
    "on_time_rectification_rate",
    "quota_fulfilment",
    "repeat_problems",
    "week_start",
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
    """One inspector's week: visits planned, visits done, the quota and whether it was met (done ≥ quota)."""

    inspector: str
    week: dt.date
    planned: int
    done: int
    quota: int
    met: bool


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


def quota_fulfilment(
    planned: Iterable[VisitRow],
    done: Iterable[VisitRow],
    quota: int | Mapping[str, int],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kind: str | None = None,
) -> list[WeekFulfilment]:
    """Planned against done visits per inspector per week, against the weekly quota (one number, or per inspector).

    Weeks run from ``start``'s week to ``end``'s (default: the span of the rows); every inspector that appears in
    the rows or in a ``quota`` mapping gets every week. ``kind`` keeps only visits of that kind.
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
    out = []
    for person in sorted(people):
        need = quota.get(person, 0) if isinstance(quota, Mapping) else quota
        week = first
        while week <= last:
            p, d = counts.get((person, week, 0), 0), counts.get((person, week, 1), 0)
            out.append(WeekFulfilment(person, week, p, d, need, d >= need))
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
    """Each finding whose category was already found at the same school within ``window_days`` before it."""
    by_place: dict[tuple[str, str], list[dt.date]] = {}
    for f in findings:
        by_place.setdefault((f.school, f.category), []).append(f.day)
    window = dt.timedelta(days=window_days)
    out = []
    for (school, category), days in by_place.items():
        days.sort()
        for i in range(1, len(days)):
            inside = [d for d in days[:i] if days[i] - d <= window]
            if inside:
                out.append(RepeatProblem(school, category, inside[0], days[i], len(inside) + 1))
    return sorted(out, key=lambda r: (r.again, r.school, r.category), reverse=False)


def coverage(visits: Iterable[VisitRow], schools: Iterable[str], start: dt.date, end: dt.date) -> Coverage:
    """Schools visited at least once between ``start`` and ``end`` (inclusive) out of ``schools``."""
    all_schools = list(dict.fromkeys(schools))
    seen = {s for v in visits if start <= v.day <= end for s in v.schools}
    visited = [s for s in all_schools if s in seen]
    total = len(all_schools)
    return Coverage(len(visited), total, len(visited) / total if total else 0.0,
                    tuple(s for s in all_schools if s not in seen))

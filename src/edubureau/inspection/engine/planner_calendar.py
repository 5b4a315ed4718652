"""The visit planner's calendar: working days, weeks, periods and the demands every part shares (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .geo import LazyDistances
from .planner_types import PlannerInput, Quota

__all__ = ["Calendar", "Period"]


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _days(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)



@dataclass(frozen=True)
class Period:
    """A span over which a per-school minimum counts: the term, or one month of it."""

    label: str
    start: dt.date
    end: dt.date


class Calendar:
    """Working days, weeks, periods and the demands of a :class:`PlannerInput` (computed once, shared)."""

    def __init__(self, data: PlannerInput):
        self.data = data
        closed = set(data.holidays)
        for day in data.exam_weeks:
            monday = _week_start(day)
            closed.update(monday + dt.timedelta(days=i) for i in range(5))
        self.term_days = [d for d in _days(data.start, data.end) if d.weekday() in data.workdays and d not in closed]
        self.weeks = sorted({_week_start(d) for d in _days(data.start, data.end)})
        self.week_index = {w: i for i, w in enumerate(self.weeks)}
        self.sites = {s.key: s for s in data.sites}
        self.inspectors = {i.key: i for i in data.inspectors}
        self.zone = {i.key: tuple(s for s in dict.fromkeys(i.schools) if s in self.sites) for i in data.inspectors}
        self.responsible: dict[str, list[str]] = {s: [] for s in self.sites}
        for key, schools in self.zone.items():
            for s in schools:
                self.responsible[s].append(key)
        self.days = {i.key: [d for d in self.term_days if d not in i.blocked] for i in data.inspectors}
        self.day_sets = {k: set(v) for k, v in self.days.items()}
        self.quotas = [replace(q, schools_per_visit_min=max(1, q.schools_per_visit_min)) for q in data.quotas
                       if q.visits_per_inspector_per_week > 0 or q.visits_per_school > 0]
        self.quota = {q.kind: q for q in self.quotas}
        points = {k: (s.lat, s.lon) for k, s in self.sites.items()}
        self.km = LazyDistances(points)
        self.points = points
        self._school_demand: dict[tuple[str, str, int], int] | None = None

    def label_week(self, week: dt.date) -> str:
        return f"第{self.week_index[week] + 1}周"

    def weekly_quota(self, inspector: str, q: Quota) -> int:
        """The weekly minimum of one kind for an inspector (a part-time override replaces a non-zero quota)."""
        spec = self.inspectors[inspector]
        if q.visits_per_inspector_per_week <= 0:
            return 0
        return q.visits_per_inspector_per_week if spec.weekly_visits is None else max(0, spec.weekly_visits)

    def can_run(self, inspector: str, q: Quota) -> bool:
        """Whether the inspector's zone is large enough for one visit of this kind."""
        return q.schools_per_visit_min <= q.schools_per_visit_max and len(self.zone[inspector]) >= max(
            1, q.schools_per_visit_min)

    def weekly_demand(self, inspector: str) -> dict[tuple[dt.date, str], int]:
        """(week, kind) → visits required: the quotas, cut to the working days of a short week."""
        out: dict[tuple[dt.date, str], int] = {}
        per_week: dict[dt.date, int] = {}
        for d in self.days[inspector]:
            per_week[_week_start(d)] = per_week.get(_week_start(d), 0) + 1
        for week in self.weeks:
            left = per_week.get(week, 0)
            for q in self.quotas:
                need = min(self.weekly_quota(inspector, q), left) if self.can_run(inspector, q) else 0
                if need > 0:
                    out[week, q.kind] = need
                    left -= need
        return out

    def periods(self, q: Quota) -> list[Period]:
        if q.per == "month":
            out, day = [], self.data.start.replace(day=1)
            while day <= self.data.end:
                nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                out.append(Period(f"{day.year}年{day.month}月", max(day, self.data.start),
                                  min(nxt - dt.timedelta(days=1), self.data.end)))
                day = nxt
            return out
        return [Period("本学期", self.data.start, self.data.end)]

    def school_demand(self) -> dict[tuple[str, str, int], int]:
        """(school, kind, period index) → visits required: the quota, cut to the days its inspectors can come."""
        if self._school_demand is None:
            self._school_demand = self._compute_school_demand()
        return self._school_demand

    def _compute_school_demand(self) -> dict[tuple[str, str, int], int]:
        out = {}
        for q in self.quotas:
            if q.visits_per_school <= 0:
                continue
            for index, period in enumerate(self.periods(q)):
                for s, people in self.responsible.items():
                    days = {d for i in people if self.can_run(i, q) for d in self.days[i]
                            if period.start <= d <= period.end}
                    need = min(q.visits_per_school, len(days))
                    if need > 0:
                        out[s, q.kind, index] = need
        return out

    def site_name(self, key: str) -> str:
        site = self.sites.get(key)
        return (site.name or key) if site else key

    def inspector_name(self, key: str) -> str:
        spec = self.inspectors.get(key)
        return (spec.name or key) if spec else key


def _ordered(cal: Calendar, schools: Sequence[str]) -> tuple[str, ...]:
    """A day's schools in a short driving order (nearest neighbour from the first)."""
    left = list(dict.fromkeys(schools))
    if len(left) < 3:
        return tuple(left)
    out = [left.pop(0)]
    while left:
        nxt = min(left, key=lambda s: cal.km.get((out[-1], s), 0.0))
        left.remove(nxt)
        out.append(nxt)
    return tuple(out)


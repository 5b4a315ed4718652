"""What makes one visit calendar better than another for a 督导室 (pure; issue 17).

Both planners are judged by the same two numbers, compared in order (lexicographic):

1. **shortfall** — visits missing from the quotas: every weekly minimum and every per-school minimum counts its
   missing visits (:meth:`Calendar.weekly_demand`, :meth:`Calendar.school_demand`), and a visit that breaks a
   rule of its own (too few or too many schools, two schools farther apart than ``max_km_per_day``) counts two
   more than its schools (it is no visit, and a wrong one: worse than leaving the day empty); a calendar that
   meets more of the quotas is better whatever it drives;
2. **cost** — the rest, weighted, in points of 10 m of driving (:data:`WEIGHTS`):

   * ``km``: 100 points per km of the shortest route through each visit's schools (travel per day and in total —
     the number of visits is set by the weekly quotas, so less in total is less per day);
   * ``missed_part``: 1,000 points (10 km) for each equal part of the term left without one of a school's required
     visits (a per-school minimum of n ≥ 2 cuts its period in n parts) — even spread over the term;
   * ``same_week``: 150 points (1.5 km) for each school visited more than once in a week (its extra visits);
   * ``busiest``: 50 points (0.5 km) per visit of the most visited school of each inspector's zone, so the
     weekly visits go round the zone rather than back and forth between the two nearest schools.

The CP-SAT model (:mod:`.planner_model`) minimises exactly this score; :func:`score` recomputes it on any calendar,
so the planner can keep, per group of inspectors, whichever of the optimised and the greedy calendar is better
— never a worse one than greedy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .geo import far_pairs, route_km
from .planner_calendar import Calendar, _week_start
from .planner_types import PlannedVisit

__all__ = ["WEIGHTS", "Score", "Weights", "score", "visit_km_units"]


@dataclass(frozen=True)
class Weights:
    """Points per unit of each term of the cost (100 points = 1 km of driving)."""

    km: int = 100
    missed_part: int = 1000
    same_week: int = 150
    busiest: int = 50


WEIGHTS = Weights()


@dataclass(frozen=True, order=True)
class Score:
    """A calendar's score: ``shortfall`` first, then ``cost`` (lower is better; compare with ``<=``)."""

    shortfall: int
    cost: int


def visit_km_units(cal: Calendar, schools: Sequence[str], weights: Weights = WEIGHTS) -> int:
    """The driving cost of one visit in points: the shortest route through its schools, rounded.

    >>> from .planner_types import PlannerInput, Site
    >>> d = dt.date(2025, 9, 1)
    >>> cal = Calendar(PlannerInput(d, d, (Site("a", 30.0, 120.0), Site("b", 30.01, 120.0)), (), ()))
    >>> visit_km_units(cal, ("a", "b"))
    111
    """
    points = [cal.points[s] for s in dict.fromkeys(schools) if s in cal.points]
    return round(route_km(points) * weights.km)


def score(cal: Calendar, visits: Sequence[PlannedVisit], inspectors: Collection[str] | None = None,
          weights: Weights = WEIGHTS) -> Score:
    """The score of ``visits`` for a group of inspectors (all by default), on their quotas and their schools.

    Visits of other inspectors are ignored; a school's requirement counts the visits of the group's inspectors
    responsible for it.
    """
    group = set(cal.inspectors) if inspectors is None else set(inspectors)
    mine = [v for v in visits if v.inspector in group]
    shortfall = 0
    done: dict[tuple[str, dt.date, str], int] = {}
    for v in mine:
        key = (v.inspector, _week_start(v.day), v.kind)
        done[key] = done.get(key, 0) + 1
    for i in group:
        for (week, kind), need in cal.weekly_demand(i).items():
            shortfall += max(0, need - done.get((i, week, kind), 0))
    schools = {s for i in group for s in cal.zone.get(i, ())}
    seen: dict[tuple[str, str], list[dt.date]] = {}
    for v in mine:
        for s in dict.fromkeys(v.schools):
            seen.setdefault((s, v.kind), []).append(v.day)
    for v in mine:
        q = cal.quota.get(v.kind)
        size = len(set(v.schools))
        wrong = q is not None and not max(1, q.schools_per_visit_min) <= size <= q.schools_per_visit_max
        if cal.data.max_km_per_day is not None:
            wrong = wrong or bool(far_pairs(list(dict.fromkeys(v.schools)), cal.km, cal.data.max_km_per_day))
        shortfall += (2 + size) * wrong
    cost = 0
    for (s, kind, index), need in cal.school_demand().items():
        if s not in schools:
            continue
        period = cal.periods(cal.quota[kind])[index]
        got = [d for d in seen.get((s, kind), ()) if period.start <= d <= period.end]
        shortfall += max(0, need - len(got))
        people = [i for i in cal.responsible[s] if i in group]
        days = sorted({d for i in people for d in cal.days[i] if period.start <= d <= period.end})
        if need >= 2 and len(days) >= need:
            for part in range(need):
                lo, hi = days[part * len(days) // need], days[(part + 1) * len(days) // need - 1]
                if not any(lo <= d <= hi for d in got):
                    cost += weights.missed_part
    cost += sum(visit_km_units(cal, v.schools, weights) for v in mine)
    weekly: dict[tuple[str, dt.date], int] = {}
    load: dict[tuple[str, str], int] = {}
    for v in mine:
        for s in dict.fromkeys(v.schools):
            weekly[s, _week_start(v.day)] = weekly.get((s, _week_start(v.day)), 0) + 1
            load[v.inspector, s] = load.get((v.inspector, s), 0) + 1
    cost += weights.same_week * sum(n - 1 for n in weekly.values() if n > 1)
    for i in group:
        cost += weights.busiest * max((load.get((i, s), 0) for s in cal.zone.get(i, ())), default=0)
    return Score(shortfall, cost)

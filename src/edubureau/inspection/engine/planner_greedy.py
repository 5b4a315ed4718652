"""The visit planner's greedy calendar: the round-robin baseline (pure)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from .planner_calendar import Calendar, _ordered, _week_start
from .planner_types import PlannedVisit, Quota


def _greedy(cal: Calendar, inspectors: Sequence[str] | None = None) -> list[PlannedVisit]:
    data = cal.data
    visits: list[PlannedVisit] = []
    count: dict[tuple[str, str], int] = {}
    last: dict[str, dt.date] = {}
    visit_days: dict[tuple[str, str], list[dt.date]] = {}
    school_need = cal.school_demand()
    max_km = data.max_km_per_day

    progress = {key: {d: (n + 1) / len(days) for n, d in enumerate(days)} for key, days in cal.days.items()}

    def behind(inspector: str, s: str, kind: str, day: dt.date) -> float:
        """Visits so far less those due by now if the school's term minimum were spread evenly (lower: more due)."""
        need = school_need.get((s, kind, 0), 0)
        return count.get((s, kind), 0) - max(need * progress[inspector].get(day, 1.0), 1.0 if need else 0.0)

    def pick(inspector: str, q: Quota, day: dt.date, busy: set[str]) -> tuple[str, ...]:
        zone = [s for s in cal.zone[inspector] if s not in busy] or list(cal.zone[inspector])
        order = sorted(zone, key=lambda s: (behind(inspector, s, q.kind, day), last.get(s, dt.date.min), s))
        chosen = [order[0]]
        for s in sorted(order[1:], key=lambda s: (math.floor(behind(inspector, s, q.kind, day)),
                                                  cal.km.get((chosen[0], s), 0.0))):
            if len(chosen) >= q.schools_per_visit_max:
                break
            if len(chosen) >= q.schools_per_visit_min and not overdue(inspector, s, q.kind, day):
                continue
            if max_km is None or all(cal.km.get((c, s), 0.0) <= max_km for c in chosen):
                chosen.append(s)
        return tuple(chosen)

    def overdue(inspector: str, s: str, kind: str, day: dt.date) -> bool:
        """A whole visit behind an even spread of the term minimum: worth taking along beyond the minimum."""
        need = school_need.get((s, kind, 0), 0)
        return count.get((s, kind), 0) + 1 <= need * progress[inspector].get(day, 1.0)

    def add(inspector: str, q: Quota, day: dt.date, schools: tuple[str, ...]) -> None:
        visits.append(PlannedVisit(inspector, day, q.kind, _ordered(cal, schools)))
        for s in schools:
            count[s, q.kind] = count.get((s, q.kind), 0) + 1
            visit_days.setdefault((s, q.kind), []).append(day)
            last[s] = day

    for key in inspectors or [i.key for i in data.inspectors]:
        used: set[dt.date] = set()
        by_week: dict[dt.date, list[dt.date]] = {}
        for d in cal.days[key]:
            by_week.setdefault(_week_start(d), []).append(d)
        demand = cal.weekly_demand(key)
        for week, days in sorted(by_week.items()):
            week_kinds = [(q, demand.get((week, q.kind), 0)) for q in cal.quotas]
            total = sum(n for _, n in week_kinds)
            busy_week: set[str] = set()
            if total:
                step = len(days) / total
                slots = [days[min(len(days) - 1, int(i * step + step / 2))] for i in range(total)]
                slots = list(dict.fromkeys(slots)) + [d for d in days if d not in slots]
                for q, n in week_kinds:
                    for _ in range(n):
                        day = slots.pop(0)
                        used.add(day)
                        schools = pick(key, q, day, busy_week)
                        busy_week.update(schools)
                        add(key, q, day, schools)
            # Catch up as the term goes: a school a whole visit behind an even spread of its term minimum gets an
            # extra visit on a free day of this week (rather than all at the end).
            free = [d for d in days if d not in used]
            for q in cal.quotas:
                if q.visits_per_school <= 0 or q.per != "term" or not cal.can_run(key, q):
                    continue
                while free and any(overdue(key, s, q.kind, days[-1]) for s in cal.zone[key]):
                    day = free.pop(len(free) // 2)
                    used.add(day)
                    schools = pick(key, q, day, set())
                    busy_week.update(schools)
                    add(key, q, day, schools)
        # Schools still short of their per-school minimum: extra visits on free days, period by period.
        for q in cal.quotas:
            if q.visits_per_school <= 0 or not cal.can_run(key, q):
                continue
            for index, period in enumerate(cal.periods(q)):
                def short(s, q=q, index=index, period=period):
                    got = sum(1 for d in visit_days.get((s, q.kind), ()) if period.start <= d <= period.end)
                    return school_need.get((s, q.kind, index), 0) - got
                free = [d for d in cal.days[key] if period.start <= d <= period.end and d not in used]
                while free:
                    lacking = [s for s in cal.zone[key] if short(s) > 0]
                    if not lacking:
                        break
                    day = free.pop(len(free) // 2)
                    used.add(day)
                    first = max(lacking, key=lambda s: (short(s), s))
                    chosen = [first]
                    for s in sorted(cal.zone[key], key=lambda s: (-short(s), cal.km.get((first, s), 0.0))):
                        if s in chosen or len(chosen) >= q.schools_per_visit_max:
                            continue
                        if short(s) <= 0 and len(chosen) >= q.schools_per_visit_min:
                            break
                        if max_km is None or all(cal.km.get((c, s), 0.0) <= max_km for c in chosen):
                            chosen.append(s)
                    add(key, q, day, tuple(chosen))
    return sorted(visits, key=lambda v: (v.inspector, v.day))

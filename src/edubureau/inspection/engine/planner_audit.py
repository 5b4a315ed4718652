"""The visit planner's audit: every rule checked on a calendar, planned or hand-edited, with its figures (pure)."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Sequence

from .geo import far_pairs, route_km
from .planner_calendar import Calendar, _week_start
from .planner_types import PlannedVisit, PlannerInput, QuotaGap, kind_label

__all__ = ["audit_plan"]


def audit_plan(data: PlannerInput, visits: Sequence[PlannedVisit]) -> tuple[QuotaGap, ...]:
    """Every rule broken by a calendar (planned or hand-edited), as gaps; empty when all quotas are met.

    Also reports visits on non-working days, two visits of one inspector on a day, schools outside the zone and
    visits with too few or too many schools (rules "calendar" and "schools_per_visit").
    """
    return _audit(Calendar(data), visits)[0]


def _audit(cal: Calendar, visits: Sequence[PlannedVisit]) -> tuple[tuple[QuotaGap, ...], dict]:
    data, gaps = cal.data, []
    seen_days: set[tuple[str, dt.date]] = set()
    for v in visits:
        who = cal.inspector_name(v.inspector)
        if v.inspector not in cal.inspectors:
            gaps.append(QuotaGap(v.kind, "calendar", v.inspector, 0, 0, f"{v.day:%m月%d日}的督导安排了未知督学{who}。"))
            continue
        if v.day not in cal.day_sets[v.inspector]:
            gaps.append(QuotaGap(v.kind, "calendar", v.inspector, 0, 0,
                                 f"督学{who}{v.day:%Y年%m月%d日}不是可督导的工作日（节假日、考试周、请假或周末）。"))
        if (v.inspector, v.day) in seen_days:
            gaps.append(QuotaGap(v.kind, "calendar", v.inspector, 1, 0, f"督学{who}{v.day:%m月%d日}安排了两次督导。"))
        seen_days.add((v.inspector, v.day))
        outside = [s for s in v.schools if s not in cal.zone[v.inspector]]
        if outside:
            gaps.append(QuotaGap(v.kind, "calendar", v.inspector, 0, 0,
                                 f"督学{who}{v.day:%m月%d日}督导的{'、'.join(outside)}不在其责任区内。"))
        q = cal.quota.get(v.kind)
        if q and not (q.schools_per_visit_min <= len(set(v.schools)) <= q.schools_per_visit_max):
            gaps.append(QuotaGap(v.kind, "schools_per_visit", v.inspector, q.schools_per_visit_min,
                                 len(set(v.schools)),
                                 f"督学{who}{v.day:%m月%d日}的{kind_label(v.kind)}督导{len(set(v.schools))}所学校，"
                                 f"应为{q.schools_per_visit_min}—{q.schools_per_visit_max}所。"))
        if data.max_km_per_day is not None:
            far = far_pairs(list(dict.fromkeys(v.schools)), cal.km, data.max_km_per_day)
            if far:
                a, b = far[0]
                gaps.append(QuotaGap(v.kind, "distance", v.inspector, 0, len(far),
                                     f"督学{who}{v.day:%m月%d日}同日督导的{cal.site_name(a)}与{cal.site_name(b)}相距"
                                     f"{cal.km[a, b]:.1f}公里，超过{data.max_km_per_day:g}公里。"))
    # Weekly minimum.
    done: dict[tuple[str, dt.date, str], int] = {}
    for v in visits:
        key = (v.inspector, _week_start(v.day), v.kind)
        done[key] = done.get(key, 0) + 1
    weeks_total = weeks_met = 0
    for spec in data.inspectors:
        demand = cal.weekly_demand(spec.key)
        short: dict[str, list[tuple[dt.date, int]]] = {}
        per_week_ok: dict[dt.date, bool] = {}
        for (week, kind), need in demand.items():
            got = done.get((spec.key, week, kind), 0)
            per_week_ok[week] = per_week_ok.get(week, True) and got >= need
            if got < need:
                short.setdefault(kind, []).append((week, need - got))
        weeks_total += len(per_week_ok)
        weeks_met += sum(per_week_ok.values())
        for kind, rows in short.items():
            need = sum(n for (w, k), n in demand.items() if k == kind)
            missing = sum(n for _, n in rows)
            weeks = "、".join(cal.label_week(w) for w, _ in rows[:6]) + ("等" if len(rows) > 6 else "")
            gaps.append(QuotaGap(kind, "weekly_visits", spec.key, need, need - missing,
                                 f"督学{cal.inspector_name(spec.key)}有{len(rows)}周未达到每周至少"
                                 f"{cal.weekly_quota(spec.key, cal.quota[kind])}次{kind_label(kind)}（{weeks}），"
                                 f"共缺{missing}次。"))
    # Per-school minimum.
    per_school: dict[tuple[str, str], list[dt.date]] = {}
    for v in visits:
        for s in dict.fromkeys(v.schools):
            per_school.setdefault((s, v.kind), []).append(v.day)
    demand = cal.school_demand()
    met = 0
    for (s, kind, index), need in demand.items():
        period = cal.periods(cal.quota[kind])[index]
        got = sum(1 for d in per_school.get((s, kind), ()) if period.start <= d <= period.end)
        if got >= need:
            met += 1
            continue
        q = cal.quota[kind]
        cut = "" if need == q.visits_per_school else f"（该期只有{need}个可督导日）"
        gaps.append(QuotaGap(kind, "school_visits", s, need, got,
                             f"{cal.site_name(s)}：{period.label}{kind_label(kind)}{got}次，少于规定的每校至少"
                             f"{need}次{cut}。"))
    # Spread: requirements whose visits fall one in each equal part of their period; schools seen twice a week.
    spread_ok = spread_total = 0
    for (s, kind, index), need in demand.items():
        period = cal.periods(cal.quota[kind])[index]
        days = sorted({d for i in cal.responsible[s] for d in cal.days[i] if period.start <= d <= period.end})
        if need < 2 or len(days) < need:
            continue
        spread_total += 1
        got = per_school.get((s, kind), ())
        spread_ok += all(any(days[p * len(days) // need] <= d <= days[(p + 1) * len(days) // need - 1] for d in got)
                         for p in range(need))
    weekly_seen: dict[tuple[str, dt.date], int] = {}
    for v in visits:
        for s in set(v.schools):
            weekly_seen[s, _week_start(v.day)] = weekly_seen.get((s, _week_start(v.day)), 0) + 1
    visited = {s for v in visits for s in v.schools}
    school_visits = sum(len(set(v.schools)) for v in visits)
    kms = [route_km([cal.points[s] for s in dict.fromkeys(v.schools) if s in cal.points]) for v in visits]
    ranked = sorted(kms)
    per_week: dict[str, dict[dt.date, int]] = {}
    for key, days in cal.days.items():
        for d in days:
            per_week.setdefault(key, {})[_week_start(d)] = 0
    for v in visits:
        if _week_start(v.day) in per_week.get(v.inspector, {}):
            per_week[v.inspector][_week_start(v.day)] += 1
    stds = [statistics.pstdev(weeks.values()) for key, weeks in per_week.items() if weeks and cal.zone.get(key)]
    load = [sum(weeks.values()) for key, weeks in per_week.items() if cal.zone.get(key)]
    figures = {
        "inspector_weeks_met": weeks_met / weeks_total if weeks_total else 1.0,
        "school_visits_met": met / len(demand) if demand else 1.0,
        "schools_visited": len(visited & set(cal.sites)) / len(cal.sites) if cal.sites else 1.0,
        "visits": len(visits),
        "school_visits": school_visits,
        "mean_schools_per_visit": school_visits / len(visits) if visits else 0.0,
        "mean_km_per_day": sum(kms) / len(kms) if kms else 0.0,
        "km_per_day_p90": ranked[max(0, math.ceil(0.9 * len(ranked)) - 1)] if ranked else 0.0,
        "km_total": sum(kms),
        "weekly_visits_std": sum(stds) / len(stds) if stds else 0.0,
        "load_max_min": max(load) / min(load) if load and min(load) else 0.0,
        "spread_met": spread_ok / spread_total if spread_total else 1.0,
        "school_weeks_twice": sum(1 for n in weekly_seen.values() if n > 1),
        "inspector_weeks": weeks_total,
        "school_requirements": len(demand),
    }
    return tuple(gaps), figures


def _merge(first: Sequence[QuotaGap], then: Sequence[QuotaGap]) -> tuple[QuotaGap, ...]:
    """Pre-check gaps, then audit gaps not already explained by one of the same rule and kind for the same one."""
    seen = {(g.rule, g.quota_kind, g.who) for g in first}
    return tuple(first) + tuple(g for g in then if (g.rule, g.quota_kind, g.who) not in seen)

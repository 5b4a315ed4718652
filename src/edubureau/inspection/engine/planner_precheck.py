"""The visit planner's pre-check: capacity against demand, in milliseconds, naming what binds (pure)."""

from __future__ import annotations

import datetime as dt
import math

from .geo import neighbours
from .planner_calendar import Calendar, _week_start
from .planner_types import InspectorSpec, PlannerInput, Quota, QuotaGap, Site, kind_label  # noqa: F401 (doctest)

__all__ = ["check_feasibility"]


def check_feasibility(data: PlannerInput) -> tuple[QuotaGap, ...]:
    """Fast arithmetic pre-check: capacity against demand, naming what binds (empty: nothing provably binds).

    Checks schools outside every zone, zones smaller than a visit, weeks asking for more visits than working
    days, per-school demand against the responsible inspector's days × schools per visit (per term and per month),
    and, with ``max_km_per_day``, schools with too few neighbours to form a visit.

    >>> d = dt.date
    >>> data = PlannerInput(d(2025, 9, 1), d(2025, 9, 5), tuple(Site(f"s{i}", None, None) for i in range(30)),
    ...                     (InspectorSpec("张督学", tuple(f"s{i}" for i in range(30))),),
    ...                     (Quota("routine", 0, 1, 3, visits_per_school=2),))
    >>> [(g.rule, g.who, g.needed, g.possible) for g in check_feasibility(data)]
    [('school_visits', '张督学', 60, 15), ('working_days', '张督学', 20, 5)]
    """
    return _precheck(Calendar(data))


def _precheck(cal: Calendar) -> tuple[QuotaGap, ...]:
    data, gaps = cal.data, []
    for spec in data.inspectors:
        unknown = [s for s in spec.schools if s not in cal.sites]
        if unknown:
            gaps.append(QuotaGap("", "unknown_school", spec.key, len(unknown), 0,
                                 f"督学{cal.inspector_name(spec.key)}的责任区含{len(unknown)}所未列入的学校"
                                 f"（{'、'.join(unknown[:5])}{'等' if len(unknown) > 5 else ''}），已忽略。"))
    orphans = [s for s, people in cal.responsible.items() if not people]
    if orphans and cal.quotas:
        names = "、".join(cal.site_name(s) for s in orphans[:5]) + ("等" if len(orphans) > 5 else "")
        gaps.append(QuotaGap("", "no_inspector", "", len(orphans), 0,
                             f"{len(orphans)}所学校不在任何督学责任区内（{names}），无人督导。"))
    full_week = len(set(data.workdays))
    school_need = cal.school_demand()
    for spec in data.inspectors:
        who = cal.inspector_name(spec.key)
        zone = cal.zone[spec.key]
        weekly_total = 0
        for q in cal.quotas:
            label = kind_label(q.kind)
            if q.schools_per_visit_min > q.schools_per_visit_max:
                gaps.append(QuotaGap(q.kind, "schools_per_visit", spec.key, q.schools_per_visit_min,
                                     q.schools_per_visit_max,
                                     f"{label}每次至少{q.schools_per_visit_min}所、至多{q.schools_per_visit_max}所，"
                                     "设置自相矛盾。"))
                continue
            wanted = cal.weekly_quota(spec.key, q) > 0 or any(
                school_need.get((s, q.kind, 0), 0) for s in zone)
            if wanted and not cal.can_run(spec.key, q):
                gaps.append(QuotaGap(q.kind, "schools_per_visit", spec.key, q.schools_per_visit_min, len(zone),
                                     f"督学{who}的责任区只有{len(zone)}所学校，达不到{label}“每次不少于"
                                     f"{q.schools_per_visit_min}个单位”的要求。"))
            weekly_total += cal.weekly_quota(spec.key, q)
        if weekly_total > full_week:
            gaps.append(QuotaGap("", "weekly_visits", spec.key, weekly_total, full_week,
                                 f"督学{who}每周须督查{weekly_total}次，但每周只有{full_week}个工作日、每天至多一次。"))
        # Days: each kind needs max(its weekly visits, its school-visits ÷ schools per visit) days in the term.
        days_needed = 0
        for q in cal.quotas:
            if not cal.can_run(spec.key, q):
                continue
            weekly = sum(n for (w, k), n in cal.weekly_demand(spec.key).items() if k == q.kind)
            by_school = 0
            for index, period in enumerate(cal.periods(q)):
                need = sum(school_need.get((s, q.kind, index), 0) for s in zone if cal.responsible[s][0] == spec.key)
                if not need:
                    continue
                by_school += math.ceil(need / q.schools_per_visit_max)
                days = sum(1 for d in cal.days[spec.key] if period.start <= d <= period.end)
                if need > days * q.schools_per_visit_max:
                    gaps.append(QuotaGap(
                        q.kind, "school_visits", spec.key, need, days * q.schools_per_visit_max,
                        f"督学{who}的责任区有{len(zone)}所学校，{period.label}{kind_label(q.kind)}每校至少"
                        f"{q.visits_per_school}次，共需{need}校次；{period.label}仅有{days}个工作日、每次至多"
                        f"{q.schools_per_visit_max}所，最多{days * q.schools_per_visit_max}校次。"))
            days_needed += max(weekly, by_school)
        gaps.extend(_month_days(cal, spec.key, school_need))
        available = len(cal.days[spec.key])
        if days_needed > available:
            gaps.append(QuotaGap("", "working_days", spec.key, days_needed, available,
                                 f"督学{who}本学期完成全部督导至少需要{days_needed}个工作日，但只有{available}个。"))
        if data.max_km_per_day is not None:
            near = neighbours(zone, cal.km, data.max_km_per_day)
            for q in cal.quotas:
                if q.schools_per_visit_min < 2 or not cal.can_run(spec.key, q):
                    continue
                lonely = [s for s in zone if len(near[s]) < q.schools_per_visit_min - 1
                          and any(school_need.get((s, q.kind, i), 0) for i in range(len(cal.periods(q))))]
                if lonely:
                    gaps.append(QuotaGap(
                        q.kind, "distance", spec.key, len(lonely), 0,
                        f"督学{who}责任区内{'、'.join(cal.site_name(s) for s in lonely[:5])}"
                        f"{'等' if len(lonely) > 5 else ''}{data.max_km_per_day:g}公里内没有足够的其他学校，"
                        f"无法与之同日组成{kind_label(q.kind)}（每次不少于{q.schools_per_visit_min}所）。"))
    return tuple(gaps)


def _month_days(cal: Calendar, inspector: str, school_need: dict) -> list[QuotaGap]:
    """Months whose per-school visits plus the weekly visits that cannot fall outside them exceed their days.

    A week's demand of d visits with only e working days outside the month puts at least d − e inside it; a
    month's school-visits s of a kind take at least ⌈s ÷ schools per visit⌉ days.
    """
    monthly = [q for q in cal.quotas if q.per == "month" and q.visits_per_school > 0 and cal.can_run(inspector, q)]
    if not monthly:
        return []
    zone, days = cal.zone[inspector], cal.days[inspector]
    weekly = cal.weekly_demand(inspector)
    by_week: dict[dt.date, list[dt.date]] = {}
    for d in days:
        by_week.setdefault(_week_start(d), []).append(d)
    out = []
    for index, period in enumerate(cal.periods(monthly[0])):
        inside = [d for d in days if period.start <= d <= period.end]
        parts, needed = [], 0
        for q in monthly:
            need = sum(school_need.get((s, q.kind, index), 0) for s in zone if cal.responsible[s][0] == inspector)
            n = math.ceil(need / q.schools_per_visit_max) if need else 0
            if n:
                parts.append(f"{kind_label(q.kind)}至少{n}次")
                needed += n
        forced: dict[str, int] = {}
        for (week, kind), d in weekly.items():
            week_days = by_week.get(week, ())
            outside = sum(1 for x in week_days if not period.start <= x <= period.end)
            if d > outside and len(week_days) > outside:
                forced[kind] = forced.get(kind, 0) + d - outside
        for kind, n in forced.items():
            parts.append(f"{kind_label(kind)}至少{n}次")
            needed += n
        if needed > len(inside):
            out.append(QuotaGap(monthly[0].kind, "working_days", inspector, needed, len(inside),
                                f"督学{cal.inspector_name(inspector)}在{period.label}只有{len(inside)}个工作日，但该月须"
                                f"安排{'、'.join(parts)}，共{needed}天。"))
    return out

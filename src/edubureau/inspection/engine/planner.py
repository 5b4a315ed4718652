"""Visit planner (督导计划): each inspector's calendar for a term that meets every quota (pure, OR-Tools CP-SAT).

Inputs are plain frozen dataclasses; nothing here imports Django. The app turns its zones, quota settings and
calendar into a :class:`PlannerInput`, calls :func:`plan_visits`, and stores the returned :class:`PlannedVisit`
rows; :func:`check_feasibility` is the fast arithmetic pre-check (capacity against demand) a settings page can run
on every edit, and :func:`audit_plan` checks any calendar (also a hand-edited one) against the quotas.

Rules (the meaning every function here shares)
----------------------------------------------
* A **working day** of an inspector is a date of the term whose weekday is in ``workdays``, that is not a holiday,
  not in an exam week (any date given in ``exam_weeks`` blocks the Monday–Friday of its week) and not one of the
  inspector's ``blocked`` days.
* **At most one visit per inspector per day**; a visit has one kind and visits ``schools_per_visit_min`` to
  ``schools_per_visit_max`` schools of the inspector's own zone (``InspectorSpec.schools``).
* **Weekly minimum** (责任督学每周督查不少于x次): in every week (Monday-based) of the term, an inspector makes at
  least ``visits_per_inspector_per_week`` visits of that kind (``weekly_visits`` overrides it for a part-time
  inspector). A week shortened by holidays, an exam week, leave or the term's ends asks for no more visits than
  the inspector has working days in it (summed over kinds); a week without working days asks for none.
* **Per-school minimum**: every school is visited at least ``visits_per_school`` times per term (``per="term"``)
  or per calendar month (``per="month"``, each month counted only as far as it lies in the term, and never more
  than the responsible inspector's working days in it) by a visit of that kind, by an inspector whose zone holds
  it.
* **Spread**: visits to one school are spread over the term (the term is cut into as many equal parts as the
  school's per-term minimum, and each part should hold one of its visits) and a school is visited at most once a
  week when the quotas allow; both are preferences, never a reason to fail.
* **Grouping**: when ``max_km_per_day`` is set, the schools of one visit lie pairwise within that distance (hard);
  otherwise far pairs on one day are penalised. Sites without coordinates pair with anything.

When quotas cannot all be met the result says which binds, for whom and by how much (:class:`QuotaGap`, message
in Chinese), first from arithmetic, then from the slack the relaxed CP-SAT model had to use — never just
"infeasible".
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .geo import LazyDistances, far_pairs, neighbours, route_km

__all__ = [
    "KIND_LABELS",
    "InspectorSpec",
    "PlanResult",
    "PlannedVisit",
    "PlannerInput",
    "Quota",
    "QuotaGap",
    "Site",
    "audit_plan",
    "check_feasibility",
    "kind_label",
    "plan_greedy",
    "plan_to_dict",
    "plan_visits",
]

KIND_LABELS = {"routine": "经常性督导", "comprehensive": "综合督导", "teaching": "教学视导", "special": "专项督导"}


@dataclass(frozen=True)
class Site:
    """A school to visit; ``lat``/``lon`` in degrees, None when the registry has no coordinates."""

    key: str
    lat: float | None
    lon: float | None
    name: str = ""


@dataclass(frozen=True)
class InspectorSpec:
    """An inspector (责任督学) and the schools of its responsibility zone.

    ``blocked`` holds its days of leave, training and meetings; ``weekly_visits`` overrides every kind's weekly
    quota for a part-time (兼职) inspector (0: no weekly minimum).
    """

    key: str
    schools: tuple[str, ...]
    blocked: frozenset[dt.date] = frozenset()
    weekly_visits: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Quota:
    """One visit kind's quotas — settings, never code.

    ``kind`` is "routine" 经常性督导, "comprehensive" 综合督导, "teaching" 教学视导 or "special" 专项督导 (any string
    works; :data:`KIND_LABELS` names the usual ones); one quota per kind. A kind whose weekly and per-school
    minimums are both 0 gets no visits; a minimum of schools per visit below 1 counts as 1.
    """

    kind: str
    visits_per_inspector_per_week: int = 0  # 责任督学每周督查不少于x次
    schools_per_visit_min: int = 1  # 每次不少于x个单位
    schools_per_visit_max: int = 3
    visits_per_school: int = 0  # each school visited at least this often …
    per: str = "term"  # … per "term" or per "month"


@dataclass(frozen=True)
class PlannerInput:
    """A term to plan: its dates, schools, inspectors, quotas and calendar."""

    start: dt.date
    end: dt.date
    sites: tuple[Site, ...]
    inspectors: tuple[InspectorSpec, ...]
    quotas: tuple[Quota, ...]
    holidays: frozenset[dt.date] = frozenset()
    exam_weeks: frozenset[dt.date] = frozenset()  # any date of an exam week blocks Mon–Fri of it
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Mon–Fri
    max_km_per_day: float | None = None  # group nearby schools on one day
    time_limit_s: float = 20.0
    seed: int = 0
    num_workers: int = 2  # CP-SAT search workers per sub-problem


@dataclass(frozen=True)
class PlannedVisit:
    """One planned visit: an inspector, a day, a kind and the schools, in a sensible driving order."""

    inspector: str
    day: dt.date
    kind: str
    schools: tuple[str, ...]


@dataclass(frozen=True)
class QuotaGap:
    """Why a plan falls short: which quota binds, for whom, by how much, in Chinese.

    ``rule`` is one of "weekly_visits" (每周督查次数), "school_visits" (每校督导次数), "schools_per_visit" (每次
    督导学校数), "working_days" (工作日不足), "distance" (距离限制), "no_inspector" (学校无责任督学),
    "unknown_school" (责任区含未知学校), "time_limit" (求解超时). ``who`` is an inspector or school key ("" for the
    whole term); ``needed``/``possible`` are counts in the rule's unit (visits, school-visits or days).
    """

    quota_kind: str
    rule: str
    who: str
    needed: int
    possible: int
    message: str


@dataclass(frozen=True)
class PlanResult:
    """The planner's answer.

    ``feasible`` is True when every quota is met by ``visits`` (then ``gaps`` is empty). ``status`` is "OPTIMAL"
    or "FEASIBLE" when quotas are met (proved best / good within the time limit), "INFEASIBLE" when they provably
    cannot be (``gaps`` says why; ``visits`` still holds the best partial calendar) and "UNKNOWN" when the time
    limit ran out before deciding. ``coverage`` holds shares in 0..1 and counts: ``inspector_weeks_met``,
    ``school_visits_met``, ``schools_visited``, ``visits``, ``school_visits``, ``mean_schools_per_visit``,
    ``mean_km_per_day`` (shortest route through a day's schools), ``spread_met`` (share of per-school minimums of
    2+ whose visits fall one in each equal part of the period), ``school_weeks_twice`` (school-weeks with more
    than one visit), ``components`` (independent sub-problems solved).
    """

    feasible: bool
    status: str
    visits: tuple[PlannedVisit, ...]
    gaps: tuple[QuotaGap, ...]
    coverage: dict
    solve_seconds: float


# ---------------------------------------------------------------------------------------------------------------
# The calendar and the demands every function shares


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _days(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def kind_label(kind: str) -> str:
    """The Chinese name of a visit kind (the kind itself when unknown).

    >>> kind_label("routine"), kind_label("食品安全")
    ('经常性督导', '食品安全')
    """
    return KIND_LABELS.get(kind, kind)


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


# ---------------------------------------------------------------------------------------------------------------
# Pre-check


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


# ---------------------------------------------------------------------------------------------------------------
# Audit: every rule checked on a calendar


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
    figures = {
        "inspector_weeks_met": weeks_met / weeks_total if weeks_total else 1.0,
        "school_visits_met": met / len(demand) if demand else 1.0,
        "schools_visited": len(visited & set(cal.sites)) / len(cal.sites) if cal.sites else 1.0,
        "visits": len(visits),
        "school_visits": school_visits,
        "mean_schools_per_visit": school_visits / len(visits) if visits else 0.0,
        "mean_km_per_day": sum(kms) / len(kms) if kms else 0.0,
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


# ---------------------------------------------------------------------------------------------------------------
# Greedy baseline


def plan_greedy(data: PlannerInput) -> PlanResult:
    """A simple round-robin calendar (the benchmark's baseline; also the CP-SAT model's starting hint).

    Week by week each inspector makes its weekly visits on spread-out working days, each visit taking the zone's
    least-visited school and its nearest least-visited neighbours (within ``max_km_per_day``); schools still short
    of their per-school minimum at the end get extra visits on free days.
    """
    began = time.perf_counter()
    cal = Calendar(data)
    visits = _greedy(cal)
    gaps, figures = _audit(cal, visits)
    gaps = _merge(_precheck(cal), gaps)
    return PlanResult(not gaps, "FEASIBLE" if not gaps else "INFEASIBLE", tuple(visits), gaps,
                      {**figures, "components": len(data.inspectors)}, time.perf_counter() - began)


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


# ---------------------------------------------------------------------------------------------------------------
# CP-SAT


def plan_visits(data: PlannerInput, *, decompose: bool = True) -> PlanResult:
    """Plan the term with CP-SAT, one sub-problem per group of inspectors sharing schools (zones are usually
    disjoint, so per inspector), the time limit shared among them in proportion to their size.

    ``decompose=False`` solves one model for the whole county (the benchmark compares the two).
    """
    from .planner_model import solve_groups

    began = time.perf_counter()
    cal = Calendar(data)
    pre = _precheck(cal)
    groups = _groups(cal) if decompose else [[i.key for i in data.inspectors]]
    visits, statuses = solve_groups(cal, groups, _greedy)
    gaps, figures = _audit(cal, visits)
    gaps = _merge(pre, gaps)
    if not gaps:
        status = "OPTIMAL" if all(s == "OPTIMAL" for s in statuses) else "FEASIBLE"
    elif pre or all(s == "OPTIMAL" for s in statuses):
        status = "INFEASIBLE"
    else:
        status = "UNKNOWN"
        gaps = gaps + (QuotaGap("", "time_limit", "", 0, 0,
                                f"在{data.time_limit_s:g}秒内未能确定能否满足全部指标，可延长求解时间后重试。"),)
    return PlanResult(not gaps, status, tuple(visits), gaps, {**figures, "components": len(groups)},
                      time.perf_counter() - began)


def _groups(cal: Calendar) -> list[list[str]]:
    """Inspectors joined when their zones share a school (union–find); each group is an independent sub-problem."""
    parent = {k: k for k in cal.inspectors}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for people in cal.responsible.values():
        for other in people[1:]:
            parent[find(other)] = find(people[0])
    groups: dict[str, list[str]] = {}
    for k in cal.inspectors:
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def plan_to_dict(result: PlanResult) -> dict:
    """The result as JSON-ready data (dates as ISO strings), for an API or a CLI.

    >>> r = PlanResult(True, "OPTIMAL", (PlannedVisit("甲", dt.date(2025, 9, 1), "routine", ("a", "b")),), (), {}, 0.5)
    >>> plan_to_dict(r)["visits"]
    [{'inspector': '甲', 'day': '2025-09-01', 'kind': 'routine', 'kind_label': '经常性督导', 'schools': ['a', 'b']}]
    """
    return {
        "feasible": result.feasible,
        "status": result.status,
        "visits": [{"inspector": v.inspector, "day": v.day.isoformat(), "kind": v.kind,
                    "kind_label": kind_label(v.kind), "schools": list(v.schools)} for v in result.visits],
        "gaps": [{"quota_kind": g.quota_kind, "rule": g.rule, "who": g.who, "needed": g.needed, "possible": g.possible,
                  "message": g.message} for g in result.gaps],
        "coverage": dict(result.coverage),
        "solve_seconds": result.solve_seconds,
    }

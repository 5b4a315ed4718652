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
from dataclasses import dataclass

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
    "plan_greedy",
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
    works; :data:`KIND_LABELS` names the usual ones). A kind whose weekly and per-school minimums are both 0 gets
    no visits.
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
    ``mean_km_per_day``, ``components`` (independent sub-problems solved).
    """

    feasible: bool
    status: str
    visits: tuple[PlannedVisit, ...]
    gaps: tuple[QuotaGap, ...]
    coverage: dict
    solve_seconds: float


def check_feasibility(data: PlannerInput) -> tuple[QuotaGap, ...]:
    """Fast arithmetic pre-check: capacity against demand, naming what binds (empty: nothing provably binds).

    Checks schools outside every zone, zones smaller than a visit, weeks asking for more visits than working
    days, per-school demand against the responsible inspector's days × schools per visit (per term and per month),
    and, with ``max_km_per_day``, schools with too few neighbours to form a visit.
    """
    raise NotImplementedError


def audit_plan(data: PlannerInput, visits: tuple[PlannedVisit, ...] | list[PlannedVisit]) -> tuple[QuotaGap, ...]:
    """Every rule broken by a calendar (planned or hand-edited), as gaps; empty when all quotas are met.

    Also reports visits on non-working days, two visits of one inspector on a day, schools outside the zone and
    visits with too few or too many schools (rule "calendar"/"schools_per_visit").
    """
    raise NotImplementedError


def plan_greedy(data: PlannerInput) -> PlanResult:
    """A simple round-robin calendar (the benchmark's baseline): each inspector's least-visited schools first."""
    raise NotImplementedError


def plan_visits(data: PlannerInput) -> PlanResult:
    """Plan the term with CP-SAT, one sub-problem per group of inspectors sharing schools (zones are usually
    disjoint, so per inspector), the time limit shared among them in proportion to their size."""
    raise NotImplementedError

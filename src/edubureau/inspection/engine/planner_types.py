"""The visit planner's inputs and outputs: plain frozen dataclasses (pure; see :mod:`.planner` for the rules)."""

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
    "kind_label",
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
    than one visit), ``components`` (independent sub-problems solved), ``km_total``, ``km_per_day_p90``,
    ``weekly_visits_std`` (an inspector's visits per working week, standard deviation, mean over inspectors),
    ``load_max_min`` (most visits of an inspector ÷ fewest). ``note`` says, in Chinese, when the optimiser kept
    the greedy calendar somewhere because its own was not better.
    """

    feasible: bool
    status: str
    visits: tuple[PlannedVisit, ...]
    gaps: tuple[QuotaGap, ...]
    coverage: dict
    solve_seconds: float
    note: str = ""



def kind_label(kind: str) -> str:
    """The Chinese name of a visit kind (the kind itself when unknown).

    >>> kind_label("routine"), kind_label("食品安全")
    ('经常性督导', '食品安全')
    """
    return KIND_LABELS.get(kind, kind)


"""Figures the evaluation reads from the other modules, one small documented function each (DESIGN.md: "a module
that needs another's figures asks through a small, documented function").

Every function takes the assessment ``year`` and the schools to cover and returns ``{school_id: (value, source)}``
— ``source`` says in Chinese where the value came from, for the trail. A school the module has no data for is
simply absent (the engine then scores the leaf 0 and lists it as missing); a module without any data returns
``{}``. :func:`gather` runs them all (keys as in ``engine.KNOWN_FIGURES``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.utils import timezone

Figures = dict[int, tuple[float, str]]


def _as_of(year: int, today: dt.date | None) -> dt.date:
    """The day figures are taken on: today, but no later than the year's end."""
    return min(today or timezone.localdate(), dt.date(year, 12, 31))


def task_completion_rate(year: int, schools: Iterable, today: dt.date | None = None) -> Figures:
    """计划任务完成率: of the tasks of the year's plans that concern the school (leaf tasks), the share done or on
    schedule on the day (plans ``Task.status``: 已完成, or 未开始/推进中 — not yet due or on pace); 滞后 and 逾期
    count against it. At the year's end every unfinished task is overdue, so it is then the plain completion rate."""
    from edubureau.plans.choices import TaskStatus
    from edubureau.plans.models import Task

    day = _as_of(year, today)
    ids = {s.pk for s in schools}
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # done, on schedule, all
    tasks = (Task.objects.filter(plan__year=year, schools__in=ids, children__isnull=True).distinct()
             .select_related("plan").prefetch_related("milestones", "reports", "schools"))
    for task in tasks:
        status = task.status(day)
        for school in task.schools.all():
            if school.pk in ids:
                c = counts[school.pk]
                c[0] += status == TaskStatus.DONE
                c[1] += status in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
                c[2] += 1
    return {pk: ((d + p) / n, f"{year}年计划涉及本校任务{n}项：已完成{d}项，按进度推进{p}项，滞后或逾期{n - d - p}项")
            for pk, (d, p, n) in counts.items() if n}


def on_time_rectification_rate(year: int, schools: Iterable, today: dt.date | None = None) -> Figures:
    """督导整改按期完成率: the inspection module's follow-ups of the school due in the year, share closed by the due
    date (``core.followup_engine.on_time_rate``: open items not yet due do not count). A school with no notice due
    in the year has no figure (the trail says 无数据; the scheme decides what that is worth)."""
    from edubureau.core.followup_engine import on_time_rate
    from edubureau.core.models import FollowUp

    day = _as_of(year, today)
    ids = {s.pk for s in schools}
    pairs: dict[int, list] = defaultdict(list)
    rows = FollowUp.objects.filter(module="inspection", school__in=ids, due__year=year).exclude(state="withdrawn")
    for school_id, due, closed_on in rows.values_list("school_id", "due", "closed_on"):
        pairs[school_id].append((due, closed_on))
    out: Figures = {}
    for pk, items in pairs.items():
        rate = on_time_rate(items, day)
        if rate is not None:
            out[pk] = (rate, f"{year}年督导整改事项{len(items)}项的按期办结率")
    return out


def quality_index(year: int, schools: Iterable, today: dt.date | None = None) -> Figures:
    """教学质量综合指数: the school's 综合指数 on the total score (总分) in the year's analysed exams, averaged over
    the exams it sat (quality ``Exam.report``, a term that starts or ends in the year)."""
    from edubureau.quality.engine.config import TOTAL
    from edubureau.quality.models import Exam

    by_name = {s.name: s.pk for s in schools}
    values: dict[int, list[float]] = defaultdict(list)
    exams = Exam.objects.filter(status=Exam.Status.READY).filter(term__start__year__lte=year, term__end__year__gte=year)
    names = []
    for exam in exams:
        rows = ((exam.report or {}).get("subjects", {}).get(TOTAL) or {}).get("schools", [])
        hit = False
        for row in rows:
            pk = by_name.get(row.get("school"))
            if pk is not None and row.get("index") is not None:
                values[pk].append(float(row["index"]))
                hit = True
        if hit:
            names.append(exam.name)
    label = "、".join(names)
    return {pk: (sum(v) / len(v), f"{label}总分综合指数（{len(v)}次考试平均）") for pk, v in values.items()}


def balance_indicators_met(year: int, schools: Iterable, today: dt.date | None = None) -> Figures:
    """均衡指标达标数: how many of the 7 resource thresholds of the 2017 quality standard the school meets (balance
    engine ``evaluate``), from the facts of the newest school year starting before the assessment year ends; a
    school with a primary and a junior part counts its weaker part."""
    from edubureau.balance.data import parts_for, school_years
    from edubureau.balance.engine import QUALITY, evaluate

    school_year = school_years().filter(start_year__lte=year).first()
    if school_year is None:
        return {}
    by_code = {s.code: s.pk for s in schools}
    met: dict[int, int] = {}
    for level in evaluate(parts_for(school_year), QUALITY)["levels"].values():
        for row in level.get("schools", []):
            pk = by_code.get(row["code"])
            if pk is not None:
                met[pk] = min(met.get(pk, 99), int(row["met"]))
    return {pk: (float(n), f"{school_year}学年办学条件，7项指标达标{n}项") for pk, n in met.items()}


def serious_conduct_cases(year: int, schools: Iterable, today: dt.date | None = None) -> Figures:
    """师德严重违规人数: the school's teachers (school of record now) with a 师德 violation recorded in the year that
    carried 降低岗位等级 or 开除 (the 人事科's 师德 records). Once the county keeps 师德 records every school has a
    figure, 0 when none; before, none (the module has no data)."""
    from edubureau.people.models import Posting
    from edubureau.staffing.models import ConductRecord

    if not ConductRecord.objects.exists():
        return {}
    ids = {s.pk for s in schools}
    serious = ConductRecord.objects.filter(kind=ConductRecord.Kind.VIOLATION, day__year=year,
                                           sanction__in=SERIOUS_SANCTIONS).values("staff_id")
    counts: dict[int, set] = defaultdict(set)
    for staff_id, school_id in Posting.objects.filter(staff_id__in=serious, end__isnull=True, reason="regular",
                                                      school__in=ids).values_list("staff_id", "school_id"):
        counts[school_id].add(staff_id)
    return {pk: (float(len(counts.get(pk, ()))), f"{year}年人事科师德记录：受降低岗位等级或开除处分"
                                                 f"{len(counts.get(pk, ()))}人") for pk in ids}


SERIOUS_SANCTIONS = ("降低岗位等级", "开除")

PROVIDERS: dict[str, Callable[..., Figures]] = {
    "plans.task_completion_rate": task_completion_rate,
    "inspection.on_time_rectification_rate": on_time_rectification_rate,
    "quality.composite_index": quality_index,
    "balance.indicators_met": balance_indicators_met,
    "staffing.serious_conduct": serious_conduct_cases,
    # "safety.serious_incidents": no module records incidents yet — a figure the department enters by hand.
}


def gather(year: int, schools: Iterable, keys: Iterable[str] | None = None,
           today: dt.date | None = None) -> dict[str, Figures]:
    """Every provider's figures (only ``keys`` when given): ``{key: {school_id: (value, source)}}``."""
    schools = list(schools)
    wanted = PROVIDERS if keys is None else {k: PROVIDERS[k] for k in keys if k in PROVIDERS}
    return {key: provider(year, schools, today) for key, provider in wanted.items()}

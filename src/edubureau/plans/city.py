"""City plans (issue 16): a city's work plan whose tasks go to its counties.

The city assigns a task to counties (``assign_counties``); each county reports its progress on the city task
(``services.submit_report`` records the county's report, ``ProgressReport.region``) or breaks the task down into
tasks of its own plan (``break_down``; the county's tasks name the city task as ``source_task``). The city reads
completion by county (``city_matrix``, computed by the pure ``engine.city``); a county reads the city tasks
assigned to it (``upper_tasks``). ``load_city_plan`` loads seed 002 (德州市2017年教育工作要点) this way for the
city demo.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.roles import Role
from edubureau.core.scope import can_write, scope_for
from edubureau.org.choices import RegionLevel
from edubureau.org.models import Department, Region

from .choices import BADGE, TaskStatus
from .engine import city as engine
from .models import ProgressReport, Task, WorkPlan
from .services import import_plan, renumber

__all__ = [
    "CityMatrix",
    "assign_counties",
    "break_down",
    "can_break_down",
    "cell_detail",
    "city_matrix",
    "county_cell",
    "county_of",
    "county_plan",
    "is_city_plan",
    "load_city_plan",
    "reporting_county",
    "upper_tasks",
]


# ---------------------------------------------------------------------------------------------------------
# Who is a county, and which tasks are a city's


def county_of(user) -> Region | None:
    """The county (县/市/区) a user works for: its profile's region, else its department's; None for others."""
    if scope_for(user).role in (None, Role.SCHOOL):
        return None
    profile = getattr(user, "profile", None)
    if profile is None:
        return None
    region = profile.region if profile.region_id else (profile.department.region if profile.department_id else None)
    return region if region is not None and region.level == RegionLevel.COUNTY else None


def is_city_plan(plan: WorkPlan) -> bool:
    return plan.region_id is not None and plan.region.level == RegionLevel.CITY


def _assigned(task: Task, county: Region) -> bool:
    # Reads the prefetched counties when a page loaded them (no query per row).
    return any(c.pk == county.pk for c in task.counties.all())


def reporting_county(user, task: Task) -> Region | None:
    """The county ``user`` reports for on the city task ``task`` (None: not a county's task of this user's).

    The county's department matching the task's lead department (基教科 for 基教科) reports, and so does any
    county user who may write the county's reports in the plans module.
    """
    county = county_of(user)
    if county is None or not _assigned(task, county):
        return None
    profile = user.profile
    lead = task.lead_department
    if (scope_for(user).role == Role.DEPARTMENT and lead is not None and profile.department_id
            and profile.department.code == lead.code):
        return county
    return county if can_write(user, ProgressReport(task=task, region=county)) else None


def can_break_down(user, task: Task) -> bool:
    """A county user who may write its county's plan breaks down a city task assigned to the county."""
    county = county_of(user)
    if county is None or not _assigned(task, county):
        return False
    return can_write(user, Task(plan=WorkPlan(region=county, year=task.plan.year)))


# ---------------------------------------------------------------------------------------------------------
# Writes: assign, break down


@transaction.atomic
def assign_counties(tasks, counties, *, by, replace: bool = False) -> int:
    """Assign each of ``tasks`` to ``counties`` (承办区县); ``replace`` drops counties not named.

    Only a user who may write the city's task assigns it, and only to counties under the plan's city.

    Returns:
        How many (task, county) assignments were added.
    """
    tasks = list(tasks)
    counties = list(counties)
    added = 0
    for task in tasks:
        if not can_write(by, task):
            raise PermissionDenied(_("您无权分派该任务。"))
        city_id = task.plan.region_id
        if any(c.parent_id != city_id or city_id is None for c in counties):
            raise ValidationError({"counties": _("只能分派给本市所辖的县（市、区）。")})
        before = set(task.counties.values_list("pk", flat=True))
        if replace:
            task.counties.set(counties)
        else:
            task.counties.add(*counties)
        added += len({c.pk for c in counties} - before)
    return added


def county_plan(city_plan: WorkPlan, county: Region, *, create: bool = False) -> WorkPlan | None:
    """The county's plan holding its breakdown of ``city_plan`` (made on first use when ``create``)."""
    plan = (WorkPlan.objects.filter(region=county, tasks__source_task__plan=city_plan).distinct().first()
            or WorkPlan.objects.filter(region=county, year=city_plan.year,
                                       source_name=_breakdown_source(city_plan)).first())
    if plan is None and create:
        plan = WorkPlan.objects.create(
            region=county, year=city_plan.year,
            title=_("{county}落实《{plan}》任务分解").format(county=county.name, plan=city_plan.title)[:200],
            issuing_body=_("{county}教育局").format(county=county.name), source_name=_breakdown_source(city_plan),
        )
    return plan


def _breakdown_source(city_plan: WorkPlan) -> str:
    return f"city-plan-{city_plan.pk}"


@transaction.atomic
def break_down(task: Task, *, titles: list[str], by, deadline: dt.date | None = None,
               lead_department: Department | None = None) -> list[Task]:
    """Break the city task ``task`` down into tasks of ``by``'s county plan, one per title.

    The county's tasks sit under a section named after the city task, each naming it as ``source_task``; they
    take the city task's start and deadline unless ``deadline`` is given (no later than the city's).

    Returns:
        The new county tasks, in order.
    """
    if not can_break_down(by, task):
        raise PermissionDenied(_("您无权分解该任务。"))
    titles = [t.strip() for t in titles if t and t.strip()]
    if not titles:
        raise ValidationError({"titles": _("请至少填写一项分解任务。")})
    if deadline is not None and task.deadline is not None and deadline > task.deadline:
        raise ValidationError({"deadline": _("分解任务的完成时限不能晚于市级任务的完成时限。")})
    county = county_of(by)
    plan = county_plan(task.plan, county, create=True)
    made = _break_down(plan, task, titles, deadline=deadline or task.deadline, lead_department=lead_department)
    renumber(plan)
    return [Task.objects.get(pk=t.pk) for t in made]


def _break_down(plan: WorkPlan, task: Task, titles, *, deadline, lead_department=None) -> list[Task]:
    """Create (without renumbering) the section for ``task`` in ``plan`` if missing, and one task per title."""
    end = Task.objects.filter(plan=plan).aggregate(last=Max("position"))["last"]
    end = -1 if end is None else end
    section = Task.objects.filter(plan=plan, parent=None, text=f"{task.item} {task.title}").first()
    if section is None:
        end += 1
        section = Task.objects.create(plan=plan, item=f"~s{task.pk}", level=1, position=end,
                                      title=task.title[:200], text=f"{task.item} {task.title}")
    made = []
    for title in titles:
        end += 1
        made.append(Task.objects.create(
            plan=plan, parent=section, item=f"~{task.pk}.{end}", level=2, position=end, title=title,
            text=title, source_task=task, start=task.start, deadline=deadline, lead_department=lead_department,
        ))
    return made


# ---------------------------------------------------------------------------------------------------------
# Reads: the city's matrix, a county's upper tasks


@dataclass
class CityMatrix:
    """What the matrix page shows: the city tasks (rows), the counties (columns), a cell per assigned pair."""

    tasks: list[Task]
    counties: list[Region]
    rows: list[dict]
    totals: list[dict]
    matrix: engine.Matrix


def _city_tasks(plan: WorkPlan, user):
    """The plan's tasks assigned to counties, with everything the cells need in a fixed number of queries."""
    visible_reports = ProgressReport.objects.visible_to(user).filter(region__level=RegionLevel.COUNTY)
    return (Task.objects.visible_to(user).filter(plan=plan, counties__isnull=False).distinct()
            .select_related("plan", "lead_department").order_by("position")
            .prefetch_related(
                "counties",
                Prefetch("reports", queryset=visible_reports.order_by("period", "pk"), to_attr="county_reports"),
                Prefetch("breakdown_tasks", queryset=Task.objects.visible_to(user).select_related("plan")
                         .prefetch_related("reports"), to_attr="seen_breakdown"),
            ))


def _worked(tasks: list[Task]) -> list[Task]:
    """The assigned tasks nothing assigned hangs under: a section assigned with its items is counted by its items."""
    parents = {t.parent_id for t in tasks if t.parent_id}
    return [t for t in tasks if t.pk not in parents]


def _work(task: Task) -> list[engine.CountyWork]:
    """Each county's latest report on ``task`` and the latest percent of each of its breakdown tasks."""
    latest: dict[int, int] = {}
    for report in task.county_reports:  # ordered by period: the last one wins
        latest[report.region_id] = report.percent_done
    breakdown: dict[int, list[int]] = {}
    for child in task.seen_breakdown:
        reports = sorted(child.reports.all(), key=lambda r: (r.period, r.pk))
        breakdown.setdefault(child.plan.region_id, []).append(reports[-1].percent_done if reports else 0)
    counties = set(latest) | set(breakdown)
    return [engine.CountyWork(task=task.pk, county=c, percent=latest.get(c), breakdown=tuple(breakdown.get(c, ())))
            for c in counties if c is not None]


def city_matrix(user, plan: WorkPlan, today: dt.date | None = None) -> CityMatrix:
    """The task × county matrix of a city plan as ``user`` may see it (a county: its own column only)."""
    today = today or timezone.localdate()
    tasks = _worked(list(_city_tasks(plan, user)))
    # A county reading the city's plan sees its own column only: it reads no other county's reports, and an
    # empty cell would pass for a county that has done nothing.
    reach = scope_for(user).region_ids

    def counties_of(task):
        return [c for c in task.counties.all() if reach is None or c.pk in reach]

    counties = sorted({c for t in tasks for c in counties_of(t)}, key=lambda c: c.code)
    inputs = [engine.CityTask(t.pk, min(t.start_date, _deadline(t)), _deadline(t),
                              tuple(c.pk for c in counties_of(t))) for t in tasks]
    work = [w for t in tasks for w in _work(t)]
    matrix = engine.completion_matrix(inputs, work, today)
    rows = []
    for task in tasks:
        cells = []
        for county in counties:
            cell = matrix.cells.get((task.pk, county.pk))
            status = TaskStatus(cell.status) if cell else None
            cells.append({"county": county, "cell": cell, "status": status, "badge": BADGE[status] if status else ""})
        rows.append({"task": task, "cells": cells, "total": matrix.tasks[task.pk]})
    totals = [{"county": c, "total": matrix.counties.get(c.pk)} for c in counties]
    return CityMatrix(tasks=tasks, counties=counties, rows=rows, totals=totals, matrix=matrix)


def _deadline(task: Task) -> dt.date:
    return task.deadline or dt.date(task.plan.year, 12, 31)


def upper_tasks(user, today: dt.date | None = None) -> list[dict]:
    """上级任务: the city tasks assigned to ``user``'s county, with the county's standing on each."""
    county = county_of(user)
    if county is None:
        return []
    today = today or timezone.localdate()
    tasks = _worked(list(_city_tasks_of_county(user, county)))
    inputs = [engine.CityTask(t.pk, min(t.start_date, _deadline(t)), _deadline(t), (county.pk,)) for t in tasks]
    work = [w for t in tasks for w in _work(t) if w.county == county.pk]
    matrix = engine.completion_matrix(inputs, work, today)
    rows = []
    for task in tasks:
        cell = matrix.cells[(task.pk, county.pk)]
        status = TaskStatus(cell.status)
        reports = [r for r in task.county_reports if r.region_id == county.pk]
        rows.append({
            "task": task, "cell": cell, "status": status, "badge": BADGE[status],
            "latest": reports[-1] if reports else None,
            "breakdown": [t for t in task.seen_breakdown if t.plan.region_id == county.pk],
            "can_report": reporting_county(user, task) is not None, "can_break_down": can_break_down(user, task),
        })
    rank = {s: i for i, s in enumerate(["overdue", "lagging", "in_progress", "not_started", "done"])}
    rows.sort(key=lambda r: (rank[r["status"]], _deadline(r["task"]), r["task"].position))
    return rows


def _city_tasks_of_county(user, county: Region):
    visible_reports = ProgressReport.objects.visible_to(user).filter(region=county)
    return (Task.objects.visible_to(user).filter(counties=county)
            .select_related("plan__region", "lead_department").order_by("plan", "position")
            .prefetch_related(
                "counties", "schools",
                Prefetch("reports", queryset=visible_reports.order_by("period", "pk"), to_attr="county_reports"),
                Prefetch("breakdown_tasks", queryset=Task.objects.visible_to(user).filter(plan__region=county)
                         .select_related("plan").prefetch_related("reports"), to_attr="seen_breakdown"),
            ))


def county_cell(user, task: Task, county: Region, today: dt.date | None = None) -> engine.Cell:
    """One county's standing on one city task (the drill-down's heading), by the matrix's rule."""
    today = today or timezone.localdate()
    loaded = _city_tasks_of_county(user, county).get(pk=task.pk)
    work = [w for w in _work(loaded) if w.county == county.pk]
    window = engine.CityTask(task.pk, min(task.start_date, _deadline(task)), _deadline(task), (county.pk,))
    return engine.cell(window, work[0] if work else None, today)


def cell_detail(user, task: Task, county: Region) -> dict:
    """The drill-down of one cell: the county's reports on the city task and its breakdown tasks."""
    reports = (ProgressReport.objects.visible_to(user).filter(task=task, region=county)
               .select_related("school").prefetch_related("attachments").order_by("-period", "-pk"))
    breakdown = (Task.objects.visible_to(user).filter(source_task=task, plan__region=county)
                 .select_related("plan", "lead_department").prefetch_related("milestones", "reports")
                 .order_by("position"))
    return {"reports": list(reports), "breakdown": list(breakdown)}


# ---------------------------------------------------------------------------------------------------------
# Seed 002 as a city plan (the city demo calls this)

BREAKDOWN_TITLES = ("制定本县实施方案", "组织实施并开展督查", "总结验收并报送市局")
REPORT_TEXTS = ("已制定本县落实方案，明确责任科室和时间节点。", "召开全县推进会，任务分解到乡镇和学校。",
                "按节点推进，阶段任务已完成。", "已完成全部任务，验收材料已报市局。")


def load_city_plan(city: Region, counties=None, *, year: int | None = None, today: dt.date | None = None,
                   seed: int = 5, progress: bool = True) -> WorkPlan:
    """Load seed 002 (德州市教育工作要点) as ``city``'s plan, its worked tasks assigned to every county.

    The text's "德州市" becomes the city's name and "2017年" the plan's year. Every task below a first-level
    section that nothing hangs under (the ones worked and reported) goes to ``counties`` (default: the city's
    counties); the city's departments (``Department.region`` = city, matched by code as in the county demo) lead
    them. With ``progress``, deterministically for ``seed``: deadlines spread around ``today`` and each county
    reports on some tasks (some done, some behind), breaks some down into its own plan with reports on the
    breakdown tasks, and leaves the rest untouched, so the matrix tells a story. Reports and assignments are
    bulk-written; a county's breakdown takes a few queries per task broken down.

    Idempotent: when the city already has this plan for the year, it is returned unchanged.

    Args:
        city: the 市 region (``level="city"``).
        counties: the counties the tasks go to; None: ``city.children``.
        year: the plan's year; None: the year of ``today``.
        today: the day the demo's dates are laid around; None: today.
        seed: the random seed of the demo progress.
        progress: also create the counties' reports and breakdowns.

    Returns:
        The city's WorkPlan.
    """
    from .demo import SOURCE, _lead
    from .tracking import leaf_tasks

    today = today or timezone.localdate()
    year = year or today.year
    counties = list(counties if counties is not None else Region.objects.filter(parent=city).order_by("code"))
    existing = WorkPlan.objects.filter(region=city, year=year, source_name=SOURCE.name).first()
    if existing is not None:
        return existing
    rng = random.Random(seed)
    with transaction.atomic():
        text = SOURCE.read_text(encoding="utf-8").replace("德州市", city.name).replace("2017年", f"{year}年")
        plan = import_plan(text, title=f"{city.name}{year}年教育工作要点", year=year,
                           issuing_body=f"{city.name}教育局", source_name=SOURCE.name, region=city)
        departments = {d.code: d for d in Department.objects.filter(region=city)}
        tasks = [t for t in leaf_tasks(list(Task.objects.filter(plan=plan).select_related("parent", "plan")
                                           .order_by("position"))) if t.level > 1]
        start = dt.date(year, 1, 1)
        for i, task in enumerate(tasks):
            task.lead_department = _lead(task, departments) if departments else None
            task.start = start
            # Spread deadlines: a few already past, most later in the year (a 工作要点 is the year's work).
            spread = today + dt.timedelta(days=(-30, 45, 90, 150)[i % 4])
            task.deadline = max(start + dt.timedelta(days=60), min(spread, dt.date(year, 12, 31)))
        Task.objects.bulk_update(tasks, ["lead_department", "start", "deadline"])
        Through = Task.counties.through
        Through.objects.bulk_create(Through(task_id=t.pk, region_id=c.pk) for t in tasks for c in counties)
        if progress:
            _demo_progress(plan, tasks, counties, today, rng)
    return plan


def _demo_progress(plan, tasks, counties, today, rng) -> None:
    """Each county: reports on about half the tasks, breaks a fifth down (with reports on those), skips the rest."""
    reports: list[ProgressReport] = []
    period = today.replace(day=1)
    for k, county in enumerate(counties):
        # Counties differ in pace: the first ones run ahead, the last ones behind.
        pace = 1.0 - 0.5 * k / max(1, len(counties) - 1)
        chosen = []
        for task in tasks:
            roll = rng.random()
            if roll < 0.2:
                chosen.append(task)
            elif roll < 0.75:
                share = min(100, int(100 * pace * rng.uniform(0.6, 1.3)))
                if task.deadline < today and rng.random() < pace:
                    share = 100
                reports.append(ProgressReport(task=task, region=county, period=period, percent_done=share,
                                              narrative=REPORT_TEXTS[min(3, share // 30)]))
        if chosen:
            county_plan_ = county_plan(plan, county, create=True)
            for task in chosen:
                for child in _break_down(county_plan_, task, BREAKDOWN_TITLES, deadline=task.deadline):
                    share = min(100, int(100 * pace * rng.uniform(0.5, 1.4)))
                    reports.append(ProgressReport(task=child, region=county, period=period, percent_done=share,
                                                  narrative=REPORT_TEXTS[min(3, share // 30)]))
            renumber(county_plan_)
    ProgressReport.objects.bulk_create(reports)

"""Read-side helpers of the tracking pages: tasks with their computed status, board columns, the timeline
geometry, and the plain rows of the .docx report and the 难点问题 ledger (engines write the files)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from edubureau.core.generic.display import cn_date
from edubureau.core.models import FollowUp

from .choices import BADGE, TaskStatus
from .engine.report_doc import ProblemLine, ReportData, Section, TargetLine, TaskLine
from .models import Problem, ProgressReport, Target, Task, WorkPlan
from .templatetags.plans_display import target_label

BOARD_ORDER = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.LAGGING, TaskStatus.OVERDUE,
               TaskStatus.DONE]


# Where with_reports() puts the reports the reader may see (latest_report reads only these).
SEEN_REPORTS = "seen_reports"


def with_reports(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` of tasks with their milestones and reports, and the reports ``user`` may read.

    ``task.reports`` stays whole for ``Task.status()``, the task's one status whoever looks; what a page or an
    export *shows* of a report comes from ``SEEN_REPORTS``, cut by ``ProgressReport.visible_to`` (issue 18: the
    台账 xlsx read ``task.reports`` and gave a school the narrative another school had written on a shared task).
    """
    return queryset.prefetch_related(
        "milestones", "reports",
        Prefetch("reports", queryset=ProgressReport.objects.visible_to(user), to_attr=SEEN_REPORTS),
    )


def tasks_of(user, plan: WorkPlan | None = None):
    queryset = with_reports(Task.objects.visible_to(user).select_related("lead_department", "plan"), user)
    # can_report asks whether a city task is the county's, and which schools a task belongs to.
    queryset = queryset.prefetch_related("counties", "schools")
    return queryset.filter(plan=plan) if plan is not None else queryset


def leaf_tasks(tasks: list[Task]) -> list[Task]:
    """The tasks nothing hangs under: the ones that are worked on and reported (sections only group them)."""
    parents = {t.parent_id for t in tasks if t.parent_id}
    with_children = set(Task.objects.filter(parent_id__in=[t.pk for t in tasks]).values_list("parent_id", flat=True))
    return [t for t in tasks if t.pk not in parents and t.pk not in with_children]


def section_summaries(tasks: list[Task], statuses: dict) -> dict[int, str]:
    """For each task with tasks under it: "推进中3 · 滞后1", counted over the worked tasks beneath it.

    A section only groups tasks and has no reports of its own, so its own computed status would mislead."""
    children: dict = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)
    summaries: dict[int, str] = {}

    def leaves(task):
        kids = children.get(task.pk, [])
        return [task] if not kids else [leaf for kid in kids for leaf in leaves(kid)]

    for task in tasks:
        if children.get(task.pk):
            found = [statuses[leaf.pk] for leaf in leaves(task)]
            summaries[task.pk] = " · ".join(f"{s.label}{found.count(s)}" for s in BOARD_ORDER if found.count(s))
    return summaries


def latest_report(task: Task, school_id: int | None = None, until: dt.date | None = None):
    """The latest report on ``task`` its reader may see (of ``school_id`` only, up to ``until``, when given).

    The task must come through ``with_reports`` (``tasks_of`` does): failing closed beats reading the
    unscoped ``task.reports`` (issue 18).
    """
    seen = getattr(task, SEEN_REPORTS, None)
    if seen is None:
        raise ValueError("latest_report() needs the reader's reports: load the task with tracking.with_reports()")
    reports = [r for r in seen if (until is None or r.period <= until)
               and (school_id is None or r.school_id == school_id)]
    # In the same month the lead department's report (no school) speaks for the task.
    return max(reports, key=lambda r: (r.period, r.school_id is None, r.pk), default=None)


def board_columns(tasks: list[Task], today: dt.date) -> list[dict]:
    columns = {status: [] for status in BOARD_ORDER}
    for task in tasks:
        columns[task.status(today)].append(task)
    return [
        {"status": status, "badge": BADGE[status], "tasks": sorted(items, key=_deadline_key)}
        for status, items in columns.items()
    ]


def _deadline_key(task: Task):
    return (task.deadline or dt.date.max, task.position)


@dataclass
class TimelineRow:
    task: Task
    status: TaskStatus
    badge: str
    left: float
    width: float
    milestones: list[dict]


def timeline(plan: WorkPlan, tasks: list[Task], today: dt.date) -> dict:
    """A plain CSS Gantt: one bar per task from the plan's start to its deadline, milestones as marks, the
    axis from 1 January of the plan's year to the latest date shown; positions in percent."""
    dated = [t for t in tasks if t.deadline]
    start = min([dt.date(plan.year, 1, 1), *(t.start_date for t in dated)])
    end = max([dt.date(plan.year, 12, 31), *(t.deadline for t in dated),
               *(m.due for t in dated for m in t.milestones.all())])
    span = (end - start).days or 1

    def pct(day: dt.date) -> float:
        return round(100 * min(max((day - start).days, 0), span) / span, 2)

    rows = []
    for task in sorted(dated, key=_deadline_key):
        status = task.status(today)
        marks = []
        for m in task.milestones.all():
            state = "done" if m.done_on else ("late" if m.due < today else "open")
            marks.append({"left": pct(m.due), "title": m.title, "due": m.due, "state": state, "done_on": m.done_on})
        left = pct(min(task.start_date, task.deadline))
        rows.append(TimelineRow(task, status, BADGE[status], left, max(pct(task.deadline) - left, 0.8), marks))
    months = []
    day = start
    while day <= end:
        months.append({"left": pct(day), "label": f"{day.month}月", "year": day.year if day.month == 1 else None})
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return {"rows": rows, "months": months, "today": pct(today) if start <= today <= end else None,
            "undated": len(tasks) - len(dated)}


def plan_followups(user, plan: WorkPlan):
    """The open follow-ups of ``plan`` (problems, overdue milestones and tasks) within the user's scope."""
    return (FollowUp.objects.visible_to(user).open().filter(module="plans")
            .filter(Q(plan_task__plan=plan) | Q(plan_milestone__task__plan=plan) | Q(plan_problem__task__plan=plan))
            .select_related("school", "department"))


# The .docx progress report ---------------------------------------------------------------------------------


def report_data(user, plan: WorkPlan, *, period_end: dt.date, today: dt.date | None = None) -> ReportData:
    today = today or timezone.localdate()
    tasks = list(tasks_of(user, plan))
    statuses = {t.pk: t.status(today) for t in tasks}
    leaves = leaf_tasks(tasks)
    counts = [(str(s.label), sum(1 for t in leaves if statuses[t.pk] == s)) for s in BOARD_ORDER]
    children: dict = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)

    def descendants(task):
        for child in children.get(task.pk, []):
            yield child
            yield from descendants(child)

    leaf_ids = {t.pk for t in leaves}
    sections = []
    for top in children.get(None, []):
        lines = []
        for task in descendants(top):
            if task.pk not in leaf_ids:
                continue
            latest = latest_report(task, until=period_end)
            lines.append(TaskLine(
                item=task.item, title=f"{task.marker}{task.title}", lead=str(task.lead_department or ""),
                deadline=cn_date(task.deadline) if task.deadline else "", status=str(statuses[task.pk].label),
                latest=f"{latest.period.year}年{latest.period.month}月：{latest.narrative}（{latest.percent_done}%）"
                if latest else "",
            ))
        own = [statuses[t.pk] for t in descendants(top) if t.pk in leaf_ids] or [statuses[top.pk]]
        summary = "，".join(f"{s.label}{own.count(s)}项" for s in BOARD_ORDER if own.count(s))
        sections.append(Section(title=f"{top.marker}{top.title}", status=summary, tasks=lines,
                                numbered=bool(top.marker)))
    targets = []
    for target in Target.objects.visible_to(user).filter(plan=plan).select_related("task"):
        goal = target.number if target.number is not None else target.high
        share = f"{100 * (target.actual or 0) / goal:.0f}%" if goal and target.actual is not None else ""
        targets.append(TargetLine(
            text=target_label(target), counted=target.counted,
            target=f"{goal:,.0f}{target.unit}" if goal is not None else "待填",
            actual=f"{target.actual:,.0f}{target.unit}" if target.actual is not None else "", share=share,
        ))
    problems = [
        ProblemLine(task=p.task.item, description=p.description, owner=p.followup.owner_label,
                    due=cn_date(p.followup.due), state=_problem_state(p.followup, today))
        for p in problems_of(user, plan).filter(followup__state__in=("issued", "responded", "returned"))
    ]
    return ReportData(
        plan_title=plan.title, issuing_body=plan.issuing_body,
        period=f"{period_end.year}年{period_end.month}月", dated=f"{cn_date(today)}",
        counts=counts, sections=sections, targets=targets, problems=problems,
    )


def problems_of(user, plan: WorkPlan | None = None):
    queryset = (Problem.objects.visible_to(user)
                .select_related("task__plan", "followup__school", "followup__department", "raised_by"))
    return queryset.filter(task__plan=plan) if plan is not None else queryset


def _problem_state(followup: FollowUp, today: dt.date) -> str:
    label = str(followup.get_state_display())
    if followup.is_open and followup.due < today:
        return f"{label}（逾期{followup.days_overdue(today)}天）"
    return label


def problem_state(followup: FollowUp, today: dt.date) -> str:
    return _problem_state(followup, today)


def own_reports(user, task: Task):
    return (ProgressReport.objects.visible_to(user).filter(task=task).select_related("school", "region")
            .prefetch_related("attachments"))

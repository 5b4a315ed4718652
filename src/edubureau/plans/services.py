"""Turn a parsed plan into a WorkPlan with its task tree and targets (one transaction)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.followup import open_followup, scan_followups
from edubureau.core.followup_engine import REMIND_DAYS
from edubureau.core.generic.display import cn_date
from edubureau.core.roles import Role
from edubureau.core.scope import can_write, scope_for

from .choices import TaskStatus
from .engine import ParsedPlan, parse_text
from .engine.status import propose_milestones
from .models import Milestone, Problem, ProgressReport, ReportAttachment, Target, Task, WorkPlan


@transaction.atomic
def import_plan(source_text: str, *, title: str, year: int, issuing_body: str = "", source_name: str = "",
                region=None) -> WorkPlan:
    """Parse ``source_text`` and create the plan, one task per heading (parents kept), targets under their tasks.

    ``region``: whose plan it is (a city's, whose tasks go to its counties, or a county's); None: the instance's.
    """
    parsed: ParsedPlan = parse_text(source_text)
    plan = WorkPlan.objects.create(
        title=title, year=year, issuing_body=issuing_body, source_name=source_name, source_text=source_text,
        region=region,
    )
    tasks: dict[str, Task] = {}
    for position, heading in enumerate(parsed.headings()):
        parent_id = heading.id.rsplit(".", 1)[0] if "." in heading.id else None
        tasks[heading.id] = Task.objects.create(
            plan=plan,
            parent=tasks.get(parent_id),
            item=heading.id,
            marker=heading.marker,
            level=heading.level,
            position=position,
            title=heading.title or heading.text[:200],
            text=heading.text,
        )
    Target.objects.bulk_create(
        Target(
            plan=plan,
            task=tasks.get(t.item) if t.item else None,
            text=t.text[:100],
            number=t.number,
            low=t.low,
            high=t.high,
            comparator=t.comparator or "",
            unit=t.unit,
            counted=t.object[:100],
            deadline_text=(t.deadline or "")[:32],
            unknown=t.unknown,
        )
        for t in parsed.targets
    )
    return plan


# ---------------------------------------------------------------------------------------------------------
# Editing the task tree after import: re-parent, merge two siblings, split one into two. Items ("2.3"),
# levels and positions are renumbered from the tree after each change, so the plan reads in order again.


class TreeError(ValueError):
    """A tree edit that would break the plan (a task moved under itself, a merge across parents …)."""


def _subtree_ids(task: Task) -> set[int]:
    ids, frontier = {task.pk}, [task.pk]
    while frontier:
        frontier = list(Task.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.update(frontier)
    return ids


def renumber(plan: WorkPlan) -> None:
    """Give every task of ``plan`` its item ("2.3"), level and position from the tree, in the current order."""
    tasks = list(Task.objects.filter(plan=plan).order_by("position", "pk"))
    children: dict[int | None, list[Task]] = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)
    ordered: list[Task] = []

    def walk(parent_id, prefix, level):
        for i, task in enumerate(children.get(parent_id, []), start=1):
            task.item = f"{prefix}{i}"
            task.level = level
            task.position = len(ordered)
            ordered.append(task)
            walk(task.pk, f"{task.item}.", level + 1)

    walk(None, "", 1)
    # Two passes: items are unique per plan, and a swap would collide half-way.
    for task in ordered:
        Task.objects.filter(pk=task.pk).update(item=f"~{task.pk}")
    Task.objects.bulk_update(ordered, ["item", "level", "position"])


def _reorder(plan_id: int, block: set[int], after: set[int] | None) -> None:
    """Move the tasks ``block`` (kept in their order) just after the last task of ``after`` (None: the end)."""
    tasks = list(Task.objects.filter(plan_id=plan_id).order_by("position", "pk"))
    moved = [t for t in tasks if t.pk in block]
    rest = [t for t in tasks if t.pk not in block]
    at = len(rest) if not after else max(i for i, t in enumerate(rest) if t.pk in after) + 1
    ordered = rest[:at] + moved + rest[at:]
    for position, task in enumerate(ordered):
        task.position = position
    Task.objects.bulk_update(ordered, ["position"])


@transaction.atomic
def move_task(task: Task, new_parent: Task | None) -> Task:
    """Re-parent ``task`` (with its subtree) as the last child of ``new_parent`` (None: a first-level section)."""
    subtree = _subtree_ids(task)
    if new_parent is not None:
        if new_parent.plan_id != task.plan_id:
            raise TreeError("只能移到同一计划的任务下。")
        if new_parent.pk in subtree:
            raise TreeError("不能把任务移到它自己或它的下级任务下。")
    _reorder(task.plan_id, subtree, _subtree_ids(new_parent) if new_parent is not None else None)
    Task.objects.filter(pk=task.pk).update(parent=new_parent)
    renumber(task.plan)
    task.refresh_from_db()
    return task


@transaction.atomic
def merge_tasks(keep: Task, other: Task) -> Task:
    """Merge sibling ``other`` into ``keep``: its text, schools, sub-tasks, targets, milestones, reports and
    problems move over, and ``other`` is deleted."""
    if keep.pk == other.pk or keep.plan_id != other.plan_id or keep.parent_id != other.parent_id:
        raise TreeError("只能合并同一上级下的两项不同任务。")
    Task.objects.filter(parent=other).update(parent=keep)
    for model in (Target, Milestone, ProgressReport, Problem):
        model.objects.filter(task=other).update(task=keep)
    keep.schools.add(*other.schools.all())
    keep.text = "\n".join(part for part in (keep.text, other.text) if part)
    if other.deadline and (keep.deadline is None or other.deadline > keep.deadline):
        keep.deadline = other.deadline
    if not keep.lead_department_id:
        keep.lead_department_id = other.lead_department_id
    partners = [p for p in dict.fromkeys([*keep.partners.split("、"), *other.partners.split("、")]) if p]
    keep.partners = "、".join(partners)[:200]
    keep.save()
    other.delete()
    renumber(keep.plan)
    keep.refresh_from_db()
    return keep


@transaction.atomic
def split_task(task: Task, *, title: str, text: str = "", targets=()) -> Task:
    """Split ``task`` in two: a new sibling right after it with ``title`` and ``text`` (removed from the
    original's text when found there) takes the given targets; lead department, schools and deadline are copied."""
    if not title.strip():
        raise TreeError("请填写拆分出的任务名称。")
    new = Task.objects.create(
        plan=task.plan, parent=task.parent, item=f"~new{task.pk}", marker="", level=task.level,
        position=task.position, title=title.strip(), text=text.strip() or title.strip(),
        lead_department=task.lead_department, partners=task.partners, deadline=task.deadline,
    )
    new.schools.set(task.schools.all())
    _reorder(task.plan_id, {new.pk}, _subtree_ids(task))
    Target.objects.filter(task=task, pk__in=[getattr(t, "pk", t) for t in targets]).update(task=new)
    if text.strip() and text.strip() in task.text:
        task.text = task.text.replace(text.strip(), "").strip()
        task.save(update_fields=["text", "updated"])
    renumber(task.plan)
    new.refresh_from_db()
    return new


@transaction.atomic
def lay_milestones(task: Task, *, count: int, step_days: int | None = None, stages: list[str] = ()) -> list:
    """倒排工期: create ``count`` milestones at equal steps back from the task's deadline (its plan's year end
    when it has none). Stage names come from ``stages`` in order, else "节点1" …"""
    deadline = task.deadline or dt.date(task.plan.year, 12, 31)
    start = task.start_date
    dates = propose_milestones(deadline, count, step_days=step_days, start=min(start, deadline))
    names = [s.strip() for s in stages if s.strip()]
    return Milestone.objects.bulk_create(
        Milestone(task=task, title=(names[i] if i < len(names) else f"节点{i + 1}")[:200], due=due)
        for i, due in enumerate(dates)
    )


# ---------------------------------------------------------------------------------------------------------
# Progress reports: a school reports on the tasks that concern it, a department on the tasks it leads.


def can_report(user, task: Task) -> bool:
    """May ``user`` send a progress report on ``task``?

    A school administrator: when the task concerns its school (``can_write`` on the school's report decides).
    A department user: when its department leads the task, or it writes the plans module. A county user on a
    city task assigned to counties: when it is assigned to its county (``city.reporting_county``). Others: no.
    """
    scope = scope_for(user)
    if scope.role is None:
        return False
    from .city import county_of, reporting_county

    if county_of(user) is not None and task.counties.all():
        # A city task assigned to counties (issue 16): a county reports for itself, on its own row.
        return reporting_county(user, task) is not None
    if scope.role == Role.SCHOOL:
        school_id = next(iter(scope.school_ids), None) if scope.school_ids else None
        return school_id is not None and can_write(user, ProgressReport(task=task, school_id=school_id))
    profile = getattr(user, "profile", None)
    if scope.role == Role.DEPARTMENT and profile is not None and task.lead_department_id:
        if profile.department_id == task.lead_department_id:
            return True
    return can_write(user, ProgressReport(task=task, region_id=task.plan.region_id))


def reporting_school(user):
    """The school a school administrator reports for (None for bureau users)."""
    scope = scope_for(user)
    if scope.role != Role.SCHOOL or not scope.school_ids:
        return None
    from edubureau.org.models import School

    return School.objects.get(pk=next(iter(scope.school_ids)))


@transaction.atomic
def submit_report(task: Task, user, *, period: dt.date, narrative: str, percent_done: int,
                  figure: float | None = None, files=()) -> ProgressReport:
    """Record a progress report (with attachments) and bring the task's single target up to date.

    A target's actual-to-date is the sum of the latest figure of each reporter (each school, and the bureau's
    own report), so schools report their own part and the department sees the county's total.
    """
    if not can_report(user, task):
        raise PermissionDenied("您无权填报该任务的进展。")
    from .city import reporting_county

    school = reporting_school(user)
    county = reporting_county(user, task) if school is None else None
    period = period.replace(day=1)
    # Issue 18: a school filed the same month twice and months to come; both are refused here for every caller
    # (the page, the API, scripts), and the DB constraint plans_report_once_a_month backs the first.
    if period > timezone.localdate().replace(day=1):
        raise ValidationError({"period": _("不能报送本月之后月份的进展。")})
    if school is not None:
        # Lock the task row so two submissions of one month at once cannot both pass this check.
        Task.objects.select_for_update().filter(pk=task.pk).first()
        if ProgressReport.objects.filter(task=task, school=school, period=period).exists():
            raise ValidationError({"period": _("本校{month}的进展已报送过，请修改原报告，不要重复报送。").format(
                month=period.strftime("%Y-%m"))})
    report = ProgressReport(task=task, school=school, region=county, period=period, narrative=narrative,
                            percent_done=percent_done, figure=figure)
    report.full_clean()
    report.save()
    for upload in files:
        attachment = ReportAttachment(report=report, file=upload, name=getattr(upload, "name", "")[:255])
        attachment.full_clean(exclude=["report"])
        attachment.save()
    targets = list(Target.objects.filter(task=task))
    if figure is not None and len(targets) == 1:
        latest: dict = {}
        for row in ProgressReport.objects.filter(task=task, figure__isnull=False).order_by("period", "pk"):
            latest[(row.school_id, row.region_id)] = row.figure  # each county counts its own part (issue 16)
        targets[0].actual = sum(latest.values())
        targets[0].save(update_fields=["actual", "updated"])
    return report


# ---------------------------------------------------------------------------------------------------------
# 难点问题台账 and the plans scan, both on the shared follow-up life cycle (core.followup).


def can_raise_problem(user, task: Task) -> bool:
    """The plans office, and the department leading the task, raise problems against it (not schools)."""
    scope = scope_for(user)
    if scope.role in (None, Role.SCHOOL):
        return False
    return can_report(user, task)


def can_mark_milestone(user, task: Task) -> bool:
    """Nodes are the lead department's (and the plans office's) to tick off, not a school's."""
    return can_raise_problem(user, task)


@transaction.atomic
def raise_problem(task: Task, user, *, description: str, due: dt.date, measures: str = "", school=None,
                  department=None, issued_on: dt.date | None = None) -> Problem:
    """Enter a difficult problem against ``task``, owed by ``school`` or ``department`` (default: the lead
    department) by ``due``; the follow-up takes it from there (answer, verification, closure)."""
    if not can_raise_problem(user, task):
        raise PermissionDenied("您无权为该任务登记难点问题。")
    if school is None and department is None:
        department = task.lead_department
    if school is None and department is None:
        raise ValidationError({"department": "请指定责任科室或责任学校。"})
    followup = open_followup(
        module="plans", kind="problem", title=f"难点问题：{task.item} {description}"[:200], due=due, issued_by=user,
        school=school, department=department, detail=measures, issued_on=issued_on,
    )
    return Problem.objects.create(task=task, description=description, measures=measures, raised_by=user,
                                  followup=followup)


@dataclass(frozen=True)
class PlanScan:
    milestones: int
    tasks: int
    reminded: int
    escalated: int


def scan_plans(today: dt.date | None = None) -> PlanScan:
    """Open a follow-up (once) for each milestone past due and not done (but not one on the task's deadline),
    and each task past its deadline and not done; then run the shared scan, which reminds and escalates
    (lead department, then 局领导).

    The follow-up is owed by the task's lead department, or its first school when no department leads it;
    a task with neither is skipped. Idempotent: a second run opens nothing new.
    """
    today = today or timezone.localdate()
    opened_milestones = opened_tasks = 0
    with transaction.atomic():
        late = (Milestone.objects.filter(done_on__isnull=True, due__lt=today, followup__isnull=True)
                .select_related("task__lead_department", "task__plan"))
        for milestone in late:
            owner = _owner(milestone.task)
            deadline = milestone.task.deadline
            # The last node falls on the deadline: the task's own follow-up covers it.
            if owner is None or (deadline is not None and milestone.due >= deadline):
                continue
            milestone.followup = open_followup(
                module="plans", kind="milestone", due=milestone.due, issued_on=milestone.due, **owner,
                title=f"节点逾期：{milestone.task.item} {milestone.task.title[:60]} · {milestone.title}"[:200],
                detail=f"节点“{milestone.title}”应于{cn_date(milestone.due)}完成，尚未完成。",
            )
            milestone.save(update_fields=["followup", "updated"])
            opened_milestones += 1
        # A task falling due within the reminder window is owed from now on, so the shared scan reminds its
        # owner before the deadline and escalates after it; one already late is owed from its deadline.
        tasks = (Task.objects.filter(deadline__lte=today + dt.timedelta(days=REMIND_DAYS), followup__isnull=True)
                 .select_related("lead_department", "plan").prefetch_related("milestones", "reports"))
        for task in tasks:
            owner = _owner(task)
            if owner is None or task.status(today) == TaskStatus.DONE:
                continue
            late = task.deadline < today
            task.followup = open_followup(
                module="plans", kind="task", due=task.deadline, issued_on=task.deadline if late else today,
                **owner,
                title=f"{'任务逾期' if late else '任务即将到期'}：{task.item} {task.title[:100]}"[:200],
                detail=(f"任务应于{cn_date(task.deadline)}完成，尚未完成。" if late
                        else f"任务应于{cn_date(task.deadline)}前完成，请按期办结并反馈。"),
            )
            task.save(update_fields=["followup", "updated"])
            opened_tasks += 1
    shared = scan_followups(today)
    return PlanScan(opened_milestones, opened_tasks, shared.reminded, shared.escalated)


def _owner(task: Task) -> dict | None:
    if task.lead_department_id:
        return {"department": task.lead_department}
    school = task.schools.order_by("pk").first()
    return {"school": school} if school is not None else None



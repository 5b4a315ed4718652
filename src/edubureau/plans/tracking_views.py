"""Pages of task tracking: 我的任务 with the report form, a task's page, tree edits and 倒排工期, the board and
the timeline, the 难点问题台账 (page and xlsx), attachments and the .docx progress report."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edubureau.core.files import file_url
from edubureau.core.generic.display import cn_date
from edubureau.core.generic.list import page_of
from edubureau.core.listexport import keyword_search, list_tools, search_text, wants_xlsx
from edubureau.core.roles import Role
from edubureau.core.scope import can_write, scope_for
from edubureau.org.models import Department, Region, School

from . import city, services
from .choices import BADGE
from .engine.ledger import ProblemRow, write_problem_ledger
from .engine.report_doc import write_report
from .forms import MergeForm, MilestonesForm, MoveForm, ProblemForm, ReportForm, SplitForm, TaskEditForm
from .models import Milestone, ReportAttachment, Target, Task, WorkPlan
from .tracking import (
    board_columns,
    latest_report,
    leaf_tasks,
    own_reports,
    problem_state,
    problems_of,
    report_data,
    tasks_of,
    timeline,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _task(request, pk) -> Task:
    return get_object_or_404(tasks_of(request.user), pk=pk)


def _editable(request, task: Task) -> None:
    if not can_write(request.user, task):
        raise PermissionDenied


# 我的任务 -----------------------------------------------------------------------------------------------


@login_required
def my_tasks(request):
    """A school's tasks (those that concern it) or a department's (those it leads), most pressing first."""
    scope = scope_for(request.user)
    today = timezone.localdate()
    tasks = tasks_of(request.user)
    school_id = None
    if scope.role == Role.SCHOOL:
        school_id = next(iter(scope.school_ids), None)
        # A school reads its county's city tasks (issue 16) but works on the tasks that name it.
        tasks = tasks.filter(schools=school_id)
        heading = _("本校的任务")
    elif scope.role == Role.DEPARTMENT and request.user.profile.department_id:
        tasks = tasks.filter(lead_department_id=request.user.profile.department_id)
        heading = _("{department}牵头的任务").format(department=request.user.profile.department)
    else:
        tasks = tasks.none()
        heading = _("我的任务")
    rank = {s: i for i, s in enumerate(["overdue", "lagging", "in_progress", "not_started", "done"])}
    rows = []
    for task in leaf_tasks(list(tasks)):
        status = task.status(today)
        upcoming = [m for m in task.milestones.all() if not m.done_on]
        rows.append({
            "task": task, "status": status, "badge": BADGE[status],
            "days_left": (task.deadline - today).days if task.deadline else None,
            "overdue_by": (today - task.deadline).days if task.deadline and task.deadline < today else 0,
            "latest": latest_report(task, school_id=school_id),
            "next_milestone": min(upcoming, key=lambda m: m.due, default=None),
            "can_report": services.can_report(request.user, task),
        })
    rows.sort(key=lambda r: (rank[r["status"]], r["task"].deadline or dt.date.max, r["task"].position))
    return render(request, "plans/my_tasks.html", {
        "title": _("我的任务"), "heading": heading, "rows": rows, "today": today,
        "county": city.county_of(request.user),
        "bureau_user": scope.role not in (Role.SCHOOL, Role.DEPARTMENT),
    })


# A task's page and the report form ------------------------------------------------------------------------


@login_required
def task_detail(request, pk):
    task = _task(request, pk)
    today = timezone.localdate()
    status = task.status(today)
    siblings_exist = Task.objects.filter(plan=task.plan, parent=task.parent).exclude(pk=task.pk).exists()
    return render(request, "plans/task_detail.html", {
        "title": f"{task.item} {task.title[:30]}", "task": task, "status": status, "badge": BADGE[status],
        "today": today,
        "targets": Target.objects.visible_to(request.user).filter(task=task),
        "milestones": task.milestones.all(),
        "reports": own_reports(request.user, task),
        "problems": problems_of(request.user).filter(task=task),
        "children": Task.objects.visible_to(request.user).filter(parent=task),
        # The breadcrumb links the parent only where this user may open it (a school sees its tasks, not their heading).
        "parent_visible": bool(task.parent_id)
        and Task.objects.visible_to(request.user).filter(pk=task.parent_id).exists(),
        "can_edit": can_write(request.user, task), "siblings_exist": siblings_exist,
        "can_report": services.can_report(request.user, task),
        "can_raise": services.can_raise_problem(request.user, task),
        "can_mark": services.can_mark_milestone(request.user, task),
        "schools": School.objects.visible_to(request.user).filter(plan_tasks=task).order_by("code"),
        # City plans (issue 16): the counties a city task goes to, the city task a county's task comes from.
        "counties": Region.objects.visible_to(request.user).filter(city_tasks=task).order_by("code"),
        "source_task": Task.objects.visible_to(request.user).filter(pk=task.source_task_id).first()
        if task.source_task_id else None,
        "can_break_down": city.can_break_down(request.user, task),
    })


@login_required
def task_report(request, pk):
    task = _task(request, pk)
    if not services.can_report(request.user, task):
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"period": today.replace(day=1)}
    school = services.reporting_school(request.user)
    county = city.reporting_county(request.user, task) if school is None else None
    if county is not None:  # a county's last word on the city task, not another's or the city's
        previous = max((r for r in own_reports(request.user, task) if r.region_id == county.pk),
                       key=lambda r: (r.period, r.pk), default=None)
    else:
        previous = latest_report(task, school_id=school.pk if school else None)
    if previous is not None:
        initial["percent_done"] = previous.percent_done
        initial["figure"] = previous.figure
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_report(task, request.user, period=data["period"], narrative=data["narrative"],
                                   percent_done=data["percent_done"], figure=data["figure"],
                                   files=data["attachments"])
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, _("已报送{task}的进展。").format(task=task.item))
            back = {"mine": "plans:my_tasks", "upper": "plans:upper_tasks"}.get(request.POST.get("next"))
            return redirect(back or task_url(task))
    return render(request, "plans/task_report.html", {
        "title": _("填报进展"), "task": task, "form": form, "school": school, "county": county,
        "previous": previous,
        "targets": Target.objects.visible_to(request.user).filter(task=task),
        "next": request.GET.get("next", ""),
    })


def task_url(task: Task) -> str:
    from django.urls import reverse

    return reverse("plans:task_detail", args=[task.pk])


@login_required
def attachment_download(request, pk):
    # Old links keep working, but files are served by one view with one set of headers (issue 18: core.files).
    attachment = get_object_or_404(ReportAttachment.objects.visible_to(request.user), pk=pk)
    return redirect(file_url(attachment))


# Editing the task and the tree ---------------------------------------------------------------------------


@login_required
def task_edit(request, pk):
    task = _task(request, pk)
    _editable(request, task)
    form = TaskEditForm(request.POST or None, instance=task, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存。"))
        return redirect(task_url(task))
    return render(request, "plans/task_form.html", {
        "title": _("编辑任务"), "task": task, "form": form, "submit": _("保存")})


def _tree_form(request, task, form, title, submit, help_text=""):
    return render(request, "plans/task_form.html", {
        "title": title, "task": task, "form": form, "submit": submit, "help_text": help_text})


@login_required
def task_move(request, pk):
    task = _task(request, pk)
    _editable(request, task)
    inside = services._subtree_ids(task)
    choices = [(str(t.pk), f"{t.item} {'　' * (t.level - 1)}{t.title[:40]}")
               for t in Task.objects.filter(plan=task.plan).order_by("position") if t.pk not in inside]
    form = MoveForm(request.POST or None, choices=choices, initial={"parent": task.parent_id or ""})
    if request.method == "POST" and form.is_valid():
        parent = Task.objects.get(pk=form.cleaned_data["parent"]) if form.cleaned_data["parent"] else None
        try:
            services.move_task(task, parent)
        except services.TreeError as exc:
            form.add_error("parent", str(exc))
        else:
            messages.success(request, _("已移动，任务编号已重排为 {item}。").format(item=task.item))
            return redirect(task_url(task))
    return _tree_form(request, task, form, _("调整上级任务"), _("移动"),
                      _("任务连同其下级任务一起移动，移到所选任务的最后；全计划的编号随之重排。"))


@login_required
def task_merge(request, pk):
    task = _task(request, pk)
    _editable(request, task)
    choices = [(str(t.pk), f"{t.item} {t.title[:50]}")
               for t in Task.objects.filter(plan=task.plan, parent=task.parent).exclude(pk=task.pk)]
    form = MergeForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        other = Task.objects.get(pk=form.cleaned_data["other"])
        try:
            services.merge_tasks(task, other)
        except services.TreeError as exc:
            form.add_error("other", str(exc))
        else:
            messages.success(request, _("已合并：原文、涉及学校、下级任务、指标、节点、进展和问题都并入本任务。"))
            return redirect(task_url(task))
    return _tree_form(request, task, form, _("合并同级任务"), _("合并"),
                      _("所选任务的原文、涉及学校、下级任务、量化指标、节点、进展报告和难点问题并入本任务，所选任务删除。"))


@login_required
def task_split(request, pk):
    task = _task(request, pk)
    _editable(request, task)
    from .templatetags.plans_display import target_label

    choices = [(str(t.pk), target_label(t)) for t in task.targets.all()]
    form = SplitForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.split_task(task, title=form.cleaned_data["title"], text=form.cleaned_data["text"],
                                      targets=[int(x) for x in form.cleaned_data["targets"]])
        except services.TreeError as exc:
            form.add_error("title", str(exc))
        else:
            messages.success(request, _("已拆分出 {item} {title}。").format(item=new.item, title=new.title))
            return redirect(task_url(new))
    return _tree_form(request, task, form, _("拆分任务"), _("拆分"),
                      _("新任务排在本任务之后，继承牵头科室、配合单位、涉及学校和完成时限。"))


@login_required
def task_milestones(request, pk):
    task = _task(request, pk)
    _editable(request, task)
    form = MilestonesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = services.lay_milestones(task, count=data["count"], step_days=data["step_days"],
                                       stages=data["stages"].splitlines())
        messages.success(request, _("已按倒排工期生成{count}个节点。").format(count=len(made)))
        return redirect(task_url(task))
    deadline = task.deadline or dt.date(task.plan.year, 12, 31)
    return _tree_form(request, task, form, _("倒排工期"), _("生成节点"),
                      _("从完成时限（{day}）起按相等间隔往前排节点，最后一个节点即完成时限。").format(day=cn_date(deadline)))


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = get_object_or_404(Milestone.objects.visible_to(request.user).select_related("task"), pk=pk)
    if not services.can_mark_milestone(request.user, milestone.task):
        raise PermissionDenied
    if request.POST.get("undo"):
        milestone.done_on = None
    else:
        milestone.done_on = timezone.localdate()
    milestone.save(update_fields=["done_on", "updated"])
    return redirect(task_url(milestone.task))


# Board and timeline ---------------------------------------------------------------------------------------


def _department_filter(request, tasks):
    departments = sorted({t.lead_department for t in tasks if t.lead_department}, key=lambda d: d.name)
    chosen = request.GET.get("department", "")
    if chosen == "none":
        tasks = [t for t in tasks if not t.lead_department_id]
    elif chosen.isdigit():
        tasks = [t for t in tasks if t.lead_department_id == int(chosen)]
    return tasks, departments, chosen


@login_required
def plan_board(request, pk):
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    tasks, departments, chosen = _department_filter(request, leaf_tasks(list(tasks_of(request.user, plan))))
    return render(request, "plans/plan_board.html", {
        "title": _("任务看板"), "plan": plan, "columns": board_columns(tasks, today), "departments": departments,
        "chosen": chosen, "today": today,
    })


@login_required
def plan_timeline(request, pk):
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    tasks, departments, chosen = _department_filter(request, leaf_tasks(list(tasks_of(request.user, plan))))
    return render(request, "plans/plan_timeline.html", {
        "title": _("时间轴"), "plan": plan, "timeline": timeline(plan, tasks, today), "departments": departments,
        "chosen": chosen, "today": today,
    })


# 难点问题台账 ---------------------------------------------------------------------------------------------


@login_required
def problem_new(request, pk):
    task = _task(request, pk)
    if not services.can_raise_problem(request.user, task):
        raise PermissionDenied
    schools = [(str(s.pk), s.name) for s in task.schools.all()]
    departments = [(str(d.pk), d.name) for d in Department.objects.visible_to(request.user).order_by("name")]
    form = ProblemForm(request.POST or None, schools=schools, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.raise_problem(
                task, request.user, description=data["description"], measures=data["measures"], due=data["due"],
                school=School.objects.get(pk=data["school"]) if data["school"] else None,
                department=Department.objects.get(pk=data["department"]) if data["department"] else None,
            )
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, _("已登记难点问题，责任方将在“限期办理事项”中看到。"))
            return redirect(task_url(task))
    return _tree_form(request, task, form, _("登记难点问题"), _("登记"),
                      _("问题按统一的督办流程跟踪：责任方反馈措施，牵头科室核查销号；逾期自动提醒并上报。"))


def _problem_rows(request):
    today = timezone.localdate()
    problems = problems_of(request.user)
    plan_id = request.GET.get("plan", "")
    if plan_id.isdigit():
        problems = problems.filter(task__plan_id=int(plan_id))
    state = request.GET.get("state", "open")
    if state == "open":
        problems = problems.filter(followup__state__in=("issued", "responded", "returned"))
    elif state == "overdue":
        problems = problems.filter(followup__state__in=("issued", "responded", "returned"), followup__due__lt=today)
    elif state == "closed":
        problems = problems.filter(followup__state__in=("closed", "withdrawn"))
    problems = keyword_search(problems, search_text(request), (
        "description", "measures", "task__title", "followup__school__name", "followup__department__name"))
    return problems.order_by("followup__due", "pk"), state, plan_id, today


@login_required
def problem_list(request):
    if wants_xlsx(request):  # the 导出Excel of the list's tools: the ledger of the rows as filtered (issue 17)
        return problem_ledger(request)
    problems, state, plan_id, today = _problem_rows(request)
    page, page_query = page_of(request, problems)  # 50 a page; the xlsx ledger has them all
    rows = [{"problem": p, "state": problem_state(p.followup, today),
             "overdue": p.followup.is_open and p.followup.due < today} for p in page]
    return render(request, "plans/problem_list.html", {
        "title": _("难点问题台账"), "rows": rows, "state": state, "plan_id": plan_id, "today": today,
        "plans": WorkPlan.objects.visible_to(request.user), "query": request.GET.urlencode(), "page": page,
        "page_query": page_query, **list_tools(request),
    })


@login_required
def problem_ledger(request):
    problems, _state, _plan, today = _problem_rows(request)
    rows = [
        ProblemRow(
            item=p.task.item, task=p.task.title, description=p.description, measures=p.measures,
            owner=p.followup.owner_label, raised_by=(p.raised_by.first_name or p.raised_by.username)
            if p.raised_by else "", raised_on=cn_date(p.followup.issued_on), due=cn_date(p.followup.due),
            state=problem_state(p.followup, today), days_overdue=p.followup.days_overdue(today)
            if p.followup.is_open else 0, closed_on=cn_date(p.followup.closed_on) if p.followup.closed_on else "",
        )
        for p in problems
    ]
    content = write_problem_ledger(_("难点问题台账（{day}）").format(day=cn_date(today)), rows)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="plan-problems.xlsx"'
    return response


@login_required
def problem_detail(request, pk):
    problem = get_object_or_404(problems_of(request.user), pk=pk)
    return render(request, "plans/problem_detail.html", {
        "title": _("难点问题"), "problem": problem, "task": problem.task, "today": timezone.localdate()})


# The .docx progress report --------------------------------------------------------------------------------


@login_required
def plan_report(request, pk):
    """进展情况报告 (.docx) up to the end of the chosen month (``?period=2026-11``, default this month)."""
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("period", "").split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    period_end = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    content = write_report(report_data(request.user, plan, period_end=period_end, today=today))
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-report-{first:%Y-%m}.docx"'
    return response

"""Pages of city plans (issue 16): the city's task × county matrix (page and xlsx), a cell's drill-down, task
assignment to counties, and a county's 上级任务 with its breakdown form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.generic.display import cn_date
from edubureau.core.io.views import xlsx_response
from edubureau.core.scope import can_write
from edubureau.org.models import Region

from . import city
from .choices import BADGE, TaskStatus
from .engine.ledger import write_matrix
from .forms import BreakdownForm
from .models import Task, WorkPlan
from .tracking import leaf_tasks, tasks_of


def _city_plan(request, pk) -> WorkPlan:
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user).select_related("region"), pk=pk)
    if not city.is_city_plan(plan):
        raise Http404(_("这不是市级工作计划"))
    return plan


def _percent(value: float) -> str:
    return f"{value:.0f}%"


@login_required
def plan_counties(request, pk):
    """分县完成情况: the city tasks as rows, the counties as columns, each cell the county's status and percent."""
    plan = _city_plan(request, pk)
    figures = city.city_matrix(request.user, plan)
    return render(request, "plans/plan_counties.html", {
        "title": _("分县完成情况"), "plan": plan, "figures": figures, "today": timezone.localdate(),
        "can_assign": can_write(request.user, Task(plan=plan)),
    })


@login_required
def plan_counties_xlsx(request, pk):
    """The matrix as a workbook: one row per city task, a column per county ("推进中 60%"), the totals last."""
    plan = _city_plan(request, pk)
    figures = city.city_matrix(request.user, plan)
    header = [_("编号"), _("任务"), _("牵头科室"), _("完成时限"), *[c.name for c in figures.counties], _("完成县数")]
    rows = []
    for row in figures.rows:
        task = row["task"]
        cells = [f"{cell['status'].label} {_percent(cell['cell'].percent)}" if cell["cell"] else "—"
                 for cell in row["cells"]]
        total = row["total"]
        rows.append([task.item, task.title, str(task.lead_department or ""),
                     cn_date(task.deadline) if task.deadline else "", *cells, f"{total.done}/{total.assigned}"])
    rows.append(["", _("完成率"), "", "", *[_percent(100 * t["total"].rate) if t["total"] else "—"
                                          for t in figures.totals], ""])
    content = write_matrix(_("{plan}分县完成情况（{day}）").format(plan=plan.title, day=cn_date(timezone.localdate())),
                           header, rows)
    return xlsx_response(content, f"{plan.title}分县完成情况.xlsx")


@login_required
def task_county(request, pk, region_pk):
    """One cell's drill-down: the county's reports on the city task and the tasks it broke it down into."""
    task = get_object_or_404(tasks_of(request.user).select_related("plan__region"), pk=pk)
    county = get_object_or_404(Region.objects.visible_to(request.user), pk=region_pk)
    if not any(c.pk == county.pk for c in task.counties.all()):
        raise Http404(_("该任务未分派给{county}").format(county=county.name))
    today = timezone.localdate()
    detail = city.cell_detail(request.user, task, county)
    breakdown = [{"task": t, "status": t.status(today), "badge": BADGE[t.status(today)],
                  "latest": max(t.reports.all(), key=lambda r: (r.period, r.pk), default=None)}
                 for t in detail["breakdown"]]
    figures = city.county_cell(request.user, task, county, today)
    return render(request, "plans/task_county.html", {
        "title": f"{task.item} · {county.name}", "task": task, "county": county, "reports": detail["reports"],
        "breakdown": breakdown, "cell": figures, "status": TaskStatus(figures.status),
        "badge": BADGE[TaskStatus(figures.status)], "today": today,
    })


@login_required
def plan_assign(request, pk):
    """分派任务: a grid of the plan's worked tasks × the city's counties; the boxes ticked are the assignment."""
    plan = _city_plan(request, pk)
    if not can_write(request.user, Task(plan=plan)):
        raise PermissionDenied
    counties = list(Region.objects.filter(parent=plan.region).order_by("code"))
    tasks = [t for t in leaf_tasks(list(Task.objects.visible_to(request.user).filter(plan=plan)
                                        .prefetch_related("counties").order_by("position"))) if t.level > 1]
    if request.method == "POST":
        by_pk = {c.pk: c for c in counties}
        try:
            for task in tasks:
                chosen = [by_pk[int(v)] for v in request.POST.getlist(f"task-{task.pk}") if v.isdigit()
                          and int(v) in by_pk]
                city.assign_counties([task], chosen, by=request.user, replace=True)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已保存任务分派。"))
            return redirect("plans:plan_counties", pk=plan.pk)
    rows = [{"task": t, "assigned": {c.pk for c in t.counties.all()}} for t in tasks]
    return render(request, "plans/plan_assign.html", {
        "title": _("分派任务"), "plan": plan, "counties": counties, "rows": rows})


@login_required
def upper_tasks(request):
    """上级任务: a county's city tasks, most pressing first, with its standing, latest report and breakdown."""
    county = city.county_of(request.user)
    return render(request, "plans/upper_tasks.html", {
        "title": _("上级任务"), "county": county, "rows": city.upper_tasks(request.user),
        "today": timezone.localdate(),
    })


@login_required
def task_breakdown(request, pk):
    """A county breaks a city task down into tasks of its own plan."""
    task = get_object_or_404(tasks_of(request.user).select_related("plan__region"), pk=pk)
    if not city.can_break_down(request.user, task):
        raise PermissionDenied
    form = BreakdownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = city.break_down(task, titles=form.cleaned_data["titles"], by=request.user,
                                   deadline=form.cleaned_data["deadline"])
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, _("已分解为{count}项本县任务，列入《{plan}》。").format(
                count=len(made), plan=made[0].plan.title))
            return redirect("plans:upper_tasks")
    county = city.county_of(request.user)
    existing = Task.objects.visible_to(request.user).filter(source_task=task, plan__region=county).order_by("position")
    return render(request, "plans/task_form.html", {
        "title": _("分解市级任务"), "task": task, "form": form, "submit": _("分解"), "existing": existing,
        "help_text": _("分解出的任务列入本县的任务分解计划，沿用市级任务的起止时间；"
                       "市局按分解任务的进展汇总本县完成情况。"),
        "cancel_url": reverse("plans:upper_tasks"),
    })

"""Pages of 工作计划: the plan list, the import (upload → preview beside the source → confirm), a plan's tasks."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edubureau.core.followup import ensure_daily_scan
from edubureau.core.generic.display import cn_date
from edubureau.core.scope import can_write
from edubureau.core.uploads import limits_for

from .choices import BADGE, TaskStatus
from .engine import UnreadableDocument, parse_text, read_document
from .engine.ledger import LedgerRow, write_ledger
from .engine.status import target_on_pace
from .forms import PlanConfirmForm, PlanUploadForm
from .models import Target, Task, WorkPlan
from .services import import_plan
from .templatetags.plans_display import target_label
from .tracking import latest_report, leaf_tasks, plan_followups, section_summaries, tasks_of


@login_required
def plan_list(request):
    plans = WorkPlan.objects.visible_to(request.user).select_related("region")
    return render(
        request,
        "plans/plan_list.html",
        {"title": _("工作计划"), "plans": plans, "can_import": can_write(request.user, WorkPlan)},
    )


def _read_upload(upload) -> str:
    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return read_document(handle.name, limits_for("plan"))


@login_required
def plan_import(request):
    """Upload a plan document; a valid one is shown parsed, beside its text, for confirmation."""
    if not can_write(request.user, WorkPlan):
        raise PermissionDenied
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = _read_upload(upload)
        except UnreadableDocument as exc:
            form.add_error("file", str(exc))
        else:
            parsed = parse_text(text)
            if not parsed.headings() and not parsed.targets:
                form.add_error("file", _("文档中没有找到编号条目或量化指标，请检查是否为工作计划。"))
            else:
                confirm = PlanConfirmForm(
                    initial={
                        "title": parsed.title or Path(upload.name).stem,
                        "year": form.cleaned_data["year"],
                        "issuing_body": form.cleaned_data["issuing_body"],
                        "source_name": upload.name,
                        "source_text": text,
                    }
                )
                return _preview(request, parsed, confirm)
    return render(request, "plans/import_form.html", {"title": _("导入工作计划"), "form": form})


def _preview(request, parsed, confirm):
    by_item: dict = {}
    for target in parsed.targets:
        by_item.setdefault(target.item, []).append(target)
    rows = [{"heading": h, "targets": by_item.get(h.id, []), "indent": h.level - 1} for h in parsed.headings()]
    return render(
        request,
        "plans/import_preview.html",
        {
            "title": _("导入预览"),
            "parsed": parsed,
            "rows": rows,
            "loose_targets": by_item.get(None, []),
            "confirm": confirm,
        },
    )


@login_required
@require_POST
def plan_import_confirm(request):
    """Create the plan from the confirmed preview (the source text is parsed again, nothing trusted from the page)."""
    if not can_write(request.user, WorkPlan):
        raise PermissionDenied
    confirm = PlanConfirmForm(request.POST)
    if not confirm.is_valid():
        parsed = parse_text(request.POST.get("source_text", ""))
        return _preview(request, parsed, confirm)
    data = confirm.cleaned_data
    plan = import_plan(
        data["source_text"],
        title=data["title"],
        year=data["year"],
        issuing_body=data["issuing_body"],
        source_name=data["source_name"],
    )
    messages.success(
        request,
        _("已导入“{title}”：{tasks} 项任务，{targets} 个量化指标。").format(
            title=plan.title, tasks=f"{plan.tasks.count():,}", targets=f"{plan.targets.count():,}"
        ),
    )
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), pk=pk)
    tasks = list(
        Task.objects.visible_to(request.user)
        .filter(plan=plan)
        .select_related("lead_department", "plan")
        .prefetch_related("milestones", "reports")
    )
    targets: dict = {}
    for target in Target.objects.visible_to(request.user).filter(plan=plan):
        targets.setdefault(target.task_id, []).append(target)
    statuses = {task.pk: task.status() for task in tasks}
    summaries = section_summaries(tasks, statuses)
    rows = []
    for task in tasks:
        status = statuses[task.pk]
        rows.append(
            {
                "task": task,
                "targets": targets.get(task.pk, []),
                "indent": task.level - 1,
                "status": status,
                "badge": BADGE[status],
                "summary": summaries.get(task.pk, ""),
            }
        )
    return render(
        request,
        "plans/plan_detail.html",
        {"title": str(plan), "plan": plan, "rows": rows, "loose_targets": targets.get(None, [])},
    )


@login_required
def plan_ledger(request, pk):
    """The 台账 (xlsx): one row per task the reader may see, with targets, latest progress and status."""
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), pk=pk)
    # issue 18: through tasks_of, so 最新进展 is the latest report the reader may see (a school never gets the
    # narrative another school wrote on a shared task), as on the task pages and in the .docx.
    tasks = list(tasks_of(request.user, plan))
    targets: dict = {}
    for target in Target.objects.visible_to(request.user).filter(plan=plan):
        targets.setdefault(target.task_id, []).append(target)
    statuses = {task.pk: task.status() for task in tasks}
    summaries = section_summaries(tasks, statuses)
    rows = []
    for task in tasks:
        latest = latest_report(task)
        rows.append(
            LedgerRow(
                item=task.item,
                task=f"{task.marker}{task.title}",
                level=task.level,
                lead=str(task.lead_department or ""),
                partners=task.partners,
                deadline=cn_date(task.deadline) if task.deadline else "",
                targets="；".join(target_label(t) for t in targets.get(task.pk, [])),
                progress=latest.narrative if latest else "",
                percent=latest.percent_done if latest else None,
                status=summaries.get(task.pk) or str(statuses[task.pk].label),
            )
        )
    content = write_ledger(_("{title} 台账").format(title=str(plan)), rows)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-ledger.xlsx"'
    return response


CHART_COLOURS = {
    TaskStatus.NOT_STARTED: "#ced4da",
    TaskStatus.IN_PROGRESS: "#3d7fd9",
    TaskStatus.LAGGING: "#f59f00",
    TaskStatus.DONE: "#2f9e44",
    TaskStatus.OVERDUE: "#e03131",
}


@login_required
def plan_overview(request, pk):
    """督办概览 for the leaders: tasks by lead department and status, lagging and overdue tasks, targets off pace."""
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    # Only the tasks worked on: sections that merely group tasks have no reports of their own.
    tasks = leaf_tasks(list(tasks_of(request.user, plan)))
    statuses = {task.pk: task.status(today) for task in tasks}
    unassigned = _("未分配科室")
    departments = sorted({str(t.lead_department) if t.lead_department else unassigned for t in tasks})
    series = []
    for status in TaskStatus:
        values = [
            sum(
                1
                for t in tasks
                if statuses[t.pk] == status and (str(t.lead_department) if t.lead_department else unassigned) == name
            )
            for name in departments
        ]
        series.append({"name": str(status.label), "values": values, "colour": CHART_COLOURS[status]})
    late = [
        {"task": t, "status": statuses[t.pk], "badge": BADGE[statuses[t.pk]]}
        for t in tasks
        if statuses[t.pk] in (TaskStatus.LAGGING, TaskStatus.OVERDUE)
    ]
    year_start, year_end = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    off_pace = [
        target
        for target in Target.objects.visible_to(request.user).filter(plan=plan).select_related("task__plan")
        if target_on_pace(
            today,
            start=target.task.start_date if target.task else year_start,
            deadline=max(target.task.start_date if target.task else year_start,
                         (target.task and target.task.deadline) or year_end),
            target=target.number if target.number is not None else target.high,
            baseline=target.baseline,
            actual=target.actual,
        )
        is False
    ]
    counts = [{"label": s["name"], "count": sum(s["values"])} for s in series]
    ensure_daily_scan(today, background=False)  # the escalated items below are today's
    followups = sorted(plan_followups(request.user, plan), key=lambda f: (-f.escalation_level, f.due, f.pk))
    return render(
        request,
        "plans/plan_overview.html",
        {
            "title": _("督办概览"),
            "plan": plan,
            "late": late,
            "off_pace": off_pace,
            "followups": followups,
            "today": today,
            "counts": counts,
            "chart": {"departments": departments, "series": series},
            "chart_height": 80 + 36 * max(1, len(departments)),
        },
    )

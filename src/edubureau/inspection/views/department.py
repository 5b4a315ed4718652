"""督导统计 for a period and its two outputs, 督导通报 (.docx) and 问题台账 (.xlsx)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import forms, outputs, services
from ..models import Finding
from .common import DOCX, XLSX

# ---- department view and outputs ------------------------------------------------------------------------------


def _period(request) -> tuple[dt.date, dt.date, forms.PeriodForm]:
    today = timezone.localdate()
    term = services.current_term(today)
    default = (term.start, min(term.end, today)) if term else (today - dt.timedelta(days=90), today)
    form = forms.PeriodForm(request.GET if "start" in request.GET else None,
                            initial={"start": default[0], "end": default[1]})
    if form.is_bound and form.is_valid():
        return form.cleaned_data["start"], form.cleaned_data["end"], form
    return default[0], max(default[0], default[1]), form


@login_required
def department(request):
    """督导统计: quota fulfilment per inspector and week, findings, on-time rate, repeats, coverage."""
    if services.is_school(request.user):
        raise PermissionDenied(_("学校账号请查看本校整改通知。"))
    start, end, form = _period(request)
    figures = services.figures(request.user, start, end)
    chart = {
        "categories": list(figures.findings_by_category),
        "category_counts": list(figures.findings_by_category.values()),
        "zones": [z["zone"] for z in figures.coverage_by_zone],
        "visited": [z["visited"] for z in figures.coverage_by_zone],
        "unvisited": [z["total"] - z["visited"] for z in figures.coverage_by_zone],
        "labels": {"visited": _("已督导"), "unvisited": _("未督导")},
        "points": figures.points,
    }
    query = request.GET.urlencode()
    return render(request, "inspection/department.html", {
        "title": _("督导统计"), "f": figures, "form": form, "chart": chart, "query": query,
        "top_schools": list(figures.findings_by_school.items())[:10],
        "fulfilment_ok": sum(r["met"] for r in figures.by_inspector),
        "fulfilment_weeks": sum(r["weeks"] for r in figures.by_inspector),
        "form_errors": form.is_bound and not form.is_valid(),
    }, status=400 if form.is_bound and not form.is_valid() else 200)


@login_required
def bulletin(request):
    """督导通报 (.docx) for the period."""
    if services.is_school(request.user):
        raise PermissionDenied
    start, end, form = _period(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(_("日期有误：{errors}").format(errors=form.errors.as_text()), status=400)
    content = outputs.bulletin_docx(services.figures(request.user, start, end), request.user)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bulletin-{start}-{end}.docx"'
    return response


@login_required
def ledger(request):
    """问题台账 (.xlsx): every finding in scope for the period, with its notice and state."""
    start, end, form = _period(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(_("日期有误：{errors}").format(errors=form.errors.as_text()), status=400)
    findings = (Finding.objects.visible_to(request.user).filter(found_on__gte=start, found_on__lte=end)
                .select_related("school", "item", "visit").prefetch_related("rectifications__followup",
                                                                            "visit__inspectors"))
    response = HttpResponse(outputs.ledger_xlsx(findings, start, end), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="findings-{start}-{end}.xlsx"'
    return response

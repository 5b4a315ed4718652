"""督导计划: run the visit planner in the background, follow its progress, preview and accept the calendar."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from edubureau.core.scope import scope_for

from .. import forms, services
from ..engine import planner as planner_engine
from ..models import PlanRun
from ..tasks import run_planner
from .common import _require_manager, _term_from, _url, manages

# ---- planner --------------------------------------------------------------------------------------------------


def _calendar(visits, data: planner_engine.PlannerInput):
    """Weeks × inspectors for the preview: each cell lists that inspector's visits of the week."""
    names = {i.key: i.name for i in data.inspectors}
    sites = {s.key: s.name for s in data.sites}
    weeks: dict[dt.date, dict[str, list]] = {}
    for v in visits:
        monday = v.day - dt.timedelta(days=v.day.weekday())
        weeks.setdefault(monday, {}).setdefault(v.inspector, []).append({
            "day": v.day, "kind": planner_engine.KIND_LABELS.get(v.kind, v.kind),
            "schools": [sites.get(s, s) for s in v.schools],
        })
    people = [i.key for i in data.inspectors]
    return {"people": [names[k] for k in people],
            "weeks": [{"monday": w, "cells": [weeks[w].get(k, []) for k in people]} for w in sorted(weeks)]}


def _run_or_none(request):
    pk = request.GET.get("run", "")
    return _runs(request.user).select_related("term").filter(pk=pk).first() if pk.isdigit() else None


def _runs(user):
    """Planner runs this user may see: a county's manager its own runs (another county's preview names its
    schools, issue 16), a manager of the whole instance every run."""
    return PlanRun.objects.all() if scope_for(user).region_ids is None else PlanRun.objects.filter(requested_by=user)


@login_required
def planner(request):
    """Run the visit planner for a term in the background, preview the calendar and the gaps, accept it."""
    term = _term_from(request)
    form = forms.PlannerForm(request.POST or None, initial={"term": term, "time_limit": 10})
    context = {"title": _("督导计划"), "form": form, "term": term, "manages": manages(request.user)}
    if request.method == "POST":
        _require_manager(request.user)
        if "accept" in request.POST:
            run = _runs(request.user).filter(pk=request.POST.get("run", "0") or "0", status=PlanRun.Status.DONE).first()
            if run is None or run.accepted:
                messages.error(request, _("计划预览已失效或已采用，请重新生成。"))
                return redirect("inspection:planner")
            count = services.accept_plan(run.term, services.visits_from_json(run.result["visits"]),
                                         from_day=run.from_day, user=request.user)
            PlanRun.objects.filter(pk=run.pk).update(accepted=True)
            messages.success(request, _("已采用计划：{term}共安排{count}次督导。").format(term=run.term, count=count))
            return redirect(f"{_url('inspection:planner')}?term={run.term_id}")
        if form.is_valid():
            term = form.cleaned_data["term"]
            data = services.planner_input(term, user=request.user)
            if not data.inspectors or not data.quotas:
                form.add_error(None, _("该学期还没有责任区或启用的督导指标，请先设置。"))
            else:
                run = PlanRun.objects.create(
                    term=term, requested_by=request.user,
                    from_day=form.cleaned_data.get("from_day") or services.default_from_day(term),
                    max_km_per_day=form.cleaned_data.get("max_km_per_day"),
                    time_limit=form.cleaned_data["time_limit"])
                run_planner.enqueue(run.pk)
                return redirect(f"{_url('inspection:planner')}?term={term.pk}&run={run.pk}")
        return render(request, "inspection/planner.html", context, status=400)
    run = _run_or_none(request) if manages(request.user) else None
    if run is not None:
        term = run.term
        context.update({"term": term, "run": run})
        if run.status == PlanRun.Status.DONE:
            data = services.planner_input(term, user=request.user)
            context["calendar"] = _calendar(services.visits_from_json(run.result["visits"]), data)
            return render(request, "inspection/planner.html", context)
        if run.status != PlanRun.Status.FAILED:
            return render(request, "inspection/planner.html", context)
    if term is not None:
        data = services.planner_input(term, user=request.user)
        planned = list(services.planned_visible_to(request.user).filter(term=term).select_related("inspector")
                       .prefetch_related("schools"))
        rows = [planner_engine.PlannedVisit(str(p.inspector_id), p.day, p.kind,
                                            tuple(str(s.pk) for s in p.schools.all())) for p in planned]
        context["calendar"] = _calendar(rows, data) if rows else None
        context["precheck"] = planner_engine.check_feasibility(data) if data.inspectors and data.quotas else ()
    return render(request, "inspection/planner.html", context)


@login_required
def planner_progress(request, pk):
    """A run's state, polled by htmx while the planner works; the page reloads when it is over."""
    _require_manager(request.user)
    run = get_object_or_404(_runs(request.user), pk=pk)
    response = render(request, "inspection/_plan_progress.html", {"run": run})
    if run.status in (PlanRun.Status.DONE, PlanRun.Status.FAILED):
        response["HX-Refresh"] = "true"
    return response

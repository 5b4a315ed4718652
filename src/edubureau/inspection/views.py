"""Pages of 督导: homes, zones (+ zoning helper), quotas and calendar, planner, visits, findings, notices,
checklists, the department view and its two outputs (督导通报 .docx, 问题台账 .xlsx).

Rows come from ``visible_to`` (through ``services``); settings (zones, quotas, calendar, plan, checklists) are
changed by the 督导室 (a department writing "inspection"), visits and notices by the zone's inspectors too.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import modelformset_factory
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edubureau.core.followup import ensure_daily_scan
from edubureau.core.generic.list import page_of
from edubureau.core.roles import Role
from edubureau.core.scope import can_write, scope_for
from edubureau.org.city import region_filter
from edubureau.org.models import School, Term

from . import forms, outputs, services
from .engine import planner as planner_engine
from .engine.zoning import propose_zones
from .models import (
    Answer,
    BlockedDay,
    Checklist,
    Finding,
    PlanRun,
    QuotaRule,
    ResponsibilityZone,
    Visit,
    VisitAnswer,
    VisitKind,
    VisitPhoto,
)
from .tasks import run_planner

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def manages(user) -> bool:
    """The 督导室 (or an administrator): may change zones, quotas, the calendar, the plan and checklists."""
    scope = scope_for(user)
    return scope.superuser or (scope.role == Role.DEPARTMENT and "inspection" in scope.write_modules)


def _require_manager(user):
    if not manages(user):
        raise PermissionDenied(_("只有督导室可以修改督导设置。"))


def _term_from(request) -> Term | None:
    pk = request.GET.get("term")
    if pk and pk.isdigit():
        return Term.objects.filter(pk=pk).first() or services.current_term()
    return services.current_term()


def _week(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


# ---- homes ----------------------------------------------------------------------------------------------------


@login_required
def home(request):
    """The inspector's week and open notices; a school's notices and deadlines; the bureau's overview."""
    ensure_daily_scan()  # reminders before deadlines, escalation after them (once a day, in the background)
    today = timezone.localdate()
    user = request.user
    notices = list(services.open_notices(user, today)[:50])
    if services.is_school(user):
        settled = (services.notices_visible_to(user).exclude(followup__state__in=("issued", "responded", "returned"))
                   .order_by("-followup__closed_on")[:20])
        return render(request, "inspection/school_home.html", {
            "title": _("本校整改通知"), "notices": notices, "settled": settled, "today": today,
        })
    monday, sunday = _week(today)
    inspector = services.inspector_of(user)
    week = services.planned_visible_to(user).filter(day__gte=monday, day__lte=sunday)
    if inspector is not None:
        week = week.filter(inspector=inspector)
    week = list(week.select_related("inspector", "visit").prefetch_related("schools").order_by("day", "inspector"))
    zones = services.zones_visible_to(user).filter(term=services.current_term(today))
    if inspector is not None:
        zones = zones.filter(inspectors=inspector)
    recent = list(services.visits_visible_to(user).filter(day__lte=today).prefetch_related("schools", "inspectors")
                  [:8])
    return render(request, "inspection/home.html", {
        "title": _("督导首页"), "today": today, "monday": monday, "sunday": sunday, "week": week,
        "notices": notices, "overdue": sum(1 for n in notices if n.due < today), "inspector": inspector,
        "zones": zones.prefetch_related("schools", "inspectors"), "recent": recent,
        "can_record": can_write(user, Visit),
    })


# ---- zones ----------------------------------------------------------------------------------------------------


@login_required
def zone_list(request):
    term = _term_from(request)
    zones = (services.zones_visible_to(request.user).filter(term=term)
             .prefetch_related("inspectors", "schools"))
    assigned = set(ResponsibilityZone.schools.through.objects.filter(responsibilityzone__term=term)
                   .values_list("school_id", flat=True))
    unassigned = (School.objects.visible_to(request.user).filter(is_active=True).exclude(pk__in=assigned)
                  if manages(request.user) else [])
    return render(request, "inspection/zone_list.html", {
        "title": _("督学责任区"), "term": term, "terms": Term.objects.all(), "zones": zones,
        "unassigned": unassigned, "manages": manages(request.user),
    })


@login_required
def zone_edit(request, pk=None):
    _require_manager(request.user)
    zone = get_object_or_404(ResponsibilityZone.objects.visible_to(request.user), pk=pk) if pk else None
    initial = {} if zone else {"term": services.current_term()}
    form = forms.ZoneForm(request.POST or None, instance=zone, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        zone = form.save()
        messages.success(request, _("已保存责任区“{name}”。").format(name=zone.name))
        return redirect(f"{_url('inspection:zone_list')}?term={zone.term_id}")
    return render(request, "inspection/form.html", {
        "title": _("编辑责任区") if zone else _("新建责任区"), "form": form, "back": _url("inspection:zone_list"),
    })


@login_required
@require_POST
def zone_delete(request, pk):
    _require_manager(request.user)
    zone = get_object_or_404(ResponsibilityZone.objects.visible_to(request.user), pk=pk)
    term = zone.term_id
    zone.delete()
    messages.success(request, _("已删除责任区。"))
    return redirect(f"{_url('inspection:zone_list')}?term={term}")


@login_required
def zoning(request):
    """The zoning helper: propose a split of the schools among the chosen inspectors; edit it; save as zones."""
    _require_manager(request.user)
    schools = list(School.objects.visible_to(request.user).filter(is_active=True).order_by("code"))
    if request.method == "POST" and "save" in request.POST:
        form = forms.ZoningForm(request.POST, user=request.user)
        if form.is_valid():
            term, people = form.cleaned_data["term"], list(form.cleaned_data["inspectors"])
            by_pk = {str(p.pk): p for p in people}
            chosen: dict[str, list[School]] = {}
            for school in schools:
                person = request.POST.get(f"school-{school.pk}", "")
                if person in by_pk:
                    chosen.setdefault(person, []).append(school)
            with transaction.atomic():
                ResponsibilityZone.objects.visible_to(request.user).filter(term=term, inspectors__in=people).delete()
                for key, person in by_pk.items():
                    zone = ResponsibilityZone.objects.create(term=term, name=_("{name}责任区").format(name=person.name))
                    zone.inspectors.set([person])
                    zone.schools.set(chosen.get(key, []))
            messages.success(request, _("已按划分保存{count}个责任区。").format(count=len(by_pk)))
            return redirect(f"{_url('inspection:zone_list')}?term={term.pk}")
    form = forms.ZoningForm(request.POST or None, initial={"term": services.current_term()}, user=request.user)
    proposal = None
    if request.method == "POST" and form.is_valid():
        people = list(form.cleaned_data["inspectors"])
        result = propose_zones(services.zoning_sites(schools), [str(p.pk) for p in people], time_limit_s=5,
                               students_weight=form.cleaned_data["balance"])
        names = {str(p.pk): p.name for p in people}
        proposal = {
            "rows": [{"school": s, "inspector": result.assignment.get(str(s.pk), "")} for s in schools],
            "people": people,
            "figures": [{"name": names[k], "schools": result.schools_per_inspector.get(k, 0),
                         "students": result.students_per_inspector.get(k, 0)} for k in names],
            "max_km": result.max_travel_km, "mean_km": result.mean_travel_km,
        }
    return render(request, "inspection/zoning.html", {"title": _("责任区划分助手"), "form": form,
                                                      "proposal": proposal})


# ---- quotas and calendar --------------------------------------------------------------------------------------


@login_required
def quotas(request):
    """督导指标 (a row per visit kind) and the days no visit is planned."""
    editable = manages(request.user)
    # A blank row to add a kind only while some kind has no quota yet.
    formset_class = modelformset_factory(QuotaRule, form=forms.QuotaForm, can_delete=True,
                                         extra=1 if QuotaRule.objects.count() < len(VisitKind.choices) else 0)
    formset = formset_class(request.POST if request.method == "POST" and "quotas" in request.POST else None,
                            queryset=QuotaRule.objects.all(), prefix="q")
    blocked_form = forms.BlockedDayForm(request.POST if "blocked" in request.POST else None, prefix="b",
                                        user=request.user)
    if request.method == "POST":
        _require_manager(request.user)
        if "quotas" in request.POST and formset.is_valid():
            formset.save()
            messages.success(request, _("督导指标已保存。"))
            return redirect("inspection:quotas")
        if "blocked" in request.POST and blocked_form.is_valid():
            data = blocked_form.cleaned_data
            day, until = data["day"], data.get("until") or data["day"]
            count = 0
            while day <= until:
                row = BlockedDay(day=day, reason=data["reason"], inspector=data.get("inspector"), note=data["note"])
                try:
                    row.full_clean()
                except ValidationError as exc:
                    blocked_form.add_error(None, exc)
                    break
                row.save()
                count += 1
                day += dt.timedelta(days=1)
            else:
                messages.success(request, _("已登记{count}天。").format(count=count))
                return redirect("inspection:quotas")
        if "unblock" in request.POST:
            BlockedDay.objects.visible_to(request.user).filter(pk=request.POST.get("unblock")).delete()
            return redirect("inspection:quotas")
    term = services.current_term()
    blocked = BlockedDay.objects.select_related("inspector")
    if term:
        blocked = blocked.filter(day__gte=term.start, day__lte=term.end)
    return render(request, "inspection/quotas.html", {
        "title": _("督导指标与校历"), "formset": formset, "blocked_form": blocked_form, "blocked": blocked,
        "editable": editable, "term": term,
    })


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


# ---- visits ---------------------------------------------------------------------------------------------------


@login_required
def visit_list(request):
    visits = services.visits_visible_to(request.user).prefetch_related("schools", "inspectors")
    status = request.GET.get("status")
    if status in Visit.Status.values:
        visits = visits.filter(status=status)
    kind = request.GET.get("kind")
    if kind:
        visits = visits.filter(kind=kind)
    page, query = page_of(request, visits)  # newest first (Visit.Meta.ordering, indexed), 50 a page (issue 16)
    return render(request, "inspection/visit_list.html", {
        "title": _("督导记录"), "visits": page, "page": page, "query": query,
        "can_record": can_write(request.user, Visit) and not services.is_school(request.user), "status": status,
        "statuses": Visit.Status.choices,
    })


def _zone_schools(user):
    inspector = services.inspector_of(user)
    if inspector is not None:
        ids = ResponsibilityZone.schools.through.objects.filter(
            responsibilityzone__inspectors=inspector, responsibilityzone__term=services.current_term()
        ).values("school_id")
        schools = School.objects.filter(pk__in=ids)
        if schools.exists():
            return schools
    return School.objects.visible_to(user).filter(is_active=True)


@login_required
def visit_new(request):
    """Record a visit on a phone: step 1 (GET) what, where, when; step 2 (POST) the checklist and photos."""
    user = request.user
    if services.is_school(user) or not can_write(user, Visit):
        raise PermissionDenied(_("只有责任督学和督导室可以记录督导。"))
    schools = _zone_schools(user)
    planned = None
    initial = {}
    if request.GET.get("planned", "").isdigit():
        planned = get_object_or_404(services.planned_visible_to(user), pk=request.GET["planned"])
        checklist = Checklist.objects.filter(kind=planned.kind, active=True).first()
        initial = {"day": planned.day, "kind": planned.kind, "checklist": checklist,
                   "schools": list(planned.schools.all())}
        schools = schools | School.objects.filter(pk__in=planned.schools.values("pk"))
    source = request.POST if request.method == "POST" else (request.GET if "kind" in request.GET else None)
    start = forms.VisitStartForm(source, schools=schools.distinct(), initial=initial)
    if not start.is_bound or not start.is_valid():
        return render(request, "inspection/visit_start.html", {
            "title": _("记录督导"), "form": start, "planned": planned,
        })
    data = start.cleaned_data
    chosen = list(data["schools"])
    if not all(can_write(user, Visit) and scope_for(user).covers({s.pk}) for s in chosen):
        raise PermissionDenied
    items = list(data["checklist"].items.all()) if data["checklist"] else []
    outcome = forms.VisitForm(request.POST if "status" in request.POST else None)
    answers: dict[tuple[int, int], tuple[str, str]] = {}
    missing = 0
    if outcome.is_bound:
        for school in chosen:
            for item in items:
                value = request.POST.get(f"a-{school.pk}-{item.pk}", "")
                note = request.POST.get(f"n-{school.pk}-{item.pk}", "")[:200]
                if value not in Answer.values:
                    missing += 1
                answers[school.pk, item.pk] = (value, note)
        if outcome.is_valid() and outcome.cleaned_data["status"] == Visit.Status.DONE and missing:
            outcome.add_error(None, _("还有{count}项检查内容未选择结果。").format(count=missing))
        photos = request.FILES.getlist("photos")
        if outcome.is_valid():
            visit = _save_visit(user, data, outcome.cleaned_data, chosen, items, answers, photos, planned)
            if visit is not None:
                messages.success(request, _("督导记录已保存，发现问题{count}个。").format(count=visit.findings.count()))
                return redirect("inspection:visit_detail", pk=visit.pk)
            outcome.add_error(None, _("照片文件类型不受支持或超过20MB。"))
    rows = [{"school": s, "items": [{"item": i, "value": answers.get((s.pk, i.pk), ("", ""))[0],
                                     "note": answers.get((s.pk, i.pk), ("", ""))[1]} for i in items]}
            for s in chosen]
    return render(request, "inspection/visit_form.html", {
        "title": _("记录督导"), "start": start, "form": outcome, "rows": rows, "data": data, "planned": planned,
        "answers": list(Answer.choices), "kind_label": dict(VisitKind.choices).get(data["kind"], data["kind"]),
    })


def _save_visit(user, data, outcome, schools, items, answers, photos, planned):
    try:
        with transaction.atomic():
            visit = Visit.objects.create(day=data["day"], kind=data["kind"], checklist=data["checklist"],
                                         status=outcome["status"], notes=outcome["notes"], recorded_by=user,
                                         planned=planned if planned and not hasattr(planned, "visit") else None)
            visit.schools.set(schools)
            inspector = services.inspector_of(user)
            people = [inspector] if inspector else (list(planned.inspector and [planned.inspector]) if planned else [])
            visit.inspectors.set(people)
            if outcome["status"] == Visit.Status.DONE:
                for school in schools:
                    for item in items:
                        value, note = answers[school.pk, item.pk]
                        VisitAnswer.objects.create(visit=visit, school=school, item=item, answer=value, note=note,
                                                   score=item.points if value != Answer.NO else 0)
                        if value == Answer.NO and item.raises_finding:
                            Finding.objects.create(visit=visit, school=school, item=item, category=item.category,
                                                   severity=item.severity, found_on=visit.day,
                                                   description=f"{item.text}：{note}" if note else item.text)
            for upload in photos:
                photo = VisitPhoto(visit=visit, school=schools[0], file=upload, caption=upload.name[:100])
                photo.full_clean()
                photo.save()
    except ValidationError:
        return None
    return visit


def _visit_or_404(user, pk):
    return get_object_or_404(services.visits_visible_to(user).prefetch_related("schools", "inspectors"), pk=pk)


@login_required
def visit_detail(request, pk):
    visit = _visit_or_404(request.user, pk)
    user = request.user
    findings = _visible(visit.findings, user).select_related("school", "item").prefetch_related(
        "rectifications__followup")
    writable = can_write(user, visit)
    finding_form = forms.FindingForm(prefix="f", schools=visit.schools.all())
    notice_form = forms.NoticeForm(prefix="n", findings=findings.filter(rectifications__isnull=True),
                                   initial={"due": timezone.localdate() + dt.timedelta(days=14)})
    answers = _visible(visit.answers, user).select_related("school", "item")
    return render(request, "inspection/visit_detail.html", {
        "title": str(visit), "visit": visit, "findings": findings, "answers": answers, "writable": writable,
        "finding_form": finding_form, "notice_form": notice_form, "photos": _visible(visit.photos, user),
        "scores": _scores(answers),
    })


def _visible(related, user):
    """A visit's findings, answers or photos that ``user`` may read: a visit may cover several schools, and a
    school reads only its own part of it (issue 18: the photo captions of the other school leaked)."""
    return related.all().visible_to(user)


def _scores(answers) -> list[dict]:
    """Each school's checklist score: points got out of the points of the items that apply."""
    out: dict[str, dict] = {}
    for a in answers:
        row = out.setdefault(a.school.name, {"school": a.school.name, "score": 0, "max": 0, "failed": 0})
        if a.answer != Answer.NA:
            row["score"] += a.score
            row["max"] += a.item.points
        row["failed"] += a.answer == Answer.NO
    return list(out.values())


@login_required
@require_POST
def finding_new(request, pk):
    visit = _visit_or_404(request.user, pk)
    if not can_write(request.user, visit):
        raise PermissionDenied
    form = forms.FindingForm(request.POST, prefix="f", schools=visit.schools.all())
    if form.is_valid():
        finding = form.save(commit=False)
        finding.visit, finding.found_on = visit, visit.day
        finding.save()
        messages.success(request, _("已记录问题。"))
        return redirect("inspection:visit_detail", pk=visit.pk)
    return _visit_detail_with(request, visit, finding_form=form)


def _visit_detail_with(request, visit, **forms_):
    user = request.user
    findings = _visible(visit.findings, user).select_related("school", "item").prefetch_related(
        "rectifications__followup")
    answers = _visible(visit.answers, user).select_related("school", "item")
    context = {
        "title": str(visit), "visit": visit, "findings": findings, "writable": True,
        "answers": answers, "photos": _visible(visit.photos, user), "scores": _scores(answers),
        "finding_form": forms.FindingForm(prefix="f", schools=visit.schools.all()),
        "notice_form": forms.NoticeForm(prefix="n", findings=findings.filter(rectifications__isnull=True)),
        **forms_,
    }
    return render(request, "inspection/visit_detail.html", context, status=400)


@login_required
@require_POST
def notice_new(request, pk):
    """下发整改通知 for findings of one school of a visit, with a deadline (opens the core follow-up)."""
    visit = _visit_or_404(request.user, pk)
    if not can_write(request.user, visit):
        raise PermissionDenied
    findings = visit.findings.filter(rectifications__isnull=True).select_related("school")
    form = forms.NoticeForm(request.POST, prefix="n", findings=findings)
    if form.is_valid():
        chosen = list(form.cleaned_data["findings"])
        if not scope_for(request.user).covers({chosen[0].school_id}):
            raise PermissionDenied
        notice = services.issue_notice(chosen, due=form.cleaned_data["due"], user=request.user,
                                       detail=form.cleaned_data["detail"])
        messages.success(request, _("已下发整改通知 {number}。").format(number=notice.number))
        return redirect("inspection:notice_detail", pk=notice.pk)
    return _visit_detail_with(request, visit, notice_form=form)


# ---- notices --------------------------------------------------------------------------------------------------


STATE_FILTERS = {"open": ("issued", "responded", "returned"), "issued": ("issued",), "responded": ("responded",),
                 "returned": ("returned",), "closed": ("closed",), "withdrawn": ("withdrawn",)}


@login_required
def notice_list(request):
    ensure_daily_scan()
    today = timezone.localdate()
    notices = services.notices_visible_to(request.user)
    region = region_filter(request, request.user)  # issue 16: the city comparison's drill-down to one county
    if region is not None:
        notices = notices.filter(followup__school__region=region)
    state = request.GET.get("state", "")
    if state in STATE_FILTERS:
        notices = notices.filter(followup__state__in=STATE_FILTERS[state])
    if state == "overdue":
        notices = notices.filter(followup__state__in=STATE_FILTERS["open"], followup__due__lt=today)
    ids = notices.values("followup_id")
    from edubureau.core.models import FollowUp

    ordered = FollowUp.objects.filter(pk__in=ids).urgent_first(today).select_related("school", "rectification")
    page, query = page_of(request, ordered)  # 50 a page (issue 16)
    return render(request, "inspection/notice_list.html", {
        "title": _("整改通知"), "followups": page, "page": page, "query": query, "state": state, "today": today,
        "region": region,
        "filters": [("", _("全部")), ("open", _("办理中")), ("overdue", _("已逾期")), ("issued", _("待办理")),
                    ("responded", _("待核查")), ("returned", _("退回重办")), ("closed", _("已销号")),
                    ("withdrawn", _("已撤销"))],
    })


@login_required
def notice_detail(request, pk):
    notice = get_object_or_404(services.notices_visible_to(request.user), pk=pk)
    findings = notice.findings.select_related("school", "item", "visit")
    return render(request, "inspection/notice_detail.html", {
        "title": notice.number or str(notice), "notice": notice, "followup": notice.followup, "findings": findings,
    })


# ---- checklists -----------------------------------------------------------------------------------------------


@login_required
def checklist_list(request):
    return render(request, "inspection/checklist_list.html", {
        "title": _("检查表"), "checklists": Checklist.objects.prefetch_related("items"),
        "manages": manages(request.user),
    })


@login_required
def checklist_edit(request, pk=None):
    checklist = get_object_or_404(Checklist, pk=pk) if pk else None
    if request.method == "POST":
        _require_manager(request.user)
    form = forms.ChecklistForm(request.POST or None, instance=checklist)
    items = forms.ItemFormSet(request.POST or None, instance=checklist or Checklist(), prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        with transaction.atomic():
            checklist = form.save()
            items.instance = checklist
            items.save()
        messages.success(request, _("检查表已保存。"))
        return redirect("inspection:checklist_list")
    return render(request, "inspection/checklist_edit.html", {
        "title": str(checklist) if checklist else _("新建检查表"), "form": form, "items": items,
        "manages": manages(request.user),
    })


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


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


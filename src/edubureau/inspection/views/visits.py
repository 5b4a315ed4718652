"""督导记录: the list, recording a visit on a phone, a visit's page, its findings and the notices it issues."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edubureau.core.generic.list import page_of
from edubureau.core.listexport import ListColumn, keyword_search, list_tools, list_xlsx, search_text, wants_xlsx
from edubureau.core.scope import can_write, scope_for
from edubureau.org.models import School

from .. import forms, services
from ..models import Answer, Checklist, Finding, ResponsibilityZone, Visit, VisitAnswer, VisitKind, VisitPhoto

# ---- visits ---------------------------------------------------------------------------------------------------

VISIT_COLUMNS = [
    ListColumn(gettext_lazy("日期"), lambda v: v.day, 14),
    ListColumn(gettext_lazy("督导类型"), lambda v: v.get_kind_display(), 12),
    ListColumn(gettext_lazy("学校"), lambda v: "、".join(s.name for s in v.schools.all()), 30),
    ListColumn(gettext_lazy("督学"), lambda v: "、".join(i.name for i in v.inspectors.all()), 20),
    ListColumn(gettext_lazy("完成情况"), lambda v: v.get_status_display(), 10),
    ListColumn(gettext_lazy("督导记录"), lambda v: v.notes, 50),
]


@login_required
def visit_list(request):
    visits = services.visits_visible_to(request.user).prefetch_related("schools", "inspectors")
    status = request.GET.get("status")
    if status in Visit.Status.values:
        visits = visits.filter(status=status)
    kind = request.GET.get("kind")
    if kind:
        visits = visits.filter(kind=kind)
    text = search_text(request)
    if text:  # a school, an inspector or a word of the record; matched apart so a visit is listed once
        found = keyword_search(Visit.objects.all(), text, ("schools__name", "inspectors__name", "notes"))
        visits = visits.filter(pk__in=found.values("pk"))
    if wants_xlsx(request):  # every visit as filtered (issue 17); prefetched in chunks by iterator
        return list_xlsx(_("督导记录"), VISIT_COLUMNS, visits.iterator(500))
    page, query = page_of(request, visits)  # newest first (Visit.Meta.ordering, indexed), 50 a page (issue 16)
    return render(request, "inspection/visit_list.html", {
        "title": _("督导记录"), "visits": page, "page": page, "query": query,
        "can_record": can_write(request.user, Visit) and not services.is_school(request.user), "status": status,
        "statuses": Visit.Status.choices, **list_tools(request, _("学校、督学或记录内容")),
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

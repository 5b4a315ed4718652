"""学生资助 pages: a term's ledger by school and program with the checks (应助尽助 gaps, double payments, ineligible
grants, wrong amounts, budget), the bank's disbursement file, and the 困难认定 with its 公示 and 复核.

Names appear only to the 资助 staff (``permissions.sees_family``); every other reader gets the counts and sums."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edubureau.core.generic.list import page_of
from edubureau.core.scope import can_write
from edubureau.org.models import Term
from edubureau.people.models import Student

from . import aid as services
from .engine.aid import INDICATORS, suggested_tier
from .models import AidRecognition, Grant
from .permissions import sees_family


def _term(request) -> Term | None:
    terms = Term.objects.select_related("school_year")
    chosen = request.GET.get("term", "")
    if chosen.isdigit():
        term = terms.filter(pk=int(chosen)).first()
        if term is not None:
            return term
    today = timezone.localdate()
    return terms.filter(start__lte=today, end__gte=today).first() or terms.first()


@login_required
def aid_ledger(request):
    term = _term(request)
    family = sees_family(request.user)
    grants = Grant.objects.for_totals(request.user).filter(term=term)
    ledger = services.program_ledger(grants)
    by_program = list(grants.values("program__name", "program__term_budget").annotate(
        pupils=Count("student", distinct=True), amount=Sum("amount")).order_by("program__name"))
    check = None
    if term is not None:
        check = services.check_term(term, Student.objects.visible_to(request.user),
                                    Grant.objects.for_totals(request.user))
    return render(request, "welfare/aid_ledger.html", {
        "title": _("学生资助"), "term": term, "terms": Term.objects.select_related("school_year")[:8],
        "ledger": ledger, "by_program": by_program, "total": services.total(grants), "check": check,
        "family": family, "grants_count": grants.count(),
    })


@login_required
def aid_bank(request):
    """The bank's file for the term: full ID and account numbers, so only for the 资助 staff."""
    if not sees_family(request.user):
        raise PermissionDenied(_("代发清单含身份证号和账号，仅学生资助工作人员可以导出。"))
    term = _term(request)
    return services.bank_workbook(Grant.objects.visible_to(request.user).filter(term=term))


@login_required
def recognition_list(request):
    if not sees_family(request.user):
        raise PermissionDenied(_("困难认定含学生家庭情况，仅学生资助工作人员可以查看。"))
    year = request.GET.get("year", "")
    rows = AidRecognition.objects.visible_to(request.user).select_related("student", "school")
    years = sorted(set(rows.values_list("year", flat=True)), reverse=True)
    chosen = int(year) if year.isdigit() else (years[0] if years else timezone.localdate().year)
    rows = rows.filter(year=chosen)
    state = request.GET.get("state", "")
    if state in AidRecognition.State.values:
        rows = rows.filter(state=state)
    page, query = page_of(request, rows)
    for rec in page:
        rec.suggested = suggested_tier(float(rec.score), rec.groups)
    return render(request, "welfare/recognition_list.html", {
        "title": _("家庭经济困难学生认定"), "rows": page, "page": page, "query": query, "years": years, "year": chosen,
        "state": state,
        "states": AidRecognition.State.choices, "may_write": can_write(request.user, AidRecognition),
        "indicators": INDICATORS, "tiers": AidRecognition.Tier.choices[1:],
    })


@login_required
def recognition_public(request):
    """The 公示: names and 档次 only (no reasons, income or ID numbers), printable for the school's notice board."""
    if not sees_family(request.user):
        raise PermissionDenied(_("仅学生资助工作人员可以打印公示名单。"))
    rows = AidRecognition.objects.visible_to(request.user).filter(state=AidRecognition.State.PUBLIC).select_related(
        "student", "school").order_by("school__name", "tier", "student__name_pinyin")
    return render(request, "welfare/recognition_public.html", {"title": _("家庭经济困难学生认定结果公示"),
                                                               "rows": rows})


@login_required
@require_POST
def recognition_action(request, pk):
    rec = get_object_or_404(AidRecognition.objects.visible_to(request.user), pk=pk)
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    try:
        if action == "public":
            services.start_public(AidRecognition.objects.filter(pk=rec.pk), request.user)
        elif action == "appeal":
            services.file_appeal(rec, request.user, note)
        elif action in ("approve", "refuse"):
            services.decide_recognition(rec, request.user, approve=action == "approve", note=note,
                                        tier=request.POST.get("tier", ""))
        else:
            raise ValidationError(_("未知的操作。"))
    except ValidationError as exc:
        messages.error(request, f"{rec.student.name}：{'；'.join(exc.messages)}")
    else:
        messages.success(request, _("{name}：已办理。").format(name=rec.student.name))
    return redirect(f"{reverse('welfare:recognition_list')}?year={rec.year}")

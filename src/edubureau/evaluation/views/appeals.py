"""考核申诉: a school files one on its published card, the 考核组 decides it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from edubureau.core.generic.list import page_of
from edubureau.core.listexport import ListColumn, keyword_search, list_tools, list_xlsx, search_text, wants_xlsx
from edubureau.core.scope import can_write
from edubureau.org.models import School

from .. import services
from ..forms import AppealForm, DecisionForm
from ..models import Appeal, Scheme
from .common import _is_school, _scheme

# ---- appeals --------------------------------------------------------------------------------------------------------

APPEAL_COLUMNS = [
    ListColumn(gettext_lazy("学校"), lambda a: a.school.name, 22),
    ListColumn(gettext_lazy("指标"), lambda a: str(a.indicator), 30),
    ListColumn(gettext_lazy("申诉理由"), lambda a: a.reason, 50),
    ListColumn(gettext_lazy("状态"), lambda a: a.followup.get_state_display(), 10),
    ListColumn(gettext_lazy("提出日期"), lambda a: a.followup.issued_on, 14),
    ListColumn(gettext_lazy("办理期限"), lambda a: a.followup.due, 14),
    ListColumn(gettext_lazy("复核后得分"), lambda a: a.decided_score, 12),
]

@login_required
@require_http_methods(["GET", "POST"])
def appeal_create(request, pk):
    scheme = _scheme(request, pk)
    if not _is_school(request.user) and not request.user.is_superuser:
        raise PermissionDenied(_("申诉由学校提出。"))
    school = request.user.profile.school if _is_school(request.user) else get_object_or_404(
        School, pk=request.POST.get("school"))
    form = AppealForm(request.POST or None, request.FILES or None, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            files = [form.cleaned_data["evidence"]] if form.cleaned_data.get("evidence") else []
            appeal = services.open_appeal(scheme=scheme, school=school, indicator=form.cleaned_data["indicator"],
                                          reason=form.cleaned_data["reason"], user=request.user, evidence=files)
        except ValidationError as exc:
            for m in exc.messages:
                form.add_error(None, m)
        else:
            messages.success(request, _("申诉已提交，等待考核组核查。"))
            return redirect(appeal)
    # Errors beside their fields, the typed reason kept, as on every other form (issue 17).
    return render(request, "evaluation/appeal_form.html", {
        "title": _("对单项得分提出申诉"), "scheme": scheme, "form": form,
    })


@login_required
def appeal_detail(request, pk):
    appeal = get_object_or_404(Appeal.objects.visible_to(request.user).select_related(
        "scheme", "school", "indicator", "version", "followup"), pk=pk)
    can_decide = can_write(request.user, Scheme) and appeal.followup.state == "responded"
    form = DecisionForm(request.POST or None, initial={"decided_score": appeal.decided_score})
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if form.is_valid():
            appeal.decided_score = form.cleaned_data["decided_score"]
            appeal.save(update_fields=["decided_score", "updated"])
            messages.success(request, _("已记录复核后得分；核查销号后重新计算、发布即生效。"))
            return redirect(appeal)
    row = services.school_row(appeal.version, appeal.school.code) or {}
    contested = {
        "value": (row.get("values") or {}).get(appeal.indicator.code),
        "raw": (row.get("raw") or {}).get(appeal.indicator.code),
        "points": (row.get("points") or {}).get(appeal.indicator.code),
        "trail": [t for t in row.get("trail", []) if t["code"] == appeal.indicator.code],
    }
    return render(request, "evaluation/appeal_detail.html", {
        "title": _("考核申诉"), "appeal": appeal, "contested": contested, "can_decide": can_decide, "form": form,
    })


@login_required
def appeal_list(request, pk):
    scheme = _scheme(request, pk)
    appeals = Appeal.objects.visible_to(request.user).filter(scheme=scheme).select_related(
        "school", "indicator", "followup").order_by("followup__due", "pk")
    appeals = keyword_search(appeals, search_text(request),
                             ("school__name", "indicator__title", "indicator__code", "reason"))
    if wants_xlsx(request):  # issue 17: every appeal of the scheme as searched
        return list_xlsx(_("考核申诉"), APPEAL_COLUMNS, appeals.iterator(2000))
    page, query = page_of(request, appeals)
    return render(request, "evaluation/appeal_list.html", {
        "title": _("考核申诉：{t}").format(t=scheme.title), "scheme": scheme, "appeals": page, "page": page,
        "query": query, "today": timezone.localdate(), **list_tools(request, _("学校、指标或理由"))})

"""交流轮岗 pages: the county's plans, and one plan with its figures beside the baseline's and its moves.

A school reads a plan from its 公示 on, and only the moves into and out of it; the bureau reads every plan of its
counties; only the 人事科 (write rights on the module) builds a plan and moves it on.
"""

from __future__ import annotations

from collections import Counter

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edubureau.core.forms import BaseModelForm, bootstrapify
from edubureau.core.generic.list import page_of
from edubureau.core.listexport import ListColumn, keyword_search, list_tools, list_xlsx, search_text, wants_xlsx
from edubureau.core.roles import Role
from edubureau.core.scope import can_write, scope_for
from edubureau.org.city import visible_counties
from edubureau.org.models import Region

from . import objections, services
from .models import RotationMove, RotationObjection, RotationPlan
from .objection_views import DecisionForm

MOVE_COLUMNS = [
    ListColumn(gettext_lazy("姓名"), lambda m: m.staff.name, 10),
    ListColumn(gettext_lazy("任教学科"), lambda m: m.subject, 10),
    ListColumn(gettext_lazy("骨干教师"), lambda m: "是" if m.backbone else "否", 8),
    ListColumn(gettext_lazy("派出学校"), lambda m: m.source.name, 24),
    ListColumn(gettext_lazy("接收学校"), lambda m: m.target.name, 24),
    ListColumn(gettext_lazy("补缺学科"), lambda m: "是" if m.fills_shortage else "否", 8),
    ListColumn(gettext_lazy("路程（公里）"), lambda m: m.km, 10),
    ListColumn(gettext_lazy("备注"), lambda m: "异议成立，已撤回" if m.withdrawn else "", 16),
]


def _plans(user):
    plans = RotationPlan.objects.visible_to(user).select_related("region")
    if scope_for(user).role == Role.SCHOOL:
        plans = plans.exclude(status=RotationPlan.Status.DRAFT)  # a draft is the bureau's until its 公示
    return plans


class BuildForm(forms.Form):
    region = forms.ModelChoiceField(label=gettext_lazy("区县"), queryset=Region.objects.none())
    year = forms.IntegerField(label=gettext_lazy("交流年度"), min_value=2000, max_value=2100,
                              help_text=gettext_lazy("任教年限和年龄算至该年8月31日"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counties = [r.pk for r in visible_counties(user)]
        self.fields["region"].queryset = Region.objects.filter(pk__in=counties)
        if len(counties) == 1:  # a county's 人事科 plans its own county: nothing to choose
            self.fields["region"].initial = counties[0]
            self.fields["region"].widget = forms.HiddenInput()
        bootstrapify(self)


@login_required
def rotation_list(request):
    may_build = can_write(request.user, RotationPlan)
    form = BuildForm(request.user, request.POST or None, initial={"year": services.rotation_year(timezone.localdate())})
    if request.method == "POST":
        if not may_build:
            raise PermissionDenied(_("只有人事科可以编制交流轮岗方案。"))
        if form.is_valid():
            plan = services.build_plan(form.cleaned_data["region"], form.cleaned_data["year"], request.user,
                                       time_limit=10)  # a page answers in seconds; the benchmark shows a minute
            messages.success(request, _("已生成{plan}（草稿）。").format(plan=plan))
            return redirect("staffing:rotation_detail", plan.pk)
    return render(request, "staffing/rotation_list.html", {
        "title": _("交流轮岗"), "plans": _plans(request.user), "form": form, "may_build": may_build,
    })


def _plan_for(request, pk) -> RotationPlan:
    return get_object_or_404(_plans(request.user), pk=pk)


@login_required
def rotation_detail(request, pk):
    plan = _plan_for(request, pk)
    moves = RotationMove.objects.visible_to(request.user).filter(plan=plan).select_related("staff", "source",
                                                                                            "target")
    moves = keyword_search(moves, search_text(request), ("staff__name", "subject", "source__name", "target__name"))
    if wants_xlsx(request):
        return list_xlsx(_("{plan}名册").format(plan=plan), MOVE_COLUMNS, moves.iterator(2000))
    page, query = page_of(request, moves)
    reasons = Counter(plan.ineligible.values())
    school = scope_for(request.user).role == Role.SCHOOL
    objection_rows = list(RotationObjection.objects.visible_to(request.user).filter(move__plan=plan).select_related(
        "move__staff", "move__source", "move__target", "school"))
    return render(request, "staffing/rotation_detail.html", {
        "title": str(plan), "plan": plan, "page": page, "moves": page, "query": query,
        "figures": None if school else plan.figures,
        "statistics": None if school else services.annual_statistics(plan),
        "reasons": reasons.most_common(8) if not school else [],
        "may_advance": can_write(request.user, plan) and plan.status != RotationPlan.Status.EXECUTED,
        "may_adjust": can_write(request.user, plan) and plan.status == RotationPlan.Status.DRAFT,
        "next_label": NEXT_LABEL.get(plan.status, ""), "today": timezone.localdate(),
        "objection_rows": objection_rows, "pending_count": sum(1 for o in objection_rows if not o.decision),
        "may_decide": can_write(request.user, plan), "decision_choices": DecisionForm.base_fields["decision"].choices,
        "objections_open": school and objections.objection_window_open(plan),
        **list_tools(request, _("姓名、学科或学校")),
    })


class MoveForm(BaseModelForm):
    class Meta:
        model = RotationMove
        fields = ["target"]
        help_texts = {"target": gettext_lazy("路程和是否补缺按新的接收学校重新计算")}


@login_required
def rotation_move_edit(request, pk):
    """The 人事科 changes a draft plan's move: another receiving school, or the move taken out."""
    move = get_object_or_404(RotationMove.objects.visible_to(request.user).select_related(
        "plan__region", "staff", "source", "target"), pk=pk)
    if not can_write(request.user, move.plan):
        raise Http404  # a school does not learn of a draft's moves
    if move.plan.status != RotationPlan.Status.DRAFT:
        raise PermissionDenied(_("方案已发布公示，不能再调整；公示期间请通过异议答复撤回。"))
    form = MoveForm(request.POST or None, instance=RotationMove.objects.get(pk=move.pk), user=request.user)
    remove = bool(request.POST.get("remove"))
    if request.method == "POST" and (remove or form.is_valid()):
        try:
            with transaction.atomic():
                if not remove:
                    form.lock_and_check()  # nobody changed the move since this form was read
                services.adjust_move(move, request.user, remove=remove,
                                     target=None if remove else form.cleaned_data["target"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("已调整{name}的交流安排。").format(name=move.staff.name))
            return redirect("staffing:rotation_detail", move.plan_id)
    return render(request, "staffing/move_form.html", {
        "title": _("调整交流安排"), "move": move, "plan": move.plan, "form": form,
    })


STATISTICS_COLUMNS = [ListColumn(gettext_lazy("项目"), lambda row: str(row[0]), 30),
                      ListColumn(gettext_lazy("数值"), lambda row: round(row[1], 4), 12)]


@login_required
def rotation_statistics(request, pk):
    """The plan's annual statistics as a workbook (the province's 交流轮岗统计); the bureau's, not a school's."""
    plan = _plan_for(request, pk)
    if scope_for(request.user).role == Role.SCHOOL:
        raise PermissionDenied(_("交流轮岗统计由教育局报送。"))
    return list_xlsx(_("{plan}统计").format(plan=plan), STATISTICS_COLUMNS, services.annual_statistics(plan))


NEXT_LABEL = {
    RotationPlan.Status.DRAFT: gettext_lazy("发布公示"),
    RotationPlan.Status.PUBLIC: gettext_lazy("公示期满，定稿"),
    RotationPlan.Status.FINAL: gettext_lazy("执行：写入任职经历"),
}


@login_required
@require_POST
def rotation_advance(request, pk):
    plan = _plan_for(request, pk)
    try:
        plan = services.advance(plan, request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("方案状态：{status}。").format(status=plan.get_status_display()))
    return redirect("staffing:rotation_detail", plan.pk)

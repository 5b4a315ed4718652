"""请销假 pages: the leave list (a school's or the county's), entering a request, one request with its steps, and
the monthly attendance summary as xlsx.

A school's administrator enters leave for its staff, approves it (up to 3 days alone) and closes it; the 人事科
approves longer leave; leaders read everything in their scope.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edubureau.core.forms import bootstrapify
from edubureau.core.generic.list import page_of
from edubureau.core.listexport import ListColumn, keyword_search, list_tools, list_xlsx, search_text, wants_xlsx
from edubureau.core.scope import can_write
from edubureau.people.models import Staff

from . import leave as services
from .engine.leave_rules import LeaveKind, LeaveState
from .models import LeaveRequest

LEAVE_COLUMNS = [
    ListColumn(gettext_lazy("姓名"), lambda r: r.staff.name, 10),
    ListColumn(gettext_lazy("学校"), lambda r: r.school.name, 24),
    ListColumn(gettext_lazy("请假类型"), lambda r: r.kind, 8),
    ListColumn(gettext_lazy("开始日期"), lambda r: r.start, 12),
    ListColumn(gettext_lazy("结束日期"), lambda r: r.end, 12),
    ListColumn(gettext_lazy("天数"), lambda r: r.days, 6),
    ListColumn(gettext_lazy("状态"), lambda r: r.state, 10),
    ListColumn(gettext_lazy("销假日期"), lambda r: r.returned_on, 12),
    ListColumn(gettext_lazy("事由"), lambda r: r.reason, 24),
    ListColumn(gettext_lazy("代课安排"), lambda r: r.substitute, 24),
]
WAITING = {"school": LeaveState.APPLIED.value, "bureau": LeaveState.SCHOOL_APPROVED.value}


class LeaveForm(forms.Form):
    staff = forms.ModelChoiceField(label=gettext_lazy("教职工"), queryset=Staff.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("请假类型"), choices=[(k.value, k.value) for k in LeaveKind])
    start = forms.DateField(label=gettext_lazy("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("结束日期"), widget=forms.DateInput(attrs={"type": "date"}),
                          help_text=gettext_lazy("3个工作日以内由学校审批，超过的报人事科审批"))
    reason = forms.CharField(label=gettext_lazy("事由"), max_length=200, required=False)
    substitute = forms.CharField(label=gettext_lazy("代课安排"), max_length=200, required=False,
                                 help_text=gettext_lazy("例如：语文课由张老师代，班主任工作由李老师代"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = Staff.objects.visible_to(user).filter(is_active=True)
        bootstrapify(self)


class StepForm(forms.Form):
    action = forms.ChoiceField(choices=list(services.ACTION_LABELS.items()))
    note = forms.CharField(max_length=200, required=False)
    returned_on = forms.DateField(required=False)


def _leaves(user):
    return LeaveRequest.objects.visible_to(user).select_related("staff", "school")


@login_required
def leave_list(request):
    rows = _leaves(request.user)
    side = services.side_of(request.user)
    waiting = request.GET.get("waiting") == "1" and side in WAITING
    if waiting:
        rows = rows.filter(state=WAITING[side])
    state = request.GET.get("state", "")
    if state in LeaveRequest.STATES and state:
        rows = rows.filter(state=state)
    rows = keyword_search(rows, search_text(request), ("staff__name", "school__name", "kind", "reason"))
    if wants_xlsx(request):
        return list_xlsx(_("请假记录"), LEAVE_COLUMNS, rows.iterator(2000))
    page, query = page_of(request, rows)
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1))
    return render(request, "staffing/leave_list.html", {
        "title": _("请销假"), "page": page, "leaves": page, "query": query, "may_file": can_write(
            request.user, LeaveRequest) and side == "school", "side": side, "waiting": waiting,
        "waiting_count": _leaves(request.user).filter(state=WAITING[side]).count() if side in WAITING else 0,
        "states": [s.value for s in LeaveState], "state": state, "last_month": f"{last_month:%Y-%m}",
        **list_tools(request, _("姓名、学校、类型或事由")),
    })


@login_required
def leave_create(request):
    if not can_write(request.user, LeaveRequest) or services.side_of(request.user) != "school":
        raise PermissionDenied(_("请假由学校登记。"))
    form = LeaveForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            leave = services.file_leave(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已登记：{leave}，{route}。").format(
                leave=leave, route=_("待学校审批后报人事科") if leave.needs_bureau else _("待学校审批")))
            return redirect("staffing:leave_detail", leave.pk)
    return render(request, "staffing/leave_form.html", {"title": _("登记请假"), "form": form})


@login_required
def leave_detail(request, pk):
    leave = get_object_or_404(_leaves(request.user), pk=pk)
    actions = [(a, services.ACTION_LABELS[a]) for a in services.actions_for(request.user, leave)]
    return render(request, "staffing/leave_detail.html", {
        "title": str(leave), "leave": leave, "steps": leave.steps.select_related("actor"), "actions": actions,
        "labels": services.ACTION_LABELS | {"apply": _("登记")}, "today": timezone.localdate(),
        "taken": services.days_taken(leave.staff, leave.start.year), "year": leave.start.year,
    })


@login_required
@require_POST
def leave_step(request, pk):
    leave = get_object_or_404(_leaves(request.user), pk=pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写正确的日期。"))
        return redirect("staffing:leave_detail", leave.pk)
    try:
        leave = services.take_step(leave, form.cleaned_data["action"], request.user, note=form.cleaned_data["note"],
                                   returned_on=form.cleaned_data["returned_on"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已办理，当前状态：{state}。").format(state=leave.state))
    return redirect("staffing:leave_detail", leave.pk)


@login_required
def leave_month(request):
    """The month's attendance summary (?month=YYYY-MM) per teacher with leave or absence, as xlsx."""
    try:
        first = dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        first = timezone.localdate().replace(day=1)
    rows = services.month_rows(_leaves(request.user), first.year, first.month)
    kinds = [k.value for k in LeaveKind]
    columns = [
        ListColumn(gettext_lazy("学校"), lambda r: r["school"], 24),
        ListColumn(gettext_lazy("姓名"), lambda r: r["name"], 10),
        ListColumn(gettext_lazy("应出勤天数"), lambda r: r["working_days"], 10),
        *[ListColumn(kind, lambda r, kind=kind: r["leave"].get(kind, 0), 7) for kind in kinds],
        ListColumn(gettext_lazy("旷工天数"), lambda r: r["absence"], 8),
        ListColumn(gettext_lazy("超过旷工限度"), lambda r: "是" if r["over_limit"] else "", 10),
    ]
    return list_xlsx(_("{year}年{month}月考勤汇总").format(year=first.year, month=first.month), columns, rows)

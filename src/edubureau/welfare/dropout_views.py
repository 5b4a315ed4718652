"""控辍保学 pages: the risk list with the open cases, the year's dropout rates against the national lines, and one
case (一人一案) with its trail, steps and 劝返 attempts."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edubureau.core import idcard
from edubureau.core.followup import can_act
from edubureau.core.followup_engine import Action
from edubureau.core.listexport import ListColumn, list_xlsx, wants_xlsx
from edubureau.core.scope import can_write
from edubureau.org.models import SchoolYear
from edubureau.people.models import Student

from . import dropout as services
from .engine.dropout import CLOSINGS
from .models import DropoutCase, HouseholdChild, WelfareSettings

CASE_COLUMNS = [
    ListColumn(gettext_lazy("姓名"), lambda c: c.name, 10),
    ListColumn(gettext_lazy("责任学校"), lambda c: c.school.name, 24),
    ListColumn(gettext_lazy("风险类型"), lambda c: c.risk, 12),
    ListColumn(gettext_lazy("发现情况"), lambda c: c.reason, 36),
    ListColumn(gettext_lazy("状态"), lambda c: c.state, 8),
    ListColumn(gettext_lazy("学校责任人"), lambda c: c.school_head, 10),
    ListColumn(gettext_lazy("乡镇责任人"), lambda c: c.township_head, 10),
    ListColumn(gettext_lazy("教育局责任人"), lambda c: c.bureau_head, 10),
    ListColumn(gettext_lazy("办理期限"), lambda c: c.followup.due, 12),
    ListColumn(gettext_lazy("销号去向"), lambda c: c.closing, 16),
]


def _cases(user):
    return DropoutCase.objects.visible_to(user).select_related("school", "student", "followup")


def _households(user):
    return HouseholdChild.objects.visible_to(user)


@login_required
def dropout_home(request):
    cases = _cases(request.user)
    if wants_xlsx(request):
        return list_xlsx(_("控辍保学台账"), CASE_COLUMNS, cases.iterator(500))
    students = Student.objects.visible_to(request.user)
    risks = services.current_risks(students, _households(request.user))
    year = SchoolYear.objects.filter(is_current=True).first()
    year_start = year.start if year else dt.date(timezone.localdate().year, 9, 1)
    by_state = dict(cases.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return render(request, "welfare/dropout_home.html", {
        "title": _("控辍保学"), "risks": risks, "visible_cases": set(cases.values_list("pk", flat=True)),
        "cases": cases.exclude(state__in=services.CLOSING_STEPS),
        "closed": cases.filter(state__in=services.CLOSING_STEPS)[:20], "today": timezone.localdate(),
        "state_counts": [(s, by_state.get(s, 0)) for s, _l in DropoutCase.STATES],
        "rates": services.county_rates(students, cases, year_start),
        "may_open": can_write(request.user, DropoutCase), "absence_days": WelfareSettings.current().absence_days,
    })


@login_required
@require_POST
def dropout_open(request):
    key = request.POST.get("key", "")
    students = Student.objects.visible_to(request.user)
    row = next((r for r in services.current_risks(students, _households(request.user)) if r.key == key), None)
    if row is None:
        messages.error(request, _("该风险已不在名单中（可能已立案或已消除）。"))
        return redirect("welfare:dropout_home")
    if row.school is None or not can_write(request.user, DropoutCase(school=row.school)):
        raise PermissionDenied(_("只能为本校（本县）学生立案。"))
    try:
        case = services.open_case(row, user=request.user, township_head=request.POST.get("township_head", ""),
                                  bureau_head=request.POST.get("bureau_head", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("welfare:dropout_home")
    messages.success(request, _("已立案：{case}，责任学校{school}。").format(case=case, school=case.school))
    return redirect("welfare:dropoutcase_detail", case.pk)


@login_required
def dropout_detail(request, pk):
    case = get_object_or_404(_cases(request.user), pk=pk)
    writable = can_write(request.user, case)
    steps = [s for s in services.next_steps(case)
             if s not in services.CLOSING_STEPS or can_act(request.user, case.followup, Action.RESPOND)]
    id_shown = ""
    if case.student and case.student.id_number:
        id_shown = idcard.mask(case.student.id_number)
    elif case.household:
        id_shown = case.household.masked_id_number
    return render(request, "welfare/dropout_detail.html", {
        "title": str(case), "case": case, "entries": case.entries.select_related("actor"),
        "steps": steps if writable else [], "may_attempt": writable and case.is_open, "closings": CLOSINGS,
        "today": timezone.localdate(), "id_shown": id_shown,
    })


def _posted_day(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        return timezone.localdate()


@login_required
@require_POST
def dropout_step(request, pk):
    case = get_object_or_404(_cases(request.user), pk=pk)
    if not can_write(request.user, case):
        raise PermissionDenied(_("只能办理本校的劝返事项。"))
    try:
        if request.POST.get("step"):
            services.take_step(case, request.POST["step"], request.user, day=_posted_day(request),
                               note=request.POST.get("note", ""), closing=request.POST.get("closing", ""))
            messages.success(request, _("已办理，当前状态：{state}。").format(state=case.state))
        else:
            services.add_attempt(case, request.user, day=_posted_day(request), people=request.POST.get("people", ""),
                                 outcome=request.POST.get("outcome", ""))
            messages.success(request, _("已记录一次劝返。"))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("welfare:dropoutcase_detail", case.pk)

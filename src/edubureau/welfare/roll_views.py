"""学籍 pages: the roll by school and grade on any date, the roll export in the reconciliation's headers, and the
学籍变动 list, filing and detail with the two schools' confirmations of a 转学."""

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
from edubureau.core.picklist import use_pick_list
from edubureau.core.scope import can_write, scope_for
from edubureau.org.models import School
from edubureau.people.choices import ON_ROLL
from edubureau.people.models import SchoolClass, Student
from edubureau.people.roll_reconcile import ROLL_HEADERS, grade_word

from . import rolls
from .models import RollChange
from .reconciliation import roll_rows

CHANGE_COLUMNS = [
    ListColumn(gettext_lazy("姓名"), lambda c: c.student.name, 10),
    ListColumn(gettext_lazy("学籍号"), lambda c: c.student.student_no, 22),
    ListColumn(gettext_lazy("变动类型"), lambda c: c.kind, 8),
    ListColumn(gettext_lazy("变动日期"), lambda c: c.day, 12),
    ListColumn(gettext_lazy("办理学校"), lambda c: c.school.name, 24),
    ListColumn(gettext_lazy("转入学校/转往"), lambda c: c.to_school.name if c.to_school else c.destination, 24),
    ListColumn(gettext_lazy("休学至"), lambda c: c.until, 12),
    ListColumn(gettext_lazy("原因"), lambda c: c.reason, 30),
    ListColumn(gettext_lazy("状态"), lambda c: c.state, 8),
]


def _changes(user):
    return RollChange.objects.visible_to(user).select_related("student", "school", "to_school")


def _day(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def roll(request):
    """Pupils attending on a day, by school and grade (the changes after the day undone)."""
    day = _day(request)
    students = Student.objects.visible_to(request.user)
    counts = rolls.roll_counts_on(students, day)
    grades = sorted({g for _s, g in counts})
    schools = School.objects.filter(pk__in={s for s, _g in counts}).order_by("code")
    rows = [{"school": s, "cells": [counts.get((s.pk, g), 0) for g in grades],
             "total": sum(counts.get((s.pk, g), 0) for g in grades)} for s in schools]
    totals = [sum(counts.get((s.pk, g), 0) for s in schools) for g in grades]
    school = schools.filter(pk=int(request.GET["school"])).first() if request.GET.get("school", "").isdigit() \
        else None
    classes = []
    if school is not None:  # one school's classes on the day
        by_class = rolls.roll_counts_on(students.filter(school=school), day, by_class=True)
        names = dict(SchoolClass.objects.filter(pk__in={k for _s, _g, k in by_class if k}).values_list("pk", "name"))
        classes = [{"grade": grade_word(g) or str(g), "name": names.get(k, _("未分班")), "n": n}
                   for (_s, g, k), n in sorted(by_class.items(), key=lambda item: (item[0][1], names.get(
                       item[0][2], "")))]
    return render(request, "welfare/roll.html", {
        "school": school, "classes": classes,
        "title": _("学籍名册"), "day": day, "grades": [grade_word(g) or str(g) for g in grades], "rows": rows,
        "totals": totals, "total": sum(totals), "today": timezone.localdate(),
        "suspended": students.filter(status="休学").count(),
    })


@login_required
def roll_export(request):
    """Today's roll in the reconciliation's headers (``ROLL_HEADERS``): what `students reconcile` reads as ROLL.

    ID numbers are written in full only for those who may read them (the people module's rule); others get the
    masked number, which the comparison then reports as not checkable."""
    from edubureau.core import idcard
    from edubureau.people.permissions import can_see_personal

    students = Student.objects.visible_to(request.user)
    full = students.exists() and can_see_personal(request.user, students.first())
    rows = roll_rows(students)
    if not full:
        rows = [[idcard.mask(r[0]) if r[0] else "", *r[1:]] for r in rows]
    columns = [ListColumn(h, lambda r, i=i: r[i], 22 if i in (0, 1) else 12) for i, h in enumerate(ROLL_HEADERS)]
    return list_xlsx(_("学籍名册（比对格式）"), columns, rows)


class ChangeForm(forms.Form):
    student = forms.ModelChoiceField(label=gettext_lazy("学生"), queryset=Student.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("变动类型"), choices=RollChange.Kind.choices)
    day = forms.DateField(label=gettext_lazy("变动日期"), widget=forms.DateInput(attrs={"type": "date"}))
    # A school may not read the other schools of the county (issue 18), so the receiving school is named by its
    # 学校标识码, as the 接收证明 gives it, not picked from a list of every school.
    to_school_code = forms.CharField(label=gettext_lazy("接收学校标识码（县内转学）"), max_length=10, required=False,
                                     help_text=gettext_lazy("填接收学校的10位学校标识码（见接收学校出具的接收证明）"))
    destination = forms.CharField(label=gettext_lazy("转往/转自（县外）"), max_length=100, required=False)
    until = forms.DateField(label=gettext_lazy("休学至"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=200)
    document = forms.FileField(label=gettext_lazy("证明材料"), required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = Student.objects.visible_to(user).select_related("school")
        bootstrapify(self)
        use_pick_list(self.fields["student"])  # 36,000 pupils: typed, not listed
        self.region = scope_for(user).home_region_id

    def clean(self):
        data = super().clean()
        code = (data.get("to_school_code") or "").strip()
        data["to_school"] = None
        if code:
            schools = School.objects.filter(code=code, is_active=True)
            if self.region is not None:
                schools = schools.filter(region=self.region)
            data["to_school"] = schools.first()
            if data["to_school"] is None:
                self.add_error("to_school_code", _("本县没有学校标识码为{code}的在办学校。").format(code=code))
        return data


@login_required
def change_list(request):
    rows = _changes(request.user)
    state = request.GET.get("state", "")
    if state in RollChange.State.values:
        rows = rows.filter(state=state)
    kind = request.GET.get("kind", "")
    if kind in RollChange.Kind.values:
        rows = rows.filter(kind=kind)
    rows = keyword_search(rows, search_text(request), ("student__name", "student__student_no", "school__name",
                                                       "reason"))
    if wants_xlsx(request):
        return list_xlsx(_("学籍变动"), CHANGE_COLUMNS, rows.iterator(2000))
    page, query = page_of(request, rows)
    waiting = [c for c in _changes(request.user).filter(state=RollChange.State.PENDING)
               if any(getattr(c, f"{side}_confirmed_on") is None for side in rolls.sides_of(request.user, c))]
    return render(request, "welfare/change_list.html", {
        "title": _("学籍变动"), "page": page, "changes": page, "query": query, "state": state, "kind": kind,
        "states": RollChange.State.choices, "kinds": RollChange.Kind.choices, "waiting": waiting,
        "may_file": can_write(request.user, RollChange), **list_tools(request, _("姓名、学籍号、学校或原因")),
    })


@login_required
def change_create(request):
    if not can_write(request.user, RollChange):
        raise PermissionDenied(_("学籍变动由学校或教育局学籍管理人员办理。"))
    form = ChangeForm(request.user, request.POST or None, request.FILES or None,
                      initial={"day": timezone.localdate(), "student": request.GET.get("student")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = rolls.file_change(user=request.user, student=data["student"], kind=data["kind"], day=data["day"],
                                       reason=data["reason"], to_school=data["to_school"],
                                       destination=data["destination"], until=data["until"],
                                       document=data["document"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    field = "to_school_code" if field == "to_school" else field
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已办理：{change}，{state}。").format(
                change=change, state=_("待接收学校确认") if change.state == RollChange.State.PENDING else _("已生效")))
            return redirect("welfare:rollchange_detail", change.pk)
    return render(request, "welfare/change_form.html", {"title": _("办理学籍变动"), "form": form})


@login_required
def change_detail(request, pk):
    change = get_object_or_404(_changes(request.user), pk=pk)
    sides = rolls.sides_of(request.user, change) if change.state == RollChange.State.PENDING else set()
    may_confirm = any(getattr(change, f"{side}_confirmed_on") is None for side in sides)
    return render(request, "welfare/change_detail.html", {
        "title": str(change), "change": change, "may_confirm": may_confirm, "may_withdraw": bool(sides),
        "student_on_roll": change.student.status in ON_ROLL,
    })


@login_required
@require_POST
def change_step(request, pk):
    change = get_object_or_404(_changes(request.user), pk=pk)
    try:
        if request.POST.get("action") == "confirm":
            change = rolls.confirm_transfer(change, request.user)
            messages.success(request, _("已确认。") + (_("双方均已确认，学生已转入{school}。").format(
                school=change.to_school) if change.state == RollChange.State.DONE else _("待另一方学校确认。")))
        elif request.POST.get("action") == "withdraw":
            rolls.withdraw_transfer(change, request.user, note=request.POST.get("note", ""))
            messages.success(request, _("已撤回，学生仍在原学校。"))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("welfare:rollchange_detail", change.pk)

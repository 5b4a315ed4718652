"""旷工 past the thresholds becomes a follow-up (the daily scan): a teacher whose leave ended and who was not back
in time (no 销假), counted on the county's calendar by the engine (``leave_rules.absence``).

Over 15 consecutive working days, or over 30 in one year (《事业单位人事管理条例》 art. 15, numbers of
人事设置), the school is asked to explain within ten days and the 人事科 sees the case in 限期办理事项; one
case per teacher and year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.followup import open_followup

from .engine.leave_rules import LeaveRules, LeaveState, absence
from .leave import county_calendar, leave_rules
from .models import AbsenceCase, LeaveRequest

__all__ = ["ANSWER_DAYS", "KIND", "scan_absence"]

KIND = "absence"
ANSWER_DAYS = 10


def scan_absence(today: dt.date | None = None) -> int:
    """Open a case for each teacher over a threshold this year who has none yet; the number opened."""
    today = today or timezone.localdate()
    calendar, rules = county_calendar(), leave_rules()
    counted = (LeaveState.APPROVED.value, LeaveState.CLOSED.value)
    by_staff = defaultdict(list)
    for leave in LeaveRequest.objects.filter(state__in=counted, end__gte=dt.date(today.year - 1, 12, 1)).select_related(
            "staff", "school").order_by("start"):
        by_staff[leave.staff_id].append(leave)
    known = set(AbsenceCase.objects.filter(year=today.year).values_list("staff_id", flat=True))
    opened = 0
    for staff_id, leaves in by_staff.items():
        if staff_id in known:
            continue
        report = absence([], [lv.as_engine() for lv in leaves], calendar, rules, today=today)
        days = [d for d in report.days if d.year == today.year]
        if not report.must_follow_up or not days:
            continue
        _open_case(leaves[-1], len(days), report.longest_run, today, rules)
        opened += 1
    return opened


@transaction.atomic
def _open_case(leave: LeaveRequest, days: int, run: int, today: dt.date, rules: LeaveRules) -> AbsenceCase:
    title = _("{name}旷工{days}个工作日（最长连续{run}日），超过规定").format(name=leave.staff.name, days=days, run=run)
    detail = _("{name}的{kind}（{start}至{end}）期满后未按时销假，{year}年累计旷工{days}个工作日、最长连续{run}日，"
               "超过“连续{limit}个工作日或一年累计{yearly}个工作日”的规定。请学校在期限内核实原因、报送处理意见，"
               "由人事科依规处理。").format(name=leave.staff.name, kind=leave.kind, start=leave.start, end=leave.end,
                                     year=today.year, days=days, run=run, limit=rules.consecutive_absence_limit,
                                     yearly=rules.yearly_absence_limit)
    followup = open_followup(module="staffing", kind=KIND, title=title, detail=detail, school=leave.school,
                             due=today + dt.timedelta(days=ANSWER_DAYS), issued_on=today)
    return AbsenceCase.objects.create(staff=leave.staff, school=leave.school, year=today.year, days=days,
                                      longest_run=run, followup=followup)

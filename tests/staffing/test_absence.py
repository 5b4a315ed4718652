"""旷工 past the thresholds opens one follow-up per teacher and year (the daily scan, issue 11).

Hand-checked on the test county (no holidays entered): a 事假 of 2–3 November 2026, approved and never closed. 销假
was due on the 4th (one working day after the end); by 4 December every working day from 4 November to 3 December
is 旷工: 4–6 Nov (3), the weeks of 9, 16 and 23 Nov (15), 30 Nov (1) and 1–3 Dec (3), 22 working days in a row,
past the 15 allowed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from edubureau.core.followup_models import FollowUp
from edubureau.core.testing import factories as f
from edubureau.staffing.absence import scan_absence
from edubureau.staffing.models import AbsenceCase, LeaveRequest

pytestmark = pytest.mark.django_db
D = dt.date


def _approved(teacher, school, start, end, **kw):
    return LeaveRequest.objects.create(staff=teacher, school=school, kind="事假", start=start, end=end,
                                       days=(end - start).days + 1, state="已批准", **kw)


def test_a_leave_never_closed_becomes_a_case_for_the_school_once(county):
    school = county["village"]
    teacher = f.make_staff(school, name="赵未归")
    _approved(teacher, school, D(2026, 11, 2), D(2026, 11, 3))
    assert scan_absence(D(2026, 12, 4)) == 1
    case = AbsenceCase.objects.get()
    assert (case.staff, case.school, case.year, case.days, case.longest_run) == (teacher, school, 2026, 22, 22)
    followup = case.followup
    assert (followup.module, followup.kind, followup.school, followup.due) == ("staffing", "absence", school,
                                                                               D(2026, 12, 14))
    assert followup.title == "赵未归旷工22个工作日（最长连续22日），超过规定"
    assert FollowUp.objects.visible_to(county["village_head"]).filter(pk=followup.pk).exists()
    assert not FollowUp.objects.visible_to(county["junior_head"]).filter(pk=followup.pk).exists()
    assert scan_absence(D(2026, 12, 5)) == 0 and AbsenceCase.objects.count() == 1  # one case a year


def test_below_the_thresholds_or_closed_in_time_opens_nothing(county):
    school = county["village"]
    late = f.make_staff(school, name="钱晚归")
    _approved(late, school, D(2026, 11, 20), D(2026, 11, 25))  # 5 working days absent by 4 December
    punctual = f.make_staff(school, name="孙按时")
    closed = _approved(punctual, school, D(2026, 10, 12), D(2026, 10, 13), returned_on=D(2026, 10, 14))
    LeaveRequest.objects.filter(pk=closed.pk).update(state="已销假")
    assert scan_absence(D(2026, 12, 4)) == 0
    assert not AbsenceCase.objects.exists()

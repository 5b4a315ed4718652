"""请销假 in the bureau (issue 11): a school enters and approves short leave, the 人事科 approves longer leave, the
school closes it, and the month's summary counts a late 销假 as absence."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from edubureau.core.testing import factories as f
from edubureau.inspection.models import BlockedDay
from edubureau.staffing import leave as services
from edubureau.staffing.models import LeaveRequest

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def teacher(county):
    return f.make_staff(county["village"], start=D(2020, 9, 1), name="赵请假", subject="语文")


def test_short_leave_the_school_approves_and_closes(county, teacher):
    head = county["village_head"]
    leave = services.file_leave(staff=teacher, kind="事假", start=D(2026, 11, 2), end=D(2026, 11, 3), user=head,
                                reason="家中有事", substitute="语文课由王老师代")
    assert (leave.days, leave.chain, leave.state, leave.school) == (2, "school", "已申请", county["village"])
    assert services.actions_for(county["renshi"], leave) == []  # short leave is the school's alone
    leave = services.take_step(leave, "approve_school", head)
    assert leave.state == "已批准"
    with pytest.raises(ValidationError, match="请填写返岗日期"):
        services.take_step(leave, "close", head)
    leave = services.take_step(leave, "close", head, returned_on=D(2026, 11, 4), today=D(2026, 11, 4))
    assert (leave.state, leave.returned_on) == ("已销假", D(2026, 11, 4))
    assert [s.action for s in leave.steps.all()] == ["apply", "approve_school", "close"]


def test_long_leave_goes_to_the_personnel_department(county, teacher):
    head, renshi = county["village_head"], county["renshi"]
    leave = services.file_leave(staff=teacher, kind="病假", start=D(2026, 11, 2), end=D(2026, 11, 13), user=head)
    assert (leave.days, leave.chain) == (10, "school,bureau")
    assert services.actions_for(renshi, leave) == []  # not before the school has passed it on
    leave = services.take_step(leave, "approve_school", head)
    assert leave.state == "学校已同意"
    assert services.actions_for(head, leave) == ["withdraw"]
    with pytest.raises(PermissionDenied):
        services.take_step(leave, "approve_bureau", head)
    with pytest.raises(ValidationError, match="驳回时请写明理由"):
        services.take_step(leave, "reject", renshi)
    leave = services.take_step(leave, "approve_bureau", renshi)
    assert leave.state == "已批准"
    with pytest.raises(ValidationError, match="已批准的请假不能人事科审批"):
        services.take_step(leave, "approve_bureau", renshi)


def test_holidays_are_not_counted_and_rules_refuse_with_reasons(county, teacher):
    head = county["village_head"]
    BlockedDay.objects.create(day=D(2026, 10, 1), reason="holiday")
    BlockedDay.objects.create(day=D(2026, 10, 2), reason="holiday")
    leave = services.file_leave(staff=teacher, kind="事假", start=D(2026, 9, 30), end=D(2026, 10, 5), user=head)
    assert leave.days == 2  # 9-30 and 10-5: 10-1 and 10-2 are holidays, 10-3 and 10-4 a weekend
    with pytest.raises(ValidationError, match="日期重叠"):
        services.file_leave(staff=teacher, kind="病假", start=D(2026, 10, 5), end=D(2026, 10, 6), user=head)
    with pytest.raises(ValidationError, match="婚假最长3天，本次5天"):
        services.file_leave(staff=teacher, kind="婚假", start=D(2026, 11, 2), end=D(2026, 11, 6), user=head)
    with pytest.raises(ValidationError, match="不另休年休假"):
        services.file_leave(staff=teacher, kind="年休假", start=D(2026, 11, 2), end=D(2026, 11, 3), user=head)
    with pytest.raises(ValidationError, match="都不是工作日"):
        services.file_leave(staff=teacher, kind="事假", start=D(2026, 10, 3), end=D(2026, 10, 4), user=head)
    with pytest.raises(PermissionDenied):  # another school's teacher
        services.file_leave(staff=teacher, kind="事假", start=D(2026, 11, 9), end=D(2026, 11, 9),
                            user=county["junior_head"])
    maternity = services.file_leave(staff=teacher, kind="产假", start=D(2026, 12, 1), end=D(2027, 3, 8), user=head)
    assert maternity.days == 98 and maternity.chain == "school,bureau"  # calendar days
    assert LeaveRequest.objects.count() == 2


def test_pages_file_approve_and_the_month_counts_a_late_return_as_absence(client, county, teacher):
    head = county["village_head"]
    client.force_login(head)
    response = client.post(reverse("staffing:leave_create"), {
        "staff": teacher.pk, "kind": "事假", "start": "2026-11-02", "end": "2026-11-03", "reason": "家事"})
    leave = LeaveRequest.objects.get()
    assert response.status_code == 302 and leave.state == "已申请"
    page = client.get(reverse("staffing:leave_list"), {"waiting": "1"}).content.decode()
    assert "赵请假" in page and "待我审批" in page
    step = reverse("staffing:leave_step", args=[leave.pk])
    client.post(step, {"action": "approve_school"})
    # Back on 11-09 (a Monday): 11-04 … 11-06 after the one working day allowed for 销假 are absence.
    services.take_step(LeaveRequest.objects.get(), "close", head, returned_on=D(2026, 11, 9), today=D(2026, 11, 20))
    book = load_workbook(io.BytesIO(client.get(reverse("staffing:leave_month"), {"month": "2026-11"}).content)).active
    header = [c.value for c in book[2]]
    row = dict(zip(header, [c.value for c in book[3]], strict=False))
    assert row["姓名"] == "赵请假" and row["应出勤天数"] == 21 and row["事假"] == 2 and row["旷工天数"] == 3
    client.force_login(county["junior_head"])  # another school reads none of it
    assert client.get(reverse("staffing:leave_detail", args=[leave.pk])).status_code == 404
    assert client.post(step, {"action": "close"}).status_code == 404
    assert client.get(reverse("staffing:leave_create")).status_code == 200
    client.force_login(county["leader"])
    assert client.get(reverse("staffing:leave_create")).status_code == 403
    assert "赵请假" in client.get(reverse("staffing:leave_list")).content.decode()

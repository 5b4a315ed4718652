"""Issue 18: a school filed the same month's progress report twice, and reports for months to come.

Both are refused with a Chinese message through the service (every caller), the page, and the database
(constraint ``plans_report_once_a_month``); the bureau's own running reports are not limited.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_school, make_user
from edubureau.plans.models import ProgressReport, Task
from edubureau.plans.services import import_plan, submit_report

pytestmark = pytest.mark.django_db
PLAN = "某县2025年教育工作要点\n一、学前教育\n（一）扩大资源。年内新建幼儿园3所。\n"


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


@pytest.fixture
def world():
    plan = import_plan(PLAN, title="要点", year=2025)
    task = Task.objects.get(plan=plan, item="1.1")
    school = make_school()
    task.schools.add(school)
    return {"task": task, "school": school, "head": make_user(Role.SCHOOL, school=school)}


def test_second_report_of_a_month_is_refused(world):
    task, head = world["task"], world["head"]
    submit_report(task, head, period=dt.date(2025, 3, 1), narrative="已选址", percent_done=20)
    with pytest.raises(ValidationError) as caught:
        submit_report(task, head, period=dt.date(2025, 3, 15), narrative="又报一次", percent_done=30)
    assert "已报送过" in " ".join(caught.value.messages)
    assert ProgressReport.objects.filter(task=task, school=world["school"]).count() == 1
    # the next month is fine
    submit_report(task, head, period=dt.date(2025, 4, 1), narrative="已开工", percent_done=40)
    assert ProgressReport.objects.filter(task=task, school=world["school"]).count() == 2


def test_database_refuses_a_duplicate_month(world):
    task, school = world["task"], world["school"]
    ProgressReport.objects.create(task=task, school=school, period=dt.date(2025, 3, 1), narrative="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(task=task, school=school, period=dt.date(2025, 3, 1), narrative="2")
    # the bureau's own reports (no school) keep their running record
    ProgressReport.objects.create(task=task, period=dt.date(2025, 3, 1), narrative="局1")
    ProgressReport.objects.create(task=task, period=dt.date(2025, 3, 1), narrative="局2")


def test_future_month_is_refused(world):
    future = _next_month(timezone.localdate())
    with pytest.raises(ValidationError) as caught:
        submit_report(world["task"], world["head"], period=future, narrative="提前报", percent_done=10)
    assert "本月之后" in " ".join(caught.value.messages)
    assert not ProgressReport.objects.exists()


def test_page_refuses_duplicate_and_future_months(client, world):
    client.force_login(world["head"])
    url = reverse("plans:task_report", args=[world["task"].pk])
    this_month = timezone.localdate().strftime("%Y-%m")
    data = {"period": this_month, "narrative": "本月进展", "percent_done": 50}
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "narrative": "重复"})
    assert again.status_code == 200 and "已报送过" in again.content.decode()
    future = client.post(url, {**data, "period": _next_month(timezone.localdate()).strftime("%Y-%m")})
    assert future.status_code == 200 and "本月之后" in future.content.decode()
    assert ProgressReport.objects.filter(task=world["task"]).count() == 1

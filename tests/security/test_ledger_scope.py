"""Issue 18, must-fix 2: what a school reads of a plan's progress reports is its own and the bureau's, in every
output — the 台账 xlsx (the probe's finding), the page, the .docx report and 我的任务.

School A reports on a task shared with school B; B's outputs never carry A's narrative, the bureau's do.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_school, make_user
from edubureau.plans.models import ProgressReport
from edubureau.plans.services import import_plan
from edubureau.plans.tracking import latest_report

pytestmark = pytest.mark.django_db

PLAN = "某县教育工作要点\n一、学前教育\n（一）扩大资源。年内新建幼儿园3所，新增学位1.75万个。\n"
A_NARRATIVE = "甲校已完成选址论证，校长私下反映经费缺口120万元"
BUREAU_NARRATIVE = "教育局：全县已开工2所"


@pytest.fixture
def shared():
    today = timezone.localdate()
    plan = import_plan(PLAN, title="某县教育工作要点", year=today.year)
    task = plan.tasks.get(item="1.1")
    school_a, school_b = make_school(name="甲校"), make_school(name="乙校")
    task.schools.add(school_a, school_b)
    task.parent.schools.add(school_a, school_b)  # so the .docx, which walks from the section down, lists the task
    task.lead_department = make_department(name="基础教育科", modules=("plans",))
    task.save()
    month = today.replace(day=1)
    last_month = (month - dt.timedelta(days=1)).replace(day=1)
    ProgressReport.objects.create(task=task, period=last_month, school=None, narrative=BUREAU_NARRATIVE,
                                  percent_done=20)
    # A's report is the task's latest: the one an export reading the unscoped task.reports shows everyone.
    ProgressReport.objects.create(task=task, period=month, school=school_a, narrative=A_NARRATIVE, percent_done=40)
    return {
        "plan": plan, "task": task,
        "a": make_user(Role.SCHOOL, school=school_a), "b": make_user(Role.SCHOOL, school=school_b),
        "leader": make_user(Role.LEADER),
    }


def _ledger_progress(client, user, plan) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("plans:plan_ledger", args=[plan.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    column = [c.value for c in sheet[2]].index("最新进展") + 1
    return [str(sheet.cell(row, column).value or "") for row in range(3, sheet.max_row + 1)]


def test_school_b_ledger_does_not_carry_school_a_narrative(client, shared):
    progress = _ledger_progress(client, shared["b"], shared["plan"])
    assert progress, "B sees the shared task in its ledger"
    assert not any(A_NARRATIVE in p for p in progress)
    assert any(BUREAU_NARRATIVE in p for p in progress)  # the bureau's own report is B's to read


def test_school_a_and_the_bureau_see_school_a_narrative(client, shared):
    assert any(A_NARRATIVE in p for p in _ledger_progress(client, shared["a"], shared["plan"]))
    assert any(A_NARRATIVE in p for p in _ledger_progress(client, shared["leader"], shared["plan"]))


def test_school_b_docx_report_does_not_carry_school_a_narrative(client, shared):
    client.force_login(shared["b"])
    response = client.get(reverse("plans:plan_report", args=[shared["plan"].pk]))
    assert response.status_code == 200
    text = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert A_NARRATIVE not in text and BUREAU_NARRATIVE in text
    client.force_login(shared["leader"])
    leader = client.get(reverse("plans:plan_report", args=[shared["plan"].pk])).content
    assert A_NARRATIVE in zipfile.ZipFile(io.BytesIO(leader)).read("word/document.xml").decode()


def test_latest_report_refuses_a_task_without_the_reader_reports(shared):
    # Fail closed: a task loaded without with_reports() must not fall back to the unscoped task.reports.
    with pytest.raises(ValueError, match="with_reports"):
        latest_report(shared["task"])

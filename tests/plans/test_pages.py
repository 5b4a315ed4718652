"""The plan import (upload → preview beside the source → confirm) and task scope: a school sees only its tasks."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_school, make_user
from edubureau.plans.models import Target, Task, WorkPlan
from edubureau.plans.services import import_plan

pytestmark = pytest.mark.django_db

PLAN = (
    "某县2025年教育工作要点\n一、学前教育\n（一）扩大资源。年内新建幼儿园3所，新增学位1.75万个。\n"
    "（二）提升质量。每学期督查不少于2次。\n二、义务教育\n1.均衡发展。打造2-3所特色学校。\n"
)


@pytest.fixture
def planner(client):
    user = make_user(Role.DEPARTMENT, department=make_department(modules=("plans",)))
    client.force_login(user)
    return client


def upload(client, content: bytes, name="plan.txt", year=2025):
    return client.post(
        reverse("plans:plan_import"),
        {"file": SimpleUploadedFile(name, content), "year": year, "issuing_body": "县教育局"},
    )


def test_upload_shows_the_preview_and_writes_nothing(planner):
    response = upload(planner, PLAN.encode("utf-8"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "确认导入" in page and "1.75万个" in page and "17,500个 学位（年内）" in page
    assert "某县2025年教育工作要点" in page  # the proposed title, editable before confirming
    assert WorkPlan.objects.count() == 0


def test_confirm_creates_the_plan_tree_and_targets(planner):
    response = planner.post(
        reverse("plans:plan_import_confirm"),
        {
            "title": "某县2025年教育工作要点",
            "year": 2025,
            "issuing_body": "县教育局",
            "source_name": "plan.txt",
            "source_text": PLAN,
        },
    )
    plan = WorkPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    tasks = {t.item: t for t in plan.tasks.all()}
    assert sorted(tasks) == ["1", "1.1", "1.2", "2", "2.1"]
    assert tasks["1.1"].parent == tasks["1"] and tasks["2.1"].parent == tasks["2"]
    places = Target.objects.get(text="1.75万个")
    assert (places.task, places.number, places.counted, places.deadline_text) == (tasks["1.1"], 17500, "学位", "年内")
    assert Target.objects.get(text="2-3所").low == 2
    assert plan.source_text == PLAN
    page = planner.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "扩大资源" in page and "不少于2次" in page


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x00\x01", "plan.xls", "不支持的文件格式"),
        ("今天天气很好。".encode(), "plan.txt", "没有找到编号条目"),
        (b"PK\x03\x04broken", "plan.docx", ""),  # python-docx absent or the file broken: a form error either way
    ],
)
def test_bad_files_are_form_errors(planner, content, name, message):
    response = upload(planner, content, name=name)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert message in " ".join(response.context["form"].errors["file"])
    assert WorkPlan.objects.count() == 0


def test_a_bad_confirmation_writes_nothing(planner):
    response = planner.post(reverse("plans:plan_import_confirm"), {"title": "", "year": 1800, "source_text": PLAN})
    assert response.status_code == 200
    assert set(response.context["confirm"].errors) == {"title", "year"}
    assert WorkPlan.objects.count() == 0


def test_import_forms_read_like_the_other_forms(planner):
    """Issue 17: Bootstrap fields and errors beside them (generic/_form_fields.html), on upload and on confirm."""

    def tag(page: str, name: str) -> str:
        return re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', page).group(0)

    page = planner.get(reverse("plans:plan_import")).content.decode()
    assert all('class="form-control"' in tag(page, name) for name in ("file", "year", "issuing_body"))
    bad = upload(planner, b"\x00\x01", name="plan.xls").content.decode()
    assert '<div class="text-danger small">不支持的文件格式' in bad and 'value="2025"' in tag(bad, "year")
    preview = upload(planner, PLAN.encode("utf-8")).content.decode()
    assert 'type="number"' in tag(preview, "year") and 'class="form-control"' in tag(preview, "year")
    wrong = planner.post(reverse("plans:plan_import_confirm"), {"title": "", "year": 1800, "source_text": PLAN})
    text = wrong.content.decode()
    assert 'class="form-control"' in tag(text, "title") and 'value="1800"' in tag(text, "year")
    assert text.count('<div class="text-danger small">') == 2


@pytest.mark.parametrize("role", [Role.SCHOOL, Role.READONLY, Role.LEADER])
def test_only_plan_owners_import(client, role):
    school = make_school()
    client.force_login(make_user(role, school=school if role == Role.SCHOOL else None))
    assert client.get(reverse("plans:plan_import")).status_code == 403
    assert (
        client.post(reverse("plans:plan_import_confirm"), {"title": "x", "year": 2025, "source_text": PLAN}).status_code
        == 403
    )
    assert WorkPlan.objects.count() == 0


def test_a_school_sees_only_the_tasks_that_concern_it(client):
    plan = import_plan(PLAN, title="要点", year=2025)
    mine, other = make_school(), make_school()
    Task.objects.get(plan=plan, item="1.1").schools.add(mine)
    Task.objects.get(plan=plan, item="2.1").schools.add(other)
    school_user = make_user(Role.SCHOOL, school=mine)
    assert list(Task.objects.visible_to(school_user).values_list("item", flat=True)) == ["1.1"]
    assert sorted(Target.objects.visible_to(school_user).values_list("text", flat=True)) == ["1.75万个", "3所"]
    assert Task.objects.visible_to(make_user(Role.LEADER)).count() == 5
    client.force_login(school_user)
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "扩大资源" in page and page.count("均衡发展") == page.count("均衡发展设置")  # the menu has 均衡发展设置


def test_target_labels_read_in_chinese_order():
    from edubureau.plans.engine.targets import find_targets
    from edubureau.plans.templatetags.plans_display import target_label

    about, at_least, more = find_targets("打造10所左右的样板学校，每周督查不少于2次，培训教师5000多人。")
    assert target_label(about) == "10所左右 样板学校"
    assert target_label(at_least) == "不少于2次 每周督查"
    assert target_label(more) == "5,000人以上 教师"


def test_task_status_is_computed_and_shown(planner):
    import datetime as dt

    from edubureau.plans.models import Milestone, ProgressReport

    plan = import_plan(PLAN, title="要点", year=2025)
    tasks = {t.item: t for t in plan.tasks.all()}
    tasks["1.1"].deadline = dt.date(2025, 12, 31)
    tasks["1.1"].save()
    ProgressReport.objects.create(task=tasks["1.1"], period=dt.date(2025, 6, 30), narrative="已完成", percent_done=100)
    tasks["1.2"].deadline = dt.date(2025, 3, 31)
    tasks["1.2"].save()
    Milestone.objects.create(task=tasks["2.1"], title="方案", due=dt.date(2025, 2, 1))
    Milestone.objects.create(task=tasks["2.1"], title="验收", due=dt.date(2025, 12, 31))
    today = dt.date(2025, 7, 1)
    assert tasks["1.1"].status(today).label == "已完成"
    assert tasks["1.2"].status(today).label == "逾期"
    assert tasks["2.1"].status(today).label == "滞后"
    assert tasks["2"].status(dt.date(2025, 1, 20)).label == "未开始"
    assert tasks["2"].status(today).label == "滞后"  # half the year gone, nothing reported
    assert tasks["2"].status(dt.date(2026, 1, 2)).label == "逾期"  # no deadline of its own: the plan's year
    page = planner.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "已完成" in page and "2025年12月31日" in page


def test_the_ledger_workbook_has_one_row_per_visible_task(planner, client):
    import datetime as dt
    import io

    from python_calamine import CalamineWorkbook

    from edubureau.plans.models import ProgressReport

    plan = import_plan(PLAN, title="要点", year=2025)
    task = Task.objects.get(plan=plan, item="1.1")
    task.deadline = dt.date(2025, 12, 31)
    task.save()
    ProgressReport.objects.create(task=task, period=dt.date(2025, 6, 30), narrative="已开工3所", percent_done=40)
    response = planner.get(reverse("plans:plan_ledger", args=[plan.pk]))
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_name("台账").to_python()
    assert rows[0][0] == "2025年 要点 台账"
    assert rows[1][:3] == ["编号", "任务", "牵头科室"]
    body = {row[0]: row for row in rows[2:]}
    assert sorted(body) == ["1", "1.1", "1.2", "2", "2.1"]
    assert body["1.1"][4] == "2025年12月31日"
    assert "17,500个 学位（年内）" in body["1.1"][5]
    assert body["1.1"][6:8] == ["已开工3所", 40]
    # a school downloads only the tasks that concern it
    mine = make_school()
    task.schools.add(mine)
    client.force_login(make_user(Role.SCHOOL, school=mine))
    school_rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(client.get(reverse("plans:plan_ledger", args=[plan.pk])).content))
        .get_sheet_by_name("台账")
        .to_python()
    )
    assert [row[0] for row in school_rows[2:]] == ["1.1"]


def test_the_overview_lists_late_tasks_and_targets_off_pace(planner):
    import datetime as dt
    import json
    import re

    plan = import_plan(PLAN, title="要点", year=2020)  # a past year: every open task is overdue today
    dept = make_department(name="基础教育科", modules=("plans",))
    task = Task.objects.get(plan=plan, item="1.1")
    task.lead_department, task.deadline = dept, dt.date(2020, 12, 31)
    task.save()
    Target.objects.filter(text="1.75万个").update(actual=1000)
    page = planner.get(reverse("plans:plan_overview", args=[plan.pk])).content.decode()
    assert "扩大资源" in page and "逾期" in page
    assert "17,500个 学位（年内）" in page  # 1,000 of 17,500 after the year: off pace
    data = json.loads(re.search(r'id="plan-overview-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert "基础教育科" in data["departments"]
    overdue = next(s for s in data["series"] if s["name"] == "逾期")
    assert sum(overdue["values"]) == 3  # the three tasks worked on; the two sections only group them
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page) == []  # CSP: no inline code

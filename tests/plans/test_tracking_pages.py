"""Pages of tracking: 我的任务 and the report form (school and department), task edits, board, timeline,
the 难点问题台账 (page and xlsx), the leader overview's escalated items and the .docx report."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_school, make_user
from edubureau.plans.models import Milestone, Problem, ProgressReport, ReportAttachment, Task
from edubureau.plans.services import import_plan, raise_problem, submit_report

pytestmark = pytest.mark.django_db

PLAN = (
    "某县教育工作要点\n一、学前教育\n（一）扩大资源。年内新建幼儿园3所，新增学位1.75万个。\n"
    "（二）提升质量。每学期督查不少于2次。\n二、义务教育\n1.均衡发展。打造2-3所特色学校。\n"
)


@pytest.fixture
def setup():
    today = timezone.localdate()
    plan = import_plan(PLAN, title="某县教育工作要点", year=today.year)
    mine, other = make_school(name="城关一小"), make_school(name="外校甲")
    jichu = make_department(name="基础教育科", modules=("org",))
    office = make_department(name="办公室", modules=("plans",))
    tasks = {t.item: t for t in plan.tasks.all()}
    tasks["1.1"].schools.add(mine)
    tasks["1.1"].lead_department = jichu
    tasks["1.1"].deadline = today + dt.timedelta(days=40)
    tasks["1.1"].save()
    tasks["2.1"].schools.add(other)
    tasks["2.1"].lead_department = jichu
    tasks["2.1"].deadline = today - dt.timedelta(days=20)
    tasks["2.1"].save()
    Milestone.objects.create(task=tasks["1.1"], title="完成选址", due=today - dt.timedelta(days=5))
    ProgressReport.objects.create(task=tasks["1.2"], period=today.replace(day=1), narrative="督查全覆盖",
                                  percent_done=100)
    return {
        "plan": plan, "tasks": tasks, "mine": mine, "other": other, "jichu": jichu, "office": office,
        "school_user": make_user(Role.SCHOOL, school=mine),
        "jichu_user": make_user(Role.DEPARTMENT, department=jichu),
        "planner": make_user(Role.DEPARTMENT, department=office),
        "leader": make_user(Role.LEADER), "today": today,
    }


def test_a_school_sees_its_tasks_and_reports_with_an_attachment(client, setup):
    client.force_login(setup["school_user"])
    response = client.get(reverse("plans:my_tasks"))
    page = response.content.decode()
    assert [r["task"].item for r in response.context["rows"]] == ["1.1"]
    assert "扩大资源" in page and "填报进展" in page
    assert "滞后" in page  # the milestone five days late
    task = setup["tasks"]["1.1"]
    url = reverse("plans:task_report", args=[task.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "period": setup["today"].isoformat(), "narrative": "已完成选址论证", "percent_done": 35, "figure": 1,
        "attachments": [SimpleUploadedFile("选址.pdf", b"%PDF-1.4 a"), SimpleUploadedFile("照片.png", b"\x89PNG\r\n")],
        "next": "mine",
    })
    assert response.status_code == 302 and response["Location"] == reverse("plans:my_tasks")
    report = ProgressReport.objects.get(task=task)
    assert (report.school, report.percent_done, report.period.day) == (setup["mine"], 35, 1)
    assert ReportAttachment.objects.filter(report=report).count() == 2
    detail = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert "已完成选址论证" in detail and "选址.pdf" in detail and "外校甲" not in detail
    attachment = ReportAttachment.objects.first()
    download = client.get(reverse("plans:attachment_download", args=[attachment.pk]), follow=True)
    assert download.status_code == 200 and b"".join(download.streaming_content)
    # Another school's task: no form, no post, no attachment.
    foreign = setup["tasks"]["2.1"]
    assert client.get(reverse("plans:task_report", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("plans:task_report", args=[foreign.pk]),
                       {"period": "2025-01-01", "narrative": "x", "percent_done": 1}).status_code == 404
    client.force_login(make_user(Role.SCHOOL, school=setup["other"]))
    assert client.get(reverse("plans:attachment_download", args=[attachment.pk])).status_code == 404
    assert ProgressReport.objects.count() == 2


def test_a_school_cannot_edit_tasks_or_raise_problems(client, setup):
    client.force_login(setup["school_user"])
    task = setup["tasks"]["1.1"]
    for name in ("task_edit", "task_move", "task_merge", "task_split", "task_milestones", "problem_new"):
        assert client.get(reverse(f"plans:{name}", args=[task.pk])).status_code == 403, name
    assert client.post(reverse("plans:task_edit", args=[task.pk]), {"title": "改名"}).status_code == 403
    assert Task.objects.get(pk=task.pk).title == "扩大资源"
    node = Milestone.objects.get(title="完成选址")  # the lead department ticks nodes off, not a school
    assert client.post(reverse("plans:milestone_done", args=[node.pk])).status_code == 403
    assert Milestone.objects.get(pk=node.pk).done_on is None
    client.force_login(setup["jichu_user"])
    assert client.post(reverse("plans:milestone_done", args=[node.pk])).status_code == 302
    assert Milestone.objects.get(pk=node.pk).done_on == timezone.localdate()


def test_a_department_reports_on_what_it_leads_but_does_not_edit(client, setup):
    client.force_login(setup["jichu_user"])
    response = client.get(reverse("plans:my_tasks"))
    assert "基础教育科牵头的任务" in response.content.decode()
    assert [r["task"].item for r in response.context["rows"]] == ["2.1", "1.1"]  # overdue first
    task = setup["tasks"]["2.1"]
    response = client.post(reverse("plans:task_report", args=[task.pk]),
                           {"period": "2025-03", "narrative": "两所学校已申报", "percent_done": 60})
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=task)
    assert report.school is None and report.period == dt.date(2025, 3, 1)
    assert client.get(reverse("plans:task_edit", args=[task.pk])).status_code == 403
    assert client.get(reverse("plans:task_report", args=[setup["tasks"]["1.2"].pk])).status_code == 403


def test_the_plans_office_edits_the_task_and_the_tree(client, setup):
    client.force_login(setup["planner"])
    task = setup["tasks"]["1.2"]
    response = client.post(reverse("plans:task_edit", args=[task.pk]), {
        "title": "提升保教质量", "lead_department": setup["jichu"].pk, "partners": "督导室、教研室",
        "schools": [setup["mine"].pk, setup["other"].pk], "deadline": "2026-06-30",
    })
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.lead_department, task.partners, task.deadline) == (
        "提升保教质量", setup["jichu"], "督导室、教研室", dt.date(2026, 6, 30))
    assert set(task.schools.all()) == {setup["mine"], setup["other"]}
    # 倒排工期 from the page
    client.post(reverse("plans:task_milestones", args=[task.pk]), {"count": 3, "step_days": 30, "stages": "方案\n实施"})
    assert [m.due for m in task.milestones.all()] == [dt.date(2026, 5, 1), dt.date(2026, 5, 31), dt.date(2026, 6, 30)]
    # re-parent, split, merge
    client.post(reverse("plans:task_move", args=[task.pk]), {"parent": setup["tasks"]["2"].pk})
    task.refresh_from_db()
    assert task.item == "2.2" and task.parent == setup["tasks"]["2"]
    client.post(reverse("plans:task_split", args=[task.pk]), {"title": "督查", "text": ""})
    assert Task.objects.get(plan=setup["plan"], item="2.3").title == "督查"
    other = Task.objects.get(plan=setup["plan"], item="2.3")
    client.post(reverse("plans:task_merge", args=[task.pk]), {"other": other.pk})
    assert not Task.objects.filter(pk=other.pk).exists()
    page = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert "方案" in page and "督导室、教研室" in page
    # a move under its own child is refused on the form
    child = Task.objects.get(plan=setup["plan"], item="2.1")
    response = client.post(reverse("plans:task_move", args=[setup["tasks"]["2"].pk]), {"parent": child.pk})
    assert response.status_code == 200 and Task.objects.get(pk=setup["tasks"]["2"].pk).parent is None


def test_board_and_timeline(client, setup):
    client.force_login(setup["leader"])
    plan = setup["plan"]
    board = client.get(reverse("plans:plan_board", args=[plan.pk]))
    columns = {str(c["status"].label): [t.item for t in c["tasks"]] for c in board.context["columns"]}
    assert columns == {"未开始": [], "推进中": [], "滞后": ["1.1"], "逾期": ["2.1"], "已完成": ["1.2"]}
    filtered = client.get(reverse("plans:plan_board", args=[plan.pk]), {"department": "none"})
    assert [t.item for c in filtered.context["columns"] for t in c["tasks"]] == ["1.2"]
    timeline = client.get(reverse("plans:plan_timeline", args=[plan.pk]))
    rows = timeline.context["timeline"]["rows"]
    assert [r.task.item for r in rows] == ["2.1", "1.1"]  # dated tasks by deadline
    assert rows[1].milestones[0]["state"] == "late" and timeline.context["timeline"]["undated"] == 1
    assert "完成选址" in timeline.content.decode()


def test_problem_ledger_page_and_xlsx(client, setup):
    task = setup["tasks"]["1.1"]
    today = setup["today"]
    raise_problem(task, setup["planner"], description="用地指标未落实", due=today - dt.timedelta(days=3),
                  school=setup["mine"], issued_on=today - dt.timedelta(days=30))
    raise_problem(setup["tasks"]["2.1"], setup["planner"], description="资金缺口", due=today + dt.timedelta(days=30))
    client.force_login(setup["planner"])
    response = client.post(reverse("plans:problem_new", args=[task.pk]), {
        "description": "施工队伍不足", "measures": "公开招标", "due": (today + dt.timedelta(days=10)).isoformat(),
        "school": "", "department": "",
    })
    assert response.status_code == 302
    assert Problem.objects.get(description="施工队伍不足").followup.department == setup["jichu"]
    page = client.get(reverse("plans:problem_list")).content.decode()
    assert "用地指标未落实" in page and "资金缺口" in page and "施工队伍不足" in page
    assert "逾期3天" in page
    book = load_workbook(io.BytesIO(client.get(reverse("plans:problem_ledger"), {"state": "overdue"}).content))
    sheet = book["难点问题台账"]
    assert [c.value for c in sheet[2]][:3] == ["编号", "任务", "难点问题"]
    assert [[c.value for c in row][2] for row in sheet.iter_rows(min_row=3)] == ["用地指标未落实"]
    assert sheet.cell(3, 10).value == 3 and sheet.cell(3, 5).value == "城关一小"
    # Issue 17: the list's search narrows the page and its 导出Excel alike.
    page = client.get(reverse("plans:problem_list"), {"state": "all", "q": "资金"}).content.decode()
    assert "资金缺口" in page and "用地指标未落实" not in page and "format=xlsx" in page
    book = load_workbook(io.BytesIO(client.get(reverse("plans:problem_list"),
                                               {"state": "all", "q": "城关", "format": "xlsx"}).content))
    assert [[c.value for c in row][2] for row in book["难点问题台账"].iter_rows(min_row=3)] == ["用地指标未落实"]
    # a school reads the problems of its tasks, not the others
    client.force_login(setup["school_user"])
    page = client.get(reverse("plans:problem_list")).content.decode()
    assert "用地指标未落实" in page and "资金缺口" not in page
    detail = client.get(reverse("plans:problem_detail", args=[Problem.objects.get(description="用地指标未落实").pk]))
    assert detail.status_code == 200 and "办理进程" in detail.content.decode()


def test_overview_scans_and_shows_what_is_escalated(client, setup):
    from django.core.cache import cache

    cache.clear()
    client.force_login(setup["leader"])
    page = client.get(reverse("plans:plan_overview", args=[setup["plan"].pk])).content.decode()
    assert "督办中的事项" in page
    assert "节点逾期：1.1" in page and "任务逾期：2.1" in page
    assert "局领导" in page  # the task twenty days late is escalated to the leaders
    assert Milestone.objects.get(title="完成选址").followup.escalation_level == 1


def test_progress_report_docx(client, setup):
    from docx import Document

    today = setup["today"]
    submit_report(setup["tasks"]["1.1"], setup["school_user"], period=today, narrative="已完成选址论证",
                  percent_done=35, figure=1)
    raise_problem(setup["tasks"]["1.1"], setup["planner"], description="用地指标未落实",
                  due=today + dt.timedelta(days=9))
    client.force_login(setup["leader"])
    response = client.get(reverse("plans:plan_report", args=[setup["plan"].pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "某县教育工作要点进展情况报告" in text and f"报告期：{today.year}年{today.month}月" in text
    assert "本计划共3项任务：滞后1项，逾期1项，已完成1项。" in text
    assert "一、学前教育（滞后1项，已完成1项）" in text and "二、义务教育（逾期1项）" in text
    assert "（一）一、" not in text  # the document's own numbering, not doubled
    assert "已完成选址论证" in " ".join(cells) and "未报送" in cells
    assert "新增学位1.75万个"[2:] in " ".join(cells) or "17,500个" in " ".join(cells)
    assert "用地指标未落实" in cells and "尚未销号的难点问题1个：" in text
    # an earlier period leaves out the later report
    earlier = client.get(reverse("plans:plan_report", args=[setup["plan"].pk]), {"period": f"{today.year - 1}-12"})
    cells = [c.text for t in Document(io.BytesIO(earlier.content)).tables for r in t.rows for c in r.cells]
    assert "已完成选址论证" not in " ".join(cells)


def test_sections_show_what_lies_beneath_not_a_status_of_their_own(client, setup):
    client.force_login(setup["leader"])
    page = client.get(reverse("plans:plan_detail", args=[setup["plan"].pk])).content.decode()
    assert "（滞后1 · 已完成1）" in page and "（逾期1）" in page
    book = load_workbook(io.BytesIO(client.get(reverse("plans:plan_ledger", args=[setup["plan"].pk])).content))
    status = {row[0]: row[8] for row in book["台账"].iter_rows(min_row=3, values_only=True)}
    assert status == {"1": "滞后1 · 已完成1", "1.1": "滞后", "1.2": "已完成", "2": "逾期1", "2.1": "逾期"}


def test_a_school_sees_only_the_problems_it_owns_or_shares(client, setup):
    """Issue 17: a problem of a task the school shares with another school is the school's only when owed by a
    department or by the school itself; one owed by the other school, or on a task of the county at large, is not."""
    today = setup["today"]
    shared = setup["tasks"]["1.1"]
    shared.schools.add(setup["other"])
    county_wide = setup["tasks"]["1.2"]  # names no school
    county_wide.lead_department = setup["jichu"]
    county_wide.save()
    due = today + dt.timedelta(days=10)
    raise_problem(shared, setup["planner"], description="本校欠办", due=due, school=setup["mine"])
    raise_problem(shared, setup["planner"], description="科室欠办", due=due)
    raise_problem(shared, setup["planner"], description="外校欠办", due=due, school=setup["other"])
    raise_problem(county_wide, setup["planner"], description="全县任务问题", due=due)
    raise_problem(county_wide, setup["planner"], description="全县任务本校欠办", due=due, school=setup["mine"])
    mine = set(Problem.objects.visible_to(setup["school_user"]).values_list("description", flat=True))
    assert mine == {"本校欠办", "科室欠办", "全县任务本校欠办"}
    client.force_login(setup["school_user"])
    page = client.get(reverse("plans:problem_list")).content.decode()
    assert "本校欠办" in page and "科室欠办" in page and "外校欠办" not in page and "全县任务问题" not in page
    foreign = Problem.objects.get(description="外校欠办")
    assert client.get(reverse("plans:problem_detail", args=[foreign.pk])).status_code == 404
    other = make_user(Role.SCHOOL, school=setup["other"])
    theirs = set(Problem.objects.visible_to(other).values_list("description", flat=True))
    assert theirs == {"科室欠办", "外校欠办"}

"""Tracking after import: tree edits (re-parent, merge, split), 倒排工期, progress reports and their scope,
难点问题 on the shared follow-up life cycle, and the plans scan (overdue milestones and tasks)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from edubureau.core.followup import act
from edubureau.core.models import FollowUp
from edubureau.core.roles import Role
from edubureau.core.scope import can_write
from edubureau.core.testing.factories import make_department, make_school, make_user
from edubureau.plans.engine.status import propose_milestones
from edubureau.plans.models import Milestone, Problem, ProgressReport, ReportAttachment, Target, Task
from edubureau.plans.services import (
    TreeError,
    can_report,
    import_plan,
    lay_milestones,
    merge_tasks,
    move_task,
    raise_problem,
    scan_plans,
    split_task,
    submit_report,
)

pytestmark = pytest.mark.django_db

PLAN = (
    "某县2025年教育工作要点\n一、学前教育\n（一）扩大资源。年内新建幼儿园3所，新增学位1.75万个。\n"
    "（二）提升质量。每学期督查不少于2次。\n二、义务教育\n1.均衡发展。打造2-3所特色学校。\n2.课后服务。全面开展。\n"
)


@pytest.fixture
def plan():
    return import_plan(PLAN, title="要点", year=2025)


def items(plan):
    return [(t.item, t.level, t.title) for t in Task.objects.filter(plan=plan).order_by("position")]


def task(plan, item):
    return Task.objects.get(plan=plan, item=item)


# 倒排工期 -------------------------------------------------------------------------------------------------


def test_propose_milestones_steps_back_from_the_deadline():
    deadline = dt.date(2025, 12, 31)
    assert propose_milestones(deadline, 3, step_days=30) == [dt.date(2025, 11, 1), dt.date(2025, 12, 1), deadline]
    assert propose_milestones(deadline, 1) == [deadline]
    assert propose_milestones(deadline, 0) == []
    # A start clamps nodes that would fall before it, and splits the span evenly when no step is given.
    assert propose_milestones(deadline, 3, step_days=300, start=dt.date(2025, 6, 1))[0] == dt.date(2025, 6, 1)
    dates = propose_milestones(deadline, 4, start=dt.date(2025, 1, 1))
    steps = {(b - a).days for a, b in zip(dates, dates[1:], strict=False)}
    assert dates[-1] == deadline and len(steps) == 1
    with pytest.raises(ValueError):
        propose_milestones(dt.date(2025, 1, 1), 2, start=dt.date(2025, 6, 1))


def test_lay_milestones_names_the_stages(plan):
    t = task(plan, "1.1")
    t.deadline = dt.date(2025, 9, 30)
    t.save()
    made = lay_milestones(t, count=3, step_days=30, stages=["方案", "施工"])
    assert [(m.title, m.due) for m in made] == [
        ("方案", dt.date(2025, 8, 1)), ("施工", dt.date(2025, 8, 31)), ("节点3", dt.date(2025, 9, 30))]


# Tree edits -----------------------------------------------------------------------------------------------


def test_move_under_another_task_renumbers_the_plan(plan):
    move_task(task(plan, "1.2"), task(plan, "2"))
    assert items(plan) == [
        ("1", 1, "学前教育"), ("1.1", 2, "扩大资源"), ("2", 1, "义务教育"),
        ("2.1", 2, "均衡发展"), ("2.2", 2, "课后服务"), ("2.3", 2, "提升质量"),
    ]
    move_task(task(plan, "2.1"), None)  # to a first-level section, at the end
    assert [i for i, _lvl, _t in items(plan)] == ["1", "1.1", "2", "2.1", "2.2", "3"]
    assert task(plan, "3").title == "均衡发展" and task(plan, "3").parent is None


def test_a_task_cannot_move_under_itself(plan):
    with pytest.raises(TreeError):
        move_task(task(plan, "1"), task(plan, "1.1"))
    with pytest.raises(TreeError):
        move_task(task(plan, "1"), task(plan, "1"))


def test_merge_two_siblings_keeps_everything(plan):
    keep, other = task(plan, "1.1"), task(plan, "1.2")
    school = make_school()
    other.schools.add(school)
    other.deadline = dt.date(2025, 10, 1)
    other.save()
    Milestone.objects.create(task=other, title="督查", due=dt.date(2025, 5, 1))
    merged = merge_tasks(keep, other)
    assert merged.item == "1.1" and "每学期督查" in merged.text and "扩大资源" in merged.text
    assert sorted(merged.targets.values_list("text", flat=True)) == ["1.75万个", "2次", "3所"]
    assert list(merged.schools.all()) == [school] and merged.deadline == dt.date(2025, 10, 1)
    assert merged.milestones.count() == 1
    assert [i for i, _l, _t in items(plan)] == ["1", "1.1", "2", "2.1", "2.2"]
    with pytest.raises(TreeError):  # not siblings
        merge_tasks(task(plan, "1.1"), task(plan, "2.1"))


def test_split_one_task_into_two(plan):
    original = task(plan, "1.1")
    places = Target.objects.get(text="1.75万个")
    new = split_task(original, title="新增学位", text="新增学位1.75万个。", targets=[places])
    assert new.item == "1.2" and new.parent == original.parent
    assert [t for t in items(plan)][:4] == [
        ("1", 1, "学前教育"), ("1.1", 2, "扩大资源"), ("1.2", 2, "新增学位"), ("1.3", 2, "提升质量")]
    assert list(new.targets.values_list("text", flat=True)) == ["1.75万个"]
    assert list(task(plan, "1.1").targets.values_list("text", flat=True)) == ["3所"]
    assert "1.75万个" not in task(plan, "1.1").text
    with pytest.raises(TreeError):
        split_task(task(plan, "1.1"), title=" ")


def test_split_a_section_puts_the_new_one_after_its_children(plan):
    split_task(task(plan, "1"), title="学前教育（二）")
    assert [i for i, _l, _t in items(plan)] == ["1", "1.1", "1.2", "2", "3", "3.1", "3.2"]
    assert task(plan, "2").title == "学前教育（二）"


# Progress reports and their scope -------------------------------------------------------------------------


def test_a_school_reports_only_on_its_own_tasks(plan):
    mine, other = make_school(), make_school()
    shared = task(plan, "1.1")
    shared.schools.add(mine, other)
    foreign = task(plan, "2.1")
    foreign.schools.add(other)
    user = make_user(Role.SCHOOL, school=mine)
    assert can_report(user, shared) and not can_report(user, foreign)
    assert not can_report(user, task(plan, "1.2"))  # a task that concerns no school
    # can_write decides: the school's own report on its task, never one naming another school or task.
    assert can_write(user, ProgressReport(task=shared, school=mine))
    assert not can_write(user, ProgressReport(task=shared, school=other))
    assert not can_write(user, ProgressReport(task=foreign, school=mine))
    assert not can_write(user, ProgressReport(task=shared))
    report = submit_report(shared, user, period=dt.date(2025, 3, 1), narrative="已选址", percent_done=20, figure=1,
                           files=[SimpleUploadedFile("现场.pdf", b"%PDF-1.4 test")])
    assert report.school == mine and ReportAttachment.objects.get().report == report
    with pytest.raises(PermissionDenied):
        submit_report(foreign, user, period=dt.date(2025, 3, 1), narrative="x", percent_done=1)
    # A school reads its own reports, not the other school's on the same task.
    ProgressReport.objects.create(task=shared, school=other, period=dt.date(2025, 3, 1), narrative="别校",
                                  percent_done=10)
    assert list(ProgressReport.objects.visible_to(user).values_list("narrative", flat=True)) == ["已选址"]
    assert list(ReportAttachment.objects.visible_to(user)) == [ReportAttachment.objects.get()]
    assert not ReportAttachment.objects.visible_to(make_user(Role.SCHOOL, school=other)).exists()


def test_a_department_reports_on_the_tasks_it_leads(plan):
    jichu = make_department(modules=("org",))
    user = make_user(Role.DEPARTMENT, department=jichu)
    led = task(plan, "2.1")
    led.lead_department = jichu
    led.save()
    assert can_report(user, led) and not can_report(user, task(plan, "1.1"))
    assert not can_report(make_user(Role.LEADER), led) and not can_report(make_user(Role.READONLY), led)
    assert can_report(make_user(Role.DEPARTMENT, department=make_department(modules=("plans",))), task(plan, "1.1"))


def test_figures_add_up_to_the_targets_actual(plan):
    a, b = make_school(), make_school()
    t = task(plan, "2.1")  # one target: 2-3所
    t.schools.add(a, b)
    submit_report(t, make_user(Role.SCHOOL, school=a), period=dt.date(2025, 3, 1), narrative="1", percent_done=30,
                  figure=1)
    user_b = make_user(Role.SCHOOL, school=b)
    submit_report(t, user_b, period=dt.date(2025, 3, 1), narrative="1", percent_done=30, figure=0)
    submit_report(t, user_b, period=dt.date(2025, 4, 1), narrative="2", percent_done=60, figure=1)
    assert Target.objects.get(task=t).actual == 2


# 难点问题 and the scan ---------------------------------------------------------------------------------


def test_a_problem_runs_on_the_shared_life_cycle(plan):
    office = make_department(modules=("plans",))
    planner = make_user(Role.DEPARTMENT, department=office)
    school = make_school()
    t = task(plan, "1.1")
    t.schools.add(school)
    problem = raise_problem(t, planner, description="用地指标未落实", due=dt.date(2025, 6, 30), school=school,
                            measures="协调自然资源局", issued_on=dt.date(2025, 3, 1))
    followup = problem.followup
    assert (followup.module, followup.kind, followup.school, followup.state) == ("plans", "problem", school, "issued")
    head = make_user(Role.SCHOOL, school=school)
    act(followup, "respond", head, measures="已协调", today=dt.date(2025, 6, 1))
    act(followup, "verify", planner, today=dt.date(2025, 6, 2))
    followup.refresh_from_db()
    assert followup.state == "closed" and followup.closed_on == dt.date(2025, 6, 2)
    # Schools do not raise problems; a problem with no owner is owed by the lead department.
    with pytest.raises(PermissionDenied):
        raise_problem(t, head, description="x", due=dt.date(2025, 6, 30))
    t.lead_department = office
    t.save()
    assert raise_problem(t, planner, description="资金缺口", due=dt.date(2025, 7, 1),
                         issued_on=dt.date(2025, 3, 1)).followup.department == office
    assert Problem.objects.visible_to(head).count() == 2
    # A school owing a problem on a task that does not concern it still sees it (not its neighbours).
    elsewhere = task(plan, "2.1")
    owed = raise_problem(elsewhere, planner, description="校舍鉴定", due=dt.date(2025, 7, 1), school=school,
                         issued_on=dt.date(2025, 3, 1))
    assert owed in Problem.objects.visible_to(head)
    assert owed not in Problem.objects.visible_to(make_user(Role.SCHOOL, school=make_school()))


def test_scan_opens_one_followup_per_overdue_milestone_and_task(plan):
    office = make_department(modules=("plans",))
    late = task(plan, "1.1")
    late.lead_department = office
    late.deadline = dt.date(2025, 6, 30)
    late.save()
    Milestone.objects.create(task=late, title="选址", due=dt.date(2025, 3, 1))
    Milestone.objects.create(task=late, title="开工", due=dt.date(2025, 5, 1), done_on=dt.date(2025, 4, 28))
    done = task(plan, "1.2")
    done.lead_department = office
    done.deadline = dt.date(2025, 6, 30)
    done.save()
    ProgressReport.objects.create(task=done, period=dt.date(2025, 6, 1), narrative="完成", percent_done=100)
    task(plan, "2.1").milestones.create(title="无人负责", due=dt.date(2025, 3, 1))  # no owner: skipped

    first = scan_plans(dt.date(2025, 7, 10))
    assert (first.milestones, first.tasks) == (1, 1)
    milestone_fu = Milestone.objects.get(title="选址").followup
    assert (milestone_fu.kind, milestone_fu.department, milestone_fu.due) == ("milestone", office, dt.date(2025, 3, 1))
    assert milestone_fu.escalation_level == 2  # long overdue: up to 局领导
    assert Task.objects.get(pk=late.pk).followup.kind == "task"
    assert Task.objects.get(pk=done.pk).followup is None
    again = scan_plans(dt.date(2025, 7, 11))
    assert (again.milestones, again.tasks, again.escalated) == (0, 0, 0)
    assert FollowUp.objects.filter(module="plans").count() == 2


def test_plan_scan_command(plan):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    late = task(plan, "1.1")
    late.lead_department = make_department(modules=("plans",))
    late.deadline = dt.date(2025, 6, 30)
    late.save()
    out = io.StringIO()
    call_command("plan", "scan", "--date", "2025-07-03", stdout=out)
    assert "逾期任务1个" in out.getvalue() and "上报1条" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("plan", "scan", "--date", "3.7.2025", stdout=io.StringIO())


def test_scan_reminds_before_a_tasks_deadline(plan):
    office = make_department(modules=("plans",))
    soon = task(plan, "1.1")
    soon.lead_department = office
    soon.deadline = dt.date(2025, 6, 30)
    soon.save()
    far = task(plan, "1.2")
    far.lead_department = office
    far.deadline = dt.date(2025, 9, 30)
    far.save()
    report = scan_plans(dt.date(2025, 6, 28))  # two days before the first deadline
    assert (report.tasks, report.reminded) == (1, 1)
    followup = Task.objects.get(pk=soon.pk).followup
    assert followup.title.startswith("任务即将到期：1.1") and followup.due == dt.date(2025, 6, 30)
    assert followup.reminded_on == dt.date(2025, 6, 28) and followup.issued_on == dt.date(2025, 6, 28)
    assert Task.objects.get(pk=far.pk).followup is None
    later = scan_plans(dt.date(2025, 7, 9))  # nine days late: escalated to the leaders, not opened twice
    assert (later.tasks, later.escalated) == (0, 1)
    followup.refresh_from_db()
    assert followup.escalation_level == 2

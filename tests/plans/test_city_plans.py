"""City plans (issue 16): a city assigns its plan's tasks to counties; county A reports, county B breaks the task
down into its own plan; the city reads completion by county; a county never sees or writes another's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from edubureau.core.roles import Role
from edubureau.core.scope import can_read, can_write
from edubureau.core.testing.factories import make_city_with_counties, make_department, make_school, make_user
from edubureau.plans import city as city_plans
from edubureau.plans.demo import SOURCE
from edubureau.plans.models import ProgressReport, Task, WorkPlan
from edubureau.plans.services import can_report, import_plan, submit_report

pytestmark = pytest.mark.django_db

PLAN = (
    "示例市2025年教育工作要点\n一、学前教育\n（一）扩大资源。各县（市、区）年内新建幼儿园3所。\n"
    "（二）提升质量。每学期督查不少于2次。\n二、义务教育\n1.均衡发展。打造2-3所特色学校。\n"
)
TODAY = dt.date(2025, 6, 15)


@pytest.fixture
def city_setup():
    city, (a, b) = make_city_with_counties("甲县", "乙县")
    school_a = make_school(region=a)
    school_b = make_school(region=b)
    plans_modules = ("plans",)
    users = {
        "city": make_user(Role.DEPARTMENT, department=make_department(modules=plans_modules, region=city),
                          region=city),
        "a": make_user(Role.DEPARTMENT, department=make_department(modules=plans_modules, region=a), region=a),
        "b": make_user(Role.DEPARTMENT, department=make_department(modules=plans_modules, region=b), region=b),
        "school_a": make_user(Role.SCHOOL, school=school_a),
    }
    plan = import_plan(PLAN, title="示例市2025年教育工作要点", year=2025, region=city)
    tasks = list(Task.objects.filter(plan=plan, level=2).order_by("position"))
    for t in tasks:
        t.start, t.deadline = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
        t.save()
    city_plans.assign_counties(tasks, [a, b], by=users["city"])
    return {"city": city, "a": a, "b": b, "plan": plan, "tasks": tasks, "users": users,
            "schools": (school_a, school_b)}


def test_county_a_reports_and_county_b_breaks_down(city_setup):
    s = city_setup
    first = s["tasks"][0]
    assert set(first.counties.all()) == {s["a"], s["b"]}
    assert can_report(s["users"]["a"], first)
    report = submit_report(first, s["users"]["a"], period=dt.date(2025, 5, 1), narrative="已完成摸底。",
                           percent_done=60)
    assert report.region == s["a"]
    made = city_plans.break_down(first, titles=["制定方案", "组织实施"], by=s["users"]["b"])
    assert [t.source_task for t in made] == [first, first]
    county_plan = made[0].plan
    assert county_plan.region == s["b"] and county_plan.year == 2025
    assert [t.item for t in made] == ["1.1", "1.2"]
    # County B reports on its breakdown tasks: 100 % and 0 % (none yet) → 50 % on the city task.
    submit_report(made[0], s["users"]["b"], period=dt.date(2025, 5, 1), narrative="方案已印发。", percent_done=100)
    figures = city_plans.city_matrix(s["users"]["city"], s["plan"], today=TODAY)
    cells = figures.matrix.cells
    assert cells[(first.pk, s["a"].pk)].percent == 60 and cells[(first.pk, s["a"].pk)].via == "report"
    assert cells[(first.pk, s["b"].pk)].percent == 50 and cells[(first.pk, s["b"].pk)].via == "breakdown"
    assert [c.name for c in figures.counties] == ["甲县", "乙县"]
    assert figures.matrix.counties[s["a"].pk].assigned == len(s["tasks"])


def test_county_a_cannot_see_or_write_county_b(city_setup):
    s = city_setup
    first = s["tasks"][0]
    a_user, b_user = s["users"]["a"], s["users"]["b"]
    b_report = submit_report(first, b_user, period=dt.date(2025, 5, 1), narrative="乙县进展", percent_done=30)
    made = city_plans.break_down(first, titles=["乙县分解任务"], by=b_user)
    assert not can_read(a_user, b_report)
    assert not ProgressReport.objects.visible_to(a_user).filter(pk=b_report.pk).exists()
    assert not can_write(a_user, b_report)
    assert not Task.objects.visible_to(a_user).filter(pk=made[0].pk).exists()
    assert not WorkPlan.objects.visible_to(a_user).filter(pk=made[0].plan_id).exists()
    assert not can_write(a_user, made[0])
    # County A reads the city task assigned to it; the city reads both counties' rows.
    assert Task.objects.visible_to(a_user).filter(pk=first.pk).exists()
    assert ProgressReport.objects.visible_to(s["users"]["city"]).filter(pk=b_report.pk).exists()
    assert Task.objects.visible_to(s["users"]["city"]).filter(pk=made[0].pk).exists()
    # County A cannot break down a task into county B's plan, nor report as B.
    a_report = submit_report(first, a_user, period=dt.date(2025, 5, 1), narrative="甲县进展", percent_done=40)
    assert a_report.region == s["a"]


def test_a_county_not_assigned_may_not_report_or_break_down(city_setup):
    s = city_setup
    only_a = s["tasks"][1]
    only_a.counties.set([s["a"]])
    assert not can_report(s["users"]["b"], only_a)
    with pytest.raises(PermissionDenied):
        city_plans.break_down(only_a, titles=["x"], by=s["users"]["b"])
    with pytest.raises(PermissionDenied):
        submit_report(only_a, s["users"]["b"], period=dt.date(2025, 5, 1), narrative="x", percent_done=10)


def test_a_county_may_not_assign_city_tasks(city_setup):
    s = city_setup
    with pytest.raises(PermissionDenied):
        city_plans.assign_counties(s["tasks"][:1], [s["a"]], by=s["users"]["a"])


def test_upper_tasks_of_a_county(city_setup):
    s = city_setup
    rows = city_plans.upper_tasks(s["users"]["a"], today=TODAY)
    assert [r["task"] for r in rows] == sorted(s["tasks"], key=lambda t: t.position)
    assert all(r["can_report"] and r["can_break_down"] for r in rows)
    assert city_plans.upper_tasks(s["users"]["school_a"]) == []


# Seed 002 as the city demo's plan ---------------------------------------------------------------------------


def test_seed_002_loads_as_a_city_plan_assigned_to_every_county():
    city, counties = make_city_with_counties("德城区", "陵城区", "禹城市", city_name="德州市")
    make_department(code="jichu", name="基础教育科", modules=("plans",), region=city)
    plan = city_plans.load_city_plan(city, counties, year=2025, today=TODAY, seed=3)
    assert plan.region == city and plan.source_name == SOURCE.name
    assert plan.title == "德州市2025年教育工作要点"
    worked = Task.objects.filter(plan=plan, counties__isnull=False).distinct()
    assert worked.count() >= 25
    for task in worked.prefetch_related("counties"):
        assert {c.pk for c in task.counties.all()} == {c.pk for c in counties}
    assert Task.objects.filter(plan=plan, lead_department__code="jichu").exists()
    # Progress: counties report on the city tasks and break some down into their own plans.
    assert ProgressReport.objects.filter(task__plan=plan, region__in=counties).exists()
    breakdown = Task.objects.filter(source_task__plan=plan)
    assert breakdown.exists()
    assert set(breakdown.values_list("plan__region", flat=True)) <= {c.pk for c in counties}
    # Loading again changes nothing.
    assert city_plans.load_city_plan(city, counties, year=2025, today=TODAY) == plan
    assert WorkPlan.objects.filter(region=city).count() == 1


def test_seed_002_without_progress_defaults_to_the_citys_counties():
    city, counties = make_city_with_counties("甲县", "乙县", "丙县")
    plan = city_plans.load_city_plan(city, year=2025, today=TODAY, progress=False)
    assert not ProgressReport.objects.filter(task__plan=plan).exists()
    assert Task.objects.filter(plan=plan, counties=counties[2]).count() >= 25

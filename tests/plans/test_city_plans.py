"""City plans (issue 16): a city assigns its plan's tasks to counties; county A reports, county B breaks the task
down into its own plan; the city reads completion by county; a county never sees or writes another's."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

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


# Pages -------------------------------------------------------------------------------------------------------


def _today_plan(s):
    """Move the fixture's tasks into this year, so the pages (which read today) see them under way."""
    today = timezone.localdate()
    WorkPlan.objects.filter(pk=s["plan"].pk).update(year=today.year)
    Task.objects.filter(plan=s["plan"]).update(start=today.replace(month=1, day=1),
                                               deadline=today.replace(month=12, day=31))
    return today


def test_city_matrix_page_and_drill_down(client, city_setup):
    s = city_setup
    today = _today_plan(s)
    first = s["tasks"][0]
    submit_report(first, s["users"]["a"], period=today.replace(day=1), narrative="甲县已完成。", percent_done=100)
    made = city_plans.break_down(first, titles=["乙县分解一", "乙县分解二"], by=s["users"]["b"])
    client.force_login(s["users"]["city"])
    response = client.get(reverse("plans:plan_counties", args=[s["plan"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "甲县" in page and "乙县" in page and "已完成" in page
    assert reverse("plans:task_county", args=[first.pk, s["b"].pk]) in page
    cell = client.get(reverse("plans:task_county", args=[first.pk, s["b"].pk]))
    assert cell.status_code == 200
    assert "乙县分解一" in cell.content.decode() and "甲县已完成" not in cell.content.decode()
    cell_a = client.get(reverse("plans:task_county", args=[first.pk, s["a"].pk])).content.decode()
    assert "甲县已完成" in cell_a and "乙县分解一" not in cell_a
    assert made[0].plan.title in client.get(reverse("plans:task_detail", args=[made[0].pk])).content.decode()
    xlsx = client.get(reverse("plans:plan_counties_xlsx", args=[s["plan"].pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in sheet[2]]
    assert header[4:6] == ["甲县", "乙县"]
    assert sheet.cell(row=3, column=5).value == "已完成 100%"


def test_a_county_sees_its_upper_tasks_reports_and_breaks_down_through_pages(client, city_setup):
    s = city_setup
    today = _today_plan(s)
    first = s["tasks"][0]
    client.force_login(s["users"]["a"])
    page = client.get(reverse("plans:upper_tasks"))
    assert page.status_code == 200
    assert [r["task"].pk for r in page.context["rows"]] == [t.pk for t in s["tasks"]]
    response = client.post(reverse("plans:task_report", args=[first.pk]), {
        "period": today.strftime("%Y-%m"), "narrative": "甲县推进中", "percent_done": "40", "next": "upper"})
    assert response.status_code == 302 and response["Location"] == reverse("plans:upper_tasks")
    assert ProgressReport.objects.get(task=first).region == s["a"]
    response = client.post(reverse("plans:task_breakdown", args=[first.pk]), {"titles": "甲县任务一\n甲县任务二\n"})
    assert response.status_code == 302
    assert Task.objects.filter(source_task=first, plan__region=s["a"]).count() == 2
    # County A may not reach county B's drill-down, nor the city's assignment grid.
    assert client.get(reverse("plans:task_county", args=[first.pk, s["b"].pk])).status_code == 404
    assert client.get(reverse("plans:plan_assign", args=[s["plan"].pk])).status_code == 403
    # County B does not see A's report in the task's page.
    client.force_login(s["users"]["b"])
    assert "甲县推进中" not in client.get(reverse("plans:task_detail", args=[first.pk])).content.decode()
    assert client.get(reverse("plans:task_detail", args=[Task.objects.filter(
        source_task=first, plan__region=s["a"]).first().pk])).status_code == 404


def test_the_city_assigns_tasks_through_the_grid(client, city_setup):
    s = city_setup
    first, second = s["tasks"][0], s["tasks"][1]
    client.force_login(s["users"]["city"])
    grid = client.get(reverse("plans:plan_assign", args=[s["plan"].pk]))
    assert grid.status_code == 200
    data = {f"task-{first.pk}": [str(s["a"].pk)], f"task-{second.pk}": [str(s["a"].pk), str(s["b"].pk)]}
    assert client.post(reverse("plans:plan_assign", args=[s["plan"].pk]), data).status_code == 302
    assert list(first.counties.all()) == [s["a"]]
    assert set(second.counties.all()) == {s["a"], s["b"]}
    assert not s["tasks"][2].counties.exists()


def test_matrix_query_count_does_not_grow_with_tasks_or_counties(client):
    def build(n_counties, n_reports):
        city, counties = make_city_with_counties(*[f"县{i}" for i in range(n_counties)], city_name=f"市{n_counties}")
        user = make_user(Role.LEADER, region=city)
        plan = city_plans.load_city_plan(city, counties, year=timezone.localdate().year, progress=n_reports > 0)
        if n_counties == 2:  # the small plan also has fewer tasks assigned
            for task in Task.objects.filter(plan=plan, counties__isnull=False).distinct()[5:]:
                task.counties.clear()
        return user, plan

    counts = []
    for n in (2, 5):
        user, plan = build(n, n)
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("plans:plan_counties", args=[plan.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
        WorkPlan.objects.all().delete()
    assert counts[0] == counts[1], counts


def test_the_api_names_counties_and_keeps_county_b_from_county_a(client, city_setup):
    s = city_setup
    first = s["tasks"][0]
    submit_report(first, s["users"]["b"], period=dt.date(2025, 5, 1), narrative="乙县进展", percent_done=30)
    mine = submit_report(first, s["users"]["a"], period=dt.date(2025, 5, 1), narrative="甲县进展", percent_done=40)
    made = city_plans.break_down(first, titles=["乙县分解"], by=s["users"]["b"])
    client.force_login(s["users"]["a"])
    reports = client.get("/api/plans/reports/").json()["results"]
    assert [(r["id"], r["region"]["id"], r["region"]["display"]) for r in reports] == [(mine.pk, s["a"].pk, "甲县")]
    tasks = client.get(f"/api/plans/tasks/?counties={s['a'].pk}").json()["results"]
    assert {t["id"] for t in tasks} == {t.pk for t in s["tasks"]}
    assert sorted(c["display"] for c in tasks[0]["counties"]) == ["乙县", "甲县"]
    assert client.get(f"/api/plans/tasks/{made[0].pk}/").status_code == 404
    client.force_login(s["users"]["city"])
    row = client.get(f"/api/plans/tasks/{made[0].pk}/").json()
    assert row["source_task"]["id"] == first.pk
    assert len(client.get(f"/api/plans/reports/?task={first.pk}").json()["results"]) == 2


def test_county_figures_add_up_to_the_citys_target(city_setup):
    from edubureau.plans.models import Target

    s = city_setup
    first = s["tasks"][0]
    target = Target.objects.get(task=first)  # 各县（市、区）年内新建幼儿园3所
    submit_report(first, s["users"]["a"], period=dt.date(2025, 4, 1), narrative="甲", percent_done=30, figure=1)
    submit_report(first, s["users"]["a"], period=dt.date(2025, 5, 1), narrative="甲", percent_done=60, figure=2)
    submit_report(first, s["users"]["b"], period=dt.date(2025, 5, 1), narrative="乙", percent_done=30, figure=1)
    target.refresh_from_db()
    assert target.actual == 3  # each county's latest figure: 2 + 1


def test_upper_tasks_query_count_does_not_grow_with_tasks(client):
    city, counties = make_city_with_counties("甲县", "乙县")
    make_school(region=counties[0])  # a county reaches its city tasks through its schools (core.scope)
    plan = city_plans.load_city_plan(city, counties, year=timezone.localdate().year)
    user = make_user(Role.DEPARTMENT, department=make_department(modules=("plans",), region=counties[0]),
                     region=counties[0])
    client.force_login(user)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("plans:upper_tasks"))
            assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["rows"])

    many, rows = count()
    for task in Task.objects.filter(plan=plan, counties=counties[0])[5:]:
        task.counties.remove(counties[0])
    few, fewer_rows = count()
    assert fewer_rows == 5 < rows
    assert few == many, (few, many)


def test_the_countys_counterpart_of_the_lead_department_reports(city_setup):
    s = city_setup
    first = s["tasks"][0]
    first.lead_department = make_department(code="jichu", name="基础教育科", modules=("org",), region=s["city"])
    first.save()
    counterpart = make_user(Role.DEPARTMENT, region=s["a"], department=make_department(
        code="jichu", name="基础教育科", modules=("org",), region=s["a"]))
    other = make_user(Role.DEPARTMENT, region=s["a"], department=make_department(
        code="renshi", name="人事科", modules=("org",), region=s["a"]))
    assert city_plans.reporting_county(counterpart, first) == s["a"]
    assert city_plans.reporting_county(other, first) is None
    report = submit_report(first, counterpart, period=dt.date(2025, 5, 1), narrative="基教科报送", percent_done=20)
    assert report.region == s["a"] and report.school is None


def test_plan_list_names_regions_and_links_the_city_matrix(client, city_setup):
    s = city_setup
    made = city_plans.break_down(s["tasks"][0], titles=["乙县分解"], by=s["users"]["b"])
    client.force_login(s["users"]["a"])
    page = client.get(reverse("plans:plan_list")).content.decode()
    assert reverse("plans:plan_counties", args=[s["plan"].pk]) in page and "示例市" in page
    assert made[0].plan.title not in page  # county B's own plan stays B's
    client.force_login(s["users"]["b"])
    assert made[0].plan.title in client.get(reverse("plans:plan_list")).content.decode()


def test_a_county_sees_only_its_own_column_of_the_matrix(client, city_setup):
    s = city_setup
    submit_report(s["tasks"][0], s["users"]["b"], period=dt.date(2025, 5, 1), narrative="乙县", percent_done=30)
    client.force_login(s["users"]["a"])
    response = client.get(reverse("plans:plan_counties", args=[s["plan"].pk]))
    figures = response.context["figures"]
    assert [c.name for c in figures.counties] == ["甲县"]
    assert {county for _task, county in figures.matrix.cells} == {s["a"].pk}


def test_a_section_assigned_with_its_items_is_counted_by_its_items(city_setup):
    s = city_setup
    section = Task.objects.get(plan=s["plan"], item="1")
    city_plans.assign_counties([section], [s["a"], s["b"]], by=s["users"]["city"])
    figures = city_plans.city_matrix(s["users"]["city"], s["plan"], today=TODAY)
    assert section not in figures.tasks and len(figures.tasks) == len(s["tasks"])
    assert section not in [r["task"] for r in city_plans.upper_tasks(s["users"]["a"], today=TODAY)]

"""The plans API reads plans, tasks, targets and reports within the reader's scope, and writes nothing."""

from __future__ import annotations

import pytest

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_school, make_user
from edubureau.plans.models import Task
from edubureau.plans.services import import_plan

pytestmark = pytest.mark.django_db

PLAN = "要点\n一、学前教育\n（一）扩大资源。新增学位1.75万个。\n（二）提升质量。每学期督查不少于2次。\n"


def ids(response, key="item"):
    assert response.status_code == 200
    return sorted(row[key] for row in response.json()["results"])


def test_a_school_reads_only_the_tasks_that_concern_it(client):
    plan = import_plan(PLAN, title="要点", year=2025)
    mine = make_school()
    Task.objects.get(plan=plan, item="1.1").schools.add(mine)
    client.force_login(make_user(Role.SCHOOL, school=mine))
    assert ids(client.get("/api/plans/tasks/")) == ["1.1"]
    assert ids(client.get("/api/plans/targets/"), "text") == ["1.75万个"]
    assert ids(client.get("/api/plans/plans/"), "title") == ["要点"]


def test_the_bureau_reads_everything_and_nobody_writes(client):
    import_plan(PLAN, title="要点", year=2025)
    client.force_login(make_user(Role.DEPARTMENT, department=make_department(modules=("plans",))))
    assert ids(client.get("/api/plans/tasks/")) == ["1", "1.1", "1.2"]
    target = client.get("/api/plans/targets/?search=1.75").json()["results"][0]
    assert (target["number"], target["unit"], target["counted"]) == (17500.0, "个", "学位")
    assert client.post("/api/plans/plans/", {"title": "x", "year": 2025}).status_code == 405


def test_tasks_carry_their_status_and_problems_their_followup(client):
    import datetime as dt

    from edubureau.plans.services import raise_problem

    plan = import_plan(PLAN, title="要点", year=2025)
    mine, other = make_school(), make_school()
    task = Task.objects.get(plan=plan, item="1.1")
    task.schools.add(mine)
    task.deadline = dt.date(2025, 6, 30)
    task.save()
    planner = make_user(Role.DEPARTMENT, department=make_department(modules=("plans",)))
    raise_problem(task, planner, description="用地未落实", due=dt.date(2025, 7, 1), school=mine,
                  issued_on=dt.date(2025, 3, 1))
    client.force_login(make_user(Role.SCHOOL, school=mine))
    row = client.get("/api/plans/tasks/").json()["results"][0]
    assert row["status"] == "overdue" and row["deadline"] == "2025-06-30"
    problem = client.get("/api/plans/problems/").json()["results"][0]
    assert (problem["description"], problem["state"], problem["due"]) == ("用地未落实", "issued", "2025-07-01")
    client.force_login(make_user(Role.SCHOOL, school=other))
    assert client.get("/api/plans/problems/").json()["results"] == []


@pytest.mark.parametrize("query", ["task=abc", "task=" + "9" * 25, "ordering=-id", "search=%00", "limit=-1"])
def test_problem_filters_never_fail(client, query):
    client.force_login(make_user(Role.LEADER))
    assert client.get(f"/api/plans/problems/?{query}").status_code in (200, 400)
    assert client.get("/api/plans/problems/0/").status_code == 404

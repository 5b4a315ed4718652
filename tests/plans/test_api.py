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

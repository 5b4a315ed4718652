"""Issue 18, must-fix 3: a follow-up owed by a department is the bureau's.

A school administrator or an inspector reads it only when the record it belongs to names one of its schools (a
难点问题 of a task concerning the school); the detail page, the list, the API and ``can_read`` agree.
"""

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.core.models import FollowUp
from edubureau.core.roles import Role
from edubureau.core.scope import can_read
from edubureau.core.testing import factories as f
from edubureau.plans.models import Task, WorkPlan
from edubureau.plans.services import raise_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    east, west = f.make_zone("东部片区"), f.make_zone("西部片区")
    a, b = f.make_school("甲小学", zone=east), f.make_school("乙小学", zone=east)
    c = f.make_school("丙小学", zone=west)
    office = f.make_department(code="jijiao", name="基础教育科", modules=["plans"])
    plan = WorkPlan.objects.create(title="2026年工作要点", year=2026)
    task = Task.objects.create(plan=plan, item="1", title="改造甲乙两校校舍", lead_department=office)
    task.schools.set([a, b])
    bare = Task.objects.create(plan=plan, item="2", title="修订全县课后服务办法", lead_department=office, position=1)
    chief, staff = f.make_user(Role.LEADER), f.make_user(Role.DEPARTMENT, department=office)
    problem = raise_problem(task, staff, description="两校校舍改造资金缺口", due=dt.date(2026, 12, 31))
    county_wide = raise_problem(bare, staff, description="课后服务收费标准未定", due=dt.date(2026, 12, 31))
    users = {
        "leader": chief,
        "department": staff,
        "readonly": f.make_user(Role.READONLY),
        "admin_a": f.make_user(Role.SCHOOL, school=a),
        "admin_b": f.make_user(Role.SCHOOL, school=b),
        "admin_c": f.make_user(Role.SCHOOL, school=c),
        "inspector_east": f.make_user(Role.INSPECTOR, zone=east),
        "inspector_west": f.make_user(Role.INSPECTOR, zone=west),
    }
    assert problem.followup.school_id is None and problem.followup.department_id == office.pk
    return {"problem": problem, "county_wide": county_wide, "bare": bare, "users": users, "a": a}


# Who reads the department's follow-up on the problem of the task concerning schools 甲 and 乙.
READERS = {"leader": True, "department": True, "readonly": True, "admin_a": True, "admin_b": True,
           "inspector_east": True, "admin_c": False, "inspector_west": False}


@pytest.mark.parametrize(("who", "reads"), READERS.items())
def test_detail_page_only_for_bureau_and_named_schools(client, county, who, reads):
    followup = county["problem"].followup
    client.force_login(county["users"][who])
    response = client.get(reverse("core:followup_detail", args=[followup.pk]))
    assert response.status_code == (200 if reads else 404)
    if reads:
        assert "两校校舍改造资金缺口" in response.content.decode()


@pytest.mark.parametrize(("who", "reads"), READERS.items())
def test_list_shows_it_to_the_same_readers(client, county, who, reads):
    client.force_login(county["users"][who])
    page = client.get(reverse("core:followup_list")).content.decode()
    assert ("两校校舍改造资金缺口" in page) == reads
    # A problem on a task concerning no school stays the bureau's.
    assert ("课后服务收费标准未定" in page) == (who in ("leader", "department", "readonly"))


@pytest.mark.parametrize("who", ["admin_a", "admin_c", "inspector_west", "leader"])
def test_api_agrees_with_the_pages(client, county, who):
    client.force_login(county["users"][who])
    response = client.get("/api/plans/problems/")
    assert response.status_code == 200
    ids = {row["followup"] for row in response.json()["results"]}
    assert (county["problem"].followup_id in ids) == READERS[who]


@pytest.mark.parametrize("who", list(READERS))
def test_can_read_agrees_with_visible_to(county, who):
    user = county["users"][who]
    visible = set(FollowUp.objects.visible_to(user).values_list("pk", flat=True))
    for followup in FollowUp.objects.all():
        assert can_read(user, followup) == (followup.pk in visible), (who, followup.title)
    # The same for the ownerless task itself (no school concerned): it is not reference data.
    assert can_read(user, county["bare"]) == Task.objects.visible_to(user).filter(pk=county["bare"].pk).exists()


def test_reference_data_stays_readable_by_a_school(county):
    admin_c = county["users"]["admin_c"]
    region, zone = county["a"].region, county["a"].zone
    assert can_read(admin_c, region) and can_read(admin_c, zone)
    assert not can_read(admin_c, county["bare"])


def test_acting_on_an_unseen_followup_is_not_found(client, county):
    followup = county["problem"].followup
    client.force_login(county["users"]["admin_c"])
    response = client.post(reverse("core:followup_act", args=[followup.pk]), {"action": "respond", "measures": "x"})
    assert response.status_code == 404
    assert followup.events.count() == 1  # only the issue

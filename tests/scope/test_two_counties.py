"""Issue 16: a city and two counties in one instance. A county's leader and department read nothing of the other
county and change nothing of it, on every route; the city reads both.

The demo county is loaded once for the module (inside a transaction rolled back at the end) and split: the demo's
region becomes county A under a new city, and one 片区 with its schools becomes county B, which also gets bureau rows
of its own (a plan with a task no school owns, an exam, a scheme, a department). The walk is the issue-18 scope sweep
(``tests/security/test_scope_sweep.Sweep``) run as county A's bureau roles, aimed at county B's rows.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from edubureau.core.followup import ensure_daily_scan
from edubureau.core.io.registry import all_specs
from edubureau.core.management.commands.demo import Command as DemoCommand
from edubureau.core.management.commands.demo import school_year_of
from edubureau.core.roles import MODULES, Role
from edubureau.core.scope import can_read, can_write, scope_for
from edubureau.core.testing import factories as f
from edubureau.core.testing.module_data import rolled_back_after_module, settled
from edubureau.demo.generator import DEFAULT_SEED
from edubureau.evaluation.models import Scheme
from edubureau.org.models import Department, Region, School, Term, Zone
from edubureau.plans.models import Task, WorkPlan
from edubureau.quality.models import Exam
from tests.security import sweep as sw
from tests.security.test_scope_sweep import ROUTES, Sweep, _case, _richest_other_school, _top_up

# One worker loads this module's demo (``make test`` distributes by group): two would each load it.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("two-counties")]

COUNTY_ROLES = ("a_leader", "a_dept")


def _split_into_two_counties():
    """City 示例市 over the demo's county (A) and a new county (B) made of the demo's last 片区 and its schools."""
    county_a = Region.objects.get()
    city = Region.objects.create(code="371400", name="示例市", level="city")
    county_a.parent = city
    county_a.save()
    county_b = Region.objects.create(code="371499", name=f"乙县{sw.MARKER}", parent=city)
    zone = Zone.objects.filter(schools__isnull=False).distinct().order_by("-pk").first()
    Zone.objects.filter(pk=zone.pk).update(region=county_b, name=f"{zone.name}{sw.MARKER}")
    School.objects.filter(zone=zone).update(region=county_b)
    # A county plans its own rotation within the county: the demo plan's moves across the new border go, and B's own
    # moves become B's plan.
    from edubureau.staffing.models import RotationMove, RotationPlan

    RotationMove.objects.filter(Q(source__region=county_b) ^ Q(target__region=county_b)).delete()
    for plan in RotationPlan.objects.filter(region=county_a):
        plan_b = RotationPlan.objects.create(region=county_b, year=plan.year, status=plan.status,
                                             public_until=plan.public_until, figures={})
        RotationMove.objects.filter(plan=plan, source__region=county_b).update(plan=plan_b)
    return city, county_a, county_b


def _county_b_bureau_rows(county_b):
    """What county B's own bureau keeps that names no school: a plan and its task, an exam, a scheme, a 科室."""
    plan = WorkPlan.objects.create(region=county_b, title=f"乙县工作要点{sw.MARKER}", year=2026)
    task = Task.objects.create(plan=plan, item="1", title=f"乙县自己的任务{sw.MARKER}")
    exam = Exam.objects.create(region=county_b, name=f"乙县统考{sw.MARKER}", term=Term.objects.first(), grade=9,
                               full_marks={"语文": 120})
    scheme = Scheme.objects.create(region=county_b, year=2026, title=f"乙县考核方案{sw.MARKER}")
    department = Department.objects.create(region=county_b, code="jichu", name=f"基教科{sw.MARKER}",
                                           modules=list(MODULES))
    return {"plan": plan, "task": task, "exam": exam, "scheme": scheme, "department": department}


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("two_counties")):
        with rolled_back_after_module():
            DemoCommand(stdout=io.StringIO())._load(DEFAULT_SEED, school_year_of(timezone.localdate()), 1.0)
            cache.clear()
            city, county_a, county_b = _split_into_two_counties()
            a_department = Department.objects.create(region=county_a, code="jichu", name="甲县基教科",
                                                     modules=list(MODULES))
            users = {
                "a_leader": f.make_user(Role.LEADER, region=county_a, username="a_leader"),
                "a_dept": f.make_user(Role.DEPARTMENT, department=a_department, username="a_dept"),
                "city_leader": f.make_user(Role.LEADER, region=city, username="city_leader"),
            }
            admin = get_user_model().objects.get(username="admin")
            county_users = [users[name] for name in COUNTY_ROLES]
            reached = set(scope_for(users["a_leader"]).school_ids)
            school_b = _richest_other_school(reached, county_users)
            _top_up(school_b, reached, admin)
            bureau_b = _county_b_bureau_rows(county_b)
            visible_names = [s.name for s in School.objects.filter(pk__in=reached)]
            secrets = sw.collect_secrets(school_b, county_users, visible_names)
            clients = {}
            for name in COUNTY_ROLES:
                pages = Client(raise_request_exception=False)
                pages.force_login(users[name])
                pages.get("/")
                token = Token.objects.create(user=users[name])
                clients[name] = (pages, Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token.key}"))
            ensure_daily_scan(background=False)  # the day's scan before the baseline (see the scope sweep)
            walk = Sweep(secrets=secrets, baseline=sw.fingerprint(secrets), clients=clients, specs=sorted(all_specs()))
            settled()  # once, not in every test's teardown (module_data explains)
            yield {"walk": walk, "users": users, "city": city, "a": county_a, "b": county_b, "school_b": school_b,
                   "bureau_b": bureau_b}


@pytest.mark.parametrize("route", [_case(r) for r in ROUTES])
def test_county_a_reads_and_changes_nothing_of_county_b(route, city):
    problems = city["walk"].run(route)
    assert not problems, "\n".join(problems)


def _clear_scope_cache(*users):
    for user in users:
        user.__dict__.pop("_edubureau_scope", None)


def test_the_city_reads_both_counties_and_a_county_only_its_own(city):
    users, county_a, county_b = city["users"], city["a"], city["b"]
    _clear_scope_cache(*users.values())
    schools_a = set(School.objects.filter(region=county_a).values_list("pk", flat=True))
    schools_b = set(School.objects.filter(region=county_b).values_list("pk", flat=True))
    assert schools_a and schools_b
    assert set(School.objects.visible_to(users["city_leader"]).values_list("pk", flat=True)) == schools_a | schools_b
    for name in COUNTY_ROLES:
        user = users[name]
        assert set(School.objects.visible_to(user).values_list("pk", flat=True)) == schools_a
        # Reference rows with a region: its own county's and the city's, never the other county's.
        assert set(Region.objects.visible_to(user)) == {county_a, city["city"]}
        assert not Zone.objects.visible_to(user).filter(region=county_b).exists()
        assert Zone.objects.visible_to(user).filter(region=county_a).exists()
        for row in city["bureau_b"].values():
            assert not type(row).objects.visible_to(user).filter(pk=row.pk).exists(), row
            assert not can_read(user, row), row
            assert not can_write(user, row), row
        assert not can_read(user, city["school_b"])
    for row in city["bureau_b"].values():
        assert type(row).objects.visible_to(users["city_leader"]).filter(pk=row.pk).exists(), row


def test_a_county_writes_its_own_rows_and_reads_the_citys(city):
    users, county_a = city["users"], city["a"]
    _clear_scope_cache(*users.values())
    dept = users["a_dept"]
    own_zone = Zone(region=county_a, name="甲县新片区")
    other_zone = Zone(region=city["b"], name="乙县新片区")
    assert can_write(dept, own_zone) and not can_write(dept, other_zone)
    city_plan = WorkPlan.objects.create(region=city["city"], title="市工作要点", year=2026)
    own_plan = WorkPlan(region=county_a, title="甲县工作要点", year=2026)
    assert can_read(dept, city_plan) and WorkPlan.objects.visible_to(dept).filter(pk=city_plan.pk).exists()
    assert not can_write(dept, city_plan), "the city's plan is read-only to a county"
    assert can_write(dept, own_plan)
    # A county may not change what the whole instance shares (school years, terms).
    assert not can_write(dept, Term.objects.first())
    assert can_write(users["city_leader"], Term.objects.first()) is False  # leaders write nothing in the registry
    new_school = School(code="3714990001", name="甲县新学校", kind="primary", locality="urban", region=county_a)
    assert can_write(dept, new_school)
    new_school.region = city["b"]
    assert not can_write(dept, new_school)

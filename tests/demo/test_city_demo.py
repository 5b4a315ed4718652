"""The demo city (issue 16): a small city through ``edubureau demo --scale city``, its counties, logins and scope."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from edubureau.core.roles import Role
from edubureau.demo.city.generator import county_summary, generate_counties, plan_city
from edubureau.demo.city.loader import city_logins
from edubureau.demo.city.stories import EXAM_GRADES
from edubureau.org.choices import RegionLevel
from edubureau.org.models import Department, Region, School
from edubureau.people.models import SchoolClass, Staff, Student

SEED, YEAR, SIZE, COUNTIES = 11, 2025, 0.05, 2


def _fingerprint(city):
    return [(c.region_name, county_summary(c), [s.name for s in c.schools], [s.name for s in c.staff[:50]])
            for c in generate_counties(city)]


def test_same_seed_same_city_other_seed_other_people():
    city = plan_city(SEED, current_year=YEAR, counties=COUNTIES, size=SIZE)
    first = _fingerprint(city)
    assert first == _fingerprint(plan_city(SEED, current_year=YEAR, counties=COUNTIES, size=SIZE))
    other = _fingerprint(plan_city(SEED + 1, current_year=YEAR, counties=COUNTIES, size=SIZE))
    assert [f[3] for f in first] != [f[3] for f in other]


def test_full_city_plan_has_eleven_counties_and_unique_towns():
    city = plan_city(SEED, current_year=YEAR)
    assert len(city.counties) == 11 and len({c.code for c in city.counties}) == 11
    towns = [t for ts in city.towns for t in ts]
    assert len(towns) == len(set(towns)) > 200


@pytest.mark.django_db
def test_small_city_loads_counties_logins_and_scope():
    """One load (a few seconds), then counts per county, the tree, the logins' regions, the stories and scope."""
    out = io.StringIO()
    call_command("demo", "--scale", "city", "--size", str(SIZE), "--counties", str(COUNTIES), "--seed", str(SEED),
                 "--year", str(YEAR), "--no-serve", stdout=out)
    expected = {c.region_code: county_summary(c)
                for c in generate_counties(plan_city(SEED, current_year=YEAR, counties=COUNTIES, size=SIZE))}

    city = Region.objects.get(level=RegionLevel.CITY)
    counties = list(Region.objects.filter(parent=city).order_by("code"))
    assert [c.code for c in counties] == sorted(expected)
    for county in counties:
        want = expected[county.code]
        assert School.objects.filter(region=county).count() == want["schools"]
        assert SchoolClass.objects.filter(school__region=county).count() == want["classes"]
        assert Student.objects.filter(school__region=county).count() == want["students"]
        assert Department.objects.filter(region=county).count() == 8
    assert Staff.objects.count() == sum(c["staff"] for c in expected.values())
    # Every school belongs to a county of the city.
    assert not School.objects.exclude(region__parent=city).exists()
    assert Department.objects.filter(region=city).count() == 8

    users = {u.username: u for u in get_user_model().objects.select_related(
        "profile__region", "profile__department__region", "profile__zone__region", "profile__school__region")}
    for name in city_logins(plan_city(SEED, current_year=YEAR, counties=COUNTIES, size=SIZE)):
        assert name in users, name
    assert users["admin"].is_superuser and users["admin"].check_password("edubureau-demo")
    assert users["shi_leader"].profile.role == Role.LEADER and users["shi_leader"].profile.region == city
    assert users["shi_jichu"].profile.department.region == city and users["shi_jichu"].profile.region == city
    for county, slug in zip(counties, ("donghu", "xiling"), strict=True):
        assert users[f"{slug}_leader"].profile.region == county
        assert users[f"{slug}_jichu"].profile.department.region == county
        assert users[f"{slug}_duxue1"].profile.zone.region == county
    schools = School.objects.count()
    assert sum(u.username.startswith("school") for u in users.values()) == schools
    assert all(u.profile.school.region.parent_id == city.pk for u in users.values() if u.username.startswith("school"))

    # The city's exam and plan belong to the city; each county has its own evaluation scheme.
    from edubureau.evaluation.models import Scheme
    from edubureau.plans.models import WorkPlan
    from edubureau.quality.models import Exam

    assert Exam.objects.filter(region=city, status=Exam.Status.READY).count() == len(EXAM_GRADES)
    assert WorkPlan.objects.filter(region=city).count() == 1
    # The plan's story: its tasks go to both counties, and each county has reported on some or broken some down.
    from edubureau.plans.models import ProgressReport, Task

    plan = WorkPlan.objects.get(region=city)
    assert Task.counties.through.objects.filter(task__plan=plan).values("region").distinct().count() == 2
    assert ProgressReport.objects.filter(task__plan=plan, region__parent=city).exists() or \
        Task.objects.filter(source_task__plan=plan).exists()
    assert Scheme.objects.filter(region__in=counties).count() == len(counties)
    assert "桐州市" in out.getvalue() and "donghu_leader" in out.getvalue()

    # Last, as it rests on the region-tree scope (core.scope): a county leader sees its own county's schools only,
    # the city leader every school.
    for county, slug in zip(counties, ("donghu", "xiling"), strict=True):
        assert School.objects.visible_to(users[f"{slug}_leader"]).count() == School.objects.filter(
            region=county).count()
    assert School.objects.visible_to(users["shi_leader"]).count() == schools

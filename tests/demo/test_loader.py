"""Loading the demo county: everything written in one go, idempotent, with one login per role."""

from __future__ import annotations

import dataclasses
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError

from edubureau.core.roles import Role
from edubureau.core.scope import scope_for
from edubureau.demo.generator import generate, staff_counts
from edubureau.demo.loader import DEMO_PASSWORD, DEMO_USERNAMES, load_county
from edubureau.org.models import EducationGroup, Pairing, School, SchoolFacts, SchoolYear, Zone
from edubureau.people.models import Honour, Posting, SchoolClass, Staff, Student

pytestmark = pytest.mark.django_db


def _db_counts(county, report):
    assert School.objects.count() == len(county.schools) == report.schools
    assert Staff.objects.count() == len(county.staff) == report.staff
    assert Posting.objects.count() == sum(len(s.postings) for s in county.staff) == report.postings
    assert Honour.objects.count() == sum(len(s.honours) for s in county.staff)
    assert SchoolClass.objects.count() == len(county.classes)
    assert Student.objects.count() == len(county.students)
    assert SchoolFacts.objects.count() == len(county.facts)
    assert Zone.objects.count() == 4 and EducationGroup.objects.count() == 2
    assert Pairing.objects.count() == len(county.pairings)


def test_small_county_loads_with_links_and_logins():
    county = generate(seed=3, scale=0.3)
    report = load_county(county)
    _db_counts(county, report)
    assert SchoolYear.objects.get(is_current=True).start_year == 2025
    points = School.objects.filter(is_teaching_point=True)
    assert points.count() >= 3 and all(p.central_school and not p.central_school.is_teaching_point for p in points)
    # bulk_create skipped Staff.save(): the birth date must still agree with the ID number.
    some = Staff.objects.order_by("?")[:50]
    assert all(s.birth_date.strftime("%Y%m%d") == s.id_number[6:14] for s in some)
    assert all(p.school_class.school_id == p.school_id for p in Student.objects.select_related("school_class")[:200])
    current = SchoolClass.objects.filter(school_year__is_current=True)
    assert current.filter(head_teacher__isnull=True).count() == 0
    facts = SchoolFacts.objects.filter(school_year__is_current=True)
    assert set(facts.values_list("staff_source", flat=True)) == {"derived"}
    assert set(SchoolFacts.objects.filter(school_year__start_year=2023).values_list("staff_source", flat=True)) == {
        "entered"
    }
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) == set(DEMO_USERNAMES)
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    assert users["admin"].is_superuser and not users["leader"].is_superuser
    xiaozhang = users["xiaozhang"]
    assert scope_for(xiaozhang).school_ids == {School.objects.get(code=county.showcase_school).pk}
    assert School.objects.visible_to(xiaozhang).count() == 1
    duxue = users["duxue"]
    assert duxue.profile.role == Role.INSPECTOR and duxue.profile.zone.name == county.inspector_zone
    assert School.objects.visible_to(duxue).count() == sum(s.zone == county.inspector_zone for s in county.schools)
    assert users["jichu"].profile.department.code == "jichu" and "org" in users["jichu"].profile.department.modules
    assert "people" in users["renshi"].profile.department.modules
    # The offices that own the imports (issue 17): 教研室 writes exams, 办公室 plans; neither writes the other's.
    from edubureau.core.scope import can_write
    from edubureau.plans.models import WorkPlan
    from edubureau.quality.models import Exam

    assert users["jiaoyan"].profile.department.name == "教研室" and users["bangong"].profile.department.name == "办公室"
    assert can_write(users["jiaoyan"], Exam) and not can_write(users["jiaoyan"], WorkPlan)
    assert can_write(users["bangong"], WorkPlan) and not can_write(users["bangong"], Exam)
    assert users["shenji"].profile.role == Role.READONLY
    assert users["xiaozhang"].first_name == School.objects.get(code=county.showcase_school).principal


def test_full_county_loads_within_a_minute_and_derived_counts_match_the_generator():
    county = generate()
    report = load_county(county)
    assert report.seconds < 60
    _db_counts(county, report)
    expected = staff_counts(county.staff, county.reference_date)
    derived = {
        (f.school.code, f.level_part): (f.full_time_teachers, f.teachers_above_required_education,
                                        f.teachers_intermediate_title, f.key_teachers, f.pe_art_teachers)
        for f in SchoolFacts.objects.filter(school_year__is_current=True).select_related("school")
    }
    # Two implementations (pure generator, aggregate queries) of the same policy rules agree.
    assert derived == {k: expected.get(k, (0, 0, 0, 0, 0)) for k in derived}
    assert sum(v[0] for v in derived.values()) == Staff.objects.filter(post_kind="teacher").count()


def test_a_broken_county_writes_nothing():
    county = generate(seed=3, scale=0.2)
    first, second, *rest = county.schools
    broken = dataclasses.replace(county, schools=(first, dataclasses.replace(second, code=first.code), *rest))
    with pytest.raises(IntegrityError):
        load_county(broken)
    assert School.objects.count() == 0 and Staff.objects.count() == 0 and get_user_model().objects.count() == 0


def test_demo_command_prints_logins_and_second_run_adds_nothing():
    out = io.StringIO()
    call_command("demo", "--no-serve", "--scale", "0.2", "--year", "2025", stdout=out)
    text = out.getvalue()
    assert "演示县「桐溪县」已载入" in text and "2025—2026学年" in text
    assert "http://127.0.0.1:8000/" in text and DEMO_PASSWORD in text
    for username in DEMO_USERNAMES:
        assert f"  {username} " in text
    assert "仅本校（桐溪县实验小学）的数据" in text
    counts = (School.objects.count(), Staff.objects.count(), Posting.objects.count(), get_user_model().objects.count())

    again = io.StringIO()
    call_command("demo", "--no-serve", "--scale", "0.2", "--port", "8010", stdout=again)
    assert "已有学校数据" in again.getvalue() and "http://127.0.0.1:8010/" in again.getvalue()
    assert "leader" in again.getvalue()
    assert (School.objects.count(), Staff.objects.count(), Posting.objects.count(),
            get_user_model().objects.count()) == counts


# flush truncates tables: on PostgreSQL that cannot happen inside the test's own transaction.
@pytest.mark.django_db(transaction=True)
def test_demo_command_reset_reloads_and_refuses_silly_scale():
    call_command("demo", "--no-serve", "--scale", "0.2", stdout=io.StringIO())
    School.objects.filter(is_teaching_point=False).update(short_name="改过")
    out = io.StringIO()
    call_command("demo", "--no-serve", "--reset", "--scale", "0.2", stdout=out)
    assert "已清空数据库" in out.getvalue() and "已载入" in out.getvalue()
    assert not School.objects.filter(short_name="改过").exists()
    assert School.objects.count() >= 55
    assert get_user_model().objects.filter(username="leader").count() == 1
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="scale"):
        call_command("demo", "--no-serve", "--scale", "0", stdout=io.StringIO())


def test_school_year_of():
    import datetime as dt

    from edubureau.core.management.commands.demo import school_year_of

    assert school_year_of(dt.date(2026, 11, 23)) == 2026
    assert school_year_of(dt.date(2026, 8, 31)) == 2025
    assert school_year_of(dt.date(2026, 9, 1)) == 2026

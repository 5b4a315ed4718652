"""The restriction point itself: roles map to the right schools and write rights."""

import pytest

from edubureau.core.roles import Role
from edubureau.core.scope import can_read, can_write, scope_for
from edubureau.core.testing import factories as f
from edubureau.org.models import School, SchoolFacts
from edubureau.people.models import Posting, Staff

pytestmark = pytest.mark.django_db


def test_school_admin_sees_only_own_school_rows():
    a, b = f.make_school(), f.make_school()
    f.make_facts(a), f.make_facts(b)
    sa, sb = f.make_staff(a), f.make_staff(b)
    user = f.make_user(Role.SCHOOL, school=a)
    assert list(School.objects.visible_to(user)) == [a]
    assert {x.school_id for x in SchoolFacts.objects.visible_to(user)} == {a.pk}
    assert list(Staff.objects.visible_to(user)) == [sa]
    assert can_read(user, sa) and not can_read(user, sb)
    assert can_write(user, sa) and not can_write(user, sb)
    assert not can_write(user, Posting(staff=sa, school=a, start=sa.created.date()))


def test_rotating_teacher_visible_to_both_schools():
    a, b = f.make_school(), f.make_school()
    staff = f.make_staff(a)
    Posting.objects.create(staff=staff, school=b, start="2025-09-01", reason="rotation")
    for school in (a, b):
        user = f.make_user(Role.SCHOOL, school=school)
        assert list(Staff.objects.visible_to(user)) == [staff]


def test_inspector_sees_zone_schools_and_writes_nothing_in_registry():
    zone = f.make_zone()
    inside, outside = f.make_school(zone=zone), f.make_school()
    user = f.make_user(Role.INSPECTOR, zone=zone)
    assert list(School.objects.visible_to(user)) == [inside]
    assert not can_write(user, inside) and not can_read(user, outside)


def test_department_writes_only_its_modules():
    school = f.make_school()
    people_only = f.make_user(Role.DEPARTMENT, department=f.make_department(modules=["people"]))
    assert School.objects.visible_to(people_only).count() == 1
    assert not can_write(people_only, school)
    assert can_write(people_only, f.make_staff(school))


def test_user_without_profile_sees_nothing():
    f.make_school()
    user = f.make_user(None)
    assert scope_for(user).role is None
    assert School.objects.visible_to(user).count() == 0

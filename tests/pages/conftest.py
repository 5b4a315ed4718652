"""A small county for the page tests: schools A and B with a row of every registry model each,
and one user per kind (department owning org and people, school A's administrator, an inspector,
a leader, a user without a role)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.org.models import EducationGroup, GroupMembership, Pairing, Term
from edubureau.people.models import Honour


@dataclass
class World:
    rows: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.rows[name]
        except KeyError:
            raise AttributeError(name) from None


@pytest.fixture
def world(db):
    w = World()
    r = w.rows
    r["region"] = f.make_region()
    r["zone_a"], r["zone_b"] = f.make_zone("东片区"), f.make_zone("西片区")
    r["year"] = f.make_school_year(2025)
    year = r["year"]
    r["term"] = Term.objects.create(school_year=year, number=1, start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    r["term2"] = Term.objects.create(school_year=year, number=2, start=dt.date(2026, 2, 20), end=dt.date(2026, 7, 10))
    r["a"] = f.make_school("甲小学", zone=r["zone_a"], code="3300000001")
    r["b"] = f.make_school("乙小学", zone=r["zone_b"], code="3300000002")
    r["c"] = f.make_school("丙中学", kind="junior", zone=r["zone_b"], code="3300000003")
    r["dept"] = f.make_department("jiaoyu", modules=["org", "people"], name="基教科")
    for key in ("a", "b"):
        school = r[key]
        r[f"facts_{key}"] = f.make_facts(school, r["year"])
        r[f"class_{key}"] = f.make_class(school, grade=3, size=40, name="三年级1班")
        r[f"student_{key}"] = f.make_student(school, r[f"class_{key}"], grade=3)
        r[f"staff_{key}"] = f.make_staff(school, name=f"{key}教师")
        r[f"posting_{key}"] = r[f"staff_{key}"].postings.get()
        r[f"honour_{key}"] = Honour.objects.create(
            staff=r[f"staff_{key}"], kind="key_teacher", level="county", awarded=dt.date(2023, 9, 1)
        )
        r[f"campus_{key}"] = school.campuses.create(name="东校区")
    started = dt.date(2024, 9, 1)
    r["group_a"] = EducationGroup.objects.create(name="甲集团", kind="multi", lead_school=r["a"], started=started)
    r["group_b"] = EducationGroup.objects.create(name="乙集团", kind="multi", lead_school=r["b"], started=started)
    r["membership_a"] = GroupMembership.objects.create(group=r["group_a"], school=r["a"], joined=dt.date(2024, 9, 1))
    r["membership_b"] = GroupMembership.objects.create(group=r["group_b"], school=r["c"], joined=dt.date(2024, 9, 1))
    r["pairing_a"] = Pairing.objects.create(strong_school=r["a"], supported_school=r["c"], start_term=r["term"])
    r["pairing_b"] = Pairing.objects.create(strong_school=r["b"], supported_school=r["c"], start_term=r["term"])
    u = w.users
    u["department"] = f.make_user(Role.DEPARTMENT, department=r["dept"], username="jiaoyu")
    u["org_only"] = f.make_user(Role.DEPARTMENT, department=f.make_department(modules=["org"]), username="org_only")
    u["school"] = f.make_user(Role.SCHOOL, school=r["a"], username="school_a")
    u["inspector"] = f.make_user(Role.INSPECTOR, zone=r["zone_a"], username="inspector_a")
    u["leader"] = f.make_user(Role.LEADER, username="leader")
    u["nobody"] = f.make_user(None, username="nobody")
    return w


def form_data(form_class, instance, user, **changes) -> dict:
    """The POST data an unchanged edit form of ``instance`` would send, with ``changes`` applied."""
    form = form_class(instance=instance, user=user)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if value is None:
            value = ""
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        data[name] = value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        elif value is True:
            data[name] = "on"
        else:
            data[name] = value
    return data



"""A small inspected county: zone 甲 (inspector 甲督学, schools A1, A2), zone 乙 (inspector 乙督学, school B),
the 督导室 (a department owning inspection), A1's administrator, quotas and a routine checklist."""

import datetime as dt

import pytest
from django.utils import timezone

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.inspection.models import (
    Checklist,
    ChecklistItem,
    Inspector,
    QuotaRule,
    ResponsibilityZone,
)
from edubureau.org.models import Term


@pytest.fixture
def world(db):
    today = timezone.localdate()
    year = f.make_school_year(today.year if today.month >= 9 else today.year - 1)
    term = Term.objects.create(school_year=year, number=1, start=today - dt.timedelta(days=60),
                               end=today + dt.timedelta(days=60))
    org_zone = f.make_zone("东部片区")
    a1 = f.make_school("甲一小学", zone=org_zone, latitude=30.0, longitude=120.0)
    a2 = f.make_school("甲二小学", zone=org_zone, latitude=30.01, longitude=120.01)
    b = f.make_school("乙秘中学", kind="junior", zone=org_zone, latitude=30.2, longitude=120.3)
    dept = f.make_department("duxue", modules=("inspection",), name="督导室")
    office = f.make_user(Role.DEPARTMENT, department=dept, username="office")
    u1 = f.make_user(Role.INSPECTOR, zone=org_zone, username="insp_a")
    u2 = f.make_user(Role.INSPECTOR, zone=org_zone, username="insp_b")
    i1 = Inspector.objects.create(user=u1, name="甲督学")
    i2 = Inspector.objects.create(user=u2, name="乙督学", employment="part", weekly_visits=1)
    za = ResponsibilityZone.objects.create(name="甲责任区", term=term)
    za.inspectors.set([i1])
    za.schools.set([a1, a2])
    zb = ResponsibilityZone.objects.create(name="乙责任区", term=term)
    zb.inspectors.set([i2])
    zb.schools.set([b])
    admin_a1 = f.make_user(Role.SCHOOL, school=a1, username="admin_a1")
    QuotaRule.objects.create(kind="routine", visits_per_inspector_per_week=2, schools_per_visit_min=1,
                             schools_per_visit_max=2)
    checklist = Checklist.objects.create(name="经常性督导检查表", kind="routine")
    items = [
        ChecklistItem.objects.create(checklist=checklist, position=1, text="校门值守", category="safety",
                                     points=10, severity="serious"),
        ChecklistItem.objects.create(checklist=checklist, position=2, text="食品留样", category="food", points=10),
    ]
    return {"today": today, "term": term, "a1": a1, "a2": a2, "b": b, "office": office, "u1": u1, "u2": u2,
            "i1": i1, "i2": i2, "za": za, "zb": zb, "admin_a1": admin_a1, "checklist": checklist, "items": items,
            "dept": dept}

"""A county of two schools for 信访: the office (办公室, owning "complaints"), another department (基础教育科), the
人事科, a leader, an auditor, an inspector of both schools, and each school's administrator."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f


@pytest.fixture
def county(db):
    zone = f.make_zone()
    region = zone.region
    a = f.make_school(name="甲小学", zone=zone, region=region)
    b = f.make_school(name="乙小学", zone=zone, region=region)
    office_dept = f.make_department(code="bangong", name="办公室", modules=("plans", "complaints"))
    jichu_dept = f.make_department(code="jichu", name="基础教育科", modules=("org", "people", "enrollment"))
    renshi_dept = f.make_department(code="renshi", name="人事科", modules=("people", "staffing"))
    teacher = f.make_staff(a, name="甲老师")
    users = {
        "office": f.make_user(Role.DEPARTMENT, department=office_dept),
        "jichu": f.make_user(Role.DEPARTMENT, department=jichu_dept),
        "renshi": f.make_user(Role.DEPARTMENT, department=renshi_dept),
        "leader": f.make_user(Role.LEADER),
        "readonly": f.make_user(Role.READONLY),
        "inspector": f.make_user(Role.INSPECTOR, zone=zone),
        "school_a": f.make_user(Role.SCHOOL, school=a),
        "school_b": f.make_user(Role.SCHOOL, school=b),
    }
    return SimpleNamespace(a=a, b=b, office_dept=office_dept, jichu_dept=jichu_dept, renshi_dept=renshi_dept,
                           teacher=teacher, users=users, zone=zone)


@pytest.fixture
def login(county):
    def client_for(name: str) -> Client:
        client = Client()
        client.force_login(county.users[name])
        return client
    return client_for

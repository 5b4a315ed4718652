"""A small county for the safety tests: two schools, the 安全科, each school's administrator, a leader."""

from __future__ import annotations

import datetime as dt

import pytest

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def county(db):
    zone = f.make_zone("城东片区")
    f.make_school_year(2025)
    a = f.make_school("城东实验小学", zone=zone, code="3301000001")
    b = f.make_school("城西第二中学", kind="junior", zone=zone, code="3301000002")
    anquan = f.make_department("anquan", modules=["safety"], name="安全科")
    other = f.make_department("renshi", modules=["people"], name="人事科")
    return {
        "a": a, "b": b, "region": a.region,
        "clerk": f.make_user(Role.DEPARTMENT, department=anquan, username="anquan"),
        "hr": f.make_user(Role.DEPARTMENT, department=other, username="renshi"),
        "leader": f.make_user(Role.LEADER, username="leader"),
        "school_a": f.make_user(Role.SCHOOL, school=a, username="xiaozhang_a"),
        "school_b": f.make_user(Role.SCHOOL, school=b, username="xiaozhang_b"),
        "today": dt.date.today(),
    }


def login(client, user):
    client.force_login(user)
    return client

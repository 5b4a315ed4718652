"""The small county of the 交流轮岗 page tests: one town school, one village school with no 音乐 teacher."""

from __future__ import annotations

import datetime as dt

import pytest

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f

D = dt.date


@pytest.fixture
def county(db):
    """城关小学 (城区) with eleven teachers; 山口小学 (乡村) with no 音乐 teacher; 东岭中学 (初中, 乡村)."""
    region = f.make_region()
    town = f.make_school("城关小学", locality="urban", region=region, latitude=30.0, longitude=120.0)
    village = f.make_school("山口小学", locality="rural", region=region, latitude=30.0, longitude=120.1)
    junior = f.make_school("东岭中学", kind="junior", locality="rural", region=region, latitude=30.05, longitude=120.0)
    music = f.make_staff(town, start=D(2012, 9, 1), name="王乐", subject="音乐")
    chinese = f.make_staff(town, start=D(2005, 9, 1), name="李文", subject="语文")
    others = [f.make_staff(town, start=D(2023, 9, 1), subject="数学") for _ in range(9)]
    for subject in ("语文", "数学", "体育", "美术", "科学", "信息技术", "英语", "心理健康"):
        f.make_staff(village, start=D(2023, 9, 1), subject=subject)
    renshi = f.make_user(Role.DEPARTMENT, department=f.make_department(modules=("people", "staffing")))
    return {"region": region, "town": town, "village": village, "junior": junior, "music": music,
            "chinese": chinese, "others": others, "renshi": renshi,
            "village_head": f.make_user(Role.SCHOOL, school=village),
            "junior_head": f.make_user(Role.SCHOOL, school=junior), "leader": f.make_user(Role.LEADER)}

"""The standing page's "计入本年度建设项目后" (issue 15): the projects delivered this year added to the latest facts.

Hand-checked county (小学, 600 pupils each, every other line met):
- 甲小学 has 2,100 ㎡ of 教学及辅助用房: 3.50 ㎡ per pupil, under 85 % of the 4.5 line, so it fails the school rule
  (6 of 7 met, one under 85 %). Its 改扩建 project delivered this year adds 600 ㎡ (→ 2,700 ㎡, 4.50 ㎡: the line) and
  6 classrooms (网络多媒体教室 14 → 20: 2.33 → 3.33 per 100 pupils). It then meets 7 of 7 and passes.
- 乙小学 passes already; its 运动场 project is delivered next year and counts for nothing.
County: 1 of 2 schools passes before, 2 of 2 after. CV of the room area: values 3.5 and 5.0 → 4.5 and 5.0.
"""

from __future__ import annotations

import datetime as dt
import doctest
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from edubureau.balance.engine import SchoolPart, Standard, standing_after, weighted_cv
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.projects.models import Project

TODAY = timezone.localdate()
ROOMS = "生均教学及辅助用房面积"
MEDIA = "每百名学生拥有网络多媒体教室数"
SPORTS = "生均体育运动场馆面积"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_project(school, number, kind, delivered: dt.date, **kw) -> Project:
    project = Project(number=number, name=f"{school.name}{kind}项目", school=school, kind=kind, **kw)
    project.save()
    stage = project.stages.get(step="交付")
    stage.planned = delivered
    stage.save()
    return project


@pytest.fixture
def county(db):
    region = f.make_region()
    year = f.make_school_year(2025)
    a = f.make_school("甲小学", region=region)
    b = f.make_school("乙小学", region=region)
    f.make_facts(a, year, teaching_room_area=Decimal("2100"), key_teachers=6)
    f.make_facts(b, year, key_teachers=6)
    make_project(a, "XM-A", "改扩建", dt.date(TODAY.year, 6, 30), level="小学", area=Decimal("600"), classrooms=6,
                 seats=270)
    make_project(b, "XM-B", "运动场", dt.date(TODAY.year + 1, 3, 1), area=Decimal("3000"))
    return {"region": region, "year": year, "a": a, "b": b}


# --- The pure function ------------------------------------------------------------------------------------------

def test_the_engine_examples_hold():
    from edubureau.balance.engine import after
    from edubureau.projects.engine import supply

    for module in (after, supply):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0 and result.attempted > 0


def _parts(**a):
    good = dict(students=600, teaching_area=3000.0, sports_area=5000.0, equipment_value=1_500_000.0,
                above_qualified=38, backbone=6, pe_art_teachers=6, multimedia_rooms=14)
    return [SchoolPart("A", "甲", "小学", **{**good, **a}), SchoolPart("B", "乙", "小学", **good)]


def test_the_hand_checked_county():
    out = standing_after(_parts(teaching_area=2100.0), [("A", "小学", {"teaching_area": 600.0,
                                                                       "multimedia_rooms": 6})], Standard())
    level = out["levels"]["小学"]
    (school,) = level["schools"]
    figures = {i["name"]: (i["before"], i["after"], i["newly_met"]) for i in school["indicators"]}
    assert figures[ROOMS] == pytest.approx((3.5, 4.5, True))
    assert figures[MEDIA][:2] == pytest.approx((14 / 6, 20 / 6)) and figures[MEDIA][2] is False
    assert set(figures) == {ROOMS, MEDIA}  # nothing else moves
    assert (school["met_before"], school["met_after"], school["pass_before"], school["newly_passing"]) == (
        6, 7, False, True)
    assert (level["passing_before"], level["passing_after"], level["total"]) == (1, 2, 2)
    rooms = next(c for c in level["cvs"] if c["name"] == ROOMS)
    assert rooms["before"] == pytest.approx(weighted_cv([3.5, 5.0], [600, 600])[2])
    assert rooms["after"] == pytest.approx(weighted_cv([4.5, 5.0], [600, 600])[2])


def test_nothing_added_changes_nothing_and_order_does_not_matter():
    parts = _parts(teaching_area=2100.0)
    assert standing_after(parts, [])["levels"]["小学"]["schools"] == []
    additions = [("A", "小学", {"teaching_area": 300.0}), ("B", "小学", {"sports_area": 10.0}),
                 ("A", "小学", {"teaching_area": 300.0})]
    forward = standing_after(parts, additions)
    backward = standing_after(list(reversed(parts)), list(reversed(additions)))
    key = {s["code"]: s["indicators"] for s in forward["levels"]["小学"]["schools"]}
    assert key == {s["code"]: s["indicators"] for s in backward["levels"]["小学"]["schools"]}
    assert key["A"][0]["after"] == pytest.approx(4.5)  # two projects at one school are summed


# --- The page ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_leader_sees_the_school_newly_passing_and_the_county_counts(county):
    response = client_for(f.make_user(Role.LEADER)).get(reverse("balance:standing"))
    assert response.status_code == 200
    section = response.context["after_projects"]
    assert (section["year"], section["projects"], section["seats"], section["classrooms"]) == (TODAY.year, 1, 270, 6)
    (level,) = section["levels"]
    assert (level["passing_before"], level["passing_after"], level["total"], level["newly"]) == (1, 2, 2, ["甲小学"])
    (row,) = level["schools"]
    assert row["name"] == "甲小学" and [p.number for p in row["projects"]] == ["XM-A"]
    assert {i["name"]: i["newly_met"] for i in row["indicators"]} == {ROOMS: True, MEDIA: False}
    html = response.content.decode()
    assert "计入本年度建设项目后" in html and f"在{TODAY.year}年1月1日至12月31日之间" in html
    assert "达标学校 1 所 → 2 所（共 2 所）" in html and "计入后新达标的学校：甲小学" in html
    assert "3.50</span> → <span class=\"text-success\">4.50</span> 平方米" in html and "新达到标准" in html
    assert "乙小学运动场项目" not in html  # delivered next year: not counted
    assert SPORTS not in [i["name"] for i in row["indicators"]]


@pytest.mark.django_db
def test_a_project_delivered_next_year_or_at_a_school_without_facts_does_not_count(county):
    # Moving A's delivery to next January takes it out; an actual date this year brings it back.
    project = Project.objects.get(number="XM-A")
    stage = project.stages.get(step="交付")
    stage.planned = dt.date(TODAY.year + 1, 1, 1)
    stage.save()
    leader = client_for(f.make_user(Role.LEADER))
    section = leader.get(reverse("balance:standing")).context["after_projects"]
    assert section["projects"] == 0 and section["levels"][0]["schools"] == []
    assert section["levels"][0]["passing_after"] == 1
    stage.actual = dt.date(TODAY.year, 1, 1)
    stage.save()
    assert leader.get(reverse("balance:standing")).context["after_projects"]["projects"] == 1
    # A school with no facts this year, and a new school not yet registered, are counted apart.
    make_project(f.make_school("丙小学", region=county["region"]), "XM-C", "改扩建", dt.date(TODAY.year, 5, 1),
                 level="小学", area=Decimal("500"))
    make_project(county["a"], "XM-D", "食堂", dt.date(TODAY.year, 5, 1), area=Decimal("800"))
    new = Project(number="XM-N", name="城南新建小学", kind="新建", region=county["region"], area=Decimal("9000"))
    new.save()
    delivered = new.stages.get(step="交付")
    delivered.planned = dt.date(TODAY.year, 8, 1)
    delivered.save()
    section = leader.get(reverse("balance:standing")).context["after_projects"]
    assert (section["unplaced"], section["new_schools"], section["projects"]) == (1, 1, 2)  # A's two (食堂 adds none)
    assert [i["name"] for i in section["levels"][0]["schools"][0]["indicators"]] == [ROOMS, MEDIA]


@pytest.mark.django_db
def test_a_school_sees_only_its_own_row_and_the_county_counts(county):
    other = client_for(f.make_user(Role.SCHOOL, school=county["b"])).get(reverse("balance:standing"))
    assert other.status_code == 200
    (level,) = other.context["after_projects"]["levels"]
    assert level["schools"] == [] and level["hidden"] == 1 and level["newly"] == []
    assert (level["passing_before"], level["passing_after"]) == (1, 2)
    html = other.content.decode()
    assert "计入本年度建设项目后" in html and "甲小学" not in html and "XM-A" not in html
    own = client_for(f.make_user(Role.SCHOOL, school=county["a"])).get(reverse("balance:standing"))
    assert [r["name"] for r in own.context["after_projects"]["levels"][0]["schools"]] == ["甲小学"]
    assert "甲小学改扩建项目" in own.content.decode()


@pytest.mark.django_db
def test_only_the_latest_year_gets_the_section(county):
    f.make_facts(county["a"], f.make_school_year(2024, current=False), key_teachers=6)
    leader = client_for(f.make_user(Role.LEADER))
    assert "after_projects" in leader.get(reverse("balance:standing")).context
    past = leader.get(reverse("balance:standing"), {"year": 2024})
    assert "after_projects" not in past.context and "计入本年度建设项目后" not in past.content.decode()


@pytest.mark.django_db
def test_the_page_does_not_grow_its_queries_with_schools_and_projects(county):
    leader = client_for(f.make_user(Role.LEADER))

    def grow(n):
        for _ in range(n):
            school = f.make_school(region=county["region"])
            f.make_facts(school, county["year"], teaching_room_area=Decimal("2000"))
            make_project(school, f"XM-G{school.pk}", "改扩建", dt.date(TODAY.year, 4, 1), level="小学",
                         area=Decimal("700"), classrooms=2)
            make_project(school, f"XM-S{school.pk}", "运动场", dt.date(TODAY.year, 7, 1), area=Decimal("900"))

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = leader.get(reverse("balance:standing"))
        assert response.status_code == 200
        return len(captured), len(response.context["after_projects"]["levels"][0]["schools"])

    grow(2)
    before, shown_before = count()
    grow(6)
    after, shown_after = count()
    assert shown_after == shown_before + 6
    assert after <= before + 2, (before, after)

"""A school's own 工作台 (issue 17): the school beside its county and the 2017 lines, its latest exam against the
county mean, what it owes — and nothing of another school."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from edubureau.core.dashboard_engine import FactsRow, compare_school
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f

from . import test_dashboard as _base

pytestmark = pytest.mark.django_db
county = _base.county  # the small county of the 工作台 tests


def rows_by_key(response) -> dict:
    tables = response.context["school_view"]["tables"]
    return {r["key"]: r for rows in tables.values() for r in rows}


# --- engine ---------------------------------------------------------------------------------------------------------

def test_compare_school_hand_computed():
    own = [FactsRow(1, "primary", 600, 12, 4, 2, 1, 2400, 3000, 900_000, 6)]
    other = [FactsRow(2, "primary", 400, 12, 0, 0, 0, 2000, 4000, 800_000, 6),
             FactsRow(3, "junior", 500, 10, 0, 1, 0, 3000, 4000, 1_000_000, 5)]
    rows = {r.key: r for r in compare_school(own, own + other, school_teachers=30, county_teachers=90,
                                              county_schools=3)}
    assert rows["students"].county == pytest.approx(500)  # 1,500 pupils in 3 schools
    assert rows["class_size"].school == pytest.approx(50) and rows["class_size"].county == pytest.approx(1500 / 34)
    assert rows["oversized"].school == pytest.approx(3 / 12) and rows["oversized"].county == pytest.approx(4 / 34)
    assert rows["oversized"].meets_line is False and rows["oversized"].versus_county == "worse"
    assert rows["ratio"].school == pytest.approx(20) and rows["ratio"].county == pytest.approx(1500 / 90)
    # Facilities of the parts the school runs only, the county's of the same part: 4,400 ㎡ for 1,000 pupils.
    assert rows["primary:room"].county == pytest.approx(4.4) and rows["primary:room"].line == 4.5
    assert rows["primary:sports"].school == pytest.approx(5) and rows["primary:sports"].meets_line is False
    assert rows["primary:equipment"].school == pytest.approx(1500) and rows["primary:equipment"].meets_line is False
    assert rows["primary:multimedia"].school == pytest.approx(1) and rows["primary:multimedia"].meets_line is False
    assert not any(k.startswith("junior:") for k in rows)


def test_compare_school_without_classes_or_teachers_gives_no_figure():
    rows = {r.key: r for r in compare_school([], [], school_teachers=0, county_teachers=0, county_schools=0)}
    assert rows["class_size"].school is None and rows["ratio"].county is None and rows["students"].county is None
    assert rows["oversized"].meets_line is None and rows["ratio"].versus_county == ""


# --- page -----------------------------------------------------------------------------------------------------------

def test_school_dashboard_shows_the_school_against_the_county(client, county):
    client.force_login(f.make_user(Role.SCHOOL, school=county["a"]))
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "core/dashboard_school.html"
    rows = rows_by_key(response)
    # 甲: 600 pupils in 12 classes, 3 of them 56+; the county: 1,000 pupils in 3 schools, 20 primary/junior classes.
    assert rows["students"]["school"] == "600" and rows["students"]["county"] == "333"
    assert rows["class_size"]["school"] == "50.0" and rows["class_size"]["county"] == "45.0"
    assert rows["oversized"]["school"] == "25.0%" and rows["oversized"]["county"] == "15.0%"
    assert rows["oversized"]["line"] == "≤ 5.0%" and rows["oversized"]["meets"] is False
    assert rows["class_size"]["verdict"] == "不及全县"
    # 2 teachers at 甲 (its rotating teacher works at 乙), 6 in the county.
    assert rows["ratio"]["school"] == "300.0 : 1" and rows["ratio"]["county"] == "166.7 : 1"
    # Facilities: 小学 only, 3,000 ㎡ for 600 pupils against the 4.5 ㎡ line, the county's 小学 is 甲 alone.
    assert rows["primary:room"]["school"] == "5.00" and rows["primary:room"]["line"] == "≥ 4.50"
    assert rows["primary:room"]["meets"] is True
    text = response.content.decode()
    assert "学校数" not in text and "秘" not in text  # no county layout, nothing of another school
    assert "全县校均 333" in text and "不及全县" in text


def test_school_dashboard_compares_the_latest_exam(client, county, tmp_path):
    from edubureau.org.models import SchoolYear, Term
    from edubureau.quality.models import Exam
    from edubureau.quality.services import import_scores
    from tests.quality.conftest import csv_bytes

    term = Term.objects.create(school_year=SchoolYear.objects.get(start_year=2025), number=1,
                               start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    rows = [["考号", "姓名", "学校", "班级", "数学"],
            ["1", "甲一", "甲城关小学", "1班", 90], ["2", "甲二", "甲城关小学", "1班", 81],
            ["3", "乙一", "乙秘山中学", "1班", 60]]
    exam = Exam.objects.create(name="期末统考", term=term, grade=6, full_marks={"数学": 100})
    path = tmp_path / "scores.csv"
    path.write_bytes(csv_bytes(rows))
    import_scores(exam, path)
    client.force_login(f.make_user(Role.SCHOOL, school=county["a"]))
    response = client.get(reverse("core:dashboard"))
    exam_view = response.context["school_view"]["exam"]
    assert (exam_view["own"], exam_view["county_text"], exam_view["gap"]) == ("85.50", "77", "+8.50")
    assert "乙秘山中学" not in response.content.decode()


def test_leader_keeps_the_county_layout(client, county):
    client.force_login(f.make_user(Role.LEADER))
    response = client.get(reverse("core:dashboard"))
    assert [t.name for t in response.templates][0] == "core/dashboard.html"
    assert "school_view" not in response.context


def test_school_dashboard_lists_only_what_the_school_owes(client, county):
    from edubureau.plans.services import import_plan, raise_problem

    today = timezone.localdate()
    planner = f.make_user(Role.DEPARTMENT, department=f.make_department(name="办公室", modules=("plans",)))
    text = "某县教育工作要点\n一、义务教育\n（一）扩大学位。新增学位500个。\n"
    plan = import_plan(text, title="要点", year=today.year)
    task = plan.tasks.get(item="1.1")
    task.schools.add(county["a"])
    task.lead_department = f.make_department(name="基础教育科", modules=("org",))
    task.save()
    raise_problem(task, planner, description="用地未落实", due=today - dt.timedelta(days=2), school=county["a"],
                  issued_on=today - dt.timedelta(days=20))
    raise_problem(task, planner, description="资金缺口", due=today - dt.timedelta(days=2),
                  issued_on=today - dt.timedelta(days=20))  # owed by the department
    client.force_login(f.make_user(Role.SCHOOL, school=county["a"]))
    response = client.get(reverse("core:dashboard"))
    assert response.context["followups"]["open"] == 1
    text = response.content.decode()
    assert "用地未落实" in text and "资金缺口" not in text

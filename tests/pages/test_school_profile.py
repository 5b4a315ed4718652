"""The school profile (学校概况): figures checked by hand, and a query count that does not grow with the school."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edubureau.core.generic import object_url
from edubureau.core.testing import factories as f
from edubureau.people.engine import age_band
from edubureau.people.models import Staff
from edubureau.people.stats import age_band_bounds, class_sizes_by_grade, staff_structure

pytestmark = pytest.mark.django_db


def section(body, name):
    start = body.index(f'data-section="{name}"')
    return body[start:start + 6000]


def test_staff_structure_counts(world):
    school = world.a  # already has one teacher, 本科, born 1985-06-15
    f.make_staff(school, post_kind="admin", education="master", title="senior", born=dt.date(1972, 1, 1))
    f.make_staff(school, title="senior", born=dt.date(1999, 12, 31))
    f.make_staff(school, is_active=False)  # not counted
    f.make_staff(world.b)  # another school
    today = dt.date(2025, 10, 1)
    result = staff_structure(school, today)
    assert result["total"] == 3
    assert dict(result["post_kind"])["专任教师"] == 2 and dict(result["post_kind"])["行政人员"] == 1
    assert dict(result["title"])["高级"] == 2 and dict(result["title"])["未定级"] == 1
    assert dict(result["education"])["硕士研究生"] == 1 and dict(result["education"])["本科"] == 2
    assert dict(result["age"]) == {"≤29": 1, "30—39": 0, "40—49": 1, "50—54": 1, "≥55": 0}


@pytest.mark.parametrize("born", [dt.date(1995, 10, 1), dt.date(1995, 10, 2), dt.date(1970, 2, 28),
                                  dt.date(1971, 10, 1), dt.date(1966, 1, 1), dt.date(1996, 2, 29)])
def test_age_band_bounds_agree_with_engine(world, born):
    """The database bands give every birthday the same band as ``people.engine.age_band`` of the exact age."""
    today = dt.date(2025, 10, 1)
    staff = f.make_staff(world.c, born=born)
    exact_age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    bands = [label for label, condition in age_band_bounds(today) if Staff.objects.filter(condition, pk=staff.pk)]
    assert bands == [age_band(exact_age)]


def test_class_sizes_by_grade_bands(world):
    for size in (45, 50, 56, 65, 66, 70):
        f.make_class(world.a, grade=4, size=size)
    rows = {r["grade"]: r for r in class_sizes_by_grade(world.a, world.year)}
    four = rows[4]
    assert (four["classes"], four["pupils"], four["largest"]) == (6, 352, 70)
    assert (four["normal"], four["biggish"], four["large"], four["super_large"]) == (1, 1, 2, 2)
    assert rows[3]["label"] == "三年级" and four["label"] == "四年级"


def test_profile_page_shows_every_section(client, world):
    f.make_class(world.a, grade=4, size=58, name="四年级1班")
    f.make_class(world.a, grade=4, size=68, name="四年级2班")
    f.make_student(world.a, world.class_a, left_behind=True, migrant=True)
    client.force_login(world.users["department"])
    body = client.get(object_url(world.a, "detail")).content.decode()
    basic = section(body, "basic")
    assert "3300000001" in basic and "甲集团" in basic and "帮扶 丙中学" in basic and "东片区" in basic
    facts = section(body, "facts")
    assert "2025—2026学年" in facts and "600" in facts and "1,500,000" in facts and "15.0 : 1" in facts
    classes = section(body, "classes")
    assert "四年级1班 58人" in classes and "四年级2班 68人" in classes and "table-danger" in classes
    care = section(body, "care")
    assert '<div class="eb-kpi">2</div>' in care
    assert "留守儿童</td><td class=\"text-end fw-semibold\">1" in care
    staff = section(body, "staff")
    assert "在职 1 人" in staff and "专任教师" in staff


def test_profile_query_count_does_not_grow_with_the_school(client, world):
    client.force_login(world.users["department"])
    url = object_url(world.a, "detail")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(30):
        f.make_staff(world.a)
        f.make_class(world.a, grade=1 + i % 6, size=40 + i)
        f.make_student(world.a)
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big) == len(small)
    assert len(big) <= 25


def test_school_admin_profile_shows_no_other_school(client, world):
    client.force_login(world.users["school"])
    body = client.get(object_url(world.a, "detail")).content.decode()
    # Pairing A→C is A's own; group B (lead B) is not A's, nor is school B anywhere.
    assert "乙集团" not in body and "乙小学" not in body
    assert "帮扶 丙中学" in body

"""refresh_facts_staff_counts: the five staff counts of school facts, checked by hand on a small school."""

from __future__ import annotations

import datetime as dt

import pytest

from edubureau.core.testing import factories as f
from edubureau.org.models import SchoolFacts
from edubureau.people.models import Honour, Posting
from edubureau.people.services import refresh_facts_staff_counts

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 10, 1)
FIELDS = ("full_time_teachers", "teachers_above_required_education", "teachers_intermediate_title", "key_teachers",
          "pe_art_teachers")


def counts(facts):
    facts.refresh_from_db()
    return tuple(getattr(facts, name) for name in FIELDS)


@pytest.fixture
def county():
    year = f.make_school_year(2025)
    a = f.make_school("甲九年一贯制学校", kind="nine_year")
    b = f.make_school("乙小学")
    c = f.make_school("丙小学（无名册）")
    facts = {
        "a_primary": f.make_facts(a, year, "primary"),
        "a_junior": f.make_facts(a, year, "junior"),
        "b_primary": f.make_facts(b, year, "primary"),
        "c_primary": f.make_facts(c, year, "primary"),
    }

    def teacher(school, level, education, title, subject, **kw):
        return f.make_staff(school, teaching_level=level, education=education, title=title, subject=subject, **kw)

    t1 = teacher(a, "primary", "associate", "first", "体育")
    Honour.objects.create(staff=t1, kind="key_teacher", level="county", awarded=dt.date(2024, 6, 15),
                          expires=dt.date(2027, 6, 14))
    t2 = teacher(a, "primary", "secondary", "second", "语文")
    Honour.objects.create(staff=t2, kind="key_teacher", level="county", awarded=dt.date(2021, 6, 15),
                          expires=dt.date(2024, 6, 14))  # expired: not a key teacher any more
    teacher(a, "junior", "associate", "senior", "音乐")  # 专科 is not above the junior requirement
    t4 = teacher(a, "junior", "bachelor", "none", "数学")
    Honour.objects.create(staff=t4, kind="subject_leader", level="city", awarded=dt.date(2025, 6, 15))
    # Rotating out of A to B since September: counts at B, not at A.
    t5 = teacher(a, "primary", "bachelor", "senior", "美术")
    Posting.objects.create(staff=t5, school=b, start=dt.date(2025, 9, 1), reason="rotation")
    # Rotating into A from B: counts at A.
    t6 = teacher(b, "primary", "bachelor", "first", "数学")
    Posting.objects.create(staff=t6, school=a, start=dt.date(2025, 9, 1), reason="rotation")
    # Not counted: an administrator, someone no longer active, someone who left, someone who starts later.
    f.make_staff(a, post_kind="admin", teaching_level="primary", education="master", title="senior")
    teacher(a, "primary", "bachelor", "first", "语文", is_active=False)
    gone = teacher(a, "primary", "bachelor", "first", "语文")
    Posting.objects.filter(staff=gone).update(end=dt.date(2025, 8, 31))
    teacher(a, "primary", "bachelor", "first", "语文", start=dt.date(2025, 11, 1))
    return facts


def test_hand_checked_counts(county):
    assert refresh_facts_staff_counts(SchoolFacts.objects.all(), on=ON) == 3
    # 小学部: t1, t2, t6 — above required (专科+): t1, t6; 一级+: t1, t6; valid honour: t1; PE/art: t1.
    assert counts(county["a_primary"]) == (3, 2, 2, 1, 1)
    # 初中部: t3, t4 — 本科+: t4; 一级+: t3; valid honour: t4; music: t3.
    assert counts(county["a_junior"]) == (2, 1, 1, 1, 1)
    # B: t5 rotating in (本科, 高级, 美术); t6 works at A now.
    assert counts(county["b_primary"]) == (1, 1, 1, 0, 1)
    for key in ("a_primary", "a_junior", "b_primary"):
        assert county[key].staff_source == "derived"


def test_school_without_staff_on_record_keeps_entered_figures(county):
    before = counts(county["c_primary"])
    refresh_facts_staff_counts(SchoolFacts.objects.all(), on=ON)
    assert counts(county["c_primary"]) == before == (40, 38, 20, 5, 6)
    assert county["c_primary"].staff_source == "entered"


def test_only_the_given_rows_change(county):
    before = counts(county["b_primary"])
    refresh_facts_staff_counts(SchoolFacts.objects.filter(pk=county["a_junior"].pk), on=ON)
    assert counts(county["b_primary"]) == before
    assert counts(county["a_junior"]) == (2, 1, 1, 1, 1)


def test_default_day_stays_inside_the_school_year(county):
    # The school year 2025—2026 is over, so "today" clamps to its last day, 31 August 2026: the teacher
    # who started in November 2025 now counts too (本科, 一级, 语文).
    refresh_facts_staff_counts(SchoolFacts.objects.filter(pk=county["a_primary"].pk))
    assert counts(county["a_primary"]) == (4, 3, 3, 1, 1)

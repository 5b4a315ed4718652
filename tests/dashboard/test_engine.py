"""The dashboard engine (pure): hand-checked figures and properties."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.core.dashboard_engine import FactsRow, SchoolRow, StaffGroup, summarize

SCHOOLS = [
    SchoolRow(1, "城关一小", ("primary",), "urban", "城区片区", False),
    SchoolRow(2, "河口小学", ("primary",), "rural", "东部片区", False),
    SchoolRow(3, "河口村教学点", ("primary",), "rural", "东部片区", True),
    SchoolRow(4, "柳塘中心学校", ("primary", "junior"), "rural", "东部片区", False),
]


def facts(school_id, part, students, classes, b46=0, b56=0, b66=0, room=6.0, sports=11.0, equip=3000.0, media=3.0):
    return FactsRow(school_id, part, students, classes, b46, b56, b66, room * students, sports * students,
                    equip * students, round(media * students / 100))


def test_hand_checked_small_county():
    rows = [
        facts(1, "primary", 2400, 44, 20, 10, 2, sports=5.0),
        facts(2, "primary", 150, 6),
        facts(3, "primary", 12, 2, equip=500.0),  # teaching points are left out of the facility check
        facts(4, "primary", 200, 6, equip=1500.0),
        facts(4, "junior", 150, 4, 1, room=5.0),
        facts(99, "primary", 5000, 100, 0, 50, 50),  # another county's school: ignored
    ]
    staff = [
        StaffGroup(1, "teacher", "primary", "first", "30—39", 100),
        StaffGroup(1, "admin", "", "senior", "50—54", 5),
        StaffGroup(2, "teacher", "primary", "second", "≥55", 8),
        StaffGroup(4, "teacher", "junior", "first", "50—54", 12),
        StaffGroup(4, "teacher", "primary", "first", "≤29", 10),
        StaffGroup(None, "teacher", "primary", "first", "≤29", 3),  # no open posting: nowhere to count
        StaffGroup(99, "teacher", "primary", "first", "≤29", 300),  # another county's school
    ]
    s = summarize(SCHOOLS, rows, staff, zone_order=("城区片区", "东部片区"))
    assert (s.schools, s.teaching_points, s.students, s.staff, s.teachers) == (4, 1, 2912, 135, 130)
    assert s.classes == 62 and s.class_bands == {"normal": 29, "biggish": 21, "large": 10, "super_large": 2}
    assert s.oversized_share == pytest.approx(12 / 62)
    assert s.ratio == pytest.approx(2912 / 130)
    assert [(g.key, g.schools, g.students, g.teachers) for g in s.by_part] == [
        ("primary", 4, 2762, 118), ("junior", 1, 150, 12)]
    assert [(g.key, g.schools, g.students) for g in s.by_zone] == [("城区片区", 1, 2400), ("东部片区", 3, 512)]
    assert [g.key for g in s.by_locality] == ["urban", "rural"]
    assert s.old_share("rural") == pytest.approx(20 / 30) and s.old_share("urban") == 0
    assert s.old_share("town") is None
    assert [(r.name, r.large, r.super_large) for r in s.top_oversized] == [("城关一小", 10, 2)]
    assert s.top_oversized[0].share == pytest.approx(12 / 44)
    short = {(x.name, x.level_part): sorted(x.failing) for x in s.facility_short}
    assert short == {("城关一小", "primary"): ["sports"], ("柳塘中心学校", "primary"): ["equipment"],
                     ("柳塘中心学校", "junior"): ["room"]}
    junior = next(x for x in s.facility_short if x.level_part == "junior")
    assert junior.failing == {"room": (5.0, 5.8)}
    assert s.facility_short[-1].name == "城关一小"  # rural schools first when as many indicators fail
    assert s.big_schools == [("城关一小", 2400)]


def test_empty_scope():
    s = summarize([], [facts(1, "primary", 100, 4)], [StaffGroup(1, "teacher", "primary", "first", "≤29", 3)])
    assert (s.schools, s.students, s.teachers, s.classes, s.ratio, s.oversized_share) == (0, 0, 0, 0, None, 0.0)
    assert s.by_part == [] and s.top_oversized == [] and s.old_share("all") is None


band_counts = st.tuples(st.integers(0, 40), st.integers(0, 20), st.integers(0, 10), st.integers(0, 5))


@given(st.lists(st.tuples(st.sampled_from([1, 2, 4]), st.sampled_from(["primary", "junior", "kindergarten"]),
                          band_counts, st.integers(1, 3000)), max_size=12), st.randoms())
def test_bands_add_up_and_row_order_does_not_matter(rows, rnd):
    facts_rows = [facts(i, part, students, sum(b), b[1], b[2], b[3]) for i, part, b, students in rows]
    s = summarize(SCHOOLS, facts_rows, [])
    assert sum(s.class_bands.values()) == s.classes
    assert 0 <= s.oversized_share <= 1
    assert s.students == sum(r.students for r in facts_rows)
    shuffled = list(facts_rows)
    random.Random(rnd.random()).shuffle(shuffled)
    assert summarize(SCHOOLS, shuffled, []) == s

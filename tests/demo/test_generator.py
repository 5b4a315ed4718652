"""The demo county generator: deterministic, the right size, valid numbers, a story in the figures."""

from __future__ import annotations

import datetime as dt
import doctest
from collections import Counter

import pytest

from edubureau.core import idcard
from edubureau.demo import enrolment, generator, names
from edubureau.demo.enrolment import KIND_PARTS, PART_GRADES, QUALITY_THRESHOLDS
from edubureau.demo.generator import generate, staff_counts
from edubureau.org import choices as org_choices
from edubureau.people import choices as people_choices


@pytest.fixture(scope="module")
def county():
    return generate()


def test_same_seed_same_county_different_seed_different():
    assert generate(seed=11, scale=0.3) == generate(seed=11, scale=0.3)
    other = generate(seed=12, scale=0.3)
    assert other.staff != generate(seed=11, scale=0.3).staff
    assert other.classes != generate(seed=11, scale=0.3).classes


def test_scale_keeps_the_map_but_shrinks_the_staff():
    small, full = generate(seed=5, scale=0.3), generate(seed=5)
    assert [s.code for s in small.schools] == [s.code for s in full.schools]
    assert [s.name for s in small.schools] == [s.name for s in full.schools]
    assert len(small.staff) < 0.75 * len(full.staff)


def test_counts_in_range(county):
    assert 55 <= len(county.schools) <= 65
    assert len(county.zones) == 4
    assert len(county.groups) == 2 and {g.kind for g in county.groups} == {"single", "multi"}
    assert sum(s.is_teaching_point for s in county.schools) >= 3
    assert 2700 <= len(county.staff) <= 3300
    assert [y.start_year for y in county.school_years] == [2023, 2024, 2025]
    assert [y.is_current for y in county.school_years] == [False, False, True]
    assert all(len(y.terms) == 2 for y in county.school_years)
    current_pupils = sum(c.size for c in county.classes if c.start_year == 2025)
    assert 30_000 <= current_pupils <= 45_000


def test_schools_of_every_kind_and_consistent_with_zones(county):
    kinds = Counter(s.kind for s in county.schools)
    for kind in ("kindergarten", "primary", "junior", "nine_year", "complete_secondary", "senior", "vocational",
                 "special"):
        assert kinds[kind] >= 1, kind
    assert {s.ownership for s in county.schools} == {"public", "private"}
    zones = {z.name for z in county.zones}
    for s in county.schools:
        assert s.zone in zones
        # The county seat is the urban zone; nothing in the hills is 城区.
        assert (s.locality == "urban") == (s.zone == "城区片区"), s.name
    codes = {s.code: s for s in county.schools}
    for s in county.schools:
        if s.is_teaching_point:
            central = codes[s.central_school]
            assert not central.is_teaching_point and central.town == s.town
            assert s.name.endswith("村教学点")
        else:
            assert s.central_school is None


def test_choice_values_match_the_registry(county):
    assert set(KIND_PARTS) == {k.value for k in org_choices.SchoolKind}
    assert {k: tuple(v) for k, v in KIND_PARTS.items()} == {
        k.value: tuple(p.value for p in parts) for k, parts in org_choices.KIND_PARTS.items()
    }
    assert {k: tuple(v) for k, v in PART_GRADES.items()} == {
        k.value: tuple(v) for k, v in org_choices.PART_GRADES.items()
    }
    values = {
        "sex": {c.value for c in people_choices.Sex},
        "establishment": {c.value for c in people_choices.Establishment},
        "post_kind": {c.value for c in people_choices.PostKind},
        "education": {c.value for c in people_choices.Education},
        "qualification": {c.value for c in people_choices.Qualification},
        "title": {c.value for c in people_choices.Title},
    }
    subjects = set(people_choices.SUBJECTS)
    reasons = {c.value for c in people_choices.PostingReason}
    for s in county.staff:
        for attr, allowed in values.items():
            assert getattr(s, attr) in allowed, (attr, getattr(s, attr))
        assert s.subject == "" or s.subject in subjects
        assert all(p.reason in reasons for p in s.postings)
        if s.post_grade is not None:
            assert s.post_grade in people_choices.TITLE_POST_GRADES[s.title]
        for h in s.honours:
            assert h.kind in {c.value for c in people_choices.HonourKind}
            assert h.level in {c.value for c in people_choices.HonourLevel}


def test_id_numbers_valid_and_unique(county):
    numbers = [s.id_number for s in county.staff] + [p.id_number for p in county.students]
    assert len(numbers) == len(set(numbers))
    for s in county.staff:
        assert idcard.is_valid(s.id_number), s.id_number
        assert idcard.birth_date(s.id_number) == s.birth_date
        assert idcard.sex(s.id_number) == s.sex
    assert all(idcard.is_valid(p.id_number) for p in county.students)
    assert len({p.student_no for p in county.students}) == len(county.students)
    assert all(len(p.student_no) <= 19 for p in county.students)


def test_school_codes_ten_digits_and_unique(county):
    codes = [s.code for s in county.schools]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 10 and c.isdigit() for c in codes)
    assert len({s.name for s in county.schools}) == len(county.schools)


def test_ages_titles_and_staff_look_real(county):
    ref = county.reference_date
    ages = [ref.year - s.birth_date.year - ((ref.month, ref.day) < (s.birth_date.month, s.birth_date.day))
            for s in county.staff]
    assert min(ages) >= 22 and max(ages) <= 60
    young = [s for s, a in zip(county.staff, ages, strict=True) if a < 25 and s.post_kind == "teacher"]
    assert young and not any(s.title in ("senior", "full_senior") for s in young)
    titles = Counter(s.title for s in county.staff if s.post_kind == "teacher")
    assert titles["first"] > titles["senior"] > titles["full_senior"]
    assert all(s.work_start.year - s.birth_date.year >= 17 for s in county.staff)
    by_level = Counter(s.teaching_level for s in county.staff if s.post_kind == "teacher")
    assert set(by_level) == {"kindergarten", "primary", "junior", "senior", "vocational", "special"}
    assert Counter(s.sex for s in county.staff if s.teaching_level == "kindergarten")["F"] > 0.9 * by_level[
        "kindergarten"]
    surnames = Counter(s.name[0] for s in county.staff)
    assert surnames.most_common(3)[0][0] in "王李张"


def test_some_oversized_classes_now_and_more_before(county):
    now = [c.size for c in county.classes if c.start_year == 2025]
    before = [c.size for c in county.classes if c.start_year == 2023]
    assert sum(56 <= s <= 65 for s in now) >= 10
    assert 1 <= sum(s >= 66 for s in now) <= 5
    assert sum(s >= 56 for s in before) > sum(s >= 56 for s in now)
    urban = {s.code for s in county.schools if s.locality == "urban" and s.kind == "primary"}
    rural = {s.code for s in county.schools if s.locality == "rural" and s.kind == "primary"}
    big = [c for c in county.classes if c.start_year == 2025 and c.size >= 56]
    assert all(c.school not in rural for c in big)
    assert any(c.school in urban for c in big)
    names_per_school_year = Counter((c.school, c.start_year, c.grade, c.name) for c in county.classes)
    assert max(names_per_school_year.values()) == 1


def test_some_schools_below_the_facility_thresholds(county):
    by_code = {s.code: s for s in county.schools}
    short = set()
    for f in county.facts:
        if f.start_year != 2025 or f.level_part not in QUALITY_THRESHOLDS or not f.students:
            continue
        room, sports, equip, media = QUALITY_THRESHOLDS[f.level_part]
        if (f.teaching_room_area / f.students < room or f.sports_area / f.students < sports
                or f.equipment_value / f.students < equip or f.multimedia_rooms * 100 / f.students < media):
            short.add(f.school)
    rural_short = {c for c in short if by_code[c].locality == "rural"}
    assert len(rural_short) >= 5
    assert len(short) < len({f.school for f in county.facts if f.level_part in QUALITY_THRESHOLDS})


def test_facts_agree_with_classes(county):
    for f in county.facts:
        sizes = [c.size for c in county.classes
                 if (c.school, c.start_year, c.level_part) == (f.school, f.start_year, f.level_part)]
        assert f.students == sum(sizes) and f.classes == len(sizes)
        assert f.classes_56_65 == sum(56 <= s <= 65 for s in sizes)
        assert f.classes_66_plus == sum(s >= 66 for s in sizes)
    parts = {(f.school, f.start_year, f.level_part) for f in county.facts}
    by_code = {s.code: s for s in county.schools}
    assert parts == {(s, y, p) for s in by_code for y in (2023, 2024, 2025) for p in KIND_PARTS[by_code[s].kind]}


def test_current_facts_staff_counts_follow_the_staff(county):
    counts = staff_counts(county.staff, county.reference_date)
    for f in county.facts:
        if f.start_year == 2025:
            expected = counts.get((f.school, f.level_part), (0, 0, 0, 0, 0))
            assert (f.full_time_teachers, f.teachers_above_required_education, f.teachers_intermediate_title,
                    f.key_teachers, f.pe_art_teachers) == expected
    assert sum(c[0] for c in counts.values()) == sum(s.post_kind == "teacher" for s in county.staff)


def test_every_staff_member_has_one_open_regular_posting_except_the_county_pool(county):
    pool = 0
    for s in county.staff:
        open_postings = [p for p in s.postings if p.end is None]
        regular = [p for p in open_postings if p.reason == "regular"]
        if any(p.reason == "county_pool" for p in open_postings):
            pool += 1
            assert regular == [] and len(open_postings) == 1, s
        else:
            assert len(regular) == 1, s
        assert len({p.school for p in open_postings}) == len(open_postings)  # one open posting per school
    assert 10 <= pool <= 60


def test_postings_never_overlap_wrongly(county):
    founded = {s.code: s.founded for s in county.schools}
    for s in county.staff:
        assert s.postings[0].start == s.work_start
        regular = sorted((p for p in s.postings if p.reason == "regular"), key=lambda p: p.start)
        for p in s.postings:
            assert p.end is None or p.end >= p.start
            assert p.start >= dt.date(founded[p.school], 9, 1), (s.name, p)
        for a, b in zip(regular, regular[1:], strict=False):
            assert a.end is not None and a.end < b.start, (s.name, a, b)
            assert (b.start - a.end).days == 1  # back to back, no gap
        for p in s.postings:
            if p.reason in ("rotation", "support", "secondment"):
                # A temporary posting sits inside a regular one at another school.
                host = [r for r in regular if r.start <= p.start and (r.end is None or (p.end and p.end <= r.end))]
                assert host and host[0].school != p.school, (s.name, p)
            if p.reason == "county_pool":
                assert all(r.end is not None and r.end < p.start for r in regular)


def test_rotations_and_honours_tell_the_story(county):
    ref = county.reference_date
    by_code = {s.code: s for s in county.schools}
    rotating = [s for s in county.staff if any(p.reason == "rotation" and p.end is None for p in s.postings)]
    assert len(rotating) >= 30
    for s in rotating:
        home = next(p for p in s.postings if p.reason == "regular" and p.end is None)
        host = next(p for p in s.postings if p.reason == "rotation" and p.end is None)
        assert by_code[home.school].locality in ("urban", "town") and by_code[host.school].locality != "urban"
    valid = [s for s in rotating
             if any(h.awarded <= ref and (h.expires is None or ref <= h.expires) for h in s.honours)]
    assert len(valid) >= 0.2 * len(rotating)  # 骨干 ≥ 20% of those rotated (policy-facts §4)
    assert any(p.reason == "support" for s in county.staff for p in s.postings)
    assert any(p.reason == "secondment" for s in county.staff for p in s.postings)
    share = {}
    for loc in ("urban", "rural"):
        teachers = [s for s in county.staff if s.post_kind == "teacher"
                    and by_code[next(p for p in s.postings if p.end is None).school].locality == loc]
        share[loc] = sum(bool(s.honours) for s in teachers) / len(teachers)
    assert share["urban"] > 2 * share["rural"]
    expired = [h for s in county.staff for h in s.honours if h.expires and h.expires < ref]
    assert expired


def test_students_fill_their_classes(county):
    classes = Counter((c.school, c.grade, c.name) for c in county.classes if c.start_year == 2025
                      for _ in range(c.size))
    pupils = Counter((p.school, p.grade, p.class_name) for p in county.students)
    # Every seat of every class has its pupil, in every school (issue 13: all schools keep a roll).
    assert pupils == classes
    assert {p.school for p in county.students} == {s.code for s in county.schools if any(
        c.school == s.code and c.start_year == 2025 for c in county.classes)}
    assert sum(p.left_behind for p in county.students) > 0 and sum(p.migrant for p in county.students) > 0
    special = next(s.code for s in county.schools if s.kind == "special")
    assert all(p.disabled for p in county.students if p.school == special)


def test_principals_and_showcase(county):
    by_code = {s.code: s for s in county.schools}
    assert by_code[county.showcase_school].kind == "primary"
    assert by_code[county.showcase_school].locality == "urban"
    assert county.inspector_zone in {z.name for z in county.zones}
    assert all(s.principal for s in county.schools)


@pytest.mark.parametrize("module", [names, enrolment, generator])
def test_doctests(module):
    failures, _ = doctest.testmod(module)
    assert failures == 0

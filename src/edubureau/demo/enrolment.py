"""Classes, students and yearly school facts of the demo county. Pure.

Each school has a profile (how many classes per grade, how full) and a facilities tier. Crowded
urban schools have 大班额 classes (56–65) and a couple of 超大班额 ones (≥66, policy-facts §3) and
a playground far too small for their pupils; the two hill township schools lack networked
multimedia classrooms; elsewhere a school misses at most one line, by a little (优质均衡
thresholds, policy-facts §2.1). Past years were more crowded in town and fuller in the villages,
and had less equipment, so the figures also show a trend.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from edubureau.core.dashboard_engine import QUALITY_FACILITY_THRESHOLDS

from .names import child_name
from .specs import ClassSpec, FactsSpec, SchoolSpec, StudentSpec

__all__ = [
    "KIND_PARTS",
    "PART_GRADES",
    "QUALITY_THRESHOLDS",
    "build_classes",
    "build_facts",
    "build_students",
    "class_name",
]

# The level parts each kind of school runs and the grades of each part, as org.choices has them.
KIND_PARTS = {
    "kindergarten": ("kindergarten",), "primary": ("primary",), "junior": ("junior",),
    "nine_year": ("primary", "junior"), "complete_secondary": ("junior", "senior"),
    "twelve_year": ("primary", "junior", "senior"), "senior": ("senior",), "vocational": ("vocational",),
    "special": ("special",),
}
PART_GRADES = {
    "kindergarten": (-3, -2, -1), "primary": (1, 2, 3, 4, 5, 6), "junior": (7, 8, 9), "senior": (10, 11, 12),
    "vocational": (10, 11, 12), "special": (1, 2, 3, 4, 5, 6, 7, 8, 9),
}

# 优质均衡 resource thresholds (policy-facts §2.1), as the dashboard checks them: teaching-room ㎡, sports ㎡
# and equipment 元 per pupil, multimedia rooms per 100 pupils. Parts outside compulsory education borrow
# the nearest scale.
QUALITY_THRESHOLDS = {
    part: (t["room"], t["sports"], t["equipment"], t["multimedia"]) for part, t in QUALITY_FACILITY_THRESHOLDS.items()
}
_THRESHOLD_OF_PART = {"kindergarten": "primary", "special": "primary", "primary": "primary", "junior": "junior",
                      "senior": "junior", "vocational": "junior"}

# profile -> part -> (classes per grade, mean size this year, sd, 超大班额 classes this year,
#                     mean size change per year back, extra 超大班额 per year back)
PROFILES: dict[str, dict[str, tuple[int, float, float, int, float, float]]] = {
    "flagship_primary": {"primary": (8, 56.0, 3.0, 2, 1.5, 2.5)},
    "urban_primary_big": {"primary": (7, 53.0, 3.0, 0, 1.2, 1.0)},
    "urban_primary": {"primary": (5, 46.0, 3.0, 0, 0.5, 0.0)},
    "urban_primary_new": {"primary": (4, 43.0, 2.5, 0, -1.5, 0.0)},
    "urban_junior_big": {"junior": (12, 52.0, 3.0, 0, 1.5, 1.0)},
    "urban_junior": {"junior": (9, 48.0, 3.0, 0, 0.8, 0.0)},
    "senior_big": {"senior": (14, 53.0, 3.0, 1, 1.0, 1.5)},
    "complete_urban": {"junior": (6, 47.0, 3.0, 0, 0.5, 0.0), "senior": (8, 50.0, 3.0, 0, 0.8, 0.0)},
    "vocational": {"vocational": (10, 42.0, 4.0, 0, 0.0, 0.0)},
    "special": {"special": (1, 10.0, 2.5, 0, 0.0, 0.0)},
    "kg_urban": {"kindergarten": (4, 32.0, 2.5, 0, 0.5, 0.0)},
    "kg_urban_new": {"kindergarten": (3, 28.0, 3.0, 0, -1.0, 0.0)},
    "kg_private": {"kindergarten": (2, 26.0, 3.0, 0, 1.5, 0.0)},
    "private_nine": {"primary": (3, 44.0, 2.5, 0, 0.0, 0.0), "junior": (3, 47.0, 2.5, 0, 0.0, 0.0)},
    "private_twelve": {"primary": (2, 40.0, 2.5, 0, -0.5, 0.0), "junior": (3, 45.0, 2.5, 0, 0.0, 0.0),
                       "senior": (2, 42.0, 2.5, 0, 0.0, 0.0)},
    "town_primary_big": {"primary": (4, 50.0, 3.5, 0, 1.0, 0.5)},
    "town_primary": {"primary": (3, 44.0, 3.5, 0, 1.0, 0.0)},
    "town_junior_big": {"junior": (5, 50.0, 3.0, 0, 1.0, 0.5)},
    "town_junior": {"junior": (4, 45.0, 3.5, 0, 1.0, 0.0)},
    "complete_town": {"junior": (5, 49.0, 3.0, 0, 1.0, 0.5), "senior": (4, 52.0, 3.0, 0, 0.5, 0.0)},
    "kg_town": {"kindergarten": (2, 30.0, 3.0, 0, 0.5, 0.0)},
    "village_primary": {"primary": (1, 21.0, 6.0, 0, 2.0, 0.0)},
    "teaching_point": {"primary": (1, 7.0, 3.0, 0, 1.5, 0.0)},
    "township_nine": {"primary": (1, 33.0, 5.0, 0, 2.0, 0.0), "junior": (2, 38.0, 4.0, 0, 2.0, 0.0)},
    "kg_township": {"kindergarten": (1, 25.0, 4.0, 0, 1.0, 0.0)},
}
_SIZE_LIMITS = {"kindergarten": (12, 40), "special": (4, 16)}
_CN = "零一二三四五六七八九"
_KG_GRADES = {-3: "小", -2: "中", -1: "大"}


def class_name(part: str, grade: int, k: int) -> str:
    """The name a school gives a class: 一年级(3)班, 七年级(1)班, 高二(4)班, 中班(2)班.

    >>> class_name("primary", 1, 3), class_name("senior", 11, 4), class_name("kindergarten", -2, 2)
    ('一年级(3)班', '高二(4)班', '中班(2)班')
    """
    if part == "kindergarten":
        return f"{_KG_GRADES[grade]}班({k})班"
    if part == "senior":
        return f"高{_CN[grade - 9]}({k})班"
    if part == "vocational":
        return f"中职{_CN[grade - 9]}年级({k})班"
    return f"{_CN[grade]}年级({k})班"


def _grades(school: SchoolSpec, part: str, rng: random.Random) -> tuple[int, ...]:
    if school.profile == "teaching_point":
        # Teaching points keep only the lower grades; older pupils walk to the central school.
        return (1, 2, 3) if rng.random() < 0.6 else (1, 2)
    return PART_GRADES[part]


def build_classes(schools: list[SchoolSpec], years: list[int], rng: random.Random, scale: float) -> list[ClassSpec]:
    """Every school's classes for every school year in ``years`` (the last one is the current year)."""
    current = years[-1]
    out: list[ClassSpec] = []
    for school in schools:
        for part in KIND_PARTS[school.kind]:
            per_grade, mean, sd, super_now, trend, super_step = PROFILES[school.profile][part]
            per_grade = max(1, round(per_grade * scale))
            grades = _grades(school, part, rng)
            low, high = _SIZE_LIMITS.get(part, (2, 65))
            for year in years:
                back = current - year
                year_mean = mean + trend * back
                sizes: list[tuple[int, int]] = []
                for grade in grades:
                    n = per_grade if per_grade < 3 else per_grade + rng.choice((-1, 0, 0, 0, 1))
                    sizes += [(grade, min(high, max(low, round(rng.gauss(year_mean, sd))))) for _ in range(n)]
                n_super = super_now + math.floor(super_step * back)
                for i in rng.sample(range(len(sizes)), min(n_super, len(sizes))):
                    sizes[i] = (sizes[i][0], rng.randint(66, 72))
                counters: dict[int, int] = {}
                for grade, size in sizes:
                    counters[grade] = counters.get(grade, 0) + 1
                    name = class_name(part, grade, counters[grade])
                    out.append(ClassSpec(school.code, year, part, grade, name, size))
    return out


# Facilities tiers, as multiples of the 优质均衡 line (room, sports, equipment, multimedia rooms) and computers
# per 100 pupils. "crowded": the town-centre schools whose playground is far too small for their pupils;
# "short": the two hill township schools still without networked multimedia classrooms; "fair" and "weak":
# the rest of the county, where "weak" schools (and some "fair" ones) miss one line by a little (88–98%),
# which 优质均衡 tolerates, and "sound" ones miss none; "point": teaching points, counted with their
# central school.
_TIERS = {
    "good": ((1.15, 1.6), (1.1, 1.9), (1.15, 2.2), (1.05, 1.4), (10, 20)),
    "crowded": ((1.0, 1.12), (0.45, 0.75), (1.05, 1.4), (1.02, 1.2), (7, 11)),
    "fair": ((1.05, 1.4), (1.05, 1.6), (1.05, 1.5), (1.05, 1.35), (8, 14)),
    "sound": ((1.05, 1.4), (1.05, 1.6), (1.05, 1.5), (1.05, 1.35), (8, 14)),
    "weak": ((1.05, 1.4), (1.05, 1.6), (1.05, 1.5), (1.05, 1.35), (6, 10)),
    "short": ((1.05, 1.3), (1.05, 1.5), (1.05, 1.3), (0.3, 0.6), (4, 8)),
    "point": ((1.0, 1.3), (1.0, 1.4), (1.0, 1.2), (1.0, 1.1), (3, 7)),
}
_WEAK = (0.88, 0.98)
_WEAK_SHARE = {"weak": 1.0, "fair": 0.3}


def _facilities(school: SchoolSpec, part: str, students: int, classes: int, rng: random.Random):
    """Floor area, sports area, equipment, computers, books and multimedia rooms this year."""
    room_t, sports_t, equip_t, media_t = QUALITY_THRESHOLDS[_THRESHOLD_OF_PART[part]]
    tier = school.facilities
    ranges = list(_TIERS[tier][:4])
    if rng.random() < _WEAK_SHARE.get(tier, 0.0):
        # A small school cannot miss the multimedia line by a little: one room is more than 12% of it.
        ranges[rng.randrange(4 if students * media_t / 100 >= 8 else 3)] = _WEAK
    (r0, r1), (s0, s1), (e0, e1), (m0, m1) = ranges
    c0, c1 = _TIERS[tier][4]
    # Rooms are whole: round up at or above the line, down below it, so a school stays on its side of the line.
    media_exact = students * media_t / 100 * rng.uniform(m0, m1)
    media = math.ceil(media_exact) if m0 >= 1 else math.floor(media_exact)
    book_rate = {"kindergarten": (8, 15), "primary": (22, 40), "special": (15, 25)}.get(part, (30, 55))
    books = students * rng.uniform(*book_rate) * (0.6 if tier == "short" else 1.0)
    return (
        round(students * room_t * rng.uniform(r0, r1), 2),
        round(students * sports_t * rng.uniform(s0, s1), 2),
        round(students * equip_t * rng.uniform(e0, e1), -2),
        max(1, round(students * rng.uniform(c0, c1) / 100)),
        round(books),
        media,
    )


def build_facts(schools, classes: list[ClassSpec], years: list[int], staff_counts, rng: random.Random):
    """One facts row per school, year and part; buildings stay, equipment and rooms grew over the years.

    ``staff_counts`` maps (school code, part) to the five staff counts of the current year; earlier
    years carry hand-entered figures a little below them.
    """
    current = years[-1]
    grouped: dict[tuple[str, int, str], list[int]] = {}
    for c in classes:
        grouped.setdefault((c.school, c.start_year, c.level_part), []).append(c.size)
    out: list[FactsSpec] = []
    for school in schools:
        for part in KIND_PARTS[school.kind]:
            now = grouped.get((school.code, current, part), [])
            room, sports, equip, computers, books, media = _facilities(school, part, sum(now), len(now), rng)
            counts = staff_counts.get((school.code, part), (0, 0, 0, 0, 0))
            for year in years:
                sizes = grouped.get((school.code, year, part), [])
                back = current - year
                growth = 1 - 0.07 * back
                year_counts = counts if back == 0 else tuple(max(0, round(n * rng.uniform(0.9, 1.0))) for n in counts)
                out.append(FactsSpec(
                    school=school.code, start_year=year, level_part=part, students=sum(sizes), classes=len(sizes),
                    classes_46_55=sum(46 <= s <= 55 for s in sizes), classes_56_65=sum(56 <= s <= 65 for s in sizes),
                    classes_66_plus=sum(s >= 66 for s in sizes), teaching_room_area=room, sports_area=sports,
                    equipment_value=round(equip * growth, -2), computers=max(1, round(computers * growth)),
                    books=round(books * (1 - 0.03 * back)), multimedia_rooms=max(0, media - back * (media // 6)),
                    full_time_teachers=year_counts[0], teachers_above_required_education=year_counts[1],
                    teachers_intermediate_title=year_counts[2], key_teachers=year_counts[3],
                    pe_art_teachers=year_counts[4],
                ))
    return out


# Care flags by where the school stands: (留守, 随迁, 残疾, 建档立卡)
_INCLUSIVE = ("视力残疾随班就读", "听力残疾随班就读", "智力残疾随班就读", "智力残疾随班就读", "其它残疾随班就读")
_CARE = {"urban": (0.03, 0.22, 0.004, 0.01), "town": (0.18, 0.05, 0.006, 0.04), "rural": (0.35, 0.01, 0.008, 0.08)}


def build_students(schools, classes: list[ClassSpec], year: int, region_code: str, ids, rng: random.Random):
    """Individual pupils (学籍) of the given schools for the current year, one per seat of each class."""
    out: list[StudentSpec] = []
    for school in schools:
        left, migrant, disabled, poor = (0.10, 0.02, 1.0, 0.15) if school.kind == "special" else _CARE[school.locality]
        for c in (c for c in classes if c.school == school.code and c.start_year == year):
            entry_year = year - (c.grade - 1)
            for _ in range(c.size):
                sex = "M" if rng.random() < 0.52 else "F"
                # Pupils start school at six; special-school pupils often start a year or two later.
                late = rng.randint(0, 2) if school.kind == "special" else 0
                born = dt.date(entry_year - 7 - late, 9, 2) + dt.timedelta(days=rng.randint(0, 364))
                number = ids.make(born, sex, region_code)
                left_behind, is_disabled = rng.random() < left, rng.random() < disabled
                # Two in five 留守 children have both parents away (双亲留守); most disabled pupils of an ordinary
                # school learn in its classes (随班就读).
                both_away = left_behind and rng.random() < 0.4
                inclusive = (rng.choice(_INCLUSIVE) if is_disabled and school.kind != "special" and rng.random() < 0.8
                             else "非随班就读")
                out.append(StudentSpec(
                    student_no=f"G{number}", name=child_name(rng, sex), sex=sex, id_number=number, school=school.code,
                    grade=c.grade, class_name=c.name, enrolled=dt.date(entry_year, 9, 1),
                    left_behind=left_behind, migrant=rng.random() < migrant,
                    disabled=is_disabled, registered_poor=rng.random() < poor, born=born,
                    both_parents_away=both_away, inclusive=inclusive,
                ))
    return out

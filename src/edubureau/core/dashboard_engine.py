"""The bureau dashboard's figures, computed from a few aggregate rows. Pure: no Django import.

The view feeds it the schools a user may see, this year's school facts of those schools and the
staff counted by (school, post kind, level, title, age band); it returns plain numbers for the KPI
cards, the charts and the "needs attention" list.

Examples
--------
>>> schools = [SchoolRow(1, "城关一小", ("primary",), "urban", "城区片区", False),
...            SchoolRow(2, "河口小学", ("primary",), "rural", "东部片区", False)]
>>> facts = [FactsRow(1, "primary", 1200, 20, 8, 6, 1, 5000, 6000, 3_000_000, 22),
...          FactsRow(2, "primary", 120, 6, 0, 0, 0, 700, 600, 100_000, 1)]
>>> staff = [StaffGroup(1, "teacher", "primary", "first", "30—39", 50), StaffGroup(2, "teacher", "primary",
...          "second", "≥55", 10), StaffGroup(2, "worker", "", "none", "40—49", 1)]
>>> s = summarize(schools, facts, staff)
>>> s.students, s.teachers, s.staff, s.large_classes, s.super_large_classes, round(s.ratio, 1)
(1320, 60, 61, 6, 1, 22.0)
>>> [f.name for f in s.facility_short]  # as many shortfalls each: the village school first
['河口小学', '城关一小']
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from edubureau.balance.engine import JUNIOR, PRIMARY, Standard

__all__ = [
    "CLASS_SIZE_PARTS",
    "QUALITY_FACILITY_THRESHOLDS",
    "Comparison",
    "FacilityShortfall",
    "FactsRow",
    "GroupFigures",
    "OversizedSchool",
    "SchoolRow",
    "StaffGroup",
    "Summary",
    "compare_school",
    "facility_thresholds",
    "summarize",
]

_STANDARD = Standard()
# 大班额 counts are about primary and secondary classes; kindergartens and special schools have their own norms.
CLASS_SIZE_PARTS = ("primary", "junior", "senior")
# 优质均衡 resource thresholds per pupil (policy-facts §2.1): teaching and auxiliary rooms ㎡, sports ㎡,
# equipment 元, multimedia classrooms per 100 pupils. The balance engine's Standard owns the values.
_FACILITY_INDICATORS = {
    "room": "生均教学及辅助用房面积",
    "sports": "生均体育运动场馆面积",
    "equipment": "生均教学仪器设备值",
    "multimedia": "每百名学生拥有网络多媒体教室数",
}


def facility_thresholds(standard: Standard) -> dict[str, dict[str, float]]:
    """The per-pupil facility lines by level part, read from a balance ``Standard``: the national one by default, the
    county's own (a province may tighten its lines in 均衡发展设置) when the view passes it."""
    return {
        part: {key: standard.threshold(level, name) for key, name in _FACILITY_INDICATORS.items()}
        for part, level in (("primary", PRIMARY), ("junior", JUNIOR))
    }


QUALITY_FACILITY_THRESHOLDS = facility_thresholds(_STANDARD)
# policy-facts §2.4 item 4: a primary or junior school should not exceed 2,000 pupils.
SCHOOL_SIZE_LIMIT = _STANDARD.school_size_limit
LOCALITIES = ("urban", "town", "rural")
OLD_AGE_BANDS = ("50—54", "≥55")


@dataclass(frozen=True)
class SchoolRow:
    id: int
    name: str
    parts: tuple[str, ...]
    locality: str
    zone: str | None
    is_teaching_point: bool


@dataclass(frozen=True)
class FactsRow:
    school_id: int
    level_part: str
    students: int
    classes: int
    classes_46_55: int
    classes_56_65: int
    classes_66_plus: int
    teaching_room_area: float
    sports_area: float
    equipment_value: float
    multimedia_rooms: int


@dataclass(frozen=True)
class StaffGroup:
    school_id: int | None
    post_kind: str
    teaching_level: str
    title: str
    age_band: str
    count: int


@dataclass(frozen=True)
class GroupFigures:
    """Schools, classes, pupils and full-time teachers of one level part, zone or locality."""

    key: str
    schools: int = 0
    classes: int = 0
    students: int = 0
    teachers: int = 0
    oversized: int = 0

    @property
    def ratio(self) -> float | None:
        return self.students / self.teachers if self.teachers else None


@dataclass(frozen=True)
class OversizedSchool:
    school_id: int
    name: str
    zone: str | None
    classes: int
    large: int
    super_large: int

    @property
    def share(self) -> float:
        return (self.large + self.super_large) / self.classes if self.classes else 0.0


@dataclass(frozen=True)
class FacilityShortfall:
    """A compulsory-education part of a school below 优质均衡 thresholds; ``failing``: {indicator: (value, limit)}."""

    school_id: int
    name: str
    level_part: str
    locality: str
    failing: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class Summary:
    schools: int
    teaching_points: int
    students: int
    staff: int
    teachers: int
    classes: int  # of CLASS_SIZE_PARTS
    class_bands: dict[str, int]  # normal, biggish, large, super_large (keys of people.engine.CLASS_SIZE_BANDS)
    by_part: list[GroupFigures]
    by_zone: list[GroupFigures]
    by_locality: list[GroupFigures]
    age_by_locality: dict[str, Counter]  # locality (and "all") -> age band -> teachers
    title_by_locality: dict[str, Counter]  # locality (and "all") -> title -> teachers
    top_oversized: list[OversizedSchool]
    facility_short: list[FacilityShortfall]
    big_schools: list[tuple[str, int]] = field(default_factory=list)  # (name, pupils) above SCHOOL_SIZE_LIMIT

    @property
    def large_classes(self) -> int:
        return self.class_bands["large"]

    @property
    def super_large_classes(self) -> int:
        return self.class_bands["super_large"]

    @property
    def oversized_share(self) -> float:
        return (self.large_classes + self.super_large_classes) / self.classes if self.classes else 0.0

    @property
    def ratio(self) -> float | None:
        return self.students / self.teachers if self.teachers else None

    def old_share(self, locality: str) -> float | None:
        """Share of full-time teachers aged 50 or more in ``locality`` ("all" for the whole scope)."""
        ages = self.age_by_locality.get(locality, Counter())
        total = sum(ages.values())
        return sum(ages[b] for b in OLD_AGE_BANDS) / total if total else None


def _shortfalls(school: SchoolRow, f: FactsRow, thresholds: dict) -> dict[str, tuple[float, float]]:
    limits = thresholds.get(f.level_part)
    if not limits or not f.students or school.is_teaching_point:
        return {}
    values = {
        "room": f.teaching_room_area / f.students,
        "sports": f.sports_area / f.students,
        "equipment": f.equipment_value / f.students,
        "multimedia": f.multimedia_rooms * 100 / f.students,
    }
    return {k: (round(v, 2), limits[k]) for k, v in values.items() if v < limits[k]}


def _group(rows: dict, key: str) -> GroupFigures:
    return rows.setdefault(key, GroupFigures(key))


def _add(rows: dict, key: str, **amounts) -> None:
    current = _group(rows, key)
    rows[key] = GroupFigures(key, **{name: getattr(current, name) + amounts.get(name, 0)
                                     for name in ("schools", "classes", "students", "teachers", "oversized")})


def summarize(schools: list[SchoolRow], facts: list[FactsRow], staff: list[StaffGroup], *,
              parts_order: tuple[str, ...] = ("kindergarten", "primary", "junior", "senior", "vocational", "special"),
              zone_order: tuple[str, ...] = (), top: int = 8,
              thresholds: dict[str, dict[str, float]] | None = None) -> Summary:
    """All dashboard figures for the given schools; facts and staff of other schools are ignored.

    ``thresholds`` are the facility lines (:func:`facility_thresholds`); the national ones when not given.

    ``zone_order`` lists zone names in the order the bureau uses (others follow by name, no zone last).
    """
    by_id = {s.id: s for s in schools}
    by_part: dict[str, GroupFigures] = {}
    by_zone: dict[str, GroupFigures] = {}
    by_locality: dict[str, GroupFigures] = {}
    for s in schools:
        for part in s.parts:
            _add(by_part, part, schools=1)
        _add(by_zone, s.zone or "", schools=1)
        _add(by_locality, s.locality, schools=1)

    bands = Counter(normal=0, biggish=0, large=0, super_large=0)
    classes = 0
    oversized: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    shortfalls: list[FacilityShortfall] = []
    pupils: Counter = Counter()
    for f in facts:
        school = by_id.get(f.school_id)
        if school is None:
            continue
        big = f.classes_56_65 + f.classes_66_plus
        pupils[f.school_id] += f.students if f.level_part in ("primary", "junior") else 0
        for rows, key in ((by_part, f.level_part), (by_zone, school.zone or ""), (by_locality, school.locality)):
            _add(rows, key, students=f.students, classes=f.classes,
                 oversized=big if f.level_part in CLASS_SIZE_PARTS else 0)
        if f.level_part in CLASS_SIZE_PARTS:
            classes += f.classes
            bands["biggish"] += f.classes_46_55
            bands["large"] += f.classes_56_65
            bands["super_large"] += f.classes_66_plus
            bands["normal"] += f.classes - f.classes_46_55 - big
            row = oversized[f.school_id]
            row[0] += f.classes
            row[1] += f.classes_56_65
            row[2] += f.classes_66_plus
        failing = _shortfalls(school, f, QUALITY_FACILITY_THRESHOLDS if thresholds is None else thresholds)
        if failing:
            shortfalls.append(FacilityShortfall(school.id, school.name, f.level_part, school.locality, failing))

    staff_total = teachers = 0
    ages: dict[str, Counter] = defaultdict(Counter)
    titles: dict[str, Counter] = defaultdict(Counter)
    for g in staff:
        school = by_id.get(g.school_id)
        if school is None:
            continue  # nobody counted twice: staff count at the school they work at, and only inside the scope
        staff_total += g.count
        if g.post_kind != "teacher":
            continue
        teachers += g.count
        if g.teaching_level:
            _add(by_part, g.teaching_level, teachers=g.count)
        _add(by_zone, school.zone or "", teachers=g.count)
        _add(by_locality, school.locality, teachers=g.count)
        for key in (school.locality, "all"):
            ages[key][g.age_band] += g.count
            titles[key][g.title] += g.count

    top_rows = sorted(
        (OversizedSchool(i, by_id[i].name, by_id[i].zone, n, large, huge)
         for i, (n, large, huge) in oversized.items() if large + huge),
        key=lambda r: (-(r.large + r.super_large), -r.super_large, r.name),
    )[:top]
    # The last keys only break ties, so the order never depends on the order the rows came in.
    shortfalls.sort(key=lambda r: (-len(r.failing), -LOCALITIES.index(r.locality), r.name, r.level_part,
                                   r.school_id, sorted(r.failing.items())))
    return Summary(
        schools=len(schools),
        teaching_points=sum(s.is_teaching_point for s in schools),
        students=sum(f.students for f in facts if f.school_id in by_id),
        staff=staff_total,
        teachers=teachers,
        classes=classes,
        class_bands=dict(bands),
        by_part=[by_part[p] for p in parts_order if p in by_part],
        by_zone=sorted(by_zone.values(), key=lambda g: (
            g.key == "", zone_order.index(g.key) if g.key in zone_order else len(zone_order), g.key)),
        by_locality=[by_locality[k] for k in LOCALITIES if k in by_locality],
        age_by_locality=dict(ages),
        title_by_locality=dict(titles),
        top_oversized=top_rows,
        facility_short=shortfalls,
        big_schools=sorted(((by_id[i].name, n) for i, n in pupils.items() if n > SCHOOL_SIZE_LIMIT),
                           key=lambda r: -r[1]),
    )


# --- One school against its county (issue 17: a school head's 工作台) ----------------------------------------------

@dataclass(frozen=True)
class Comparison:
    """One figure of a school beside the county's, and the line it is held to (``None``: no line).

    ``kind``: "number" (``decimals`` places), "percent" (a rate 0–1) or "ratio" (x : 1). ``better``: "higher",
    "lower" or "" (neither is better: enrolment)."""

    key: str
    school: float | None
    county: float | None
    line: float | None = None
    kind: str = "number"
    decimals: int = 1
    better: str = "higher"
    part: str = ""

    @property
    def meets_line(self) -> bool | None:
        """True/False against the line (a ceiling when lower is better), None when there is no line or no value."""
        if self.line is None or self.school is None:
            return None
        return self.school >= self.line if self.better == "higher" else self.school <= self.line

    @property
    def versus_county(self) -> str:
        """"better", "worse" or "same" (within half a unit of the last decimal shown), "" when one side is missing
        or neither direction is better."""
        if self.school is None or self.county is None or not self.better:
            return ""
        scale = 100 if self.kind == "percent" else 1
        if abs(self.school - self.county) * scale < 0.5 * 10 ** -self.decimals:
            return "same"
        higher = self.school > self.county
        return "better" if higher == (self.better == "higher") else "worse"


def _per_pupil(facts: list[FactsRow], part: str) -> dict[str, float | None]:
    rows = [f for f in facts if f.level_part == part]
    pupils = sum(f.students for f in rows)
    if not pupils:
        return dict.fromkeys(_FACILITY_INDICATORS)
    return {"room": sum(f.teaching_room_area for f in rows) / pupils,
            "sports": sum(f.sports_area for f in rows) / pupils,
            "equipment": sum(f.equipment_value for f in rows) / pupils,
            "multimedia": sum(f.multimedia_rooms for f in rows) * 100 / pupils}


def _class_figures(facts: list[FactsRow]) -> tuple[int, int, int]:
    rows = [f for f in facts if f.level_part in CLASS_SIZE_PARTS]
    return (sum(f.students for f in rows), sum(f.classes for f in rows),
            sum(f.classes_56_65 + f.classes_66_plus for f in rows))


def compare_school(school_facts: list[FactsRow], county_facts: list[FactsRow], *, school_teachers: int,
                   county_teachers: int, county_schools: int, thresholds: dict[str, dict[str, float]] | None = None,
                   oversized_line: float = 0.05) -> list[Comparison]:
    """A school's figures beside the county's: enrolment, class size, pupils per teacher and, for each
    compulsory-education part it runs, the four per-pupil resources of the 2017 优质均衡 lines.

    Parameters
    ----------
    school_facts, county_facts : list of FactsRow
        This year's facts of the school, and of every school of its county (the school included).
    school_teachers, county_teachers : int
        Full-time teachers working at the school, and in the county.
    county_schools : int
        Schools of the county (the enrolment compared is the county's mean per school).
    thresholds : dict, optional
        The facility lines (:func:`facility_thresholds`); the national ones when not given.
    oversized_line : float
        The share of classes of 56 or more pupils held as the ceiling (5%).

    Returns
    -------
    list of Comparison
        In reading order: enrolment, mean class size, share of large classes, pupils per teacher, then per part
        the facility indicators (``part`` set).

    Examples
    --------
    >>> own = [FactsRow(1, "primary", 600, 12, 4, 2, 1, 2400, 3000, 900_000, 6)]
    >>> county = own + [FactsRow(2, "primary", 400, 12, 0, 0, 0, 2000, 4000, 800_000, 6)]
    >>> rows = {r.key: r for r in compare_school(own, county, school_teachers=30, county_teachers=60,
    ...                                           county_schools=2)}
    >>> rows["students"].school, rows["students"].county
    (600, 500.0)
    >>> rows["class_size"].school, round(rows["class_size"].county, 1), rows["class_size"].versus_county
    (50.0, 41.7, 'worse')
    >>> round(rows["oversized"].school, 3), rows["oversized"].meets_line
    (0.25, False)
    >>> r = rows["primary:room"]; r.school, r.county, r.line, r.meets_line
    (4.0, 4.4, 4.5, False)
    """
    limits = QUALITY_FACILITY_THRESHOLDS if thresholds is None else thresholds
    students = sum(f.students for f in school_facts)
    county_students = sum(f.students for f in county_facts)
    own_pupils, own_classes, own_big = _class_figures(school_facts)
    all_pupils, all_classes, all_big = _class_figures(county_facts)
    rows = [
        Comparison("students", students, county_students / county_schools if county_schools else None,
                   kind="number", decimals=0, better=""),
        Comparison("class_size", own_pupils / own_classes if own_classes else None,
                   all_pupils / all_classes if all_classes else None, better="lower"),
        Comparison("oversized", own_big / own_classes if own_classes else None,
                   all_big / all_classes if all_classes else None, line=oversized_line, kind="percent",
                   better="lower"),
        Comparison("ratio", students / school_teachers if school_teachers else None,
                   county_students / county_teachers if county_teachers else None, kind="ratio", better="lower"),
    ]
    for part in ("primary", "junior"):
        if not any(f.level_part == part and f.students for f in school_facts):
            continue
        own, county = _per_pupil(school_facts, part), _per_pupil(county_facts, part)
        for key in _FACILITY_INDICATORS:
            rows.append(Comparison(f"{part}:{key}", own[key], county[key], line=limits.get(part, {}).get(key),
                                   decimals=0 if key == "equipment" else 2, part=part))
    return rows

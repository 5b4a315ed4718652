"""交流轮岗: who must rotate this year, and where a move may go (pure, no Django).

The national rule (教师〔2014〕4号, ``spec/policy-facts.md`` §4) leaves the numbers to the provinces, so every number
is a field of :class:`RotationRules` with the usual local value as its default: 6 years at one school, counted to
31 August of the rotation year; principals after two full terms; at least 10% of the eligible rotate each year and
骨干 are at least 20% of those rotated (Anhui counts the 20% against the eligible: ``backbone_of_eligible``);
urban or strong schools send, rural or weak schools receive.

Examples
--------
>>> school = School("1", "城关一小", "小学", "城区", False, 120.0, 30.0)
>>> teacher = Teacher("T1", "王芳", "女", dt.date(1985, 3, 1), "1", "语文", dt.date(2016, 9, 1))
>>> eligible, reasons = eligibility([teacher], {"1": school}, RotationRules(), 2026)
>>> [t.number for t in eligible], reasons
(['T1'], {})
>>> late = Teacher("T2", "李强", "男", dt.date(1990, 1, 1), "1", "数学", dt.date(2022, 9, 1))
>>> eligibility([late], {"1": school}, RotationRules(), 2026)[1]
{'T2': '在本校任教不满6年（已满4年）'}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from edubureau.inspection.engine.geo import haversine_km as great_circle_km

__all__ = [
    "Move",
    "RotationRules",
    "School",
    "Teacher",
    "allowed_direction",
    "eligibility",
    "haversine_km",
    "reference_day",
    "school_years",
    "toward_need",
    "years_between",
]

URBAN, TOWN, RURAL = "城区", "镇区", "乡村"
PRINCIPAL_POSTS = ("校长", "副校长")


@dataclass(frozen=True)
class School:
    code: str
    name: str
    level: str
    locality: str  # 城区 / 镇区 / 乡村
    weak: bool
    lon: float | None
    lat: float | None
    shortages: frozenset[str] = frozenset()  # subjects the school lacks teachers of
    group: str = ""  # an education group or pairing: moves inside it are allowed whatever the direction
    region: str = ""  # the county: rotation is 县域内 (a city's file plans each county on its own)


@dataclass(frozen=True)
class Teacher:
    number: str  # 工号
    name: str
    sex: str  # 男 / 女
    birth: dt.date
    school: str  # 学校标识码
    subject: str
    since: dt.date  # first day at the current school (the month, as 本校任教起始年月 gives it)
    backbone: bool = False
    post: str = ""  # 校长 / 副校长 / empty
    spouse: str = ""  # 配偶工号: a couple moves together or not at all
    exemption: str = ""  # 免交流原因 (孕期哺乳期, 重病 …), decided by the school and the bureau
    home_lon: float | None = None
    home_lat: float | None = None


@dataclass(frozen=True)
class RotationRules:
    min_years: int = 6
    principal_terms: int = 2
    principal_term_years: int = 3
    male_exempt_age: int = 55
    female_exempt_age: int = 50
    share_of_eligible: float = 0.10
    backbone_share: float = 0.20
    backbone_of_eligible: bool = False  # Anhui: the 20% counts against the eligible, not the rotated
    max_out_share: float = 0.20  # a sending school keeps at least 80% of its teachers this year
    # A receiving school takes at most 30% of its teachers in newcomers, and at least two (a 教学点 of four
    # teachers may lack music, art and PE at once); local practice varies, so both are settings.
    max_in_share: float = 0.30
    min_in_cap: int = 2
    reference_month_day: tuple[int, int] = (8, 31)
    candidates_per_teacher: int = 12  # nearest receiving schools (and nearest lacking the subject) for each teacher
    # A move inside a group that is not also 城→乡 or 强→弱 counts this many km more in the optimiser: swapping
    # teachers between two neighbouring schools of one group meets the quota at no distance but helps no one.
    group_move_penalty_km: float = 30.0
    model_candidates: int = 5  # of those, how many the optimiser weighs: a smaller model finds more in a minute


@dataclass(frozen=True)
class Move:
    number: str
    source: str
    target: str
    subject: str
    km: float
    fills_shortage: bool = False

    def as_dict(self) -> dict:
        return {"工号": self.number, "from": self.source, "to": self.target, "subject": self.subject,
                "km": round(self.km, 2)}


def reference_day(rules: RotationRules, year: int) -> dt.date:
    month, day = rules.reference_month_day
    return dt.date(year, month, day)


def years_between(start: dt.date, end: dt.date) -> int:
    """Full years from ``start`` to ``end`` (a birthday or an anniversary on ``end`` counts).

    >>> day = dt.date(2026, 8, 31)
    >>> years_between(dt.date(2020, 9, 1), day), years_between(dt.date(2020, 8, 1), day)
    (5, 6)
    """
    years = end.year - start.year
    return years - 1 if (end.month, end.day) < (start.month, start.day) else years


def school_years(since: dt.date, day: dt.date) -> int:
    """Years taught at the school by ``day``, counting the month of arrival: a teacher who came in September 2020
    has taught six school years by 31 August 2026 (72 months), as a 人事科 counts them.

    >>> end = dt.date(2026, 8, 31)
    >>> school_years(dt.date(2020, 9, 1), end), school_years(dt.date(2020, 10, 1), end)
    (6, 5)
    """
    months = (day.year * 12 + day.month) - (since.year * 12 + since.month) + 1
    return max(0, months // 12)


def _reason(teacher: Teacher, rules: RotationRules, day: dt.date) -> str:
    if teacher.exemption:
        return f"免交流：{teacher.exemption}"
    age = years_between(teacher.birth, day)
    if teacher.sex == "男" and age >= rules.male_exempt_age:
        return f"男教师年满{rules.male_exempt_age}周岁"
    if teacher.sex == "女" and age >= rules.female_exempt_age:
        return f"女教师年满{rules.female_exempt_age}周岁"
    served = school_years(teacher.since, day)
    if teacher.post in PRINCIPAL_POSTS:
        needed = rules.principal_terms * rules.principal_term_years
        if served < needed:
            return f"{teacher.post}在本校任职未满{rules.principal_terms}届（{needed}年，已满{served}年）"
        return ""
    if served < rules.min_years:
        return f"在本校任教不满{rules.min_years}年（已满{served}年）"
    return ""


def eligibility(teachers, schools: dict[str, School], rules: RotationRules, year: int):
    """(eligible teachers, {工号: why not}) on 31 August of ``year``: every teacher is in exactly one of the two."""
    day = reference_day(rules, year)
    eligible, reasons = [], {}
    for teacher in teachers:
        why = "所在学校不在学校表中" if teacher.school not in schools else _reason(teacher, rules, day)
        if why:
            reasons[teacher.number] = why
        else:
            eligible.append(teacher)
    return eligible, reasons


# The stages a school teaches: a teacher moves to a school teaching their stage (初中物理 does not go to a 小学).
STAGES = {"小学": {"小学"}, "初中": {"初中"}, "九年一贯制": {"小学", "初中"}, "完全中学": {"初中", "高中"},
          "十二年一贯制": {"小学", "初中", "高中"}, "高中": {"高中"}}


def same_stage(source: School, target: School) -> bool:
    """True when the two schools share a stage (a school of an unknown kind shares every stage)."""
    a, b = STAGES.get(source.level), STAGES.get(target.level)
    return a is None or b is None or bool(a & b)


def allowed_direction(source: School, target: School) -> bool:
    """城区 → 乡村, 非薄弱 → 薄弱, or within one education group or pairing (not against that direction); within the
    county and the stage, never to the same school.

    >>> city = School("1", "城关一小", "小学", URBAN, False, None, None)
    >>> village = School("2", "山口小学", "小学", RURAL, False, None, None)
    >>> allowed_direction(city, village), allowed_direction(village, city)
    (True, False)
    """
    if source.code == target.code or source.region != target.region or not same_stage(source, target):
        return False
    if toward_need(source, target):
        return True
    # A group or pairing allows moves between its schools, but not against the rule's direction: a weak member's
    # teacher does not "rotate" into the lead school, nor a village teacher into town.
    against = (source.locality == RURAL and target.locality == URBAN) or (source.weak and not target.weak)
    return bool(source.group) and source.group == target.group and not against


def toward_need(source: School, target: School) -> bool:
    """True for a move the national rule asks for (城区 → 乡村 or 非薄弱 → 薄弱), not only allowed by a group."""
    return (source.locality == URBAN and target.locality == RURAL) or (not source.weak and target.weak)


def haversine_km(lon1, lat1, lon2, lat2) -> float:
    """Great-circle km (the inspection planner's, in longitude-first order); 0 when a coordinate is missing: no
    travel figure rather than a wrong one."""
    km = great_circle_km(lat1, lon1, lat2, lon2)
    return 0.0 if km is None else km


@dataclass
class Unit:
    """Who moves as one: a teacher, or a couple (配偶同调) who go to the same school or stay."""

    members: tuple[Teacher, ...]
    candidates: list[tuple[str, float]] = field(default_factory=list)  # (school, total km), nearest first

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def backbone(self) -> int:
        return sum(t.backbone for t in self.members)

    @property
    def served(self) -> dt.date:
        return min(t.since for t in self.members)

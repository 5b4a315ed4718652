"""The national evaluation standards (基本均衡 2012, 优质均衡 2017) as settings with the national values as defaults.

Pure Python, no Django: provinces tighten these values, so every line is a field of the frozen ``Standard``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

PRIMARY = "小学"
JUNIOR = "初中"
LEVELS = (PRIMARY, JUNIOR)

BASIC = "basic"
QUALITY = "quality"


@dataclass(frozen=True)
class Indicator:
    """One school-level indicator: a resource (field of ``SchoolPart``) per student, or per 100 students.

    Examples
    --------
    >>> Indicator("生均图书册数", "books", 1, "册").value(1913, 302)
    6.3344...
    """

    name: str
    resource: str
    per: int
    unit: str

    def value(self, amount: float, students: int) -> float:
        """The school's value: ``amount`` of the resource per student (×100 for per-100 indicators)."""
        return amount * self.per / students if students else 0.0


# 2012 (教督〔2012〕3号): eight indicators, the last three per student as the method states.
BASIC_INDICATORS = (
    Indicator("生均教学及辅助用房面积", "teaching_area", 1, "平方米"),
    Indicator("生均体育运动场馆面积", "sports_area", 1, "平方米"),
    Indicator("生均教学仪器设备值", "equipment_value", 1, "元"),
    Indicator("每百名学生拥有计算机台数", "computers", 100, "台"),
    Indicator("生均图书册数", "books", 1, "册"),
    Indicator("师生比", "teachers", 1, "人"),
    Indicator("生均高于规定学历教师数", "above_qualified", 1, "人"),
    Indicator("生均中级及以上专业技术职务教师数", "intermediate_titles", 1, "人"),
)

# 2017 (教督〔2017〕6号): seven resource indicators, each with a per-level threshold.
QUALITY_INDICATORS = (
    Indicator("每百名学生拥有高于规定学历教师数", "above_qualified", 100, "人"),
    Indicator("每百名学生拥有县级及以上骨干教师数", "backbone", 100, "人"),
    Indicator("每百名学生拥有体育艺术专任教师数", "pe_art_teachers", 100, "人"),
    Indicator("生均教学及辅助用房面积", "teaching_area", 1, "平方米"),
    Indicator("生均体育运动场馆面积", "sports_area", 1, "平方米"),
    Indicator("生均教学仪器设备值", "equipment_value", 1, "元"),
    Indicator("每百名学生拥有网络多媒体教室数", "multimedia_rooms", 100, "间"),
)

# Resources counted in whole units (people, rooms, machines, volumes); areas and yuan may be fractional.
WHOLE_UNITS = frozenset(
    {"computers", "books", "teachers", "above_qualified", "intermediate_titles", "backbone", "pe_art_teachers",
     "multimedia_rooms"}
)

_QUALITY_THRESHOLDS = {
    PRIMARY: {
        "每百名学生拥有高于规定学历教师数": 4.2,
        "每百名学生拥有县级及以上骨干教师数": 1.0,
        "每百名学生拥有体育艺术专任教师数": 0.9,
        "生均教学及辅助用房面积": 4.5,
        "生均体育运动场馆面积": 7.5,
        "生均教学仪器设备值": 2000.0,
        "每百名学生拥有网络多媒体教室数": 2.3,
    },
    JUNIOR: {
        "每百名学生拥有高于规定学历教师数": 5.3,
        "每百名学生拥有县级及以上骨干教师数": 1.0,
        "每百名学生拥有体育艺术专任教师数": 0.9,
        "生均教学及辅助用房面积": 5.8,
        "生均体育运动场馆面积": 10.2,
        "生均教学仪器设备值": 2500.0,
        "每百名学生拥有网络多媒体教室数": 2.4,
    },
}


def _frozen(mapping: dict) -> MappingProxyType:
    return MappingProxyType({key: MappingProxyType(dict(value)) for key, value in mapping.items()})


@dataclass(frozen=True)
class Standard:
    """The lines a county is measured against; defaults are the national values (policy-facts §1–3).

    Examples
    --------
    >>> Standard().quality_cv[PRIMARY], Standard().basic_composite_cv[JUNIOR]
    (0.5, 0.55)
    >>> Standard(quality_cv={PRIMARY: 0.45, JUNIOR: 0.40}).quality_cv[PRIMARY]
    0.45
    """

    basic_composite_cv: dict = field(default_factory=lambda: {PRIMARY: 0.65, JUNIOR: 0.55})
    quality_cv: dict = field(default_factory=lambda: {PRIMARY: 0.50, JUNIOR: 0.45})
    quality_thresholds: MappingProxyType = field(default_factory=lambda: _frozen(_QUALITY_THRESHOLDS))
    # Each school meets at least 6 of the 7 thresholds, and the rest reach 85% of theirs.
    quality_min_met: int = 6
    quality_rest_share: float = 0.85
    # Scope: special schools out; 教学点 "merge" into the central school or "exclude"; small schools out.
    exclude_special: bool = True
    teaching_points: str = "merge"
    min_students: int = 0
    # Class size: 2017 norms and school size limits.
    class_size_norm: dict = field(default_factory=lambda: {PRIMARY: 45, JUNIOR: 50})
    class_size_bands: tuple = (45, 55, 65)
    school_size_limit: int = 2000
    through_school_size_limit: int = 2500
    # Share of a 九年一贯制 school's shared assets: enrolment weighted primary 1 : junior 1.1.
    split_weights: dict = field(default_factory=lambda: {PRIMARY: 1.0, JUNIOR: 1.1})

    def indicators(self, standard: str) -> tuple[Indicator, ...]:
        """The indicators of the 2012 ("basic") or 2017 ("quality") method."""
        return BASIC_INDICATORS if standard == BASIC else QUALITY_INDICATORS

    def threshold(self, level: str, indicator: str) -> float | None:
        """The 2017 per-school line of an indicator at a level (None when the indicator has none)."""
        return self.quality_thresholds.get(level, {}).get(indicator)

    def cv_line(self, standard: str, level: str) -> float:
        """The CV line: single CV (2017) or composite CV (2012)."""
        return (self.quality_cv if standard == QUALITY else self.basic_composite_cv)[level]

"""核定编制: a school's staffing norm from its pupils (生师比) or, for a small rural school, its classes (班师比).

The national norms (中央编办、教育部、财政部 2014, 城乡统一) are one member of staff (教职工) per 19 pupils in 小学,
13.5 in 初中 and 12.5 in 高中. A village school or 教学点 with few pupils would get too few staff to open its classes
by that count, so provinces add a 班师比 (staff per class) for them; its numbers differ by province, so they are
settings here with a common value as the default, to be set to the province's own. In post, only staff
actually available count: 借调 (seconded out) and 长期病休 (long sick leave) are reported apart.

Examples
--------
>>> school = SchoolLoad("1", "城关一小", "城区", pupils={"小学": 1900}, classes={"小学": 40})
>>> staffing_norm(school, NormRules())
Norm(staff=100, rule='小学按生师比19:1')
>>> village = SchoolLoad("2", "山口小学", "乡村", pupils={"小学": 60}, classes={"小学": 6})
>>> staffing_norm(village, NormRules())
Norm(staff=11, rule='小学按班师比1:1.8（学生少于200人的乡村学校）')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["Norm", "NormRules", "SchoolLoad", "StaffGap", "StaffInPost", "staffing_gap", "staffing_norm"]


@dataclass(frozen=True)
class NormRules:
    pupils_per_staff: dict[str, float] = field(default_factory=lambda: {"小学": 19.0, "初中": 13.5, "高中": 12.5})
    # 班师比 (staff per class) for small rural schools: common provincial values, to be set to the province's own.
    staff_per_class: dict[str, float] = field(default_factory=lambda: {"小学": 1.8, "初中": 3.0})
    small_school_pupils: int = 200  # a 乡村 school or 教学点 under this many pupils may be counted by classes


@dataclass(frozen=True)
class SchoolLoad:
    code: str
    name: str
    locality: str  # 城区 / 镇区 / 乡村
    pupils: dict[str, int]  # by stage: {"小学": 600, "初中": 300}
    classes: dict[str, int]
    teaching_point: bool = False


@dataclass(frozen=True)
class Norm:
    staff: int
    rule: str


@dataclass(frozen=True)
class StaffInPost:
    in_post: int  # 在编在岗, including those away below
    seconded_out: int = 0  # 借调 elsewhere: on the roll, not teaching here
    long_sick: int = 0  # 长期病休


@dataclass(frozen=True)
class StaffGap:
    code: str
    name: str
    norm: int
    in_post: int
    available: int
    gap: int  # available − norm: + surplus (超编), − shortage (缺编)
    rule: str

    @property
    def verdict(self) -> str:
        return "超编" if self.gap > 0 else "缺编" if self.gap < 0 else "满编"


def _small(school: SchoolLoad, rules: NormRules) -> bool:
    return school.teaching_point or (school.locality == "乡村"
                                     and sum(school.pupils.values()) < rules.small_school_pupils)


def staffing_norm(school: SchoolLoad, rules: NormRules) -> Norm:
    """The staff a school is entitled to: per stage, by pupils, or by classes where that gives more to a small
    rural school; the sum rounded up (a school cannot staff 0.3 of a teacher)."""
    total, rules_used = 0.0, []
    for stage, pupils in school.pupils.items():
        ratio = rules.pupils_per_staff.get(stage)
        if ratio is None or pupils <= 0:
            continue
        by_pupils = pupils / ratio
        per_class = rules.staff_per_class.get(stage)
        by_classes = school.classes.get(stage, 0) * per_class if per_class and _small(school, rules) else 0.0
        if by_classes > by_pupils:
            total += by_classes
            rules_used.append(f"{stage}按班师比1:{per_class:g}（学生少于{rules.small_school_pupils}人的乡村学校）"
                              if not school.teaching_point else f"{stage}按班师比1:{per_class:g}（教学点）")
        else:
            total += by_pupils
            rules_used.append(f"{stage}按生师比{ratio:g}:1")
    return Norm(math.ceil(total - 1e-9), "；".join(rules_used) or "没有在校生")


def staffing_gap(school: SchoolLoad, staff: StaffInPost, rules: NormRules) -> StaffGap:
    """The school's norm against the staff it really has (借调 and 长期病休 not counted as available).

    >>> school = SchoolLoad("1", "城关一小", "城区", {"小学": 1900}, {"小学": 40})
    >>> staffing_gap(school, StaffInPost(98, seconded_out=2, long_sick=1), NormRules()).gap
    -5
    """
    norm = staffing_norm(school, rules)
    available = staff.in_post - staff.seconded_out - staff.long_sick
    return StaffGap(school.code, school.name, norm.staff, staff.in_post, available, available - norm.staff, norm.rule)

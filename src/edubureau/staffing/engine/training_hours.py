"""继续教育: a teacher's hours in the five-year cycle against what is due by now, and who is behind (pure).

The national rule for primary and secondary teachers is 360 hours in each five-year cycle (a setting, as the
cycle's first year is); progress is read against the share of the cycle gone by, so a teacher two years into the
cycle should have 144. Records come from the training platform's export or are entered by the school.

Examples
--------
>>> records = [TrainingRecord("T1", "新课标解读", 48, "省", 2026), TrainingRecord("T1", "校本研修", 30, "校", 2025)]
>>> p = progress("T1", records, TrainingRules(cycle_start=2024), today=dt.date(2026, 1, 1))
>>> p.hours, p.expected, p.behind
(78.0, 144, 66.0)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

__all__ = ["LEVELS", "Progress", "TrainingRecord", "TrainingRules", "behind_by_school", "progress"]

LEVELS = ("国家", "省", "市", "县", "校")


@dataclass(frozen=True)
class TrainingRules:
    cycle_hours: int = 360
    cycle_years: int = 5
    cycle_start: int = 2024  # the first year of the current cycle, as the province set it


@dataclass(frozen=True)
class TrainingRecord:
    teacher: str
    course: str
    hours: float
    level: str  # 国家 / 省 / 市 / 县 / 校
    year: int


@dataclass(frozen=True)
class Progress:
    teacher: str
    hours: float
    expected: int  # due by now, pro rata
    required: int  # the whole cycle's
    by_level: dict[str, float]

    @property
    def behind(self) -> float:
        return max(0, self.expected - self.hours)

    @property
    def done(self) -> bool:
        return self.hours >= self.required


def progress(teacher: str, records, rules: TrainingRules, *, today: dt.date) -> Progress:
    """Hours of the current cycle so far, and the share of the cycle's hours due by ``today`` (whole years gone)."""
    end = rules.cycle_start + rules.cycle_years - 1
    hours, by_level = 0.0, defaultdict(float)
    for record in records:
        if record.teacher == teacher and rules.cycle_start <= record.year <= end:
            hours += record.hours
            by_level[record.level] += record.hours
    years_gone = min(rules.cycle_years, max(0, today.year - rules.cycle_start))
    expected = round(rules.cycle_hours * years_gone / rules.cycle_years)
    return Progress(teacher, hours, expected, rules.cycle_hours, dict(by_level))


def behind_by_school(teachers: dict[str, str], records, rules: TrainingRules, *, today: dt.date):
    """{school: [Progress of its teachers behind, most behind first]} for ``teachers`` ({工号: school})."""
    by_teacher = defaultdict(list)
    for record in records:  # grouped once: a county has tens of thousands of records
        by_teacher[record.teacher].append(record)
    result: dict[str, list[Progress]] = defaultdict(list)
    for teacher, school in teachers.items():
        p = progress(teacher, by_teacher.get(teacher, ()), rules, today=today)
        if p.behind > 0:
            result[school].append(p)
    return {school: sorted(rows, key=lambda p: -p.behind) for school, rows in result.items()}

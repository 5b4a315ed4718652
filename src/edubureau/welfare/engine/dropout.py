"""控辍保学 (pure: no Django): the risk list, the 劝返 case's life, and the year's dropout rates.

The risk list is the 2024 通知's 四查三比对 read off the county's own data (``spec/wave2-facts.md`` (c)):

- 户籍 vs 学籍 → 适龄未入学: a child of compulsory-school age in the 户籍 file who is on no roll;
- 学籍 vs 在校 → 疑似辍学: a pupil absent ``absence_days`` school days in a row (a setting: local rules say 3 to 7);
- a 转出 with no receiving school named, and a 休学 past its end without 复学.

A case runs 疑似 → 核实 → 辍学 → 劝返中 → 复学 or 销号, every 劝返 attempt recorded; 销号 needs the evidence (转学 to
a named school, 就读特殊教育学校, 送教上门 …) and 复学 the day back.

Examples
--------
>>> reference = dt.date(2026, 8, 31)
>>> compulsory_age(dt.date(2019, 8, 31), reference), compulsory_age(dt.date(2020, 9, 1), reference)
(True, False)
>>> case = Case("c1", "学籍 vs 在校：连续缺课5天")
>>> _ = case.move("核实", dt.date(2026, 3, 2), note="班主任家访，确认未到校")
>>> _ = case.attempt(dt.date(2026, 3, 3), "校长、村委会主任", "家长同意下周返校")
>>> case.move("复学", dt.date(2026, 3, 9), note="已返校")
'复学'
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Attempt", "Case", "CaseRefused", "DropoutRules", "Risk", "compulsory_age", "dropout_rates", "risks"]


@dataclass(frozen=True)
class DropoutRules:
    absence_days: int = 3  # school days absent in a row before a pupil is 疑似辍学 (a county's setting)
    youngest: int = 6  # compulsory schooling from 6 full years by 31 August …
    oldest: int = 15  # … to 15 (nine years)
    reference_month_day: tuple[int, int] = (8, 31)


def compulsory_age(born: dt.date, reference: dt.date, rules: DropoutRules = DropoutRules()) -> bool:
    """Of compulsory-school age on ``reference`` (6 full years by 31 August, not yet 16)."""
    age = reference.year - born.year - ((reference.month, reference.day) < (born.month, born.day))
    return rules.youngest <= age <= rules.oldest


@dataclass(frozen=True)
class Risk:
    child: str
    kind: str  # 适龄未入学 / 疑似辍学 / 转出无接收学校 / 休学逾期
    reason: str


def _longest_run(days: list[dt.date], school_days: list[dt.date]) -> int:
    """The longest run of consecutive school days in ``days`` (weekends and holidays do not break a run)."""
    absent, run, best = set(days), 0, 0
    for day in school_days:
        run = run + 1 if day in absent else 0
        best = max(best, run)
    return best


def risks(*, household: dict[str, dt.date], on_roll: set[str], absences: dict[str, list[dt.date]],
          school_days: list[dt.date], transfers_out: dict[str, str], suspensions: dict[str, dt.date | None],
          today: dt.date, rules: DropoutRules = DropoutRules()) -> list[Risk]:
    """The risk list on ``today``.

    ``household``: {ID number: birth date} of the 户籍 file; ``on_roll``: ID numbers on a roll now; ``absences``:
    {child: days absent}; ``school_days``: the term's school days in order; ``transfers_out``: {child: receiving
    school, '' when none named}; ``suspensions``: {child on 休学: its planned end, or None}.
    """
    reference = dt.date(today.year if (today.month, today.day) > rules.reference_month_day else today.year - 1,
                        *rules.reference_month_day)
    found = []
    for child, born in sorted(household.items()):
        if child not in on_roll and compulsory_age(born, reference, rules):
            found.append(Risk(child, "适龄未入学", "户籍 vs 学籍：适龄儿童不在任何学校的学籍中"))
    passed = [d for d in school_days if d <= today]
    for child, days in sorted(absences.items()):
        run = _longest_run(days, passed)
        if run >= rules.absence_days:
            found.append(Risk(child, "疑似辍学", f"学籍 vs 在校：连续缺课{run}天（{rules.absence_days}天即预警）"))
    for child, school in sorted(transfers_out.items()):
        if not school.strip():
            found.append(Risk(child, "转出无接收学校", "办理转出但没有接收学校"))
    for child, until in sorted(suspensions.items(), key=lambda item: item[0]):
        if until is not None and until < today:
            found.append(Risk(child, "休学逾期", f"休学至{until:%Y年%m月%d日}，逾期未复学"))
    return found


class CaseRefused(ValueError):
    """A step a case cannot take, with the reason."""


STEPS = {"疑似": ("核实", "销号"), "核实": ("辍学", "复学", "销号"), "辍学": ("劝返中",), "劝返中": ("复学", "销号")}
# 销号 closes a case with evidence of where the child now learns (动态销号); these are the outcomes it accepts.
CLOSINGS = ("转学（已核实接收学校）", "就读特殊教育学校", "送教上门", "随班就读", "已超过义务教育年龄", "死亡", "误报")


@dataclass(frozen=True)
class Attempt:
    day: dt.date
    people: str
    outcome: str


@dataclass
class Case:
    """一人一案: a child's case from the risk to 复学 or 销号, with its trail and every 劝返 attempt."""

    child: str
    reason: str
    state: str = "疑似"
    trail: list[tuple[dt.date, str, str]] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)

    def move(self, step: str, day: dt.date, *, note: str = "", evidence: str = "") -> str:
        if step not in STEPS.get(self.state, ()):
            raise CaseRefused(f"“{self.state}”的事项不能直接“{step}”")
        if step == "销号" and evidence not in CLOSINGS:
            raise CaseRefused(f"销号须写明去向并有佐证：{'、'.join(CLOSINGS)}")
        if step == "复学" and not note.strip():
            raise CaseRefused("复学须写明返校情况")
        if step == "复学" and self.state == "劝返中" and not self.attempts:
            raise CaseRefused("劝返中的事项须至少记录一次劝返")
        self.state = step
        self.trail.append((day, step, evidence or note))
        return step

    def attempt(self, day: dt.date, people: str, outcome: str) -> Attempt:
        if self.state in ("复学", "销号"):
            raise CaseRefused("事项已办结")
        if not people.strip() or not outcome.strip():
            raise CaseRefused("劝返记录须写明参与人员和结果")
        if self.state == "辍学":
            self.move("劝返中", day, note="开始劝返")
        attempt = Attempt(day, people.strip(), outcome.strip())
        self.attempts.append(attempt)
        return attempt


def dropout_rates(enrolled: Counter, dropped: Counter) -> dict[str, float]:
    """年辍学率 per level: dropouts of the year ÷ pupils on the roll at its start (None-safe: 0 for no pupils)."""
    return {level: (dropped.get(level, 0) / n if n else 0.0) for level, n in enrolled.items()}

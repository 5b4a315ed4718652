"""学籍 changes and the roll they make (pure: no Django): every child in exactly one school, or in none when out.

A change is dated and of one kind:

- 入学 / 转入 (from outside the county): the child joins a school's grade and class;
- 转出 (to outside the county), 死亡: the child leaves the roll;
- 休学: the child stays on the school's roll but is away (not counted as attending), until 复学;
- 转学 between two schools of the county: asked by one side, it moves the child only once **both** schools have
  confirmed it, on the day the second confirmation sets; until then the child stays where they are, so a child is
  never in two schools nor in none;
- 升级 / 调班: grade or class within the school.

``apply`` checks each change against the roll on its day and refuses, with the reason in Chinese, a change that
would break the rule: a child joining while on another roll, leaving a school they are not in, a transfer to their
own school, 复学 without 休学. ``roll_on(day)`` is the roll as it stood on any day.

Examples
--------
>>> roll = Roll()
>>> _ = roll.apply(Change("c1", "入学", dt.date(2025, 9, 1), school="A", grade=1, klass="1"))
>>> _ = roll.apply(Change("c1", "转学", dt.date(2026, 3, 2), school="B", grade=1, klass="2"))
>>> roll.where("c1", dt.date(2026, 3, 10)).school  # asked, not confirmed by both: still at A
'A'
>>> _ = roll.confirm("c1", dt.date(2026, 3, 5), side="out"); _ = roll.confirm("c1", dt.date(2026, 3, 9), side="in")
>>> roll.where("c1", dt.date(2026, 3, 8)).school, roll.where("c1", dt.date(2026, 3, 9)).school
('A', 'B')
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace

__all__ = ["KINDS", "Change", "ChangeRefused", "Place", "Roll"]

KINDS = ("入学", "转入", "转出", "死亡", "休学", "复学", "转学", "升级", "调班")
JOIN, LEAVE = ("入学", "转入"), ("转出", "死亡")


class ChangeRefused(ValueError):
    """A change the roll cannot take, with the reason a clerk reads."""


@dataclass(frozen=True)
class Change:
    child: str
    kind: str
    day: dt.date
    school: str = ""  # the school joined, or the receiving school of a 转学
    grade: int | None = None
    klass: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Place:
    """Where a child is on a day: school, grade, class, and whether on 休学 (on the roll, not attending)."""

    school: str
    grade: int | None
    klass: str
    suspended: bool = False


@dataclass
class _Transfer:
    change: Change
    out_on: dt.date | None = None
    in_on: dt.date | None = None


class Roll:
    """The county's roll as a history: for each child, the places from each day on (None: off the roll)."""

    def __init__(self):
        self._history: dict[str, list[tuple[dt.date, Place | None]]] = {}
        self._pending: dict[str, _Transfer] = {}

    # --- reading ------------------------------------------------------------------------------------------

    def where(self, child: str, day: dt.date) -> Place | None:
        history = self._history.get(child, [])
        i = bisect_right([d for d, _p in history], day)
        return history[i - 1][1] if i else None

    def roll_on(self, day: dt.date) -> dict[str, Place]:
        """{child: place} of every child on a roll on ``day`` (those on 休学 included, marked)."""
        found = {}
        for child in self._history:
            place = self.where(child, day)
            if place is not None:
                found[child] = place
        return found

    def counts_on(self, day: dt.date) -> Counter:
        """Children attending on ``day`` by (school, grade, class); 休学 not counted."""
        return Counter((p.school, p.grade, p.klass) for p in self.roll_on(day).values() if not p.suspended)

    def pending(self, child: str) -> Change | None:
        transfer = self._pending.get(child)
        return transfer.change if transfer else None

    # --- writing ------------------------------------------------------------------------------------------

    def _in_order(self, child: str, day: dt.date) -> None:
        history = self._history.get(child)
        if history and day < history[-1][0]:
            raise ChangeRefused(f"{day}早于该生最近一次学籍变动（{history[-1][0]}），请按时间顺序办理")

    def _set(self, child: str, day: dt.date, place: Place | None) -> None:
        self._in_order(child, day)
        history = self._history.setdefault(child, [])
        if history and history[-1][0] == day:
            history[-1] = (day, place)
        else:
            history.append((day, place))

    def apply(self, change: Change) -> Place | None:
        """Take ``change`` on its day; the child's place from then on (None: off the roll)."""
        if change.kind not in KINDS:
            raise ChangeRefused(f"未知的学籍变动类型：{change.kind}")
        self._in_order(change.child, change.day)
        here = self.where(change.child, change.day)
        kind = change.kind
        if kind in JOIN:
            if here is not None:
                raise ChangeRefused(f"该生已在{here.school}就读，不能再{kind}；校际转学请办理“转学”")
            if not change.school:
                raise ChangeRefused(f"{kind}须写明学校")
            place = Place(change.school, change.grade, change.klass)
        elif here is None:
            raise ChangeRefused(f"该生{change.day}不在任何学校的学籍中，不能办理{kind}")
        elif kind in LEAVE:
            if change.child in self._pending:
                raise ChangeRefused("该生有未办结的转学，请先撤回或办结")
            place = None
        elif kind == "休学":
            if here.suspended:
                raise ChangeRefused("该生已在休学中")
            place = replace(here, suspended=True)
        elif kind == "复学":
            if not here.suspended:
                raise ChangeRefused("该生不在休学中，不能复学")
            place = replace(here, suspended=False, grade=change.grade or here.grade, klass=change.klass or here.klass)
        elif kind == "转学":
            return self._ask_transfer(change, here)
        else:  # 升级 / 调班 within the school
            place = replace(here, grade=change.grade if change.grade is not None else here.grade,
                            klass=change.klass or here.klass)
        self._set(change.child, change.day, place)
        return place

    def _ask_transfer(self, change: Change, here: Place) -> Place:
        if change.school == here.school:
            raise ChangeRefused("转入学校与现就读学校相同")
        if here.suspended:
            raise ChangeRefused("休学期间不能转学，请先复学")
        if change.child in self._pending:
            raise ChangeRefused("该生已有未办结的转学")
        self._pending[change.child] = _Transfer(change)
        return here  # nothing moves until both schools confirm

    def confirm(self, child: str, day: dt.date, *, side: str) -> Place | None:
        """The sending (``out``) or receiving (``in``) school confirms the pending 转学; with both, the child moves
        on the later of the two days. Returns the place from then on, or None while one side is still missing."""
        transfer = self._pending.get(child)
        if transfer is None:
            raise ChangeRefused("该生没有待确认的转学")
        if day < transfer.change.day:
            raise ChangeRefused("确认日期早于转学申请日期")
        if side == "out":
            transfer.out_on = day
        elif side == "in":
            transfer.in_on = day
        else:
            raise ChangeRefused(f"未知的确认方：{side}")
        if transfer.out_on is None or transfer.in_on is None:
            return None
        moved_on = max(transfer.out_on, transfer.in_on)
        target = transfer.change
        place = Place(target.school, target.grade if target.grade is not None else self.where(child, moved_on).grade,
                      target.klass)
        del self._pending[child]
        self._set(child, moved_on, place)
        return place

    def withdraw(self, child: str) -> None:
        """The transfer asked is withdrawn (either school declines): the child stays where they are."""
        if self._pending.pop(child, None) is None:
            raise ChangeRefused("该生没有待确认的转学")

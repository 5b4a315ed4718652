"""Papers that expire (校车年检、保险, 驾驶证, 校车驾驶资格, 食品经营许可证) and overloaded routes: pure checks.

>>> import datetime as dt
>>> expiring([Paper("v1", "年检", dt.date(2026, 7, 1)), Paper("v2", "保险", dt.date(2026, 9, 1))], dt.date(2026, 6, 15))
[Paper(key='v1', kind='年检', expires=datetime.date(2026, 7, 1), label='')]
>>> overload(45, 40)
5
>>> overload(40, 40) is None
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["WARN_DAYS", "Paper", "days_left", "expiring", "overload", "overload_message", "paper_state"]

WARN_DAYS = 30


@dataclass(frozen=True)
class Paper:
    key: str  # what holds the paper ("vehicle:3")
    kind: str  # 年检, 保险, 驾驶证, 校车驾驶资格, 食品经营许可证 …
    expires: dt.date | None
    label: str = ""


def days_left(expires: dt.date, today: dt.date) -> int:
    return (expires - today).days


def paper_state(expires: dt.date | None, today: dt.date, within: int = WARN_DAYS) -> str:
    """"已过期", "即将到期" (within ``within`` days), "有效" or "未填写".

    >>> d = dt.date(2026, 6, 1)
    >>> [paper_state(x, d) for x in (None, dt.date(2026, 5, 31), d, dt.date(2026, 7, 1), dt.date(2026, 7, 2))]
    ['未填写', '已过期', '即将到期', '即将到期', '有效']
    """
    if expires is None:
        return "未填写"
    left = days_left(expires, today)
    if left < 0:
        return "已过期"
    return "即将到期" if left <= within else "有效"


def expiring(papers: Iterable[Paper], today: dt.date, within: int = WARN_DAYS, *,
             include_expired: bool = True) -> list[Paper]:
    """The papers expiring within ``within`` days (and those already expired), soonest first."""
    found = [p for p in papers if p.expires is not None
             and days_left(p.expires, today) <= within and (include_expired or p.expires >= today)]
    return sorted(found, key=lambda p: (p.expires, p.key, p.kind))


def overload(pupils: int, seats: int) -> int | None:
    """How many pupils a route carries beyond the bus's seats, or None when they fit."""
    over = int(pupils) - int(seats)
    return over if over > 0 else None


def overload_message(route: str, pupils: int, seats: int, plate: str = "") -> str | None:
    """The error shown for an overloaded route, or None.

    >>> overload_message("城关线", 42, 35, "赣A12345")
    '城关线核载35座（赣A12345），乘车学生42人，超员7人：校车严禁超员，请减少乘车学生或更换座位足够的校车。'
    """
    over = overload(pupils, seats)
    if over is None:
        return None
    bus = f"（{plate}）" if plate else ""
    return (f"{route}核载{seats}座{bus}，乘车学生{pupils}人，超员{over}人：校车严禁超员，"
            "请减少乘车学生或更换座位足够的校车。")

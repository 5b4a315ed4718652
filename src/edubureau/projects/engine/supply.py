"""What a project adds to a school's balance resources once delivered (issue 15: "seats added and areas flow, at their
completion date, into what the balance module counts as planned supply").

The resources are named as the balance engine's ``SchoolPart`` names them. Building projects (新建, 改扩建) add
教学及辅助用房 area, a 运动场 project sports ground; every new classroom is counted as a 网络多媒体教室 (new rooms are
fitted with networked multimedia, the 班班通 standard); seats add capacity, not pupils, so they move no indicator.
加固, 维修, 食堂 and 宿舍 add nothing the indicators count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["AREA_OF_KIND", "LEVEL_ORDER", "Supply", "delivered_in", "place", "project_supply"]

AREA_OF_KIND = {"新建": "teaching_area", "改扩建": "teaching_area", "运动场": "sports_area"}
LEVEL_ORDER = ("小学", "初中")


@dataclass(frozen=True)
class Supply:
    """A project's additions: ``resources`` (balance resource → amount), the level it names, its seats."""

    level: str
    resources: dict
    classrooms: int = 0
    seats: int = 0


def project_supply(kind: str, level: str, area: float, classrooms: int = 0, seats: int = 0) -> Supply:
    """The resources a project of ``kind`` adds when delivered.

    Examples
    --------
    >>> project_supply("改扩建", "小学", 1200.0, 12, 540)
    Supply(level='小学', resources={'teaching_area': 1200.0, 'multimedia_rooms': 12}, classrooms=12, seats=540)
    >>> project_supply("运动场", "", 3000.0).resources
    {'sports_area': 3000.0}
    >>> project_supply("食堂", "", 800.0).resources
    {}
    """
    resources: dict[str, float] = {}
    resource = AREA_OF_KIND.get(kind)
    if resource is not None and area > 0:
        resources[resource] = float(area)
    if classrooms > 0:
        resources["multimedia_rooms"] = classrooms
    return Supply(level, resources, classrooms, seats)


def place(level: str, levels: Iterable[str]) -> str | None:
    """The part of a school that receives a project's additions: the level the project names when the school has
    it, else the school's 小学 part, else its 初中 part; None when the school has no part.

    Examples
    --------
    >>> place("初中", ["小学", "初中"]), place("", ["初中", "小学"]), place("小学", ["初中"]), place("", [])
    ('初中', '小学', '初中', None)
    """
    have = set(levels)
    if level in have:
        return level
    return next((lv for lv in LEVEL_ORDER if lv in have), None)


def delivered_in(planned: dt.date | None, actual: dt.date | None, year: int) -> bool:
    """Whether the delivery (交付) — its actual date, else its planned date — falls in calendar ``year``.

    Examples
    --------
    >>> d = dt.date
    >>> delivered_in(d(2026, 12, 31), None, 2026), delivered_in(d(2027, 1, 1), None, 2026)
    (True, False)
    >>> delivered_in(d(2027, 3, 1), d(2026, 11, 20), 2026), delivered_in(None, None, 2026)
    (True, False)
    """
    day = actual or planned
    return day is not None and day.year == year

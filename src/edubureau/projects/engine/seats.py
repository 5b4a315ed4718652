"""Seats a project adds: the first school year they are usable, the first-year classes they open, totals per year."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

__all__ = ["GRADES", "first_usable_year", "first_year_classes", "seats_by_year"]

# Grades a class stream runs through: a new 小学 stream needs six classrooms, a 初中 one three.
GRADES = {"小学": 6, "初中": 3}


def first_usable_year(delivered: dt.date) -> int:
    """The autumn the seats are first used: delivered by 31 August → that autumn, else the next.

    >>> first_usable_year(dt.date(2027, 8, 31)), first_usable_year(dt.date(2027, 9, 1))
    (2027, 2028)
    """
    return delivered.year if (delivered.month, delivered.day) <= (8, 31) else delivered.year + 1


def first_year_classes(classrooms: int, seats: int, level: str, class_size: int, streams: int | None = None) -> int:
    """First-year classes the project opens each autumn (what the enrolment forecast counts as ``SeatChange``).

    ``streams`` given (the 轨 the project adds) wins; else one stream per ``GRADES[level]`` classrooms (at least one
    when there are classrooms), else the seats over the class size and the grades.

    >>> first_year_classes(12, 0, "小学", 45), first_year_classes(4, 0, "小学", 45)
    (2, 1)
    >>> first_year_classes(6, 0, "初中", 50), first_year_classes(0, 540, "小学", 45)
    (2, 2)
    >>> first_year_classes(0, 0, "小学", 45), first_year_classes(6, 0, "小学", 45, 2)
    (0, 2)
    """
    if streams is not None:
        return max(streams, 0)
    grades = GRADES.get(level, 6)
    if classrooms > 0:
        return max(round(classrooms / grades), 1)
    if seats > 0 and class_size > 0:
        return max(round(seats / (class_size * grades)), 1)
    return 0


def seats_by_year(items: Iterable[tuple[int, int, int]]) -> list[dict]:
    """``(year, classrooms, seats)`` per delivered project → per year with running totals, oldest first.

    >>> seats_by_year([(2027, 6, 270), (2026, 12, 540), (2027, 4, 180)])  # doctest: +NORMALIZE_WHITESPACE
    [{'year': 2026, 'classrooms': 12, 'seats': 540, 'projects': 1, 'total_classrooms': 12, 'total_seats': 540},
     {'year': 2027, 'classrooms': 10, 'seats': 450, 'projects': 2, 'total_classrooms': 22, 'total_seats': 990}]
    """
    per = defaultdict(lambda: [0, 0, 0])
    for year, classrooms, seats in items:
        per[year][0] += classrooms
        per[year][1] += seats
        per[year][2] += 1
    out, rooms, total = [], 0, 0
    for year in sorted(per):
        c, s, n = per[year]
        rooms, total = rooms + c, total + s
        out.append({"year": year, "classrooms": c, "seats": s, "projects": n, "total_classrooms": rooms,
                    "total_seats": total})
    return out

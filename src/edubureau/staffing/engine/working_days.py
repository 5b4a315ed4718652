"""The county's working-day calendar: weekends off, public holidays off, 调休 weekends on (pure).

Holidays and make-up working days are data the bureau enters each year (the State Council's notice), the same
dates the inspection planner skips. Leave and absence are counted on this calendar.

Examples
--------
>>> national_day = WorkCalendar(holidays=frozenset(dt.date(2026, 10, d) for d in range(1, 8)),
...                             workdays=frozenset({dt.date(2026, 9, 27), dt.date(2026, 10, 10)}))
>>> national_day.is_working_day(dt.date(2026, 10, 10)), national_day.is_working_day(dt.date(2026, 10, 5))
(True, False)
>>> national_day.working_days(dt.date(2026, 9, 28), dt.date(2026, 10, 11))  # 9-28, 9-29, 9-30, 10-8, 10-9, 10-10
6
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["WorkCalendar"]

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date] = frozenset()  # public holidays, including those on a weekday
    workdays: frozenset[dt.date] = frozenset()  # 调休: a Saturday or Sunday worked in exchange

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day not in self.holidays and day.weekday() < 5

    def days(self, start: dt.date, end: dt.date):
        """The working days from ``start`` to ``end``, both included."""
        day = start
        while day <= end:
            if self.is_working_day(day):
                yield day
            day += ONE_DAY

    def working_days(self, start: dt.date, end: dt.date) -> int:
        return sum(1 for _day in self.days(start, end))

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (``n`` ≥ 1): a 公示 of five working days ends on
        ``add_working_days(first_day - 1 day, 5)``."""
        day, left = start, n
        while left > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                left -= 1
        return day

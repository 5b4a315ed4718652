"""学校月度安全自查, pure: the month a day falls in, the month before, and which schools have done fewer self-checks
than they owe.

Every school checks its own premises at least once a month (the bureau sets how often, 中小学 and 幼儿园 apart); a
school's part of a 专项 campaign is a self-check too and counts in the month it was done.

>>> import datetime as dt
>>> month_of(dt.date(2026, 3, 17)), previous_month(dt.date(2026, 1, 3)), month_end(dt.date(2026, 2, 1))
(datetime.date(2026, 3, 1), datetime.date(2025, 12, 1), datetime.date(2026, 2, 28))
>>> missing({"A": 1, "B": 0}, {"A": 1, "B": 1, "C": 2})
[('C', 0, 2), ('B', 0, 1)]
>>> month_label(dt.date(2026, 4, 1))
'2026年4月'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping

__all__ = ["missing", "month_end", "month_label", "month_of", "previous_month"]


def month_of(day: dt.date) -> dt.date:
    """The first day of the month ``day`` falls in."""
    return day.replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    """The first day of the month before the one ``day`` falls in."""
    return (month_of(day) - dt.timedelta(days=1)).replace(day=1)


def month_end(first: dt.date) -> dt.date:
    """The last day of the month that starts on (or contains) ``first``."""
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def month_label(first: dt.date) -> str:
    return f"{first.year}年{first.month}月"


def missing(done: Mapping[Hashable, int], owed: Mapping[Hashable, int]) -> list[tuple[Hashable, int, int]]:
    """The schools of ``owed`` (school → self-checks owed) that have done fewer (``done``): ``(school, done, owed)``,
    the most behind first, then by school."""
    rows = [(s, done.get(s, 0), n) for s, n in owed.items() if done.get(s, 0) < n]
    return sorted(rows, key=lambda r: (r[1] - r[2], str(r[0])))

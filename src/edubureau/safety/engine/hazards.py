"""隐患排查整改 as pure rules: grades, the deadline a grade sets, age bands and the ledger's counts.

A finding of a check becomes a hazard with a grade; the grade sets the 整改期限 (一般 30 days, 较大 15, 重大 7 by
default, the 安全科 may change them in the settings). A 重大 hazard is reported to the leaders at once.

>>> import datetime as dt
>>> deadline_for("重大", dt.date(2026, 6, 1))
datetime.date(2026, 6, 8)
>>> deadline_for("一般", dt.date(2026, 6, 1), {"一般": 10})
datetime.date(2026, 6, 11)
>>> age_band(dt.date(2026, 6, 1), dt.date(2026, 6, 20))
'8—30天'
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

__all__ = ["AGE_BANDS", "DEADLINE_DAYS", "GRADES", "LEADER_GRADES", "age_band", "by_grade_and_age", "deadline_for",
           "is_overdue"]

GRADES = ("一般", "较大", "重大")
DEADLINE_DAYS = {"一般": 30, "较大": 15, "重大": 7}
# Grades reported to the bureau's leaders the moment they are recorded.
LEADER_GRADES = frozenset({"重大"})
# (label, first day, last day) of the age of an open hazard, counted from the day it was found.
AGE_BANDS = (("7天内", 0, 7), ("8—30天", 8, 30), ("31—90天", 31, 90), ("90天以上", 91, None))


def deadline_for(grade: str, found: dt.date, days: Mapping[str, int] | None = None) -> dt.date:
    """The 整改期限 of a hazard of ``grade`` found on ``found`` (``days`` overrides the default per grade)."""
    table = {**DEADLINE_DAYS, **(days or {})}
    if grade not in table:
        raise ValueError(f"未知的隐患等级：{grade}")
    return found + dt.timedelta(days=int(table[grade]))


def age_band(found: dt.date, today: dt.date) -> str:
    """The age band of a hazard open since ``found``.

    >>> age_band(dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    '7天内'
    >>> age_band(dt.date(2026, 1, 1), dt.date(2026, 12, 1))
    '90天以上'
    """
    age = max((today - found).days, 0)
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    raise AssertionError(age)  # pragma: no cover - the bands cover every age


def is_overdue(deadline: dt.date, today: dt.date, closed: bool) -> bool:
    """An open hazard past its deadline.

    >>> day, next_day = dt.date(2026, 1, 1), dt.date(2026, 1, 2)
    >>> is_overdue(day, next_day, False), is_overdue(day, next_day, True)
    (True, False)
    """
    return not closed and today > deadline


def by_grade_and_age(open_hazards: Iterable[tuple[str, dt.date]], today: dt.date) -> dict[str, dict[str, int]]:
    """Counts of open hazards ``(grade, found)`` by grade and age band, every cell present (zeros too).

    >>> rows = [("一般", dt.date(2026, 6, 1)), ("重大", dt.date(2026, 3, 1))]
    >>> table = by_grade_and_age(rows, dt.date(2026, 6, 3))
    >>> table["一般"]["7天内"], table["重大"]["90天以上"], table["较大"]["7天内"]
    (1, 1, 0)
    """
    counts = Counter((grade, age_band(found, today)) for grade, found in open_hazards)
    return {grade: {label: counts[(grade, label)] for label, _low, _high in AGE_BANDS} for grade in GRADES}

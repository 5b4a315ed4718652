"""Statistics of the cases (pure): counts by a key and the on-time rate.

>>> import datetime as dt
>>> rows = [Row("来信", "师德", "一中", dt.date(2026, 3, 2), dt.date(2026, 3, 20), dt.date(2026, 4, 1)),
...         Row("来信", "招生", "一中", dt.date(2026, 3, 9), dt.date(2026, 5, 20), dt.date(2026, 5, 8)),
...         Row("12345热线", "安全", "", dt.date(2026, 4, 1), None, dt.date(2026, 4, 8))]
>>> count_by(rows, "channel")
[('来信', 2), ('12345热线', 1)]
>>> count_by(rows, "month")
[('2026-03', 2), ('2026-04', 1)]
>>> on_time_rate(rows, today=dt.date(2026, 4, 5))  # one on time, one late, one still within its deadline
(1, 2)

An extended case is counted against its extended deadline: answered after the first one, within the second.

>>> late = Row("来信", "招生", "一中", dt.date(2026, 3, 9), dt.date(2026, 5, 20), dt.date(2026, 6, 7), extended=True)
>>> on_time_rate([late], today=dt.date(2026, 6, 30))
(1, 1)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Row", "count_by", "on_time_rate"]


@dataclass(frozen=True)
class Row:
    channel: str
    category: str
    school: str
    received: dt.date
    answered: dt.date | None
    due: dt.date  # the deadline in force: an extended case's extended one (信访工作条例, 延期)
    extended: bool = False

    @property
    def month(self) -> str:
        return f"{self.received:%Y-%m}"


def count_by(rows: Iterable[Row], key: str) -> list[tuple[str, int]]:
    """Counts by ``key`` (channel, category, school, month): most first, months in order; blank as "未指明"."""
    counts = Counter((getattr(row, key) or "未指明") for row in rows)
    if key == "month":
        return sorted(counts.items())
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def on_time_rate(rows: Iterable[Row], today: dt.date) -> tuple[int, int]:
    """``(answered on time, cases whose deadline has passed or that were answered)``: the rate's numerator and
    denominator. A case still open within its deadline is not counted yet."""
    on_time = counted = 0
    for row in rows:
        if row.answered is None and row.due >= today:
            continue
        counted += 1
        on_time += row.answered is not None and row.answered <= row.due
    return on_time, counted

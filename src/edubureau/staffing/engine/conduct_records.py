"""师德 records: honours and violations under the national 十项准则, and what an active sanction vetoes (pure).

The categories are the ten of 《新时代中小学教师职业行为十项准则》 (教育部 2018). A violation carries a sanction
for a period; while it runs it vetoes promotion (岗位等级晋升 and 职称), honours (评优评先) and the 师德 item of the
school evaluation, the 一票否决 every seed plan names. A record is read by the 人事科 and the teacher's own school
head only; the pages enforce that, not this module.

Examples
--------
>>> warning = ConductRecord("违规", Category.NO_PAID_TUTORING, dt.date(2026, 3, 1), Sanction.WARNING)
>>> active_sanction([warning], dt.date(2026, 6, 1)) is warning, active_sanction([warning], dt.date(2026, 10, 1))
(True, None)
>>> vetoes([warning], dt.date(2026, 6, 1))
('岗位等级晋升', '职称评审', '评优评先', '学校考核师德项')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["SANCTION_MONTHS", "Category", "ConductRecord", "Sanction", "active_sanction", "sanction_end", "vetoes"]


class Category(StrEnum):
    """The 十项准则, in their order."""

    POLITICS = "坚定政治方向"
    LAW = "自觉爱国守法"
    CULTURE = "传播优秀文化"
    TEACHING = "潜心教书育人"
    CARE = "关心爱护学生"
    SAFETY = "加强安全防范"
    FAIRNESS = "坚持言行雅正"
    INTEGRITY = "秉持公平诚信"
    NO_GIFTS = "坚守廉洁自律"
    NO_PAID_TUTORING = "规范从教行为"


class Sanction(StrEnum):
    WARNING = "警告"
    DEMERIT = "记过"
    DEMOTION = "降低岗位等级"
    DISMISSAL = "开除"


# How long a sanction runs (《事业单位工作人员处分规定》: 警告 6 months, 记过 12, 降低岗位等级 24); settings of the
# province in practice, so a record may also carry its own end.
SANCTION_MONTHS = {Sanction.WARNING: 6, Sanction.DEMERIT: 12, Sanction.DEMOTION: 24}
VETOED = ("岗位等级晋升", "职称评审", "评优评先", "学校考核师德项")


@dataclass(frozen=True)
class ConductRecord:
    kind: str  # 表彰 / 违规
    category: Category
    day: dt.date
    sanction: Sanction | None = None
    ends: dt.date | None = None  # when the record states it; otherwise from SANCTION_MONTHS
    note: str = ""


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def sanction_end(record: ConductRecord) -> dt.date | None:
    """The last day the sanction runs; None for no sanction, and a 开除 never ends."""
    if record.sanction is None:
        return None
    if record.ends is not None:
        return record.ends
    months = SANCTION_MONTHS.get(record.sanction)
    return dt.date.max if months is None else _add_months(record.day, months) - dt.timedelta(days=1)


def active_sanction(records, day: dt.date) -> ConductRecord | None:
    """The violation whose sanction runs on ``day`` (the latest-ending one), or None."""
    running = [r for r in records if r.sanction is not None and r.day <= day <= sanction_end(r)]
    return max(running, key=sanction_end, default=None)


def vetoes(records, day: dt.date) -> tuple[str, ...]:
    return VETOED if active_sanction(records, day) is not None else ()

"""Each channel's deadlines as data, counted on the county's working-day calendar (pure).

Sources (wave2-facts §(e)):

- 信访工作条例 (2022): decide within **15 days** whether to accept (受理告知), handle within **60 days** of
  acceptance. These are calendar days (日). They apply to 来信, 来访, 网上信访 and 上级转办.
- 12345 热线 (安康教育局): a 工单 is closed within **5 working days**; accepted within 1 working day.
- 电话 (the bureau's own line, a 投诉举报 in the other county's rule): **13 working days**, accepted within 1.

The clock starts on the day the bureau received the case (fixmystreet #3949: not before it reached the body).

>>> import datetime as dt
>>> from edubureau.staffing.engine.working_days import WorkCalendar
>>> cal = WorkCalendar()
>>> friday = dt.date(2026, 12, 4)
>>> due_dates("12345热线", friday, cal)  # Monday, then five working days later
(datetime.date(2026, 12, 7), datetime.date(2026, 12, 11))
>>> due_dates("来信", friday, cal)  # calendar days
(datetime.date(2026, 12, 19), datetime.date(2027, 2, 2))
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from edubureau.staffing.engine.working_days import WorkCalendar

__all__ = ["CHANNELS", "DEADLINES", "EXTENSION_DAYS", "ChannelDeadline", "due_dates", "extension_refusal", "on_time"]

# 信访工作条例: a complex case's 办理期限 may be extended once, by at most 30 days, with the approval of the office's
# head and notice of the reason to the complainant (wave2-facts §(e)).
EXTENSION_DAYS = 30

CHANNELS = ("来信", "来访", "电话", "12345热线", "网上信访", "上级转办")


@dataclass(frozen=True)
class ChannelDeadline:
    """``accept`` days to 受理告知 and ``answer`` days to the 答复, counted as working days when ``working``."""

    accept: int
    answer: int
    working: bool
    basis: str

    @property
    def unit(self) -> str:
        return "个工作日" if self.working else "日"


_REGULATION = ChannelDeadline(15, 60, False, "信访工作条例：15日内告知是否受理，60日内办结")
DEADLINES: dict[str, ChannelDeadline] = {
    "来信": _REGULATION,
    "来访": _REGULATION,
    "网上信访": _REGULATION,
    "上级转办": _REGULATION,
    "12345热线": ChannelDeadline(1, 5, True, "12345热线工单：1个工作日内签收，5个工作日内办结"),
    "电话": ChannelDeadline(1, 13, True, "投诉举报电话：1个工作日内受理，13个工作日内答复"),
}


def _add(start: dt.date, days: int, working: bool, calendar: WorkCalendar) -> dt.date:
    if working:
        return calendar.add_working_days(start, days)
    return start + dt.timedelta(days=days)


def due_dates(channel: str, received: dt.date, calendar: WorkCalendar) -> tuple[dt.date, dt.date]:
    """``(受理告知期限, 答复期限)`` of a case received on ``received`` through ``channel``.

    >>> import datetime as dt
    >>> due_dates("信鸽", dt.date(2026, 1, 5), WorkCalendar())
    Traceback (most recent call last):
    ...
    KeyError: '信鸽'
    """
    rule = DEADLINES[channel]
    return _add(received, rule.accept, rule.working, calendar), _add(received, rule.answer, rule.working, calendar)


def on_time(answered: dt.date | None, due: dt.date) -> bool:
    """Answered by the deadline (an unanswered case is not on time).

    >>> on_time(dt.date(2026, 1, 5), dt.date(2026, 1, 5)), on_time(None, dt.date(2026, 1, 5))
    (True, False)
    """
    return answered is not None and answered <= due


def extension_refusal(due: dt.date, new_due: dt.date, today: dt.date, *, extended_before: bool) -> str | None:
    """Why extending the 办理期限 ``due`` to ``new_due`` on ``today`` is refused — "twice", "late" (the deadline has
    passed), "not_later" or "too_long" (beyond ``due`` + 30 days) — or None when it is allowed.

    >>> due = dt.date(2026, 3, 1)
    >>> [extension_refusal(due, new, dt.date(2026, 2, 20), extended_before=False)
    ...  for new in (dt.date(2026, 3, 31), dt.date(2026, 4, 1), due)]
    [None, 'too_long', 'not_later']
    >>> extension_refusal(due, dt.date(2026, 3, 10), dt.date(2026, 3, 2), extended_before=False)
    'late'
    >>> extension_refusal(due, dt.date(2026, 3, 10), dt.date(2026, 2, 1), extended_before=True)
    'twice'
    """
    if extended_before:
        return "twice"
    if today > due:
        return "late"
    if new_due <= due:
        return "not_later"
    if new_due > due + dt.timedelta(days=EXTENSION_DAYS):
        return "too_long"
    return None

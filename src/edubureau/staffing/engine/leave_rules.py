"""请销假: leave types and their lengths as data, who approves, a request's steps, and what counts as 旷工 (pure).

The numbers follow ``spec/policy-facts.md`` §7.1 and are settings (:class:`LeaveRules`), since provinces extend
them: 婚假 3 days, 产假 98 days (+15 for a difficult birth, +15 per extra baby; a province adds its extension),
丧假 up to 3 days, 年休假 5 / 10 / 15 days by years of service, which teachers do not take apart from their winter
and summer vacations. Leave not approved, or not closed (销假) when it ended, counts as absence; more than 15
consecutive or 30 working days of it in a year is the 《事业单位人事管理条例》 art. 15 threshold, which the bureau
must follow up.

Examples
--------
>>> rules = LeaveRules()
>>> approvers(LeaveKind.PERSONAL, 2, rules), approvers(LeaveKind.SICK, 10, rules)
(('school',), ('school', 'bureau'))
>>> annual_leave_days(12, rules, teacher=False), annual_leave_days(12, rules, teacher=True)
(10, 0)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from .working_days import WorkCalendar

__all__ = ["AbsenceReport", "LeaveKind", "LeaveRequest", "LeaveRules", "LeaveState", "LeaveStepError", "absence",
           "annual_leave_days", "approvers", "entitled_days", "monthly_summary", "next_state"]


class LeaveKind(StrEnum):
    PERSONAL = "事假"
    SICK = "病假"
    MARRIAGE = "婚假"
    MATERNITY = "产假"
    PATERNITY = "陪产假"
    BEREAVEMENT = "丧假"
    HOME_VISIT = "探亲假"
    ANNUAL = "年休假"


@dataclass(frozen=True)
class LeaveRules:
    marriage_days: int = 3
    maternity_days: int = 98
    maternity_difficult_extra: int = 15
    maternity_per_extra_baby: int = 15
    maternity_province_extra: int = 0  # e.g. 30 or 60: the province's extension
    paternity_days: int = 15  # a provincial leave (护理假); 15 is common, the province sets it
    bereavement_days: int = 3
    home_visit_spouse_days: int = 30
    home_visit_parents_days: int = 20
    annual_by_service: tuple[tuple[int, int], ...] = ((20, 15), (10, 10), (1, 5))  # (years ≥, days)
    teachers_take_vacations: bool = True  # 寒暑假 longer than the entitlement: no separate 年休假
    # Kinds counted in calendar days (a 产假 runs through weekends); the others in working days.
    calendar_kinds: frozenset[str] = frozenset({LeaveKind.MATERNITY, LeaveKind.PATERNITY, LeaveKind.HOME_VISIT})
    school_approves_up_to: int = 3  # longer leave also goes to the 人事科
    close_within_days: int = 1  # working days after the end within which 销假 is due
    consecutive_absence_limit: int = 15
    yearly_absence_limit: int = 30


def annual_leave_days(years_of_service: int, rules: LeaveRules, *, teacher: bool) -> int:
    if teacher and rules.teachers_take_vacations:
        return 0
    return next((days for years, days in rules.annual_by_service if years_of_service >= years), 0)


def entitled_days(kind: LeaveKind, rules: LeaveRules, *, difficult_birth: bool = False, babies: int = 1,
                  married: bool = True, years_of_service: int = 0, teacher: bool = True) -> int | None:
    """The statutory length of a leave of ``kind``; None for 事假 and 病假, whose length the approval decides."""
    if kind == LeaveKind.MARRIAGE:
        return rules.marriage_days
    if kind == LeaveKind.MATERNITY:
        return (rules.maternity_days + rules.maternity_province_extra
                + (rules.maternity_difficult_extra if difficult_birth else 0)
                + rules.maternity_per_extra_baby * max(0, babies - 1))
    if kind == LeaveKind.PATERNITY:
        return rules.paternity_days
    if kind == LeaveKind.BEREAVEMENT:
        return rules.bereavement_days
    if kind == LeaveKind.HOME_VISIT:
        return rules.home_visit_spouse_days if married else rules.home_visit_parents_days
    if kind == LeaveKind.ANNUAL:
        return annual_leave_days(years_of_service, rules, teacher=teacher)
    return None


def approvers(kind: LeaveKind, days: int, rules: LeaveRules) -> tuple[str, ...]:
    """Who approves, in order: the school alone for short leave, then the 人事科 (``bureau``) beyond it."""
    return ("school",) if days <= rules.school_approves_up_to else ("school", "bureau")


class LeaveState(StrEnum):
    APPLIED = "已申请"
    SCHOOL_APPROVED = "学校已同意"
    APPROVED = "已批准"
    CLOSED = "已销假"
    REJECTED = "已驳回"
    WITHDRAWN = "已撤回"


class LeaveStepError(ValueError):
    """A step the request cannot take now, with the reason in Chinese."""


def next_state(state: LeaveState, action: str, chain: tuple[str, ...]) -> LeaveState:
    """The state after ``action`` (approve_school, approve_bureau, reject, withdraw, close); refuses the rest.

    >>> next_state(LeaveState.APPLIED, "approve_school", ("school",))
    <LeaveState.APPROVED: '已批准'>
    >>> next_state(LeaveState.APPLIED, "close", ("school",))
    Traceback (most recent call last):
    ...
    edubureau.staffing.engine.leave_rules.LeaveStepError: 已申请的请假不能销假
    """
    needs_bureau = "bureau" in chain
    steps = {
        (LeaveState.APPLIED, "approve_school"): LeaveState.SCHOOL_APPROVED if needs_bureau else LeaveState.APPROVED,
        (LeaveState.SCHOOL_APPROVED, "approve_bureau"): LeaveState.APPROVED,
        (LeaveState.APPLIED, "reject"): LeaveState.REJECTED,
        (LeaveState.SCHOOL_APPROVED, "reject"): LeaveState.REJECTED,
        (LeaveState.APPLIED, "withdraw"): LeaveState.WITHDRAWN,
        (LeaveState.SCHOOL_APPROVED, "withdraw"): LeaveState.WITHDRAWN,
        (LeaveState.APPROVED, "close"): LeaveState.CLOSED,
    }
    names = {"approve_school": "学校审批", "approve_bureau": "人事科审批", "reject": "驳回", "withdraw": "撤回",
             "close": "销假"}
    if (state, action) not in steps:
        raise LeaveStepError(f"{state.value}的请假不能{names.get(action, action)}")
    return steps[state, action]


@dataclass(frozen=True)
class LeaveRequest:
    kind: LeaveKind
    start: dt.date
    end: dt.date
    state: LeaveState = LeaveState.APPROVED
    returned_on: dt.date | None = None  # 销假: the first day back at work

    def covers(self, day: dt.date) -> bool:
        return self.state in (LeaveState.APPROVED, LeaveState.CLOSED) and self.start <= day <= self.end


@dataclass
class AbsenceReport:
    days: list[dt.date] = field(default_factory=list)  # working days away without approved leave
    longest_run: int = 0
    over_consecutive: bool = False
    over_yearly: bool = False

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def must_follow_up(self) -> bool:
        return self.over_consecutive or self.over_yearly


def absence(away: list[dt.date], leaves: list[LeaveRequest], calendar: WorkCalendar, rules: LeaveRules,
            *, today: dt.date) -> AbsenceReport:
    """Working days away without approved leave, plus the days after an approved leave ended and before 销假 when
    销假 came later than ``close_within_days`` working days (or has not come by ``today``)."""
    missing = {day for day in away if calendar.is_working_day(day) and not any(lv.covers(day) for lv in leaves)}
    for leave in leaves:
        if leave.state != LeaveState.APPROVED and leave.state != LeaveState.CLOSED:
            continue
        back = leave.returned_on or today
        due = calendar.add_working_days(leave.end, rules.close_within_days)
        if back > due:  # late back: every working day after the leave until the return is absence
            missing.update(calendar.days(leave.end + dt.timedelta(days=1), back - dt.timedelta(days=1)))
    days = sorted(missing)
    report = AbsenceReport(days)
    run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and calendar.add_working_days(previous, 1) == day else 1
        report.longest_run = max(report.longest_run, run)
        previous = day
    report.over_consecutive = report.longest_run > rules.consecutive_absence_limit
    by_year: dict[int, int] = {}
    for day in days:
        by_year[day.year] = by_year.get(day.year, 0) + 1
    report.over_yearly = any(n > rules.yearly_absence_limit for n in by_year.values())
    return report


def monthly_summary(year: int, month: int, leaves: list[LeaveRequest], absent: list[dt.date],
                    calendar: WorkCalendar, rules: LeaveRules) -> dict:
    """One teacher's month: its working days, leave days by kind (each kind on its own count) and absence days."""
    first = dt.date(year, month, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    by_kind: dict[str, int] = {}
    for leave in leaves:
        if leave.state not in (LeaveState.APPROVED, LeaveState.CLOSED):
            continue
        start, end = max(leave.start, first), min(leave.end, last)
        if start > end:
            continue
        n = (end - start).days + 1 if leave.kind in rules.calendar_kinds else calendar.working_days(start, end)
        by_kind[leave.kind.value] = by_kind.get(leave.kind.value, 0) + n
    return {"working_days": calendar.working_days(first, last), "leave": by_kind,
            "absence": sum(1 for day in absent if first <= day <= last)}

"""请销假: the calendar, the statutory lengths, the approval steps and 旷工, hand-checked and as properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.staffing.engine.leave_rules import (
    LeaveKind,
    LeaveRequest,
    LeaveRules,
    LeaveState,
    LeaveStepError,
    absence,
    entitled_days,
    monthly_summary,
    next_state,
)
from edubureau.staffing.engine.working_days import WorkCalendar

D = dt.date
# 2026: National Day 10-1 … 10-7 off, Sunday 9-27 and Saturday 10-10 worked instead.
AUTUMN = WorkCalendar(holidays=frozenset(D(2026, 10, d) for d in range(1, 8)),
                      workdays=frozenset({D(2026, 9, 27), D(2026, 10, 10)}))
RULES = LeaveRules()


def test_the_calendar_counts_holidays_and_make_up_days():
    assert D(2026, 9, 28).weekday() == 0  # a Monday
    assert AUTUMN.working_days(D(2026, 9, 28), D(2026, 10, 11)) == 6  # 9-28/29/30, 10-8/9/10
    assert AUTUMN.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)  # the day after the holiday
    assert AUTUMN.working_days(D(2026, 9, 26), D(2026, 9, 27)) == 1  # Saturday off, the 调休 Sunday worked


def test_statutory_lengths_follow_the_national_rules_and_the_province_extension():
    assert entitled_days(LeaveKind.MARRIAGE, RULES) == 3
    assert entitled_days(LeaveKind.MATERNITY, RULES) == 98
    # Twins after a difficult birth: 98 + 15 + 15; a province adding 60 days makes it 188.
    assert entitled_days(LeaveKind.MATERNITY, RULES, difficult_birth=True, babies=2) == 128
    assert entitled_days(LeaveKind.MATERNITY, LeaveRules(maternity_province_extra=60), difficult_birth=True,
                         babies=2) == 188
    assert entitled_days(LeaveKind.ANNUAL, RULES, years_of_service=25, teacher=False) == 15
    assert entitled_days(LeaveKind.ANNUAL, RULES, years_of_service=25, teacher=True) == 0  # 寒暑假 instead
    assert entitled_days(LeaveKind.SICK, RULES) is None


def test_long_leave_goes_to_the_bureau_and_closing_needs_approval():
    chain = ("school", "bureau")
    state = next_state(LeaveState.APPLIED, "approve_school", chain)
    assert state == LeaveState.SCHOOL_APPROVED
    with pytest.raises(LeaveStepError, match="学校已同意的请假不能销假"):
        next_state(state, "close", chain)
    assert next_state(next_state(state, "approve_bureau", chain), "close", chain) == LeaveState.CLOSED


def test_days_away_without_leave_and_a_late_return_are_absence():
    # Away 9-28 … 9-30 with leave only for 9-28 and 9-29 → 9-30 is absence.
    leave = LeaveRequest(LeaveKind.PERSONAL, D(2026, 9, 28), D(2026, 9, 29), LeaveState.CLOSED, D(2026, 10, 8))
    away = [D(2026, 9, 28), D(2026, 9, 29), D(2026, 9, 30)]
    report = absence(away, [leave], AUTUMN, RULES, today=D(2026, 10, 20))
    # 销假 was due on 9-30 (one working day after the end) but came on 10-8: 9-30 is absence, the holiday is not.
    assert report.days == [D(2026, 9, 30)] and not report.must_follow_up


def test_more_than_fifteen_consecutive_working_days_must_be_followed_up():
    calendar = WorkCalendar()
    days = list(calendar.days(D(2026, 11, 2), D(2026, 11, 23)))  # 16 working days, Mon 11-2 … Mon 11-23
    report = absence(days, [], calendar, RULES, today=D(2026, 11, 30))
    assert report.count == 16 and report.longest_run == 16 and report.over_consecutive


def test_monthly_summary_counts_maternity_in_calendar_days():
    calendar = WorkCalendar()
    leaves = [LeaveRequest(LeaveKind.MATERNITY, D(2026, 10, 20), D(2027, 1, 25)),
              LeaveRequest(LeaveKind.SICK, D(2026, 11, 2), D(2026, 11, 3)),
              LeaveRequest(LeaveKind.PERSONAL, D(2026, 11, 5), D(2026, 11, 5), LeaveState.REJECTED)]
    summary = monthly_summary(2026, 11, leaves, [D(2026, 11, 5)], calendar, RULES)
    assert summary == {"working_days": 21, "leave": {"产假": 30, "病假": 2}, "absence": 1}


@given(st.dates(D(2026, 1, 1), D(2026, 12, 31)), st.integers(0, 60), st.integers(0, 60))
def test_working_days_add_up_over_adjacent_ranges(start, first, second):
    middle = start + dt.timedelta(days=first)
    end = middle + dt.timedelta(days=second + 1)
    assert AUTUMN.working_days(start, end) == AUTUMN.working_days(start, middle) + AUTUMN.working_days(
        middle + dt.timedelta(days=1), end)


ACTIONS = ["approve_school", "approve_bureau", "reject", "withdraw", "close"]


@given(st.lists(st.sampled_from(ACTIONS), max_size=8), st.booleans())
def test_no_request_is_closed_without_approval(actions, long_leave):
    chain = ("school", "bureau") if long_leave else ("school",)
    history = [LeaveState.APPLIED]
    for action in actions:
        try:
            history.append(next_state(history[-1], action, chain))
        except LeaveStepError:
            continue
    for before, after in zip(history, history[1:], strict=False):
        if after == LeaveState.CLOSED:
            assert before == LeaveState.APPROVED
        if after == LeaveState.APPROVED and long_leave:
            assert before == LeaveState.SCHOOL_APPROVED


@given(st.lists(st.dates(D(2026, 9, 1), D(2026, 12, 31)), max_size=40))
def test_absence_never_exceeds_the_working_days_away(away):
    report = absence(away, [], AUTUMN, RULES, today=D(2027, 1, 1))
    assert report.count == len({d for d in away if AUTUMN.is_working_day(d)})

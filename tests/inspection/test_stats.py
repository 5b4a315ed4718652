"""Inspection figures, hand-checked: quota fulfilment per week, findings counts, on-time rate, repeats, coverage."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.inspection.engine.stats import (
    FindingRow,
    NoticeRow,
    VisitRow,
    count_findings,
    coverage,
    latest_repeats,
    on_time_rectification_rate,
    quota_fulfilment,
    repeat_problems,
    working_days,
)

D = dt.date


def test_quota_fulfilment_planned_against_done():
    planned = [VisitRow("甲", D(2025, 9, 1)), VisitRow("甲", D(2025, 9, 3)), VisitRow("甲", D(2025, 9, 9)),
               VisitRow("甲", D(2025, 9, 11)), VisitRow("乙", D(2025, 9, 2))]
    done = [VisitRow("甲", D(2025, 9, 1)), VisitRow("甲", D(2025, 9, 4)), VisitRow("甲", D(2025, 9, 10))]
    rows = quota_fulfilment(planned, done, 2, start=D(2025, 9, 1), end=D(2025, 9, 14))
    table = {(r.inspector, r.week): (r.planned, r.done, r.quota, r.met) for r in rows}
    assert table == {
        ("乙", D(2025, 9, 1)): (1, 0, 2, False),
        ("乙", D(2025, 9, 8)): (0, 0, 2, True),  # neither plan nor visit: not a missed week (status "none")
        ("甲", D(2025, 9, 1)): (2, 2, 2, True),
        ("甲", D(2025, 9, 8)): (2, 1, 2, False),
    }


def test_quota_fulfilment_per_inspector_quota_and_kind():
    done = [VisitRow("甲", D(2025, 9, 1), kind="routine"), VisitRow("甲", D(2025, 9, 2), kind="special"),
            VisitRow("兼", D(2025, 9, 3), kind="routine")]
    rows = quota_fulfilment([], done, {"甲": 2, "兼": 1, "丙": 2}, kind="routine")
    table = {r.inspector: (r.done, r.quota, r.met, r.status) for r in rows}
    # 丙 is in the quota with neither plan nor visits: a row, but not a counted week.
    assert table == {"甲": (1, 2, False, "short"), "兼": (1, 1, True, "met"), "丙": (0, 2, True, "none")}


def test_count_findings():
    rows = [FindingRow("一小", "食品安全", D(2025, 9, 1), zone="东区"), FindingRow("二小", "食品安全", D(2025, 9, 2),
            zone="西区"), FindingRow("一小", "校园安全", D(2025, 9, 3), zone="东区")]
    assert count_findings(rows) == {"食品安全": 2, "校园安全": 1}
    assert list(count_findings(rows, "school").items()) == [("一小", 2), ("二小", 1)]
    assert count_findings(rows, "zone") == {"东区": 2, "西区": 1}
    with pytest.raises(ValueError):
        count_findings(rows, "weather")


def test_on_time_rate_by_hand():
    today = D(2025, 11, 1)
    notices = [
        NoticeRow(D(2025, 10, 1), D(2025, 9, 30)),  # on time
        NoticeRow(D(2025, 10, 1), D(2025, 10, 1)),  # on the day: on time
        NoticeRow(D(2025, 10, 1), D(2025, 10, 9)),  # late
        NoticeRow(D(2025, 10, 20), None),  # open and overdue: late
        NoticeRow(D(2025, 11, 20), None),  # open, not yet due: not counted
        NoticeRow(D(2025, 10, 1), None, withdrawn=True),  # withdrawn: not counted
    ]
    assert on_time_rectification_rate(notices, today) == pytest.approx(2 / 4)
    assert on_time_rectification_rate([NoticeRow(D(2025, 12, 1))], today) is None


def test_repeat_problems_within_a_year():
    rows = [FindingRow("一小", "食品安全", D(2024, 3, 1)), FindingRow("一小", "食品安全", D(2025, 2, 1)),
            FindingRow("一小", "食品安全", D(2026, 6, 1)),  # > 365 days after the second
            FindingRow("二小", "食品安全", D(2025, 2, 2)), FindingRow("一小", "校园安全", D(2025, 2, 3))]
    repeats = repeat_problems(rows)
    assert [(r.school, r.category, r.first, r.again, r.times) for r in repeats] == [
        ("一小", "食品安全", D(2024, 3, 1), D(2025, 2, 1), 2)]
    assert len(repeat_problems(rows, window_days=2000)) == 2


def test_coverage():
    visits = [VisitRow("甲", D(2025, 9, 1), ("a", "b")), VisitRow("甲", D(2025, 12, 1), ("c",))]
    c = coverage(visits, ["a", "b", "c", "d"], D(2025, 9, 1), D(2025, 10, 31))
    assert (c.visited, c.total, c.share, c.unvisited) == (2, 4, 0.5, ("c", "d"))
    assert coverage([], [], D(2025, 9, 1), D(2025, 9, 2)).share == 0.0


def test_holiday_and_exam_weeks_are_not_missed_weeks():
    """Autumn 2025, quota 2 a week: National Day (1–8 Oct) leaves Mon 29 Sep and Tue 30 Sep; the exam week of
    12 Nov closes 10–14 Nov; 甲's leave on Mon–Thu 17–20 Nov leaves Friday; a full week stays a full quota."""
    holidays = [D(2025, 10, d) for d in range(1, 9)]
    exam = [D(2025, 11, 12)]
    planned = [VisitRow("甲", D(2025, 9, 29)), VisitRow("甲", D(2025, 9, 30)),  # the short week: both days planned
               VisitRow("甲", D(2025, 11, 12)),  # planned before the exam week was entered
               VisitRow("甲", D(2025, 11, 21)),
               VisitRow("甲", D(2025, 11, 24)), VisitRow("甲", D(2025, 11, 26))]
    done = [VisitRow("甲", D(2025, 9, 29)),  # one of two in the short week
            VisitRow("甲", D(2025, 11, 21)),  # the one working day of the leave week
            VisitRow("甲", D(2025, 11, 24))]  # one of two in a full week
    rows = quota_fulfilment(planned, done, 2, start=D(2025, 9, 29), end=D(2025, 11, 30), holidays=holidays,
                            exam_weeks=exam, blocked={"甲": [D(2025, 11, d) for d in range(17, 21)]},
                            today=D(2025, 12, 1))
    table = {r.week: (r.required, r.met, r.status) for r in rows}
    assert table[D(2025, 9, 29)] == (2, False, "short")  # two working days, two required, one done
    assert table[D(2025, 10, 6)] == (0, True, "none")  # holiday week (6–8 Oct off, 9–10 Oct nothing planned)
    assert table[D(2025, 11, 10)] == (0, True, "none")  # exam week: a planned visit there is no missed week
    assert table[D(2025, 11, 17)] == (1, True, "met")  # leave: one working day, one visit
    assert table[D(2025, 11, 24)] == (2, False, "short")
    assert sum(r.counted for r in rows) == 3
    assert working_days(D(2025, 9, 29), holidays=holidays) == 2
    assert working_days(D(2025, 10, 6), holidays=holidays) == 2  # 9 and 10 Oct
    assert working_days(D(2025, 11, 10), exam_weeks=exam) == 0
    # The week of today runs; a later one too.
    running = quota_fulfilment(planned, done, 2, start=D(2025, 11, 24), end=D(2025, 11, 30), today=D(2025, 11, 26))
    assert [r.status for r in running] == ["running"]


def test_two_findings_of_one_category_on_one_visit_are_not_a_repeat():
    rows = [FindingRow("一小", "食品安全", D(2025, 9, 1)), FindingRow("一小", "食品安全", D(2025, 9, 1)),  # one visit
            FindingRow("二小", "校园安全", D(2025, 9, 2)), FindingRow("二小", "校园安全", D(2025, 9, 2)),
            FindingRow("二小", "校园安全", D(2025, 10, 9))]  # a later visit: a repeat, the second time
    repeats = repeat_problems(rows)
    assert [(r.school, r.first, r.again, r.times) for r in repeats] == [("二小", D(2025, 9, 2), D(2025, 10, 9), 2)]
    later = latest_repeats(rows + [FindingRow("二小", "校园安全", D(2025, 11, 3))], D(2025, 9, 1), D(2025, 12, 31))
    assert [(r.school, r.again, r.times) for r in later] == [("二小", D(2025, 11, 3), 3)]
    assert latest_repeats(rows, D(2025, 10, 10), D(2025, 12, 31)) == []


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 60)), max_size=30))
def test_fulfilment_counts_add_up(rows):
    visits = [VisitRow(f"p{p}", D(2025, 9, 1) + dt.timedelta(days=d)) for p, d in rows]
    out = quota_fulfilment(visits, visits[::2], 1)
    assert sum(r.planned for r in out) == len(visits)
    assert sum(r.done for r in out) == len(visits[::2])
    assert all(r.week.weekday() == 0 for r in out)

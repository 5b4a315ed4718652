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
    on_time_rectification_rate,
    quota_fulfilment,
    repeat_problems,
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
        ("乙", D(2025, 9, 8)): (0, 0, 2, False),
        ("甲", D(2025, 9, 1)): (2, 2, 2, True),
        ("甲", D(2025, 9, 8)): (2, 1, 2, False),
    }


def test_quota_fulfilment_per_inspector_quota_and_kind():
    done = [VisitRow("甲", D(2025, 9, 1), kind="routine"), VisitRow("甲", D(2025, 9, 2), kind="special"),
            VisitRow("兼", D(2025, 9, 3), kind="routine")]
    rows = quota_fulfilment([], done, {"甲": 2, "兼": 1, "丙": 2}, kind="routine")
    table = {r.inspector: (r.done, r.quota, r.met) for r in rows}
    assert table == {"甲": (1, 2, False), "兼": (1, 1, True), "丙": (0, 2, False)}  # 丙 in quota, no visits


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


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 60)), max_size=30))
def test_fulfilment_counts_add_up(rows):
    visits = [VisitRow(f"p{p}", D(2025, 9, 1) + dt.timedelta(days=d)) for p, d in rows]
    out = quota_fulfilment(visits, visits[::2], 1)
    assert sum(r.planned for r in out) == len(visits)
    assert sum(r.done for r in out) == len(visits[::2])
    assert all(r.week.weekday() == 0 for r in out)

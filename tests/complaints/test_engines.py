"""信访 engines by hand: deadlines on the working-day calendar, repeat detection (examples and properties), stats."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edubureau.complaints.engine.deadlines import DEADLINES, due_dates, on_time
from edubureau.complaints.engine.repeats import WINDOW, Case, find_repeats, link
from edubureau.complaints.engine.stats import Row, count_by, on_time_rate
from edubureau.staffing.engine.working_days import WorkCalendar

NATIONAL_DAY = WorkCalendar(holidays=frozenset(dt.date(2026, 10, d) for d in range(1, 9)),
                            workdays=frozenset({dt.date(2026, 9, 27), dt.date(2026, 10, 10)}))


def test_hotline_five_working_days_skip_the_weekend():
    # Thursday 2026-12-03: Friday, Monday … Thursday 12-10 is the fifth working day.
    accept, answer = due_dates("12345热线", dt.date(2026, 12, 3), WorkCalendar())
    assert accept == dt.date(2026, 12, 4) and answer == dt.date(2026, 12, 10)


def test_hotline_over_national_day_counts_the_make_up_saturday():
    # Received Tue 9-29: 9-30 (1), then 10-1..10-8 off, 10-9 (2), Sat 10-10 worked (3), 10-12 (4), 10-13 (5).
    accept, answer = due_dates("12345热线", dt.date(2026, 9, 29), NATIONAL_DAY)
    assert accept == dt.date(2026, 9, 30) and answer == dt.date(2026, 10, 13)


def test_phone_thirteen_working_days():
    _accept, answer = due_dates("电话", dt.date(2026, 12, 7), WorkCalendar())  # a Monday
    assert answer == dt.date(2026, 12, 24)  # two full weeks (10) + Mon, Tue, Wed of the third week


@pytest.mark.parametrize("channel", ["来信", "来访", "网上信访", "上级转办"])
def test_regulation_channels_fifteen_and_sixty_days(channel):
    accept, answer = due_dates(channel, dt.date(2026, 9, 29), NATIONAL_DAY)
    assert accept == dt.date(2026, 10, 14) and answer == dt.date(2026, 11, 28)  # calendar days, holidays included
    assert DEADLINES[channel].unit == "日"


def test_on_time():
    assert on_time(dt.date(2026, 3, 1), dt.date(2026, 3, 1)) and not on_time(dt.date(2026, 3, 2), dt.date(2026, 3, 1))


def case(pk, day, **kw):
    return Case(pk, dt.date(2026, 1, 1) + dt.timedelta(days=day), **kw)


def test_same_id_number_or_name_and_address_is_the_same_person():
    assert link(case(1, 0, id_number="330102198506150026"), case(2, 10, id_number="330102198506150026")) == "person"
    assert link(case(1, 0, name="李华", address="城关镇1号"), case(2, 10, name="李华", address="城关镇1号")) == "person"
    assert link(case(1, 0, name="李华", address="城关镇1号"), case(2, 10, name="李华", address="城关镇2号")) is None
    assert link(case(1, 0, name="李华"), case(2, 10, name="李华")) is None  # a common name alone is no one


def test_anonymous_cases_link_by_matter_only():
    a = case(1, 0, phone="13800001111", anonymous=True)
    assert link(a, case(2, 5, phone="13800001111")) is None
    assert link(case(1, 0, school=4, category="师德", anonymous=True), case(2, 5, school=4, category="师德")) == "topic"
    assert link(case(1, 0, school=4, category="师德"), case(2, 5, school=4, category="安全")) is None
    assert link(case(1, 0, category="师德"), case(2, 5, category="师德")) is None  # no school: no matter to match


def test_window_is_ninety_days_inclusive():
    assert link(case(1, 0, phone="1"), case(2, WINDOW, phone="1")) == "person"
    assert link(case(1, 0, phone="1"), case(2, WINDOW + 1, phone="1")) is None


def test_nearest_earlier_case_is_the_link():
    cases = [case(1, 0, phone="1"), case(2, 30, phone="1"), case(3, 60, phone="1"), case(4, 200, phone="1")]
    assert find_repeats(cases) == {2: (1, "person"), 3: (2, "person")}


cases_st = st.builds(
    Case, pk=st.integers(1, 10_000), received=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
    name=st.sampled_from(["", "李华", "王芳"]), phone=st.sampled_from(["", "13800001111", "13900002222"]),
    id_number=st.sampled_from(["", "330102198506150026"]), address=st.sampled_from(["", "城关镇1号"]),
    school=st.sampled_from([None, 1, 2]), category=st.sampled_from(["师德", "安全"]), anonymous=st.booleans())


@given(cases_st, cases_st)
def test_link_is_symmetric_and_bounded_by_the_window(a, b):
    assert link(a, b) == link(b, a)
    if abs((a.received - b.received).days) > WINDOW:
        assert link(a, b) is None


@given(st.lists(cases_st, max_size=12, unique_by=lambda c: c.pk))
def test_find_repeats_points_back_within_the_window_and_ignores_order(cases):
    found = find_repeats(cases)
    assert found == find_repeats(list(reversed(cases)))
    by_pk = {c.pk: c for c in cases}
    for pk, (earlier, reason) in found.items():
        a, b = by_pk[pk], by_pk[earlier]
        assert (b.received, b.pk) < (a.received, a.pk)
        assert 0 <= (a.received - b.received).days <= WINDOW and link(a, b) == reason


def test_stats():
    rows = [Row("来信", "师德", "甲小学", dt.date(2026, 3, 2), dt.date(2026, 3, 20), dt.date(2026, 4, 1)),
            Row("来信", "招生", "", dt.date(2026, 4, 9), None, dt.date(2026, 4, 20))]
    assert count_by(rows, "school") == [("未指明", 1), ("甲小学", 1)]
    assert on_time_rate(rows, dt.date(2026, 5, 1)) == (1, 2)

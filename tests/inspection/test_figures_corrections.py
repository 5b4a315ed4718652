"""The 督导统计 figures use the stats engine's two corrections (issue 17): an exam or holiday week is not a missed
week, and two findings of one category on one visit are not a repeat — hand-checked through the service."""

import datetime as dt

import pytest

from edubureau.inspection.engine.stats import week_start
from edubureau.inspection.models import BlockedDay, Finding, PlannedVisit

from .helpers import visit_with_finding

pytestmark = pytest.mark.django_db


def _figures(world, start, end):
    from edubureau.inspection.services import _figures

    return _figures(world["office"], start, end, world["today"])


def _plan(world, *days):
    for day in days:
        p = PlannedVisit.objects.create(term=world["term"], inspector=world["i1"], day=day, kind="routine")
        p.schools.set([world["a1"]])


def test_an_exam_week_is_not_a_missed_week(world):
    # Three weeks well before today: 甲督学 (quota 2) had visits planned in each and did none. The middle one is
    # an exam week (one BlockedDay in it closes Monday–Friday): nothing was required there.
    first = week_start(world["today"]) - dt.timedelta(weeks=5)
    exam, last = first + dt.timedelta(weeks=1), first + dt.timedelta(weeks=2)
    _plan(world, first, first + dt.timedelta(days=2), exam + dt.timedelta(days=1), last, last + dt.timedelta(days=3))
    BlockedDay.objects.create(day=exam + dt.timedelta(days=2), reason=BlockedDay.Reason.EXAM_WEEK)
    f = _figures(world, first, last + dt.timedelta(days=6))
    row = next(r for r in f.by_inspector if r["name"] == "甲督学")
    assert [c["status"] for c in row["cells"]] == ["short", "none", "short"]
    assert (row["weeks"], row["met"]) == (2, 0)


def test_a_holiday_shortened_week_asks_only_for_its_working_days(world):
    # Monday–Wednesday off: two working days, two planned, one done → short; both done → met.
    week = week_start(world["today"]) - dt.timedelta(weeks=4)
    for n in range(3):
        BlockedDay.objects.create(day=week + dt.timedelta(days=n), reason=BlockedDay.Reason.HOLIDAY)
    _plan(world, week + dt.timedelta(days=3), week + dt.timedelta(days=4))
    visit_with_finding(world, world["a1"], day=week + dt.timedelta(days=3))
    cells = lambda: next(r for r in _figures(world, week, week + dt.timedelta(days=6)).by_inspector  # noqa: E731
                         if r["name"] == "甲督学")["cells"]
    assert [c["status"] for c in cells()] == ["short"]
    visit_with_finding(world, world["a2"], day=week + dt.timedelta(days=4))
    assert [c["status"] for c in cells()] == ["met"]


def test_two_findings_of_one_category_on_one_visit_are_not_a_repeat(world):
    today = world["today"]
    visit, _ = visit_with_finding(world, world["a1"], day=today - dt.timedelta(days=20), description="留样不足")
    Finding.objects.create(visit=visit, school=world["a1"], category="food", description="食堂无证",
                           found_on=visit.day)
    f = _figures(world, today - dt.timedelta(days=30), today)
    assert f.findings == 2 and f.repeats == []
    visit_with_finding(world, world["a1"], day=today - dt.timedelta(days=3), description="留样不足（再次）")
    f = _figures(world, today - dt.timedelta(days=30), today)
    assert [(r.school, r.times) for r in f.repeats] == [("甲一小学", 2)]

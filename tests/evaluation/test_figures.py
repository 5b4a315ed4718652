"""Figures from the other modules, each checked by hand on a small case (and the snapshot at recompute time)."""

import datetime as dt

import pytest

from edubureau.core.followup import act, open_followup
from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_school, make_school_year, make_user
from edubureau.evaluation import engine, figures, services
from edubureau.evaluation.models import FigureSnapshot
from edubureau.org.models import Term
from edubureau.plans.models import ProgressReport, Task, WorkPlan
from edubureau.quality.models import Exam

pytestmark = pytest.mark.django_db
D = dt.date


def test_task_completion_rate_counts_done_and_on_schedule():
    a, b = make_school("甲小学"), make_school("乙小学")
    plan = WorkPlan.objects.create(title="要点", year=2026)
    done = Task.objects.create(plan=plan, item="1", title="完成的", deadline=D(2026, 6, 30))
    ProgressReport.objects.create(task=done, period=D(2026, 6, 1), narrative="完成", percent_done=100)
    late = Task.objects.create(plan=plan, item="2", title="逾期的", deadline=D(2026, 5, 31))
    ahead = Task.objects.create(plan=plan, item="3", title="未到期", deadline=D(2026, 12, 31))
    ProgressReport.objects.create(task=ahead, period=D(2026, 6, 1), narrative="推进", percent_done=60)
    for t in (done, late, ahead):
        t.schools.add(a)
    late.schools.add(b)
    got = figures.task_completion_rate(2026, [a, b], today=D(2026, 7, 1))
    assert got[a.pk][0] == pytest.approx(2 / 3) and "已完成1项，按进度推进1项，滞后或逾期1项" in got[a.pk][1]
    assert got[b.pk][0] == 0
    # Taken as of Dec 31: the 60 % task is then far behind its straight line (滞后), so only the done one counts.
    year_end = figures.task_completion_rate(2026, [a], today=D(2027, 3, 1))
    assert year_end[a.pk][0] == pytest.approx(1 / 3)


def test_on_time_rectification_rate():
    a, b = make_school("甲小学"), make_school("乙小学")
    dept = make_department(modules=("inspection",))
    staff = make_user(Role.DEPARTMENT, department=dept)
    head = make_user(Role.SCHOOL, school=a)
    on_time = open_followup(module="inspection", kind="rectification", title="整改1", due=D(2026, 5, 10),
                            school=a, issued_by=staff, issued_on=D(2026, 5, 1))
    act(on_time, "respond", head, measures="已整改", today=D(2026, 5, 8))
    act(on_time, "verify", staff, today=D(2026, 5, 9))
    open_followup(module="inspection", kind="rectification", title="整改2", due=D(2026, 5, 20), school=a,
                  issued_by=staff, issued_on=D(2026, 5, 1))  # overdue on the day
    open_followup(module="plans", kind="overdue", title="别的模块", due=D(2026, 5, 20), school=a,
                  issued_by=staff, issued_on=D(2026, 5, 1))
    got = figures.on_time_rectification_rate(2026, [a, b], today=D(2026, 6, 1))
    assert got[a.pk][0] == 0.5
    assert b.pk not in got  # no notice due: no figure


def test_quality_index_averages_the_years_exams():
    a = make_school("甲小学")
    year = make_school_year(2025)
    term = Term.objects.create(school_year=year, number=2, start=D(2026, 2, 20), end=D(2026, 7, 10))
    for name, index in (("三年级统考", 0.8), ("四年级统考", 0.9)):
        Exam.objects.create(name=name, term=term, grade=3, full_marks={"语文": 100}, status=Exam.Status.READY,
                            report={"subjects": {"总分": {"schools": [{"school": "甲小学", "index": index},
                                                                     {"school": "别校", "index": 1.0}]}}})
    got = figures.quality_index(2026, [a])
    assert got[a.pk][0] == pytest.approx(0.85) and "2次考试平均" in got[a.pk][1]
    assert figures.quality_index(2024, [a]) == {}


def test_balance_without_facts_is_empty_and_snapshot_keeps_manual_figures():
    a = make_school("甲小学")
    assert figures.balance_indicators_met(2026, [a]) == {}
    scheme = services.from_engine(engine.standard_scheme(2026),
                                  categories={"urban": {"school_kinds": ["primary"]}})
    FigureSnapshot.objects.create(scheme=scheme, school=a, key="safety.serious_incidents", value=1, manual=True)
    services.snapshot_figures(scheme, today=D(2026, 6, 1))
    keys = set(FigureSnapshot.objects.filter(school=a).values_list("key", flat=True))
    assert keys == {"safety.serious_incidents"}  # no other module has data; the hand-entered one stays
    assert services.figure_keys(scheme) == sorted(["balance.indicators_met", "inspection.on_time_rectification_rate",
                                                   "plans.task_completion_rate", "quality.composite_index",
                                                   "safety.serious_incidents", "staffing.serious_conduct"])

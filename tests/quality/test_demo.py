"""The demo county's two exams: built from the grade-9 classes, analysed, ready for value-added."""

from __future__ import annotations

import datetime as dt

import pytest

from edubureau.core.testing.factories import make_class, make_school, make_school_year, make_user
from edubureau.org.models import Term
from edubureau.quality.demo import load_demo_exams
from edubureau.quality.models import Exam, ExamResult
from edubureau.quality.services import exam_value_added

pytestmark = pytest.mark.django_db


def test_demo_exams_cover_every_grade_nine_pupil():
    year = make_school_year()
    Term.objects.create(school_year=year, number=1, start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    a, b = make_school(kind="junior"), make_school(kind="junior")
    make_class(a, grade=9, size=30, school_year=year)
    make_class(b, grade=9, size=25, school_year=year)
    make_class(b, grade=8, size=40, school_year=year)
    assert load_demo_exams() == 55
    before, after = Exam.objects.order_by("pk")
    assert before.status == after.status == Exam.Status.READY
    assert ExamResult.objects.filter(exam=after).count() == 55
    result = exam_value_added(make_user(), after, before)["语文"]
    assert result["matched"] >= 50 and {s["school"] for s in result["schools"]} == {a.name, b.name}


def test_no_grade_nine_no_exam():
    make_school_year()
    assert load_demo_exams() == 0
    assert not Exam.objects.exists()

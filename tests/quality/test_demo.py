"""The demo county's exams: a 期末 per grade from 三 to 九, and a 九年级 期中 for value-added."""

from __future__ import annotations

import datetime as dt

import pytest

from edubureau.core.testing.factories import make_class, make_school, make_school_year, make_staff, make_user
from edubureau.org.models import Term
from edubureau.quality.demo import load_demo_exams
from edubureau.quality.models import Exam, ExamResult
from edubureau.quality.services import exam_value_added

pytestmark = pytest.mark.django_db


def test_demo_exams_cover_every_pupil_of_grades_three_to_nine():
    year = make_school_year()
    Term.objects.create(school_year=year, number=1, start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    a, b, c = make_school(kind="junior"), make_school(kind="junior"), make_school(kind="primary")
    make_class(a, grade=9, size=30, school_year=year)
    make_class(b, grade=9, size=25, school_year=year)
    make_class(b, grade=8, size=40, school_year=year)
    make_class(c, grade=3, size=20, school_year=year)
    make_class(c, grade=2, size=20, school_year=year)  # no county exam below 三年级
    teacher = make_staff(a, name="王芳", subject="语文", teaching_level="junior")
    summary = load_demo_exams()
    assert "115" in summary  # 55 + 40 + 20 candidates of the 期末
    exams = {e.name: e for e in Exam.objects.all()}
    assert set(exams) == {"三年级期末统考", "八年级期末统考", "九年级期中质量监测", "九年级期末统考"}
    assert all(e.status == Exam.Status.READY for e in exams.values())
    assert set(exams["三年级期末统考"].full_marks) == {"语文", "数学", "英语"}
    assert "物理" in exams["八年级期末统考"].full_marks and "化学" not in exams["八年级期末统考"].full_marks
    after, before = exams["九年级期末统考"], exams["九年级期中质量监测"]
    assert ExamResult.objects.filter(exam=after).count() == 55
    assert ExamResult.objects.filter(exam=exams["八年级期末统考"]).count() == 40
    assert [(t.class_name, t.subject, t.staff) for t in after.teachers.all()] == [(after.results.filter(
        school=a).first().class_name, "语文", teacher)]
    result = exam_value_added(make_user(), after, before)["语文"]
    assert result["matched"] >= 50 and {s["school"] for s in result["schools"]} == {a.name, b.name}


def test_no_classes_no_exam():
    make_school_year()
    assert load_demo_exams() == ""
    assert not Exam.objects.exists()

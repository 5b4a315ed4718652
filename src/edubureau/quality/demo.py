"""The demo county's exams: a county-wide 期末 for 三 to 九年级 (one Exam per grade, about 20k candidates),
and a 九年级 期中 before it so value-added has a baseline; built from the demo's classes of the current year."""

from __future__ import annotations

from django.utils.translation import gettext as _

from edubureau.org.models import SchoolYear, Term
from edubureau.people.models import SchoolClass

from .engine.demo import GRADE_FULL_MARKS, demo_exam_frames
from .models import Exam
from .services import write_results

__all__ = ["GRADE_NAMES", "load_demo_exams"]

GRADE_NAMES = {3: "三年级", 4: "四年级", 5: "五年级", 6: "六年级", 7: "七年级", 8: "八年级", 9: "九年级"}
VALUE_ADDED_GRADE = 9


def load_demo_exams(seed: int = 5) -> str:
    """Create and analyse the demo exams; a one-line summary for the demo command ("" when no classes)."""
    year = SchoolYear.objects.filter(is_current=True).first() or SchoolYear.objects.order_by("-start_year").first()
    term = Term.objects.filter(school_year=year).order_by("number").first() if year else None
    if term is None:
        return ""
    classes = list(SchoolClass.objects.filter(school_year=year, grade__in=GRADE_NAMES).select_related("school")
                   .order_by("grade", "school__code", "name"))
    school_ids = {c.school.name: c.school_id for c in classes}
    candidates, exams = 0, 0
    for grade, grade_name in GRADE_NAMES.items():
        mine = [(c.school.name, c.name, c.size) for c in classes if c.grade == grade]
        if not mine:
            continue
        pair = grade == VALUE_ADDED_GRADE
        frames = demo_exam_frames(mine, seed=seed + grade, full_marks=GRADE_FULL_MARKS[grade],
                                  prefix=f"{year.start_year}{grade:02d}", stages=2 if pair else 1)
        names = [f"{grade_name}期中质量监测", f"{grade_name}期末统考"] if pair else [f"{grade_name}期末统考"]
        for name, frame in zip(names, frames, strict=True):
            exam = Exam.objects.create(name=name, term=term, grade=grade, full_marks=dict(GRADE_FULL_MARKS[grade]))
            write_results(exam, frame, school_ids)
            exams += 1
        candidates += frames[-1].height
    if not exams:
        return ""
    return _("演示考试已载入：三至九年级期末统考共{count}名考生，另有九年级期中质量监测（增值评价的基线），"
             "共{exams}场考试。").format(count=f"{candidates:,}", exams=exams)

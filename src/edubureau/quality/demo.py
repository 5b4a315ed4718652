"""The demo county's exams: 九年级 期中 and 期末 of the current term, built from the demo's grade-9 classes."""

from __future__ import annotations

from edubureau.org.models import SchoolYear, Term
from edubureau.people.models import SchoolClass

from .engine.demo import DEMO_FULL_MARKS, demo_exam_frames
from .models import Exam
from .services import write_results

__all__ = ["load_demo_exams"]

GRADE = 9


def load_demo_exams(seed: int = 5) -> int:
    """Create and analyse the two demo exams; the number of candidates (0 when there is no grade 9)."""
    year = SchoolYear.objects.filter(is_current=True).first() or SchoolYear.objects.order_by("-start_year").first()
    term = Term.objects.filter(school_year=year).order_by("number").first() if year else None
    classes = list(SchoolClass.objects.filter(school_year=year, grade=GRADE).select_related("school")
                   .order_by("school__code", "name")) if term else []
    if not classes:
        return 0
    school_ids = {c.school.name: c.school_id for c in classes}
    before, after = demo_exam_frames([(c.school.name, c.name, c.size) for c in classes], seed=seed)
    for name, frame in (("九年级期中质量监测", before), ("九年级期末统考", after)):
        exam = Exam.objects.create(name=name, term=term, grade=GRADE, full_marks=dict(DEMO_FULL_MARKS))
        write_results(exam, frame, school_ids)
    return after.height

"""The demo county's exams: a county-wide 期末 for 三 to 九年级 (one Exam per grade, about 20k candidates),
and a 九年级 期中 before it so value-added has a baseline; built from the demo's classes of the current year."""

from __future__ import annotations

from django.utils.translation import gettext as _

from edubureau.org.models import SchoolYear, Term
from edubureau.people.models import Posting, SchoolClass

from .engine.demo import GRADE_FULL_MARKS, demo_exam_frames
from .models import Exam, TeacherAssignment
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
    teachers = _teachers_by_school_and_subject()
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
            _assign_teachers(exam, [c for c in classes if c.grade == grade], teachers)
            exams += 1
        candidates += frames[-1].height
    if not exams:
        return ""
    return _("演示考试已载入：三至九年级期末统考共{count}名考生，另有九年级期中质量监测（增值评价的基线），"
             "共{exams}场考试。").format(count=f"{candidates:,}", exams=exams)


# Subjects the demo staff registry names differently from the exam papers.
STAFF_SUBJECTS = {"道德与法治": ("道德与法治", "思想政治")}
CLASSES_PER_TEACHER = 2


def _teachers_by_school_and_subject() -> dict[tuple[int, str, str], list[tuple[int, str]]]:
    """(school, 学段, subject) → the staff posted there now, as (id, name) in a stable order."""
    found: dict[tuple[int, str, str], list[tuple[int, str]]] = {}
    rows = (Posting.objects.filter(end__isnull=True, staff__is_active=True).exclude(staff__subject="")
            .values_list("school_id", "staff__teaching_level", "staff__subject", "staff_id", "staff__name")
            .order_by("school_id", "staff_id"))
    for school_id, level, subject, staff_id, name in rows:
        entry = found.setdefault((school_id, level or "", subject), [])
        if (staff_id, name) not in entry:
            entry.append((staff_id, name))
    return found


def _assign_teachers(exam: Exam, classes, teachers) -> int:
    """Each class–subject of the exam taught by a teacher of that subject at the school (two classes each)."""
    level = "primary" if exam.grade <= 6 else "junior"
    assignments = []
    for subject in exam.subjects:
        taught: dict[int, int] = {}
        for school_class in classes:
            pool = [t for name in STAFF_SUBJECTS.get(subject, (subject,))
                    for t in teachers.get((school_class.school_id, level, name), [])
                    or teachers.get((school_class.school_id, "", name), [])]
            if not pool:
                continue
            k = taught.get(school_class.school_id, 0)
            taught[school_class.school_id] = k + 1
            staff_id, name = pool[(k // CLASSES_PER_TEACHER) % len(pool)]
            assignments.append(TeacherAssignment(exam=exam, school_id=school_class.school_id,
                                                 class_name=school_class.name, subject=subject,
                                                 teacher_name=name, staff_id=staff_id))
    TeacherAssignment.objects.bulk_create(assignments)
    return len(assignments)

"""Class–subject teacher assignments of an exam (任课教师), so each result reaches its teacher.

A file with columns 学校, 班级, 学科, 任课教师; every row is checked and any error refuses the file.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

__all__ = ["ASSIGNMENT_HEADERS", "AssignmentError", "clean_assignments"]

ASSIGNMENT_HEADERS = ("学校", "班级", "学科", "任课教师")


class AssignmentError(ValueError):
    """The assignment file was refused; ``errors`` lists (row, column, message)."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        super().__init__(f"{len(errors)} errors in the teacher file")
        self.errors = errors


def clean_assignments(raw: pl.DataFrame, subjects, known_schools: Mapping[str, str] | None = None) -> list[dict]:
    """Rows ``{"school", "class", "subject", "teacher"}`` from a frame of text cells with ``_row``.

    Examples
    --------
    >>> raw = pl.DataFrame({"_row": [2, 3], "学校": ["一中", "一中"], "班级": ["1班", "1班"],
    ...                     "学科": ["语文", "体育"], "任课教师": ["王芳", "李强"]})
    >>> clean_assignments(raw, ["语文"])
    Traceback (most recent call last):
    ...
    edubureau.quality.engine.teachers.AssignmentError: 1 errors in the teacher file
    >>> clean_assignments(raw.head(1), ["语文"])
    [{'school': '一中', 'class': '1班', 'subject': '语文', 'teacher': '王芳'}]
    """
    missing = [h for h in ASSIGNMENT_HEADERS if h not in raw.columns]
    if missing:
        raise AssignmentError([(0, h, f"缺少“{h}”列") for h in missing])
    errors: list[tuple[int, str, str]] = []
    rows, seen = [], {}
    subjects = set(subjects)
    for cells in raw.select("_row", *ASSIGNMENT_HEADERS).iter_rows():
        number, school, class_name, subject, teacher = (c.strip() if isinstance(c, str) else c for c in cells)
        for header, value in zip(ASSIGNMENT_HEADERS, (school, class_name, subject, teacher), strict=True):
            if not value:
                errors.append((number, header, f"“{header}”为空"))
        if school and known_schools is not None:
            if school not in known_schools:
                errors.append((number, "学校", f"学校“{school}”不在本县学校名单中"))
            school = known_schools.get(school, school)
        if subject and subject not in subjects:
            errors.append((number, "学科", f"本次考试没有“{subject}”科"))
        key = (school, class_name, subject)
        if all(key) and key in seen:
            errors.append((number, "学科", f"该班该科已在第{seen[key]}行填写"))
        seen.setdefault(key, number)
        rows.append({"school": school, "class": class_name, "subject": subject, "teacher": teacher})
    if errors:
        raise AssignmentError(errors)
    return rows

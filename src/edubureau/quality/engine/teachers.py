"""Class–subject teacher assignments of an exam (任课教师), so each result reaches its teacher.

A file with columns 学校, 班级, 学科 and the teacher as 教师身份证号 and/or 任课教师 (name). Each
teacher is matched to the staff registry: by ID number, or by name among the staff posted at that
school (a name shared by two of them needs the ID number). Every row is checked and any error refuses
the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from edubureau.core import idcard

__all__ = ["ASSIGNMENT_HEADERS", "ID_HEADERS", "NAME_HEADERS", "AssignmentError", "StaffIndex",
           "clean_assignments"]

ASSIGNMENT_HEADERS = ("学校", "班级", "学科")
ID_HEADERS = ("教师身份证号", "身份证号")
NAME_HEADERS = ("任课教师", "教师姓名", "姓名")


class AssignmentError(ValueError):
    """The assignment file was refused; ``errors`` lists (row, column, message)."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        super().__init__(f"{len(errors)} errors in the teacher file")
        self.errors = errors


@dataclass(frozen=True)
class StaffIndex:
    """The staff registry as the matching needs it.

    ``by_id``: normalised ID number → (staff id, name, names of the schools of the open postings);
    ``by_name``: (school name, staff name) → staff ids posted there.
    """

    by_id: Mapping[str, tuple[int, str, frozenset[str]]] = field(default_factory=dict)
    by_name: Mapping[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, staff: list[tuple[int, str, str, str]]) -> StaffIndex:
        """From rows (staff id, ID number, name, school name of an open posting).

        Examples
        --------
        >>> number = "11010519491231002X"
        >>> index = StaffIndex.of([(1, number, "王芳", "一中"), (1, number, "王芳", "二中")])
        >>> index.by_name[("二中", "王芳")], sorted(index.by_id["11010519491231002X"][2])
        ((1,), ['一中', '二中'])
        """
        by_id: dict[str, tuple[int, str, set[str]]] = {}
        by_name: dict[tuple[str, str], list[int]] = {}
        for pk, number, name, school in staff:
            entry = by_id.setdefault(idcard.normalize(number), (pk, name, set()))
            entry[2].add(school)
            ids = by_name.setdefault((school, name), [])
            if pk not in ids:
                ids.append(pk)
        return cls({k: (pk, name, frozenset(s)) for k, (pk, name, s) in by_id.items()},
                   {k: tuple(v) for k, v in by_name.items()})


def _pick(columns, names) -> str | None:
    return next((n for n in names if n in columns), None)


def clean_assignments(raw: pl.DataFrame, subjects, known_schools: Mapping[str, str] | None = None,
                      staff: StaffIndex | None = None) -> list[dict]:
    """Rows ``{"school", "class", "subject", "teacher", "staff"}`` from a frame of text cells with ``_row``.

    ``staff`` is the registry to match teachers in (``"staff"`` is None without it).

    Examples
    --------
    >>> raw = pl.DataFrame({"_row": [2, 3], "学校": ["一中", "一中"], "班级": ["1班", "1班"],
    ...                     "学科": ["语文", "体育"], "任课教师": ["王芳", "李强"]})
    >>> clean_assignments(raw, ["语文"])
    Traceback (most recent call last):
    ...
    edubureau.quality.engine.teachers.AssignmentError: 1 errors in the teacher file
    >>> clean_assignments(raw.head(1), ["语文"], staff=StaffIndex.of([(7, "11010519491231002X", "王芳", "一中")]))
    [{'school': '一中', 'class': '1班', 'subject': '语文', 'teacher': '王芳', 'staff': 7}]
    """
    id_column, name_column = _pick(raw.columns, ID_HEADERS), _pick(raw.columns, NAME_HEADERS)
    missing = [h for h in ASSIGNMENT_HEADERS if h not in raw.columns]
    errors: list[tuple[int, str, str]] = [(0, h, f"缺少“{h}”列") for h in missing]
    if not id_column and not name_column:
        errors.append((0, NAME_HEADERS[0], f"缺少“{ID_HEADERS[0]}”或“{NAME_HEADERS[0]}”列"))
    if errors:
        raise AssignmentError(errors)
    rows, seen = [], {}
    subjects = set(subjects)
    teacher_columns = [c for c in (id_column, name_column) if c]
    frame = raw.select("_row", *ASSIGNMENT_HEADERS, *teacher_columns)
    for cells in frame.iter_rows(named=True):
        number = cells["_row"]
        school, class_name, subject = (str(cells[h] or "").strip() for h in ASSIGNMENT_HEADERS)
        id_number = str(cells.get(id_column) or "").strip() if id_column else ""
        teacher = str(cells.get(name_column) or "").strip() if name_column else ""
        for header, value in zip(ASSIGNMENT_HEADERS, (school, class_name, subject), strict=True):
            if not value:
                errors.append((number, header, f"“{header}”为空"))
        if not id_number and not teacher:
            errors.append((number, name_column or id_column, "未填写任课教师（姓名或身份证号）"))
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
        staff_id = None
        if staff is not None and school and (id_number or teacher):
            staff_id, teacher, problem = _match(staff, school, id_number, teacher)
            if problem:
                errors.append((number, id_column if id_number else name_column, problem))
        rows.append({"school": school, "class": class_name, "subject": subject, "teacher": teacher,
                     "staff": staff_id})
    if errors:
        raise AssignmentError(errors)
    return rows


def _match(staff: StaffIndex, school: str, id_number: str, name: str) -> tuple[int | None, str, str]:
    """(staff id, name, problem) for a teacher given by ID number and/or name at ``school``."""
    if id_number:
        found = staff.by_id.get(idcard.normalize(id_number))
        if found is None:
            return None, name, f"身份证号“{idcard.mask(id_number)}”不在教职工名单中"
        pk, registered, schools = found
        if name and name != registered:
            return None, name, f"身份证号对应的教职工是“{registered}”，与姓名“{name}”不符"
        if school not in schools:
            return None, registered, f"“{registered}”目前不在{school}任职"
        return pk, registered, ""
    ids = staff.by_name.get((school, name), ())
    if not ids:
        return None, name, f"{school}在职教职工中没有“{name}”"
    if len(ids) > 1:
        return None, name, f"{school}有{len(ids)}名“{name}”，请填写教师身份证号"
    return ids[0], name, ""

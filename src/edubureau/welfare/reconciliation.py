"""The national 学籍 export against the roll: a queue of differences the clerks resolve one by one.

The comparison is the CLI's (``people.roll_reconcile``), on the national file as it is and on the roll read from
the database in the roll-export headers. Each difference becomes a row naming the school, the pupil (masked ID)
and the two values. Resolving one either corrects the pupil here from the national value (the clerk's explicit
choice, audited), or records that the school corrects the national system, or that it was checked and is right.
Nothing is written to a pupil by the import itself.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core import idcard
from edubureau.core.scope import can_write
from edubureau.core.uploads import check_upload
from edubureau.org.models import School, SchoolYear
from edubureau.people.choices import ON_ROLL, Inclusive
from edubureau.people.models import SchoolClass, Student
from edubureau.people.roll_reconcile import (
    ROLL_HEADERS,
    ReconcileError,
    class_of,
    grade_of,
    grade_word,
    read_table,
    reconcile,
)

from .models import NationalRollImport, RollDifference

__all__ = ["CORRECTABLE", "import_national", "resolve", "roll_frame", "roll_rows"]

Kind, Resolution = RollDifference.Kind, RollDifference.Resolution
# The fields a clerk may correct here from the national value; a different 学校标识码 is a 转学, not a correction.
CORRECTABLE = ("年级", "班级", "性别", "出生日期", "是否留守儿童", "是否进城务工人员随迁子女", "随班就读")


def _sex_word(code: str) -> str:
    return {"M": "男", "F": "女"}.get(code, code)


def roll_rows(students) -> list[list[str]]:
    """The roll as the export writes it (``ROLL_HEADERS``), one row per pupil on a roll (read as plain values: a
    county's 36,000 pupils in a second, not as model instances)."""
    left_word = {(False, False): "非留守", (True, False): "单亲留守", (True, True): "双亲留守"}
    class_word: dict[str, str] = {}
    rows = []
    for (number, aux, name, sex, born, code, grade, klass, left, both, migrant, inclusive) in students.filter(
            status__in=ON_ROLL).order_by("school__code", "grade", "school_class__name", "student_no").values_list(
            "id_number", "aux_no", "name", "sex", "birth_date", "school__code", "grade", "school_class__name",
            "left_behind", "both_parents_away", "migrant", "inclusive").iterator(5000):
        if klass and klass not in class_word:
            class_word[klass] = class_of(klass)
        rows.append([
            number or "", aux, name, _sex_word(sex), born.isoformat() if born else "", code,
            grade_word(grade) or str(grade), class_word.get(klass, "") if klass else "",
            left_word.get((left, both and left), "非留守"), "是" if migrant else "否", inclusive or "非随班就读",
        ])
    return rows


def roll_frame(students) -> pl.DataFrame:
    """The roll as the comparison reads it: the export's columns as text, with ``_row`` numbered like a sheet's."""
    rows = roll_rows(students)
    data = {name: [row[i] for row in rows] for i, name in enumerate(ROLL_HEADERS)}
    data["_row"] = list(range(2, 2 + len(rows)))
    return pl.DataFrame(data, schema={**{name: pl.Utf8 for name in ROLL_HEADERS}, "_row": pl.Int64})


def _label(name: str, key: str) -> str:
    shown = idcard.mask(key) if len(key) == 18 and key[:17].isdigit() else key
    return f"{name}（{shown}）"[:64] if name else shown[:64]


def _pupil_index(students) -> dict[str, Student]:
    """Each pupil under every key the comparison may report them by: ID number, 学籍辅号, 姓名（出生日期）."""
    index = {}
    for s in students.filter(status__in=ON_ROLL).only("pk", "id_number", "aux_no", "name", "birth_date",
                                                      "school_id"):
        if s.aux_no:
            index[s.aux_no] = s
        if s.birth_date:
            index[f"{s.name}（{s.birth_date:%Y-%m-%d}）"] = s
        if s.id_number:
            index[s.id_number] = s
    return index


def import_national(upload, *, user, region=None, students=None) -> NationalRollImport:
    """Read the national export ``upload`` (a file object with ``name``) against the roll in ``students`` and queue
    every difference. Raises ValidationError with the reader's message for a file that cannot be read."""
    students = students if students is not None else Student.objects.all()
    suffix = Path(getattr(upload, "name", "national.xlsx")).suffix.lower() or ".xlsx"
    if suffix not in (".xlsx", ".xls", ".csv"):
        raise ValidationError(_("不支持的文件类型：{suffix}。请上传 .xlsx、.xls 或 .csv 文件"
                                "（国家学籍系统导出的原始文件）。").format(suffix=suffix))
    check_upload(upload, "registry")  # size, zip bombs and giant used ranges refused before any read
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"national{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
                handle.write(chunk)
        try:
            national = read_table(path, required=("姓名",))
        except ReconcileError as exc:
            raise ValidationError(str(exc).replace(path.name, getattr(upload, "name", path.name))) from None
        except Exception:  # noqa: BLE001 - a damaged workbook: say so, never a 500
            raise ValidationError(_("无法读取文件：请确认是国家学籍系统导出的原始文件。")) from None
    result = reconcile(national, roll_frame(students))
    schools = {s.code: s for s in School.objects.all()}
    pupils = _pupil_index(students)
    with transaction.atomic():
        batch = NationalRollImport.objects.create(
            region=region, filename=getattr(upload, "name", "")[:255], rows=result.national_rows,
            roll_rows=result.roll_rows, matched=result.matched, imported_by=user)
        found = []
        for item in result.only_national_detail:
            found.append(RollDifference(batch=batch, kind=Kind.ONLY_NATIONAL, school=schools.get(item["school"]),
                                        label=_label(item["name"], item["id"]),
                                        national=f"{item['grade']}{item['class'] and item['class'] + '班'}"[:64]))
        for item in result.only_roll_detail:
            pupil = pupils.get(item["id"])
            found.append(RollDifference(batch=batch, kind=Kind.ONLY_ROLL, school=schools.get(item["school"]),
                                        student=pupil, label=_label(item["name"], item["id"]),
                                        roll=f"{item['grade']}{item['class'] and item['class'] + '班'}"[:64]))
        for item in result.different:
            pupil = pupils.get(item["id"])
            for field, (national_value, roll_value) in item["fields"].items():
                if field == "班级":  # the comparison reads class numbers; a clerk reads 3班
                    national_value, roll_value = _class_word(national_value), _class_word(roll_value)
                found.append(RollDifference(
                    batch=batch, kind=Kind.DIFFERENT, school=schools.get(item["school"]), student=pupil,
                    label=_label(item["name"], item["id"]), field=field, national=str(national_value)[:64],
                    roll=str(roll_value)[:64]))
        for bad in result.invalid_ids:
            side = _("国家学籍第{row}行").format(row=bad["row"]) if bad["file"] == "national" else _("本系统")
            found.append(RollDifference(
                batch=batch, kind=Kind.INVALID_ID, school=schools.get(bad.get("school", "")),
                label=_label(bad.get("name", ""), bad["value"]), field="身份证件号",
                national=f"{side}：{bad['reason']}"[:64] if bad["file"] == "national" else "",
                roll=f"{side}：{bad['reason']}"[:64] if bad["file"] != "national" else ""))
        RollDifference.objects.bulk_create(found, batch_size=1000)
    return batch


def _class_word(number: str) -> str:
    return f"{number}班" if number.isdigit() else number


def _current_class(student: Student, grade: int, klass: str) -> SchoolClass:
    year = SchoolYear.objects.filter(is_current=True).first()
    for candidate in SchoolClass.objects.filter(school=student.school_id, school_year=year, grade=grade):
        if class_of(candidate.name) == klass:
            return candidate
    raise ValidationError(_("本校当前学年{grade}没有{klass}班，请先核对班级。").format(
        grade=grade_word(grade) or grade, klass=klass))


def _correct(student: Student, field: str, value: str) -> list[str]:
    """Set ``field`` of ``student`` to the national ``value``; the model fields changed."""
    if field == "性别":
        student.sex = {"男": "M", "女": "F"}.get(value, "")
        if not student.sex:
            raise ValidationError(_("性别“{value}”无法识别。").format(value=value))
        return ["sex"]
    if field == "出生日期":
        if student.id_number:
            raise ValidationError(_("出生日期由身份证号决定，请先核对身份证号。"))
        try:
            student.birth_date = dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("出生日期“{value}”无法识别。").format(value=value)) from None
        return ["birth_date"]
    if field == "年级":
        grade = grade_of(value)
        if grade is None:
            raise ValidationError(_("年级“{value}”无法识别。").format(value=value))
        student.grade, student.school_class = grade, None
        return ["grade", "school_class"]
    if field == "班级":
        student.school_class = _current_class(student, student.grade, class_of(value))
        return ["school_class"]
    if field == "是否留守儿童":
        student.left_behind = value in ("单亲留守", "双亲留守")
        student.both_parents_away = value == "双亲留守"
        return ["left_behind", "both_parents_away"]
    if field == "是否进城务工人员随迁子女":
        student.migrant = value == "是"
        return ["migrant"]
    if field == "随班就读":
        if value not in Inclusive.values:
            raise ValidationError(_("随班就读“{value}”不是国家学籍的取值。").format(value=value))
        student.inclusive = value
        return ["inclusive"]
    raise ValidationError(_("“{field}”不能在此更正：学校不同须办理转学。").format(field=field))


def resolve(difference: RollDifference, user, *, resolution: str, note: str = "") -> RollDifference:
    """Resolve one difference as the clerk chose; "已更正本系统" on a field writes the national value to the pupil."""
    if not can_write(user, difference):
        raise PermissionDenied(_("只能处理本校的学籍差异。"))
    resolution = Resolution(resolution)
    if resolution == Resolution.OPEN:
        raise ValidationError(_("请选择处理结果。"))
    if resolution == Resolution.CONFIRMED and not note.strip():
        raise ValidationError(_("核实无误须写明核实情况。"))
    with transaction.atomic():
        difference = RollDifference.objects.select_for_update().get(pk=difference.pk)
        if difference.resolution:
            raise ValidationError(_("该差异已处理：{how}。").format(how=difference.get_resolution_display()))
        if resolution == Resolution.FIXED_HERE and difference.kind == Kind.DIFFERENT:
            if difference.student is None:
                raise ValidationError(_("找不到本系统中的该生，请在学生名册中更正后标记。"))
            student = Student.objects.select_for_update().get(pk=difference.student_id)
            changed = _correct(student, difference.field, difference.national)
            student.full_clean(validate_unique=False)
            student.save(update_fields=[*changed, "updated"])
        elif resolution == Resolution.FIXED_HERE and not note.strip():
            raise ValidationError(_("请写明在本系统中如何更正（如已在学生名册中补录）。"))
        difference.resolution = resolution
        difference.note = note.strip()[:200]
        difference.resolved_by = user
        difference.resolved_on = timezone.localdate()
        difference.save()
    return difference

"""The Django shell around the fitness engine: store a school's scored file, read results back as a frame for the
engine's summaries, write the national template again.

Everything computed (points, totals, rates, weakest items) comes from ``engine``; this module moves rows."""

from __future__ import annotations

import io
from collections.abc import Iterable

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edubureau.core.io.safe_workbook import new_workbook

from .engine.scoring import VISION, points_column, score_frame, summarise
from .engine.standard import BMI, ITEMS
from .engine.upload import MEASURES, FitnessFileError, raw_column, read_upload_bytes
from .models import POINTS_FIELDS, FitnessResult, FitnessTest

__all__ = ["ITEM_ORDER", "import_file", "results_frame", "store_scored", "summary", "template_xlsx"]

ITEM_ORDER = (BMI, *ITEMS)
_IDENTITY = ("民族代码", "出生日期", "家庭住址")


def _none(value):
    return None if value is None or value != value else value


def import_file(content: bytes, filename: str, *, school, year: int, user) -> FitnessTest:
    """Score the school's upload and replace its results of ``year``: all rows or none.

    Raises ValidationError listing every bad row, column and reason (the engine's messages), or a row naming another
    school."""
    try:
        upload = read_upload_bytes(content, filename)
    except FitnessFileError as exc:
        raise ValidationError(exc.errors) from None
    frame = upload.frame
    errors = []
    for column, expected in (("学校标识码", school.code), ("学校名称", school.name)):
        if column in frame.columns and expected:
            for row, value in frame.select("行号", column).iter_rows():
                if value and value != expected:
                    errors.append(_("第{row}行, {column}：“{value}”不是{school}").format(
                        row=row, column=column, value=value, school=school.name))
    if errors:
        raise ValidationError(errors[:50])
    with transaction.atomic():
        test, _created = FitnessTest.objects.select_for_update().get_or_create(school=school, year=year)
        return store_scored(test, score_frame(frame), upload.columns, file_name=filename, user=user)


def store_scored(test: FitnessTest, scored: pl.DataFrame, columns: list[str], *, file_name: str, user) -> FitnessTest:
    """Replace the results of ``test`` by the engine's scored frame (call inside a transaction)."""
    test.results.all().delete()
    rows = [_result(test, line, columns) for line in scored.iter_rows(named=True)]
    FitnessResult.objects.bulk_create(rows, batch_size=2000)
    test.file_name = file_name[:200]
    test.pupils = len(rows)
    test.scored = sum(r.total is not None for r in rows)
    test.imported_by = user
    test.save()
    return test


def _result(test, line: dict, columns: list[str]) -> FitnessResult:
    points = {POINTS_FIELDS[item]: line.get(points_column(item)) for item in ITEM_ORDER}
    raw = {m: line[raw_column(m)] for m in MEASURES if m in columns and line.get(raw_column(m))}
    return FitnessResult(
        test=test, row=line["行号"], student_no=line["学籍号"], name=line.get("姓名") or "",
        grade_code=line["年级编号"], class_code=line.get("班级编号") or "", class_name=line.get("班级名称") or "",
        sex=line["性别"], identity={k: line[k] for k in _IDENTITY if line.get(k)}, raw=raw,
        height=line.get("身高"), weight=line.get("体重"), bmi=_none(line.get("BMI")),
        bmi_band=line.get("BMI等级") or "",
        **points, standard_score=_none(line.get("标准分")), bonus=line.get("附加分") or 0,
        total=_none(line.get("学年总分")), level=line.get("等级") or "", unscored=(line.get("未评") or "")[:100],
        vision_left=line.get(VISION[0]), vision_right=line.get(VISION[1]),
    )


def results_frame(results: Iterable) -> pl.DataFrame:
    """The stored results as the engine's scored frame (``summarise`` reads it), with 学校 (pk), 学校名称, 片区 and
    学年."""
    columns = {"test__school_id": ("学校", pl.Int64), "test__school__name": ("学校名称", pl.String),
               "test__school__zone__name": ("片区", pl.String),
               "test__year": ("学年", pl.Int64), "grade_code": ("年级编号", pl.String),
               "class_name": ("班级名称", pl.String), "sex": ("性别", pl.String), "total": ("学年总分", pl.Float64),
               "bmi_band": ("BMI等级", pl.String), "vision_left": (VISION[0], pl.Float64),
               "vision_right": (VISION[1], pl.Float64),
               **{field: (points_column(item), pl.Float64) for item, field in POINTS_FIELDS.items()}}
    rows = results.values_list(*columns)
    frame = pl.DataFrame(list(rows), schema={name: dtype for name, dtype in columns.values()}, orient="row")
    frame = frame.with_columns(pl.col("BMI等级").replace("", None), pl.col("片区").fill_null(_("未划片区")))
    # An item nobody in these rows was scored on is left out (a 小学 has no 1000米跑), so it is not "weakest".
    empty = [c for c in (points_column(i) for i in ITEM_ORDER) if frame[c].null_count() == frame.height]
    vision_missing = [c for c in VISION if frame[c].null_count() == frame.height]
    return frame.drop(*empty, *vision_missing)


def summary(results, by: tuple[str, ...] = ()) -> list[dict]:
    """The engine's summary of ``results`` (a queryset) per group of ``by`` (frame columns), [] when empty."""
    frame = results_frame(results)
    return summarise(frame, by) if frame.height else []


def template_xlsx(test: FitnessTest) -> bytes:
    """The test in the national upload template: the school's columns and raw values as it wrote them, so what
    the bureau checked can be uploaded to the platform as is."""
    results = list(test.results.order_by("row"))
    measures = [m for m in MEASURES if any(m in r.raw for r in results)]
    headers = ["年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址",
               *measures]
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    sheet = book.add_worksheet("体质健康测试")
    bold = book.add_format({"bold": True})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
    for index, r in enumerate(results, start=1):
        values = {"年级编号": r.grade_code, "班级编号": r.class_code, "班级名称": r.class_name, "学籍号": r.student_no,
                  "姓名": r.name, "性别": "1" if r.sex == "男" else "2", **r.identity, **r.raw}
        for col, header in enumerate(headers):
            sheet.write_string(index, col, str(values.get(header, "")))
    sheet.set_column(0, len(headers) - 1, 12)
    book.close()
    return buffer.getvalue()


"""The 交流轮岗 workbook of the command line: sheets 学校 and 教师, headers exactly as the 人事科 template has them.

A refusal names the sheet, the Excel row and the column, and why:
``教师 第5行「出生日期」：无法识别的日期“1985.13.01”``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from edubureau.core.io.cleaning import parse_text

from .rotation import RURAL, TOWN, URBAN, School, Teacher

__all__ = ["SCHOOL_HEADERS", "TEACHER_HEADERS", "RotationFileError", "read_rotation_workbook"]

SCHOOL_HEADERS = ("学校标识码", "学校名称", "学段", "城乡", "是否薄弱学校", "经度", "纬度", "缺员学科")
TEACHER_HEADERS = ("工号", "姓名", "性别", "出生日期", "学校标识码", "任教学科", "本校任教起始年月", "是否骨干", "职务",
                   "配偶工号", "免交流原因", "住址经度", "住址纬度")
OPTIONAL = {"缺员学科", "职务", "配偶工号", "免交流原因", "经度", "纬度", "住址经度", "住址纬度"}
YES_NO = {"是": True, "否": False}


class RotationFileError(ValueError):
    """A workbook that cannot be planned from, with the place and the reason in Chinese."""


class _Row:
    def __init__(self, sheet: str, number: int, cells: dict):
        self.sheet, self.number, self.cells = sheet, number, cells

    def fail(self, column: str, reason: str):
        raise RotationFileError(f"{self.sheet} 第{self.number}行「{column}」：{reason}")

    def text(self, column: str) -> str:
        value = parse_text(self.cells.get(column))
        if not value and column not in OPTIONAL:
            self.fail(column, "必填")
        return value

    def choice(self, column: str, allowed: dict | tuple):
        value = self.text(column)
        if value not in allowed:
            self.fail(column, f"应为{'、'.join(allowed)}之一，填写的是“{value}”")
        return allowed[value] if isinstance(allowed, dict) else value

    def decimal(self, column: str) -> float | None:
        value = self.cells.get(column)
        if parse_text(value) == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            self.fail(column, f"应为数字，填写的是“{parse_text(value)}”")

    def date(self, column: str, *, month_only: bool = False) -> dt.date:
        value = self.cells.get(column)
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.replace(day=1) if month_only else value
        text = self.text(column)
        match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?", text)
        try:
            if match and (month_only or match.group(3)):
                return dt.date(int(match.group(1)), int(match.group(2)), 1 if month_only else int(match.group(3)))
        except ValueError:
            pass
        self.fail(column, f"无法识别的{'年月（应为YYYY-MM）' if month_only else '日期'}“{text}”")


def _rows(book, sheet: str, headers: tuple[str, ...]):
    if sheet not in book.sheet_names:
        raise RotationFileError(f"缺少工作表“{sheet}”（应有工作表：学校、教师）")
    data = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    if not data:
        raise RotationFileError(f"{sheet} 工作表是空的")
    found = [parse_text(h) for h in data[0]]
    missing = [h for h in headers if h not in found]
    if missing:
        raise RotationFileError(f"{sheet} 第1行：缺少列「{'」「'.join(missing)}」")
    index = {h: found.index(h) for h in headers}
    for number, cells in enumerate(data[1:], 2):
        if all(parse_text(c) == "" for c in cells):
            continue
        yield _Row(sheet, number, {h: cells[i] if i < len(cells) else None for h, i in index.items()})


def read_rotation_workbook(path: str | Path) -> tuple[dict[str, School], list[Teacher]]:
    """Schools by 学校标识码 and the teachers of the workbook at ``path``."""
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error kinds for every unreadable file
        raise RotationFileError(f"无法读取文件“{Path(path).name}”：{exc}") from exc
    schools: dict[str, School] = {}
    for row in _rows(book, "学校", SCHOOL_HEADERS):
        code = row.text("学校标识码")
        if code in schools:
            row.fail("学校标识码", f"与前面的学校重复：{code}")
        subjects = frozenset(s.strip() for s in re.split(r"[、，,；;\s]+", row.text("缺员学科")) if s.strip())
        schools[code] = School(code, row.text("学校名称"), row.text("学段"),
                               row.choice("城乡", (URBAN, TOWN, RURAL)), row.choice("是否薄弱学校", YES_NO),
                               row.decimal("经度"), row.decimal("纬度"), subjects)
    teachers: list[Teacher] = []
    numbers: set[str] = set()
    for row in _rows(book, "教师", TEACHER_HEADERS):
        number = row.text("工号")
        if number in numbers:
            row.fail("工号", f"与前面的教师重复：{number}")
        numbers.add(number)
        school = row.text("学校标识码")
        if school not in schools:
            row.fail("学校标识码", f"学校表中没有这所学校：{school}")
        post = row.text("职务")
        if post and post not in ("校长", "副校长"):
            row.fail("职务", f"应为空、校长或副校长，填写的是“{post}”")
        teachers.append(Teacher(
            number, row.text("姓名"), row.choice("性别", ("男", "女")), row.date("出生日期"), school,
            row.text("任教学科"), row.date("本校任教起始年月", month_only=True), row.choice("是否骨干", YES_NO), post,
            row.text("配偶工号"), row.text("免交流原因"), row.decimal("住址经度"), row.decimal("住址纬度")))
    for teacher in teachers:
        if teacher.spouse and teacher.spouse not in numbers:
            raise RotationFileError(f"教师 工号{teacher.number}「配偶工号」：教师表中没有工号{teacher.spouse}")
    return schools, teachers

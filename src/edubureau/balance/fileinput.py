"""Reading the balance file (one row per school level part) into engine ``SchoolPart`` objects.

The same headers make the downloadable template of the page import.
"""

from __future__ import annotations

from edubureau.core.i18n import gettext as _
from edubureau.core.io.cleaning import CleaningError, normalize_header, parse_code, parse_decimal, parse_int, parse_text
from edubureau.core.io.limits import limits_for
from edubureau.core.io.reader import read_sheet

from .engine import JUNIOR, PRIMARY, SchoolPart

# Header → SchoolPart field, in template order.
COLUMNS = {
    "学校标识码": "code",
    "学校名称": "name",
    "学段": "level",
    "在校生数": "students",
    "教学及辅助用房面积": "teaching_area",
    "体育运动场馆面积": "sports_area",
    "教学仪器设备值": "equipment_value",
    "计算机台数": "computers",
    "图书册数": "books",
    "专任教师数": "teachers",
    "高于规定学历教师数": "above_qualified",
    "中级及以上职称教师数": "intermediate_titles",
    "县级及以上骨干教师数": "backbone",
    "体育艺术专任教师数": "pe_art_teachers",
    "网络多媒体教室数": "multimedia_rooms",
}


class BalanceFileError(ValueError):
    """The file is not a usable balance file; the message names the row and column."""


def read_parts(content: bytes, filename: str) -> list[SchoolPart]:
    """Parse the file; raise ``BalanceFileError`` naming row and column on the first bad cell."""
    known = {normalize_header(h) for h in COLUMNS}
    # The balance file's own caps (a county has at most a few hundred schools), not the registry's: issue 18.
    sheet = read_sheet(content, filename, known, limits=limits_for("balance"))
    by_header = {normalize_header(h): i for i, h in enumerate(sheet.headers)}
    missing = [h for h in COLUMNS if normalize_header(h) not in by_header]
    if missing:
        raise BalanceFileError(_("缺少列：{columns}").format(columns="、".join(missing)))
    parts = []
    for row_number, cells in sheet.rows:
        data = {}
        for header, field_name in COLUMNS.items():
            cell = cells[by_header[normalize_header(header)]]
            try:
                if field_name == "code":
                    value = parse_code(cell)
                elif field_name in ("name", "level"):
                    value = parse_text(cell)
                elif field_name == "students":
                    value = parse_int(cell)
                else:
                    value = float(parse_decimal(cell))
                if field_name == "level" and value not in (PRIMARY, JUNIOR):
                    raise CleaningError(_("学段须为“小学”或“初中”"))
                if field_name not in ("code", "name", "level") and value < 0:
                    raise CleaningError(_("不能为负数"))
            except (CleaningError, ValueError) as exc:
                message = _("第{row}行“{column}”列：{reason}")
                raise BalanceFileError(message.format(row=row_number, column=header, reason=exc)) from None
            data[field_name] = value
        parts.append(SchoolPart(**data))
    if not parts:
        raise BalanceFileError(_("文件中没有数据行"))
    return parts

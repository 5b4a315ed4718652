"""The applicant list of ``edubureau enrollment draw``: one row per applicant, headers exactly as published.

Headers: 申请编号, 姓名, 身份证件号, 类别 (一类/二类/三类 …), 积分 (may be empty, or the column absent). The file is
read through the registry import's reader and caps, so a hostile file is refused in words as on the web. A child
listed twice (the same 身份证件号 under two numbers) is refused: two tickets would double the child's chance.
"""

from __future__ import annotations

from pathlib import Path

from edubureau.core.io.cleaning import parse_text
from edubureau.core.io.limits import limits_for
from edubureau.core.io.reader import ReadError, read_sheet

from .lottery import Applicant, LotteryError, category_rank, parse_points

__all__ = ["HEADERS", "read_applicants"]

HEADERS = ("申请编号", "姓名", "身份证件号", "类别", "积分")
REQUIRED = HEADERS[:4]


def _text(value) -> str:
    text = parse_text(value)
    # A published CSV quotes text a spreadsheet would compute ('=…, core.io.safe_workbook.csv_cell): read it back.
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


def read_applicants(path) -> list[Applicant]:
    """The applicants of ``path`` (xlsx, xls or csv); a bad row is refused with its row, column and reason."""
    path = Path(path)
    if not path.is_file():
        raise LotteryError(f"文件不存在：{path}")
    try:
        sheet = read_sheet(path.read_bytes(), path.name, set(HEADERS), limits=limits_for("registry"))
    except ReadError as exc:
        raise LotteryError(f"{path.name}：{exc}") from None
    columns = {name: sheet.headers.index(name) for name in HEADERS if name in sheet.headers}
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise LotteryError(f"{path.name}：第{sheet.header_row}行表头缺少列：{'、'.join(missing)}"
                           f"（表头应为：{'、'.join(HEADERS)}）")
    applicants, by_id = [], {}
    for row, cells in sheet.rows:
        value = {name: _text(cells[i]) for name, i in columns.items()}
        for name in ("申请编号", "类别"):
            if not value[name]:
                raise LotteryError(f"第{row}行「{name}」：必填")
        try:
            category_rank(value["类别"])
        except LotteryError as exc:
            raise LotteryError(f"第{row}行「类别」：{exc}") from None
        id_number = value["身份证件号"].upper()
        if id_number and id_number in by_id:
            raise LotteryError(f"第{row}行「身份证件号」：与第{by_id[id_number]}行是同一儿童，"
                               "一名儿童只能有一个申请编号")
        if id_number:
            by_id[id_number] = row
        applicants.append(Applicant(number=value["申请编号"], name=value["姓名"], id_number=id_number,
                                    category=value["类别"], points=parse_points(value.get("积分", ""), row), row=row))
    if not applicants:
        raise LotteryError(f"{path.name}：没有申请人")
    return applicants

"""The 台账 of a work plan as a formatted xlsx: one row per task with its lead department, targets,
latest progress and status. Pure (xlsxwriter only, no Django): the page hands in plain rows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import xlsxwriter

HEADERS = ["编号", "任务", "牵头科室", "配合单位", "完成时限", "量化指标", "最新进展", "完成百分比", "状态"]
WIDTHS = [8, 48, 14, 14, 14, 40, 40, 10, 8]
STATUS_COLOURS = {"滞后": "#FFF2CC", "逾期": "#F8CBAD", "已完成": "#E2EFDA"}


@dataclass
class LedgerRow:
    """One task of the 台账, already in display text."""

    item: str
    task: str
    level: int
    lead: str
    partners: str
    deadline: str
    targets: str
    progress: str
    percent: int | None
    status: str


def write_ledger(title: str, rows: list[LedgerRow]) -> bytes:
    """The workbook bytes: a title line, a frozen header, tasks indented by level, status shaded."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("台账")
    title_format = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    percent = book.add_format({"border": 1, "valign": "top", "num_format": '0"%"'})
    shaded = {
        name: book.add_format({"border": 1, "valign": "top", "bg_color": colour})
        for name, colour in STATUS_COLOURS.items()
    }
    indented = {}
    sheet.merge_range(0, 0, 0, len(HEADERS) - 1, title, title_format)
    for col, (name, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        sheet.write(1, col, name, header)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(2, 2)
    for r, row in enumerate(rows, start=2):
        level = max(0, row.level - 1)
        if level not in indented:
            indented[level] = book.add_format({"border": 1, "text_wrap": True, "valign": "top", "indent": level})
        sheet.write(r, 0, row.item, cell)
        sheet.write(r, 1, row.task, indented[level])
        sheet.write(r, 2, row.lead, cell)
        sheet.write(r, 3, row.partners, cell)
        sheet.write(r, 4, row.deadline, cell)
        sheet.write(r, 5, row.targets, cell)
        sheet.write(r, 6, row.progress, cell)
        if row.percent is None:
            sheet.write_blank(r, 7, None, cell)
        else:
            sheet.write_number(r, 7, row.percent, percent)
        sheet.write(r, 8, row.status, shaded.get(row.status, cell))
    if rows:
        sheet.autofilter(1, 0, len(rows) + 1, len(HEADERS) - 1)
    book.close()
    return buffer.getvalue()

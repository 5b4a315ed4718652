"""The 台账 of a work plan as a formatted xlsx: one row per task with its lead department, targets,
latest progress and status. Pure (xlsxwriter only, no Django): the page hands in plain rows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from edubureau.core.io.safe_workbook import new_workbook

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
    book = new_workbook(buffer)  # issue 18: typed text stays text
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


PROBLEM_HEADERS = ["编号", "任务", "难点问题", "拟采取措施", "责任单位", "提出人", "提出日期", "办理期限", "状态",
                   "逾期天数", "销号日期"]
PROBLEM_WIDTHS = [8, 30, 40, 30, 16, 10, 12, 12, 14, 8, 12]


@dataclass
class ProblemRow:
    """One problem of the 难点问题台账, already in display text."""

    item: str
    task: str
    description: str
    measures: str
    owner: str
    raised_by: str
    raised_on: str
    due: str
    state: str
    days_overdue: int
    closed_on: str


def write_problem_ledger(title: str, rows: list[ProblemRow]) -> bytes:
    """The 难点问题台账 workbook: a title line, a frozen header, overdue rows shaded red, closed ones green."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)  # issue 18: typed text stays text
    sheet = book.add_worksheet("难点问题台账")
    title_format = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"})
    plain = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    late = book.add_format({"border": 1, "text_wrap": True, "valign": "top", "bg_color": "#F8CBAD"})
    closed = book.add_format({"border": 1, "text_wrap": True, "valign": "top", "bg_color": "#E2EFDA"})
    sheet.merge_range(0, 0, 0, len(PROBLEM_HEADERS) - 1, title, title_format)
    for col, (name, width) in enumerate(zip(PROBLEM_HEADERS, PROBLEM_WIDTHS, strict=True)):
        sheet.write(1, col, name, header)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(2, 3)
    for r, row in enumerate(rows, start=2):
        values = [row.item, row.task, row.description, row.measures, row.owner, row.raised_by, row.raised_on,
                  row.due, row.state]
        for col, value in enumerate(values):
            sheet.write(r, col, value, plain)
        state_format = closed if row.closed_on else (late if row.days_overdue > 0 else plain)
        sheet.write(r, 8, row.state, state_format)
        if row.days_overdue > 0 and not row.closed_on:
            sheet.write_number(r, 9, row.days_overdue, late)
        else:
            sheet.write_blank(r, 9, None, plain)
        sheet.write(r, 10, row.closed_on, plain)
    if rows:
        sheet.autofilter(1, 0, len(rows) + 1, len(PROBLEM_HEADERS) - 1)
    book.close()
    return buffer.getvalue()


def write_matrix(title: str, header: list[str], rows: list[list[str]]) -> bytes:
    """A city plan's completion by county (issue 16): task × county cells in display text, shaded by status.

    The first four columns (编号, 任务, 牵头科室, 完成时限) stay in view; a cell starting with a status label is
    shaded like the 台账's status column.
    """
    buffer = io.BytesIO()
    book = new_workbook(buffer)  # issue 18: typed text stays text
    sheet = book.add_worksheet("分县完成情况")
    title_format = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"})
    plain = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    shaded = {name: book.add_format({"border": 1, "valign": "top", "bg_color": colour})
              for name, colour in STATUS_COLOURS.items()}
    sheet.merge_range(0, 0, 0, max(1, len(header) - 1), title, title_format)
    for col, name in enumerate(header):
        sheet.write_string(1, col, name, head)
        sheet.set_column(col, col, 48 if col == 1 else 14)
    sheet.freeze_panes(2, 2)
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row):
            text = str(value)
            fmt = next((f for name, f in shaded.items() if text.startswith(name)), plain) if col >= 4 else plain
            sheet.write_string(r, col, text, fmt)
    book.close()
    return buffer.getvalue()

"""Writing workbooks with xlsxwriter: the blank template, an export, and the error workbook.

A template and an export have the same columns, so an export can be edited and imported back.
Code-like columns are formatted as text, so Excel keeps every digit of a 身份证号; choice columns
get a drop-down list; a second sheet "填写说明" states each column's rules and allowed values.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _

from ..formatting import XLSX_DATE
from . import cleaning
from .reader import Sheet
from .safe_workbook import new_workbook
from .sheet_names import unique_sheet_name
from .spec import SheetSpec
from .validate import RowError, header_map

__all__ = ["error_workbook", "export_workbook", "list_workbook", "template_workbook"]

TEXT_KINDS = {"text", "code", "idcard", "choice", "multichoice", "term", "school_year", "grade"}
VALIDATION_ROWS = 50_000  # rows of the sheet that get the drop-down lists
ERROR_COLUMN = "错误原因"


class _Book:
    """One workbook with the formats every sheet of ours uses."""

    def __init__(self, *, constant_memory: bool = False):
        self.output = io.BytesIO()
        options = {"constant_memory": True} if constant_memory else {"in_memory": True}
        self.book = new_workbook(self.output, **options)  # issue 18: cells of a registry stay text
        add = self.book.add_format
        self.header = add({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"})
        self.required = add({"bold": True, "bg_color": "#DDEBF7", "border": 1, "font_color": "#C00000",
                             "text_wrap": True, "valign": "vcenter"})
        self.text = add({"num_format": "@"})
        self.date = add({"num_format": XLSX_DATE})  # a date cell, read as 2025年9月1日 (issue 17)
        self.bad = add({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.bad_date = add({"bg_color": "#FFC7CE", "font_color": "#9C0006", "num_format": XLSX_DATE})
        self.reason = add({"font_color": "#C00000", "text_wrap": True})
        self.wrap = add({"text_wrap": True, "valign": "top"})

    def close(self) -> bytes:
        self.book.close()
        return self.output.getvalue()

    def write(self, sheet, row: int, col: int, value, fmt=None, date_fmt=None) -> None:
        if value is None or value == "":
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            sheet.write_string(row, col, "是" if value else "否", fmt)
        elif isinstance(value, dt.date | dt.datetime):
            value = dt.datetime.combine(value, dt.time()) if not isinstance(value, dt.datetime) else value
            sheet.write_datetime(row, col, value.replace(tzinfo=None), date_fmt or self.date)
        elif isinstance(value, int | float | Decimal):
            sheet.write_number(row, col, float(value) if isinstance(value, Decimal) else value, fmt)
        else:
            sheet.write_string(row, col, str(value), fmt)


def _data_sheet(book: _Book, spec: SheetSpec):
    sheet = book.book.add_worksheet(spec.verbose_name[:31])
    for index, column in enumerate(spec.columns):
        fmt = book.date if column.kind == "date" else book.text if column.kind in TEXT_KINDS else None
        sheet.set_column(index, index, column.width, fmt)
        sheet.write_string(0, index, column.title, book.required if column.required else book.header)
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 0)
    return sheet


def _add_validation(book: _Book, spec: SheetSpec, sheet) -> None:
    # Long choice lists exceed Excel's 255-character inline limit: they live on a hidden sheet.
    options_sheet = None
    list_col = 0
    for index, column in enumerate(spec.columns):
        if column.kind == "bool":
            sheet.data_validation(1, index, VALIDATION_ROWS, index, {"validate": "list", "source": ["是", "否"]})
        elif column.kind == "choice":
            if options_sheet is None:
                options_sheet = book.book.add_worksheet("选项")
                options_sheet.hide()
            labels = column.choice_labels()
            options_sheet.write_string(0, list_col, column.label)
            for i, label in enumerate(labels, 1):
                options_sheet.write_string(i, list_col, label)
            letter = xlsxwriter.utility.xl_col_to_name(list_col)
            sheet.data_validation(1, index, VALIDATION_ROWS, index, {
                "validate": "list",
                "source": f"='选项'!${letter}$2:${letter}${len(labels) + 1}",
                "error_title": _("请从列表中选择"),
                "error_message": _("可选：{options}").format(options="、".join(labels))[:255],
            })
            list_col += 1


def _instructions(book: _Book, spec: SheetSpec) -> None:
    sheet = book.book.add_worksheet(_("填写说明"))
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 10)
    sheet.set_column(2, 2, 70)
    general = [
        _("{name}导入模板。第1行为表头，请从第2行起每行填写一条记录，不要修改表头。").format(name=spec.verbose_name),
        _("带 * 的列为必填。已存在的记录按“{key}”匹配并更新，其余新增。").format(
            key="、".join(spec.column(k).label for k in spec.key)),
        _("整个文件全部校验通过才会写入；有任何错误时不写入任何数据，并可下载标出错误的文件。"),
        *map(str, spec.notes),
    ]
    for row, text in enumerate(general):
        sheet.merge_range(row, 0, row, 2, text, book.wrap)
    start = len(general) + 1
    for col, title in enumerate([_("列名"), _("必填"), _("填写规则")]):
        sheet.write_string(start, col, title, book.header)
    for offset, column in enumerate(spec.columns, 1):
        sheet.write_string(start + offset, 0, column.label)
        sheet.write_string(start + offset, 1, _("是") if column.required else _("否"))
        sheet.write_string(start + offset, 2, column.help_text(), book.wrap)


def template_workbook(spec: SheetSpec) -> bytes:
    """The blank template: header row, drop-downs, and the 填写说明 sheet."""
    book = _Book()
    sheet = _data_sheet(book, spec)
    _instructions(book, spec)
    _add_validation(book, spec, sheet)  # after 填写说明, so the hidden 选项 sheet comes last
    return book.close()


def export_workbook(spec: SheetSpec, objects: Iterable, user=None) -> bytes:
    """The rows of ``objects`` with the template's columns, ready to be edited and imported back.

    ``user`` decides whether ID numbers are written in full or masked (the spec's rule).
    """
    book = _Book(constant_memory=True)
    sheet = _data_sheet(book, spec)
    for row, obj in enumerate(objects, 1):
        for col, column in enumerate(spec.columns):
            book.write(sheet, row, col, spec.export_value(column, obj, user))
    _instructions(book, spec)
    return book.close()


def list_workbook(title: str, headers: list[tuple[str, int]], rows: Iterable[list]) -> bytes:
    """A department's list as it was filtered on screen (issue 17): a title line, a header row, the rows.

    ``headers`` are (title, width) pairs. Dates are date cells shown as 2025年9月1日, numbers are numbers, and every
    other value is written as text (never as a formula: ``new_workbook``), so a clerk can sort and filter it.
    """
    book = _Book(constant_memory=True)
    # The title may carry typed text (a school's name with a "/"): Excel refuses such a sheet name.
    sheet = book.book.add_worksheet(unique_sheet_name(title, set(), "列表"))
    for index, (_header, width) in enumerate(headers):
        sheet.set_column(index, index, width)
    sheet.write_string(0, 0, title, book.book.add_format({"bold": True, "font_size": 14}))
    for index, (header, _width) in enumerate(headers):
        sheet.write_string(1, index, header, book.header)
    sheet.freeze_panes(2, 0)
    for number, values in enumerate(rows, 2):
        for index, value in enumerate(values):
            book.write(sheet, number, index, value)
    return book.close()


def error_workbook(spec: SheetSpec, sheet_data: Sheet | None, errors: list[RowError]) -> bytes:
    """The uploaded rows with a 错误原因 column, the refused cells in red, and a list of all errors."""
    book = _Book()
    sheet = book.book.add_worksheet(spec.verbose_name[:31])
    known = header_map(spec)
    headers = sheet_data.headers if sheet_data else [c.label for c in spec.columns]
    index_of = {}
    for index, header in enumerate(headers):
        column = known.get(cleaning.normalize_header(header)) if header else None
        if column is not None and column.label not in index_of:
            index_of[column.label] = index
    by_row: dict[int, list[RowError]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(error)
    error_col = len(headers)
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, book.header)
        sheet.set_column(col, col, 16)
    sheet.write_string(0, error_col, ERROR_COLUMN, book.required)
    sheet.write_string(0, error_col + 1, _("原行号"), book.header)
    sheet.set_column(error_col, error_col, 50)
    sheet.freeze_panes(1, 0)
    for out_row, (number, cells) in enumerate(sheet_data.rows if sheet_data else [], 1):
        row_errors = by_row.get(number, [])
        bad = {index_of.get(e.column) for e in row_errors}
        for col, cell in enumerate(cells):
            if col in bad:
                book.write(sheet, out_row, col, cell, book.bad, book.bad_date)
            else:
                book.write(sheet, out_row, col, cell)
        if row_errors:
            text = "；".join(f"{e.column}：{e.reason}" for e in row_errors)
            sheet.write_string(out_row, error_col, text, book.reason)
        sheet.write_number(out_row, error_col + 1, number)
    listing = book.book.add_worksheet(_("错误清单"))
    for col, (title, width) in enumerate([(_("行号"), 8), (_("列"), 18), (_("填写的值"), 24), (_("原因"), 60)]):
        listing.write_string(0, col, title, book.header)
        listing.set_column(col, col, width)
    for out_row, error in enumerate(errors, 1):
        listing.write(out_row, 0, error.row or _("整个文件"))
        listing.write_string(out_row, 1, error.column)
        listing.write_string(out_row, 2, error.value)
        listing.write_string(out_row, 3, error.reason, book.reason)
    return book.close()

"""Reading an uploaded workbook (.xlsx, .xls, .ods, .csv) into rows that keep their Excel row numbers.

python-calamine reads the whole first visible sheet in one call, far faster than a row-by-row
reader. Blank rows are skipped, but every row keeps the number Excel shows beside it, so an error
message can say "第7行" and the clerk finds that row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine
from django.utils.translation import gettext as _

from .cleaning import is_blank, normalize_header

__all__ = ["ReadError", "Sheet", "read_sheet"]

# The header is looked for among the first rows: clerks often put a title line above it.
HEADER_SEARCH_ROWS = 10
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


class ReadError(ValueError):
    """The file cannot be read as a workbook (wrong type, damaged, password-protected)."""


@dataclass
class Sheet:
    """The rows of one sheet: the header row, and data rows as (Excel row number, cells)."""

    header_row: int
    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)


def _raw_rows(content: bytes, filename: str) -> list[list]:
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return _csv_rows(content)
    if suffix not in EXCEL_SUFFIXES:
        message = _("不支持的文件类型：{suffix}，请上传 .xlsx、.xls 或 .csv 文件")
        raise ReadError(message.format(suffix=suffix or filename))
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        visible = [m.name for m in workbook.sheets_metadata if m.visible == python_calamine.SheetVisibleEnum.Visible]
        sheet = workbook.get_sheet_by_name(visible[0] if visible else workbook.sheet_names[0])
        # skip_empty_area=False: row i of the list is Excel row i + 1, whatever lies above the data.
        return sheet.to_python(skip_empty_area=False)
    except (python_calamine.CalamineError, ValueError, IndexError, OSError) as exc:
        message = _("无法读取该文件（{error}），请确认是未加密的 Excel 文件")
        raise ReadError(message.format(error=type(exc).__name__)) from None


def _csv_rows(content: bytes) -> list[list]:
    # Excel on a Chinese Windows saves CSV in GBK; WPS and newer Excel use UTF-8 with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ReadError(_("无法识别CSV文件的编码"))
    return [list(row) for row in csv.reader(io.StringIO(text))]


def find_header(raw: list[list], known: set[str]) -> int:
    """Index of the row that names the most known columns among the first rows (-1 if none does)."""
    best, best_hits = -1, 0
    for index, row in enumerate(raw[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if not is_blank(cell) and normalize_header(cell) in known)
        if hits > best_hits:
            best, best_hits = index, hits
    return best


def read_sheet(content: bytes, filename: str, known_headers: set[str]) -> Sheet:
    """Read the first visible sheet; ``known_headers`` (normalized) locate the header row.

    Raises:
        ReadError: the file is not a readable workbook, or no row looks like the template's header.
    """
    raw = _raw_rows(content, filename)
    header_index = find_header(raw, known_headers)
    if header_index < 0:
        raise ReadError(_("找不到表头行：请使用本系统下载的模板，表头须在前10行内"))
    headers = ["" if is_blank(c) else str(c).strip() for c in raw[header_index]]
    width = len(headers)
    sheet = Sheet(header_row=header_index + 1, headers=headers)
    for index in range(header_index + 1, len(raw)):
        cells = list(raw[index][:width])
        if all(is_blank(c) for c in cells):
            continue
        cells.extend([""] * (width - len(cells)))
        sheet.rows.append((index + 1, cells))
    return sheet


def count_rows(content: bytes, filename: str) -> int:
    """Non-blank rows of the first sheet, header included: enough to decide inline or background."""
    try:
        return sum(1 for row in _raw_rows(content, filename) if not all(is_blank(c) for c in row))
    except ReadError:
        return 0

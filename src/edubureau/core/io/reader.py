"""Reading an uploaded workbook (.xlsx, .xls, .ods, .csv) into rows that keep their Excel row numbers.

python-calamine reads the whole first visible sheet in one call, far faster than a row-by-row
reader. Blank rows are skipped, but every row keeps the number Excel shows beside it, so an error
message can say "第7行" and the clerk finds that row.

calamine allocates one cell for every position of a sheet's used range, so (issue 18) the file's
size, inflated size and used range are checked against the upload kind's caps (``core.uploads``)
before calamine opens it, and rows are read up to the cap only.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from edubureau.core.i18n import gettext as _

from .cleaning import is_blank, normalize_header
from .filecheck import FileLimits, FileRefused, check_size, check_workbook

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


def _limits(limits: FileLimits | None) -> FileLimits:
    if limits is not None:
        return limits
    from edubureau.core.uploads import limits_for  # the registry import's caps unless the caller says otherwise

    return limits_for("registry")


def _refused(exc: FileRefused) -> ReadError:
    # core.i18n, not core.uploads: the fast command line reads files before Django is set up.
    return ReadError(_(exc.template).format(**exc.params))


def _raw_rows(content: bytes, filename: str, limits: FileLimits | None = None) -> list[list]:
    limits = _limits(limits)
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".csv":
            check_size(len(content), limits)
            return _csv_rows(content, limits)
        if suffix not in EXCEL_SUFFIXES:
            message = _("不支持的文件类型：{suffix}，请上传 .xlsx、.xls 或 .csv 文件")
            raise ReadError(message.format(suffix=suffix or filename))
        # Issue 18: measure the used range before calamine allocates it.
        check_workbook(content, suffix, limits)
    except FileRefused as exc:
        raise _refused(exc) from None
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        visible = [m.name for m in workbook.sheets_metadata if m.visible == python_calamine.SheetVisibleEnum.Visible]
        sheet = workbook.get_sheet_by_name(visible[0] if visible else workbook.sheet_names[0])
        # skip_empty_area=False: row i of the list is Excel row i + 1, whatever lies above the data.
        # One row past the cap is read, so a sheet over it is refused rather than cut short.
        nrows = limits.max_rows + 1 if limits.max_rows is not None else None
        rows = sheet.to_python(skip_empty_area=False, nrows=nrows)
    except (python_calamine.CalamineError, ValueError, IndexError, OSError) as exc:
        message = _("无法读取该文件（{error}），请确认是未加密的 Excel 文件")
        raise ReadError(message.format(error=type(exc).__name__)) from None
    _check_rows(rows, limits)
    return rows


def _check_rows(rows: list[list], limits: FileLimits) -> None:
    """The caps again on what was read (.xls and csv have no used range to measure beforehand)."""
    if limits.max_rows is not None and len(rows) > limits.max_rows:
        raise ReadError(_("文件超过{limit}行，请分成几个文件导入").format(limit=f"{limits.max_rows:,}"))
    if limits.max_columns is not None and rows and max(len(row) for row in rows) > limits.max_columns:
        raise ReadError(_("文件超过{limit}列，请删除多余的列").format(limit=f"{limits.max_columns:,}"))


def _csv_rows(content: bytes, limits: FileLimits) -> list[list]:
    # Excel on a Chinese Windows saves CSV in GBK; WPS and newer Excel use UTF-8 with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError(_("无法识别CSV文件的编码，请另存为 UTF-8 或 GBK 编码的 CSV 文件"))
    rows = []
    try:
        for row in csv.reader(io.StringIO(text)):
            rows.append(row)
            if limits.max_rows is not None and len(rows) > limits.max_rows:
                break  # refused below: no need to read the rest
    except csv.Error as exc:  # a NUL byte, a field over the csv module's limit: not a CSV table
        raise ReadError(_("无法读取CSV文件（{error}），请确认是表格另存的 CSV 文件").format(error=exc)) from None
    _check_rows(rows, limits)
    return rows


def find_header(raw: list[list], known: set[str]) -> int:
    """Index of the row that names the most known columns among the first rows (-1 if none does)."""
    best, best_hits = -1, 0
    for index, row in enumerate(raw[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if not is_blank(cell) and normalize_header(cell) in known)
        if hits > best_hits:
            best, best_hits = index, hits
    return best


def read_sheet(content: bytes, filename: str, known_headers: set[str], *, limits: FileLimits | None = None) -> Sheet:
    """Read the first visible sheet; ``known_headers`` (normalized) locate the header row.

    Args:
        limits: the upload kind's caps (``core.uploads.limits_for``); the registry import's by default.

    Raises:
        ReadError: the file is not a readable workbook, breaks a cap, or no row looks like the template's header.
    """
    raw = _raw_rows(content, filename, limits)
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


def count_rows(content: bytes, filename: str, limits: FileLimits | None = None) -> int:
    """Non-blank rows of the first sheet, header included: enough to decide inline or background."""
    try:
        return sum(1 for row in _raw_rows(content, filename, limits) if not all(is_blank(c) for c in row))
    except ReadError:
        return 0

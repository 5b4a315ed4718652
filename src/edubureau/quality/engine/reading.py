"""Reading a score file fast: fastexcel (calamine into Arrow) for workbooks, polars for csv, every cell as text.

The result is a frame of text columns plus ``_row`` (the row number Excel shows), ready for
``clean_scores``; the header is the first row among the first ten that names 考号.

calamine (under fastexcel) allocates every cell of a sheet's used range, so with ``limits`` (issue 18)
the file's size, inflated size and used range are checked first, and no more rows than the cap are read.
"""

from __future__ import annotations

import io
from pathlib import Path

import fastexcel
import polars as pl

from edubureau.core.io.filecheck import FileLimits, FileRefused, check_size, check_workbook

__all__ = ["ReadFailure", "read_score_file", "rows_to_frame", "sheet_to_frame"]

HEADER_SEARCH_ROWS = 10
HEADER_MARKS = ("考号", "准考证号")


class ReadFailure(ValueError):
    """The file cannot be read as a score table (wrong type, damaged, no header row)."""


def _cell_text(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_to_frame(rows: list[list], marks: tuple[str, ...] = HEADER_MARKS) -> pl.DataFrame:
    """A frame of text cells from rows as read (the first row with 考号 is the header).

    Examples
    --------
    >>> rows_to_frame([["2025学年期末"], ["考号", "数学"], [101.0, 95.5], ["", ""], [102.0, "缺考"]]).rows()
    [(3, '101', '95.5'), (5, '102', '缺考')]
    """
    width = max((len(row) for row in rows), default=0)
    cells = [[_cell_text(c) for c in row] + [None] * (width - len(row)) for row in rows]
    columns = {f"c{i}": [row[i] for row in cells] for i in range(width)}
    return sheet_to_frame(pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String)), marks)


def sheet_to_frame(sheet: pl.DataFrame, marks: tuple[str, ...] = HEADER_MARKS) -> pl.DataFrame:
    """The score table in a whole sheet of text cells, row ``i`` of the frame being Excel row ``i + 1``.

    The header is the first row among the first ten naming one of ``marks``; blank rows are dropped
    and every kept row carries its Excel row number in ``_row``; columns without a header are dropped.
    """
    top = sheet.head(HEADER_SEARCH_ROWS).rows()
    header_at = next((i for i, row in enumerate(top) if any((c or "").strip() in marks for c in row)), None)
    if header_at is None:
        raise ReadFailure(f"no header row naming {marks[0]} among the first rows")
    named: dict[str, str] = {}
    for column, header in zip(sheet.columns, top[header_at], strict=True):
        header = (header or "").strip()
        if header:
            named[header] = column  # a repeated header: the last column of that name counts
    body = sheet.with_row_index("_row", offset=1).slice(header_at + 1)
    cells = [pl.col(c) for c in sheet.columns]
    body = body.filter(pl.any_horizontal(c.is_not_null() & (c != "") for c in cells)) if cells else body.clear()
    return body.select(pl.col("_row").cast(pl.Int64),
                       *(pl.col(column).replace("", None).alias(header) for header, column in named.items()))


def _read_workbook(path: Path, marks: tuple[str, ...], limits: FileLimits) -> pl.DataFrame:
    # fastexcel reads the first sheet straight into Arrow as text (no Python object per cell). With no
    # header row and skip_rows=0 it keeps leading blank rows, so frame row i is Excel row i + 1.
    # One row past the cap is read, so a sheet over it is refused rather than cut short.
    n_rows = limits.max_rows + 1 if limits.max_rows is not None else None
    sheet = fastexcel.read_excel(str(path)).load_sheet(0, header_row=None, skip_rows=0, dtypes="string",
                                                       n_rows=n_rows)
    return sheet_to_frame(_within(sheet.to_polars(), limits), marks)


def _within(frame: pl.DataFrame, limits: FileLimits) -> pl.DataFrame:
    """The frame, if it has no more rows and columns than the caps (checked again after reading: .xls and csv)."""
    if limits.max_rows is not None and frame.height > limits.max_rows:
        raise ReadFailure(f"文件超过{limits.max_rows:,}行，请分成几个文件导入")
    if limits.max_columns is not None and frame.width > limits.max_columns:
        raise ReadFailure(f"文件超过{limits.max_columns:,}列，请删除多余的列")
    return frame


def _decode_csv(content: bytes) -> bytes:
    # Excel on a Chinese Windows saves csv in GBK; polars reads UTF-8 only.
    try:
        content.decode("utf-8")
        return content
    except UnicodeDecodeError:
        return content.decode("gb18030").encode("utf-8")


def read_score_file(path: str | Path, marks: tuple[str, ...] = HEADER_MARKS,
                    limits: FileLimits | None = None) -> pl.DataFrame:
    """Read a .csv or workbook score file into text columns plus ``_row`` (header: the row naming ``marks``).

    ``limits`` caps the file's size, inflated size, used range, rows and columns; a file over a cap is
    refused (``ReadFailure``) before it is read. Without it nothing is capped.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    limits = limits or FileLimits()
    try:
        if suffix == ".csv":
            check_size(path.stat().st_size, limits)
            n_rows = limits.max_rows + 1 if limits.max_rows is not None else None
            raw = _within(pl.read_csv(io.BytesIO(_decode_csv(path.read_bytes())), infer_schema=False,
                                      n_rows=n_rows), limits)
            raw = raw.rename({c: c.lstrip("\ufeff").strip() for c in raw.columns})
            if not any(m in raw.columns for m in marks):
                raise ReadFailure(f"the first row of the csv must be the header naming {marks[0]}")
            # Row 1 is the header, so data row i is line i + 2 (blank lines are skipped by polars).
            return raw.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
        if suffix not in {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}:
            raise ReadFailure(f"unsupported file type {suffix or path.name}: use .xlsx, .xls or .csv")
        check_workbook(path, suffix, limits)  # before calamine allocates the used range (issue 18)
        return _read_workbook(path, marks, limits)
    except FileRefused as exc:
        raise ReadFailure(str(exc)) from None
    except (fastexcel.FastExcelError, pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise ReadFailure(f"cannot read {path.name}: {type(exc).__name__}: {exc}") from None

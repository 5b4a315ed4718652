"""Reading a score file fast: python-calamine for workbooks, polars for csv, every cell as text.

The result is a frame of text columns plus ``_row`` (the row number Excel shows), ready for
``clean_scores``; the header is the first row among the first ten that names 考号.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import python_calamine

__all__ = ["ReadFailure", "read_score_file", "rows_to_frame"]

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
    header_at = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS])
                      if any(str(c).strip() in marks for c in row)), None)
    if header_at is None:
        raise ReadFailure(f"no header row naming {marks[0]} among the first rows")
    headers = [str(c).strip() for c in rows[header_at]]
    width = len(headers)
    keep = [i for i, h in enumerate(headers) if h]
    numbers, data = [], []
    for index in range(header_at + 1, len(rows)):
        row = rows[index]
        if any(c is not None and c != "" for c in row):
            numbers.append(index + 1)
            data.append(row + [None] * (width - len(row)) if len(row) < width else row)
    cells = list(zip(*data, strict=False)) if data else [()] * width
    columns = {"_row": pl.Series("_row", numbers, dtype=pl.Int64)}
    for i in keep:
        values = cells[i]
        if all(type(v) is float or v == "" or type(v) is str for v in values) and not _is_id(headers[i]):
            # Score columns: polars turns floats and text into strings natively, far faster than Python.
            series = pl.Series(headers[i], values, dtype=pl.String, strict=False)
            series = series.str.replace(r"\.0$", "")
        else:
            series = pl.Series(headers[i], [_cell_text(v) for v in values], dtype=pl.String)
        columns[headers[i]] = series.replace("", None)
    return pl.DataFrame(columns)


def _is_id(header: str) -> bool:
    # Identity columns keep the Python conversion: a 考号 read as 2025001.0 must become "2025001".
    return header in ("考号", "准考证号", "学籍号", "学校标识码")


def _decode_csv(content: bytes) -> bytes:
    # Excel on a Chinese Windows saves csv in GBK; polars reads UTF-8 only.
    try:
        content.decode("utf-8")
        return content
    except UnicodeDecodeError:
        return content.decode("gb18030").encode("utf-8")


def read_score_file(path: str | Path, marks: tuple[str, ...] = HEADER_MARKS) -> pl.DataFrame:
    """Read a .csv or workbook score file into text columns plus ``_row`` (header: the row naming ``marks``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            raw = pl.read_csv(io.BytesIO(_decode_csv(path.read_bytes())), infer_schema=False)
            raw = raw.rename({c: c.lstrip("\ufeff").strip() for c in raw.columns})
            if not any(m in raw.columns for m in marks):
                raise ReadFailure(f"the first row of the csv must be the header naming {marks[0]}")
            # Row 1 is the header, so data row i is line i + 2 (blank lines are skipped by polars).
            return raw.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
        if suffix not in {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}:
            raise ReadFailure(f"unsupported file type {suffix or path.name}: use .xlsx, .xls or .csv")
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        return rows_to_frame(sheet.to_python(skip_empty_area=False), marks)
    except (python_calamine.CalamineError, pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
        raise ReadFailure(f"cannot read {path.name}: {type(exc).__name__}: {exc}") from None

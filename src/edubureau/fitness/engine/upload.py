"""The national upload template (国家学生体质健康标准数据上报) as schools fill it, read into a frame (issue 14).

The template's own headers (national-formats §5a): 年级编号, 班级编号, 班级名称, 学籍号, 民族代码, 姓名, 性别,
出生日期, 家庭住址, 身高, 体重, 肺活量, 50米跑, 坐位体前屈, 一分钟跳绳, 一分钟仰卧起坐, 50米×8往返跑, 立定跳远,
引体向上, 800米跑, 1000米跑, 左眼裸眼视力, 右眼裸眼视力; a school column 学校名称 or 学校标识码 may be added.
Only 年级编号, 学籍号 and 性别 are required here; item columns a grade does not test may be absent or blank.

Every bad cell is reported with its Excel row, its column and the reason, the way the platform words it
("第N行, X：数据有误 …"), and nothing is scored from a file with errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from edubureau.core.io.cleaning import normalize_header, parse_text
from edubureau.core.io.limits import limits_for
from edubureau.core.io.reader import ReadError, read_sheet

from .standard import GRADE_NAMES, ITEMS
from .values import parse_value

__all__ = ["ID_COLUMNS", "MEASURES", "FitnessFileError", "Upload", "raw_column", "read_upload", "read_upload_bytes"]

ID_COLUMNS = ("学校标识码", "学校名称", "年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别",
              "出生日期", "家庭住址")
MEASURES = ("身高", "体重", *ITEMS, "左眼裸眼视力", "右眼裸眼视力")
REQUIRED = ("年级编号", "学籍号", "性别")
# Spellings seen in exports of the same template (1分钟跳绳, 50米x8往返跑 …), normalised as core.io matches headers.
ALIASES = {"1分钟跳绳": "一分钟跳绳", "1分钟仰卧起坐": "一分钟仰卧起坐", "仰卧起坐": "一分钟仰卧起坐",
           "跳绳": "一分钟跳绳", "50米x8往返跑": "50米×8往返跑", "50米*8往返跑": "50米×8往返跑",
           "50×8往返跑": "50米×8往返跑", "左眼视力": "左眼裸眼视力", "右眼视力": "右眼裸眼视力"}
SEX_CODES = {"1": "男", "男": "男", "2": "女", "女": "女"}
# Above 小学 the platform wants the other sex's items empty (national-formats §5b).
NOT_FOR = {"男": ("一分钟仰卧起坐", "800米跑"), "女": ("引体向上", "1000米跑")}
MAX_ERRORS = 50


class FitnessFileError(ValueError):
    """The file cannot be scored; ``errors`` lists every row, column and reason found (up to 50)."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        more = "" if len(errors) < MAX_ERRORS else f"\n（仅列出前{MAX_ERRORS}条）"
        super().__init__("\n".join(errors) + more)


@dataclass
class Upload:
    """The parsed rows: ``frame`` holds ids as text and measures as numbers (seconds for times), and the raw
    text of every measure in ``raw_column(name)`` so that a report can show what the school wrote."""

    frame: pl.DataFrame
    columns: list[str] = field(default_factory=list)


def raw_column(name: str) -> str:
    """The frame column holding the text a school wrote for ``name``."""
    return f"原始:{name}"


def _known() -> dict[str, str]:
    known = {normalize_header(n): n for n in (*ID_COLUMNS, *MEASURES)}
    known.update({normalize_header(a): n for a, n in ALIASES.items()})
    return known


def read_upload(path) -> Upload:
    """Read the template at ``path`` (xlsx, xls or csv)."""
    path = Path(path)
    if not path.is_file():
        raise FitnessFileError([f"文件不存在：{path}"])
    return read_upload_bytes(path.read_bytes(), path.name)


def read_upload_bytes(content: bytes, filename: str) -> Upload:
    """Read the template from bytes; :class:`FitnessFileError` names every bad row, column and reason."""
    known = _known()
    try:
        sheet = read_sheet(content, filename, set(known), limits=limits_for("exam"))
    except ReadError as exc:
        raise FitnessFileError([f"{filename}：{exc}"]) from None
    columns: dict[str, int] = {}
    for index, header in enumerate(sheet.headers):
        name = known.get(normalize_header(header))
        if name and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise FitnessFileError([f"{filename}：第{sheet.header_row}行表头缺少列：{'、'.join(missing)}"])
    ids = [c for c in ID_COLUMNS if c in columns]
    measures = [c for c in MEASURES if c in columns]
    data: dict[str, list] = {c: [] for c in ("行号", *ids, *measures, *(raw_column(m) for m in measures))}
    errors: list[str] = []

    def bad(row: int, column: str, reason: str) -> None:
        if len(errors) < MAX_ERRORS:
            errors.append(f"第{row}行, {column}：{reason}")

    for row, cells in sheet.rows:
        text = {c: parse_text(cells[columns[c]]) for c in ids}
        for c in REQUIRED:
            if not text[c]:
                bad(row, c, "必填")
        grade = text["年级编号"]
        if grade and grade not in GRADE_NAMES:
            bad(row, "年级编号", f"应为11–16、21–23、31–33或41–44，不是“{grade}”")
        sex = SEX_CODES.get(text["性别"])
        if text["性别"] and sex is None:
            bad(row, "性别", f"应为1（男）或2（女），不是“{text['性别']}”")
        text["性别"] = sex or text["性别"]
        values = {}
        for m in measures:
            cell = cells[columns[m]]
            try:
                values[m] = parse_value(m, cell)
            except ValueError as exc:
                bad(row, m, f"数据有误，{exc}")
                values[m] = None
            if values[m] is not None and sex and grade[:1] in ("2", "3", "4") and m in NOT_FOR[sex]:
                bad(row, m, f"{sex}生此项应为空")
        data["行号"].append(row)
        for c in ids:
            data[c].append(text[c])
        for m in measures:
            data[m].append(values[m])
            data[raw_column(m)].append(parse_text(cell_text(cells[columns[m]])))
    if errors:
        raise FitnessFileError(errors)
    if not data["行号"]:
        raise FitnessFileError([f"{filename}：没有学生数据"])
    schema = {"行号": pl.Int64, **{c: pl.String for c in ids}, **{m: pl.Float64 for m in measures},
              **{raw_column(m): pl.String for m in measures}}
    return Upload(frame=pl.DataFrame(data, schema=schema), columns=[*ids, *measures])


def cell_text(value) -> str:
    """A cell as the school typed it (Excel gives 8.0 for 8)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


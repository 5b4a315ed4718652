"""学籍 reconciliation: the national 学籍 system's export against our roll, vectorised (polars). Pure: no Django.

The national export comes as the county receives it: xlsx, xls or csv, title lines above the header perhaps, its own
headers in any of the usual spellings (证件类型 / 身份证件类型, 身份证号 / 身份证件号, 班级 / 班级号 …) and its own
codes (性别 1/2, 是否留守儿童 0/1/2, 是否进城务工人员随迁子女 0/1, 出生日期 YYYYMMDD). Our roll export has fixed
headers (``ROLL_HEADERS``). Every value is brought to its meaning before it is compared, so 1 and 男 agree.

Pupils are matched in three passes, each over the rows the pass before left: by 身份证件号 (a 居民身份证 number
whose check digit holds), by 学籍辅号, and by 姓名 + 出生日期. An ID number that fails its check is listed with its
row and the reason, masked, and the pupil is matched by the next passes.

Examples
--------
>>> grade_of("三年级"), grade_of("13"), grade_of("初二"), grade_of("高中一年级"), grade_of("七年级")
(3, 3, 8, 10, 7)
>>> class_of("（3）班"), class_of("三年级02班"), class_of("10"), class_of("十二班")
('3', '2', '10', '12')
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from edubureau.core import idcard
from edubureau.core.io.cleaning import parse_text

__all__ = ["COMPARED", "ROLL_HEADERS", "ReconcileError", "Reconciliation", "class_of", "grade_of", "read_table",
           "reconcile", "reconcile_files"]

ROLL_HEADERS = ("身份证件号", "学籍辅号", "姓名", "性别", "出生日期", "学校标识码", "年级", "班级", "是否留守儿童",
                "是否进城务工人员随迁子女", "随班就读")
# The fields compared once a pupil is matched, in the order the report lists them.
COMPARED = ("学校标识码", "年级", "班级", "性别", "出生日期", "是否留守儿童", "是否进城务工人员随迁子女", "随班就读")

# Canonical column → the headers the national export writes for it (the first is the roll's own).
ALIASES = {
    "身份证件号": ("身份证件号", "身份证号", "身份证号码", "证件号码", "证件号"),
    "身份证件类型": ("身份证件类型", "证件类型"),
    "学籍辅号": ("学籍辅号",),
    "学籍号": ("学籍号", "个人标识码", "全国学籍号", "个人标识码(学籍号)"),
    "姓名": ("姓名", "学生姓名"),
    "性别": ("性别",),
    "出生日期": ("出生日期",),
    "学校标识码": ("学校标识码", "学校代码"),
    "年级": ("年级",),
    "班级": ("班级", "班级号", "班级名称"),
    "是否留守儿童": ("是否留守儿童", "留守儿童"),
    "是否进城务工人员随迁子女": ("是否进城务工人员随迁子女", "进城务工人员随迁子女", "随迁子女"),
    "随班就读": ("随班就读",),
}
_HEADER_TO_FIELD = {}
for _field, _names in ALIASES.items():
    for _name in _names:
        _HEADER_TO_FIELD[re.sub(r"[\s*★（）()]", "", _name)] = _field

SEX = {"1": "男", "2": "女", "男": "男", "女": "女", "男性": "男", "女性": "女", "M": "男", "F": "女"}
LEFT_BEHIND = {"0": "非留守", "1": "单亲留守", "2": "双亲留守", "否": "非留守", "是": "单亲留守"}
YES_NO = {"1": "是", "0": "否", "是": "是", "否": "否", "Y": "是", "N": "否", "": "否"}
# The national words (随班就读), with a blank read as 非随班就读.
INCLUSIVE = ("非随班就读", "视力残疾随班就读", "听力残疾随班就读", "智力残疾随班就读", "其它残疾随班就读")
RESIDENT_CARD = {"", "1", "居民身份证", "1-居民身份证", "身份证"}
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_GRADE_WORDS = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级",
                "高一", "高二", "高三")


class ReconcileError(ValueError):
    """A file that cannot be read as a roll: names the file, and the row or column at fault."""


def _clean_header(value) -> str:
    return re.sub(r"[\s*★（）()]", "", str(value or ""))


def grade_of(value) -> int | None:
    """The grade 1–12 of a 年级 cell: 三年级, 初二, 高中一年级, the national codes 11–16, 21–23, 31–33, or 1–12."""
    text = re.sub(r"\s", "", str(value or ""))
    if not text:
        return None
    if text.isdigit():
        n = int(text)
        if 11 <= n <= 16:
            return n - 10
        if 21 <= n <= 23:
            return n - 14
        if 31 <= n <= 33:
            return n - 21
        return n if 1 <= n <= 12 else None
    match = re.search(r"([一二三四五六七八九]|\d)", text)
    if match is None:
        return None
    n = _DIGITS.get(match.group(1)) or int(match.group(1))
    if "高" in text:
        return n + 9 if n <= 3 else None
    if "初" in text:
        return n + 6 if n <= 3 else None
    return n if 1 <= n <= 9 else None


def grade_word(grade: int | None) -> str:
    return _GRADE_WORDS[grade - 1] if grade and 1 <= grade <= 12 else ""


def _chinese_number(word: str) -> int:
    """一 … 九十九 ('十二' → 12, '二十' → 20)."""
    if "十" not in word:
        return _DIGITS.get(word, 0)
    tens, _sep, ones = word.partition("十")
    return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)


def class_of(value) -> str:
    """The class number of a 班级 cell, as digits without leading zeros ('（3）班' → '3'); the text when none."""
    text = re.sub(r"\s", "", str(value or ""))
    numbers = re.findall(r"\d+", text.split("年级")[-1]) or re.findall(r"\d+", text)
    if numbers:
        return str(int(numbers[-1]))
    words = re.findall(r"([一二三四五六七八九十]+)班", text)
    return str(_chinese_number(words[-1])) if words else text


# --- Reading --------------------------------------------------------------------------------------------------


def _cell_text(value) -> str:
    # A date cell read as a datetime is the day alone (the 学籍 file's 出生日期).
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else parse_text(value)


def _rows_of(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ReconcileError(f"{path.name}：无法识别文件编码（应为 UTF-8 或 GBK）")
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    if suffix not in (".xlsx", ".xls", ".xlsm", ".ods"):
        raise ReconcileError(f"{path.name}：不支持的文件类型（应为 xlsx、xls 或 csv）")
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own types for a damaged file
        raise ReconcileError(f"{path.name}：文件已损坏或不是 Excel 文件（{exc.__class__.__name__}）") from None
    return [[_cell_text(cell) for cell in row] for row in sheet]


def read_table(path, *, required: tuple[str, ...], exact: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The rows of ``path`` under their canonical column names, every cell text, with ``_row`` the Excel row.

    The header is the first of the first 10 lines naming at least three known columns. ``exact`` (the roll) asks for
    those headers as written; otherwise the aliases are accepted."""
    path = Path(path)
    if not path.is_file():
        raise ReconcileError(f"文件不存在：{path}")
    rows = _rows_of(path)
    header_at = next((i for i, row in enumerate(rows[:10])
                      if sum(_clean_header(c) in _HEADER_TO_FIELD for c in row) >= 3), None)
    if header_at is None:
        raise ReconcileError(f"{path.name}：前10行中找不到表头行（应含 身份证件号、姓名、学校标识码 等列）")
    header = rows[header_at]
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _clean_header(cell)
        canonical = name if exact is not None else _HEADER_TO_FIELD.get(name)
        if exact is not None and name not in exact:
            continue
        if canonical and canonical not in columns:
            columns[canonical] = index
    missing = [name for name in required if name not in columns]
    if missing:
        raise ReconcileError(f"{path.name}：第{header_at + 1}行表头缺少列：{'、'.join(missing)}")
    body = rows[header_at + 1:]
    data = {name: [row[i] if i < len(row) else "" for row in body] for name, i in columns.items()}
    data["_row"] = list(range(header_at + 2, header_at + 2 + len(body)))
    frame = pl.DataFrame(data, schema={**{name: pl.Utf8 for name in columns}, "_row": pl.Int64})
    keep = pl.any_horizontal([pl.col(name).str.strip_chars() != "" for name in columns])
    return frame.filter(keep)


# --- Normalising (vectorised: per column, with the few distinct values of a coded column mapped once) ----------


def _mapped(frame: pl.DataFrame, column: str, function) -> pl.Expr:
    """``column`` with each of its distinct values mapped once through ``function``."""
    values = frame.get_column(column).unique().to_list()
    return pl.col(column).replace_strict({v: function(v) for v in values}, return_dtype=pl.Utf8)


def _code(table: dict[str, str], words: tuple[str, ...] = ()):
    def meaning(value: str) -> str:
        text = re.sub(r"\s", "", value or "")
        text = text.split("-")[-1] if re.match(r"^\d+-", text) else text
        text = text.removesuffix("儿童") if text.endswith("留守儿童") else text
        if text in words:
            return text
        return table.get(text, text)
    return meaning


def _id_checks(id_col: pl.Expr) -> pl.Expr:
    """True where the 18-character number's check digit holds (ISO 7064 MOD 11-2), vectorised."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(id_col.str.slice(i, 1).cast(pl.Int64, strict=False) * w for i, w in enumerate(weights))
    expected = (total % 11).replace_strict(dict(enumerate("10X98765432")), return_dtype=pl.Utf8)
    return (id_col.str.len_chars() == 18) & id_col.str.slice(0, 17).str.contains(r"^\d{17}$") & (
        id_col.str.slice(17, 1) == expected)


def _birth(col: str) -> pl.Expr:
    digits = pl.col(col).str.replace_all(r"[年月]", "-").str.replace_all(r"[日\s]", "")
    return pl.coalesce(
        digits.str.strptime(pl.Date, "%Y%m%d", strict=False),
        digits.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        digits.str.strptime(pl.Date, "%Y/%m/%d", strict=False),
        digits.str.strptime(pl.Date, "%Y.%m.%d", strict=False),
    ).dt.strftime("%Y-%m-%d").fill_null(pl.col(col))


def normalise(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with each compared field in its meaning, a clean ID number, and whether it may be checked."""
    text = {name: pl.col(name).str.strip_chars() for name in frame.columns if name != "_row"}
    frame = frame.with_columns(**text)
    for name in ALIASES:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit("").alias(name))
    id_col = pl.col("身份证件号").str.replace_all(r"\s", "").str.to_uppercase()
    id_col = id_col.str.replace_all("ｘ", "X").str.replace_all("x", "X")
    resident = _mapped(frame, "身份证件类型", lambda v: "1" if re.sub(r"\s", "", v) in RESIDENT_CARD else "0")
    frame = frame.with_columns(
        id_col.alias("_id"),
        (resident == "1").alias("_resident"),
        _mapped(frame, "性别", _code(SEX)).alias("性别"),
        _birth("出生日期").alias("出生日期"),
        _mapped(frame, "年级", lambda v: grade_word(grade_of(v)) or v).alias("年级"),
        _mapped(frame, "班级", class_of).alias("班级"),
        _mapped(frame, "是否留守儿童", _code(LEFT_BEHIND, ("非留守", "单亲留守", "双亲留守"))).alias("是否留守儿童"),
        _mapped(frame, "是否进城务工人员随迁子女", _code(YES_NO)).alias("是否进城务工人员随迁子女"),
        _mapped(frame, "随班就读", lambda v: v or "非随班就读").alias("随班就读"),
        pl.col("学校标识码").str.replace_all(r"\s", ""),
    )
    frame = frame.with_columns(
        (pl.col("_resident") & (pl.col("_id") != "") & _id_checks(pl.col("_id"))).fill_null(False).alias("_valid"))
    return frame.with_columns(
        pl.when(pl.col("_valid")).then(pl.col("_id")).otherwise(None).alias("_key_id"),
        pl.when(pl.col("学籍辅号") != "").then(pl.col("学籍辅号")).otherwise(None).alias("_key_aux"),
        pl.when((pl.col("姓名") != "") & (pl.col("出生日期") != ""))
        .then(pl.concat_str([pl.col("姓名"), pl.lit("|"), pl.col("出生日期")])).otherwise(None).alias("_key_nb"),
    )


# --- Matching -------------------------------------------------------------------------------------------------


@dataclass
class Reconciliation:
    matched: int = 0
    only_national: list[str] = field(default_factory=list)
    only_roll: list[str] = field(default_factory=list)
    different: list[dict] = field(default_factory=list)
    invalid_ids: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    national_rows: int = 0
    roll_rows: int = 0
    only_national_detail: list[dict] = field(default_factory=list)
    only_roll_detail: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        # The report's shape; the school and name kept for the database queue (``welfare.reconciliation``) stay out.
        different = [{k: d[k] for k in ("id", "name", "fields")} for d in self.different]
        invalid = [{k: d[k] for k in ("file", "row", "value", "reason")} for d in self.invalid_ids]
        return {"matched": self.matched, "only_national": self.only_national, "only_roll": self.only_roll,
                "different": different, "invalid_ids": invalid, "duplicates": self.duplicates,
                "national_rows": self.national_rows, "roll_rows": self.roll_rows}


def _label(row: dict) -> str:
    """How a pupil is named in the report: the ID number, else the 学籍辅号, else 姓名（出生日期）."""
    return row["_key_id"] or row["_key_aux"] or f"{row['姓名']}（{row['出生日期']}）"


def _detail(row: dict) -> dict:
    return {"id": _label(row), "name": row["姓名"], "school": row["学校标识码"], "grade": row["年级"],
            "class": row["班级"]}


def _invalid(frame: pl.DataFrame, file: str) -> list[dict]:
    bad = frame.filter(pl.col("_resident") & (pl.col("_id") != "") & ~pl.col("_valid"))
    found = []
    for row, value, name, school in bad.select("_row", "_id", "姓名", "学校标识码").iter_rows():
        try:
            idcard.validate(value)
            reason = "身份证号无效"
        except idcard.IdCardError as exc:
            reason = str(exc)
        found.append({"file": file, "row": row, "value": idcard.mask(value) if len(value) >= 8 else "****",
                      "reason": reason, "name": name, "school": school})
    return found


def _duplicates(frame: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[dict]]:
    """The frame without second occurrences of an ID number, and those listed (a pupil twice in one file)."""
    dup = frame.filter(pl.col("_key_id").is_not_null() & pl.col("_key_id").is_duplicated())
    listed = [{"file": file, "id": key, "rows": rows}
              for key, rows in dup.group_by("_key_id", maintain_order=True).agg(pl.col("_row")).iter_rows()]
    first = frame.filter(pl.col("_key_id").is_null() | pl.col("_key_id").is_first_distinct())
    return first, listed


def reconcile(national: pl.DataFrame, roll: pl.DataFrame) -> Reconciliation:
    """Match the two (raw, as read) and list who is on one side only and what differs for the matched."""
    result = Reconciliation(national_rows=national.height, roll_rows=roll.height)
    nat, rol = normalise(national), normalise(roll)
    result.invalid_ids = _invalid(nat, "national") + _invalid(rol, "roll")
    nat, dup_n = _duplicates(nat, "national")
    rol, dup_r = _duplicates(rol, "roll")
    result.duplicates = dup_n + dup_r
    nat = nat.with_row_index("_n")
    rol = rol.with_row_index("_r")
    pairs = []
    left_n, left_r = nat, rol
    for key in ("_key_id", "_key_aux", "_key_nb"):
        a = left_n.filter(pl.col(key).is_not_null()).unique(key, keep="first", maintain_order=True)
        b = left_r.filter(pl.col(key).is_not_null()).unique(key, keep="first", maintain_order=True)
        joined = a.select("_n", key).join(b.select("_r", key), on=key, how="inner")
        pairs.append(joined.select("_n", "_r"))
        left_n = left_n.join(joined.select("_n"), on="_n", how="anti")
        left_r = left_r.join(joined.select("_r"), on="_r", how="anti")
    matched = pl.concat(pairs)
    result.matched = matched.height
    result.only_national = [_label(r) for r in left_n.iter_rows(named=True)]
    result.only_roll = [_label(r) for r in left_r.iter_rows(named=True)]
    # Who they are, for a queue that names the pupil and the school (not in the JSON: the labels are enough there).
    result.only_national_detail = [_detail(r) for r in left_n.iter_rows(named=True)]
    result.only_roll_detail = [_detail(r) for r in left_r.iter_rows(named=True)]
    both = (matched.join(nat.select("_n", "_key_id", "_key_aux", "姓名", *COMPARED), on="_n")
            .join(rol.select("_r", "_key_id", "_key_aux", "姓名", *COMPARED), on="_r", suffix="_roll"))
    differs = pl.any_horizontal([pl.col(f) != pl.col(f"{f}_roll") for f in COMPARED])
    for row in both.filter(differs).iter_rows(named=True):
        fields = {f: [row[f], row[f"{f}_roll"]] for f in COMPARED if row[f] != row[f"{f}_roll"]}
        roll_side = {"_key_id": row["_key_id_roll"], "_key_aux": row["_key_aux_roll"], "姓名": row["姓名_roll"],
                     "出生日期": row["出生日期_roll"]}
        label = _label(roll_side) if (roll_side["_key_id"] or roll_side["_key_aux"]) else _label(row)
        result.different.append({"id": label, "name": row["姓名_roll"] or row["姓名"], "fields": fields,
                                 "school": row["学校标识码_roll"]})
    return result


def reconcile_files(national_path, roll_path) -> Reconciliation:
    national = read_table(national_path, required=("姓名",))
    roll = read_table(roll_path, required=ROLL_HEADERS, exact=ROLL_HEADERS)
    return reconcile(national, roll)

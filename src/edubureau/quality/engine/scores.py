"""A score file as a clean polars frame, or the complete list of what is wrong with it.

The input is a frame of text cells (as read from csv or xlsx) with the Excel row number of each row
in ``_row``. The checks run vectorised over whole columns, so a file of a million scores is checked in
well under a second, and every problem is reported at once by row, column and reason: a file with
any error is refused whole (issue 5), nothing half-loaded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from .config import TOTAL, ExamConfig

__all__ = [
    "ABSENT_MARKERS",
    "ID_COLUMNS",
    "MESSAGES",
    "ScoreError",
    "ScoreFileError",
    "clean_scores",
    "item_columns",
]

# Cells that mean "did not sit the paper": absent is not zero (issue 5).
ABSENT_MARKERS = ("", "缺考", "缺", "缺席", "缺考生")

# Canonical identity columns and the headers clerks use for them.
ID_COLUMNS = {
    "exam_no": ("考号", "准考证号"),
    "name": ("姓名",),
    "school": ("学校", "学校名称", "学校标识码"),
    "class": ("班级",),
    "zone": ("片区", "学区", "乡镇"),
    "student_no": ("学籍号",),
}
REQUIRED = ("exam_no", "school", "class")

# Reasons by code; the wording is the one shown to the 教研室 clerk.
MESSAGES = {
    "missing_column": "缺少“{column}”列",
    "blank_exam_no": "考号为空",
    "duplicate_exam_no": "考号“{value}”重复（另见第{other}行）",
    "not_a_number": "“{value}”不是分数（缺考请填“缺考”或留空）",
    "above_full": "分数{value}超过满分{full}",
    "below_zero": "分数{value}小于0",
    "unknown_school": "学校“{value}”不在本县学校名单中",
    "blank_school": "学校为空",
}


@dataclass(frozen=True)
class ScoreError:
    """One problem in a score file: Excel row number (0 for the header), column header, code, params."""

    row: int
    column: str
    code: str
    value: str = ""
    other: int = 0
    full: float = 0.0

    @property
    def message(self) -> str:
        return MESSAGES[self.code].format(column=self.column, value=self.value, other=self.other,
                                          full=_fmt(self.full))

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


class ScoreFileError(ValueError):
    """The score file was refused; ``errors`` lists every problem, sorted by row."""

    def __init__(self, errors: list[ScoreError]):
        super().__init__(f"{len(errors)} errors in the score file")
        self.errors = errors


def _fmt(value: float) -> str:
    return f"{value:g}"


def _normalize(header: object) -> str:
    return re.sub(r"\s+", "", str(header or "")).replace("（", "(").replace("）", ")")


def ignored_columns(headers, config: ExamConfig) -> list[tuple[str, str | None]]:
    """Columns of the file the import does not read, each with the expected name it most resembles (or None).

    A renamed subject ("数学成绩") or a typo is then reported to the clerk instead of silently left out (issue 17).

    >>> ignored_columns(["考号", "学校", "班级", "数学成绩", "备注", "语文"], ExamConfig({"语文": 100, "数学": 100}))
    [('数学成绩', '数学'), ('备注', None)]
    """
    known = {name for names in ID_COLUMNS.values() for name in names} | set(config.subjects) | {"_row", TOTAL}
    wanted = [*config.subjects, *(names[0] for names in ID_COLUMNS.values())]
    out = []
    for header in headers:
        name = _normalize(header)
        if not name or name in known or any(name in item_columns([name], s) for s in config.subjects):
            continue
        near = [w for w in wanted if w in name or name in w] or difflib.get_close_matches(name, wanted, n=1, cutoff=0.6)
        out.append((name, near[0] if near else None))
    return out


def item_columns(headers, subject: str) -> list[str]:
    """Item columns of a subject (``数学_1``, ``数学_2`` …) in their numeric order.

    Examples
    --------
    >>> item_columns(["数学", "数学_2", "数学_10", "数学_1", "语文_1"], "数学")
    ['数学_1', '数学_2', '数学_10']
    """
    pattern = re.compile(rf"^{re.escape(subject)}_(\d+)$")
    found = [(int(m.group(1)), h) for h in headers if (m := pattern.match(h))]
    return [h for _n, h in sorted(found)]


def _text(column: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """A score column as stripped text, whether the cell marks an absentee, and its number (null if none)."""
    text = pl.col(column).cast(pl.String).str.strip_chars()
    absent = text.is_null() | text.is_in(ABSENT_MARKERS)
    return text, absent, text.cast(pl.Float64, strict=False)


def _parsed(column: str) -> pl.Expr:
    _text_, absent, value = _text(column)
    return pl.when(absent).then(None).otherwise(value).alias(column)


def _bad(column: str, full: float | None) -> pl.Expr:
    _text_, absent, value = _text(column)
    bad = (~absent & value.is_null()) | (value < 0)
    return (bad | (value > full) if full is not None else bad).fill_null(False)


def _score_checks(frame: pl.DataFrame, column: str, full: float | None) -> tuple[pl.Expr, list[pl.DataFrame]]:
    """The parsed score expression of a column, and frames of its errors."""
    text = pl.col(column).cast(pl.String).str.strip_chars()
    absent = text.is_null() | text.is_in(ABSENT_MARKERS)
    value = text.cast(pl.Float64, strict=False)
    checks = frame.select(
        pl.col("_row"),
        text.alias("value"),
        value.alias("score"),
        absent.alias("absent"),
    )
    errors = [
        checks.filter(~pl.col("absent") & pl.col("score").is_null()).select(
            "_row", "value", pl.lit("not_a_number").alias("code")),
        checks.filter(pl.col("score") < 0).select("_row", "value", pl.lit("below_zero").alias("code")),
    ]
    if full is not None:
        errors.append(checks.filter(pl.col("score") > full).select(
            "_row", "value", pl.lit("above_full").alias("code")))
    errors = [e.with_columns(pl.lit(column).alias("column"), pl.lit(full or 0.0).alias("full")) for e in errors]
    return pl.when(absent).then(None).otherwise(value).alias(column), errors


def clean_scores(
    raw: pl.DataFrame,
    config: ExamConfig,
    *,
    known_schools: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """Check a frame of text cells and return the clean candidates' frame.

    Parameters
    ----------
    raw : polars.DataFrame
        Columns as headed in the file plus ``_row`` (the Excel row number of each row).
    config : ExamConfig
        Subjects and full marks; every subject needs a column.
    known_schools : mapping, optional
        Every accepted school label (name or 学校标识码) to the school's name. When given, a school
        outside it is an error; the result holds the mapped name.

    Returns
    -------
    polars.DataFrame
        ``exam_no, name, school, class, zone, student_no, _row``, one Float64 column per subject and item
        (null = absent) and ``总分`` (null unless the candidate sat every paper of the total).

    Raises
    ------
    ScoreFileError
        With every problem found, when there is any.

    Examples
    --------
    >>> raw = pl.DataFrame({"_row": [2, 3], "考号": ["1", "2"], "学校": ["一中", "一中"],
    ...                     "班级": ["1班", "1班"], "数学": ["90", "缺考"]})
    >>> clean_scores(raw, ExamConfig({"数学": 100}))["数学"].to_list()
    [90.0, None]
    """
    raw = raw.rename({c: _normalize(c) for c in raw.columns if c != "_row"})
    headers = raw.columns
    errors: list[ScoreError] = []
    picked: dict[str, str] = {}
    for key, names in ID_COLUMNS.items():
        found = next((n for n in names if n in headers), None)
        if found:
            picked[key] = found
        elif key in REQUIRED:
            errors.append(ScoreError(0, names[0], "missing_column"))
    errors += [ScoreError(0, s, "missing_column") for s in config.subjects if s not in headers]
    if errors:
        raise ScoreFileError(errors)

    def text(key: str) -> pl.Expr:
        if key not in picked:
            return pl.lit(None, dtype=pl.String).alias(key)
        return pl.col(picked[key]).cast(pl.String).str.strip_chars().alias(key)

    ids = raw.select(pl.col("_row").cast(pl.Int64), *(text(k) for k in ID_COLUMNS))
    found: list[pl.DataFrame] = [
        ids.filter(pl.col("exam_no").is_null() | (pl.col("exam_no") == "")).select(
            "_row", pl.lit("").alias("value"), pl.lit("blank_exam_no").alias("code"),
            pl.lit(picked["exam_no"]).alias("column")),
        ids.filter(pl.col("school").is_null() | (pl.col("school") == "")).select(
            "_row", pl.lit("").alias("value"), pl.lit("blank_school").alias("code"),
            pl.lit(picked["school"]).alias("column")),
    ]
    # A repeated 考号 is reported on each later row, pointing at the first one.
    repeated = ids.filter(pl.col("exam_no").is_duplicated() & (pl.col("exam_no") != ""))
    if repeated.height:
        firsts = repeated.group_by("exam_no").agg(pl.col("_row").min().alias("other"))
        dupes = repeated.join(firsts, on="exam_no").filter(pl.col("_row") != pl.col("other"))
        found.append(dupes.select("_row", pl.col("exam_no").alias("value"),
                                  pl.lit("duplicate_exam_no").alias("code"), pl.lit(picked["exam_no"]).alias("column"),
                                  pl.col("other").cast(pl.Int64)))
    if known_schools is not None:
        labels = {_normalize(k): v for k, v in known_schools.items()}
        mapped = pl.col("school").replace_strict(labels, default=None, return_dtype=pl.String)
        found.append(ids.filter(mapped.is_null() & (pl.col("school") != "")).select(
            "_row", pl.col("school").alias("value"), pl.lit("unknown_school").alias("code"),
            pl.lit(picked["school"]).alias("column")))
        ids = ids.with_columns(mapped.alias("school"))

    marked = [(subject, float(config.full_marks[subject])) for subject in config.subjects]
    marked += [(item, config.item_full_marks.get(item)) for subject in config.subjects
               for item in item_columns(headers, subject)]
    # One pass parses every score column and flags any bad cell; the per-cell reasons are worked out
    # (column by column) only for a file that has some.
    parsed = raw.lazy().select(*(_parsed(column) for column, _full in marked),
                               pl.any_horizontal(False, *(_bad(column, full) for column, full in marked))
                               .alias("_bad")).collect()
    if parsed["_bad"].any():
        for column, full in marked:
            found += _score_checks(raw, column, full)[1]
    table = pl.concat([f.select("_row", "column", "code", pl.col("value").cast(pl.String),
                                (pl.col("other") if "other" in f.columns else pl.lit(0)).cast(pl.Int64).alias("other"),
                                (pl.col("full") if "full" in f.columns else pl.lit(0.0)).cast(pl.Float64).alias("full"))
                       for f in found])
    if table.height:
        raise ScoreFileError([ScoreError(**row) for row in table.sort("_row", "column").rename(
            {"_row": "row"}).iter_rows(named=True)])

    scores = parsed.drop("_bad")
    total = config.total_subjects
    # 总分 only for candidates who sat every paper of the total: a partial sum would rank an absentee low.
    total_expr = (pl.when(pl.any_horizontal(pl.col(total).is_null())).then(None)
                  .otherwise(pl.sum_horizontal(total)).alias(TOTAL))
    return pl.concat([ids, scores], how="horizontal").with_columns(total_expr)

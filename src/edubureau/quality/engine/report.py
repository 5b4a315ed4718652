"""The whole analysis of one exam as plain data: the shape ``edubureau exam analyze --json`` prints.

``{"subjects": {NAME: {"county": STATS, "zones": [...], "schools": [STATS + school + rank],
"classes": [STATS + school + class]}}, "school_mean_cv": {NAME: cv}, "items": {NAME: ...}}`` with
the total under ``总分`` (issue 5).
"""

from __future__ import annotations

import math

import polars as pl

from .config import TOTAL, ExamConfig
from .items import item_analysis
from .stats import level_tables, school_mean_cv

__all__ = ["analyze", "tables_to_report"]


def _plain(value):
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def _rows(table: pl.DataFrame) -> list[dict]:
    # NaN and ±inf become null in polars (one pass per column), not in Python cell by cell.
    floats = [c for c, t in table.schema.items() if t == pl.Float64]
    clean = table.drop("subject", "full", strict=False).with_columns(
        pl.when(pl.col(c).is_finite()).then(pl.col(c)).alias(c) for c in floats if c != "full")
    return clean.to_dicts()


def _order(row: dict) -> tuple:
    # By rank, unranked groups (nobody sat the paper) last, then by name so the order is stable.
    return (row["rank"] is None, row["rank"] or 0, row.get("zone") or "", row.get("school") or "",
            row.get("class") or "")


def tables_to_report(tables: dict[str, pl.DataFrame], config: ExamConfig) -> dict:
    """Level tables (see ``level_tables``) arranged by subject."""
    subjects: dict[str, dict] = {}
    by_subject = {level: {key[0]: part for key, part in table.partition_by("subject", as_dict=True).items()}
                  for level, table in tables.items()}
    for subject in [*config.subjects, TOTAL]:
        entry: dict = {"full": config.full_of(subject)}
        for level in tables:
            part = by_subject[level].get(subject)
            rows = _rows(part) if part is not None else []
            if level == "county":
                entry["county"] = rows[0] if rows else None
            else:
                entry[{"zone": "zones", "school": "schools", "class": "classes"}[level]] = sorted(rows, key=_order)
        subjects[subject] = entry
    cv = school_mean_cv(tables["school"])
    return {"subjects": subjects, "school_mean_cv": {s: _plain(cv.get(s)) for s in subjects}}


def analyze(frame: pl.DataFrame, config: ExamConfig) -> dict:
    """The full analysis of a clean frame (see ``clean_scores``).

    Examples
    --------
    >>> frame = pl.DataFrame({"exam_no": ["1", "2", "3"], "school": ["一中", "一中", "二中"],
    ...                       "class": ["1班", "2班", "1班"], "zone": [None] * 3,
    ...                       "数学": [90.0, 50.0, None], "总分": [90.0, 50.0, None]})
    >>> report = analyze(frame, ExamConfig({"数学": 100}))
    >>> county = report["subjects"]["总分"]["county"]
    >>> county["n"], county["absent"], county["mean"], county["excellent_rate"]
    (2, 1, 70.0, 0.5)
    >>> [(s["school"], s["rank"]) for s in report["subjects"]["数学"]["schools"]]
    [('一中', 1), ('二中', None)]
    """
    report = tables_to_report(level_tables(frame, config), config)
    items = {s: item_analysis(frame, config, s) for s in config.subjects}
    report["items"] = {s: v for s, v in items.items() if v is not None}
    return report

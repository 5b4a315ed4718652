"""Value-added between two exams of one cohort (policy-facts §5.5, the regression/residual model).

Each exam's scores are standardised over the county; the current Z is regressed on the prior Z over the
matched candidates, and a school's (or class's) value-added is the mean residual of its candidates, with
a 95% interval from the residuals' spread (mean ± 1.96 · s ÷ √n). Groups are placed where the
candidate sits the current exam.
"""

from __future__ import annotations

import math

import polars as pl

from .config import TOTAL, ExamConfig
from .stats import long_scores

__all__ = ["Z_95", "value_added"]

Z_95 = 1.959963984540054


def _standardised(frame: pl.DataFrame, config: ExamConfig, key: str) -> pl.DataFrame:
    long = long_scores(frame, config)
    long = long.join(frame.select(pl.col(key).alias("_key"), "exam_no"), on="exam_no")
    score = pl.col("score")
    std = score.std(ddof=0).over("subject")
    return long.filter(score.is_not_null()).with_columns(
        pl.when(std > 0).then((score - score.mean().over("subject")) / std).otherwise(0.0).alias("z"))


def _groups(matched: pl.DataFrame, keys: list[str]) -> list[dict]:
    by = ["subject", *keys]
    res = pl.col("residual")
    table = matched.group_by(by).agg(
        pl.len().cast(pl.Int64).alias("n"),
        res.mean().alias("value_added"),
        (res.std(ddof=1) / pl.len().sqrt()).alias("se"),
    ).with_columns(
        (pl.col("value_added") - Z_95 * pl.col("se")).alias("ci_low"),
        (pl.col("value_added") + Z_95 * pl.col("se")).alias("ci_high"),
        pl.col("value_added").rank("min", descending=True).over("subject").cast(pl.Int64).alias("rank"),
    ).sort(["subject", "rank", *keys])
    return table.drop("se").to_dicts()


def value_added(current: pl.DataFrame, prior: pl.DataFrame, config: ExamConfig, prior_config: ExamConfig,
                *, key: str = "exam_no") -> dict:
    """Value-added per subject (and the total) for each school and class.

    Parameters
    ----------
    current, prior : polars.DataFrame
        Clean frames (see ``clean_scores``) of the later and the earlier exam.
    config, prior_config : ExamConfig
        Their rules; only subjects both exams have (and the total) are compared.
    key : str
        ``exam_no`` (考号) or ``student_no`` (学籍号): what matches a candidate across the two.

    Returns
    -------
    dict
        ``{SUBJECT: {"matched", "unmatched_current", "unmatched_prior", "slope", "intercept",
        "schools": [...], "classes": [...]}}``; each group has ``n``, ``value_added``, ``ci_low``,
        ``ci_high`` (null for a group of one) and ``rank``.

    Examples
    --------
    >>> prior = pl.DataFrame({"exam_no": list("abcd"), "school": ["一中"] * 2 + ["二中"] * 2,
    ...                       "class": ["1班"] * 4, "数学": [60.0, 80.0, 60.0, 80.0], "总分": [60.0, 80.0, 60.0, 80.0]})
    >>> current = prior.with_columns(pl.Series("数学", [70.0, 90.0, 50.0, 70.0]), pl.Series("总分", [0.0] * 4))
    >>> result = value_added(current, prior, ExamConfig({"数学": 100}), ExamConfig({"数学": 100}))["数学"]
    >>> [(s["school"], round(s["value_added"], 3), s["rank"]) for s in result["schools"]]
    [('一中', 0.707, 1), ('二中', -0.707, 2)]
    """
    subjects = [s for s in config.subjects if s in prior_config.subjects] + [TOTAL]
    now = _standardised(current, config, key).filter(pl.col("subject").is_in(subjects))
    before = _standardised(prior, prior_config, key).filter(pl.col("subject").is_in(subjects))
    matched = now.join(before.select("_key", "subject", pl.col("z").alias("z_prior")), on=["_key", "subject"])
    fit = matched.group_by("subject").agg(
        (pl.cov("z", "z_prior", ddof=0) / pl.col("z_prior").var(ddof=0)).alias("slope"),
        pl.col("z").mean().alias("_my"), pl.col("z_prior").mean().alias("_mx"))
    fit = fit.with_columns(
        pl.col("slope").fill_nan(0.0).fill_null(0.0),
    ).with_columns((pl.col("_my") - pl.col("slope") * pl.col("_mx")).alias("intercept"))
    matched = matched.join(fit, on="subject").with_columns(
        (pl.col("z") - pl.col("intercept") - pl.col("slope") * pl.col("z_prior")).alias("residual"))
    result = {}
    fits = {row["subject"]: row for row in fit.iter_rows(named=True)}
    for subject in subjects:
        done = matched.filter(pl.col("subject") == subject)
        keys_now = set(now.filter(pl.col("subject") == subject)["_key"].to_list())
        keys_before = set(before.filter(pl.col("subject") == subject)["_key"].to_list())
        both = keys_now & keys_before
        row = fits.get(subject, {})
        result[subject] = {
            "matched": len(both),
            "unmatched_current": len(keys_now - both),
            "unmatched_prior": len(keys_before - both),
            "slope": row.get("slope"),
            "intercept": row.get("intercept"),
            "schools": _clean(_groups(done, ["school"])),
            "classes": _clean(_groups(done, ["school", "class"])),
        }
    return result


def _clean(rows: list[dict]) -> list[dict]:
    for row in rows:
        row.pop("subject", None)
        for name in ("ci_low", "ci_high"):
            if row[name] is not None and math.isnan(row[name]):
                row[name] = None
    return rows

"""Scoring pupils by the 2014 standard: one pupil at a time, and a whole county at once with polars (issue 14).

Per pupil: points of every item of the grade (BMI from 身高 and 体重), 标准分 = Σ points × weight, 附加分
(bonus, only beyond the 100-point mark), 学年总分 = 标准分 + 附加分 and the 等级 judged on the 学年总分 (the
standard: "根据学年总分评定等级"; the platform's registration card does the same, wave2-facts §(f)). A pupil with
an item missing, or whose grade's table is not in the repository, gets item points where possible but no
standard score (``未评`` says why), and is left out of the rates.

:func:`score_pupil` is the plain Python scorer (the baseline and the cross-check); :func:`score_frame` is the
vectorised one. They must agree on every pupil (``tests/fitness/test_properties.py``).

Examples
--------
>>> p = score_pupil("11", "男", 120.0, 22.0, {"肺活量": 1700, "50米跑": 10.2, "坐位体前屈": 16.1, "一分钟跳绳": 129})
>>> p["bmi"], p["points"]["体重指数（BMI）"], p["standard_score"], p["bonus"], p["total"], p["grade"]
(15.3, 100, 100.0, 10, 110.0, '优秀')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache

import polars as pl

from .standard import (
    BMI,
    GRADE_CODES,
    ITEMS,
    LOWER_IS_BETTER,
    SCORES,
    bmi_band,
    bonus_points,
    bonus_steps,
    grade_of,
    item_points,
    table,
    threshold_row,
    weights_for,
)
from .values import half_up

__all__ = [
    "GRADES",
    "SEXES",
    "change",
    "graduation_score",
    "points_column",
    "rates",
    "score_frame",
    "score_pupil",
    "summarise",
]

SEXES = ("男", "女")
GRADES = ("优秀", "良好", "及格", "不及格")
VISION = ("左眼裸眼视力", "右眼裸眼视力")


def points_column(item: str) -> str:
    """The output column of an item's points (``肺活量得分``)."""
    return f"{item}得分"


def _bmi(height: float | None, weight: float | None) -> float | None:
    if height is None or weight is None:
        return None
    return half_up(weight * 10000 / (height * height))


def score_pupil(grade: str, sex: str, height: float | None, weight: float | None,
                values: Mapping[str, float | None]) -> dict:
    """Score one pupil (plain Python). ``values`` maps template item names to parsed numbers (None = blank).

    Returns
    -------
    dict
        ``bmi``, ``bmi_band``, ``points`` {item: int | None}, ``standard_score``, ``bonus``, ``total``,
        ``grade`` and ``unscored`` (the reasons a standard score is missing, empty when there is one).
    """
    weights = weights_for(sex, grade)
    bmi = _bmi(height, weight)
    band = None if bmi is None else bmi_band(sex, grade, bmi)
    points: dict[str, int | None] = {}
    unscored: list[str] = []
    for item in weights:
        if item == BMI:
            points[item] = None if band is None else table(BMI)["points"][band]
            has_table = table(BMI)["bands"].get(sex, {}).get(grade) is not None
            raw = bmi
        else:
            raw = values.get(item)
            has_table = threshold_row(item, sex, grade) is not None
            points[item] = item_points(item, sex, grade, raw)
        if not has_table:
            unscored.append(f"{item}（评分表未收录）")
        elif raw is None:
            unscored.append(f"{item}（缺测）")
    bonus = sum(bonus_points(item, sex, grade, values.get(item)) for item in weights if item != BMI)
    if unscored:
        standard = total = None
    else:
        standard = sum(points[item] * w for item, w in weights.items()) / 100
        total = standard + bonus
    return {"bmi": bmi, "bmi_band": band, "points": points, "standard_score": standard, "bonus": bonus,
            "total": total, "grade": grade_of(total), "unscored": unscored}


# ---------------------------------------------------------------------------------------------------------------
# Vectorised scorer
# ---------------------------------------------------------------------------------------------------------------

@cache
def _lookup_frame(item: str) -> pl.DataFrame:
    rows = []
    for sex in SEXES:
        for grade in GRADE_CODES:
            row = threshold_row(item, sex, grade)
            if row is None:
                continue
            for score, limit in zip(SCORES, row, strict=True):
                if limit is not None:
                    rows.append((sex, grade, float(limit), score))
    frame = pl.DataFrame(rows, schema={"性别": pl.String, "年级编号": pl.String, "_t": pl.Float64, "_p": pl.Int64},
                         orient="row")
    return frame.group_by("性别", "年级编号", "_t").agg(pl.col("_p").max()).sort("_t")


@cache
def _groups() -> pl.DataFrame:
    """One row per (性别, 年级编号): each item's weight (0 if not tested), whether its table is in the repository,
    and the 100-point threshold its 加分 counts from (null if it earns none)."""
    rows = []
    for sex in SEXES:
        for grade in GRADE_CODES:
            weights = weights_for(sex, grade)
            row = {"性别": sex, "年级编号": grade}
            for item in (BMI, *ITEMS):
                row[f"_w:{item}"] = weights.get(item, 0)
                row[f"_has:{item}"] = (table(BMI)["bands"].get(sex, {}).get(grade) is not None if item == BMI
                                       else threshold_row(item, sex, grade) is not None)
                spec = bonus_steps(item, sex, grade) if item in weights and item != BMI else None
                row[f"_top:{item}"] = None if spec is None else float(spec[0])
            rows.append(row)
    return pl.DataFrame(rows)


@cache
def _steps(item: str) -> tuple[float, ...]:
    """The 加分 steps of an item: the same in every grade that earns them (tests/fitness/test_tables.py)."""
    found = {tuple(spec[1]) for s in SEXES for g in GRADE_CODES if (spec := bonus_steps(item, s, g)) is not None}
    if len(found) > 1:
        raise ValueError(f"{item}: 加分 steps differ between grades")
    return next(iter(found), ())


def score_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Score every row of ``frame`` at once.

    Parameters
    ----------
    frame : polars.DataFrame
        Columns ``年级编号`` (str, "11" … "44"), ``性别`` ("男"/"女"), ``身高`` and ``体重`` (float) and any item
        columns (float, seconds for the runs; null = blank). Other columns are kept.

    Returns
    -------
    polars.DataFrame
        ``frame`` plus ``BMI``, ``BMI等级``, ``<item>得分`` for every item (null where the item is not tested in
        that grade, blank, or its table is not in the repository), ``标准分``, ``附加分``, ``学年总分``, ``等级``
        and ``未评`` (reasons, "" when scored).
    """
    df = frame.with_row_index("_row")
    for item in ITEMS:
        if item not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=pl.Float64).alias(item))
    df = df.with_columns(pl.col("年级编号").cast(pl.String), pl.col("性别").cast(pl.String),
                         *(pl.col(c).cast(pl.Float64) for c in ("身高", "体重", *ITEMS)))
    # The same float formula as values.half_up; polars divides by multiplying with 1/10, so round(1) brings the
    # quotient back to the nearest double of the one-decimal value, which is what Python's int / 10 gives.
    bmi = (((pl.col("体重") * 10000 / (pl.col("身高") * pl.col("身高"))) * 10 + 0.5 + 1e-9).floor() / 10).round(1)
    df = df.with_columns(bmi.alias("BMI"))
    band_rows = [(s, g, b["低体重"], b["正常"][1], b["肥胖"])
                 for s, per in table(BMI)["bands"].items() for g, b in per.items()]
    bands = pl.DataFrame(band_rows, schema=["性别", "年级编号", "_under", "_normal", "_obese"], orient="row")
    df = df.join(bands, on=["性别", "年级编号"], how="left").join(_groups(), on=["性别", "年级编号"], how="left")
    band = (pl.when(pl.col("BMI").is_null() | pl.col("_under").is_null()).then(None)
            .when(pl.col("BMI") <= pl.col("_under")).then(pl.lit("低体重"))
            .when(pl.col("BMI") >= pl.col("_obese")).then(pl.lit("肥胖"))
            .when(pl.col("BMI") <= pl.col("_normal")).then(pl.lit("正常"))
            .otherwise(pl.lit("超重")))
    df = df.with_columns(band.alias("BMI等级")).with_columns(
        pl.when(pl.col(f"_w:{BMI}") > 0).then(
            pl.col("BMI等级").replace_strict(table(BMI)["points"], default=None, return_dtype=pl.Int64)
        ).alias(points_column(BMI))
    )
    for item in ITEMS:
        lookup = _lookup_frame(item)
        left = df.select("_row", "性别", "年级编号", pl.col(item).alias("_v")).filter(pl.col("_v").is_not_null())
        joined = left.sort("_v").join_asof(
            lookup, left_on="_v", right_on="_t", by=["性别", "年级编号"],
            strategy="forward" if item in LOWER_IS_BETTER else "backward", check_sortedness=False,
        ).select("_row", pl.col("_p").fill_null(0))
        df = df.join(joined, on="_row", how="left").with_columns(
            pl.when((pl.col(f"_w:{item}") > 0) & pl.col(f"_has:{item}")).then(pl.col("_p")).alias(points_column(item))
        ).drop("_p")
    std = pl.sum_horizontal([pl.col(points_column(i)).fill_null(0) * pl.col(f"_w:{i}") for i in (BMI, *ITEMS)])
    bonus = []
    for item in ITEMS:
        if not _steps(item):
            continue
        top = pl.col(f"_top:{item}")
        margin = (top - pl.col(item)) if item in LOWER_IS_BETTER else (pl.col(item) - top)
        bonus.append(pl.sum_horizontal([(margin >= step).cast(pl.Int64) for step in _steps(item)]).fill_null(0))
    reasons = []
    for item in (BMI, *ITEMS):
        tested = pl.col(f"_w:{item}") > 0
        value = pl.col("BMI") if item == BMI else pl.col(item)
        reasons.append(pl.when(tested & ~pl.col(f"_has:{item}")).then(pl.lit(f"{item}（评分表未收录）"))
                       .when(tested & value.is_null()).then(pl.lit(f"{item}（缺测）")))
    df = df.with_columns(pl.concat_str(reasons, separator="；", ignore_nulls=True).fill_null("").alias("未评"))
    scored = pl.col("未评") == ""
    df = df.with_columns(
        pl.when(scored).then((std / 100).round(2)).alias("标准分"),
        pl.sum_horizontal(bonus).cast(pl.Int64).alias("附加分"),
    ).with_columns((pl.col("标准分") + pl.col("附加分")).alias("学年总分"))
    total = pl.col("学年总分")
    df = df.with_columns(
        pl.when(total >= 90).then(pl.lit("优秀")).when(total >= 80).then(pl.lit("良好"))
        .when(total >= 60).then(pl.lit("及格")).when(total.is_not_null()).then(pl.lit("不及格")).alias("等级")
    )
    helpers = [c for c in df.columns if c.startswith(("_w:", "_has:", "_top:"))]
    return df.sort("_row").drop("_row", "_under", "_normal", "_obese", *helpers)


# ---------------------------------------------------------------------------------------------------------------
# Results of a group
# ---------------------------------------------------------------------------------------------------------------

def rates(totals: Iterable[float | None]) -> dict[str, float | None]:
    """Shares of scored pupils with 学年总分 ≥ 60 (pass), ≥ 80 (good: 良好 and 优秀) and ≥ 90 (excellent).

    >>> rates([95, 85, 70, 50, None])
    {'pass': 0.75, 'good': 0.5, 'excellent': 0.25}
    """
    scored = [t for t in totals if t is not None]
    if not scored:
        return {"pass": None, "good": None, "excellent": None}
    n = len(scored)
    return {"pass": sum(t >= 60 for t in scored) / n, "good": sum(t >= 80 for t in scored) / n,
            "excellent": sum(t >= 90 for t in scored) / n}


def summarise(scored: pl.DataFrame, by: Sequence[str] = (), *, weakest: int = 3) -> list[dict]:
    """Rates, mean points per item, the weakest items, 肥胖率 and 近视率 per group of ``by`` (the whole file if empty).

    近视率 counts pupils whose 裸眼视力 is below 5.0 in either eye, among those with both eyes recorded; it is None
    when the file has no vision columns.
    """
    df = scored.with_columns(pl.lit("全部").alias("_all")) if not by else scored
    keys = list(by) or ["_all"]
    items = [i for i in (BMI, *ITEMS) if points_column(i) in df.columns]
    has_vision = all(v in df.columns for v in VISION)
    aggs = [
        pl.len().alias("人数"),
        pl.col("学年总分").is_not_null().sum().alias("评分人数"),
        ((pl.col("学年总分") >= 60).sum() / pl.col("学年总分").is_not_null().sum()).alias("pass"),
        ((pl.col("学年总分") >= 80).sum() / pl.col("学年总分").is_not_null().sum()).alias("good"),
        ((pl.col("学年总分") >= 90).sum() / pl.col("学年总分").is_not_null().sum()).alias("excellent"),
        pl.col("学年总分").mean().alias("平均总分"),
        ((pl.col("BMI等级") == "肥胖").sum() / pl.col("BMI等级").is_not_null().sum()).alias("肥胖率"),
        *(pl.col(points_column(i)).mean().alias(i) for i in items),
    ]
    if has_vision:
        both = pl.col(VISION[0]).is_not_null() & pl.col(VISION[1]).is_not_null()
        myopic = both & ((pl.col(VISION[0]) < 5.0) | (pl.col(VISION[1]) < 5.0))
        aggs.append((myopic.sum() / both.sum()).alias("近视率"))
    out = []
    for row in df.group_by(keys).agg(aggs).sort(keys).iter_rows(named=True):
        means = {i: row.pop(i) for i in items}
        present = {i: m for i, m in means.items() if m is not None}
        group = {k: row.pop(k) for k in keys} if by else {}
        out.append({
            **group, "count": row["人数"], "scored": row["评分人数"],
            "rates": {k: _nan_none(row[k]) for k in ("pass", "good", "excellent")},
            "mean_total": row["平均总分"], "mean_points": present,
            "weakest": sorted(present, key=lambda i: (present[i], i))[:weakest],
            "obesity_rate": _nan_none(row["肥胖率"]), "myopia_rate": _nan_none(row.get("近视率")),
        })
    return out


def _nan_none(value):
    return None if value is None or value != value else value


def change(current: Sequence[dict], previous: Sequence[dict], by: Sequence[str] = ()) -> list[dict]:
    """Change of the rates and mean points from last year's :func:`summarise` to this year's, group by group."""
    before = {tuple(g.get(k) for k in by): g for g in previous}
    out = []
    for group in current:
        key = tuple(group.get(k) for k in by)
        old = before.get(key)
        diff = {}
        if old:
            for name in ("pass", "good", "excellent"):
                a, b = group["rates"][name], old["rates"][name]
                diff[name] = None if a is None or b is None else a - b
            diff["mean_points"] = {i: m - old["mean_points"][i] for i, m in group["mean_points"].items()
                                   if i in old["mean_points"]}
        out.append({**{k: group.get(k) for k in by}, "change": diff or None})
    return out


def graduation_score(final_year: float, other_years: Sequence[float], *, final_weight: float = 0.5) -> float:
    """毕业成绩 = final_weight × the graduating year's 学年总分 + (1 − final_weight) × the mean of the other years.

    With no other year on record the graduating year counts alone.

    >>> graduation_score(80, [70, 90])
    80.0
    >>> graduation_score(80, [60], final_weight=0.6)
    72.0
    """
    if not 0 <= final_weight <= 1:
        raise ValueError("final_weight must lie in [0, 1]")
    if not other_years:
        return float(final_year)
    return final_weight * final_year + (1 - final_weight) * (sum(other_years) / len(other_years))

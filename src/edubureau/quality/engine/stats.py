"""三率一分 and its relatives for the county, each zone, school and class, per subject and for the total.

``group_stats`` states every statistic on the long form (one row per candidate and subject, ``score``
null when absent). ``level_tables`` computes the same figures in one pass per level over the wide frame
(one row per candidate, a column per subject), all levels in one ``collect_all``, so a million scores
take a few tenths of a second; the tests hold the two equal. Rates are fractions of the candidates
*with a score*: absentees are counted apart, never as zero (issue 5).
"""

from __future__ import annotations

import polars as pl

from .config import TOTAL, Cutoffs, ExamConfig, IndexWeights

__all__ = [
    "BANDS",
    "LEVELS",
    "STAT_COLUMNS",
    "candidate_scores",
    "group_stats",
    "level_tables",
    "long_scores",
    "school_mean_cv",
]

# Score bands: tenths of full marks, the last one closed (a full score falls in band 9).
BANDS = 10
STAT_COLUMNS = ("n", "absent", "mean", "std", "max", "min", "median", "excellent_rate", "good_rate",
                "pass_rate", "low_rate", "mean_rate")
# Levels of the county and the keys that name a group at each.
LEVELS = {"county": (), "zone": ("zone",), "school": ("school",), "class": ("school", "class")}


def long_scores(frame: pl.DataFrame, config: ExamConfig) -> pl.DataFrame:
    """One row per candidate and subject (the total as ``总分``) with its full marks.

    Examples
    --------
    >>> frame = pl.DataFrame({"exam_no": ["1"], "school": ["一中"], "class": ["1班"], "zone": [None],
    ...                       "数学": [90.0], "总分": [90.0]})
    >>> long_scores(frame, ExamConfig({"数学": 100}))["subject"].to_list()
    ['数学', '总分']
    """
    subjects = [*config.subjects, TOTAL]
    ids = [c for c in ("exam_no", "school", "class", "zone") if c in frame.columns]
    long = frame.select(*ids, *(pl.col(s).cast(pl.Float64) for s in subjects)).unpivot(
        index=ids, on=subjects, variable_name="subject", value_name="score")
    fulls = {s: config.full_of(s) for s in subjects}
    return long.with_columns(pl.col("subject").replace_strict(fulls, return_dtype=pl.Float64).alias("full"))


def _stat_exprs(cutoffs: Cutoffs) -> list[pl.Expr]:
    """The statistics of one group of the long form (columns ``score`` and ``full``)."""
    score, full = pl.col("score"), pl.col("full").first()
    n = score.count()

    def rate(condition: pl.Expr) -> pl.Expr:
        return pl.when(n > 0).then(condition.sum() / n).otherwise(None)

    share = score / pl.col("full")
    band = (share * BANDS).floor().clip(0, BANDS - 1)
    return [
        n.alias("n"),
        score.null_count().alias("absent"),
        score.mean().alias("mean"),
        score.std(ddof=0).alias("std"),
        score.max().alias("max"),
        score.min().alias("min"),
        score.median().alias("median"),
        score.quantile(0.25, "linear").alias("q1"),  # quartiles draw the box plots of the overview
        score.quantile(0.75, "linear").alias("q3"),
        rate(share >= cutoffs.excellent).alias("excellent_rate"),
        rate(share >= cutoffs.good).alias("good_rate"),
        rate(share >= cutoffs.passing).alias("pass_rate"),
        rate(share < cutoffs.low).alias("low_rate"),
        (score.mean() / full).alias("mean_rate"),
        pl.concat_list(*[(band == b).sum() for b in range(BANDS)]).first().alias("bands"),
    ]


def group_stats(long: pl.DataFrame, keys: tuple[str, ...], cutoffs: Cutoffs) -> pl.DataFrame:
    """The statistics of every group named by ``keys``, per subject, from the long form.

    The reference formulation of every statistic, one group at a time; ``level_tables`` computes the
    same figures from the wide frame in one pass per level (the tests hold the two equal).

    Examples
    --------
    >>> long = pl.DataFrame({"subject": ["数学"] * 4, "full": [100.0] * 4, "score": [90.0, 60.0, 30.0, None]})
    >>> row = group_stats(long, (), Cutoffs()).row(0, named=True)
    >>> row["n"], row["absent"], row["mean"], row["pass_rate"], row["low_rate"]
    (3, 1, 60.0, 0.6666666666666666, 0.3333333333333333)
    """
    by = ["subject", *keys]
    table = long.group_by(by).agg(*_stat_exprs(cutoffs), pl.col("full").first())
    return table.with_columns(pl.col("n", "absent").cast(pl.Int64)).sort(by, nulls_last=True)


# The wide pass: one aggregation per level over the candidates' frame, every subject's statistics as
# columns "subject|stat", so the group keys are hashed once per level rather than once per subject.
_SEP = "|"


def _wide_exprs(subject: str, full: float, cutoffs: Cutoffs, quartiles: bool) -> list[pl.Expr]:
    score = pl.col(subject)

    def name(stat: str) -> str:
        return f"{subject}{_SEP}{stat}"

    exprs = [
        score.count().alias(name("n")),
        score.null_count().alias(name("absent")),
        score.mean().alias(name("mean")),
        score.std(ddof=0).alias(name("std")),
        score.max().alias(name("max")),
        score.min().alias(name("min")),
        # Cut-offs compared as shares of full marks, exactly as the long form does.
        ((score / full) >= cutoffs.excellent).sum().alias(name("excellent")),
        ((score / full) >= cutoffs.good).sum().alias(name("good")),
        ((score / full) >= cutoffs.passing).sum().alias(name("passing")),
        ((score / full) < cutoffs.low).sum().alias(name("low")),
    ]
    if not quartiles:  # with quartiles the median comes from the same sort (``_quartile_plan``)
        exprs.append(score.median().alias(name("median")))
    return exprs


def _quartile_plan(wide: pl.LazyFrame, keys: tuple[str, ...], subjects) -> pl.LazyFrame:
    """Median, Q1 and Q3 (linear interpolation) of every subject per group, from one sort per group.

    Three ``quantile`` aggregations sort each group three times; sorting once into a list and reading
    the three positions gives the same numbers at about half the cost.
    """
    lists = [pl.col(s).drop_nulls().sort().alias(s) for s in subjects]
    grouped = wide.group_by(list(keys)).agg(*lists) if keys else wide.select(*(e.implode() for e in lists))
    out = []
    for subject in subjects:
        values = pl.col(subject)
        position = (values.list.len() - 1).cast(pl.Float64)
        for stat, q in (("q1", 0.25), ("median", 0.5), ("q3", 0.75)):
            at = position * q
            low, high = at.floor().cast(pl.Int64), at.ceil().cast(pl.Int64)
            a, b = values.list.get(low, null_on_oob=True), values.list.get(high, null_on_oob=True)
            out.append((a + (b - a) * (at - low)).alias(f"{subject}{_SEP}{stat}"))
    return grouped.select(*keys, *out)


def _band_name(subject: str, band: int) -> str:
    return f"{subject}{_SEP}band{band}"


def _band_plan(wide: pl.LazyFrame, keys: list[str], config: ExamConfig) -> pl.LazyFrame:
    """Candidates per score band of every subject per group (bands as small integers first, then counted)."""
    subjects = (*config.subjects, TOTAL)
    banded = wide.select(*keys, *(((pl.col(s) / config.full_of(s)) * BANDS).floor().clip(0, BANDS - 1)
                                  .cast(pl.Int8).alias(s) for s in subjects))
    return banded.group_by(keys).agg(*((pl.col(s) == b).sum().alias(_band_name(s, b))
                                      for s in subjects for b in range(BANDS)))


def _to_long(wide: pl.DataFrame, keys: tuple[str, ...], config: ExamConfig) -> pl.DataFrame:
    """The wide aggregate of a level as the long table: one row per subject and group."""
    parts = []
    for subject in (*config.subjects, TOTAL):
        full = config.full_of(subject)

        def col(stat: str, subject: str = subject) -> pl.Expr:
            return pl.col(f"{subject}{_SEP}{stat}")

        n = col("n").cast(pl.Int64)

        def rate(stat: str, n: pl.Expr = n, col=col) -> pl.Expr:
            return pl.when(n > 0).then(col(stat) / n).otherwise(None).alias(f"{stat}_rate")

        quartiles = [(col(q) if f"{subject}{_SEP}{q}" in wide.columns else pl.lit(None)).cast(pl.Float64).alias(q)
                     for q in ("q1", "q3")]
        parts.append(wide.select(
            pl.lit(subject).alias("subject"), *keys, n.alias("n"), col("absent").cast(pl.Int64).alias("absent"),
            # A group where nobody sat the paper has no spread either (polars gives 0 for an all-null column).
            *(pl.when(n > 0).then(col(stat).cast(pl.Float64)).alias(stat)
              for stat in ("mean", "std", "max", "min", "median")),
            *quartiles, rate("excellent"), rate("good"), rate("passing").alias("pass_rate"), rate("low"),
            (col("mean") / full).alias("mean_rate"),
            pl.concat_list(*(pl.col(_band_name(subject, b)).cast(pl.UInt32) for b in range(BANDS))).alias("bands"),
            pl.lit(full).alias("full"),
        ))
    return pl.concat(parts).sort(["subject", *keys], nulls_last=True)


def _index(weights: IndexWeights) -> pl.Expr:
    """综合指数: each part as a share of the best group of the level in the same subject, weighted."""

    def part(column: str, weight: float) -> pl.Expr:
        best = pl.col(column).max().over("subject")
        return pl.when(best > 0).then(pl.col(column) / best * weight).otherwise(0.0)

    # Summed in the order of ``config.composite_index`` (the same formula in plain Python for the pages).
    index = (part("mean", weights.mean) + part("pass_rate", weights.pass_rate)
             + part("excellent_rate", weights.excellent_rate) + part("good_rate", weights.good_rate)
             + part("low_rate", weights.low_rate))
    # A group where nobody sat the paper has no index (and so no rank), not an index of 0.
    return pl.when(pl.col("mean").is_null()).then(None).otherwise(index)


def _rank(column: str, over: list[str]) -> pl.Expr:
    # Competition ranking (1, 2, 2, 4) as 教研室 tables show it; a group with no score has no rank.
    return pl.col(column).rank("min", descending=True).over(over).cast(pl.Int64)


def level_tables(frame: pl.DataFrame, config: ExamConfig) -> dict[str, pl.DataFrame]:
    """Statistics per level: ``county``, ``zone`` (when the file names zones), ``school``, ``class``.

    Below the county each row also has ``ratio`` (比均率: mean ÷ county mean), ``index`` (综合指数),
    ``rank`` (by mean among the level's groups; classes also ``rank_in_school``) and ``index_rank``.
    """
    levels = {level: keys for level, keys in LEVELS.items()
              if level != "zone" or ("zone" in frame.columns and frame["zone"].null_count() < frame.height)}
    subjects = (*config.subjects, TOTAL)
    finest = list(dict.fromkeys(k for keys in levels.values() for k in keys))
    wide = frame.lazy().select(*finest, *(pl.col(s).cast(pl.Float64) for s in subjects))
    plans = []
    # Quartiles (the box plots) only where they are drawn: the county and its schools.
    with_quartiles = [level for level in levels if level in ("county", "school")]
    for level, keys in levels.items():
        exprs = [e for s in subjects for e in _wide_exprs(s, config.full_of(s), config.cutoffs,
                                                          quartiles=level in with_quartiles)]
        plans.append(wide.group_by(list(keys)).agg(*exprs) if keys else wide.select(*exprs))
    plans += [_quartile_plan(wide, levels[level], subjects) for level in with_quartiles]
    # Score bands are counted once per finest group, then summed up to each level.
    plans.append(_band_plan(wide, finest, config))
    collected = pl.collect_all(plans)
    banded = collected.pop()
    quartiles = dict(zip(with_quartiles, collected[len(levels):], strict=True))
    band_names = [_band_name(s, b) for s in subjects for b in range(BANDS)]
    tables = {}
    for (level, keys), table in zip(levels.items(), collected[:len(levels)], strict=True):
        if level in quartiles:
            table = (table.join(quartiles[level], on=list(keys), how="left", nulls_equal=True) if keys
                     else pl.concat([table, quartiles[level]], how="horizontal"))
        if keys:
            summed = banded.group_by(list(keys)).agg(pl.col(band_names).sum())
            table = table.join(summed, on=list(keys), how="left", nulls_equal=True)
        else:
            table = pl.concat([table, banded.select(pl.col(band_names).sum())], how="horizontal")
        tables[level] = _to_long(table, keys, config)
    county_mean = tables["county"].select("subject", pl.col("mean").alias("_county_mean"))
    for level in levels:
        if level == "county":
            continue
        table = tables[level].join(county_mean, on="subject", how="left")
        table = table.with_columns(
            pl.when(pl.col("_county_mean") > 0).then(pl.col("mean") / pl.col("_county_mean")).alias("ratio"),
            _index(config.weights).alias("index"),
            _rank("mean", ["subject"]).alias("rank"),
        ).drop("_county_mean")
        table = table.with_columns(_rank("index", ["subject"]).alias("index_rank"))
        if level == "class":
            table = table.with_columns(_rank("mean", ["subject", "school"]).alias("rank_in_school"))
        tables[level] = table
    return tables


def school_mean_cv(school_table: pl.DataFrame) -> dict[str, float | None]:
    """差异系数 of the school means per subject: std (ddof=0) ÷ mean of the means; the gap figure.

    Examples
    --------
    >>> table = pl.DataFrame({"subject": ["数学", "数学"], "mean": [60.0, 80.0]})
    >>> school_mean_cv(table)
    {'数学': 0.14285714285714285}
    """
    cv = school_table.filter(pl.col("mean").is_not_null()).group_by("subject", maintain_order=True).agg(
        (pl.col("mean").std(ddof=0) / pl.col("mean").mean()).alias("cv"))
    return {row["subject"]: row["cv"] for row in cv.iter_rows(named=True)}


def candidate_scores(frame: pl.DataFrame, config: ExamConfig) -> pl.DataFrame:
    """Per candidate and subject: county rank, percentile rank, Z and T scores (absentees have none).

    Percentile rank is 100 × (number below + half the number equal) ÷ candidates; Z uses the county
    mean and population standard deviation (0 when every score is equal); T = 50 + 10Z.

    Examples
    --------
    >>> frame = pl.DataFrame({"exam_no": ["1", "2", "3", "4"], "school": ["一中"] * 4, "class": ["1班"] * 4,
    ...                       "数学": [90.0, 70.0, 50.0, None], "总分": [90.0, 70.0, 50.0, None]})
    >>> table = candidate_scores(frame, ExamConfig({"数学": 100})).filter(pl.col("subject") == "数学")
    >>> table.select("exam_no", "rank", "percentile", "t").rows()[:2]
    [('1', 1, 83.33333333333333, 62.24744871391589), ('2', 2, 50.0, 50.0)]
    """
    ids = [c for c in ("exam_no", "school", "class", "zone") if c in frame.columns]
    parts = []
    # One subject at a time on the wide frame: the distinct scores are counted and cumulated once, and
    # each candidate looks up how many scored below and how many the same (no sort of every score).
    for subject in (*config.subjects, TOTAL):
        source = frame.lazy().select(*ids, (pl.col(subject).cast(pl.Float64) + 0.0).alias("score"))  # -0 is 0
        counts = (source.select("score").drop_nulls().group_by("score").len().sort("score")
                  .select("score", (pl.col("len").cum_sum() - pl.col("len")).alias("_below"),
                          pl.col("len").alias("_equal")))
        score = pl.col("score")
        n, std = score.count(), score.std(ddof=0)
        z = pl.when(std > 0).then((score - score.mean()) / std).otherwise(pl.when(score.is_not_null()).then(0.0))
        parts.append(source.join(counts, on="score", how="left", maintain_order="left").select(
            *ids, pl.lit(subject).alias("subject"), score, pl.lit(config.full_of(subject)).alias("full"),
            (n - pl.col("_below") - pl.col("_equal") + 1).cast(pl.Int64).alias("rank"),
            ((pl.col("_below") + pl.col("_equal") / 2) * 100 / n).alias("percentile"),
            z.alias("z"),
        ))
    return pl.concat(parts).with_columns((50 + 10 * pl.col("z")).alias("t")).collect()

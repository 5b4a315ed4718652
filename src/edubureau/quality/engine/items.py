"""Item analysis of a paper (policy-facts §5.4): difficulty, discrimination, point-biserial, Cronbach's α.

One group fraction for every item: the top and bottom 27% of candidates ranked by their paper score.
Discrimination is (mean of the high group − mean of the low group) ÷ item full marks, which is
P_H − P_L for a 0/1 item and (X_H − X_L) ÷ [N·(H − L)] for a marked item with lowest score 0.
"""

from __future__ import annotations

import math

import polars as pl

from .config import ExamConfig
from .scores import item_columns

__all__ = ["GROUP_SHARE", "item_analysis", "paper_items"]

GROUP_SHARE = 0.27


def paper_items(frame: pl.DataFrame, subject: str) -> pl.DataFrame:
    """The item scores of the candidates who sat the paper (a blank item of such a candidate scores 0)."""
    items = item_columns(frame.columns, subject)
    return frame.filter(pl.col(subject).is_not_null()).select(
        "exam_no", *(pl.col(c).fill_null(0.0) for c in items))


def item_analysis(frame: pl.DataFrame, config: ExamConfig, subject: str) -> dict | None:
    """Per item difficulty, discrimination and point-biserial, and the paper's α; None without items.

    Examples
    --------
    >>> frame = pl.DataFrame({"exam_no": list("abcd"), "数学": [3.0, 2.0, 1.0, 0.0],
    ...                       "数学_1": [1.0, 1.0, 0.0, 0.0], "数学_2": [2.0, 1.0, 1.0, 0.0]})
    >>> result = item_analysis(frame, ExamConfig({"数学": 3}, item_full_marks={"数学_2": 2}), "数学")
    >>> [(i["item"], i["difficulty"], i["discrimination"]) for i in result["items"]]
    [('数学_1', 0.5, 1.0), ('数学_2', 0.5, 1.0)]
    >>> round(result["alpha"], 4)
    0.8
    """
    items = item_columns(frame.columns, subject)
    if not items:
        return None
    paper = paper_items(frame, subject)
    n = paper.height
    total = pl.sum_horizontal(items)
    # Ties in the paper score are broken by 考号 so the groups do not depend on the file's row order.
    ranked = paper.with_columns(total.alias("_total")).sort(["_total", "exam_no"], descending=[True, False])
    group = max(1, round(GROUP_SHARE * n)) if n else 0
    high, low = ranked.head(group), ranked.tail(group)
    observed = paper.select(pl.col(items).max()).row(0, named=True) if n else {}
    rows = []
    for item in items:
        full = config.item_full_marks.get(item) or observed.get(item) or 0.0
        mean = paper[item].mean() if n else None
        corr = ranked.select(pl.corr(item, "_total")).item() if n > 1 else None
        rows.append({
            "item": item,
            "full": float(full),
            "mean": mean,
            "difficulty": (mean / full) if full and mean is not None else None,
            "discrimination": ((high[item].mean() - low[item].mean()) / full) if full and group else None,
            "point_biserial": None if corr is None or math.isnan(corr) else corr,
        })
    variances = paper.select(pl.col(items).var(ddof=0)).row(0) if n else ()
    total_var = ranked["_total"].var(ddof=0) if n else None
    k = len(items)
    alpha = (k / (k - 1) * (1 - sum(variances) / total_var)) if k > 1 and total_var else None
    fulls = sum(r["full"] for r in rows)
    difficulty = (sum(r["difficulty"] * r["full"] for r in rows if r["difficulty"] is not None) / fulls
                  if fulls else None)
    return {"subject": subject, "n": n, "alpha": alpha, "difficulty": difficulty, "items": rows}

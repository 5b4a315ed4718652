"""Where one candidate's score stands in the county, from a small summary of the county's scores. Pure.

A class page shows each pupil's county rank, percentile rank and T score. ``stats.candidate_scores`` computes them
for every candidate of the county at once; on a 100,000-candidate exam that is a second of reading and ranking for a
page about 50 pupils (issue 17). The county's scores of a subject have a few hundred distinct values at most, so
their summary (distinct values, how many scored below each, mean, standard deviation) is small enough to keep in
the cache once per exam, and any candidate is placed from it with a binary search. The figures are those of
``candidate_scores``, to the last digit (a property test holds them together).

Examples
--------
>>> import polars as pl
>>> from .config import ExamConfig
>>> frame = pl.DataFrame({"exam_no": ["1", "2", "3", "4"], "school": ["一中"] * 4, "class": ["1班"] * 4,
...                       "数学": [90.0, 70.0, 50.0, None], "总分": [90.0, 70.0, 50.0, None]})
>>> summary = summarize_scores(frame, ExamConfig({"数学": 100}))
>>> place(summary["数学"], 70.0)
{'score': 70.0, 'rank': 2, 'percentile': 50.0, 'z': 0.0, 't': 50.0}
>>> place(summary["数学"], None) is None
True
"""

from __future__ import annotations

from bisect import bisect_left

import polars as pl

from .config import TOTAL, ExamConfig

__all__ = ["place", "summarize_scores"]


def summarize_scores(frame: pl.DataFrame, config: ExamConfig) -> dict[str, dict]:
    """Per subject (and 总分): the distinct scores ascending, how many scored below each and the same, n, mean and
    population standard deviation. Plain lists and floats: it goes into the cache as it is."""
    summary = {}
    for subject in (*config.subjects, TOTAL):
        scores = frame.select((pl.col(subject).cast(pl.Float64) + 0.0).alias("score")).drop_nulls()  # -0 is 0
        counts = scores.group_by("score").len().sort("score")
        equal = counts["len"].to_list()
        below, running = [], 0
        for k in equal:
            below.append(running)
            running += k
        column = scores["score"]
        summary[subject] = {
            "values": counts["score"].to_list(), "below": below, "equal": equal, "n": running,
            "mean": column.mean() if running else None, "std": column.std(ddof=0) if running else None,
        }
    return summary


def place(subject: dict, score: float | None) -> dict | None:
    """Rank, percentile rank, Z and T of ``score`` among the county's, as ``candidate_scores`` gives them.

    A score not in the summary (another exam's, or a stale summary) is placed between its neighbours."""
    if score is None or not subject["n"]:
        return None
    score = float(score) + 0.0
    values, n = subject["values"], subject["n"]
    i = bisect_left(values, score)
    found = i < len(values) and values[i] == score
    below = subject["below"][i] if i < len(values) else n
    equal = subject["equal"][i] if found else 0
    std = subject["std"]
    z = (score - subject["mean"]) / std if std and std > 0 else 0.0
    return {"score": score, "rank": n - below - equal + 1, "percentile": (below + equal / 2) * 100 / n,
            "z": z, "t": 50 + 10 * z}

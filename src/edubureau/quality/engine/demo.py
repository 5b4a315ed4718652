"""Made-up score files for the demo county: a 期末 exam for every grade from 三 to 九 (about 20k
candidates in the demo county), and a 期中 before it for 九年级, so value-added has a baseline.

Each school has a level, each pupil an ability that carries from the earlier exam to the later one,
and each subject a difficulty; scores are rounded to half marks and ~1% of papers are absent.
Seeded and pure: the same classes give the same scores.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import polars as pl

from .config import TOTAL

__all__ = ["DEMO_FULL_MARKS", "GRADE_FULL_MARKS", "demo_exam_frames"]

DEMO_FULL_MARKS = {"语文": 120, "数学": 120, "英语": 120, "物理": 100, "化学": 100, "道德与法治": 100, "历史": 100}
# The papers of a county 期末 by grade: 语数英 out of 100 in primary school (English from 三年级), the
# 中考 subjects in junior middle school as they start (物理 in 八年级, 化学 in 九年级).
_JUNIOR = {"语文": 120, "数学": 120, "英语": 120, "道德与法治": 100, "历史": 100, "地理": 100, "生物": 100}
GRADE_FULL_MARKS = {
    **{grade: {"语文": 100, "数学": 100, "英语": 100} for grade in (3, 4, 5, 6)},
    7: dict(_JUNIOR),
    8: {**_JUNIOR, "物理": 100},
    9: dict(DEMO_FULL_MARKS),
}
_DIFFICULTY = {"语文": 0.70, "数学": 0.64, "英语": 0.66, "物理": 0.62, "化学": 0.68, "道德与法治": 0.72, "历史": 0.70,
               "地理": 0.69, "生物": 0.71}


def _score(rng: random.Random, ability: float, subject: str, full: float) -> float | None:
    if rng.random() < 0.01:
        return None
    share = _DIFFICULTY[subject] + ability + rng.gauss(0, 0.09)
    return round(min(1.0, max(0.0, share)) * full * 2) / 2


def demo_exam_frames(classes: Sequence[tuple[str, str, int]], seed: int = 5, *,
                     full_marks: dict[str, float] | None = None, prefix: str = "2025",
                     stages: int = 2) -> tuple[pl.DataFrame, ...]:
    """Clean frames of ``stages`` exams in a row (earlier first) for ``classes`` given as (school, class, size).

    Examples
    --------
    >>> before, after = demo_exam_frames([("一中", "9(1)班", 3), ("二中", "9(1)班", 2)])
    >>> before.height, after.height, after["exam_no"].to_list() == before["exam_no"].to_list()
    (5, 5, True)
    >>> (only,) = demo_exam_frames([("一小", "3(1)班", 4)], full_marks={"语文": 100}, prefix="202603", stages=1)
    >>> only.columns[-2:], only["exam_no"][0]
    (['语文', '总分'], '202603000001')
    """
    marks = dict(full_marks or DEMO_FULL_MARKS)
    rng = random.Random(seed)
    schools = sorted({c[0] for c in classes})
    level = {s: rng.gauss(0, 0.06) for s in schools}
    # Some schools teach better than others this term: what value-added should find.
    growth = {s: rng.gauss(0, 0.03) for s in schools}
    frames: list[list[dict]] = [[] for _ in range(stages)]
    n = 0
    for school, class_name, size in classes:
        class_effect = rng.gauss(0, 0.02)
        for _ in range(size):
            n += 1
            ability = level[school] + class_effect + rng.gauss(0, 0.13)
            ids = {"exam_no": f"{prefix}{n:06d}", "name": f"考生{n}",
                   "school": school, "class": class_name, "zone": None, "student_no": None}
            for stage in range(stages):
                shift = 0.0 if stage == 0 else growth[school] + rng.gauss(0, 0.04)
                scores = {s: _score(rng, ability + shift, s, f) for s, f in marks.items()}
                total = None if any(v is None for v in scores.values()) else sum(scores.values())
                frames[stage].append({**ids, **scores, TOTAL: total})
    schema = {k: pl.String for k in ("exam_no", "name", "school", "class", "zone", "student_no")} | {
        s: pl.Float64 for s in (*marks, TOTAL)}
    return tuple(pl.DataFrame(rows or None, schema=schema, orient="row") for rows in frames)

"""Made-up score files for the demo county: two exams of one cohort, so value-added has a baseline.

Each school has a level, each pupil an ability that carries from the earlier exam to the later one,
and each subject a difficulty; scores are rounded to half marks and ~1% of papers are absent.
Seeded and pure: the same classes give the same scores.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import polars as pl

from .config import TOTAL

__all__ = ["DEMO_FULL_MARKS", "demo_exam_frames"]

DEMO_FULL_MARKS = {"语文": 120, "数学": 120, "英语": 120, "物理": 100, "化学": 100, "道德与法治": 100, "历史": 100}
_DIFFICULTY = {"语文": 0.70, "数学": 0.64, "英语": 0.66, "物理": 0.62, "化学": 0.68, "道德与法治": 0.72, "历史": 0.70}


def _score(rng: random.Random, ability: float, subject: str, full: float) -> float | None:
    if rng.random() < 0.01:
        return None
    share = _DIFFICULTY[subject] + ability + rng.gauss(0, 0.09)
    return round(min(1.0, max(0.0, share)) * full * 2) / 2


def demo_exam_frames(classes: Sequence[tuple[str, str, int]], seed: int = 5) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(earlier, later) clean frames for ``classes`` given as (school, class, size).

    Examples
    --------
    >>> before, after = demo_exam_frames([("一中", "9(1)班", 3), ("二中", "9(1)班", 2)])
    >>> before.height, after.height, after["exam_no"].to_list() == before["exam_no"].to_list()
    (5, 5, True)
    """
    rng = random.Random(seed)
    schools = sorted({c[0] for c in classes})
    level = {s: rng.gauss(0, 0.06) for s in schools}
    # Some schools teach better than others this term: what value-added should find.
    growth = {s: rng.gauss(0, 0.03) for s in schools}
    frames = {"before": [], "after": []}
    n = 0
    for school, class_name, size in classes:
        class_effect = rng.gauss(0, 0.02)
        for _ in range(size):
            n += 1
            ability = level[school] + class_effect + rng.gauss(0, 0.13)
            ids = {"exam_no": f"2025{n:06d}", "name": f"考生{n}", "school": school, "class": class_name,
                   "zone": None, "student_no": None}
            for stage, shift in (("before", 0.0), ("after", growth[school] + rng.gauss(0, 0.04))):
                scores = {s: _score(rng, ability + shift, s, f) for s, f in DEMO_FULL_MARKS.items()}
                total = None if any(v is None for v in scores.values()) else sum(scores.values())
                frames[stage].append({**ids, **scores, TOTAL: total})
    schema = {k: pl.String for k in ("exam_no", "name", "school", "class", "zone", "student_no")} | {
        s: pl.Float64 for s in (*DEMO_FULL_MARKS, TOTAL)}
    before, after = (pl.DataFrame(frames[stage] or None, schema=schema, orient="row") for stage in ("before", "after"))
    return before, after

"""学校考核 results by county for the city (issue 16): how a scheme's grades fall in each county.

Pure Python, no Django: the caller gives each school's county, grade, total and veto (from the engine's
``EvaluationResult``) and gets one flat row per county and the city's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["SchoolGrade", "grade_distribution"]


@dataclass(frozen=True)
class SchoolGrade:
    county: str
    grade: str
    total: float
    vetoed: bool = False


def _row(schools: list[SchoolGrade], grades: Sequence[str]) -> dict:
    n = len(schools)
    row: dict = {"schools": n, "mean_total": sum(s.total for s in schools) / n if n else None,
                 "vetoed": sum(s.vetoed for s in schools)}
    for i, grade in enumerate(grades):
        count = sum(s.grade == grade for s in schools)
        row[f"grade_{i}"] = count
        row[f"grade_{i}_share"] = count / n if n else None
    return row


def grade_distribution(schools: Iterable[SchoolGrade], grades: Sequence[str],
                       counties: Sequence[str]) -> tuple[list[dict], dict]:
    """``(rows, city)``: per county (in ``counties`` order, each with a row) the schools evaluated, the count and
    share of each grade (``grade_0`` is the best of ``grades``, ``grade_0_share`` its share), the mean total
    and how many were vetoed. Schools of a county not listed are left out, of the city row too.

    Examples
    --------
    >>> rows, city = grade_distribution([SchoolGrade("东", "优秀", 92.0), SchoolGrade("东", "合格", 70.0),
    ...                                  SchoolGrade("西", "不合格", 40.0, vetoed=True)],
    ...                                 ("优秀", "良好", "合格", "不合格"), ["东", "西"])
    >>> [(r["county"], r["schools"], r["grade_0"], r["grade_0_share"], r["mean_total"]) for r in rows]
    [('东', 2, 1, 0.5, 81.0), ('西', 1, 0, 0.0, 40.0)]
    >>> city["schools"], city["grade_3"], city["vetoed"], round(city["mean_total"], 2)
    (3, 1, 1, 67.33)
    """
    groups: dict[str, list[SchoolGrade]] = {county: [] for county in counties}
    for school in schools:
        if school.county in groups:
            groups[school.county].append(school)
    rows = [{"county": county, **_row(members, grades)} for county, members in groups.items()]
    return rows, _row([s for members in groups.values() for s in members], grades)

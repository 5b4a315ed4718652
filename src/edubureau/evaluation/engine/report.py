"""What the ranking page and a school's report card show, as plain data (pure, no Django).

* :func:`ranking_rows`: a category's schools in rank order with branch subtotals, total, grade, change.
* :func:`report_card`: one school — radar of its branches against the category mean (as % of each branch's full
  marks, so categories with different weights compare), the trail grouped by branch, and the change from last year
  (total, and per branch when last year's result is given).

>>> from .templates import standard_scheme
>>> from .scoring import SchoolInput, score
>>> r = score(standard_scheme(2026), [
...     SchoolInput("a", "甲校", "urban", {"1.3": (9,)}, figures={"plans.task_completion_rate": 1}, previous_total=10),
...     SchoolInput("b", "乙校", "urban", {"1.3": (5,)})])
>>> card = report_card(r, "a")

常规考核 is 40 of 100 in 城区小学: 1.1 full completion → 12 of 12, 1.2 no notice due → full marks (the template's
setting) 12 of 12, 1.3 9 of 10 → 14.4 of 16: 38.4 is 96% of 40; 乙校 has 12 for 1.2 and 1.3 5 → 8, 20 in all, so the
category mean is 29.2 = 73%.

>>> card["radar"]["indicators"][0], card["radar"]["school"][0], card["radar"]["mean"][0]
({'name': '常规考核', 'max': 100}, 96.0, 73.0)
>>> card["total"], card["change"]
(38.4, 28.4)
>>> [row["name"] for row in ranking_rows(r, "urban")]
['甲校', '乙校']
"""

from __future__ import annotations

from .scheme import Indicator, Scheme
from .scoring import EvaluationResult, SchoolResult, TrailStep

__all__ = ["branches", "ranking_rows", "report_card"]


def branches(scheme: Scheme) -> list[Indicator]:
    """The top-level normal nodes (the report card's radar axes and the ranking's columns)."""
    return [n for n in scheme.indicators if n.kind == "normal"]


def _pct(points: float, full: float) -> float:
    return round(100 * points / full, 1) if full else 0.0


def ranking_rows(result: EvaluationResult, category: str) -> list[dict]:
    """A category's schools in rank order: rank, key, name, branch subtotals, bonus, deduction, bundle, total."""
    tops = branches(result.scheme)
    return [
        {
            "rank": s.rank, "key": s.key, "name": s.name, "grade": s.grade, "total": round(s.total, 2),
            "branches": [round(s.points[n.code], 2) for n in tops], "bonus": round(s.bonus, 2),
            "deduction": round(s.deduction, 2), "bundled_part": round(s.bundled_part, 2), "vetoed": s.vetoed,
            "veto_reasons": list(s.veto_reasons), "previous_total": s.previous_total,
            "change": None if s.change is None else round(s.change, 2),
        }
        for s in result.ranking(category)
    ]


def _group(scheme: Scheme, school: SchoolResult) -> list[dict]:
    """The trail grouped under each top-level node (and the closing lines: bundle, total, grade)."""
    owner: dict[str, str] = {}
    for top in scheme.indicators:
        for n in top.walk():
            owner[n.code] = top.code
    groups: dict[str, dict] = {}
    order = [n.code for n in scheme.indicators]
    for top in scheme.indicators:
        full = school.full_marks.get(top.code)
        groups[top.code] = {"code": top.code, "title": top.title, "kind": top.kind, "steps": [],
                            "points": school.points.get(top.code), "full": full}
    closing: list[TrailStep] = []
    for step in school.trail:
        code = owner.get(step.code)
        if code is None and step.code in ("加分", "扣分"):
            code = next((c for c in order if scheme.node(c).title == step.title), None)
        if code is None:
            closing.append(step)
        else:
            groups[code]["steps"].append(step)
    for code in order:
        g = groups[code]
        if g["kind"] == "bonus":
            g["points"] = school.bonus
        elif g["kind"] == "deduction":
            g["points"] = -school.deduction + 0.0  # no -0.0
    return [groups[c] for c in order] + [{"code": "", "title": "合计", "kind": "total", "steps": closing,
                                          "points": school.total, "full": None}]


def report_card(result: EvaluationResult, key: str, previous: EvaluationResult | None = None) -> dict:
    """One school's card: headline, radar (school vs category mean, % of full marks), trail groups, changes."""
    s = result.school(key)
    scheme = result.scheme
    tops = branches(scheme)
    means = result.category_means(s.category)
    peers = result.ranking(s.category)
    last = None
    if previous is not None:
        try:
            last = previous.school(key)
        except KeyError:
            last = None
    branch_rows = []
    for n in tops:
        full = s.full_marks[n.code]
        row = {"code": n.code, "title": n.title, "points": round(s.points[n.code], 2), "full": round(full, 2),
               "pct": _pct(s.points[n.code], full), "mean": round(means.get(n.code, 0.0), 2),
               "mean_pct": _pct(means.get(n.code, 0.0), full), "previous_pct": None, "change_pct": None}
        if last is not None and n.code in last.points and last.full_marks.get(n.code):
            row["previous_pct"] = _pct(last.points[n.code], last.full_marks[n.code])
            row["change_pct"] = round(row["pct"] - row["previous_pct"], 1)
        branch_rows.append(row)
    category = scheme.category(s.category)
    return {
        "key": s.key, "name": s.name, "category": category.key, "category_title": category.title,
        "year": scheme.year, "scheme_title": scheme.title, "total": round(s.total, 2), "rank": s.rank,
        "count": len(peers), "grade": s.grade, "vetoed": s.vetoed, "veto_reasons": list(s.veto_reasons),
        "own_total": round(s.own_total, 2), "own_part": round(s.own_part, 2), "bundled_part": round(s.bundled_part, 2),
        "bonus": round(s.bonus, 2), "deduction": round(s.deduction, 2),
        "category_mean_total": round(sum(p.total for p in peers) / len(peers), 2) if peers else None,
        "previous_total": s.previous_total, "change": None if s.change is None else round(s.change, 2),
        "branches": branch_rows,
        "radar": {
            "indicators": [{"name": n.title, "max": 100} for n in tops],
            "school": [r["pct"] for r in branch_rows],
            "mean": [r["mean_pct"] for r in branch_rows],
        },
        "groups": _group(scheme, s),
        "missing": list(s.missing),
    }

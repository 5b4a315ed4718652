"""Inspection figures per county for the city (issue 16): the stats engine's coverage and on-time rate, per county.

Pure Python, no Django: the caller hands plain rows (notices with their county, done visits with their schools'
codes, each county's schools) and gets one flat row per county and the city's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from .stats import NoticeRow, VisitRow, coverage, on_time_rectification_rate

__all__ = ["county_inspection"]


def _row(schools: Sequence[str], visits: list[VisitRow], notices: list[NoticeRow], findings: int,
         start: dt.date, end: dt.date, today: dt.date) -> dict:
    codes = set(schools)
    cover = coverage(visits, schools, start, end)
    live = [n for n in notices if not n.withdrawn]
    return {
        "schools": cover.total, "visited": cover.visited, "coverage": cover.share if cover.total else None,
        "visits": sum(1 for v in visits if start <= v.day <= end and codes & set(v.schools)),
        "findings": findings, "notices": len(live),
        "overdue": sum(1 for n in live if n.closed_on is None and n.due < today),
        "on_time_rate": on_time_rectification_rate(live, today),
    }


def county_inspection(schools: Mapping[str, Sequence[str]], visits: Iterable[VisitRow],
                      notices: Mapping[str, Iterable[NoticeRow]], findings: Mapping[str, int],
                      start: dt.date, end: dt.date, today: dt.date) -> tuple[list[dict], dict]:
    """``(rows, city)``: per county (the keys of ``schools``, in order) its schools, how many were visited in
    ``start``–``end`` and the share (督导覆盖率), visits that reached it, findings, rectification notices, open
    ones past their deadline, and the on-time rate (按期整改率, ``None`` when nothing has come due).

    A visit to schools of two counties counts in each. ``notices`` and ``findings`` are keyed by county.

    Examples
    --------
    >>> d = dt.date
    >>> visits = [VisitRow("", d(2026, 3, 2), ("A1",)), VisitRow("", d(2026, 3, 3), ("A1", "B1"))]
    >>> notices = {"东": [NoticeRow(d(2026, 3, 10), d(2026, 3, 9)), NoticeRow(d(2026, 3, 10), None)]}
    >>> rows, city = county_inspection({"东": ["A1", "A2"], "西": ["B1"]}, visits, notices, {"东": 3},
    ...                                d(2026, 3, 1), d(2026, 3, 31), today=d(2026, 3, 20))
    >>> [(r["county"], r["visited"], r["coverage"], r["visits"], r["on_time_rate"]) for r in rows]
    [('东', 1, 0.5, 2, 0.5), ('西', 1, 1.0, 1, None)]
    >>> city["visited"], city["schools"], city["visits"], city["overdue"], city["findings"]
    (2, 3, 2, 1, 3)
    """
    visits = list(visits)
    notices = {county: list(rows) for county, rows in notices.items()}
    rows = [{"county": county, **_row(codes, visits, notices.get(county, []), findings.get(county, 0),
                                      start, end, today)}
            for county, codes in schools.items()]
    every_school = [code for codes in schools.values() for code in codes]
    every_notice = [n for county in schools for n in notices.get(county, [])]
    city = _row(every_school, visits, every_notice, sum(findings.get(c, 0) for c in schools), start, end, today)
    return rows, city

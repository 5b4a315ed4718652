"""The county level of a city exam (issue 16), built from the school level of the report.

A city exam's report (``report.analyze``) has the whole exam, each school and each class. A county's figures
are sums over its schools: candidates and absentees add up; the mean, every rate (a count over the candidates
with a score) and the population standard deviation (ddof=0, through the sum of squares) are exact
combinations of the school figures, so the county level needs no second pass over the scores. Medians and
quartiles cannot be combined this way and are left out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

__all__ = ["RATES", "combine", "county_level"]

RATES = ("excellent_rate", "good_rate", "pass_rate", "low_rate")


def combine(rows: Iterable[dict], full: float) -> dict:
    """The figures of a group of schools from their school rows (``n``, ``absent``, ``mean``, ``std``, ``max``,
    ``min`` and the rates, as ``report.analyze`` gives them).

    Examples
    --------
    >>> a = {"n": 2, "absent": 1, "mean": 70.0, "std": 10.0, "max": 80.0, "min": 60.0, "excellent_rate": 0.0,
    ...      "good_rate": 0.5, "pass_rate": 1.0, "low_rate": 0.0}
    >>> b = {"n": 1, "absent": 0, "mean": 90.0, "std": 0.0, "max": 90.0, "min": 90.0, "excellent_rate": 1.0,
    ...      "good_rate": 1.0, "pass_rate": 1.0, "low_rate": 0.0}
    >>> row = combine([a, b], 100.0)
    >>> row["n"], row["absent"], round(row["mean"], 4), round(row["std"], 4), row["excellent_rate"]
    (3, 1, 76.6667, 12.4722, 0.3333333333333333)
    """
    rows = list(rows)
    n = sum(r.get("n") or 0 for r in rows)
    scored = [r for r in rows if (r.get("n") or 0) > 0 and r.get("mean") is not None]
    out: dict = {"schools": len(rows), "n": n, "absent": sum(r.get("absent") or 0 for r in rows)}
    if n == 0 or not scored:
        out.update({"mean": None, "std": None, "max": None, "min": None, "mean_rate": None,
                    **dict.fromkeys(RATES)})
        return out
    mean = sum(r["n"] * r["mean"] for r in scored) / n
    squares = sum(r["n"] * ((r.get("std") or 0.0) ** 2 + r["mean"] ** 2) for r in scored) / n
    out.update({
        "mean": mean,
        "std": math.sqrt(max(squares - mean * mean, 0.0)),
        "max": max(r["max"] for r in scored if r.get("max") is not None),
        "min": min(r["min"] for r in scored if r.get("min") is not None),
        "mean_rate": mean / full if full else None,
        **{rate: sum(r["n"] * (r.get(rate) or 0.0) for r in scored) / n for rate in RATES},
    })
    return out


def _ranks(values: list[float | None]) -> list[int | None]:
    """Competition ranks (1, 2, 2, 4), highest first; no value, no rank."""
    present = [v for v in values if v is not None]
    return [None if v is None else 1 + sum(p > v for p in present) for v in values]


def county_level(entry: Mapping, county_of: Mapping[str, str],
                 counties: Iterable[str] | None = None) -> tuple[list[dict], dict]:
    """``(counties, city)`` for one subject's ``entry`` of the report (``{"full", "schools": [...]}``).

    ``county_of`` maps a school (as the report names it) to its county; schools it does not name are left out,
    of the counties and of the city row alike. Each county row has ``county``, the figures of ``combine``,
    ``ratio`` (比均率: its mean ÷ the city mean) and ``rank`` (by mean). Counties come in the order of
    ``counties`` (each gets a row, with or without candidates), else of first appearance in ``county_of``.

    Examples
    --------
    >>> entry = {"full": 100.0, "schools": [
    ...     {"school": "一小", "n": 2, "absent": 0, "mean": 60.0, "std": 0.0, "max": 60.0, "min": 60.0,
    ...      "excellent_rate": 0.0, "good_rate": 0.0, "pass_rate": 1.0, "low_rate": 0.0},
    ...     {"school": "二小", "n": 2, "absent": 0, "mean": 90.0, "std": 0.0, "max": 90.0, "min": 90.0,
    ...      "excellent_rate": 1.0, "good_rate": 1.0, "pass_rate": 1.0, "low_rate": 0.0}]}
    >>> counties, city = county_level(entry, {"一小": "东县", "二小": "西县"})
    >>> [(c["county"], c["mean"], c["ratio"], c["rank"]) for c in counties], city["mean"]
    ([('东县', 60.0, 0.8, 2), ('西县', 90.0, 1.2, 1)], 75.0)
    """
    full = float(entry.get("full") or 0)
    order = county_of.values() if counties is None else counties
    groups: dict[str, list[dict]] = {county: [] for county in dict.fromkeys(order)}
    for row in entry.get("schools") or ():
        county = county_of.get(row.get("school"))
        if county in groups:
            groups[county].append(row)
    counties = [{"county": county, **combine(rows, full)} for county, rows in groups.items()]
    city = combine([r for rows in groups.values() for r in rows], full)
    for row in counties:
        row["ratio"] = row["mean"] / city["mean"] if row["mean"] is not None and city["mean"] else None
    for row, rank in zip(counties, _ranks([r["mean"] for r in counties]), strict=True):
        row["rank"] = rank
    return counties, city

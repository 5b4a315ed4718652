"""Each county's standing, side by side, for the city (issue 16): ``evaluate`` run once per county, unchanged.

A county is judged on its own schools (the CVs are between the schools of one county, as the national method
states); the city row runs the same rules over every school of the city, for reference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .evaluate import evaluate
from .parts import SchoolPart
from .standard import BASIC, LEVELS, QUALITY, Standard

__all__ = ["LEVEL_KEYS", "county_standing", "standing_summary"]

# Short keys of the levels in a flat row: ``p_worst_cv`` is 小学's worst single CV.
LEVEL_KEYS = dict(zip(LEVELS, ("p", "j"), strict=True))


def standing_summary(parts: Sequence[SchoolPart], standard: Standard | None = None) -> dict:
    """One county's standing as a flat row, per level (prefix ``p_`` 小学, ``j_`` 初中).

    ``schools`` parts evaluated; ``passing_share`` share meeting the 2017 school rule (6 of 7, none under 85%);
    ``worst_cv`` the largest single 优质均衡 CV and ``cv_over`` how many CVs exceed their line; ``quality``
    the 优质均衡 verdict; ``basic_cv`` the 基本均衡 composite CV and ``basic`` its verdict. A level with no
    school has ``None`` everywhere.

    Examples
    --------
    >>> parts = [SchoolPart("A", "甲", "小学", 100, books=1000), SchoolPart("B", "乙", "小学", 300, books=3000)]
    >>> row = standing_summary(parts)
    >>> row["p_schools"], row["p_basic_cv"], row["j_schools"]
    (2, 0.0, None)
    """
    standard = standard or Standard()
    quality = evaluate(list(parts), QUALITY, standard)["levels"]
    basic = evaluate(list(parts), BASIC, standard)["levels"]
    row: dict = {}
    for level, key in LEVEL_KEYS.items():
        q, b = quality.get(level), basic.get(level)
        if q is None:
            row.update({f"{key}_{name}": None for name in
                        ("schools", "passing_share", "worst_cv", "cv_over", "quality", "basic_cv", "basic")})
            continue
        schools = q["schools"]
        row.update({
            f"{key}_schools": len(schools),
            f"{key}_passing_share": sum(s["pass"] for s in schools) / len(schools),
            f"{key}_worst_cv": max(i["cv"] for i in q["indicators"].values()),
            f"{key}_cv_over": sum(not i["pass"] for i in q["indicators"].values()),
            f"{key}_quality": q["pass"],
            f"{key}_basic_cv": b["composite_cv"] if b else None,
            f"{key}_basic": b["pass"] if b else None,
        })
    return row


def county_standing(parts_by_county: Mapping[str, Sequence[SchoolPart]],
                    standard: Standard | None = None) -> tuple[list[dict], dict]:
    """``(rows, city)``: each county's ``standing_summary`` (key ``county``, in the mapping's order) and the
    same over all the parts together.

    Examples
    --------
    >>> a = [SchoolPart("A", "甲", "小学", 100, books=1000)]
    >>> b = [SchoolPart("B", "乙", "小学", 100, books=3000)]
    >>> rows, city = county_standing({"东县": a, "西县": b})
    >>> [(r["county"], r["p_basic_cv"]) for r in rows], city["p_schools"]
    ([('东县', 0.0), ('西县', 0.0)], 2)
    """
    rows = [{"county": county, **standing_summary(parts, standard)} for county, parts in parts_by_county.items()]
    everything = [p for parts in parts_by_county.values() for p in parts]
    return rows, standing_summary(everything, standard)

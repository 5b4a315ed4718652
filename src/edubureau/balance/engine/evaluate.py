"""The standing of a county: indicator values per school part, CVs per level, pass or fail by the 2012/2017 rules."""

from __future__ import annotations

from .cv import weighted_cv
from .parts import SchoolPart, in_scope
from .standard import BASIC, LEVELS, QUALITY, Standard


def school_values(part: SchoolPart, standard_name: str, standard: Standard) -> dict[str, float]:
    """The part's value on each indicator of the method."""
    return {i.name: i.value(part.amount(i.resource), part.students) for i in standard.indicators(standard_name)}


def school_pass(values: dict[str, float], level: str, standard: Standard) -> tuple[int, bool]:
    """(thresholds met, passes): at least 6 of 7 met and every one at 85% of its line or more (2017).

    Examples
    --------
    >>> s = Standard()
    >>> good = dict(s.quality_thresholds["小学"])
    >>> school_pass(good, "小学", s)
    (7, True)
    >>> school_pass({**good, "生均教学仪器设备值": 1700.0}, "小学", s)
    (6, True)
    >>> school_pass({**good, "生均教学仪器设备值": 1600.0}, "小学", s)
    (6, False)
    """
    met, floor_ok = 0, True
    for name, value in values.items():
        line = standard.threshold(level, name)
        if line is None:
            continue
        met += value >= line - 1e-9
        floor_ok &= value >= standard.quality_rest_share * line - 1e-9
    return met, met >= standard.quality_min_met and floor_ok


def evaluate_level(parts: list[SchoolPart], level: str, standard_name: str, standard: Standard) -> dict:
    """One level's indicators (mean, CV, line, pass), its schools and its verdict.

    For 优质均衡 each indicator also names its ``short_schools`` (failing schools below its line), and
    ``failing_indicators`` lists the indicators that keep the level from passing: CV over the line, or a
    school that fails the 6-of-7 / 85% rule short on it.
    """
    weights = [p.students for p in parts]
    indicators, cvs = {}, []
    line = standard.cv_line(standard_name, level)
    for ind in standard.indicators(standard_name):
        values = [ind.value(p.amount(ind.resource), p.students) for p in parts]
        mean, _sd, cv = weighted_cv(values, weights)
        cvs.append(cv)
        # 2012 judges only the composite; a single CV is shown against the same line for reference.
        indicators[ind.name] = {
            "cv": cv, "threshold": line, "pass": cv <= line + 1e-12, "mean": mean, "unit": ind.unit,
            "school_line": standard.threshold(level, ind.name) if standard_name == QUALITY else None,
        }
    schools = []
    for p in parts:
        values = school_values(p, standard_name, standard)
        met, ok = school_pass(values, level, standard) if standard_name == QUALITY else (0, True)
        schools.append({"code": p.code, "name": p.name, "students": p.students, "values": values, "met": met,
                        "pass": ok})
    # Which schools sink each indicator: the failing schools that are below its line (2017 only).
    for name, ind in indicators.items():
        ind["short_schools"] = [s["code"] for s in schools if not s["pass"] and ind["school_line"] is not None
                                and s["values"][name] < ind["school_line"] - 1e-9]
    failing = [name for name, ind in indicators.items() if standard_name == QUALITY
               and (not ind["pass"] or ind["short_schools"])]
    composite = sum(cvs) / len(cvs) if (standard_name == BASIC and parts) else None
    if not parts:
        verdict = None
    elif standard_name == BASIC:
        verdict = composite <= line + 1e-12
    else:
        verdict = all(i["pass"] for i in indicators.values()) and all(s["pass"] for s in schools)
    return {"indicators": indicators, "failing_indicators": failing, "composite_cv": composite,
            "composite_threshold": line if standard_name == BASIC else None, "schools": schools, "pass": verdict}


def evaluate(parts: list[SchoolPart], standard_name: str = QUALITY, standard: Standard | None = None) -> dict:
    """The county's standing under one method: ``{"standard", "levels": {小学: …, 初中: …}}``.

    Parts are first put through the scope rules (special schools, 教学点, small schools).

    Examples
    --------
    >>> parts = [SchoolPart("A", "甲", "小学", 100, books=1000), SchoolPart("B", "乙", "小学", 300, books=3000)]
    >>> result = evaluate(parts, "basic")
    >>> result["levels"]["小学"]["indicators"]["生均图书册数"]["cv"]
    0.0
    """
    standard = standard or Standard()
    scoped = in_scope(parts, standard)
    levels = {}
    for level in LEVELS:
        level_parts = [p for p in scoped if p.level == level]
        if level_parts:
            levels[level] = evaluate_level(level_parts, level, standard_name, standard)
    return {"standard": standard_name, "levels": levels}

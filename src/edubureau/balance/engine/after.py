"""The standing after planned additions (issue 15: "after the projects of this year"): each school part's indicators
before and after, the lines newly reached, and the county's count of schools meeting the 优质均衡 rules before/after.

The additions are plain ``(code, level, {resource: amount})`` triples (resources named as ``SchoolPart`` fields); who
builds them (the construction projects delivered this year) is the caller's business. Enrolment stays as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .evaluate import evaluate
from .parts import SchoolPart
from .standard import QUALITY, Standard

__all__ = ["standing_after"]

EPS = 1e-9


def _grouped(parts: list[SchoolPart], additions) -> tuple[dict, list]:
    keys = {(p.code, p.level) for p in parts}
    grouped: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    unplaced = []
    for code, level, resources in additions:
        if (code, level) not in keys:
            unplaced.append((code, level))
            continue
        for resource, amount in resources.items():
            grouped[code, level][resource] += float(amount)
    return grouped, unplaced


def standing_after(parts: list[SchoolPart], additions: Iterable[tuple[str, str, dict]],
                   standard: Standard | None = None) -> dict:
    """The 优质均衡 standing of ``parts`` before and after ``additions``.

    Parameters
    ----------
    parts : list of SchoolPart
        The county's school parts (scope rules are applied as in ``evaluate``: a 教学点's additions go with it into
        its central school).
    additions : iterable of (code, level, dict)
        Resources added to the part ``(code, level)``; several for one part are summed. A part not in ``parts``
        is returned in ``unplaced``.

    Returns
    -------
    dict
        ``{"levels": {level: {"schools", "cvs", "passing_before", "passing_after", "total", "pass_before",
        "pass_after"}}, "unplaced": [(code, level)]}``. ``schools`` lists only the parts whose values change, each
        with ``indicators`` (the changed ones: ``before``, ``after``, ``line``, ``newly_met``), ``met_before``,
        ``met_after``, ``pass_before``, ``pass_after`` and ``newly_passing``; ``cvs`` the CV of each changed indicator
        before and after against its line.

    Examples
    --------
    One school under the 小学 line of 4.5 ㎡ teaching rooms per pupil (3.5 ㎡ at 400 pupils, under 85 % of the line,
    so the school fails); 400 ㎡ more makes 4.5, and the school passes:

    >>> s = Standard()
    >>> good = dict(students=400, teaching_area=2000.0, sports_area=4000.0, equipment_value=1_000_000.0,
    ...             above_qualified=20, backbone=5, pe_art_teachers=4, multimedia_rooms=10)
    >>> parts = [SchoolPart("A", "甲", "小学", **{**good, "teaching_area": 1400.0}),
    ...          SchoolPart("B", "乙", "小学", **good)]
    >>> out = standing_after(parts, [("A", "小学", {"teaching_area": 400.0})], s)
    >>> level = out["levels"]["小学"]
    >>> [(i["name"], i["before"], i["after"], i["newly_met"]) for i in level["schools"][0]["indicators"]]
    [('生均教学及辅助用房面积', 3.5, 4.5, True)]
    >>> level["schools"][0]["met_before"], level["schools"][0]["met_after"], level["schools"][0]["newly_passing"]
    (6, 7, True)
    >>> level["passing_before"], level["passing_after"], level["total"]
    (1, 2, 2)
    >>> standing_after(parts, [("X", "小学", {"sports_area": 1.0})], s)["unplaced"]
    [('X', '小学')]
    """
    standard = standard or Standard()
    parts = list(parts)
    grouped, unplaced = _grouped(parts, additions)
    after_parts = [p.plus(dict(grouped[p.code, p.level])) if (p.code, p.level) in grouped else p for p in parts]
    before = evaluate(parts, QUALITY, standard)
    after = evaluate(after_parts, QUALITY, standard)
    levels = {}
    for level, res_b in before["levels"].items():
        res_a = after["levels"][level]
        by_code = {s["code"]: s for s in res_a["schools"]}
        schools, changed_names = [], set()
        for sb in res_b["schools"]:
            sa = by_code[sb["code"]]
            changed = [n for n, v in sb["values"].items() if abs(sa["values"][n] - v) > EPS]
            if not changed:
                continue
            changed_names.update(changed)
            indicators = []
            for name in changed:
                line = res_b["indicators"][name]["school_line"]
                b, a = sb["values"][name], sa["values"][name]
                met_b = line is None or b >= line - EPS
                met_a = line is None or a >= line - EPS
                indicators.append({"name": name, "unit": res_b["indicators"][name]["unit"], "line": line,
                                   "before": b, "after": a, "met_before": met_b, "met_after": met_a,
                                   "newly_met": met_a and not met_b})
            schools.append({"code": sb["code"], "name": sb["name"], "students": sb["students"],
                            "indicators": indicators, "met_before": sb["met"], "met_after": sa["met"],
                            "pass_before": sb["pass"], "pass_after": sa["pass"],
                            "newly_passing": sa["pass"] and not sb["pass"]})
        cvs = [{"name": name, "line": res_b["indicators"][name]["threshold"],
                "before": res_b["indicators"][name]["cv"], "after": res_a["indicators"][name]["cv"],
                "pass_before": res_b["indicators"][name]["pass"], "pass_after": res_a["indicators"][name]["pass"]}
               for name in res_b["indicators"] if name in changed_names]
        levels[level] = {"schools": schools, "cvs": cvs, "total": len(res_b["schools"]),
                         "passing_before": sum(s["pass"] for s in res_b["schools"]),
                         "passing_after": sum(s["pass"] for s in res_a["schools"]),
                         "pass_before": res_b["pass"], "pass_after": res_a["pass"]}
    return {"levels": levels, "unplaced": unplaced}

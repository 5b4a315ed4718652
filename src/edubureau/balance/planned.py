"""The standing page's "计入本年度建设项目后" (issue 15): the construction projects delivered this year added to the
facts, the indicators they change recomputed by the pure ``engine.standing_after``.

The projects module answers which projects count and what each adds (``projects.supply.planned_supply``; the part of
a school that receives them is ``projects.engine.place``, the rule its project page uses too). This module only joins
them to the page's parts and cuts the school rows to the reader's scope; the county's counts stay whole, like its CVs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from .engine import standing_after

__all__ = ["after_projects_context"]


def after_projects_context(parts: list, codes: set[str], standard, region, today: dt.date) -> dict:
    """What the section shows for the county of ``parts`` with the projects delivered in ``today``'s year.

    Args:
        parts: the county's school parts of the latest school year (engine ``SchoolPart``).
        codes: the schools the reader may see one by one.
        standard: the county's ``Standard``.
        region: the county (None: the whole instance).
        today: the day whose calendar year is "this year".

    Returns:
        ``{"year", "projects", "seats", "new_schools", "unplaced", "levels": [...]}``; each level carries the
        county's counts before/after, the CVs of the changed indicators and the rows of the reader's schools.
    """
    from edubureau.projects.engine import place
    from edubureau.projects.supply import planned_supply

    found = planned_supply(today.year, region)
    levels_of = defaultdict(list)
    for p in parts:
        levels_of[p.code].append(p.level)
    additions, by_part, unplaced = [], defaultdict(list), 0
    for item in found.projects:
        level = place(item.supply.level, levels_of.get(item.code, ()))
        if level is None:
            unplaced += 1  # the school has no 小学/初中 facts this year
            continue
        additions.append((item.code, level, item.supply.resources))
        by_part[item.code, level].append(item)
    result = standing_after(parts, additions, standard)
    levels = []
    for level, res in result["levels"].items():
        rows = []
        for school in res["schools"]:
            if school["code"] not in codes:
                continue
            items = by_part.get((school["code"], level), [])
            rows.append({**school, "projects": items, "seats": sum(i.supply.seats for i in items)})
        levels.append({"level": level, **{k: v for k, v in res.items() if k != "schools"}, "schools": rows,
                       "changed": len(res["schools"]), "hidden": len(res["schools"]) - len(rows),
                       "newly": [r["name"] for r in rows if r["newly_passing"]]})
    placed = [i for items in by_part.values() for i in items]
    return {"year": found.year, "projects": len(placed), "seats": sum(i.supply.seats for i in placed),
            "classrooms": sum(i.supply.classrooms for i in placed), "new_schools": found.new_schools,
            "unplaced": unplaced, "levels": levels}

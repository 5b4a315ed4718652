"""What it takes to pass 优质均衡: the smallest additions per school, and a cheap county-wide set of additions."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .cv import weighted_cv
from .evaluate import evaluate
from .parts import SchoolPart, in_scope
from .standard import LEVELS, QUALITY, WHOLE_UNITS, Indicator, Standard

# Default cost of one unit of each resource (yuan); the user sets their own.
DEFAULT_UNIT_COSTS = {
    "above_qualified": 150_000.0, "backbone": 200_000.0, "pe_art_teachers": 150_000.0,
    "teaching_area": 3_000.0, "sports_area": 500.0, "equipment_value": 1.0, "multimedia_rooms": 80_000.0,
}


UNITS = {"above_qualified": "人", "backbone": "人", "pe_art_teachers": "人", "teaching_area": "平方米",
         "sports_area": "平方米", "equipment_value": "元", "multimedia_rooms": "间"}


@dataclass(frozen=True)
class Addition:
    """One addition: ``amount`` of ``resource`` to school ``code`` so it reaches a target on ``indicator``."""

    code: str
    name: str
    level: str
    indicator: str
    resource: str
    amount: float
    cost: float

    @property
    def unit(self) -> str:
        return UNITS.get(self.resource, "")


def needed(part: SchoolPart, ind: Indicator, target: float) -> float:
    """The smallest amount of the resource that lifts the part's value to ``target`` (0 when already there).

    Examples
    --------
    >>> from .standard import QUALITY_INDICATORS
    >>> needed(SchoolPart("A", "甲", "小学", 250, backbone=1), QUALITY_INDICATORS[1], 1.0)
    2.0
    """
    gap = target * part.students / ind.per - part.amount(ind.resource)
    if gap <= 1e-9:
        return 0.0
    return float(math.ceil(gap - 1e-9)) if ind.resource in WHOLE_UNITS else round(gap + 0.005, 2)


def _add(part: SchoolPart, ind: Indicator, amount: float, costs: dict, additions: list) -> SchoolPart:
    cost = amount * costs.get(ind.resource, 0.0)
    additions.append(Addition(part.code, part.name, part.level, ind.name, ind.resource, amount, cost))
    return part.plus({ind.resource: amount})


def school_additions(part: SchoolPart, standard: Standard, costs: dict) -> list[Addition]:
    """The cheapest additions that make one school meet the 6-of-7 and 85% rules.

    Every indicator is brought to its line except the one whose shortfall costs most, which is brought to 85%.
    """
    options = []
    for skip in [None, *standard.indicators(QUALITY)]:
        plan = []
        for ind in standard.indicators(QUALITY):
            line = standard.threshold(part.level, ind.name)
            target = line * standard.quality_rest_share if ind is skip else line
            amount = needed(part, ind, target)
            if amount:
                plan.append(Addition(part.code, part.name, part.level, ind.name, ind.resource, amount,
                                     amount * costs.get(ind.resource, 0.0)))
        options.append((sum(a.cost for a in plan), len(plan), plan))
    return min(options, key=lambda o: (o[0], o[1]))[2]


def county_additions(parts: list[SchoolPart], standard: Standard | None = None, costs: dict | None = None) -> dict:
    """A cheap set of additions that brings every school and every single CV of 优质均衡 under the rules.

    First each failing school gets its cheapest additions; then, for any CV still above its line, the
    lowest schools on that indicator are raised to a common level (found by bisection), the cheapest way to
    narrow the spread from below. The result is verified by re-evaluating the county with the additions.

    Returns
    -------
    dict
        ``{"additions": [Addition], "cost": float, "before": standing, "after": standing, "passes": bool}``.
    """
    standard = standard or Standard()
    costs = {**DEFAULT_UNIT_COSTS, **(costs or {})}
    scoped = in_scope(parts, standard)
    before = evaluate(scoped, QUALITY, standard)
    additions: list[Addition] = []
    store = {p.code + "|" + p.level: p for p in scoped}
    for key, part in list(store.items()):
        for a in school_additions(part, standard, costs):
            additions.append(a)
            store[key] = store[key].plus({a.resource: a.amount})
    for level in LEVELS:
        keys = [k for k, p in store.items() if p.level == level]
        if not keys:
            continue
        line = standard.cv_line(QUALITY, level)
        for ind in standard.indicators(QUALITY):
            values = {k: ind.value(store[k].amount(ind.resource), store[k].students) for k in keys}
            weights = [store[k].students for k in keys]

            def cv_at(floor, values=values, weights=weights):
                return weighted_cv([max(v, floor) for v in values.values()], weights)[2]

            if cv_at(0.0) <= line:
                continue
            low, high = min(values.values()), max(values.values())
            for _ in range(60):
                mid = (low + high) / 2
                low, high = (low, mid) if cv_at(mid) <= line * 0.999 else (mid, high)
            for k in keys:
                amount = needed(store[k], ind, high)
                if amount:
                    store[k] = _add(store[k], ind, amount, costs, additions)
    after = evaluate(list(store.values()), QUALITY, standard)
    passes = all(level["pass"] for level in after["levels"].values())
    return {"additions": additions, "cost": sum(a.cost for a in additions), "before": before, "after": after,
            "passes": passes}

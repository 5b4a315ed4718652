"""学位预测 from the county's rows: births by township, each school's zone (townships weighted by the households of
its units), past intake, new housing and seats by year; the engine (``engine.forecast``) computes."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum

from .engine import forecast as engine
from .models import BirthCount, EnrollmentSettings, IntakeCount, Level, ResidentialUnit, UnitZone
from .services import school_levels, seats_for

__all__ = ["SeatOutlook", "seat_outlook"]

HORIZON = 6


@dataclass
class SeatOutlook:
    years: list[int]
    rows: list[dict] = field(default_factory=list)  # per school: name, seats and demand per year, flags
    back_test: engine.BackTest | None = None
    method: str = ""
    missing: list[str] = field(default_factory=list)  # schools left out, with why
    first_red: dict[int, int] = field(default_factory=dict)  # year → schools short of seats


def _zone_townships(year: int, level: str) -> tuple[dict[str, dict[str, float]], dict[str, dict[int, int]]]:
    """Each school's townships (share of the township's households zoned to it) and its new housing by year."""
    units = {u.pk: u for u in ResidentialUnit.objects.all()}
    township_households = defaultdict(int)
    for unit in units.values():
        township_households[unit.township] += unit.households
    shares: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    housing: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    pairs = UnitZone.schools.through.objects.filter(unitzone__year=year, unitzone__level=level).values_list(
        "unitzone__unit_id", "school__code")
    per_unit = defaultdict(list)
    for unit_id, code in pairs:
        per_unit[unit_id].append(code)
    for unit_id, codes in per_unit.items():
        unit = units[unit_id]
        total = township_households[unit.township]
        for code in codes:  # a 多校划片 unit's children are shared equally among its schools
            if total:
                shares[code][unit.township] += unit.households / total / len(codes)
            if unit.new_dwellings and unit.dwellings_ready:
                housing[code][unit.dwellings_ready] += unit.new_dwellings / len(codes)
    return ({k: dict(v) for k, v in shares.items()}, {k: dict(v) for k, v in housing.items()})


def seat_outlook(year: int | None = None, level: str = Level.PRIMARY) -> SeatOutlook:
    """Forecast 一年级 intake per school for six years from ``year`` and compare it with the seats of each year."""
    settings = EnrollmentSettings.current()
    year = year or settings.year
    births = defaultdict(dict)
    for township, born, count in BirthCount.objects.values_list("township", "year").annotate(
            n=Sum("births")).values_list("township", "year", "n"):
        births[township][born] = count
    intake = defaultdict(dict)
    for code, at, pupils in IntakeCount.objects.filter(level=level).values_list("school__code", "year", "pupils"):
        intake[code][at] = pupils
    # The zones in force: this year's, or the latest drawn before it (next year's are not drawn yet).
    zone_year = UnitZone.objects.filter(level=level, year__lte=year).order_by("-year").values_list(
        "year", flat=True).first() or year
    zones, housing = _zone_townships(zone_year, level)
    schools = {s.code: s for s in school_levels(level)}
    years = list(range(year, year + HORIZON))
    outlook = SeatOutlook(years=years, method=engine.METHOD_FIRST)
    usable = {}
    for code, shares in zones.items():
        if code not in schools:
            continue
        if not intake.get(code):
            outlook.missing.append(f"{schools[code].name}：无历年招生数")
            continue
        usable[code] = shares
    if not usable:
        return outlook
    try:
        forecasts = engine.forecast_first_grade(
            births, usable, intake, start=year, horizon=HORIZON,
            migrant_share=dict.fromkeys(usable, float(settings.migrant_share)),
            new_dwellings={code: housing.get(code, {}) for code in usable},
            children_per_dwelling=float(settings.children_per_dwelling))
    except engine.ForecastError as exc:
        outlook.missing.append(str(exc))
        return outlook
    seats_by_year = {y: seats_for(y, level) for y in years}
    demand = {code: {y: fc.years[y].mid for y in years} for code, fc in forecasts.items()}
    seats = {code: {y: seats_by_year[y].get(schools[code].pk, 0) for y in years} for code in forecasts}
    flags = {(g.school, g.year): g for g in engine.gaps(demand, seats)}
    for code in sorted(forecasts, key=lambda c: schools[c].code):
        fc = forecasts[code]
        cells = []
        for y in years:
            gap = flags[(code, y)]
            cells.append({"year": y, "seats": gap.seats, "demand": math.ceil(gap.demand - 1e-9),
                          "low": math.ceil(fc.years[y].low - 1e-9), "high": math.ceil(fc.years[y].high - 1e-9),
                          "gap": gap.seats - math.ceil(gap.demand - 1e-9), "flag": gap.flag, "label": gap.label})
            cells[-1]["short"] = max(-cells[-1]["gap"], 0)
            if gap.flag == "red":
                outlook.first_red[y] = outlook.first_red.get(y, 0) + 1
        outlook.rows.append({"school": schools[code], "ratio": fc.ratio, "cells": cells,
                             "short_history": fc.short_history})
    past = sorted({y for per in intake.values() for y in per if y < year})[-3:]
    if past:
        try:
            outlook.back_test = engine.back_test(births, usable, intake, years=past, lead=1)
        except engine.ForecastError:
            outlook.back_test = None
    return outlook

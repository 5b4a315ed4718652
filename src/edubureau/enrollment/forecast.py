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

__all__ = ["SeatOutlook", "seat_outlook", "seventh_outlook"]

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


def _fill(outlook: SeatOutlook, forecasts: dict, schools: dict, level: str) -> None:
    """Rows of demand against each year's seats, flagged (engine.gaps), from the zones' forecasts."""
    years = outlook.years
    seats_by_year = {y: seats_for(y, level) for y in years}
    demand = {code: {y: fc.years[y].mid for y in years} for code, fc in forecasts.items()}
    seats = {code: {y: seats_by_year[y].get(schools[code].pk, 0) for y in years} for code in forecasts}
    flags = {(g.school, g.year): g for g in engine.gaps(demand, seats)}
    for code in sorted(forecasts, key=lambda c: schools[c].code):
        fc = forecasts[code]
        cells = []
        for y in years:
            gap = flags[(code, y)]
            need = math.ceil(gap.demand - 1e-9)
            cells.append({"year": y, "seats": gap.seats, "demand": need, "low": math.ceil(fc.years[y].low - 1e-9),
                          "high": math.ceil(fc.years[y].high - 1e-9), "gap": gap.seats - need,
                          "short": max(need - gap.seats, 0), "flag": gap.flag, "label": gap.label})
            if gap.flag == "red":
                outlook.first_red[y] = outlook.first_red.get(y, 0) + 1
        outlook.rows.append({"school": schools[code], "ratio": fc.ratio, "cells": cells,
                             "short_history": fc.short_history})
    outlook.first_red = dict(sorted(outlook.first_red.items()))


def seventh_outlook(year: int) -> SeatOutlook:
    """七年级 demand per 初中 for six years from ``year``: the 一年级 intake of its feeding 小学 six years before times
    the observed progression ratio, against each year's 初中 seats. A 小学 feeds the 初中 most of its zone's
    households are zoned to."""
    zone_year = UnitZone.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True).first()
    years = list(range(year, year + HORIZON))
    outlook = SeatOutlook(years=years, method=engine.METHOD_SEVENTH)
    if zone_year is None:
        return outlook
    households = defaultdict(lambda: defaultdict(int))  # primary code → junior code → households
    primary_of = defaultdict(set)
    for unit_id, code in UnitZone.schools.through.objects.filter(
            unitzone__year=zone_year, unitzone__level=Level.PRIMARY).values_list("unitzone__unit_id", "school__code"):
        primary_of[unit_id].add(code)
    units = dict(ResidentialUnit.objects.values_list("pk", "households"))
    for unit_id, code in UnitZone.schools.through.objects.filter(
            unitzone__year=zone_year, unitzone__level=Level.JUNIOR).values_list("unitzone__unit_id", "school__code"):
        for primary in primary_of.get(unit_id, ()):
            households[primary][code] += units.get(unit_id, 0)
    feeders = defaultdict(list)
    for primary, by_junior in households.items():
        feeders[max(sorted(by_junior), key=lambda j: by_junior[j])].append(primary)
    first = defaultdict(dict)
    seventh = defaultdict(dict)
    for code, level, at, pupils in IntakeCount.objects.values_list("school__code", "level", "year", "pupils"):
        (first if level == Level.PRIMARY else seventh)[code][at] = pupils
    schools = {s.code: s for s in school_levels(Level.JUNIOR)}
    usable = {j: sorted(p) for j, p in feeders.items() if j in schools and seventh.get(j)}
    outlook.missing = [f"{schools[j].name}：无历年七年级招生数" for j in feeders if j in schools and not seventh.get(j)]
    if not usable:
        return outlook
    try:
        forecasts = engine.forecast_seventh_grade(first, usable, seventh, start=year, horizon=HORIZON)
    except engine.ForecastError as exc:
        outlook.missing.append(str(exc))
        return outlook
    _fill(outlook, forecasts, schools, Level.JUNIOR)
    return outlook


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
    _fill(outlook, forecasts, schools, level)
    past = sorted({y for per in intake.values() for y in per if y < year})[-3:]
    if past:
        try:
            outlook.back_test = engine.back_test(births, usable, intake, years=past, lead=1)
        except engine.ForecastError:
            outlook.back_test = None
    return outlook

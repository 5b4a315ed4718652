"""划片 services: the year's zones as the engine's units and schools, a proposal computed and kept, its adoption,
and the map's plain coordinates (no tiles: the bureau's network has no internet)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import transaction

from edubureau.org.choices import Ownership

from .engine import zoning as engine
from .models import Level, ResidentialUnit, UnitZone, ZoningProposal
from .services import school_levels, seats_for, zone_map

__all__ = ["MapPoint", "adopt", "county_map", "engine_inputs", "propose"]

KM_PER_DEGREE = 111.32


def _origin(rows) -> tuple[float, float]:
    lats = [float(r.latitude) for r in rows if r.latitude is not None]
    lons = [float(r.longitude) for r in rows if r.longitude is not None]
    return (sum(lats) / len(lats), sum(lons) / len(lons)) if lats else (0.0, 0.0)


def _km(row, origin) -> tuple[float, float]:
    lat0, lon0 = origin
    return ((float(row.longitude) - lon0) * KM_PER_DEGREE * math.cos(math.radians(lat0)),
            (float(row.latitude) - lat0) * KM_PER_DEGREE)


def engine_inputs(year: int, level: str, region_id: int | None = None
                  ) -> tuple[list[engine.Unit], list[engine.School], dict]:
    """The units (demand from the 摸底 survey, current school from this year's zones) and schools (seats next year)
    as the engine reads them, with planar kilometres around the county's centre. A county's user zones its own
    county (``region_id``); a user bound to no region, the instance's."""
    rows = ResidentialUnit.objects.all()
    units = list(rows.filter(region_id=region_id) if region_id else rows)
    # Public schools only: a 民办 school admits by its own lottery, never by zone (公民同招).
    schools = [s for s in school_levels(level) if s.ownership == Ownership.PUBLIC
               and s.latitude is not None and s.longitude is not None
               and (region_id is None or s.region_id == region_id)]
    origin = _origin(units + schools)
    zones = zone_map(year, level)
    seats = seats_for(year + 1, level)
    demand_field = "surveyed_primary" if level == Level.PRIMARY else "surveyed_junior"
    codes = {s.code for s in schools}
    engine_units = []
    for unit in units:
        x, y = _km(unit, origin)
        current = sorted(zones.get(unit.code, set()) & codes)
        engine_units.append(engine.Unit(unit.code, unit.name, x, y, getattr(unit, demand_field),
                                        current[0] if current else None))
    engine_schools = [engine.School(s.code, s.name, *_km(s, origin), seats.get(s.pk, 0)) for s in schools]
    names = {u.code: u.name for u in units} | {s.code: s.name for s in schools}
    return engine_units, engine_schools, names


def _figures(proposal: engine.Proposal) -> dict:
    return {"overflow": proposal.total_overflow(), "travel_km": round(proposal.travel_km, 1),
            "mean_km": round(proposal.mean_km(), 2), "movers": proposal.movers, "status": proposal.status,
            "seconds": round(proposal.seconds, 2), "method": proposal.method,
            "feasible": proposal.feasible_capacity}


def propose(*, year: int, level: str, travel: float, change: float, max_km: float | None, by, region=None,
            time_limit: float = 10.0) -> ZoningProposal:
    """Compute a proposal for next year's intake and keep it beside the current zones and the nearest baseline."""
    units, schools, names = engine_inputs(year, level, region)
    weights = engine.Weights(travel=travel, change=change, max_km=max_km)
    result = engine.propose(units, schools, weights, time_limit=time_limit)
    current, nearest = engine.current_proposal(units, schools), engine.nearest_proposal(units, schools)
    loads = {s.code: {"name": s.name, "seats": s.seats, "now": current.load.get(s.code, 0),
                      "new": result.load.get(s.code, 0), "nearest": nearest.load.get(s.code, 0)}
             for s in schools}
    demand = {u.code: u.demand for u in units}
    rows = [{"unit": a.unit, "name": names.get(a.unit, a.unit), "old": a.old, "old_name": names.get(a.old, ""),
             "new": a.new, "new_name": names.get(a.new, ""), "km": round(a.km, 2), "reason": a.reason,
             "demand": demand[a.unit]} for a in result.assignments.values()]
    return ZoningProposal.objects.create(
        region_id=region, year=year + 1, level=level, travel_weight=travel, change_weight=change, max_km=max_km,
        created_by=by, result={"assignments": rows, "schools": loads, "proposal": _figures(result),
                               "current": _figures(current), "nearest": _figures(nearest),
                               "objective": {"proposal": engine.objective(result, units, weights),
                                             "current": engine.objective(current, units, weights),
                                             "nearest": engine.objective(nearest, units, weights)}})


@transaction.atomic
def adopt(proposal: ZoningProposal) -> int:
    """Write the proposal as the zones of its year (replacing that year's zones at its level); returns units."""
    from edubureau.org.models import School

    by_code = {s.code: s for s in School.objects.filter(code__in={r["new"] for r in proposal.result["assignments"]})}
    units = {u.code: u for u in ResidentialUnit.objects.all()}
    UnitZone.objects.filter(year=proposal.year, level=proposal.level).delete()
    written = 0
    for row in proposal.result["assignments"]:
        unit, school = units.get(row["unit"]), by_code.get(row["new"])
        if unit is None or school is None:
            continue
        zone = UnitZone.objects.create(year=proposal.year, level=proposal.level, unit=unit)
        zone.schools.set([school])
        written += 1
    proposal.state = ZoningProposal.State.ADOPTED
    proposal.save(update_fields=["state", "updated"])
    return written


@dataclass(frozen=True)
class MapPoint:
    code: str
    name: str
    x: float
    y: float
    colour: str
    label: str = ""
    moved: bool = False


PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd")


def county_map(units_schools: dict[str, str], moved: frozenset[str] = frozenset(), width: int = 900,
               height: int = 560, focus: frozenset[str] = frozenset()) -> dict:
    """Points of every unit (coloured by its school in ``units_schools``, ``moved`` ringed) and school, scaled into
    an SVG box with a 1 km or 10 km bar; with ``focus`` (unit and school codes) the box fits those only."""
    units = list(ResidentialUnit.objects.all())
    from edubureau.org.models import School

    schools = [s for s in School.objects.filter(code__in=set(units_schools.values())) if s.latitude is not None]
    rows = units + schools
    if not rows:
        return {"units": [], "schools": [], "width": width, "height": height, "legend": []}
    origin = _origin(rows)
    framed = [r for r in rows if r.code in focus] or rows
    points = [_km(r, origin) for r in framed]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    scale = min((width - 80) / span, (height - 80) / span)

    def place(row):
        x, y = _km(row, origin)
        return 40 + (x - min(xs)) * scale, height - 40 - (y - min(ys)) * scale

    def inside(point) -> bool:
        return -10 <= point.x <= width + 10 and -10 <= point.y <= height + 10

    colours = {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(sorted({s.code for s in schools}))}
    unit_points = [MapPoint(u.code, u.name, *place(u), colours.get(units_schools.get(u.code, ""), "#cccccc"),
                            moved=u.code in moved) for u in units]
    school_points = [MapPoint(s.code, s.name, *place(s), colours[s.code], s.short_name or s.name) for s in schools]
    unit_points = [p for p in unit_points if inside(p)]
    school_points = [p for p in school_points if inside(p)]
    shown = {p.code for p in school_points}
    legend = [(s.short_name or s.name, colours[s.code]) for s in sorted(schools, key=lambda s: s.code)
              if s.code in shown]
    bar_km = 10 if 10 * scale < width / 2 else 1
    return {"units": unit_points, "schools": school_points, "width": width, "height": height, "legend": legend,
            "scale_km": round(bar_km * scale, 1), "bar_km": bar_km}

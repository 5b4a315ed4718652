"""The demo city generator (桐州市): its counties one by one, deterministic from a seed. Pure: no Django.

``plan_city()`` fixes the city (which counties, how big, which towns each gets); ``generate_counties()`` then yields
each county as the demo county's ``County`` (schools, staff with postings, classes of three school years, a pupil
on the roll for every seat of this year's classes, school facts), so the loader can write one county and forget it
before the next (a full city holds about 700,000 pupils). One ``IdMaker`` runs through the whole city, so no ID
number repeats; every county draws from its own random streams (``Random("<seed>:<county>:<stage>")``).

Examples
--------
>>> city = plan_city(7, current_year=2025, counties=2, size=0.05)
>>> [c.name for c in city.counties], [len(t) for t in city.towns]
(['东湖区', '西岭区'], [1, 1])
>>> first = next(generate_counties(city))
>>> first.region_code, first.region_name, len(first.students) == sum(
...     c.size for c in first.classes if c.start_year == 2025)
('349902', '东湖区', True)
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from ..enrolment import build_students
from ..generator import DEFAULT_SEED, populate
from ..layout import build_school_years
from ..specs import County, SchoolYearSpec
from ..staffing import IdMaker
from .layout import CITY, COUNTIES, CountyPlan, build_county_layout, town_names

__all__ = ["City", "county_summary", "generate_counties", "plan_city"]


@dataclass(frozen=True)
class City:
    """The city before its counties are generated: what ``generate_counties`` will produce."""

    seed: int
    code: str
    name: str
    slug: str
    current_year: int
    size: float
    counties: tuple[CountyPlan, ...]
    towns: tuple[tuple[str, ...], ...]  # per county, the two-character names of its towns
    school_years: tuple[SchoolYearSpec, ...]

    @property
    def reference_date(self) -> dt.date:
        return dt.date(self.current_year, 9, 1)


def _rng(seed: int, stage: str) -> random.Random:
    return random.Random(f"{seed}:{stage}")


def plan_city(seed: int = DEFAULT_SEED, *, current_year: int = 2025, counties: int | None = None,
              size: float = 1.0) -> City:
    """The demo city as of 1 September of ``current_year``.

    Args:
        seed: the same seed (and arguments) always gives the same city.
        counties: how many of the eleven counties (the first ones; default all).
        size: scales the towns of every county and the classes per grade of the bigger schools; 1.0 is the
            full city (about 2,000 schools, 60,000 staff, 700,000 pupils), 0.05 a small one for tests.
    """
    plans = COUNTIES[:counties] if counties else COUNTIES
    n_towns = [max(1, round(p.towns * size)) for p in plans]
    names = town_names(_rng(seed, "towns"), sum(n_towns))
    towns, start = [], 0
    for n in n_towns:
        towns.append(tuple(names[start:start + n]))
        start += n
    return City(seed=seed, code=CITY["code"], name=CITY["name"], slug=CITY["slug"], current_year=current_year,
                size=size, counties=tuple(plans), towns=tuple(towns),
                school_years=tuple(build_school_years(current_year)))


def generate_counties(city: City) -> Iterator[County]:
    """Each county of ``city`` in turn, with a pupil on the roll for every seat of this year's classes."""
    ref = city.reference_date
    years = [city.current_year - 2, city.current_year - 1, city.current_year]
    ids = IdMaker(_rng(city.seed, "ids"))
    scale = min(1.0, city.size)
    for plan, towns in zip(city.counties, city.towns, strict=True):
        def stream(stage: str, slug: str = plan.slug) -> random.Random:
            return _rng(city.seed, f"{slug}:{stage}")

        layout = build_county_layout(stream("layout"), plan, list(towns), city.current_year)
        schools, staff, classes, facts = populate(layout["schools"], years, ref, ids, stream, scale=scale)
        students = build_students(schools, classes, city.current_year, plan.code, ids, stream("students"))
        flagship = next((s for s in schools if s.profile == "flagship_primary"), schools[0])
        zones = [z.name for z in layout["zones"]]
        yield County(
            seed=city.seed, region_code=plan.code, region_name=plan.name, reference_date=ref,
            zones=tuple(layout["zones"]), departments=tuple(layout["departments"]),
            school_years=tuple(layout["school_years"]), schools=tuple(schools), campuses=tuple(layout["campuses"]),
            groups=tuple(layout["groups"]), pairings=tuple(layout["pairings"]), staff=staff, classes=tuple(classes),
            students=tuple(students), facts=tuple(facts), showcase_school=flagship.code,
            inspector_zone=zones[-1] if len(zones) > 1 else zones[0],
        )


def county_summary(county: County) -> dict[str, int]:
    """Row counts of a generated county, for progress lines and tests."""
    return {"schools": len(county.schools), "staff": len(county.staff),
            "postings": sum(len(s.postings) for s in county.staff), "classes": len(county.classes),
            "students": len(county.students), "facts": len(county.facts)}


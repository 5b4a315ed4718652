"""The construction projects as planned supply for the balance module (issue 15: "seats added and areas flow, at
their completion date, into what the balance and enrolment modules count as planned supply").

Enrolment sees the seats through ``SeatChange`` (``services.sync_seats``); the balance page asks this function for
the projects delivered in a year and what each adds (``engine.project_supply``). Like the balance facts, the answer
covers every school of the county: the county's figures are computed over all of them, and the page names only the
schools its reader may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from .engine import Supply, delivered_in, project_supply

__all__ = ["PlannedSupply", "YearSupply", "planned_supply"]


@dataclass(frozen=True)
class PlannedSupply:
    """One project at a registered school, delivered in the year, and what it adds."""

    code: str
    school: str
    number: str
    name: str
    delivered: dt.date
    supply: Supply


@dataclass(frozen=True)
class YearSupply:
    year: int
    projects: list[PlannedSupply]
    new_schools: int  # projects of schools not yet in the registry (新建学校): counted once the school has facts


def planned_supply(year: int, region=None) -> YearSupply:
    """The projects whose 交付 stage — its actual date, else its planned date — falls in calendar ``year``, in
    ``region`` (a county) or the whole instance; one query whatever the number of projects."""
    from .models import Stage

    in_year = Q(actual__year=year) | Q(actual__isnull=True, planned__year=year)
    stages = Stage.objects.filter(in_year, step=Stage.Step.DELIVERED).select_related("project__school")
    if region is not None:
        stages = stages.filter(Q(project__school__region=region) | Q(project__school=None, project__region=region))
    projects, new_schools = [], 0
    for stage in stages.order_by("project__number"):
        project = stage.project
        if not delivered_in(stage.planned, stage.actual, year):
            continue
        if project.school_id is None:
            new_schools += 1
            continue
        projects.append(PlannedSupply(
            code=project.school.code, school=project.school.name, number=project.number, name=project.name,
            delivered=stage.actual or stage.planned,
            supply=project_supply(project.kind, project.level, float(project.area), project.classrooms,
                                  project.seats)))
    return YearSupply(year, projects, new_schools)

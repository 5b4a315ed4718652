"""Shared steps: a visit at a school with one finding, and its notice."""

import datetime as dt

from edubureau.inspection.models import Finding, Visit
from edubureau.inspection.services import issue_notice


def visit_with_finding(world, school, *, day=None, category="food", description="食品留样不足"):
    day = day or world["today"]
    visit = Visit.objects.create(day=day, kind="routine")
    visit.schools.set([school])
    visit.inspectors.set([world["i1"] if school != world["b"] else world["i2"]])
    finding = Finding.objects.create(visit=visit, school=school, category=category, description=description,
                                     found_on=day)
    return visit, finding


def notice_for(world, school, *, due_in=7, issued_on=None, **kw):
    _visit, finding = visit_with_finding(world, school, **kw)
    user = world["u1"] if school != world["b"] else world["u2"]
    issued_on = issued_on or world["today"]
    return issue_notice([finding], due=issued_on + dt.timedelta(days=due_in), user=user, issued_on=issued_on)

"""What the inspection pages, the API and the demo share: terms, planner input, visits, notices, figures.

The computations live in the pure engines (``engine.planner``, ``engine.zoning``, ``engine.stats``); here the
database rows become their inputs and their answers become rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from edubureau.core.figures_cache import cached_figures, register_figures
from edubureau.core.followup import open_followup
from edubureau.core.followup_engine import State
from edubureau.core.models import FollowUp
from edubureau.core.roles import Role
from edubureau.core.scope import scope_for
from edubureau.org.models import School, SchoolFacts, Term

from .engine import planner as planner_engine
from .engine import stats
from .engine.zoning import ZoneSite
from .models import (
    BlockedDay,
    Finding,
    Inspector,
    PlannedVisit,
    QuotaRule,
    Rectification,
    ResponsibilityZone,
    Visit,
)

MODULE = "inspection"
KIND = "rectification"


# ---- terms and scope -----------------------------------------------------------------------------------------


def current_term(today: dt.date | None = None) -> Term | None:
    """The term containing ``today``; else the latest one begun; else the first one."""
    today = today or timezone.localdate()
    terms = Term.objects.select_related("school_year")
    return (terms.filter(start__lte=today, end__gte=today).first()
            or terms.filter(start__lte=today).order_by("-start").first()
            or terms.order_by("start").first())


def inspector_of(user) -> Inspector | None:
    return Inspector.objects.filter(user=user).first() if user.is_authenticated else None


def is_school(user) -> bool:
    return scope_for(user).role == Role.SCHOOL


def visits_visible_to(user):
    """Visits in scope; a school administrator sees findings and notices, not the visits (they name other schools)."""
    if is_school(user):
        return Visit.objects.none()
    return Visit.objects.visible_to(user)


def planned_visible_to(user):
    if is_school(user):
        return PlannedVisit.objects.none()
    return PlannedVisit.objects.visible_to(user)


def zones_visible_to(user):
    if is_school(user):
        return ResponsibilityZone.objects.none()
    return ResponsibilityZone.objects.visible_to(user)


def notices_visible_to(user):
    return (Rectification.objects.visible_to(user)
            .select_related("followup", "followup__school", "followup__issued_by"))


# ---- planner --------------------------------------------------------------------------------------------------


def _point(school: School):
    lat = float(school.latitude) if school.latitude is not None else None
    lon = float(school.longitude) if school.longitude is not None else None
    return lat, lon


def _reach(model, user):
    """The rows of ``model`` a planner run works on: the requesting user's (a county plans its own zones, issue 16),
    or all of them for a run with no user (the command line, the demo)."""
    return model.objects.all() if user is None else model.objects.visible_to(user)


def planner_input(term: Term, *, time_limit_s: float = 10.0, max_km_per_day: float | None = None,
                  seed: int = 0, user=None) -> planner_engine.PlannerInput:
    """The term's zones, quotas and blocked days as the planner's input (keys are primary keys as strings), of the
    zones ``user`` reaches (all of them without a user)."""
    zones = list(_reach(ResponsibilityZone, user).filter(term=term).prefetch_related("inspectors", "schools"))
    schools: dict[int, School] = {}
    by_inspector: dict[int, set[int]] = {}
    people: dict[int, Inspector] = {}
    for zone in zones:
        zone_schools = list(zone.schools.all())
        schools.update({s.pk: s for s in zone_schools})
        for person in zone.inspectors.all():
            people[person.pk] = person
            by_inspector.setdefault(person.pk, set()).update(s.pk for s in zone_schools)
    blocked = list(_reach(BlockedDay, user).filter(day__gte=term.start, day__lte=term.end))
    leave: dict[int, set[dt.date]] = {}
    for b in blocked:
        if b.reason == BlockedDay.Reason.LEAVE:
            leave.setdefault(b.inspector_id, set()).add(b.day)
    sites = tuple(planner_engine.Site(str(s.pk), *_point(s), name=s.name) for s in schools.values())
    inspectors = tuple(
        planner_engine.InspectorSpec(
            str(p.pk), tuple(str(k) for k in sorted(by_inspector[p.pk])), frozenset(leave.get(p.pk, ())),
            weekly_visits=p.weekly_visits if p.employment == Inspector.Employment.PART else None, name=p.name,
        )
        for p in sorted(people.values(), key=lambda p: p.pk)
    )
    quotas = tuple(
        planner_engine.Quota(q.kind, q.visits_per_inspector_per_week, q.schools_per_visit_min,
                             q.schools_per_visit_max, q.visits_per_school, q.per)
        for q in QuotaRule.objects.filter(active=True)
    )
    return planner_engine.PlannerInput(
        start=term.start, end=term.end, sites=sites, inspectors=inspectors, quotas=quotas,
        holidays=frozenset(b.day for b in blocked if b.reason == BlockedDay.Reason.HOLIDAY),
        exam_weeks=frozenset(b.day for b in blocked if b.reason == BlockedDay.Reason.EXAM_WEEK),
        max_km_per_day=max_km_per_day, time_limit_s=time_limit_s, seed=seed, num_workers=1,
    )


def visits_to_json(visits: Iterable[planner_engine.PlannedVisit]) -> list[list]:
    return [[v.inspector, v.day.isoformat(), v.kind, list(v.schools)] for v in visits]


def visits_from_json(rows: Sequence[Sequence]) -> list[planner_engine.PlannedVisit]:
    return [planner_engine.PlannedVisit(str(i), dt.date.fromisoformat(d), str(k), tuple(str(s) for s in schools))
            for i, d, k, schools in rows]


def default_from_day(term: Term, today: dt.date | None = None) -> dt.date:
    """Where a new plan starts by default: today in a running term (the past stays as planned), else its start."""
    today = today or timezone.localdate()
    return today if term.start <= today <= term.end else term.start


@transaction.atomic
def accept_plan(term: Term, visits: Sequence[planner_engine.PlannedVisit], *, from_day: dt.date | None = None,
                user=None) -> int:
    """Replace the term's planned visits from ``from_day`` on (default: today in a running term) that are not yet
    recorded with ``visits`` of those days — only those ``user`` reaches (another county's plan stays)."""
    from_day = from_day or default_from_day(term)
    _reach(PlannedVisit, user).filter(term=term, day__gte=from_day, visit__isnull=True).delete()
    inspectors = {str(p.pk): p for p in _reach(Inspector, user)}
    schools = {str(s.pk): s for s in _reach(School, user)}
    rows = []
    for v in visits:
        if v.day < from_day or v.inspector not in inspectors:
            continue
        planned = PlannedVisit.objects.create(term=term, inspector=inspectors[v.inspector], day=v.day, kind=v.kind)
        planned.schools.set([schools[k] for k in v.schools if k in schools])
        rows.append(planned)
    return len(rows)


def zoning_sites(schools: Iterable[School]) -> list[ZoneSite]:
    """Schools with coordinates and their latest number of students, for the zoning helper."""
    schools = list(schools)
    latest: dict[int, tuple[int, int]] = {}  # school → (year, students summed over its level parts)
    for fact in SchoolFacts.objects.filter(school__in=schools).select_related("school_year"):
        year = fact.school_year.start_year
        seen_year, count = latest.get(fact.school_id, (year, 0))
        if year > seen_year:
            latest[fact.school_id] = (year, fact.students)
        elif year == seen_year:
            latest[fact.school_id] = (year, count + fact.students)
    students = {pk: count for pk, (_year, count) in latest.items()}
    return [ZoneSite(str(s.pk), *_point(s), students=students.get(s.pk, 0)) for s in schools]


# ---- notices --------------------------------------------------------------------------------------------------


def notice_number(issued_on: dt.date) -> str:
    count = Rectification.objects.filter(followup__issued_on__year=issued_on.year).count() + 1
    return f"督整〔{issued_on.year}〕{count}号"


@transaction.atomic
def issue_notice(findings: Sequence[Finding], *, due: dt.date, user, detail: str = "",
                 issued_on: dt.date | None = None) -> Rectification:
    """下发整改通知 for findings of one school: the core FollowUp, owed by that school, and its link here."""
    schools = {f.school_id for f in findings}
    if len(schools) != 1:
        raise ValueError("a notice answers findings of exactly one school")
    school = findings[0].school
    issued_on = issued_on or timezone.localdate()
    labels = "、".join(dict.fromkeys(f.get_category_display() for f in findings))
    title = f"{school.name}：{labels}问题整改"
    text = detail or "\n".join(f"{n}. {f.description}" for n, f in enumerate(findings, 1))
    followup = open_followup(module=MODULE, kind=KIND, title=title[:200], due=due, issued_by=user, school=school,
                             detail=text, issued_on=issued_on)
    notice = Rectification.objects.create(followup=followup, number=notice_number(issued_on))
    notice.findings.set(findings)
    return notice


def open_notices(user, today: dt.date | None = None):
    """Open notices in the user's scope, overdue first, then by deadline."""
    today = today or timezone.localdate()
    ids = notices_visible_to(user).values("followup_id")
    # The rows link to their notice (``fu.rectification``): joined here, not fetched once per row (issue 16).
    return FollowUp.objects.filter(pk__in=ids).open().urgent_first(today).select_related("school", "rectification")


# ---- figures (engine.stats) -----------------------------------------------------------------------------------


@dataclass
class Figures:
    start: dt.date
    end: dt.date
    fulfilment: list
    weeks: list
    by_inspector: list
    findings_by_category: dict
    findings_by_zone: dict
    findings_by_school: dict
    on_time_rate: float | None
    repeats: list
    coverage: stats.Coverage
    coverage_by_zone: list
    points: list
    notices: dict
    overdue: list
    visits_done: int
    visits_missed: int
    visits_planned: int
    findings: int


def _figure_sources() -> tuple:
    """The tables :func:`figures` reads, many-to-many links included (a school added to a visit is a change)."""
    models = (ResponsibilityZone, PlannedVisit, Visit, Finding, Rectification, FollowUp, Inspector, QuotaRule, School,
              Term, BlockedDay)
    links = tuple(m2m.remote_field.through for model in models for m2m in model._meta.many_to_many
                  if model._meta.app_label == "inspection")
    return models + links


def figures(user, start: dt.date, end: dt.date, today: dt.date | None = None) -> Figures:
    """Everything the department view and the bulletin show for ``start``–``end``, within the user's scope.

    Kept in the cache per scope, period and day until a row they are read from changes (``core.figures_cache``,
    issue 16): the 督导统计 page otherwise recomputes a term of visits, findings and notices on every request.
    """
    today = today or timezone.localdate()
    return cached_figures("inspection", user, day=today, sources=_figure_sources(),
                          params={"start": start.isoformat(), "end": end.isoformat()})


def _cached_figures(user, day: dt.date, *, start: str, end: str) -> Figures:
    return _figures(user, dt.date.fromisoformat(start), dt.date.fromisoformat(end), day)


def _figures(user, start: dt.date, end: dt.date, today: dt.date) -> Figures:
    zones = list(zones_visible_to(user).filter(term__start__lte=end, term__end__gte=start)
                 .prefetch_related("schools", "inspectors"))
    zone_of: dict[int, str] = {}
    for zone in zones:
        for s in zone.schools.all():
            zone_of.setdefault(s.pk, zone.name)
    planned = list(planned_visible_to(user).filter(day__gte=start, day__lte=end)
                   .select_related("inspector").prefetch_related("schools"))
    visits = list(visits_visible_to(user).filter(day__gte=start, day__lte=end)
                  .prefetch_related("inspectors", "schools"))
    done = [v for v in visits if v.status == Visit.Status.DONE]
    planned_rows = [stats.VisitRow(p.inspector.name, p.day, tuple(s.name for s in p.schools.all()), p.kind)
                    for p in planned]
    done_rows = [stats.VisitRow(i.name, v.day, tuple(s.name for s in v.schools.all()), v.kind)
                 for v in done for i in v.inspectors.all()]
    people = {p.name: p for z in zones for p in z.inspectors.all()}
    routine = QuotaRule.objects.filter(kind="routine", active=True).first()
    weekly = routine.visits_per_inspector_per_week if routine else 0
    quota = {name: (p.weekly_visits if p.employment == Inspector.Employment.PART and p.weekly_visits is not None
                    else weekly) for name, p in people.items()}
    last = min(end, today)
    # Holiday and exam weeks (and an inspector's leave) are not missed weeks: the engine cuts each week's quota
    # to its working days (issue 17).
    # Holidays and exam weeks are county-wide rows (no inspector); leave only of the inspectors in view.
    blocked_days = list(BlockedDay.objects.filter(day__gte=start, day__lte=end).select_related("inspector"))
    in_view = {p.pk for p in people.values()}
    leave: dict[str, set[dt.date]] = {}
    for b in blocked_days:
        if b.reason == BlockedDay.Reason.LEAVE and b.inspector_id in in_view:
            leave.setdefault(b.inspector.name, set()).add(b.day)
    fulfilment = stats.quota_fulfilment(
        planned_rows, done_rows, quota, start=start, end=max(start, last), today=today,
        holidays=[b.day for b in blocked_days if b.reason == BlockedDay.Reason.HOLIDAY],
        exam_weeks=[b.day for b in blocked_days if b.reason == BlockedDay.Reason.EXAM_WEEK], blocked=leave)
    weeks = sorted({w.week for w in fulfilment})
    by_inspector = []
    for name in sorted({w.inspector for w in fulfilment}):
        rows = [w for w in fulfilment if w.inspector == name]
        cells = [{"week": w.week, "planned": w.planned, "done": w.done, "status": w.status} for w in rows]
        counted = [c for c in cells if c["status"] in ("met", "short")]
        by_inspector.append({
            "name": name, "planned": sum(w.planned for w in rows), "done": sum(w.done for w in rows),
            "weeks": len(counted), "met": sum(c["status"] == "met" for c in counted), "quota": quota.get(name, 0),
            "cells": cells,
        })
    findings = list(Finding.objects.visible_to(user).filter(found_on__gte=start, found_on__lte=end)
                    .select_related("school"))
    finding_rows = [stats.FindingRow(f.school.name, str(f.get_category_display()), f.found_on,
                                     zone_of.get(f.school_id, "—"), str(f.get_severity_display())) for f in findings]
    # The engine counts two findings of one category on one visit as one, not a repeat (issue 17).
    all_findings = [stats.FindingRow(f.school.name, str(f.get_category_display()), f.found_on)
                    for f in Finding.objects.visible_to(user).filter(found_on__lte=end).select_related("school")]
    repeats = stats.latest_repeats(all_findings, start, end)
    notices = list(notices_visible_to(user).filter(followup__issued_on__lte=end, followup__due__gte=start))
    notice_rows = [stats.NoticeRow(n.followup.due, n.followup.closed_on, n.followup.state == State.WITHDRAWN)
                   for n in notices]
    state_counts: dict[str, int] = {}
    for n in notices:
        state_counts[n.followup.get_state_display()] = state_counts.get(n.followup.get_state_display(), 0) + 1
    overdue = sorted((n for n in notices if n.followup.is_open and n.followup.due < today),
                     key=lambda n: n.followup.due)
    school_names = sorted({s.name for z in zones for s in z.schools.all()})
    visit_rows = [stats.VisitRow("", v.day, tuple(s.name for s in v.schools.all()), v.kind) for v in done]
    cover = stats.coverage(visit_rows, school_names, start, end)
    seen = {s for v in visit_rows for s in v.schools}
    points = [{"name": s.name, "zone": zone.name, "lon": float(s.longitude), "lat": float(s.latitude),
               "visited": s.name in seen}
              for zone in zones for s in zone.schools.all() if s.latitude is not None and s.longitude is not None]
    coverage_by_zone = []
    for zone in zones:
        names = [s.name for s in zone.schools.all()]
        c = stats.coverage(visit_rows, names, start, end)
        coverage_by_zone.append({"zone": zone.name, "visited": c.visited, "total": c.total, "share": c.share,
                                 "unvisited": c.unvisited})
    return Figures(
        start=start, end=end, fulfilment=fulfilment, weeks=weeks, by_inspector=by_inspector,
        findings_by_category=stats.count_findings(finding_rows, "category"),
        findings_by_zone=stats.count_findings(finding_rows, "zone"),
        findings_by_school=stats.count_findings(finding_rows, "school"),
        on_time_rate=stats.on_time_rectification_rate(notice_rows, today),
        repeats=repeats, coverage=cover, coverage_by_zone=coverage_by_zone, points=points, notices=state_counts,
        overdue=overdue,
        visits_done=len(done), visits_missed=len(visits) - len(done), visits_planned=len(planned),
        findings=len(findings),
    )


register_figures("inspection", _cached_figures)

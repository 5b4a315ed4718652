"""Enrolment write operations (issue 12): check the applications, decide flagged ones, publish a lottery's seed,
place the year's children, and turn the unplaced into follow-ups. The engines decide; these functions read the
rows the engines need, write back what they answered, and refuse in words a clerk can act on."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.followup import act, open_followup
from edubureau.core.followup_engine import Action, State
from edubureau.org.choices import Ownership
from edubureau.org.models import Department, School

from .engine import applications as rules_engine
from .engine.allocation import Candidate, allocate
from .engine.lottery import Applicant
from .models import (
    CLASS_SIZE,
    Application,
    EnrollmentSettings,
    Level,
    Lottery,
    PropertyUse,
    SeatChange,
    SeatPlan,
    UnitZone,
)

__all__ = ["CheckReport", "PlacementReport", "check_applications", "decide", "decide_appeal", "file_appeal",
           "has_open_appeal", "km_between", "place_children", "publish_seed", "school_levels", "seats_for", "zone_map",
           "zoned_units"]

KIND = "统筹安排"
RECHECKED = (Application.State.NEW, Application.State.FLAGGED, Application.State.CLEARED)
PLACEMENT_DAYS = 15  # a child without a seat is placed within this many days (follow-up deadline)


def school_levels(level: str):
    """The schools that admit at ``level`` (a 九年一贯制 school admits at both)."""
    part = "primary" if level == Level.PRIMARY else "junior"
    return [s for s in School.objects.filter(is_active=True, is_teaching_point=False).order_by("code")
            if part in s.level_parts]


def km_between(a, b) -> float:
    """Great-circle kilometres between two rows with ``latitude`` and ``longitude`` (0 when one has none)."""
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return 0.0
    la1, lo1, la2, lo2 = map(math.radians, (float(a.latitude), float(a.longitude), float(b.latitude),
                                            float(b.longitude)))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def zone_map(year: int, level: str) -> dict[str, set[str]]:
    """{unit code: school codes} of the year's zones at ``level``."""
    out: dict[str, set[str]] = defaultdict(set)
    for unit_code, school_code in UnitZone.schools.through.objects.filter(
            unitzone__year=year, unitzone__level=level).values_list("unitzone__unit__code", "school__code"):
        out[unit_code].add(school_code)
    return out


def zoned_units(year: int, level: str) -> dict[int, list[int]]:
    """{school id: ids of the units zoned to it} in ``year`` at ``level`` (a 多校划片 unit under each school)."""
    out: dict[int, list[int]] = defaultdict(list)
    for unit_id, school_id in UnitZone.schools.through.objects.filter(
            unitzone__year=year, unitzone__level=level).values_list("unitzone__unit_id", "school_id"):
        out[school_id].append(unit_id)
    return out


def seats_for(year: int, level: str) -> dict[int, int]:
    """{school id: first-year seats} in ``year``: the seat plan's classes × class size, with the changes up to then."""
    seats = {}
    plans = {p.school_id: p for p in SeatPlan.objects.filter(level=level)}
    extra = defaultdict(int)
    for change in SeatChange.objects.filter(level=level, year__lte=year):
        extra[change.school_id] += change.classes
    for school_id, plan in plans.items():
        seats[school_id] = max(plan.classes + extra[school_id], 0) * plan.class_size
    for school_id, classes in extra.items():
        if school_id not in plans:
            seats[school_id] = max(classes, 0) * CLASS_SIZE[Level(level)]
    return seats


# --- Checks ------------------------------------------------------------------------------------------------------


def _engine_application(app: Application) -> rules_engine.Application:
    prop = None
    if app.property_certificate:
        prop = rules_engine.Property(app.property_certificate, app.property_address, app.property_owner_id,
                                     app.property_purchased, app.property_unit.code if app.property_unit else "")
    guardians = tuple(g for g in (app.guardian_id, app.guardian2_id) if g)
    return rules_engine.Application(
        number=app.number, child_name=app.child_name, child_id=app.child_id, level=app.level, school=app.school.code,
        hukou_unit=app.hukou_unit.code if app.hukou_unit else "", guardians=guardians, property=prop,
        residence_permit_start=app.residence_permit_start, insurance_months=app.insurance_months,
        documents=frozenset(app.documents or ()))


def _past_uses(year: int, level: str) -> list[rules_engine.PropertyUse]:
    return [rules_engine.PropertyUse(u.certificate, u.level, u.year, u.child_id,
                                     tuple(g for g in u.guardian_ids.replace(",", "、").split("、") if g),
                                     u.application)
            for u in PropertyUse.objects.filter(level=level, year__lt=year)]


@dataclass
class CheckReport:
    checked: int = 0
    flagged: int = 0
    cleared: int = 0
    by_code: dict | None = None


@transaction.atomic
def check_applications(year: int, level: str, *, by=None) -> CheckReport:
    """Run the county's rules on every application of ``year`` and ``level`` not yet decided by a clerk.

    An application with no finding is 审核通过; one with findings is 待核实 with each reason kept. A clerk's decision
    (不符合条件, or 通过 with a note) and a placement are kept: those rows are not re-checked.
    """
    rules = EnrollmentSettings.current().rules()
    rows = list(Application.objects.filter(year=year, level=level).select_related(
        "school", "hukou_unit", "property_unit"))
    # Every application of the year takes part in the duplicate checks; only undecided ones get new findings.
    results = rules_engine.assess([_engine_application(a) for a in rows], zone_map(year, level), rules,
                                  _past_uses(year, level))
    report, by_code = CheckReport(), defaultdict(int)
    changed = []
    for app, result in zip(rows, results, strict=True):
        if app.state not in RECHECKED or (app.state == Application.State.CLEARED and app.checked_by_id):
            continue
        app.category = result.category or ""
        app.points = result.points
        app.points_lines = result.points_lines
        app.findings = [{"code": f.code, "reason": f.reason, "others": list(f.others)} for f in result.findings]
        app.state = Application.State.FLAGGED if result.findings else Application.State.CLEARED
        for finding in result.findings:
            by_code[finding.code] += 1
        report.checked += 1
        report.flagged += bool(result.findings)
        report.cleared += not result.findings
        changed.append(app)
    Application.objects.bulk_update(changed, ["category", "points", "points_lines", "findings", "state"],
                                    batch_size=500)
    report.by_code = dict(by_code)
    return report


@transaction.atomic
def decide(app: Application, *, accept: bool, note: str, category: str = "", by) -> Application:
    """A clerk's decision on a flagged application: 通过 (the findings were checked and do not stand) or 不符合条件.

    A note is required either way: it is what the parent is told and what an appeal will read.
    """
    if app.state not in (Application.State.FLAGGED, Application.State.CLEARED, Application.State.NEW):
        raise ValidationError(_("该申请已{state}，不能再审核").format(state=app.get_state_display()))
    if not note.strip():
        raise ValidationError(_("请填写审核意见：告知家长的理由，申诉时以此为据"))
    if accept:
        if not (category or app.category):
            raise ValidationError(_("通过时须确定类别（本申请未符合任何一类条件）"))
        app.category = category or app.category
        app.state = Application.State.CLEARED
    else:
        app.state = Application.State.REFUSED
    app.clerk_note, app.checked_by = note.strip()[:200], by
    app.save(update_fields=["state", "category", "clerk_note", "checked_by", "updated"])
    return app


# --- Lottery and placement ---------------------------------------------------------------------------------------


def publish_seed(*, school: School, year: int, level: str, seed: str, source: str, seats: int, by) -> Lottery:
    """Publish a school's seed before its draw; once published it cannot change (that is what makes it fair)."""
    seed = seed.strip()
    if not seed:
        raise ValidationError(_("种子不能为空"))
    if Lottery.objects.filter(school=school, year=year, level=level).exists():
        raise ValidationError(_("{school}本年度{level}的种子已公布，不能更改").format(school=school, level=level))
    return Lottery.objects.create(school=school, year=year, level=level, seed=seed, seed_source=source.strip(),
                                  seats=seats, published=timezone.now())


@dataclass
class PlacementReport:
    admitted: int = 0
    reassigned: int = 0
    unplaced: int = 0
    drawn: list | None = None


def _enrollment_department(school: School):
    """The department running enrolment for the school's county (else any that runs it): owes the follow-up."""
    owners = [d for d in Department.objects.order_by("pk") if "enrollment" in (d.modules or [])]
    return next((d for d in owners if d.region_id == school.region_id), owners[0] if owners else None)


@transaction.atomic
def place_children(year: int, level: str, *, by) -> PlacementReport:
    """Place every 审核通过 child of ``year`` at ``level``: by category and 积分, by the published lottery where a
    school is oversubscribed, then 统筹 to the nearest school with a seat; the rest become follow-ups.

    Refused when an oversubscribed school has no published seed, or when the year was placed already.
    """
    if Application.objects.filter(year=year, level=level, state__in=(
            Application.State.ADMITTED, Application.State.REASSIGNED, Application.State.UNPLACED)).exists():
        raise ValidationError(_("{year}年{level}已完成录取，不能重复执行").format(year=year, level=level))
    pending = Application.objects.filter(year=year, level=level, state__in=(Application.State.NEW,
                                                                           Application.State.FLAGGED)).count()
    if pending:
        raise ValidationError(_("还有{count}份申请待审核或待核实，请先处理完毕").format(count=pending))
    apps = list(Application.objects.filter(year=year, level=level, state=Application.State.CLEARED)
                .select_related("school"))
    seats = seats_for(year, level)
    schools = {s.pk: s for s in school_levels(level)}
    demand = defaultdict(int)
    for app in apps:
        demand[app.school_id] += 1
    lotteries = {lot.school_id: lot for lot in Lottery.objects.filter(year=year, level=level)}
    short = [schools[sid].name for sid, n in demand.items()
             if sid in schools and n > seats.get(sid, 0) and sid not in lotteries]
    if short:
        raise ValidationError(_("以下学校申请人数超过学位数，须先公布摇号种子：{names}").format(names="、".join(short)))
    codes = {s.pk: s.code for s in schools.values()}
    # 统筹 offers public schools only, nearest first: a 民办 school charges fees and admits by its own lottery.
    public = [o for o in schools if schools[o].ownership == Ownership.PUBLIC]
    nearest = {sid: [codes[o] for o in sorted(public, key=lambda o: km_between(schools[sid], schools[o]))
                     if o != sid] for sid in schools}
    candidates = [Candidate(Applicant(a.number, a.child_name, a.child_id, a.category or "九类", a.points),
                            a.school.code, tuple(nearest.get(a.school_id, ()))) for a in apps]
    result = allocate(candidates, {codes[sid]: seats.get(sid, 0) for sid in schools},
                      {schools[sid].code: lot.seed for sid, lot in lotteries.items()})
    by_code = {s.code: s for s in schools.values()}
    report = PlacementReport(drawn=[])
    for app in apps:
        placed = result.placed.get(app.number)
        if placed is None:
            app.state, app.admitted_school = Application.State.UNPLACED, None
            report.unplaced += 1
        elif app.number in result.reassigned:
            app.state, app.admitted_school = Application.State.REASSIGNED, by_code[placed]
            report.reassigned += 1
        else:
            app.state, app.admitted_school = Application.State.ADMITTED, by_code[placed]
            report.admitted += 1
    Application.objects.bulk_update(apps, ["state", "admitted_school"], batch_size=500)
    now = timezone.now()
    for school_id, lottery in lotteries.items():
        code = codes.get(school_id)
        order = result.order.get(code, [])
        lottery.result = {"order": order, "admitted": order[: lottery.seats], "waiting": order[lottery.seats:]}
        lottery.drawn, lottery.drawn_by = now, by
        lottery.save(update_fields=["result", "drawn", "drawn_by", "updated"])
        report.drawn.append(lottery)
    _lock_properties(apps, year)
    _follow_unplaced([a for a in apps if a.state == Application.State.UNPLACED], by)
    return report


# --- Appeals (申诉) ------------------------------------------------------------------------------------------------

APPEALABLE = (Application.State.REFUSED, Application.State.REASSIGNED, Application.State.UNPLACED)
APPEAL_KIND = "招生申诉"
APPEAL_DAYS = 15  # a parent is answered within this many days (the follow-up's deadline; core reminds, escalates)


@transaction.atomic
def file_appeal(app: Application, *, reason: str, by, today: dt.date | None = None):
    """A parent's 申诉 against a refusal or a placement, recorded by the clerk: a follow-up owed by the enrolment
    department, answered by :func:`decide_appeal` (reminded and escalated by core like every follow-up)."""
    if app.state not in APPEALABLE:
        raise ValidationError(_("只有“不符合条件”“统筹安排”“待安排”的申请可以申诉"))
    if has_open_appeal(app):
        raise ValidationError(_("该申请已有在办的申诉"))
    if not reason.strip():
        raise ValidationError(_("请写明家长申诉的理由"))
    today = today or timezone.localdate()
    app.appeal = open_followup(
        module="enrollment", kind=APPEAL_KIND, title=_("招生申诉：申请编号{number}").format(number=app.number),
        detail=reason.strip()[:500], department=_enrollment_department(app.school), issued_by=by, issued_on=today,
        due=today + dt.timedelta(days=APPEAL_DAYS))
    app.save(update_fields=["appeal", "updated"])
    return app.appeal


@transaction.atomic
def decide_appeal(app: Application, *, upheld: bool, note: str, by, category: str = "") -> Application:
    """Answer the appeal and close it: 申诉成立 makes a refused child 审核通过 (before placement) or 待安排 with a
    placement follow-up (after it); 维持原结论 changes nothing. The note is what the parent is told."""
    if not has_open_appeal(app):
        raise ValidationError(_("该申请没有在办的申诉"))
    if not note.strip():
        raise ValidationError(_("请填写答复意见"))
    verdict = _("申诉成立") if upheld else _("维持原结论")
    act(app.appeal, Action.RESPOND, by, note=f"{verdict}：{note.strip()}", measures=note.strip())
    act(app.appeal, Action.VERIFY, by, note=verdict)
    if upheld and app.state == Application.State.REFUSED:
        placed = Application.objects.filter(year=app.year, level=app.level, state__in=(
            Application.State.ADMITTED, Application.State.REASSIGNED)).exists()
        app.category = category or app.category
        if not app.category:
            raise ValidationError(_("申诉成立时须确定类别"))
        app.state = Application.State.UNPLACED if placed else Application.State.CLEARED
        app.clerk_note = _("申诉成立：{note}").format(note=note.strip())[:200]
        app.save(update_fields=["state", "category", "clerk_note", "updated"])
        if placed:
            _follow_unplaced([app], by)
    elif upheld:  # placed, but the placement does not stand: placed again by hand, on a follow-up
        _follow_unplaced([app], by)
    return app


def has_open_appeal(app: Application) -> bool:
    return app.appeal_id is not None and app.appeal.state not in (State.CLOSED, State.WITHDRAWN)


def _lock_properties(apps: list[Application], year: int) -> None:
    PropertyUse.objects.bulk_create([
        PropertyUse(region_id=a.school.region_id, certificate=a.property_certificate, level=a.level, year=year,
                    child_id=a.child_id, guardian_ids="、".join(g for g in (a.guardian_id, a.guardian2_id) if g),
                    application=a.number)
        for a in apps if a.property_certificate and a.admitted_school_id])


def _follow_unplaced(apps: list[Application], by) -> None:
    today = timezone.localdate()
    for app in apps:
        department = _enrollment_department(app.school)
        title = _("统筹安排：申请编号{number}（{level}）未获学位").format(number=app.number, level=app.level)
        detail = _("申请{school}未录取，其余学校也无空余学位。请在期限内统筹安排学位并告知家长。").format(
            school=app.school.name)
        app.followup = open_followup(module="enrollment", kind=KIND, title=title, detail=detail,
                                     department=department, issued_by=by, issued_on=today,
                                     due=today + dt.timedelta(days=PLACEMENT_DAYS))
        app.save(update_fields=["followup", "updated"])

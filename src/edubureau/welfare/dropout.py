"""控辍保学: the risk list read off the county's data, and each 劝返 case (一人一案) on a follow-up owed by the school.

The engine (``engine.dropout``) lists the risks and runs a case's steps; here the data is gathered (the 户籍 file,
the rolls, the schools' absence records, pending transfers and 休学) and each step is written with who took it.
The daily scan opens a case for each new risk; the follow-up's deadline and escalation are core's, so a case left
unanswered climbs to the leaders like any other overdue item.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.followup import act, can_act, open_followup
from edubureau.core.followup_engine import Action
from edubureau.org.models import School, Term
from edubureau.people.choices import ON_ROLL, RollStatus
from edubureau.people.models import Student
from edubureau.staffing.leave import county_calendar

from .engine.dropout import STEPS, Case, CaseRefused, Risk, dropout_rates, risks
from .models import DropoutCase, DropoutEntry, HouseholdChild, PupilAbsence, RollChange, WelfareSettings

__all__ = ["KIND", "RiskRow", "add_attempt", "county_rates", "current_risks", "open_case",
           "scan_dropout_risks", "take_step"]

KIND = "dropout"
# The national lines drawn on the rates: 《普及义务教育评估验收暂行办法》(国家教委 1994) 小学在校生年辍学率 1%、
# 初中 3%. From memory of the text, not from the spec ([K]); the 2024 控辍保学 notice sets no rate, it wants 动态清零.
DROPOUT_LIMITS = {"小学": 0.01, "初中": 0.03}
CLOSING_STEPS = ("复学", "销号")


@dataclass(frozen=True)
class RiskRow:
    """A risk with what a page needs to show it and to open a case on it."""

    key: str  # "s<student pk>" or "h<household pk>"
    kind: str
    reason: str
    name: str
    school: School | None
    student: Student | None
    household: HouseholdChild | None
    case: DropoutCase | None  # the open case already on it


def _school_days(today: dt.date) -> list[dt.date]:
    term = Term.objects.filter(start__lte=today, end__gte=today).first()
    start = term.start if term else today - dt.timedelta(days=60)
    return list(county_calendar().days(start, today))


def _township_school(township: str) -> School | None:
    """The school answering for a township's out-of-school child: its 中心小学 (or another primary school there)."""
    if not township:
        return None
    # 大坪镇 → 大坪镇中心小学; 城关镇 → 城关第一小学 (town schools drop the 镇).
    for prefix in dict.fromkeys((township, township.rstrip("镇乡街道"))):
        schools = list(School.objects.filter(name__startswith=prefix, is_active=True, kind__in=(
            "primary", "nine_year")).order_by("is_teaching_point", "name"))
        if schools:
            return next((s for s in schools if "中心" in s.name), schools[0])
    return None


def current_risks(students, households, *, today: dt.date | None = None) -> list[RiskRow]:
    """The engine's risk list over ``students`` (a scoped queryset) and ``households`` (the 户籍 file)."""
    today = today or timezone.localdate()
    setting = WelfareSettings.current()
    household = {h.id_number: h for h in households}
    on_roll = set(Student.objects.filter(status__in=ON_ROLL, id_number__in=list(household))
                  .values_list("id_number", flat=True))
    # A closed case settles what was known when it closed: absences count again only after it, other risks of
    # the same kind not at all (a 销号 送教上门 child stays on 休学).
    closed_on, closed_kinds = {}, set()
    for student_id, household_id, risk, day in DropoutCase.objects.filter(state__in=CLOSING_STEPS).values_list(
            "student_id", "household_id", "risk", "closed_on"):
        key = f"s{student_id}" if student_id else f"h{household_id}"
        closed_kinds.add((key, risk))
        if day and (key not in closed_on or day > closed_on[key]):
            closed_on[key] = day
    absences: dict[str, list[dt.date]] = {}
    since = today - dt.timedelta(days=60)
    for student_id, day in PupilAbsence.objects.filter(student__in=students, day__gte=since).values_list(
            "student_id", "day"):
        if day > closed_on.get(f"s{student_id}", dt.date.min):
            absences.setdefault(str(student_id), []).append(day)
    waiting = RollChange.objects.filter(student__in=students, state=RollChange.State.PENDING,
                                        day__lte=today - dt.timedelta(days=setting.transfer_wait_days))
    transfers_out = {str(c.student_id): "" for c in waiting}
    transfers_out |= {str(c.student_id): c.destination for c in RollChange.objects.filter(
        student__in=students, kind=RollChange.Kind.OUT, state=RollChange.State.DONE, destination="")}
    suspensions = {}
    for change in RollChange.objects.filter(student__in=students.filter(status=RollStatus.SUSPENDED),
                                            kind=RollChange.Kind.SUSPEND, state=RollChange.State.DONE):
        suspensions[str(change.student_id)] = max(suspensions.get(str(change.student_id)) or change.until,
                                                  change.until)
    found = risks(household={k: h.birth_date for k, h in household.items()}, on_roll=on_roll, absences=absences,
                  school_days=_school_days(today), transfers_out=transfers_out, suspensions=suspensions,
                  today=today, rules=setting.dropout_rules())
    open_cases = {}
    for case in DropoutCase.objects.exclude(state__in=CLOSING_STEPS).only("pk", "student_id", "household_id",
                                                                           "state", "name", "risk"):
        open_cases[f"s{case.student_id}" if case.student_id else f"h{case.household_id}"] = case
    named = {int(r.child) for r in found if r.kind != "适龄未入学"}  # only the pupils at risk are read
    by_pk = {str(s.pk): s for s in students.filter(pk__in=named).select_related("school")}
    rows = [_row(risk, by_pk, household, open_cases) for risk in found]
    return [r for r in rows if r is not None and (r.kind == "疑似辍学" or (r.key, r.kind) not in closed_kinds)]


def _row(risk: Risk, by_pk, household, open_cases) -> RiskRow | None:
    if risk.kind == "适龄未入学":
        child = household.get(risk.child)
        if child is None:
            return None
        key = f"h{child.pk}"
        return RiskRow(key, risk.kind, risk.reason, child.name, _township_school(child.township), None, child,
                       open_cases.get(key))
    student = by_pk.get(risk.child)
    if student is None:
        return None
    key = f"s{student.pk}"
    return RiskRow(key, risk.kind, risk.reason, student.name, student.school, student, None, open_cases.get(key))


@transaction.atomic
def open_case(row: RiskRow, *, user=None, today: dt.date | None = None, school_head: str = "",
              township_head: str = "", bureau_head: str = "") -> DropoutCase:
    """Open the 劝返 case of a risk, with its follow-up owed by the responsible school."""
    today = today or timezone.localdate()
    answer_days = WelfareSettings.current().answer_days
    if row.case is not None:
        raise ValidationError(_("{name}已有在办的劝返事项。").format(name=row.name))
    if row.school is None:
        raise ValidationError(_("{name}所在乡镇没有可以负责的学校，请先在户籍名单中核对乡镇。").format(name=row.name))
    title = _("控辍保学：{name}（{kind}）").format(name=row.name, kind=row.kind)
    detail = _("{reason}。请学校会同乡镇核实情况，一人一案落实劝返，记录每次劝返，{days}日内复学或办理销号。").format(
        reason=row.reason, days=answer_days)
    followup = open_followup(module="welfare", kind=KIND, title=title, detail=detail, school=row.school,
                             issued_by=user, due=today + dt.timedelta(days=answer_days), issued_on=today)
    township = row.household.township if row.household else ""
    case = DropoutCase.objects.create(
        school=row.school, student=row.student, household=row.household, name=row.name, township=township,
        risk=row.kind, reason=row.reason[:200], school_head=school_head or row.school.principal or _("校长"),
        township_head=township_head, bureau_head=bureau_head, followup=followup)
    DropoutEntry.objects.create(case=case, day=today, step="疑似", text=row.reason[:300], actor=user)
    return case


def _engine_case(case: DropoutCase) -> Case:
    engine = Case(str(case.pk), case.reason, state=case.state)
    engine.attempts = [object() for _e in case.entries.filter(step="")]  # only their number matters to a step
    return engine


def take_step(case: DropoutCase, step: str, user, *, day: dt.date, note: str = "", closing: str = "") -> DropoutCase:
    """Move the case (核实, 辍学, 复学, 销号 …) as the engine allows; 复学 and 销号 answer the follow-up."""
    if step in CLOSING_STEPS and not can_act(user, case.followup, Action.RESPOND):
        raise PermissionDenied(_("复学或销号由责任学校办理，教育局在“限期办理事项”中核验。"))
    engine = _engine_case(case)
    try:
        engine.move(step, day, note=note, evidence=closing if step == "销号" else "")
    except CaseRefused as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        case.state = engine.state
        text = note.strip() or step
        if step == "销号":
            case.closing, text = closing, f"{closing}：{note.strip()}" if note.strip() else closing
        if step in CLOSING_STEPS:
            case.closed_on = day
        case.save()
        DropoutEntry.objects.create(case=case, day=day, step=step, text=text[:300], actor=user)
        if step in CLOSING_STEPS:
            act(case.followup, Action.RESPOND, user, measures=text, today=day)
    return case


def add_attempt(case: DropoutCase, user, *, day: dt.date, people: str, outcome: str) -> DropoutEntry:
    """Record one 劝返 attempt (a 辍学 case becomes 劝返中 with its first)."""
    engine = _engine_case(case)
    before = engine.state
    try:
        engine.attempt(day, people, outcome)
    except CaseRefused as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        if engine.state != before:
            case.state = engine.state
            case.save(update_fields=["state", "updated"])
            DropoutEntry.objects.create(case=case, day=day, step=engine.state, text=_("开始劝返"), actor=user)
        return DropoutEntry.objects.create(case=case, day=day, people=people.strip()[:100],
                                           text=outcome.strip()[:300], actor=user)


def next_steps(case: DropoutCase) -> tuple[str, ...]:
    return STEPS.get(case.state, ())


def scan_dropout_risks(today: dt.date | None = None) -> int:
    """The daily scan: a case for every risk that has none open; the number opened."""
    today = today or timezone.localdate()
    opened = 0
    for row in current_risks(Student.objects.all(), HouseholdChild.objects.all(), today=today):
        if row.case is None and row.school is not None:
            open_case(row, today=today)
            opened += 1
    return opened


def county_rates(students, cases, year_start: dt.date) -> dict[str, dict]:
    """年辍学率 per level this school year: cases confirmed as 辍学 (and not back) over the roll at the year's start."""
    level = {**{g: "小学" for g in range(1, 7)}, **{g: "初中" for g in range(7, 10)}}
    # On the roll at the year's start: everyone but those who left before it (counted in the database).
    left_before = RollChange.objects.filter(kind__in=(RollChange.Kind.OUT, RollChange.Kind.DEATH),
                                            state=RollChange.State.DONE, day__lt=year_start).values("student")
    enrolled = Counter()
    for grade, n in students.filter(grade__in=list(level)).exclude(pk__in=left_before).values_list(
            "grade").annotate(n=Count("pk")).values_list("grade", "n"):
        enrolled[level[grade]] += n
    dropped = Counter(level.get(case.student.grade) for case in cases.filter(
        student__isnull=False, state__in=("辍学", "劝返中")).select_related("student") if case.student.grade in level)
    rates = dropout_rates(enrolled, dropped)
    limits = DROPOUT_LIMITS
    return {lv: {"enrolled": enrolled.get(lv, 0), "dropped": dropped.get(lv, 0), "rate": rates.get(lv, 0.0),
                 "limit": limits[lv]} for lv in ("小学", "初中")}

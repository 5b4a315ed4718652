"""学籍变动: filing, confirming and withdrawing a change, decided by the roll engine (``people.roll_changes``).

Each call rebuilds the child's place in the engine from the pupil's row (school, class, 在读/休学) and any pending
transfer, hands the change to the engine, and writes back only what the engine answered. So the rules the engine's
property test proves (a child in exactly one school, or none once out; a 转学 moves only with both confirmations)
are the rules the pages follow, and a refusal reads as the engine words it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.roles import Role
from edubureau.core.scope import can_write, scope_for
from edubureau.org.choices import PART_GRADES
from edubureau.org.models import SchoolFacts, SchoolYear
from edubureau.people.choices import ON_ROLL, RollStatus
from edubureau.people.models import Student
from edubureau.people.roll_changes import Change, ChangeRefused, Roll

from .models import RollChange

__all__ = ["confirm_transfer", "file_change", "refresh_facts_students", "roll_counts_on", "sides_of",
           "withdraw_transfer"]

Kind, State = RollChange.Kind, RollChange.State
_STATUS_AFTER = {Kind.OUT: RollStatus.LEFT, Kind.DEATH: RollStatus.DECEASED, Kind.SUSPEND: RollStatus.SUSPENDED,
                 Kind.RESUME: RollStatus.ENROLLED, Kind.IN: RollStatus.ENROLLED}
NEW_PUPIL_DAYS = 30  # a pupil entered in the register this recently may have the 转入 recorded
_ENGINE_KIND = {Kind.TRANSFER: "转学", Kind.OUT: "转出", Kind.IN: "转入", Kind.SUSPEND: "休学", Kind.RESUME: "复学",
                Kind.DEATH: "死亡"}


def _engine_roll(student: Student, day: dt.date, *, new_pupil: bool = False) -> Roll:
    """The engine's roll holding this one child as the database has them, seeded on the last change's day."""
    roll = Roll()
    child = str(student.pk)
    last = student.roll_changes.filter(state=State.DONE).order_by("-day").values_list("day", flat=True).first()
    seeded_on = min(last or student.enrolled or day, day)
    if student.status in ON_ROLL and not new_pupil:
        roll.apply(Change(child, "入学", seeded_on, school=str(student.school_id), grade=student.grade,
                          klass=str(student.school_class_id or "")))
        if student.status == RollStatus.SUSPENDED:
            roll.apply(Change(child, "休学", seeded_on))
    if last and last > day:
        raise ChangeRefused(_("{day}早于该生最近一次学籍变动（{last}），请按时间顺序办理").format(day=day, last=last))
    pending = student.roll_changes.filter(state=State.PENDING).first()
    if pending is not None:
        roll.apply(Change(child, "转学", max(pending.day, seeded_on), school=str(pending.to_school_id)))
    return roll


def sides_of(user, change: RollChange) -> set[str]:
    """Which side(s) of a 转学 ``user`` confirms for: "out" for the sending school, "in" for the receiving one; the
    bureau's 学籍 office (a department owning the module) may confirm for either when a school cannot."""
    scope = scope_for(user)
    if scope.superuser or (scope.role == Role.DEPARTMENT and "welfare" in scope.write_modules):
        return {"out", "in"}
    if scope.role != Role.SCHOOL or not scope.school_ids:
        return set()
    return {side for side, school in (("out", change.school_id), ("in", change.to_school_id))
            if school in scope.school_ids}


def _refused(exc: ChangeRefused) -> ValidationError:
    return ValidationError(str(exc))


def file_change(*, user, student: Student, kind: str, day: dt.date, reason: str, to_school=None,
                destination: str = "", until: dt.date | None = None, document=None) -> RollChange:
    """File a change of ``student``; a 转学 waits for the other school, every other kind takes effect now.

    Raises:
        PermissionDenied: the user may not file changes for this pupil's school.
        ValidationError: the engine refused the change, or a field the kind needs is missing.
    """
    kind = Kind(kind)
    school = student.school
    change = RollChange(student=student, school=school, kind=kind, day=day, reason=reason.strip(),
                        to_school=to_school if kind == Kind.TRANSFER else None, destination=destination.strip(),
                        until=until if kind == Kind.SUSPEND else None, filed_by=user)
    if document:
        change.document = document
    # A 转学 belongs to both schools: either may file it (the sending school, or the receiving one for a pupil who
    # turned up there), so the check is on one side, not on a row touching another school.
    sides = [RollChange(school=school)]
    if kind == Kind.TRANSFER and to_school is not None:
        sides.append(RollChange(school=to_school))
    if not any(can_write(user, side) for side in sides):
        raise PermissionDenied(_("只能为本校学生办理学籍变动。"))
    if kind == Kind.TRANSFER and to_school is None:
        raise ValidationError({"to_school": _("县内转学须选择接收学校。")})
    if kind == Kind.OUT and not change.destination:
        raise ValidationError({"destination": _("转出县外须写明接收学校，否则列为控辍保学风险。")})
    if kind == Kind.SUSPEND and until is None:
        raise ValidationError({"until": _("休学须写明休学至何时。")})
    if kind == Kind.SUSPEND and until <= day:
        raise ValidationError({"until": _("休学截止日期应晚于变动日期。")})
    with transaction.atomic():
        student = Student.objects.select_for_update().get(pk=student.pk)
        # A 转入 is either a pupil back from outside the county, or one the school has just entered in the register
        # (registering them is the 转入; the change records when, why and on what papers). Any other pupil on the
        # roll is refused by the engine: "该生已在…就读".
        just_registered = not student.roll_changes.exists() and student.created >= timezone.now() - dt.timedelta(
            days=NEW_PUPIL_DAYS)
        new_pupil = kind == Kind.IN and (student.status not in ON_ROLL or just_registered)
        try:
            roll = _engine_roll(student, day, new_pupil=new_pupil)
            roll.apply(Change(str(student.pk), _ENGINE_KIND[kind], day,
                              school=str(to_school.pk if kind == Kind.TRANSFER else school.pk),
                              grade=student.grade, reason=change.reason))
        except ChangeRefused as exc:
            raise _refused(exc) from None
        change.full_clean(exclude=["student", "school", "filed_by"])
        if kind == Kind.TRANSFER:
            change.state = State.PENDING
            sides = sides_of(user, change)
            # The school that files the 转学 has agreed to it: its side is confirmed by the filing itself.
            if sides == {"out"}:
                change.out_confirmed_on = day
            elif sides == {"in"}:
                change.in_confirmed_on = day
            change.save()
            return change
        change.state = State.DONE
        change.save()
        student.status = _STATUS_AFTER[kind]  # the engine took it: off the roll after 转出/死亡, on it otherwise
        student.save(update_fields=["status", "updated"])
        refresh_facts_students({school.pk})
    return change


def refresh_facts_students(school_ids) -> int:
    """This year's 在校生数 of the schools' facts follows their roll (issue 13): pupils 在读 in the part's grades.

    Only schools that keep a roll (pupils or changes on record) are touched; others keep the figures they entered.
    Returns the number of facts rows changed."""
    year = SchoolYear.objects.filter(is_current=True).first()
    if year is None:
        return 0
    counts = Counter(Student.objects.filter(school__in=school_ids, status=RollStatus.ENROLLED).values_list(
        "school_id", "grade"))
    # A school keeps a roll when it has pupils on record or 学籍 changes (its last pupil may just have left).
    keeping = set(Student.objects.filter(school__in=school_ids).values_list("school_id", flat=True))
    for pair in RollChange.objects.filter(Q(school__in=school_ids) | Q(to_school__in=school_ids)).values_list(
            "school_id", "to_school_id"):
        keeping |= set(pair) & set(school_ids)
    changed = []
    for facts in SchoolFacts.objects.filter(school__in=keeping, school_year=year):
        n = sum(counts.get((facts.school_id, g), 0) for g in PART_GRADES.get(facts.level_part, ()))
        if facts.students != n:
            facts.students = n
            changed.append(facts)
    SchoolFacts.objects.bulk_update(changed, ["students"])
    return len(changed)


def confirm_transfer(change: RollChange, user, *, day: dt.date | None = None) -> RollChange:
    """The user's school confirms a pending 转学; with both sides the pupil moves to the receiving school."""
    day = day or timezone.localdate()
    sides = sides_of(user, change)
    if not sides:
        raise PermissionDenied(_("只有转出学校和接收学校可以确认转学。"))
    with transaction.atomic():
        change = RollChange.objects.select_for_update().get(pk=change.pk)
        if change.state != State.PENDING:
            raise ValidationError(_("该转学已{state}，不需确认。").format(state=change.state))
        student = Student.objects.select_for_update().get(pk=change.student_id)
        try:
            roll = _engine_roll(student, change.day)
            child = str(student.pk)
            if change.out_confirmed_on:
                roll.confirm(child, change.out_confirmed_on, side="out")
            if change.in_confirmed_on:
                roll.confirm(child, change.in_confirmed_on, side="in")
            place = None
            for side in sorted(sides):
                if getattr(change, f"{side}_confirmed_on") is None:
                    setattr(change, f"{side}_confirmed_on", day)
                    place = roll.confirm(child, day, side=side)
        except ChangeRefused as exc:
            raise _refused(exc) from None
        if place is not None:
            # Both sides agreed: the child is now the receiving school's, in no class until it places them.
            change.state = State.DONE
            change.from_class_id = student.school_class_id
            student.school_id = int(place.school)
            student.school_class = None
            student.status = RollStatus.ENROLLED
            student.save(update_fields=["school", "school_class", "status", "updated"])
            refresh_facts_students({change.school_id, change.to_school_id})
        change.save()
    return change


def withdraw_transfer(change: RollChange, user, *, note: str = "") -> RollChange:
    """Either school declines a pending 转学 (or the bureau withdraws it): the pupil stays where they are."""
    if not sides_of(user, change):
        raise PermissionDenied(_("只有转出学校和接收学校可以撤回转学。"))
    with transaction.atomic():
        change = RollChange.objects.select_for_update().get(pk=change.pk)
        if change.state != State.PENDING:
            raise ValidationError(_("只有待确认的转学可以撤回。"))
        change.state = State.WITHDRAWN
        if note.strip():
            change.reason = f"{change.reason}（撤回：{note.strip()}）"[:200]
        change.save()
    return change


def roll_counts_on(students, day: dt.date, *, by_class: bool = False) -> Counter:
    """Pupils attending on ``day`` by (school id, grade) — or by (school id, grade, class id) — : today's roll with
    the effective changes after ``day`` undone (a 转学 returns the child to the sending school, a 转出 puts them
    back, a 转入 takes them off …). A pupil is counted in the class they are in now (a class is a school year's).

    Today's roll is counted in the database; only the pupils with a change after ``day`` are read and moved."""
    fields = ("school_id", "grade", "school_class_id") if by_class else ("school_id", "grade")
    counts = Counter({tuple(row[f] for f in fields): row["n"] for row in students.filter(
        status=RollStatus.ENROLLED).values(*fields).annotate(n=Count("pk"))})
    # A 转学 takes effect on the later of the two confirmations, not on the day it was asked.
    after = Q(day__gt=day) | Q(kind=Kind.TRANSFER, out_confirmed_on__gt=day) | Q(
        kind=Kind.TRANSFER, in_confirmed_on__gt=day)
    rows = list(RollChange.objects.filter(after, student__in=students, state=State.DONE).values(
        "pk", "student_id", "kind", "school_id", "day", "out_confirmed_on", "in_confirmed_on", "from_class_id"))
    for row in rows:
        row["effective"] = max(d for d in (row["day"], row["out_confirmed_on"], row["in_confirmed_on"]) if d)
    later = sorted((r for r in rows if r["effective"] > day), key=lambda r: (r["effective"], r["pk"]), reverse=True)
    place = {s["pk"]: [s["school_id"], s["grade"], s["status"], s["school_class_id"]] for s in students.filter(
        pk__in={r["student_id"] for r in later}).values("pk", "school_id", "grade", "status", "school_class_id")}

    def key(school, grade, klass):
        return (school, grade, klass) if by_class else (school, grade)

    for school, grade, status, klass in place.values():  # their part of today's count, recounted below
        if status == RollStatus.ENROLLED:
            counts[key(school, grade, klass)] -= 1
    for change in later:  # newest first: undo back to ``day``
        row = place[change["student_id"]]
        kind = change["kind"]
        if kind == Kind.TRANSFER:
            row[0], row[3] = change["school_id"], change["from_class_id"]  # back in the class they left
        elif kind in (Kind.OUT, Kind.DEATH):
            row[0], row[2] = change["school_id"], RollStatus.ENROLLED
        elif kind == Kind.IN:
            row[2] = RollStatus.LEFT
        elif kind == Kind.SUSPEND:
            row[2] = RollStatus.ENROLLED
        elif kind == Kind.RESUME:
            row[2] = RollStatus.SUSPENDED
    for school, grade, status, klass in place.values():
        if status == RollStatus.ENROLLED:
            counts[key(school, grade, klass)] += 1
    return +counts  # drop the zeros

"""交流轮岗 from the registry: the engine's input read from schools, staff and postings; the plan's way to postings.

The registry holds no home addresses, so travel is counted from the school of record to the receiving school. A
school lacks a subject (缺员学科) when its classes need more weekly periods of it than its teachers give (编制与缺员,
``establishment.subject_shortages``); a school whose classes are not entered falls back to a floor: a subject every
primary and junior school must teach and small schools most often lack (音体美, 科学, 信息技术, 英语, 心理健康) with no
teacher at all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.generic.display import cn_date
from edubureau.core.scope import can_write
from edubureau.org.models import EducationGroup, GroupMembership, Pairing, School
from edubureau.people.choices import PostingReason
from edubureau.people.models import Honour, Posting, Staff

from .engine.rotation import School as EngineSchool
from .engine.rotation import Teacher as EngineTeacher
from .engine.rotation import haversine_km
from .engine.rotation_plan import plan_rotation
from .models import RotationMove, RotationPlan, StaffingSettings
from .objections import pending_objections

__all__ = [
    "LOCALITY",
    "PUBLIC_DAYS",
    "advance",
    "annual_statistics",
    "build_plan",
    "engine_input",
    "locked_step",
    "public_notice_end",
    "rotation_year",
    "shortages_of",
    "subjects_without_teachers",
    "teachers_by_subject",
]

PUBLIC_DAYS = 5  # 公示 lasts five working days in most counties; the plan shows its end date
LOCALITY = {"urban": "城区", "town": "镇区", "rural": "乡村"}
BACKBONE_HONOURS = ("key_teacher", "subject_leader", "famous_teacher", "special_grade")


def rotation_year(today: dt.date) -> int:
    """The year a plan drawn up ``today`` is for: from September on, the 人事科 plans next autumn's moves."""
    return today.year + (1 if today.month >= 9 else 0)


REQUIRED_SUBJECTS = ("音乐", "体育", "美术", "科学", "信息技术", "英语", "心理健康")
COMPULSORY_KINDS = ("primary", "junior", "nine_year", "twelve_year", "complete_secondary")


def teachers_by_subject(schools) -> dict[int, dict[str, int]]:
    """{school: {subject: teachers}} of the active teachers who teach at each of ``schools`` now."""
    rows = (Staff.objects.filter(is_active=True, post_kind="teacher").with_current_school()
            .filter(current_school_id__in=schools.values("pk")).values_list("current_school_id", "subject"))
    out: dict[int, Counter] = defaultdict(Counter)
    for school_id, subject in rows:
        if subject:
            out[school_id][subject] += 1
    return out



def subjects_without_teachers(schools) -> dict[str, set[str]]:
    """For each compulsory-education school of ``schools``, the required subjects none of its teachers teaches."""
    taught = teachers_by_subject(schools)
    return {s.code: set(REQUIRED_SUBJECTS) - set(taught.get(s.pk, ())) for s in schools
            if s.kind in COMPULSORY_KINDS}


def shortages_of(schools) -> dict[str, set[str]]:
    """{school code: subjects short}: by hours where classes are entered, else the no-teacher floor."""
    from .establishment import subject_shortages  # establishment reads this module's LOCALITY: import here

    return subject_shortages(schools, floor=subjects_without_teachers(schools))


def _float(value) -> float | None:
    return None if value is None else float(value)


def engine_input(region, year: int, shortages: dict[str, set[str]] | None = None):
    """(schools by code, teachers, staff by 工号) of ``region``'s active public schools, as the engine reads them."""
    schools = School.objects.filter(region=region, is_active=True, kind__in=COMPULSORY_KINDS)
    if shortages is None:
        shortages = shortages_of(schools)
    weak = set(Pairing.objects.filter(supported_school__in=schools).values_list("supported_school__code", flat=True))
    groups = dict(EducationGroup.objects.filter(lead_school__in=schools).values_list("lead_school__code", "pk"))
    groups.update(GroupMembership.objects.filter(school__in=schools).values_list("school__code", "group_id"))
    engine_schools = {
        s.code: EngineSchool(s.code, s.name, s.get_kind_display(), LOCALITY.get(s.locality, "镇区"), s.code in weak,
                             _float(s.longitude), _float(s.latitude), frozenset(shortages.get(s.code, ())),
                             group=str(groups.get(s.code, "")))
        for s in schools}
    by_id = {s.pk: s for s in schools}
    reference = dt.date(year, 8, 31)
    backbone = set(Honour.objects.filter(kind__in=BACKBONE_HONOURS, awarded__lte=reference).exclude(
        expires__lt=reference).values_list("staff_id", flat=True))
    away = set(Posting.objects.filter(end__isnull=True).exclude(reason=PostingReason.REGULAR)
               .values_list("staff_id", flat=True))  # already on rotation, 支教 or 借调: not planned again
    postings = (Posting.objects.filter(end__isnull=True, reason=PostingReason.REGULAR, school__in=schools,
                                       staff__is_active=True, staff__post_kind="teacher")
                .exclude(staff_id__in=away).select_related("staff", "school"))
    teachers, staff = [], {}
    for posting in postings:
        person = posting.staff
        school = by_id[posting.school_id]
        number = str(person.pk)
        staff[number] = person
        principal = posting.position if posting.position in ("校长", "副校长") else ""
        teachers.append(EngineTeacher(
            number, person.name, "男" if person.sex == "M" else "女", person.birth_date, school.code,
            person.subject or "其他", posting.start, person.pk in backbone, principal,
            home_lon=_float(school.longitude), home_lat=_float(school.latitude)))
    return engine_schools, teachers, staff


@transaction.atomic
def build_plan(region, year: int, user, *, shortages=None, time_limit: float = 20.0) -> RotationPlan:
    """Plan ``region``'s rotation for ``year`` from the registry and keep it as a draft (a new one each time)."""
    plan = RotationPlan(region=region, year=year, created_by=user)
    if not can_write(user, plan):
        raise PermissionDenied(_("只有人事科可以编制交流轮岗方案。"))
    schools, teachers, staff = engine_input(region, year, shortages)
    result = plan_rotation(teachers, schools, StaffingSettings.current().rotation_rules(), year, time_limit=time_limit)
    best, baseline = result["plan"], result["baseline"]
    plan.figures = {"eligible": len(result["eligible"]), "required": result["quotas_required"],
                    "plan": best.figures(), "baseline": baseline.figures(), "teachers": len(teachers)}
    plan.ineligible = result["ineligible"]
    plan.save()
    by_code = {s.code: s for s in School.objects.filter(region=region)}
    RotationMove.objects.bulk_create([
        RotationMove(plan=plan, staff=staff[m.number], source=by_code[m.source], target=by_code[m.target],
                     subject=m.subject, backbone=m.number in best._backbone, fills_shortage=m.fills_shortage,
                     km=round(m.km, 2))
        for m in best.moves])
    return plan


def annual_statistics(plan: RotationPlan) -> list[tuple[str, float | int]]:
    """The year's figures the province asks for, from the plan's moves (an 异议 that withdrew a move takes it out)."""
    moves = list(plan.moves.filter(withdrawn=False).select_related("source", "target"))
    moved = len(moves)
    backbone = sum(1 for m in moves if m.backbone)
    eligible = plan.figures.get("eligible", 0)
    rows = [
        (_("符合交流条件人数"), eligible), (_("交流人数"), moved),
        (_("交流人数占符合条件人数比例"), moved / eligible if eligible else 0),
        (_("其中骨干教师人数"), backbone), (_("骨干教师占交流人数比例"), backbone / moved if moved else 0),
        (_("城区学校到乡村学校人数"), sum(1 for m in moves if m.source.locality == "urban"
                                       and m.target.locality == "rural")),
        (_("补充缺员学科人数"), sum(1 for m in moves if m.fills_shortage)),
        (_("派出学校数"), len({m.source_id for m in moves})), (_("接收学校数"), len({m.target_id for m in moves})),
    ]
    return rows


NEXT = {RotationPlan.Status.DRAFT: RotationPlan.Status.PUBLIC, RotationPlan.Status.PUBLIC: RotationPlan.Status.FINAL,
        RotationPlan.Status.FINAL: RotationPlan.Status.EXECUTED}


@transaction.atomic
def adjust_move(move: RotationMove, user, *, target: School | None = None, remove: bool = False) -> RotationMove | None:
    """The 人事科's edit of a draft plan: another receiving school (its distance and whether it fills a shortage
    recounted), or the move taken out. Only a draft changes; the plan's figures then say it was adjusted by hand."""
    move = RotationMove.objects.select_for_update().select_related("plan", "source", "staff").get(pk=move.pk)
    if not can_write(user, move.plan):
        raise PermissionDenied(_("只有人事科可以调整交流轮岗方案。"))
    if move.plan.status != RotationPlan.Status.DRAFT:
        raise ValidationError(_("方案已发布公示，不能再调整；公示期间请通过异议答复撤回。"))
    plan = move.plan
    if not remove:
        if target is None or target.pk == move.source_id or target.region_id != plan.region_id:
            raise ValidationError({"target": _("请选择本县另一所学校作为接收学校。")})
        if RotationMove.objects.filter(plan=plan, staff=move.staff).exclude(pk=move.pk).exists():
            raise ValidationError(_("该教师在方案中已有交流安排。"))
    plan.figures = {**plan.figures, "adjusted": True}
    plan.save(update_fields=["figures", "updated"])
    if remove:
        move.delete()
        return None
    short = shortages_of(School.objects.filter(pk=target.pk)).get(target.code, set())
    move.target, move.fills_shortage = target, move.subject in short
    move.km = round(haversine_km(_float(move.source.longitude), _float(move.source.latitude),
                                 _float(target.longitude), _float(target.latitude)) or 0.0, 2)
    move.save(update_fields=["target", "fills_shortage", "km", "updated"])
    return move


def public_notice_end(today: dt.date) -> dt.date:
    """The last day of a 公示 starting ``today``: five working days, a weekend between."""
    return today + dt.timedelta(days=PUBLIC_DAYS + 2)


def locked_step(obj, user, steps: dict, *, refused: str, finished: str, today: dt.date | None):
    """Lock ``obj`` (a rotation plan or promotion round) for its next step: (the row, its next status, today).

    Refused (PermissionDenied) to a user who may not write it, and (ValidationError) once it has no next step."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if not can_write(user, obj):
        raise PermissionDenied(refused)
    if obj.status not in steps:
        raise ValidationError(finished)
    return obj, steps[obj.status], today or timezone.localdate()


@transaction.atomic
def advance(plan: RotationPlan, user, *, today: dt.date | None = None) -> RotationPlan:
    """The plan's next step: 公示 (with its end date), 定稿, or 执行 (the postings are written)."""
    plan, step, today = locked_step(plan, user, NEXT, refused=_("只有人事科可以办理交流轮岗方案。"),
                                    finished=_("方案已执行，不能再变更。"), today=today)
    if step == RotationPlan.Status.PUBLIC:
        plan.public_until = public_notice_end(today)
    if step == RotationPlan.Status.FINAL and plan.public_until and today <= plan.public_until:
        raise ValidationError(_("公示期到{day}为止，公示期满后才能定稿。").format(day=cn_date(plan.public_until)))
    waiting = pending_objections(plan).count()
    if step == RotationPlan.Status.FINAL and waiting:
        raise ValidationError(_("还有{n}件异议未答复，答复后才能定稿。").format(n=waiting))
    if step == RotationPlan.Status.EXECUTED:
        _execute(plan, today)
    plan.status = step
    plan.save(update_fields=["status", "public_until", "executed_on", "updated"])
    return plan


def _execute(plan: RotationPlan, day: dt.date) -> None:
    """Open a 交流轮岗 posting at the receiving school from ``day`` for each mover.

    The school of record (the open 任职 posting) stays: during the rotation the teacher's 人事关系 remains with the
    sending school, as most provinces rule, and the teacher is counted where they teach (the newest open posting).
    """
    moves = list(plan.moves.filter(withdrawn=False).select_related("staff"))  # withdrawn on an 异议: not moved
    open_postings = defaultdict(list)
    for posting in Posting.objects.filter(staff__in=[m.staff_id for m in moves], end__isnull=True,
                                          reason=PostingReason.REGULAR):
        open_postings[posting.staff_id].append(posting)
    for move in moves:
        if [p.school_id for p in open_postings[move.staff_id]] != [move.source_id]:
            raise ValidationError(_("{name}的任职学校已变更，请重新编制方案。").format(name=move.staff.name))
        Posting.objects.create(staff=move.staff, school=move.target, start=day, reason=PostingReason.ROTATION,
                               note=_("{year}年度交流轮岗").format(year=plan.year))
    plan.executed_on = day

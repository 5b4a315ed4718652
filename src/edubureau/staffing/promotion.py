"""岗位等级晋升 from the registry: who is due for a one-level promotion this year, the engine's trail for each, the
ranking within each school's free posts, the 公示, and the approval that writes the new levels.

- The teachers are the active teachers of the county's schools with a 专业技术岗位等级 (``Staff.post_grade``).
- The current level is held since the newest 岗位聘任 at that level; with none, since the day work began (said so in
  the trail).
- A school's posts are its 核定编制 (编制与缺员), divided by the province's 岗位结构比例 by band (a setting:
  人事设置); a level's posts less those held at it are its free posts.
- 农村或薄弱学校任教经历 adds up the teacher's postings at 乡村 schools and at schools supported by a pairing.
- A running 师德 sanction vetoes; 继续教育 hours behind the cycle's pace fail the training rule.
- Only the teachers due (逐级 allows a level up and the years in the level are served) become candidates: the others
  are not up for promotion this year. A due candidate who fails a rule is kept as 不符合条件 with the failing rule.
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
from edubureau.org.models import Pairing, School
from edubureau.people.choices import PostingReason
from edubureau.people.models import Posting, Staff

from .engine.conduct_records import active_sanction
from .engine.post_promotion import PostStructure, TeacherPost, candidates, free_posts, rank_school
from .engine.training_hours import progress
from .establishment import county_report
from .models import Appraisal, ConductRecord, PostAppointment, PromotionCandidate, PromotionRound, StaffingSettings
from .services import locked_step, public_notice_end
from .training import records_of, training_rules

__all__ = ["advance_round", "build_round", "teacher_posts"]

HIGHEST_STAGE = {"senior": "高中", "complete_secondary": "高中", "twelve_year": "高中", "junior": "初中",
                 "nine_year": "初中"}


def _rural_years(staff_ids, today: dt.date) -> dict[int, float]:
    """Years each staff member served at 乡村 schools or schools supported by a pairing (薄弱), from their postings."""
    weak = set(Pairing.objects.values_list("supported_school_id", flat=True))
    rural = set(School.objects.filter(locality="rural").values_list("pk", flat=True))
    days: Counter = Counter()
    for staff_id, school_id, start, end in Posting.objects.filter(staff_id__in=staff_ids).values_list(
            "staff_id", "school_id", "start", "end"):
        if school_id in weak or school_id in rural:
            days[staff_id] += ((end or today) - start).days
    return {staff_id: round(n / 365.25, 1) for staff_id, n in days.items()}


def teacher_posts(schools, year: int, *, today: dt.date):
    """(TeacherPost per teacher, {工号: Staff}, {工号: school}, {工号: note on the level's start}) of ``schools``."""
    homes = dict(Posting.objects.filter(school__in=schools, end__isnull=True, reason=PostingReason.REGULAR,
                                        staff__is_active=True, staff__post_kind="teacher",
                                        staff__post_grade__isnull=False).values_list("staff_id", "school_id"))
    staff = {s.pk: s for s in Staff.objects.filter(pk__in=homes.keys())}
    since: dict[int, dt.date] = {}
    for staff_id, grade, day in PostAppointment.objects.filter(
            staff_id__in=homes.keys(), family=PostAppointment.Family.PROFESSIONAL).order_by("since").values_list(
            "staff_id", "grade", "since"):
        if grade == staff[staff_id].post_grade:
            since.setdefault(staff_id, day)  # the first appointment at the level now held (a renewal keeps it)
        else:
            since.pop(staff_id, None)  # another level came between
    appraisals = defaultdict(dict)
    for staff_id, y, result in Appraisal.objects.filter(staff_id__in=homes.keys()).values_list(
            "staff_id", "year", "result"):
        appraisals[staff_id][y] = result
    conduct = defaultdict(list)
    for record in ConductRecord.objects.filter(staff_id__in=homes.keys(), kind=ConductRecord.Kind.VIOLATION):
        conduct[record.staff_id].append(record.as_engine())
    training = records_of(homes.keys())
    rural, cycle = _rural_years(homes.keys(), today), training_rules()
    posts, notes = [], {}
    for staff_id, person in staff.items():
        start = since.get(staff_id)
        if start is None:
            start = person.work_start or today
            notes[str(staff_id)] = _("无该等级聘任记录，按参加工作时间{day}计").format(day=cn_date(start))
        service = today.year - person.work_start.year if person.work_start else 0
        behind = progress(str(staff_id), training.get(staff_id, ()), cycle, today=today).behind
        posts.append(TeacherPost(
            str(staff_id), person.name, str(homes[staff_id]), f"{person.get_title_display()}教师", person.post_grade,
            start, appraisals[staff_id], rural.get(staff_id, 0), service,
            sanctioned=active_sanction(conduct[staff_id], today) is not None, training_behind=behind))
    return posts, {str(k): v for k, v in staff.items()}, {str(k): v for k, v in homes.items()}, notes


def _structures(schools, setting: StaffingSettings) -> dict[int, PostStructure]:
    """Each school's posts: its 核定编制, divided by the shares of its highest stage."""
    report = county_report(schools)
    return {r.school.pk: PostStructure(max(r.gap.norm, r.gap.in_post),
                                       setting.structure_shares(HIGHEST_STAGE.get(r.school.kind, "小学")))
            for r in report["schools"]}


def _held(schools) -> dict[int, Counter]:
    held: dict[int, Counter] = defaultdict(Counter)
    for school_id, grade in Posting.objects.filter(
            school__in=schools, end__isnull=True, reason=PostingReason.REGULAR, staff__is_active=True,
            staff__post_grade__isnull=False).values_list("school_id", "staff__post_grade"):
        held[school_id][grade] += 1
    return held


def _due(candidate) -> bool:
    """Up for promotion this year: a level up is allowed and its years are served (the other rules may fail)."""
    rules = {rule.name: rule.passed for rule in candidate.trail}
    return rules.get("逐级晋升", False) and rules.get("任现岗位等级年限", False)


@transaction.atomic
def build_round(region, year: int, user, *, today: dt.date | None = None) -> PromotionRound:
    """The county's candidates for ``year`` with their trails and standings, kept as a draft (a new one each time)."""
    today = today or timezone.localdate()
    round_ = PromotionRound(region=region, year=year, created_by=user)
    if not can_write(user, round_):
        raise PermissionDenied(_("只有人事科可以组织岗位等级晋升。"))
    round_.save()
    schools = School.objects.filter(region=region, is_active=True)
    posts, staff, homes, notes = teacher_posts(schools, year, today=today)
    setting = StaffingSettings.current()
    due = [c for c in candidates(posts, setting.promotion_rules(), year) if _due(c)]
    structures, held = _structures(schools, setting), _held(schools)
    by_school = defaultdict(list)
    for c in due:
        by_school[int(homes[c.teacher.number])].append(c)
    rows = []
    for school_id, found in by_school.items():
        # A school without a 生师比 norm (幼儿园, 特殊教育, 中职) counts its staff with a level as its posts.
        structure = structures.get(school_id) or PostStructure(
            sum(held[school_id].values()), setting.structure_shares("小学"))
        free = free_posts(structure, held[school_id])
        round_.posts[str(school_id)] = {"posts": structure.total,
                                        "free": {str(level): n for level, n in free.items() if n}}
        ranked, seen = {}, Counter()
        for c in rank_school(found, free):  # ranked within the school for each target level (its free posts)
            seen[c.to_level] += 1
            ranked[id(c)] = seen[c.to_level]
        for c in found:
            trail = [{"rule": r.name, "passed": r.passed, "why": r.why} for r in c.trail]
            note = notes.get(c.teacher.number)
            if note:
                trail[1]["why"] += f"（{note}）"
            rows.append(PromotionCandidate(
                round=round_, staff=staff[c.teacher.number], school_id=school_id, from_grade=c.teacher.level,
                to_grade=c.to_level, standing=c.standing or PromotionCandidate.Standing.REFUSED,
                rank=ranked.get(id(c)), trail=trail))
    PromotionCandidate.objects.bulk_create(rows)
    round_.save(update_fields=["posts"])
    return round_


NEXT = {PromotionRound.Status.DRAFT: PromotionRound.Status.PUBLIC,
        PromotionRound.Status.PUBLIC: PromotionRound.Status.APPROVED}


@transaction.atomic
def advance_round(round_: PromotionRound, user, *, today: dt.date | None = None) -> PromotionRound:
    """公示 (five working days), then the approval: each 拟晋升 teacher's new level is written to the registry with a
    岗位聘任 of the day; a teacher whose level changed since the round was drawn up stops the approval."""
    round_, step, today = locked_step(round_, user, NEXT, refused=_("只有人事科可以办理岗位等级晋升。"),
                                      finished=_("该批次已批准，不能再变更。"), today=today)
    if step == PromotionRound.Status.PUBLIC:
        round_.public_until = public_notice_end(today)
    else:
        if round_.public_until and today <= round_.public_until:
            raise ValidationError(_("公示期到{day}为止，公示期满后才能批准。").format(day=cn_date(round_.public_until)))
        _approve(round_, today)
    round_.status = step
    round_.save(update_fields=["status", "public_until", "approved_on", "updated"])
    return round_


def _approve(round_: PromotionRound, day: dt.date) -> None:
    promoted = list(round_.candidates.filter(standing=PromotionCandidate.Standing.PROMOTED).select_related("staff"))
    for c in promoted:
        if c.staff.post_grade != c.from_grade:
            raise ValidationError(_("{name}的岗位等级已变为{grade}级，请重新生成晋升人选。").format(
                name=c.staff.name, grade=c.staff.post_grade))
    for c in promoted:
        c.staff.post_grade = c.to_grade
        c.staff.save(update_fields=["post_grade", "updated"])
        PostAppointment.objects.create(staff=c.staff, grade=c.to_grade, since=day,
                                       reason=PostAppointment.Reason.PROMOTED, promotion=round_)
    round_.approved_on = day

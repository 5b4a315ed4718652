"""The demo's careers story: 岗位聘任 and 年度考核 for every teacher, 继续教育 hours with some teachers behind, 师德
records with one running sanction that vetoes a promotion, this year's 岗位等级晋升 in its 公示, and a teacher's
login (jiaoshi) bound to a teacher of the demo school who is in the rotation's 公示.

Deterministic for a seed; dates are laid relative to today. Rows are written in bulk: the demo has thousands of
teachers, and the story is data, not a sequence of clerks' edits.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from edubureau.core.roles import Role
from edubureau.demo.accounts import demo_user
from edubureau.org.city import visible_counties
from edubureau.people.models import Staff

from . import leave, promotion
from .demo_support import demo_school_head, working_day
from .models import (
    Appraisal,
    ConductRecord,
    PostAppointment,
    PromotionCandidate,
    PromotionRound,
    RotationMove,
    TrainingRecord,
)
from .training import training_rules

TEACHER_LOGIN = "jiaoshi"
RESULTS = (("优秀", 15), ("良好", 25), ("合格", 57), ("基本合格", 3))
COURSES = (("国家", "国培计划·乡村教师能力提升"), ("省", "新课程标准解读省级培训"), ("市", "市级学科骨干研修"),
           ("县", "县级信息技术应用能力提升2.0"), ("校", "校本研修"))
VETO_FACT = "在校外培训机构有偿补课，经查属实，给予记过处分。"


def load_careers(renshi, today: dt.date, seed: int = 11) -> str | None:
    if PromotionRound.objects.exists():
        return None
    rng = random.Random(seed)
    counties = visible_counties(renshi)
    teachers = list(Staff.objects.filter(is_active=True, post_kind="teacher", postings__end__isnull=True,
                                         postings__school__region__in=counties).distinct().order_by("pk"))
    _appointments(teachers, today, rng)
    _appraisals(teachers, today, rng)
    behind = _training(teachers, today, rng)
    _honours(teachers, today, rng)
    rounds = [promotion.build_round(region, today.year, renshi, today=today) for region in counties]
    vetoed = _veto_one(rounds, today)
    if vetoed is not None:  # drawn up again, so the veto is in the trail, and put to its 公示
        PromotionRound.objects.filter(pk__in=[r.pk for r in rounds]).delete()
        rounds = [promotion.build_round(region, today.year, renshi, today=today) for region in counties]
    rounds = [promotion.advance_round(r, renshi, today=today) for r in rounds]
    promoted = PromotionCandidate.objects.filter(round__in=rounds, standing=PromotionCandidate.Standing.PROMOTED)
    login = _teacher_login(today)
    return (f"岗位晋升：{today.year}年度公示中，拟晋升{promoted.count()}人"
            f"{'，师德一票否决1人' if vetoed else ''}；继续教育学时落后{behind}人"
            f"{f'；教师账号{login}' if login else ''}")


def _appointments(teachers, today, rng) -> None:
    rows = []
    for t in teachers:
        if t.post_grade is None:
            continue
        held = rng.choice((1, 2, 3, 4, 5, 5, 6, 7, 8, 10))  # years at the current level
        since = dt.date(today.year - held, 9, 1)
        if t.work_start and since < t.work_start:
            since = t.work_start
        rows.append(PostAppointment(staff=t, grade=t.post_grade, since=since))
    PostAppointment.objects.bulk_create(rows)


def _appraisals(teachers, today, rng) -> None:
    results, weights = zip(*RESULTS, strict=True)
    Appraisal.objects.bulk_create([
        Appraisal(staff=t, year=year, result=rng.choices(results, weights)[0])
        for t in teachers for year in range(today.year - 3, today.year)])


def _training(teachers, today, rng) -> int:
    """Hours in each year of the cycle so far: most teachers keep pace (72 a year), about one in eight does not."""
    rows, behind = [], 0
    first = training_rules().cycle_start
    for t in teachers:
        slow = rng.random() < 0.12
        behind += slow
        for year in range(first, today.year + 1):
            level, course = rng.choice(COURSES)
            hours = rng.choice((8, 12, 16, 24)) if slow else rng.choice((60, 72, 80, 90))
            rows.append(TrainingRecord(staff=t, course=course, level=level, year=year, hours=Decimal(hours)))
    TrainingRecord.objects.bulk_create(rows)
    return behind


def _honours(teachers, today, rng) -> None:
    ConductRecord.objects.bulk_create([
        ConductRecord(staff=t, kind=ConductRecord.Kind.HONOUR, category="关心爱护学生",
                      day=today - dt.timedelta(days=rng.randint(60, 400)), source="县教育局表彰文件",
                      note="长期资助家庭困难学生，家访全覆盖")
        for t in rng.sample(teachers, min(3, len(teachers)))])


def _demo_school_id():
    head = demo_school_head()
    return head.profile.school_id if head else None


def _veto_one(rounds, today) -> Staff | None:
    """A 记过 under a month old on a teacher who would be promoted (at the demo school's when it has one)."""
    promoted = PromotionCandidate.objects.filter(round__in=rounds, standing=PromotionCandidate.Standing.PROMOTED)
    candidate = promoted.filter(school_id=_demo_school_id()).first() or promoted.order_by("pk").first()
    if candidate is None:
        return None
    ConductRecord.objects.create(staff=candidate.staff, kind=ConductRecord.Kind.VIOLATION, category="规范从教行为",
                                 day=today - dt.timedelta(days=40), sanction="记过", source="信访件 XF-2026-0117",
                                 note=VETO_FACT)
    return candidate.staff


def _teacher_login(today) -> str | None:
    """jiaoshi: a teacher of the demo school who is in the rotation's 公示, with a closed leave of last month."""
    head = demo_school_head()
    school_id = head.profile.school_id if head else None
    move = RotationMove.objects.filter(source_id=school_id).select_related("staff").order_by("pk").first()
    staff = move.staff if move else Staff.objects.with_current_school().filter(
        current_school_id=school_id, is_active=True, post_kind="teacher").order_by("pk").first()
    if staff is None:
        return None
    user = demo_user(TEACHER_LOGIN, staff.name, Role.TEACHER, staff=staff)
    if not staff.leave_requests.exists():
        start = working_day(leave.county_calendar(), today - dt.timedelta(days=30), 0)
        request = leave.file_leave(staff=staff, kind="事假", start=start, end=start, user=head, reason="办理证件")
        leave.take_step(request, "approve_school", head, today=today)
        leave.take_step(request, "close", head, returned_on=start + dt.timedelta(days=1), today=today)
    return user.username

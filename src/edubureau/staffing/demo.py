"""The demo's 人事 story: next autumn's 交流轮岗 in its 公示 with two 异议, a school's leave in every state, and the
careers story (``demo_careers``: promotions in their 公示 with a 师德 veto, training hours, a teacher's login)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from edubureau.core.roles import Role
from edubureau.org.city import visible_counties
from edubureau.org.models import Department
from edubureau.people.models import Staff

from . import leave, objections, services
from .demo_careers import load_careers
from .demo_support import ONE_DAY, demo_school_head, working_day
from .models import LeaveRequest, RotationObjection, RotationPlan


def load_demo(seed: int = 0) -> str | None:
    department = next((d for d in Department.objects.order_by("pk") if "staffing" in (d.modules or [])), None)
    user = get_user_model().objects.filter(profile__department=department).order_by("pk").first()
    if department is None or user is None:
        return None
    today = timezone.localdate()
    told = [t for t in (_rotation(user, today), _leave_story(user, today), load_careers(user, today)) if t]
    return "；".join(told) or None


def _rotation(user, today) -> str | None:
    if RotationPlan.objects.exists():
        return None
    year = services.rotation_year(today)
    plans = []
    for region in visible_counties(user):
        plan = services.build_plan(region, year, user, time_limit=5)
        plans.append(services.advance(plan, user, today=today))
    moved = sum(p.moves.count() for p in plans)
    filed = _two_objections(plans, user, today)
    return f"交流轮岗：{year}年度方案公示中，交流{moved}人，异议{filed}件" if plans else None


OBJECTIONS = ("该教师为本校唯一的{subject}教师，调出后本校{subject}课无人任教，请暂缓交流。",
              "该教师家中老人长期卧病需照料，本人申请暂缓一年交流，相关证明已交学校存档。")


def _two_objections(plans, renshi, today) -> int:
    """Two 异议 filed by schools that have a demo login: one answered (维持原方案), one waiting for the 人事科."""
    heads = {}
    for head in get_user_model().objects.filter(profile__role=Role.SCHOOL, profile__school__isnull=False):
        heads.setdefault(head.profile.school_id, head)
    moves = [m for p in plans for m in p.moves.select_related("staff", "source", "target").order_by("pk")
             if m.source_id in heads][:2]
    for n, move in enumerate(moves):
        objection = objections.file_objection(move=move, school=move.source, user=heads[move.source_id],
                                              reason=OBJECTIONS[n].format(subject=move.subject), today=today)
        if n == 0:
            objections.decide_objection(objection, RotationObjection.Decision.KEPT,
                                        "接收学校该学科缺员更急；派出学校的课由新招聘教师承担，已与学校沟通。", renshi,
                                        today=today)
    return len(moves)


# (kind, first day as working days from today, length in working days, steps, reason, substitute)
LEAVES = (
    ("事假", 1, 2, (), "孩子住院陪护", "语文课由同年级老师代"),
    ("病假", 3, 8, ("approve_school",), "腰椎间盘突出，医院建议休息", "数学课由教务处统筹代课"),
    ("婚假", -8, 3, ("approve_school",), "结婚", "课务已调换"),
    ("事假", -12, 1, ("approve_school", "close"), "办理房产手续", "自习由班主任看管"),
    ("产假", -30, 70, ("approve_school", "approve_bureau"), "生育", "聘请代课教师一名"),
    ("事假", 5, 2, ("reject",), "外出旅游", ""),
    ("事假", 8, 1, ("withdraw",), "参加亲属婚礼", ""),
)


def _leave_story(renshi, today) -> str | None:
    """Leave in every state at the school of the demo's school login: waiting for the school, waiting for the 人事科,
    approved, closed, refused, withdrawn; one 婚假 ended days ago and not closed, which counts as absence."""
    if LeaveRequest.objects.exists():
        return None
    head = demo_school_head()
    if head is None:
        return None
    calendar = leave.county_calendar()
    staff = list(Staff.objects.with_current_school().filter(current_school_id=head.profile.school_id,
                                                            is_active=True, post_kind="teacher").order_by("pk"))
    filed, used = 0, set()
    for kind, offset, length, steps, reason, substitute in LEAVES:
        # A different teacher for each request (a small demo school may have fewer teachers than requests).
        person = next((p for p in staff[1:] if p.pk not in used and (kind != "产假" or p.sex == "F")), None)
        if person is None:
            continue
        used.add(person.pk)
        start = working_day(calendar, today, offset)
        end = working_day(calendar, start, length - 1) if kind != "产假" else start + dt.timedelta(days=97)
        request = leave.file_leave(staff=person, kind=kind, start=start, end=end, user=head, reason=reason,
                                   substitute=substitute)
        for step in steps:
            actor = renshi if step == "approve_bureau" else head
            note = "期末复习阶段，不批准旅游事假" if step == "reject" else ""
            leave.take_step(request, step, actor, note=note, returned_on=end + ONE_DAY, today=today)
        filed += 1
    return f"请销假：{filed}条，各种状态" if filed else None

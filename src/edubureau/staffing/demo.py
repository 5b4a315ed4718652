"""The demo's 人事 story: next autumn's 交流轮岗, planned from the registry and in its 公示, with two 异议."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from edubureau.core.roles import Role
from edubureau.org.city import visible_counties
from edubureau.org.models import Department

from . import objections, services
from .models import RotationObjection, RotationPlan


def load_demo(seed: int = 0) -> str | None:
    if RotationPlan.objects.exists():
        return None
    department = next((d for d in Department.objects.order_by("pk") if "staffing" in (d.modules or [])), None)
    user = get_user_model().objects.filter(profile__department=department).order_by("pk").first()
    if department is None or user is None:
        return None
    today = timezone.localdate()
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

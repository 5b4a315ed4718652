"""The Django side of 建设项目: stages created with a project, seats kept in step with enrolment, the daily scan of
late stages (a follow-up owed by the school, or by the 计划财务科 for a new school), and the county figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from edubureau.core.followup import open_followup
from edubureau.core.followup_engine import Action, State
from edubureau.core.followup_models import OPEN_STATES, FollowUp, FollowUpEvent
from edubureau.core.generic.display import cn_date

from .engine import STAGES, days_late, first_usable_year, first_year_classes, stage_late

__all__ = ["ProjectScan", "after_stage_saved", "close_stage_followup", "ensure_stages", "owner_department",
           "projects_for", "scan_projects", "sync_seats"]

KIND = "late_stage"
CLASS_SIZE = {"小学": 45, "初中": 50}


def ensure_stages(project) -> None:
    """The six stages of a new project (no dates yet)."""
    from .models import Stage

    have = set(project.stages.values_list("step", flat=True))
    for step in STAGES:
        if step not in have:
            Stage.objects.create(project=project, step=step)


def delivery_date(project) -> dt.date | None:
    stage = project.stages.filter(step="交付").first()
    return (stage.actual or stage.planned) if stage is not None else None


def sync_seats(project) -> None:
    """Keep the project's ``enrollment.SeatChange`` in step: created when the project adds classes at a school and has
    a planned or actual 交付 date, updated when they change, deleted when it no longer applies."""
    from edubureau.enrollment.models import SeatChange, SeatPlan

    delivered = delivery_date(project)
    classes = 0
    if project.school_id and project.level and delivered is not None:
        plan = SeatPlan.objects.filter(school_id=project.school_id, level=project.level).first()
        size = plan.class_size if plan is not None else CLASS_SIZE.get(project.level, 45)
        classes = first_year_classes(project.classrooms, project.seats, project.level, size, project.streams)
    change = SeatChange.objects.filter(pk=project.seat_change_id).first() if project.seat_change_id else None
    if classes <= 0:
        if change is not None:
            type(project).objects.filter(pk=project.pk).update(seat_change=None)
            project.seat_change = None
            change.delete()
        return
    values = {"school_id": project.school_id, "level": project.level, "year": first_usable_year(delivered),
              "classes": classes, "source": f"{project.name}"[:100]}
    if change is None:
        change = SeatChange.objects.create(**values)
        type(project).objects.filter(pk=project.pk).update(seat_change=change)
        project.seat_change = change
    elif any(getattr(change, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(change, k, v)
        change.save()


def after_stage_saved(stage) -> None:
    if stage.step == "交付":
        sync_seats(stage.project)
    if stage.actual is not None and stage.followup_id:
        close_stage_followup(stage)


def close_stage_followup(stage, today: dt.date | None = None) -> bool:
    """Close the stage's open follow-up now that the stage has its actual date (the system answers and verifies:
    the date entered is the evidence). Returns True when something was closed."""
    followup = FollowUp.objects.filter(pk=stage.followup_id, state__in=OPEN_STATES).first()
    if followup is None or stage.actual is None:
        return False
    today = today or timezone.localdate()
    note = f"阶段“{stage.step}”已于{cn_date(stage.actual)}完成（系统按实际日期自动销号）。"
    with transaction.atomic():
        if followup.state != State.RESPONDED:
            FollowUpEvent.objects.create(followup=followup, action=Action.RESPOND, from_state=followup.state,
                                         to_state=State.RESPONDED, note=note, measures=note)
            followup.state = State.RESPONDED
            followup.responded_on = today
        FollowUpEvent.objects.create(followup=followup, action=Action.VERIFY, from_state=State.RESPONDED,
                                     to_state=State.CLOSED, note=note)
        followup.state, followup.closed_on, followup.escalation_level = State.CLOSED, today, 0
        followup.save()
    return True


def withdraw_followups(project) -> int:
    """Withdraw the open follow-ups of a project being deleted (nothing is owed for a project that is gone)."""
    followups = FollowUp.objects.filter(pk__in=project.stages.exclude(followup=None).values("followup"),
                                        state__in=OPEN_STATES)
    note = f"项目“{project.name}”已从项目库删除，督办事项撤销。"
    count = 0
    for followup in followups:
        FollowUpEvent.objects.create(followup=followup, action=Action.WITHDRAW, from_state=followup.state,
                                     to_state=State.WITHDRAWN, note=note)
        followup.state = State.WITHDRAWN
        followup.save(update_fields=["state", "updated"])
        count += 1
    return count


def owner_department(region_id=None):
    """The department writing the "projects" module (计划财务科), in the project's region when there is one."""
    from edubureau.org.models import Department

    departments = [d for d in Department.objects.order_by("pk") if "projects" in (d.modules or [])]
    same = [d for d in departments if getattr(d, "region_id", None) == region_id]
    return (same or departments or [None])[0]


@dataclass(frozen=True)
class ProjectScan:
    opened: int
    closed: int


def scan_projects(today: dt.date | None = None) -> ProjectScan:
    """Open a follow-up (once) for each stage whose planned date has passed without an actual date, owed by the
    project's school (or the 计划财务科 when the school is not yet in the registry); close those whose stage has
    since got its actual date. Idempotent."""
    from .models import Stage

    today = today or timezone.localdate()
    opened = closed = 0
    with transaction.atomic():
        done = Stage.objects.filter(actual__isnull=False, followup__state__in=OPEN_STATES)
        for stage in done:
            closed += close_stage_followup(stage, today)
        late = (Stage.objects.filter(actual__isnull=True, planned__lt=today, followup__isnull=True)
                .select_related("project__school", "project__region"))
        for stage in late:
            project = stage.project
            owner = ({"school": project.school} if project.school_id
                     else {"department": owner_department(project.region_id)})
            if owner.get("department", True) is None:
                continue
            stage.followup = open_followup(
                module="projects", kind=KIND, due=stage.planned, issued_on=stage.planned, **owner,
                title=f"项目阶段逾期：{project.name} · {stage.step}"[:200],
                detail=f"项目“{project.name}”（{project.number}）的“{stage.step}”计划于{cn_date(stage.planned)}完成，"
                       f"尚无实际完成日期。请加快进度，完成后在项目中填写实际日期。",
            )
            Stage.objects.filter(pk=stage.pk).update(followup=stage.followup)
            opened += 1
    return ProjectScan(opened, closed)


def projects_for(user):
    """The projects ``user`` reads, with stages and payments in two queries."""
    from .models import Payment, Project, Stage

    return (Project.objects.visible_to(user).select_related("school", "region")
            .prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("order")),
                              Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "pk"))))


def stage_state(stage, today: dt.date) -> dict:
    late = stage_late(stage.planned, stage.actual, today)
    return {"stage": stage, "late": late, "days": days_late(stage.planned, stage.actual, today) if late else 0}


# What a project adds to the balance module's supply (SchoolFacts): rooms for building projects, ground for 运动场.
AREA_OF_KIND = {"新建": "teaching_room_area", "改扩建": "teaching_room_area", "运动场": "sports_area"}


def balance_after(project) -> dict | None:
    """The school's area per pupil in the balance module's latest facts, and after this project's area is added."""
    from edubureau.org.models import SchoolFacts

    field = AREA_OF_KIND.get(project.kind)
    if field is None or not project.school_id or not project.area:
        return None
    part = {"小学": "primary", "初中": "junior"}.get(project.level, "")
    rows = SchoolFacts.objects.filter(school_id=project.school_id).select_related("school_year").order_by(
        "-school_year__start_year")
    facts = (rows.filter(level_part=part).first() if part else None) or rows.first()
    if facts is None or not facts.students:
        return None
    now = getattr(facts, field)
    label = "生均教学及辅助用房面积" if field == "teaching_room_area" else "生均体育运动场馆面积"
    return {"label": label, "year": facts.school_year, "students": facts.students,
            "before": now / facts.students, "after": (now + project.area) / facts.students}


def current_step(project) -> str:
    """The last stage done, or 未立项."""
    done = [s.step for s in project.stages.all() if s.actual]
    return done[-1] if done else "未立项"

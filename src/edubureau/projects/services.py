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

from .engine import STAGES, days_late, first_usable_year, first_year_classes, place, project_supply, stage_late

__all__ = ["ProjectScan", "add_photos", "after_stage_saved", "close_stage_followup", "delete_photo", "ensure_stages",
           "forget_files", "owner_department", "projects_for", "scan_projects", "sync_seats"]

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


# The balance resources (engine names, ``engine.project_supply``) as SchoolFacts fields, and their area indicators.
FACTS_FIELD = {"teaching_area": "teaching_room_area", "sports_area": "sports_area"}
AREA_LABEL = {"teaching_area": "生均教学及辅助用房面积", "sports_area": "生均体育运动场馆面积"}
LEVEL_OF_PART = {"primary": "小学", "junior": "初中"}


def balance_after(project) -> dict | None:
    """The school's area per pupil in the balance module's latest facts, and after this project's area is added.

    The area and the school part it goes to follow the rules the balance page's "计入本年度建设项目后" uses
    (``engine.project_supply`` and ``engine.place``).
    """
    from edubureau.org.models import SchoolFacts

    if not project.school_id or not project.area:
        return None
    supply = project_supply(project.kind, project.level, float(project.area))
    resource = next((r for r in supply.resources if r in FACTS_FIELD), None)
    if resource is None:
        return None
    rows = list(SchoolFacts.objects.filter(school_id=project.school_id, level_part__in=LEVEL_OF_PART)
                .select_related("school_year").order_by("-school_year__start_year", "level_part"))
    latest = [r for r in rows if rows and r.school_year_id == rows[0].school_year_id]
    level = place(project.level, [LEVEL_OF_PART[r.level_part] for r in latest])
    facts = next((r for r in latest if LEVEL_OF_PART[r.level_part] == level), None)
    if facts is None or not facts.students:
        return None
    now = getattr(facts, FACTS_FIELD[resource])
    return {"label": AREA_LABEL[resource], "year": facts.school_year, "students": facts.students,
            "before": now / facts.students, "after": (now + project.area) / facts.students}


def current_step(project) -> str:
    """The last stage done, or 未立项."""
    done = [s.step for s in project.stages.all() if s.actual]
    return done[-1] if done else "未立项"


# --- Stage photos ---------------------------------------------------------------------------------------------

def add_photos(stage, files, *, caption: str = "", taken_on: dt.date | None = None, by) -> list:
    """Store ``files`` (already checked by ``StagePhotoForm``) as photos of ``stage``, all or none.

    Raises:
        PermissionDenied: when ``by`` may not add photos to the stage's project.
    """
    from django.core.exceptions import PermissionDenied

    from .models import StagePhoto
    from .permissions import can_add_photo, is_school_side

    if not can_add_photo(by, stage.project):
        raise PermissionDenied("您无权为该项目上传照片。")
    made = []
    try:
        with transaction.atomic():
            for upload in files:
                photo = StagePhoto(stage=stage, file=upload, caption=caption, taken_on=taken_on, uploaded_by=by,
                                   by_school=is_school_side(by))
                photo.full_clean()
                photo.save()
                made.append(photo)
    except Exception:
        for photo in made:  # the rows are rolled back: their files go too
            photo.file.storage.delete(photo.file.name)
        raise
    return made


def delete_photo(photo, *, by) -> None:
    """Delete ``photo`` and, once the deletion is committed, its stored file.

    Raises:
        PermissionDenied: when ``by`` is not of the side that uploaded it.
    """
    from django.core.exceptions import PermissionDenied

    from .permissions import can_delete_photo

    if not can_delete_photo(by, photo):
        raise PermissionDenied("只有上传方可以删除这张照片。")
    with transaction.atomic():
        photo.delete()
        forget_files(photo.file.storage, [photo.file.name])


def forget_files(storage, names) -> None:
    """Delete stored files once the deletion of their rows is committed (a photo, or a whole project's)."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])

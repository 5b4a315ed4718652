"""Opening follow-ups and moving them through their life cycle: the only code that changes a FollowUp's state.

Apps call ``open_followup`` when they issue something (a rectification notice, a problem, an appeal) and
``act`` when a user answers, verifies, sends back or withdraws it. Both write a time-stamped event; auditlog
keeps the field changes. ``scan_followups`` sends reminders and raises escalation levels, once per level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .followup_engine import (
    REMIND_DAYS,
    Action,
    Side,
    State,
    allowed_actions,
    escalation_level,
    next_state,
    side_of,
)
from .followup_models import OPEN_STATES, FollowUp, FollowUpEvent, FollowUpEvidence
from .generic.display import cn_date
from .roles import Role
from .scope import scope_for

__all__ = [
    "ScanReport", "act", "can_act", "ensure_daily_scan", "extend_due", "open_followup", "register_daily_scan",
    "run_daily_scans", "run_daily_scans_as_system", "scan_followups", "user_actions",
]


def open_followup(*, module: str, kind: str, title: str, due: dt.date, issued_by=None, school=None,
                  department=None, detail: str = "", issued_on: dt.date | None = None) -> FollowUp:
    """Issue a follow-up owed by ``school`` (or by ``department``) by ``due``; its first event is 下发."""
    followup = FollowUp(
        module=module, kind=kind, title=title, detail=detail, school=school, department=department,
        issued_by=issued_by, issued_on=issued_on or timezone.localdate(), due=due,
    )
    followup.full_clean()
    with transaction.atomic():
        followup.save()
        FollowUpEvent.objects.create(
            followup=followup, action=Action.ISSUE, from_state="", to_state=State.ISSUED, actor=issued_by,
            note=detail, at=_moment(followup.issued_on),
        )
    return followup


def can_act(user, followup: FollowUp, action: Action | str) -> bool:
    """May ``user`` take ``action`` on ``followup``? The owing side answers; the issuing side verifies.

    - 反馈 (respond): the administrator of the owing school; for an item owed by a department, that
      department's staff, or a user writing the item's module (the office that runs it).
    - 核查销号 / 退回 / 撤销: a user of the bureau (not a school) who writes the item's module and whose scope covers
      the school — the department that issued it, or the zone's inspector for an inspection notice.
    """
    scope = scope_for(user)
    if scope.role is None:
        return False
    side = side_of(action)
    if side == Side.SYSTEM:
        return False
    owners = {followup.school_id} if followup.school_id else set()
    if scope.superuser:
        return True
    if side == Side.OWNER:
        if followup.school_id:
            return scope.role == Role.SCHOOL and scope.covers(owners) and followup.module in scope.write_modules
        if scope.role == Role.SCHOOL:
            return False
        profile = getattr(user, "profile", None)
        own_department = profile is not None and profile.department_id == followup.department_id
        return own_department or followup.module in scope.write_modules
    return scope.role != Role.SCHOOL and followup.module in scope.write_modules and scope.covers(owners)


def user_actions(user, followup: FollowUp) -> list[Action]:
    """The actions the page offers ``user`` on ``followup`` now."""
    return [action for action in allowed_actions(followup.state) if can_act(user, followup, action)]


def act(followup: FollowUp, action: Action | str, user, *, note: str = "", measures: str = "",
        files: Iterable = (), today: dt.date | None = None) -> FollowUpEvent:
    """Take ``action`` on ``followup`` as ``user`` and record it.

    Raises PermissionDenied when the user is on the wrong side or outside the scope, TransitionError (a
    ValueError) when the state does not allow the move, and ValidationError when an answer lacks its measures
    or a sending-back lacks its reason. Nothing is written when any of them is raised.
    """
    action = Action(action)
    if not can_act(user, followup, action):
        raise PermissionDenied(_("您无权对该事项执行“{action}”。").format(action=action.label))
    if action == Action.RESPOND and not measures.strip():
        raise ValidationError({"measures": _("请填写整改（办理）措施。")})
    if action == Action.RETURN and not note.strip():
        raise ValidationError({"note": _("退回时请说明理由，便于责任方重新办理。")})
    at = _moment(today) if today else timezone.now()
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
        to_state = next_state(locked.state, action)
        event = FollowUpEvent.objects.create(
            followup=locked, action=action, from_state=locked.state, to_state=to_state, actor=user,
            note=note, measures=measures, at=at,
        )
        for upload in files:
            evidence = FollowUpEvidence(event=event, file=upload, name=getattr(upload, "name", "")[:255])
            evidence.full_clean(exclude=["event"])
            evidence.save()
        locked.state = to_state
        if action == Action.RESPOND:
            locked.responded_on = today
        elif action == Action.VERIFY:
            locked.closed_on = today
            locked.escalation_level = 0
        elif action == Action.RETURN:
            locked.responded_on = None
        locked.save()
    followup.refresh_from_db()
    return event


def extend_due(followup: FollowUp, due: dt.date, user, *, note: str, today: dt.date | None = None) -> FollowUpEvent:
    """延期: move an open follow-up's deadline later, with the reason, as the issuing side; the state stays.

    The event (延期) names the old and the new deadline; auditlog keeps the field change. A reminder is owed again
    before the new deadline, and the escalation level falls to what the new deadline warrants. How far and how
    often a deadline may move is the app's rule (a 信访件: once, by at most 30 days); ``act`` refuses 延期.
    """
    if not can_act(user, followup, Action.EXTEND):
        raise PermissionDenied(_("您无权对该事项执行“{action}”。").format(action=Action.EXTEND.label))
    if not note.strip():
        raise ValidationError({"note": _("请说明延期理由。")})
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
        if locked.state not in OPEN_STATES:
            raise ValidationError(_("事项已{state}，不能延期。").format(state=locked.get_state_display()))
        if due <= locked.due:
            raise ValidationError({"due": _("延期后的期限须晚于原期限（{due}）。").format(due=cn_date(locked.due))})
        event = FollowUpEvent.objects.create(
            followup=locked, action=Action.EXTEND, from_state=locked.state, to_state=locked.state, actor=user,
            note=_("办理期限由{old}延至{new}。{note}").format(old=cn_date(locked.due), new=cn_date(due), note=note),
            at=_moment(today),
        )
        locked.due = due
        locked.reminded_on = None
        locked.escalation_level = min(locked.escalation_level, escalation_level(today, due, locked.state))
        locked.save(update_fields=["due", "reminded_on", "escalation_level", "updated"])
    followup.refresh_from_db()
    return event


@dataclass(frozen=True)
class ScanReport:
    reminded: int
    escalated: int


def scan_followups(today: dt.date | None = None, remind_days: int = REMIND_DAYS) -> ScanReport:
    """Remind what falls due within ``remind_days`` (once) and raise the escalation level of what is overdue.

    Idempotent: a second scan on the same day writes nothing, and each escalation level is recorded once.
    """
    today = today or timezone.localdate()
    reminded = escalated = 0
    soon = today + dt.timedelta(days=remind_days)
    with transaction.atomic():
        due_soon = (FollowUp.objects.select_for_update()
                    .filter(state__in=(State.ISSUED, State.RETURNED), due__gte=today, due__lte=soon,
                            reminded_on__isnull=True))
        for followup in due_soon:
            FollowUpEvent.objects.create(
                followup=followup, action=Action.REMIND, from_state=followup.state, to_state=followup.state,
                note=_("距办理期限（{due}）还有{days}天。").format(
                    due=cn_date(followup.due), days=(followup.due - today).days),
            )
            followup.reminded_on = today
            followup.save(update_fields=["reminded_on", "updated"])
            reminded += 1
        late = FollowUp.objects.select_for_update().filter(state__in=OPEN_STATES, due__lt=today)
        for followup in late:
            level = escalation_level(today, followup.due, followup.state)
            if level <= followup.escalation_level:
                continue
            FollowUpEvent.objects.create(
                followup=followup, action=Action.ESCALATE, from_state=followup.state, to_state=followup.state,
                note=(_("已逾期{days}天，报局领导督办。") if level == 2 else _("已逾期{days}天，报主管科室督办。"))
                .format(days=(today - followup.due).days),
            )
            followup.escalation_level = level
            followup.save(update_fields=["escalation_level", "updated"])
            escalated += 1
    return ScanReport(reminded=reminded, escalated=escalated)


def _moment(day: dt.date) -> dt.datetime:
    """``day`` at the current time of day: steps recorded for another day (imports, the demo) keep their date."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, timezone.localtime().time()))




# Apps that open follow-ups of their own accord (a plan's overdue milestones …) add their scan here; the daily
# task runs them before the shared reminders and escalations. Each must be idempotent.
DAILY_SCANS: list = []


def register_daily_scan(scan) -> None:
    """``scan(today)`` runs once a day before the shared scan (register from ``AppConfig.ready``)."""
    if scan not in DAILY_SCANS:
        DAILY_SCANS.append(scan)


def run_daily_scans(today: dt.date | None = None) -> ScanReport:
    """Every app's scan, then the shared reminders and escalations."""
    for scan in DAILY_SCANS:
        scan(today)
    return scan_followups(today)


def run_daily_scans_as_system(today: dt.date | None = None, *, started_by: str = "") -> ScanReport:
    """``run_daily_scans`` with its audit entries written as the system's ("每日扫描"), naming what started it."""
    from .audit import system_work

    with system_work(_("每日扫描"), started_by=started_by):
        return run_daily_scans(today)


def ensure_daily_scan(today: dt.date | None = None, *, background: bool = True, started_by=None) -> bool:
    """Start the day's scan (every app's, then the shared one) if this process has not yet done so today.

    A bureau server has no cron we can count on; the first page that lists follow-ups each day starts the scan,
    as a background task, or at once with ``background=False`` for a page that shows its result (the plan
    overview's escalated items). The scan is idempotent, so a second one from another worker changes nothing.
    It is the system's work, not the visitor's (issue 18): ``started_by`` (default: the request's user, as the
    audit middleware knows it) is only recorded as what started it.
    """
    from django.core.cache import cache

    from .audit import current_actor, first_visit_of

    today = today or timezone.localdate()
    key = f"followups-scanned-{today.isoformat()}"
    if not cache.add(key, True, timeout=26 * 3600):
        return False
    trigger = first_visit_of(started_by if started_by is not None else current_actor())
    if not background:
        run_daily_scans_as_system(today, started_by=trigger)
        return True
    from .tasks import scan_followups_task

    scan_followups_task.enqueue(today.isoformat(), trigger)
    return True

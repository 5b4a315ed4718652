"""请销假 in the bureau: a school enters a teacher's leave, approves it or passes it to the 人事科, and closes it.

Lengths, approvers and steps are the engine's (``engine.leave_rules``) with the national defaults; working days are
counted on the county's calendar, whose holidays are the ones the 督导室 enters for its planner (one list of
holidays for the county). A 销假 later than the rules allow turns the days in between into absence, which the
monthly summary shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.roles import Role
from edubureau.core.scope import can_write, scope_for
from edubureau.inspection.models import BlockedDay
from edubureau.people.models import Staff

from .engine.leave_rules import (
    LeaveKind,
    LeaveRules,
    LeaveState,
    LeaveStepError,
    absence,
    approvers,
    entitled_days,
    monthly_summary,
    next_state,
)
from .engine.working_days import WorkCalendar
from .models import LeaveRequest, LeaveStep, StaffingSettings

__all__ = ["ACTION_LABELS", "actions_for", "county_calendar", "days_taken", "file_leave", "leave_rules",
           "month_rows", "side_of", "take_step"]

ACTION_LABELS = {"approve_school": "学校同意", "approve_bureau": "人事科批准", "reject": "驳回", "withdraw": "撤回",
                 "close": "销假"}
# Kinds whose statutory length caps a request (产假 depends on the birth, 事假/病假 on the approval).
CAPPED = (LeaveKind.MARRIAGE, LeaveKind.PATERNITY, LeaveKind.BEREAVEMENT, LeaveKind.HOME_VISIT, LeaveKind.ANNUAL)


def leave_rules() -> LeaveRules:
    """The leave rules of 人事设置 (national values unless the province set its own)."""
    return StaffingSettings.current().leave_rules()


def county_calendar() -> WorkCalendar:
    """Weekends and the county's holidays (the 节假日 rows of 不安排督导的日期) are not working days."""
    holidays = BlockedDay.objects.filter(reason=BlockedDay.Reason.HOLIDAY, inspector__isnull=True)
    return WorkCalendar(holidays=frozenset(holidays.values_list("day", flat=True)))


def _length(kind: LeaveKind, start: dt.date, end: dt.date, calendar: WorkCalendar, rules: LeaveRules) -> int:
    if kind in rules.calendar_kinds:
        return (end - start).days + 1
    return calendar.working_days(start, end)


def _check_length(kind: LeaveKind, days: int, rules: LeaveRules) -> None:
    if kind not in CAPPED:
        return
    allowed = entitled_days(kind, rules, teacher=True, years_of_service=0)
    if kind == LeaveKind.ANNUAL and not allowed:
        raise ValidationError({"kind": _("教师享受寒暑假，不另休年休假（规则可在设置中调整）。")})
    if kind == LeaveKind.HOME_VISIT:
        allowed = rules.home_visit_spouse_days  # the longer of the two; the school checks which applies
    if allowed is not None and days > allowed:
        message = _("{kind}最长{n}天，本次{days}天。").format(kind=kind.value, n=allowed, days=days)
        raise ValidationError({"end": message})


@transaction.atomic
def file_leave(*, staff: Staff, kind: str, start: dt.date, end: dt.date, user, reason: str = "",
               substitute: str = "") -> LeaveRequest:
    """Enter a leave request for ``staff`` at the school they work at now; it waits for the school's approval."""
    current = (Staff.objects.with_current_school().filter(pk=staff.pk)
               .values_list("current_school_id", flat=True).first())
    if current is None:
        raise ValidationError({"staff": _("{name}没有在岗学校，不能请假。").format(name=staff.name)})
    if end < start:
        raise ValidationError({"end": _("结束日期不能早于开始日期。")})
    leave_kind, rules = LeaveKind(kind), leave_rules()
    days = _length(leave_kind, start, end, county_calendar(), rules)
    if days == 0:
        raise ValidationError({"end": _("所选日期都不是工作日，不需要请假。")})
    _check_length(leave_kind, days, rules)
    other = LeaveRequest.objects.filter(staff=staff, start__lte=end, end__gte=start).exclude(
        state__in=(LeaveState.REJECTED, LeaveState.WITHDRAWN)).first()
    if other is not None:
        raise ValidationError(_("与已有的请假（{kind}，{start}至{end}）日期重叠。").format(
            kind=other.kind, start=other.start, end=other.end))
    leave = LeaveRequest(staff=staff, school_id=current, kind=leave_kind.value, start=start, end=end, days=days,
                         reason=reason.strip(), substitute=substitute.strip(),
                         chain=",".join(approvers(leave_kind, days, rules)))
    if not can_write(user, leave):
        raise PermissionDenied(_("只能为本校教职工登记请假。"))
    leave.full_clean()
    leave.save()
    LeaveStep.objects.create(request=leave, action="apply", to_state=leave.state, actor=user, note=reason[:200])
    return leave


def side_of(user) -> str:
    """``school`` for a school's administrator, ``bureau`` for the 人事科 (write rights on staffing), else ''."""
    scope = scope_for(user)
    if scope.role == Role.SCHOOL:
        return "school"
    if scope.superuser or "staffing" in scope.write_modules:
        return "bureau"
    return ""


def actions_for(user, leave: LeaveRequest) -> list[str]:
    """The steps ``user`` may take on ``leave`` now, in the order the page shows them."""
    side = side_of(user)
    state = LeaveState(leave.state)
    if not side or not can_write(user, leave) or (side == "bureau" and state != LeaveState.SCHOOL_APPROVED):
        return []  # the 人事科 acts on what the school has passed on
    wanted = {
        "school": ("approve_school", "close", "withdraw", "reject"),
        "bureau": ("approve_bureau", "reject"),
    }.get(side, ())
    possible = []
    for action in wanted:
        if side == "school" and action == "reject" and state != LeaveState.APPLIED:
            continue  # past the school's approval, only the 人事科 refuses
        try:
            next_state(state, action, leave.approval_chain)
        except LeaveStepError:
            continue
        possible.append(action)
    return possible


@transaction.atomic
def take_step(leave: LeaveRequest, action: str, user, *, note: str = "", returned_on: dt.date | None = None,
              today: dt.date | None = None) -> LeaveRequest:
    """Approve, reject, withdraw or close (销假 with the first day back) ``leave`` as ``user``."""
    leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
    if action not in actions_for(user, leave):
        state = LeaveState(leave.state)
        try:
            next_state(state, action, leave.approval_chain)
        except LeaveStepError as exc:
            raise ValidationError(str(exc)) from exc
        raise PermissionDenied(_("您无权办理该请假的“{step}”。").format(step=ACTION_LABELS.get(action, action)))
    if action == "reject" and not note.strip():
        raise ValidationError({"note": _("驳回时请写明理由。")})
    if action == "close":
        today = today or timezone.localdate()
        if returned_on is None:
            raise ValidationError({"returned_on": _("请填写返岗日期。")})
        if returned_on <= leave.start or returned_on > today:
            raise ValidationError({"returned_on": _("返岗日期应在请假开始之后、不晚于今天。")})
        leave.returned_on = returned_on
    leave.state = next_state(LeaveState(leave.state), action, leave.approval_chain).value
    leave.save(update_fields=["state", "returned_on", "updated"])
    LeaveStep.objects.create(request=leave, action=action, to_state=leave.state, actor=user, note=note.strip()[:200])
    return leave


def days_taken(staff, year: int) -> list[tuple[str, int]]:
    """(kind, days) of ``staff``'s approved or closed leave that began in ``year``: the teacher's balance so far."""
    taken: dict[str, int] = defaultdict(int)
    for kind, days in LeaveRequest.objects.filter(staff=staff, start__year=year, state__in=(
            LeaveState.APPROVED.value, LeaveState.CLOSED.value)).values_list("kind", "days"):
        taken[kind] += days
    return sorted(taken.items())


def month_rows(leaves, year: int, month: int, *, today: dt.date | None = None) -> list[dict]:
    """The monthly attendance summary per teacher of ``leaves`` (a school's, or the county's), by the engine."""
    today = today or timezone.localdate()
    calendar, rules = county_calendar(), leave_rules()
    by_staff = defaultdict(list)
    for leave in leaves.select_related("staff", "school"):
        by_staff[leave.staff_id].append(leave)
    rows = []
    for items in by_staff.values():
        engine = [lv.as_engine() for lv in items]
        late = absence([], engine, calendar, rules, today=today)
        summary = monthly_summary(year, month, engine, late.days, calendar, rules)
        if not summary["leave"] and not summary["absence"]:
            continue
        first = items[0]
        rows.append({"school": first.school.name, "name": first.staff.name, **summary,
                     "over_limit": late.must_follow_up})
    rows.sort(key=lambda r: (r["school"], r["name"]))
    return rows

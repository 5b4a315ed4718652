"""异议 during a rotation plan's 公示: a school contests a move into or out of it; the 人事科 decides.

The life cycle is the shared follow-up's (module ``staffing``, kind ``rotation_objection``, due the 公示's last
day), as for the evaluation's appeals: filing issues it and answers it at once with the reason; the 人事科 closes it
(核查销号) with its decision, 维持原方案 or 撤回该人交流, and a note that the school reads. A withdrawn move stays
on the plan, marked, and is not executed. The plan cannot be finalised while an objection waits for its decision.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.followup import act, open_followup
from edubureau.core.followup_engine import Action
from edubureau.core.generic.display import cn_date
from edubureau.core.scope import can_write, scope_for

from .models import RotationMove, RotationObjection, RotationPlan

__all__ = ["KIND", "decide_objection", "file_objection", "objection_window_open", "pending_objections"]

KIND = "rotation_objection"


def objection_window_open(plan: RotationPlan, today: dt.date | None = None) -> bool:
    """Objections are taken while the plan is in its 公示, up to and including its last day."""
    today = today or timezone.localdate()
    return plan.status == RotationPlan.Status.PUBLIC and (plan.public_until is None or today <= plan.public_until)


def pending_objections(plan: RotationPlan):
    return RotationObjection.objects.filter(move__plan=plan, decision=RotationObjection.Decision.PENDING)


@transaction.atomic
def file_objection(*, move: RotationMove, school, reason: str, user, today: dt.date | None = None) -> RotationObjection:
    """``school`` (the move's sending or receiving school) contests ``move`` during the 公示."""
    today = today or timezone.localdate()
    plan = move.plan
    scope = scope_for(user)
    if school.pk not in (move.source_id, move.target_id):
        raise ValidationError(_("只能对调出或调入本校的交流人员提出异议。"))
    if not scope.superuser and not scope.covers({school.pk}):
        raise PermissionDenied(_("只能以本校名义提出异议。"))
    if not objection_window_open(plan, today):
        if plan.status == RotationPlan.Status.PUBLIC:
            raise ValidationError(_("公示期已于{day}结束，不再受理异议。").format(day=cn_date(plan.public_until)))
        raise ValidationError(_("方案不在公示期，不受理异议。"))
    if move.withdrawn:
        raise ValidationError(_("该交流已撤回。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写异议理由。")})
    if pending_objections(plan).filter(move=move, school=school).exists():
        raise ValidationError(_("本校对该交流的异议尚在处理中，请等待人事科答复。"))
    followup = open_followup(
        module="staffing", kind=KIND, title=_("交流轮岗异议：{name}（{source}→{target}）").format(
            name=move.staff.name, source=move.source.name, target=move.target.name)[:200],
        due=plan.public_until or today, issued_by=user, school=school, detail=reason, issued_on=today,
    )
    objection = RotationObjection(move=move, school=school, reason=reason.strip(), followup=followup)
    objection.full_clean()
    objection.save()
    act(followup, Action.RESPOND, user, measures=reason.strip(), today=today)
    return objection


@transaction.atomic
def decide_objection(objection: RotationObjection, decision: str, note: str, user,
                     *, today: dt.date | None = None) -> RotationObjection:
    """The 人事科's answer: keep the move (维持原方案) or take it off the plan (撤回该人交流), with its reasons."""
    objection = RotationObjection.objects.select_for_update().select_related("move__plan", "followup").get(
        pk=objection.pk)
    move = objection.move
    if not can_write(user, move.plan):
        raise PermissionDenied(_("只有人事科可以答复交流轮岗异议。"))
    if objection.decision != RotationObjection.Decision.PENDING:
        raise ValidationError(_("该异议已答复。"))
    if move.plan.status not in (RotationPlan.Status.DRAFT, RotationPlan.Status.PUBLIC):
        raise ValidationError(_("方案已定稿，不能再调整。"))
    if decision not in (RotationObjection.Decision.KEPT, RotationObjection.Decision.WITHDRAWN):
        raise ValidationError({"decision": _("请选择答复意见。")})
    if not note.strip():
        raise ValidationError({"note": _("请写明答复理由，学校会看到。")})
    label = RotationObjection.Decision(decision).label
    act(objection.followup, Action.VERIFY, user, note=f"{label}：{note.strip()}", today=today)
    objection.decision = decision
    objection.answer = note.strip()
    objection.save(update_fields=["decision", "answer", "updated"])
    if decision == RotationObjection.Decision.WITHDRAWN:
        move.withdrawn = True
        move.save(update_fields=["withdrawn", "updated"])
    return objection

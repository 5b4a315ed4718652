"""The follow-up life cycle's records (DESIGN.md, "One follow-up mechanism").

A FollowUp is something owed by a school (or, with no school, by a department) by a date. An app gives it meaning
through a one-to-one link (a rectification notice, a task problem, an evaluation appeal). Each step is a
FollowUpEvent; evidence files hang on the event that brought them. The rules live in ``followup_engine``.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .followup_engine import ACTION_LABELS, STATE_LABELS, Action, State, days_overdue, urgency
from .roles import MODULES
from .scope import ScopedModel, ScopedQuerySet
from .validators import validate_upload

__all__ = ["FollowUp", "FollowUpEvent", "FollowUpEvidence"]

STATE_CHOICES = [(state.value, _(label)) for state, label in STATE_LABELS.items()]
ACTION_CHOICES = [(action.value, _(label)) for action, label in ACTION_LABELS.items()]
OPEN_STATES = (State.ISSUED, State.RESPONDED, State.RETURNED)


class FollowUpQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, today: dt.date | None = None):
        return self.open().filter(due__lt=today or timezone.localdate())

    def urgent_first(self, today: dt.date | None = None):
        """Overdue first, then the nearest deadline; settled items last."""
        today = today or timezone.localdate()
        return self.annotate(
            _rank=Case(
                When(Q(state__in=OPEN_STATES) & Q(due__lt=today), then=Value(0)),
                When(state__in=OPEN_STATES, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("_rank", "due", "pk")


class FollowUp(ScopedModel):
    """Something owed by someone by a date: answered, verified, closed (or sent back, or withdrawn)."""

    region_path = "department__region"

    scope_path = "school"
    # A school answers what it owes (through ``followup.act``, which checks the side of each action).
    school_writable = True
    school_deletable = False

    module = models.CharField(_("所属模块"), max_length=32, choices=list(MODULES.items()))
    kind = models.CharField(_("事项类型"), max_length=32)
    title = models.CharField(_("事项"), max_length=200)
    detail = models.TextField(_("具体要求"), blank=True)
    school = models.ForeignKey(
        "org.School", verbose_name=_("责任学校"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="followups",
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("责任科室"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="followups",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("下发人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="followups_issued",
    )
    issued_on = models.DateField(_("下发日期"), default=timezone.localdate)
    due = models.DateField(_("办理期限"))
    state = models.CharField(_("状态"), max_length=16, choices=STATE_CHOICES, default=State.ISSUED)
    responded_on = models.DateField(_("反馈日期"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("上报级别"), default=0)
    reminded_on = models.DateField(_("最近提醒"), null=True, blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        """What a school or inspector owes, and a department's item only when the record it belongs to names one of
        its schools (a 难点问题 of a task concerning the school …). Issue 18: any department item was readable.

        The records are the apps' one-to-one links to FollowUp (plans' Task, Milestone and Problem, inspection's
        Rectification, evaluation's Appeal), each restricted by its own ``scope_q``; core names no app.
        """
        named = Q(pk__in=[])
        for relation in cls._meta.related_objects:
            record = relation.related_model
            if relation.one_to_one and issubclass(record, ScopedModel) and record.ownerless_rows_private():
                linked = record.objects.filter(record.scope_q(school_ids)).values(relation.field.attname)
                named |= Q(pk__in=linked)
        return Q(school__in=school_ids) | (Q(school__isnull=True) & named)

    class Meta:
        verbose_name = _("限期办理事项")
        verbose_name_plural = _("限期办理事项")
        ordering = ["due", "pk"]
        # (due, id): the default order of every follow-up list, paged at city scale (issue 16).
        indexes = [models.Index(fields=["state", "due"]), models.Index(fields=["module", "kind"]),
                   models.Index(fields=["due", "id"], name="core_followup_due_list")]
        constraints = [
            models.CheckConstraint(
                condition=Q(school__isnull=False) | Q(department__isnull=False),
                name="followup_owed_by_someone",
                violation_error_message=_("限期办理事项须有责任学校或责任科室。"),
            ),
            models.CheckConstraint(
                condition=Q(due__gte=models.F("issued_on")),
                name="followup_due_not_before_issue",
                violation_error_message=_("办理期限不能早于下发日期。"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def owner_label(self) -> str:
        return str(self.school or self.department or "")

    def urgency(self, today: dt.date | None = None) -> str:
        return urgency(today or timezone.localdate(), self.due, self.state)

    def days_overdue(self, today: dt.date | None = None) -> int:
        return days_overdue(today or timezone.localdate(), self.due, self.closed_on)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class FollowUpEvent(models.Model):
    """One step of a follow-up, time-stamped with who took it (the system for reminders and escalations)."""

    followup = models.ForeignKey(FollowUp, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=16, choices=ACTION_CHOICES)
    from_state = models.CharField(_("原状态"), max_length=16, choices=STATE_CHOICES, blank=True)
    to_state = models.CharField(_("新状态"), max_length=16, choices=STATE_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="followup_events",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)
    measures = models.TextField(_("整改措施"), blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["followup", "at", "pk"]

    def __str__(self):
        return f"{self.followup} · {self.get_action_display()}"

    @property
    def by_system(self) -> bool:
        return self.action in (Action.REMIND, Action.ESCALATE)


class FollowUpEvidence(models.Model):
    """A file brought as evidence with a step (photos of the repaired railing, the signed rules …)."""

    event = models.ForeignKey(FollowUpEvent, verbose_name=_("办理记录"), on_delete=models.CASCADE,
                              related_name="evidence")
    file = models.FileField(_("佐证材料"), upload_to="followups/%Y/%m/", validators=[validate_upload])
    name = models.CharField(_("文件名"), max_length=255)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self):
        return self.name

"""信访、12345、举报: one case per complaint, handled on the follow-up life cycle (issue 15).

A case is registered by the 信访 office (the department owning the "complaints" module), assigned to a department
or a school (a FollowUp owed by it, due by the channel's deadline), answered with a finding and the reply,
checked and closed by the office, and followed by a 回访 (satisfaction).

Privacy: the complainant's identity (name, phone, ID number, address, and the fact of who complained) is the
office's alone (``permissions.handles_complaints``). Every other reader — the school the case is assigned to,
another department, leaders, auditors — reads the case's matter and deadline through ``public`` fields only.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core.followup_engine import State
from edubureau.core.roles import Role
from edubureau.core.scope import ScopedModel, ScopedQuerySet, scope_for

from .permissions import handles_complaints

__all__ = ["Complaint"]

IDENTITY_FIELDS = ("complainant_name", "complainant_phone", "complainant_id", "complainant_address")


class ComplaintQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The office and leaders/auditors: every case of their region; a school: the cases assigned to it; another
        department: the cases assigned to it; inspectors and teachers: none."""
        scope = scope_for(user)
        rows = super().visible_to(user)
        if scope.superuser or handles_complaints(user) or scope.role in (Role.SCHOOL, Role.LEADER, Role.READONLY):
            return rows
        if scope.role == Role.DEPARTMENT:
            profile = getattr(user, "profile", None)
            department = getattr(profile, "department_id", None)
            return rows.filter(assigned_department_id=department) if department else rows.none()
        return rows.none()

    def open(self):
        return self.filter(Q(followup__isnull=True) | ~Q(followup__state__in=(State.CLOSED, State.WITHDRAWN)))

    def overdue(self, today: dt.date | None = None):
        """Not answered by the deadline and not settled (a case still waiting to be assigned counts too)."""
        return self.open().filter(answer_due__lt=today or timezone.localdate()).filter(
            Q(followup__isnull=True) | Q(followup__responded_on__isnull=True))


class Complaint(ScopedModel):
    """One complaint (信访件) from any channel."""

    scope_path = "assigned_school"
    region_path = "region"
    school_writable = False

    class Channel(models.TextChoices):
        LETTER = "来信", _("来信")
        VISIT = "来访", _("来访")
        PHONE = "电话", _("电话")
        HOTLINE = "12345热线", _("12345热线")
        ONLINE = "网上信访", _("网上信访")
        REFERRED = "上级转办", _("上级转办")

    class Category(models.TextChoices):
        CONDUCT = "师德", _("师德")
        FEES = "乱收费", _("乱收费")
        ADMISSION = "招生", _("招生")
        SAFETY = "安全", _("安全")
        BULLYING = "校园欺凌", _("校园欺凌")
        OTHER = "其他", _("其他")

    class Finding(models.TextChoices):
        TRUE = "属实", _("属实")
        PARTLY = "部分属实", _("部分属实")
        FALSE = "不属实", _("不属实")

    class Satisfaction(models.TextChoices):
        SATISFIED = "满意", _("满意")
        MOSTLY = "基本满意", _("基本满意")
        UNSATISFIED = "不满意", _("不满意")

    number = models.CharField(_("信访件编号"), max_length=20, unique=True)
    # The channel's own number (a 12345 工单编号, the 上级 system's 转办编号): a batch imported twice updates its cases
    # instead of adding them again (issue 15, imports).
    source_ref = models.CharField(_("来源编号（工单号）"), max_length=40, blank=True)
    region = models.ForeignKey("org.Region", verbose_name=_("区县"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    channel = models.CharField(_("来源渠道"), max_length=8, choices=Channel.choices)
    received_on = models.DateField(_("收件日期"))
    category = models.CharField(_("问题类别"), max_length=8, choices=Category.choices)
    school = models.ForeignKey("org.School", verbose_name=_("涉及学校"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey("people.Staff", verbose_name=_("涉及教师"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    summary = models.CharField(_("事由摘要"), max_length=200)
    content = models.TextField(_("反映内容"))
    anonymous = models.BooleanField(_("匿名"), default=False)
    complainant_name = models.CharField(_("信访人姓名"), max_length=40, blank=True)
    complainant_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    complainant_id = models.CharField(_("身份证件号"), max_length=18, blank=True)
    complainant_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    assigned_school = models.ForeignKey("org.School", verbose_name=_("承办学校"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    assigned_department = models.ForeignKey("org.Department", verbose_name=_("承办科室"), null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    accept_due = models.DateField(_("受理告知期限"))
    answer_due = models.DateField(_("办理期限"))
    followup = models.OneToOneField("core.FollowUp", verbose_name=_("限期办理事项"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="complaint")
    finding = models.CharField(_("调查结论"), max_length=4, choices=Finding.choices, blank=True)
    reply = models.TextField(_("答复意见"), blank=True)
    visit_on = models.DateField(_("回访日期"), null=True, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=4, choices=Satisfaction.choices, blank=True)
    visit_note = models.CharField(_("回访记录"), max_length=300, blank=True)
    # 延期 (信访工作条例: once, by at most 30 days, approved, and the complainant told the reason): ``answer_due``
    # becomes the extended deadline, the one the on-time statistics count against; ``original_due`` keeps the first.
    original_due = models.DateField(_("原办理期限"), null=True, blank=True)
    extended_on = models.DateField(_("延期日期"), null=True, blank=True)
    extension_reason = models.CharField(_("延期理由"), max_length=300, blank=True)
    extension_notified = models.BooleanField(_("已告知信访人延期理由"), default=False)
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("延期审批人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reopened = models.PositiveSmallIntegerField(_("不满意重办次数"), default=0)
    repeat_of = models.ForeignKey("self", verbose_name=_("重复件（前件）"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="repeats")
    repeat_reason = models.CharField(_("重复原因"), max_length=8, blank=True)
    conduct_category = models.CharField(_("移送师德（十项准则）"), max_length=8, blank=True)
    conduct_note = models.CharField(_("移送说明"), max_length=300, blank=True)
    conduct_record = models.ForeignKey("staffing.ConductRecord", verbose_name=_("师德记录"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("信访件")
        verbose_name_plural = _("信访件")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["received_on", "id"], name="complaints_received")]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | (Q(complainant_name="") & Q(complainant_phone="")
                                                & Q(complainant_id="") & Q(complainant_address="")),
                name="complaints_anonymous_names_nobody",
                violation_error_message=_("匿名信访件不能登记信访人信息。")),
            models.CheckConstraint(condition=Q(assigned_school__isnull=True) | Q(assigned_department__isnull=True),
                                   name="complaints_one_handler",
                                   violation_error_message=_("承办单位只能是一个科室或一所学校。")),
            # One case per 工单 of a channel; cases typed in from a letter or a visit have none.
            models.UniqueConstraint(fields=["channel", "source_ref"], condition=~Q(source_ref=""),
                                    name="complaints_unique_source_ref",
                                    violation_error_message=_("同一来源渠道的来源编号（工单号）不能重复。")),
            # An extension keeps the first deadline and says why (信访工作条例).
            models.CheckConstraint(condition=Q(extended_on__isnull=True)
                                   | (Q(original_due__isnull=False) & ~Q(extension_reason="")),
                                   name="complaints_extension_has_reason",
                                   violation_error_message=_("延期须保留原办理期限并说明理由。")),
        ]

    def __str__(self):
        return f"{self.number} {self.summary}"

    @property
    def handler_label(self) -> str:
        return str(self.assigned_school or self.assigned_department or "")

    @property
    def status(self) -> str:
        """待交办, 办理中, 已答复（待审核）, 已办结, 已撤销: read from the follow-up."""
        followup = self.followup
        if followup is None:
            return str(_("待交办"))
        return str({State.ISSUED: _("办理中"), State.RETURNED: _("退回重办"), State.RESPONDED: _("已答复待审核"),
                    State.CLOSED: _("已办结"), State.WITHDRAWN: _("已撤销")}.get(followup.state, followup.state))

    @property
    def answered_on(self) -> dt.date | None:
        return self.followup.responded_on if self.followup else None

    @property
    def closed_on(self) -> dt.date | None:
        return self.followup.closed_on if self.followup and self.followup.state == State.CLOSED else None

    @property
    def is_closed(self) -> bool:
        return self.followup is not None and self.followup.state == State.CLOSED

    @property
    def is_extended(self) -> bool:
        return self.extended_on is not None

    def overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (not self.is_closed and self.answered_on is None and self.answer_due < today
                and (self.followup is None or self.followup.state != State.WITHDRAWN))


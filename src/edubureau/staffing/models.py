"""交流轮岗 plans of a county: the year's moves as the engine planned them, and their way to the postings.

A plan goes 草稿 → 公示中 → 已定稿 → 已执行. While it is a draft only the bureau reads it; from 公示 on, a school reads
the moves into and out of it (``RotationMove.scope_q``). Executing a final plan closes each teacher's posting and
opens one at the receiving school with the reason 交流轮岗, dated the plan's day of execution.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import BaseModel

from .engine.leave_rules import LeaveKind, LeaveState


class RotationPlan(BaseModel):
    """One county's 交流轮岗 for one year, with the figures of the plan and of its greedy baseline."""

    region_path = "region"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLIC = "public", _("公示中")
        FINAL = "final", _("已定稿")
        EXECUTED = "executed", _("已执行")

    region = models.ForeignKey("org.Region", verbose_name=_("区县"), on_delete=models.PROTECT,
                               related_name="rotation_plans")
    year = models.PositiveSmallIntegerField(_("交流年度"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(_("方案指标"), default=dict, blank=True)
    ineligible = models.JSONField(_("不符合交流条件"), default=dict, blank=True)
    public_until = models.DateField(_("公示截止"), null=True, blank=True)
    executed_on = models.DateField(_("执行日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("编制人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("交流轮岗方案")
        verbose_name_plural = _("交流轮岗方案")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return _("{year}年度交流轮岗方案").format(year=self.year)


class RotationMove(BaseModel):
    """One teacher's move: from the school of record to the receiving school, for the plan's year."""

    region_path = "plan__region"

    plan = models.ForeignKey(RotationPlan, verbose_name=_("交流轮岗方案"), on_delete=models.CASCADE,
                             related_name="moves")
    staff = models.ForeignKey("people.Staff", verbose_name=_("教师"), on_delete=models.PROTECT,
                              related_name="rotation_moves")
    source = models.ForeignKey("org.School", verbose_name=_("派出学校"), on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey("org.School", verbose_name=_("接收学校"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("任教学科"), max_length=16, blank=True)
    backbone = models.BooleanField(_("骨干教师"), default=False)
    fills_shortage = models.BooleanField(_("补缺学科"), default=False)
    km = models.FloatField(_("路程（公里）"), default=0)
    withdrawn = models.BooleanField(_("已撤回"), default=False,
                                    help_text=_("公示期间异议成立，人事科撤回了该人交流；执行时跳过"))

    class Meta:
        verbose_name = _("交流轮岗人员")
        verbose_name_plural = _("交流轮岗人员")
        ordering = ["source__name", "staff__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "staff"], name="staffing_move_once_per_plan")]

    def __str__(self):
        return f"{self.staff} {self.source} → {self.target}"

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        return Q(source__in=school_ids) | Q(target__in=school_ids)

    def owning_school_ids(self) -> set[int]:
        return {i for i in (self.source_id, self.target_id) if i}


class RotationObjection(BaseModel):
    """A school's 异议 to one move during the 公示, and the 人事科's answer (``objections`` runs it)."""

    scope_path = "school"
    school_writable = True
    school_locked_fields = ("move", "school", "decision", "answer", "followup")

    class Decision(models.TextChoices):
        PENDING = "", _("待答复")
        KEPT = "kept", _("维持原方案")
        WITHDRAWN = "withdrawn", _("撤回该人交流")

    move = models.ForeignKey(RotationMove, verbose_name=_("交流人员"), on_delete=models.CASCADE,
                             related_name="objections")
    school = models.ForeignKey("org.School", verbose_name=_("提出异议的学校"), on_delete=models.PROTECT,
                               related_name="+")
    reason = models.TextField(_("异议理由"))
    decision = models.CharField(_("答复意见"), max_length=12, choices=Decision.choices, blank=True,
                                default=Decision.PENDING)
    answer = models.TextField(_("答复理由"), blank=True)
    followup = models.OneToOneField("core.FollowUp", verbose_name=_("办理流程"), on_delete=models.PROTECT,
                                    related_name="rotation_objection")

    class Meta:
        verbose_name = _("交流轮岗异议")
        verbose_name_plural = _("交流轮岗异议")
        ordering = ["-created"]

    def __str__(self):
        return _("{school}对{name}交流的异议").format(school=self.school, name=self.move.staff.name)


class LeaveRequest(BaseModel):
    """A teacher's 请假, entered by the school, through its approvals to 销假 (``leave`` runs the steps).

    The school approves leave up to ``LeaveRules.school_approves_up_to`` days; longer leave also goes to the 人事科.
    States and steps are the engine's (``engine.leave_rules``); the 代课 arrangement is the school's.
    """

    scope_path = "school"
    school_writable = True
    school_locked_fields = ("state", "chain", "days", "returned_on")

    STATES = [(s.value, s.value) for s in LeaveState]
    KINDS = [(k.value, k.value) for k in LeaveKind]

    staff = models.ForeignKey("people.Staff", verbose_name=_("教职工"), on_delete=models.PROTECT,
                              related_name="leave_requests")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT,
                               related_name="leave_requests")
    kind = models.CharField(_("请假类型"), max_length=8, choices=KINDS)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    days = models.PositiveSmallIntegerField(_("天数"), default=0,
                                            help_text=_("产假、陪产假、探亲假按自然日，其余按工作日"))
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    substitute = models.CharField(_("代课安排"), max_length=200, blank=True)
    chain = models.CharField(_("审批环节"), max_length=16, default="school")  # "school" or "school,bureau"
    state = models.CharField(_("状态"), max_length=8, choices=STATES, default=LeaveState.APPLIED.value)
    returned_on = models.DateField(_("销假日期"), null=True, blank=True, help_text=_("返岗上班的第一天"))

    class Meta:
        verbose_name = _("请假")
        verbose_name_plural = _("请假")
        ordering = ["-start", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")),
                                              name="staffing_leave_ends_after_start",
                                              violation_error_message=_("结束日期不能早于开始日期"))]

    def __str__(self):
        return _("{name}{kind}（{days}天）").format(name=self.staff.name, kind=self.kind, days=self.days)

    @property
    def approval_chain(self) -> tuple[str, ...]:
        """Who approves, in order, as the engine reads it: ("school",) or ("school", "bureau")."""
        return tuple(self.chain.split(","))

    @property
    def needs_bureau(self) -> bool:
        return "bureau" in self.approval_chain


class LeaveStep(models.Model):
    """One step of a leave request: who did what, when, with what note (the request's trail)."""

    request = models.ForeignKey(LeaveRequest, verbose_name=_("请假"), on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("操作"), max_length=16)
    to_state = models.CharField(_("办理后状态"), max_length=8)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办理人"), null=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.CharField(_("意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("请假办理记录")
        verbose_name_plural = _("请假办理记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request_id} {self.action} → {self.to_state}"

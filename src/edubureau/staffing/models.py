"""The 人事 module's rows: 交流轮岗 plans with their moves and 异议, 请销假 with its steps and 旷工 cases, 岗位等级晋升
rounds with their candidates, and the registers the promotion rules read (岗位聘任, 年度考核, 师德记录, 继续教育学时).

A rotation plan goes 草稿 → 公示中 → 已定稿 → 已执行. While it is a draft only the bureau reads it; from 公示 on, a
school reads the moves into and out of it (``RotationMove.scope_q``). Executing a final plan opens a posting at the
receiving school with the reason 交流轮岗, dated the plan's day of execution. The rules' numbers are 人事设置
(``settings_model``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import BaseModel, ScopedQuerySet
from edubureau.core.roles import Role
from edubureau.core.scope import scope_for
from edubureau.people.models import OwnedThroughStaff

from .engine.conduct_records import Category, Sanction, sanction_end
from .engine.conduct_records import ConductRecord as EngineConduct
from .engine.leave_rules import LeaveKind, LeaveState
from .engine.leave_rules import LeaveRequest as EngineLeave
from .engine.training_hours import LEVELS as TRAINING_LEVELS
from .settings_model import StaffingSettings

__all__ = ["AbsenceCase", "Appraisal", "ConductRecord", "LeaveRequest", "LeaveStep", "PostAppointment",
           "PromotionCandidate", "PromotionRound", "RotationMove", "RotationObjection", "RotationPlan",
           "StaffingSettings", "TrainingRecord", "reads_conduct"]


# The 十项准则 as choices (the API schema names this set ConductCategoryEnum).
CONDUCT_CATEGORIES = [(c.value, c.value) for c in Category]


def reads_conduct(user) -> bool:
    """师德 records are read by the 人事科 (a department writing the 人事 module), the teacher's own school, and a
    superuser; never by leaders' read-everything scope, inspectors, auditors or other departments (issue 11)."""
    scope = scope_for(user)
    return scope.superuser or scope.role == Role.SCHOOL or (
        scope.role == Role.DEPARTMENT and "staffing" in scope.write_modules)


class ConductQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return super().visible_to(user) if reads_conduct(user) else self.none()


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

    def as_engine(self) -> EngineLeave:
        return EngineLeave(LeaveKind(self.kind), self.start, self.end, LeaveState(self.state), self.returned_on)


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


# --- 岗位等级, 年度考核, 师德, 继续教育 ------------------------------------------------------------------------


class Appraisal(OwnedThroughStaff):
    """One year's 年度考核 result of a staff member, as the 人事科 records it (the promotion rules read the last N)."""

    class Result(models.TextChoices):
        EXCELLENT = "优秀", _("优秀")
        GOOD = "良好", _("良好")
        PASSED = "合格", _("合格")
        BASIC = "基本合格", _("基本合格")
        FAILED = "不合格", _("不合格")

    staff = models.ForeignKey("people.Staff", verbose_name=_("教职工"), on_delete=models.CASCADE,
                              related_name="appraisals")
    year = models.PositiveSmallIntegerField(_("考核年度"))
    result = models.CharField(_("考核结果"), max_length=8, choices=Result.choices)

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        ordering = ["-year", "staff"]
        constraints = [models.UniqueConstraint(fields=["staff", "year"], name="staffing_appraisal_once_a_year",
                                               violation_error_message=_("该教职工该年度已有考核结果"))]

    def __str__(self):
        return _("{name}{year}年度考核{result}").format(name=self.staff.name, year=self.year, result=self.result)


class PostAppointment(OwnedThroughStaff):
    """A staff member's post level from a day on (聘任 history), in one of the three post families of 事业单位: the
    promotion rules read how long the current 专业技术 level has been held; an approved promotion writes one and the
    registry's ``Staff.post_grade``. 管理 (职员, levels 1–10, in schools 5–10) and 工勤技能 (技术工 1–5, 普通工 6)
    posts are kept too."""

    class Family(models.TextChoices):
        PROFESSIONAL = "专业技术", _("专业技术岗位")
        MANAGEMENT = "管理", _("管理岗位")
        SUPPORT = "工勤技能", _("工勤技能岗位")

    # The levels of each family (工勤技能: 技术工 一级 to 五级, and 普通工 as 6).
    LEVELS = {Family.PROFESSIONAL: range(1, 14), Family.MANAGEMENT: range(1, 11), Family.SUPPORT: range(1, 7)}

    class Reason(models.TextChoices):
        FIRST = "聘任", _("聘任")
        PROMOTED = "晋升", _("晋升")
        DEMOTED = "降低岗位等级", _("降低岗位等级")

    staff = models.ForeignKey("people.Staff", verbose_name=_("教职工"), on_delete=models.CASCADE,
                              related_name="post_appointments")
    family = models.CharField(_("岗位类别"), max_length=8, choices=Family.choices, default=Family.PROFESSIONAL)
    grade = models.PositiveSmallIntegerField(_("岗位等级"))
    since = models.DateField(_("聘任日期"))
    reason = models.CharField(_("聘任方式"), max_length=8, choices=Reason.choices, default=Reason.FIRST)
    promotion = models.ForeignKey("PromotionRound", verbose_name=_("晋升批次"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("岗位聘任")
        verbose_name_plural = _("岗位聘任")
        ordering = ["staff", "-since"]
        constraints = [
            # One appointment a day in each family (a head teacher may hold a 管理 and a 专业技术 post, 双肩挑).
            models.UniqueConstraint(fields=["staff", "family", "since"], name="staffing_appointment_once_a_day",
                                    violation_error_message=_("该教职工该日已有该类岗位的聘任记录")),
            models.CheckConstraint(condition=Q(grade__gte=1, grade__lte=13), name="staffing_appointment_grade",
                                   violation_error_message=_("岗位等级应在1—13级之间")),
        ]

    def __str__(self):
        return _("{name}{since}起聘{family}{grade}级").format(name=self.staff.name, since=self.since,
                                                          family=self.family, grade=self.grade)

    def clean(self):
        levels = self.LEVELS.get(self.family)
        if levels is not None and self.grade is not None and self.grade not in levels:
            raise ValidationError({"grade": _("{family}岗位等级应为{low}—{high}级").format(
                family=self.family, low=levels[0], high=levels[-1])})


class ConductRecord(OwnedThroughStaff):
    """A 师德 record: an honour or a violation under the 十项准则, with the sanction and its period.

    Read only by the 人事科 (a department that writes the 人事 module) and the teacher's own school, never by other
    schools, inspectors or other departments (``ConductQuerySet``); a running sanction vetoes promotion.
    """

    school_writable = False
    CATEGORIES = CONDUCT_CATEGORIES
    SANCTIONS = [(s.value, s.value) for s in Sanction]

    class Kind(models.TextChoices):
        HONOUR = "表彰", _("表彰")
        VIOLATION = "违规", _("违规")

    staff = models.ForeignKey("people.Staff", verbose_name=_("教职工"), on_delete=models.CASCADE,
                              related_name="conduct_records")
    kind = models.CharField(_("类别"), max_length=4, choices=Kind.choices)
    category = models.CharField(_("十项准则"), max_length=8, choices=CATEGORIES)
    day = models.DateField(_("认定日期"))
    sanction = models.CharField(_("处理"), max_length=8, choices=SANCTIONS, blank=True)
    ends = models.DateField(_("处理期至"), null=True, blank=True, help_text=_("不填则按处分种类计算"))
    source = models.CharField(_("来源"), max_length=64, blank=True, help_text=_("如信访件编号、通报文号"))
    note = models.CharField(_("事实与说明"), max_length=300, blank=True)

    objects = ConductQuerySet.as_manager()

    class Meta:
        verbose_name = _("师德记录")
        verbose_name_plural = _("师德记录")
        ordering = ["-day", "staff"]
        constraints = [models.CheckConstraint(condition=Q(kind="违规") | Q(sanction=""),
                                              name="staffing_conduct_sanction_only_for_violation",
                                              violation_error_message=_("表彰记录不能有处理"))]

    def __str__(self):
        return _("{name}{kind}（{category}）").format(name=self.staff.name, kind=self.kind, category=self.category)

    @property
    def sanction_until(self):
        """The last day the sanction runs: as recorded, or by its kind (None: no sanction; 开除 never ends)."""
        end = sanction_end(self.as_engine())
        return None if end is None or end == dt.date.max else end

    def as_engine(self) -> EngineConduct:
        return EngineConduct(self.kind, Category(self.category), self.day,
                             Sanction(self.sanction) if self.sanction else None, self.ends, self.note)


class TrainingRecord(OwnedThroughStaff):
    """继续教育 hours of one course, imported from the training platform's export or entered by the school."""

    school_writable = True
    LEVELS = [(level, level) for level in TRAINING_LEVELS]

    staff = models.ForeignKey("people.Staff", verbose_name=_("教职工"), on_delete=models.CASCADE,
                              related_name="training_records")
    course = models.CharField(_("培训项目"), max_length=100)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    level = models.CharField(_("培训级别"), max_length=4, choices=LEVELS)
    year = models.PositiveSmallIntegerField(_("培训年度"))

    class Meta:
        verbose_name = _("继续教育学时")
        verbose_name_plural = _("继续教育学时")
        ordering = ["-year", "staff", "course"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "course", "year"], name="staffing_training_once",
                                    violation_error_message=_("该教职工该年度已有同名培训记录")),
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=500), name="staffing_training_hours",
                                   violation_error_message=_("学时应大于0且不超过500")),
        ]

    def __str__(self):
        return _("{name}{course}{hours}学时").format(name=self.staff.name, course=self.course, hours=self.hours)


class PromotionRound(BaseModel):
    """A county's 岗位等级晋升 for one year: candidates by the 逐级 rules, ranked within each school's free posts,
    公示, then approved (the approval writes each 拟晋升 teacher's new level to the registry)."""

    region_path = "region"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLIC = "public", _("公示中")
        APPROVED = "approved", _("已批准")

    region = models.ForeignKey("org.Region", verbose_name=_("区县"), on_delete=models.PROTECT,
                               related_name="promotion_rounds")
    year = models.PositiveSmallIntegerField(_("晋升年度"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    public_until = models.DateField(_("公示截止"), null=True, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    # {school id: {"posts": 核定岗位, "free": {level: free posts}}} when the round was drawn up: what ranked it.
    posts = models.JSONField(_("各校岗位"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("编制人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("岗位等级晋升")
        verbose_name_plural = _("岗位等级晋升")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return _("{year}年度岗位等级晋升").format(year=self.year)


class PromotionCandidate(BaseModel):
    """One teacher due for a one-level promotion this round, with the engine's trail of every rule and the standing:
    拟晋升 within the school's free posts, 候补 beyond them, 不符合条件 when a rule fails."""

    scope_path = "school"

    class Standing(models.TextChoices):
        PROMOTED = "拟晋升", _("拟晋升")
        WAITING = "候补", _("候补")
        REFUSED = "不符合条件", _("不符合条件")

    round = models.ForeignKey(PromotionRound, verbose_name=_("晋升批次"), on_delete=models.CASCADE,
                              related_name="candidates")
    staff = models.ForeignKey("people.Staff", verbose_name=_("教师"), on_delete=models.PROTECT,
                              related_name="promotion_candidacies")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    from_grade = models.PositiveSmallIntegerField(_("现聘等级"))
    to_grade = models.PositiveSmallIntegerField(_("拟晋等级"))
    standing = models.CharField(_("结果"), max_length=8, choices=Standing.choices)
    rank = models.PositiveSmallIntegerField(_("同级排序"), null=True, blank=True,
                                            help_text=_("本校拟晋同一等级的人选中的排序"))
    trail = models.JSONField(_("审核依据"), default=list)  # [{"rule", "passed", "why"}…] from the engine

    class Meta:
        verbose_name = _("晋升人选")
        verbose_name_plural = _("晋升人选")
        ordering = ["school__name", "rank", "staff__name"]
        constraints = [models.UniqueConstraint(fields=["round", "staff"], name="staffing_candidate_once")]

    def __str__(self):
        return _("{name}{from_grade}级→{to_grade}级").format(name=self.staff.name, from_grade=self.from_grade,
                                                            to_grade=self.to_grade)

    @property
    def failed_rules(self) -> list[dict]:
        return [rule for rule in self.trail if not rule["passed"]]

    @property
    def passed_rules(self) -> list[dict]:
        return [rule for rule in self.trail if rule["passed"]]


class AbsenceCase(BaseModel):
    """A teacher whose 旷工 passed a threshold in a year (15 consecutive or 30 working days in all, 《事业单位人事管理
    条例》 art. 15): the follow-up the daily scan opened for the school to explain and the 人事科 to decide. One per
    teacher and year, so the scan never opens a second."""

    scope_path = "school"

    staff = models.ForeignKey("people.Staff", verbose_name=_("教职工"), on_delete=models.PROTECT,
                              related_name="absence_cases")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    days = models.PositiveSmallIntegerField(_("旷工天数"))
    longest_run = models.PositiveSmallIntegerField(_("最长连续天数"))
    followup = models.OneToOneField("core.FollowUp", verbose_name=_("办理流程"), on_delete=models.PROTECT,
                                    related_name="absence_case")

    class Meta:
        verbose_name = _("旷工处理")
        verbose_name_plural = _("旷工处理")
        ordering = ["-year", "staff"]
        constraints = [models.UniqueConstraint(fields=["staff", "year"], name="staffing_absence_once_a_year")]

    def __str__(self):
        return _("{name}{year}年旷工{days}天").format(name=self.staff.name, year=self.year, days=self.days)

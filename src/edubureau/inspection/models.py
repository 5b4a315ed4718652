"""Inspection (督导): responsibility zones, quotas, the term calendar, checklists, visits, findings, notices.

Who sees what: zones, visits and planned visits belong to the schools they concern; answers, findings and photos
to one school; a rectification notice (整改通知) is a core ``FollowUp`` owed by one school, and this app only adds
its meaning (the findings it answers). Quotas, checklists, blocked days and inspectors are settings of the
督导室 that every signed-in user may read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import BaseModel
from edubureau.core.validators import validate_upload

__all__ = [
    "BlockedDay",
    "Checklist",
    "ChecklistItem",
    "Finding",
    "Inspector",
    "PlannedVisit",
    "QuotaRule",
    "Rectification",
    "ResponsibilityZone",
    "Visit",
    "VisitAnswer",
    "VisitPhoto",
]


class VisitKind(models.TextChoices):
    ROUTINE = "routine", _("经常性督导")
    COMPREHENSIVE = "comprehensive", _("综合督导")
    TEACHING = "teaching", _("教学视导")
    SPECIAL = "special", _("专项督导")


class Category(models.TextChoices):
    SAFETY = "safety", _("校园安全")
    FOOD = "food", _("食品安全")
    EPIDEMIC = "epidemic", _("卫生防疫")
    CONDUCT = "conduct", _("师德师风")
    GIFTS = "gifts", _("收受礼品礼金")
    TUTORING = "tutoring", _("有偿补课")
    TEACHING = "teaching", _("教育教学")
    MANAGEMENT = "management", _("办学行为")
    FACILITIES = "facilities", _("校舍设施")
    OTHER = "other", _("其他")


class Severity(models.TextChoices):
    MINOR = "minor", _("一般")
    SERIOUS = "serious", _("较重")
    MAJOR = "major", _("严重")


class Answer(models.TextChoices):
    YES = "yes", _("符合")
    NO = "no", _("不符合")
    NA = "na", _("不适用")


def _ids_through(through, field: str, school_ids):
    return through.objects.filter(school_id__in=school_ids).values(field)


class Inspector(BaseModel):
    """A 责任督学: a user of the inspector role, full-time (专职) or part-time (兼职)."""

    region_path = "user__profile__region"

    class Employment(models.TextChoices):
        FULL = "full", _("专职")
        PART = "part", _("兼职")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("登录账号"), on_delete=models.PROTECT, related_name="inspector"
    )
    name = models.CharField(_("姓名"), max_length=32)
    employment = models.CharField(_("专兼职"), max_length=8, choices=Employment.choices, default=Employment.FULL)
    weekly_visits = models.PositiveSmallIntegerField(
        _("每周督查次数（兼职）"), null=True, blank=True, help_text=_("兼职督学可少于常规指标；留空按指标。")
    )
    phone = models.CharField(_("电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("责任督学")
        verbose_name_plural = _("责任督学")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class ResponsibilityZone(BaseModel):
    """A 督学责任区 of one term: its inspectors and the schools they answer for."""

    name = models.CharField(_("责任区"), max_length=64)
    term = models.ForeignKey("org.Term", verbose_name=_("学期"), on_delete=models.PROTECT, related_name="+")
    inspectors = models.ManyToManyField(Inspector, verbose_name=_("责任督学"), related_name="zones")
    schools = models.ManyToManyField("org.School", verbose_name=_("学校"), blank=True, related_name="inspection_zones")

    class Meta:
        verbose_name = _("督学责任区")
        verbose_name_plural = _("督学责任区")
        ordering = ["term", "name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="inspection_zone_unique_name_per_term",
                                    violation_error_message=_("本学期已有同名责任区"))
        ]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        return Q(pk__in=_ids_through(cls.schools.through, "responsibilityzone_id", school_ids))

    def owning_school_ids(self) -> set[int]:
        return set(self.schools.values_list("pk", flat=True)) if self.pk else set()


class QuotaRule(BaseModel):
    """One visit kind's quotas (settings, never code): 每周督查不少于x次、每次不少于x个单位、每校每学期/每月x次."""

    class Per(models.TextChoices):
        TERM = "term", _("每学期")
        MONTH = "month", _("每月")

    kind = models.CharField(_("督导类型"), max_length=16, choices=VisitKind.choices, unique=True)
    visits_per_inspector_per_week = models.PositiveSmallIntegerField(_("每名督学每周次数"), default=0)
    schools_per_visit_min = models.PositiveSmallIntegerField(_("每次最少学校数"), default=1)
    schools_per_visit_max = models.PositiveSmallIntegerField(_("每次最多学校数"), default=3)
    visits_per_school = models.PositiveSmallIntegerField(_("每校次数"), default=0)
    per = models.CharField(_("每校次数按"), max_length=8, choices=Per.choices, default=Per.TERM)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("督导指标")
        verbose_name_plural = _("督导指标")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(schools_per_visit_max__gte=models.F("schools_per_visit_min")),
                name="inspection_quota_max_not_below_min",
                violation_error_message=_("每次最多学校数不能少于最少学校数"),
            ),
            models.CheckConstraint(condition=Q(schools_per_visit_min__gte=1), name="inspection_quota_min_one",
                                   violation_error_message=_("每次至少督导1个单位")),
        ]

    def __str__(self):
        return str(self.get_kind_display())


class BlockedDay(BaseModel):
    """A day no visit is planned: a holiday, a day of an exam week (blocks Mon–Fri), or an inspector's leave."""

    region_path = "inspector__user__profile__region"

    class Reason(models.TextChoices):
        HOLIDAY = "holiday", _("节假日")
        EXAM_WEEK = "exam_week", _("考试周")
        LEAVE = "leave", _("督学请假/培训")

    day = models.DateField(_("日期"))
    reason = models.CharField(_("类型"), max_length=16, choices=Reason.choices)
    inspector = models.ForeignKey(Inspector, verbose_name=_("督学"), null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="blocked_days", help_text=_("仅“督学请假/培训”需要"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("不安排督导的日期")
        verbose_name_plural = _("不安排督导的日期")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason="leave", inspector__isnull=False) | (~Q(reason="leave") & Q(inspector__isnull=True)),
                name="inspection_blocked_leave_has_inspector",
                violation_error_message=_("请假/培训须指定督学，节假日和考试周不指定督学"),
            )
        ]

    def __str__(self):
        return f"{self.day} {self.get_reason_display()}"


class Checklist(BaseModel):
    """A 督导检查表 for one visit kind (data the 督导室 edits)."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("督导类型"), max_length=16, choices=VisitKind.choices)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("检查表")
        verbose_name_plural = _("检查表")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    @property
    def max_score(self) -> int:
        return sum(item.points for item in self.items.all())


class ChecklistItem(BaseModel):
    """One check: its text, its points, and whether a 不符合 answer raises a finding (of which category)."""

    checklist = models.ForeignKey(Checklist, verbose_name=_("检查表"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    text = models.CharField(_("检查内容"), max_length=200)
    category = models.CharField(_("问题类别"), max_length=16, choices=Category.choices)
    points = models.PositiveSmallIntegerField(_("分值"), default=5)
    raises_finding = models.BooleanField(_("不符合时记为问题"), default=True)
    severity = models.CharField(_("默认严重程度"), max_length=8, choices=Severity.choices, default=Severity.MINOR)

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["checklist", "position", "pk"]

    def __str__(self):
        return self.text


class PlannedVisit(BaseModel):
    """A visit the planner proposed and the 督导室 accepted: an inspector, a day, a kind, the schools."""

    region_path = "inspector__user__profile__region"

    term = models.ForeignKey("org.Term", verbose_name=_("学期"), on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey(Inspector, verbose_name=_("督学"), on_delete=models.PROTECT,
                                  related_name="planned_visits")
    day = models.DateField(_("日期"))
    kind = models.CharField(_("督导类型"), max_length=16, choices=VisitKind.choices)
    schools = models.ManyToManyField("org.School", verbose_name=_("学校"), related_name="planned_inspections")

    class Meta:
        verbose_name = _("计划督导")
        verbose_name_plural = _("计划督导")
        ordering = ["day", "inspector", "pk"]
        indexes = [models.Index(fields=["day", "inspector"], name="inspection_planned_day_list")]  # issue 16

    def __str__(self):
        return f"{self.day} {self.inspector} {self.get_kind_display()}"

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        return Q(pk__in=_ids_through(cls.schools.through, "plannedvisit_id", school_ids))

    def owning_school_ids(self) -> set[int]:
        return set(self.schools.values_list("pk", flat=True)) if self.pk else set()


class Visit(BaseModel):
    """A visit as it happened (or was missed): date, inspectors, schools, kind, checklist, notes."""

    region_path = "recorded_by__profile__region"

    class Status(models.TextChoices):
        DONE = "done", _("已完成")
        MISSED = "missed", _("未完成")

    day = models.DateField(_("日期"))
    kind = models.CharField(_("督导类型"), max_length=16, choices=VisitKind.choices)
    inspectors = models.ManyToManyField(Inspector, verbose_name=_("督学"), related_name="visits")
    schools = models.ManyToManyField("org.School", verbose_name=_("学校"), related_name="inspection_visits")
    checklist = models.ForeignKey(Checklist, verbose_name=_("检查表"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="visits")
    planned = models.OneToOneField(PlannedVisit, verbose_name=_("对应计划"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="visit")
    status = models.CharField(_("完成情况"), max_length=8, choices=Status.choices, default=Status.DONE)
    notes = models.TextField(_("督导记录"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("督导记录")
        verbose_name_plural = _("督导记录")
        ordering = ["-day", "-pk"]
        # The visit list pages newest first (issue 16): the order read off an index.
        indexes = [models.Index(fields=["-day", "-id"], name="inspection_visit_day_list")]

    def __str__(self):
        return f"{self.day} {self.get_kind_display()}"

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        return Q(pk__in=_ids_through(cls.schools.through, "visit_id", school_ids))

    def owning_school_ids(self) -> set[int]:
        return set(self.schools.values_list("pk", flat=True)) if self.pk else set()


class VisitPhoto(BaseModel):
    """A photo taken on a visit (at one school when known)."""

    scope_path = "school"

    visit = models.ForeignKey(Visit, verbose_name=_("督导记录"), on_delete=models.CASCADE, related_name="photos")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("照片"), upload_to="inspection/%Y/%m/", validators=[validate_upload])
    caption = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["visit", "pk"]

    def __str__(self):
        return self.caption or self.file.name


class VisitAnswer(BaseModel):
    """The answer to one checklist item at one school of a visit."""

    scope_path = "school"

    visit = models.ForeignKey(Visit, verbose_name=_("督导记录"), on_delete=models.CASCADE, related_name="answers")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("检查项"), on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("结果"), max_length=4, choices=Answer.choices)
    score = models.PositiveSmallIntegerField(_("得分"), default=0)
    note = models.CharField(_("情况说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = _("检查结果")
        ordering = ["visit", "school", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "school", "item"], name="inspection_answer_unique")
        ]

    def __str__(self):
        return f"{self.item} {self.get_answer_display()}"


class Finding(BaseModel):
    """A problem found at a school on a visit: category, severity, the checklist item it came from."""

    scope_path = "school"

    visit = models.ForeignKey(Visit, verbose_name=_("督导记录"), on_delete=models.CASCADE, related_name="findings")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT,
                               related_name="inspection_findings")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("检查项"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    category = models.CharField(_("问题类别"), max_length=16, choices=Category.choices)
    severity = models.CharField(_("严重程度"), max_length=8, choices=Severity.choices, default=Severity.MINOR)
    description = models.TextField(_("问题描述"))
    found_on = models.DateField(_("发现日期"))

    class Meta:
        verbose_name = _("督导发现问题")
        verbose_name_plural = _("督导发现问题")
        ordering = ["-found_on", "pk"]
        indexes = [models.Index(fields=["-found_on", "id"], name="inspection_finding_day_list")]  # issue 16

    def __str__(self):
        return f"{self.school} {self.get_category_display()}"


class Rectification(BaseModel):
    """A 整改通知: the findings it answers; its life cycle (issued → answered → verified) is the core FollowUp."""

    scope_path = "followup__school"

    followup = models.OneToOneField("core.FollowUp", verbose_name=_("办理事项"), on_delete=models.PROTECT,
                                    related_name="rectification")
    findings = models.ManyToManyField(Finding, verbose_name=_("问题"), related_name="rectifications")
    number = models.CharField(_("通知编号"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("整改通知")
        verbose_name_plural = _("整改通知")
        ordering = ["-followup__issued_on", "-pk"]

    def __str__(self):
        return self.number or str(self.followup)


class PlanRun(models.Model):
    """One run of the visit planner, computed in the background; the page previews its result until accepted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("计算中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    term = models.ForeignKey("org.Term", verbose_name=_("学期"), on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    from_day = models.DateField(_("从哪天起重排"), null=True, blank=True)
    max_km_per_day = models.FloatField(_("同日学校间最远距离"), null=True, blank=True)
    time_limit = models.PositiveSmallIntegerField(_("求解时间上限（秒）"), default=10)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.PENDING)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    accepted = models.BooleanField(_("已采用"), default=False)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("计划求解")
        verbose_name_plural = _("计划求解")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.term} {self.created:%Y-%m-%d %H:%M}"

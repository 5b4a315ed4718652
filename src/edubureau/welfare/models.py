"""Students' welfare (issue 13): 学籍 changes, the reconciliation with the national 学籍, 控辍保学, 学生资助 and the
care rosters. The engines decide (``people.roll_changes``, ``people.roll_reconcile``, ``engine.dropout``,
``engine.aid``); these rows keep what was decided, by whom and when, and every change is audited."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard
from edubureau.core.models import BaseModel, BureauOnlyQuerySet, ScopedQuerySet
from edubureau.core.settings_row import SettingsRow
from edubureau.core.validators import validate_id_number, validate_upload

from .engine.aid import PRIORITY_GROUPS, recognition_score
from .engine.dropout import CLOSINGS
from .permissions import sees_family

__all__ = [
    "AidProgram", "AidRecognition", "CareProfile", "DropoutCase", "DropoutEntry", "Grant", "HomeVisit",
    "HouseholdChild", "NationalRollImport", "PupilAbsence", "RollChange", "RollDifference", "WelfareSettings",
]

_ON_DELETE_KEEP = models.PROTECT  # a pupil with a welfare record is not deleted; the record is the proof


def _choices(values) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


class FamilyQuerySet(ScopedQuerySet):
    """Rows that tell a family's situation (a 认定, a grant, a care record): read only by those ``sees_family``
    allows, on every page, export and API alike. Everybody else in scope reads counts and sums (``for_totals``)."""

    def visible_to(self, user):
        return super().visible_to(user) if sees_family(user) else self.none()

    def for_totals(self, user):
        """The rows in the user's scope, to be aggregated only (never listed): the leaders' counts and sums."""
        return super().visible_to(user)


# --- 学籍变动 ---------------------------------------------------------------------------------------------------


class RollChange(BaseModel):
    """One 学籍变动 of a pupil (``rolls`` runs it through ``people.roll_changes``).

    A 转学 within the county is pending until both schools confirm; the pupil stays in the sending school until
    then. Every other kind takes effect when filed.
    """

    school_writable = True
    school_locked_fields = ("state", "out_confirmed_on", "in_confirmed_on", "filed_by")

    class Kind(models.TextChoices):
        TRANSFER = "转学", _("转学（县内）")
        OUT = "转出", _("转出（县外）")
        IN = "转入", _("转入（县外转入）")
        SUSPEND = "休学", _("休学")
        RESUME = "复学", _("复学")
        DEATH = "死亡", _("死亡")

    class State(models.TextChoices):
        PENDING = "待确认", _("待双方确认")
        DONE = "已生效", _("已生效")
        WITHDRAWN = "已撤回", _("已撤回")

    student = models.ForeignKey("people.Student", verbose_name=_("学生"), on_delete=_ON_DELETE_KEEP,
                                related_name="roll_changes")
    school = models.ForeignKey("org.School", verbose_name=_("办理学校"), on_delete=models.PROTECT,
                               related_name="+", help_text=_("学生办理时所在的学校；县外转入为接收学校"))
    kind = models.CharField(_("变动类型"), max_length=4, choices=Kind.choices)
    day = models.DateField(_("变动日期"))
    to_school = models.ForeignKey("org.School", verbose_name=_("转入学校"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", help_text=_("县内转学的接收学校"))
    destination = models.CharField(_("转往/转自"), max_length=100, blank=True,
                                   help_text=_("县外转出写接收学校全称（省市县+学校），县外转入写原学校"))
    until = models.DateField(_("休学至"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200)
    document = models.FileField(_("证明材料"), upload_to="welfare/roll/%Y/%m/", blank=True,
                                validators=[validate_upload],
                                help_text=_("如转学联系函、接收证明、病历、死亡证明"))
    state = models.CharField(_("状态"), max_length=4, choices=State.choices, default=State.DONE)
    # The class the pupil left, kept when a 转学 takes effect, so the roll of an earlier day puts them back in it.
    from_class = models.ForeignKey("people.SchoolClass", verbose_name=_("原班级"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    out_confirmed_on = models.DateField(_("转出学校确认日期"), null=True, blank=True)
    in_confirmed_on = models.DateField(_("接收学校确认日期"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("学籍变动")
        verbose_name_plural = _("学籍变动")
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["student", "day"])]

    def __str__(self):
        return _("{name}{kind}（{day:%Y年%m月%d日}）").format(name=self.student.name, kind=self.kind, day=self.day)

    def get_absolute_url(self):
        return reverse("welfare:rollchange_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        return Q(school__in=school_ids) | Q(to_school__in=school_ids)

    def owning_school_ids(self) -> set[int]:
        return {i for i in (self.school_id, self.to_school_id) if i}


# --- 与国家学籍系统比对 -----------------------------------------------------------------------------------------


class NationalRollImport(BaseModel):
    """One national 学籍 export read against the roll: the counts, and the differences queued for the clerks."""

    region_path = "region"

    region = models.ForeignKey("org.Region", verbose_name=_("区县"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("文件名"), max_length=255)
    rows = models.PositiveIntegerField(_("国家学籍行数"), default=0)
    roll_rows = models.PositiveIntegerField(_("本系统学籍人数"), default=0)
    matched = models.PositiveIntegerField(_("一致匹配"), default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("国家学籍比对")
        verbose_name_plural = _("国家学籍比对")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return _("{name}（{day:%Y年%m月%d日}）").format(name=self.filename, day=timezone.localtime(self.created))

    def get_absolute_url(self):
        return reverse("welfare:nationalrollimport_detail", args=[self.pk])


class RollDifference(BaseModel):
    """One difference between the national 学籍 and the roll, for a clerk to resolve; nothing is changed silently."""

    scope_path = "school"
    region_path = "batch__region"
    school_writable = True
    school_locked_fields = ("batch", "kind", "field", "national", "roll", "student", "school", "label")

    class Kind(models.TextChoices):
        ONLY_NATIONAL = "仅国家系统有", _("仅国家学籍系统有")
        ONLY_ROLL = "仅本系统有", _("仅本系统有")
        DIFFERENT = "信息不一致", _("信息不一致")
        INVALID_ID = "身份证号有误", _("身份证号校验未通过")

    class Resolution(models.TextChoices):
        OPEN = "", _("待处理")
        FIXED_HERE = "已更正本系统", _("以国家学籍为准，已更正本系统")
        FIX_NATIONAL = "报国家系统更正", _("以本系统为准，由学校在国家学籍系统中更正")
        CONFIRMED = "核实无误", _("核实无误（如已办转学、待国家系统同步）")

    batch = models.ForeignKey(NationalRollImport, verbose_name=_("比对批次"), on_delete=models.CASCADE,
                              related_name="differences")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey("people.Student", verbose_name=_("学生"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("差异类型"), max_length=8, choices=Kind.choices)
    label = models.CharField(_("学生"), max_length=64, help_text=_("姓名与脱敏的证件号"))
    field = models.CharField(_("字段"), max_length=16, blank=True)
    national = models.CharField(_("国家学籍"), max_length=64, blank=True)
    roll = models.CharField(_("本系统"), max_length=64, blank=True)
    resolution = models.CharField(_("处理结果"), max_length=8, choices=Resolution.choices, blank=True,
                                  default=Resolution.OPEN)
    note = models.CharField(_("处理说明"), max_length=200, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    resolved_on = models.DateField(_("处理日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("学籍差异")
        verbose_name_plural = _("学籍差异")
        ordering = ["batch", "school", "kind", "pk"]

    def __str__(self):
        what = self.field or self.get_kind_display()
        return f"{self.label} {what}"


# --- 控辍保学 --------------------------------------------------------------------------------------------------


class HouseholdChild(BaseModel):
    """A child of the 户籍 file the 公安 gives the bureau (四查三比对: 户籍 vs 学籍)."""

    region_path = "region"
    objects = BureauOnlyQuerySet.as_manager()  # the bureau's list: no school or inspector reads the county's 户籍

    region = models.ForeignKey("org.Region", verbose_name=_("区县"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True, validators=[validate_id_number])
    name = models.CharField(_("姓名"), max_length=32)
    township = models.CharField(_("乡镇（街道）"), max_length=32)
    address = models.CharField(_("户籍地址"), max_length=100, blank=True)
    guardian = models.CharField(_("监护人"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("户籍适龄儿童")
        verbose_name_plural = _("户籍适龄儿童")
        ordering = ["township", "id_number"]

    def __str__(self):
        return self.name

    @property
    def birth_date(self):
        return idcard.birth_date(self.id_number)

    @property
    def masked_id_number(self) -> str:
        return idcard.mask(self.id_number)


class PupilAbsence(BaseModel):
    """A pupil's day of absence as the school records it (学籍 vs 在校: a run of them is 疑似辍学)."""

    scope_path = "student__school"
    school_writable = True

    student = models.ForeignKey("people.Student", verbose_name=_("学生"), on_delete=models.CASCADE,
                                related_name="absences")
    day = models.DateField(_("缺课日期"))
    reason = models.CharField(_("原因"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("学生缺课")
        verbose_name_plural = _("学生缺课")
        ordering = ["-day", "student"]
        constraints = [models.UniqueConstraint(fields=["student", "day"], name="welfare_absence_once_a_day",
                                               violation_error_message=_("该生这一天已登记缺课"))]

    def __str__(self):
        return _("{name} {day:%Y年%m月%d日}缺课").format(name=self.student.name, day=self.day)


class DropoutCase(BaseModel):
    """一人一案: one child's 劝返 case, from the risk to 复学 or 销号, on a follow-up owed by the school."""

    scope_path = "school"
    school_writable = True
    school_locked_fields = ("state", "followup", "closing", "closed_on", "risk")

    STATES = _choices(("疑似", "核实", "辍学", "劝返中", "复学", "销号"))

    school = models.ForeignKey("org.School", verbose_name=_("责任学校"), on_delete=models.PROTECT,
                               related_name="dropout_cases")
    student = models.ForeignKey("people.Student", verbose_name=_("学生"), null=True, blank=True,
                                on_delete=_ON_DELETE_KEEP, related_name="dropout_cases")
    household = models.ForeignKey(HouseholdChild, verbose_name=_("户籍儿童"), null=True, blank=True,
                                  on_delete=_ON_DELETE_KEEP, related_name="dropout_cases",
                                  help_text=_("适龄未入学、不在任何学籍中的儿童"))
    name = models.CharField(_("姓名"), max_length=32)
    township = models.CharField(_("乡镇（街道）"), max_length=32, blank=True)
    risk = models.CharField(_("风险类型"), max_length=16)
    reason = models.CharField(_("发现情况"), max_length=200)
    state = models.CharField(_("状态"), max_length=4, choices=STATES, default="疑似")
    school_head = models.CharField(_("学校责任人"), max_length=32, help_text=_("一般为校长"))
    township_head = models.CharField(_("乡镇责任人"), max_length=32, blank=True)
    bureau_head = models.CharField(_("教育局责任人"), max_length=32, blank=True)
    closing = models.CharField(_("销号去向"), max_length=16, choices=_choices(CLOSINGS), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    followup = models.OneToOneField("core.FollowUp", verbose_name=_("办理流程"), on_delete=models.PROTECT,
                                    related_name="dropout_case")

    class Meta:
        verbose_name = _("劝返事项")
        verbose_name_plural = _("劝返事项")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return _("{name}（{risk}）").format(name=self.name, risk=self.risk)

    def get_absolute_url(self):
        return reverse("welfare:dropoutcase_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state not in ("复学", "销号")


class DropoutEntry(models.Model):
    """A line of a case's trail: a step (核实, 辍学, 复学, 销号 …) or a 劝返 attempt: who went, what came of it."""

    case = models.ForeignKey(DropoutCase, verbose_name=_("劝返事项"), on_delete=models.CASCADE,
                             related_name="entries")
    day = models.DateField(_("日期"))
    step = models.CharField(_("环节"), max_length=4, blank=True, help_text=_("空：一次劝返"))
    people = models.CharField(_("参与人员"), max_length=100, blank=True)
    text = models.CharField(_("情况"), max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True,
                              on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("劝返记录")
        verbose_name_plural = _("劝返记录")
        ordering = ["day", "pk"]

    def __str__(self):
        return f"{self.case_id} {self.day} {self.step or '劝返'}"


# --- 学生资助 --------------------------------------------------------------------------------------------------

LEVELS = ("学前", "小学", "初中", "高中", "中职")


class AidProgram(BaseModel):
    """A 资助项目 of a year with its yearly amounts by level (``engine.aid.Program``) and the term's budget."""

    region_path = "region"

    region = models.ForeignKey("org.Region", verbose_name=_("区县"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("资助年度"), help_text=_("学年的起始年份，如2026表示2026—2027学年"))
    name = models.CharField(_("项目名称"), max_length=40)
    levels = models.JSONField(_("资助学段"), default=list, help_text="、".join(LEVELS))
    yearly = models.JSONField(_("年资助标准（元）"), default=dict,
                              help_text=_("按学段，如 {\"小学\": 1250, \"初中\": 1500}"))
    day_share = models.DecimalField(_("走读生比例"), max_digits=3, decimal_places=2, default=Decimal(1),
                                    validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
                                    help_text=_("义务教育生活补助走读生按寄宿生的一半；其他项目为1"))
    needs_recognition = models.BooleanField(_("须经困难认定"), default=True)
    term_budget = models.DecimalField(_("每学期预算（元）"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("资助项目")
        verbose_name_plural = _("资助项目")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "name"], name="welfare_program_once",
                                               violation_error_message=_("该年度已有同名资助项目"))]

    def __str__(self):
        return _("{year}年度{name}").format(year=self.year, name=self.name)


class AidRecognition(BaseModel):
    """家庭经济困难学生认定: the application, the indicator score, the committee's 档次, 公示, appeal and review.

    The family's situation (``family_situation``, ``indicators``, ``groups``) is read only by the school's 资助 staff
    and the bureau's 资助 centre (``permissions.sees_family``); the 公示 shows names and 档次 only.
    """

    objects = FamilyQuerySet.as_manager()
    scope_path = "school"
    school_writable = True
    school_locked_fields = ("state", "reviewed_by", "review_note")

    class Tier(models.TextChoices):
        NONE = "", _("未评定")
        GENERAL = "一般困难", _("一般困难")
        HARD = "困难", _("困难")
        SPECIAL = "特别困难", _("特别困难")
        NOT = "不认定", _("不认定")

    class State(models.TextChoices):
        APPLIED = "已申请", _("已申请")
        PUBLIC = "公示中", _("公示中")
        APPEAL = "申诉中", _("申诉中")
        RECOGNISED = "已认定", _("已认定")
        REFUSED = "未认定", _("未认定")

    student = models.ForeignKey("people.Student", verbose_name=_("学生"), on_delete=_ON_DELETE_KEEP,
                                related_name="aid_recognitions")
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("认定年度"))
    groups = models.JSONField(_("特殊困难群体"), default=list, blank=True, help_text="、".join(PRIORITY_GROUPS))
    indicators = models.JSONField(_("认定指标"), default=dict, blank=True)
    score = models.DecimalField(_("指标得分"), max_digits=5, decimal_places=1, default=Decimal(0))
    family_situation = models.TextField(_("家庭经济情况"), blank=True)
    tier = models.CharField(_("认定档次"), max_length=4, choices=Tier.choices, blank=True, default=Tier.NONE)
    state = models.CharField(_("状态"), max_length=4, choices=State.choices, default=State.APPLIED)
    public_until = models.DateField(_("公示截止"), null=True, blank=True)
    appeal = models.CharField(_("申诉理由"), max_length=200, blank=True)
    review_note = models.CharField(_("教育局复核意见"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("复核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("家庭经济困难学生认定")
        verbose_name_plural = _("家庭经济困难学生认定")
        ordering = ["-year", "school", "-score"]
        constraints = [models.UniqueConstraint(fields=["student", "year"], name="welfare_recognition_once_a_year",
                                               violation_error_message=_("该生本年度已有认定"))]

    def __str__(self):
        return _("{name}{year}年度困难认定").format(name=self.student.name, year=self.year)

    def save(self, *args, **kwargs):
        self.score = Decimal(recognition_score(self.indicators or {}))  # the weights are the engine's data
        super().save(*args, **kwargs)


class Grant(BaseModel):
    """One payment of a program to a pupil for a term, by the paying school. Not unique on purpose: a pupil paid
    twice (by both schools of a transfer) must be recordable to be caught (``engine.aid.check_term``)."""

    objects = FamilyQuerySet.as_manager()
    scope_path = "school"
    school_writable = True

    term = models.ForeignKey("org.Term", verbose_name=_("学期"), on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(AidProgram, verbose_name=_("资助项目"), on_delete=models.PROTECT,
                                related_name="grants")
    student = models.ForeignKey("people.Student", verbose_name=_("学生"), on_delete=_ON_DELETE_KEEP,
                                related_name="grants")
    school = models.ForeignKey("org.School", verbose_name=_("发放学校"), on_delete=models.PROTECT,
                               related_name="+")
    amount = models.DecimalField(_("金额（元）"), max_digits=9, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    boarder = models.BooleanField(_("寄宿生"), default=False)
    account = models.CharField(_("代发账号"), max_length=32, blank=True, help_text=_("社保卡或惠民惠农“一卡通”账号"))
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("资助发放")
        verbose_name_plural = _("资助发放")
        ordering = ["-term__school_year__start_year", "-term__number", "school", "program", "student"]
        indexes = [models.Index(fields=["term", "program"])]

    def __str__(self):
        return _("{name} {program} {amount}元").format(name=self.student.name, program=self.program.name,
                                                        amount=self.amount)

    @property
    def masked_account(self) -> str:
        return f"{self.account[:4]}{'*' * max(len(self.account) - 8, 0)}{self.account[-4:]}" if self.account else ""


# --- 关爱群体 --------------------------------------------------------------------------------------------------


class CareProfile(BaseModel):
    """What a care roster needs beyond the pupil's flags: the guardian and the parents' work place of a 留守
    child, a disabled child's category and placement (送教上门 with its teacher), a 困境儿童's situation."""

    objects = FamilyQuerySet.as_manager()
    scope_path = "student__school"
    school_writable = True

    class Placement(models.TextChoices):
        NONE = "", _("—")
        INCLUSIVE = "随班就读", _("随班就读")
        SPECIAL = "特教学校", _("特殊教育学校")
        HOME = "送教上门", _("送教上门")

    DISABILITIES = _choices(("视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾"))

    student = models.OneToOneField("people.Student", verbose_name=_("学生"), on_delete=models.CASCADE,
                                   related_name="care")
    guardian = models.CharField(_("监护人"), max_length=32, blank=True)
    guardian_relation = models.CharField(_("与学生关系"), max_length=16, blank=True)
    guardian_phone = models.CharField(_("监护人电话"), max_length=20, blank=True)
    parents_work_place = models.CharField(_("父母务工地"), max_length=100, blank=True)
    disability = models.CharField(_("残疾类别"), max_length=8, choices=DISABILITIES, blank=True)
    placement = models.CharField(_("安置方式"), max_length=8, choices=Placement.choices, blank=True,
                                 default=Placement.NONE)
    home_teacher = models.ForeignKey("people.Staff", verbose_name=_("送教教师"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    visits_per_term = models.PositiveSmallIntegerField(_("每学期计划送教（次）"), default=0)
    hardship = models.CharField(_("困境儿童情形"), max_length=100, blank=True,
                                help_text=_("如：父母重病重残、事实无人抚养；不是困境儿童的留空"))

    class Meta:
        verbose_name = _("关爱档案")
        verbose_name_plural = _("关爱档案")
        ordering = ["student"]

    def __str__(self):
        return _("{name}的关爱档案").format(name=self.student.name)

    @property
    def masked_phone(self) -> str:
        return idcard.mask_phone(self.guardian_phone) if self.guardian_phone else ""


class HomeVisit(BaseModel):
    """One 送教上门 visit: when, by whom, what was taught."""

    objects = FamilyQuerySet.as_manager()
    scope_path = "profile__student__school"
    school_writable = True

    profile = models.ForeignKey(CareProfile, verbose_name=_("关爱档案"), on_delete=models.CASCADE,
                                related_name="visits")
    day = models.DateField(_("送教日期"))
    teachers = models.CharField(_("送教人员"), max_length=64)
    hours = models.DecimalField(_("课时"), max_digits=3, decimal_places=1, default=Decimal(2))
    content = models.CharField(_("送教内容"), max_length=200)

    class Meta:
        verbose_name = _("送教上门记录")
        verbose_name_plural = _("送教上门记录")
        ordering = ["-day", "-pk"]

    def __str__(self):
        return _("{name} {day:%Y年%m月%d日}送教").format(name=self.profile.student.name, day=self.day)


# --- 设置 --------------------------------------------------------------------------------------------------------


class WelfareSettings(SettingsRow):
    """学生工作设置: the county's numbers of the 控辍保学 and 资助 rules, one row for the instance (as 人事设置);
    an unsaved row with the defaults when none was saved."""

    absence_days = models.PositiveSmallIntegerField(
        _("连续缺课预警（上学日）"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("连续缺课达到此天数的学生列入疑似辍学名单；各地多为3至7天"))
    answer_days = models.PositiveSmallIntegerField(
        _("劝返办理期限（天）"), default=30, validators=[MinValueValidator(3), MaxValueValidator(180)],
        help_text=_("立案后须在此期限内复学或销号，逾期按限期办理事项提醒、提级"))
    transfer_wait_days = models.PositiveSmallIntegerField(
        _("转学待接收预警（天）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("县内转学发起后超过此天数仍未被接收的，列入风险名单（可能不在任何学校）"))
    public_days = models.PositiveSmallIntegerField(
        _("困难认定公示（工作日）"), default=5, validators=[MinValueValidator(5), MaxValueValidator(30)],
        help_text=_("教财〔2018〕16号：结果公示不少于5个工作日"))

    class Meta:
        verbose_name = _("学生工作设置")
        verbose_name_plural = _("学生工作设置")

    def dropout_rules(self):
        from .engine.dropout import DropoutRules

        return DropoutRules(absence_days=self.absence_days)

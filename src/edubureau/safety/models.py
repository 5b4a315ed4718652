"""School safety (issue 15): 隐患排查整改 on the follow-up life cycle, 专项检查 campaigns, school buses, canteens and
drills. The engines decide (``engine.hazards``, ``engine.papers``, ``engine.drills``); these rows keep the facts.

A hazard and a campaign's report are each tied one-to-one to a core FollowUp owed by the school: the school answers
with its measures, the 安全科 verifies (销号) or sends it back. A 重大 hazard's follow-up is reported to the leaders
the moment it is opened (``services.open_hazard``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard
from edubureau.core.models import BaseModel
from edubureau.core.settings_row import SettingsRow
from edubureau.core.validators import validate_upload

from .engine.checklists import CATEGORIES
from .engine.drills import MIN_SAMPLE_GRAMS, MIN_SAMPLE_HOURS
from .engine.hazards import DEADLINE_DAYS, GRADES
from .engine.papers import overload_message

__all__ = ["Campaign", "Canteen", "Drill", "Driver", "Hazard", "Inspection", "MealCompanion", "PaperAlert", "Route",
           "SafetySettings", "SampleCheck", "SelfCheckAlert", "Supplier", "Vehicle"]

CATEGORY_CHOICES = [(c, c) for c in CATEGORIES]
GRADE_CHOICES = [(g, g) for g in GRADES]


class SafetySettings(SettingsRow):
    """安全设置: the deadline of each hazard grade, the drills a school owes per term, the 留样 rule, warning days."""

    days_general = models.PositiveSmallIntegerField(_("一般隐患整改期限（天）"), default=DEADLINE_DAYS["一般"],
                                                    validators=[MinValueValidator(1)])
    days_major = models.PositiveSmallIntegerField(_("较大隐患整改期限（天）"), default=DEADLINE_DAYS["较大"],
                                                  validators=[MinValueValidator(1)])
    days_grave = models.PositiveSmallIntegerField(_("重大隐患整改期限（天）"), default=DEADLINE_DAYS["重大"],
                                                  validators=[MinValueValidator(1)])
    drills_per_term = models.PositiveSmallIntegerField(
        _("每学期最少演练次数"), default=4, validators=[MinValueValidator(1)],
        help_text=_("中小学每月至少1次、幼儿园每季度至少1次（中小学幼儿园应急疏散演练指南）"))
    # 学校月度自查 (Inspection kind 自查, a campaign's self-check counts too): a school short of it in a month is
    # listed on the 安全工作台 and, once the month is over, owes a follow-up (``services.scan_self_checks``).
    self_checks_per_month = models.PositiveSmallIntegerField(
        _("中小学每月安全自查次数"), default=1, validators=[MinValueValidator(1)],
        help_text=_("学校每月至少开展1次安全隐患排查自查"))
    kindergarten_self_checks_per_month = models.PositiveSmallIntegerField(
        _("幼儿园每月安全自查次数"), default=1, validators=[MinValueValidator(1)])
    sample_grams = models.PositiveSmallIntegerField(_("每个品种留样不少于（克）"), default=MIN_SAMPLE_GRAMS)
    sample_hours = models.PositiveSmallIntegerField(_("留样保存不少于（小时）"), default=MIN_SAMPLE_HOURS)
    warn_days = models.PositiveSmallIntegerField(_("证照到期提前提醒（天）"), default=30,
                                                 validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("安全设置")
        verbose_name_plural = _("安全设置")

    def deadline_days(self) -> dict[str, int]:
        return {"一般": self.days_general, "较大": self.days_major, "重大": self.days_grave}

    def self_checks_owed(self, school_kind: str) -> int:
        """The 自查 a school of ``school_kind`` (``org.choices.SchoolKind``) owes a month."""
        if school_kind == "kindergarten":
            return self.kindergarten_self_checks_per_month
        return self.self_checks_per_month


# --- 检查与隐患 --------------------------------------------------------------------------------------------------


class Campaign(BaseModel):
    """A 专项检查 the 安全科 sends to every school (汛期, 开学, 防溺水 …): each school owes its self-check."""

    region_path = "region"

    class Kind(models.TextChoices):
        FLOOD = "汛期", _("汛期安全")
        TERM_START = "开学", _("开学安全")
        DROWNING = "防溺水", _("防溺水")
        OTHER = "其他", _("其他专项")

    region = models.ForeignKey("org.Region", verbose_name=_("区县"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    title = models.CharField(_("专项检查名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    categories = models.JSONField(_("检查类别"), default=list, blank=True)
    issued_on = models.DateField(_("下发日期"))
    due = models.DateField(_("自查报送截止"))
    requirements = models.TextField(_("工作要求"), blank=True)
    sent_on = models.DateField(_("已下发至学校"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("专项检查")
        verbose_name_plural = _("专项检查")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("safety:campaign_detail", args=[self.pk])

    def clean(self):
        if self.issued_on and self.due and self.due < self.issued_on:
            raise ValidationError({"due": _("截止日期不能早于下发日期。")})
        unknown = [c for c in self.categories or [] if c not in CATEGORIES]
        if unknown:
            raise ValidationError({"categories": _("未知的检查类别：{c}").format(c="、".join(unknown))})


class Inspection(BaseModel):
    """One safety check of a school: its monthly 自查, a bureau 抽查, or its part of a 专项 campaign."""

    scope_path = "school"
    school_writable = True
    school_locked_fields = ("campaign", "followup")

    class Kind(models.TextChoices):
        SELF = "自查", _("学校月度自查")
        SPOT = "抽查", _("教育局抽查")
        CAMPAIGN = "专项", _("专项检查")

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("检查类型"), max_length=4, choices=Kind.choices)
    campaign = models.ForeignKey(Campaign, verbose_name=_("专项检查"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="inspections")
    day = models.DateField(_("检查日期"), null=True, blank=True, help_text=_("专项检查由学校自查后填写"))
    inspectors = models.CharField(_("检查人员"), max_length=100, blank=True)
    categories = models.JSONField(_("检查类别"), default=list, blank=True)
    summary = models.TextField(_("检查情况"), blank=True)
    followup = models.OneToOneField("core.FollowUp", verbose_name=_("报送事项"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="safety_inspection", editable=False)

    class Meta:
        verbose_name = _("安全检查")
        verbose_name_plural = _("安全检查")
        ordering = ["-day", "-pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "school"], name="safety_one_report_per_campaign")]

    def __str__(self):
        what = self.campaign.title if self.campaign_id else self.get_kind_display()
        return f"{self.school}·{what}"


class Hazard(BaseModel):
    """A 隐患 found by a check (or reported): graded, owed by the school by its deadline (a follow-up)."""

    scope_path = "school"
    school_writable = True
    school_locked_fields = ("grade", "deadline", "followup", "code", "school")

    class Source(models.TextChoices):
        SELF = "自查", _("学校自查")
        SPOT = "抽查", _("教育局抽查")
        CAMPAIGN = "专项", _("专项检查")
        REPORT = "举报", _("举报投诉")

    code = models.CharField(_("隐患编号"), max_length=20, unique=True, help_text=_("如 YH2026-0001，留空自动编号"),
                            blank=True)
    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("隐患类别"), max_length=8, choices=CATEGORY_CHOICES)
    description = models.CharField(_("隐患描述"), max_length=300)
    grade = models.CharField(_("等级"), max_length=4, choices=GRADE_CHOICES, default="一般")
    source = models.CharField(_("发现途径"), max_length=4, choices=Source.choices, default=Source.SELF)
    inspection = models.ForeignKey(Inspection, verbose_name=_("所属检查"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="hazards")
    found_on = models.DateField(_("发现日期"))
    deadline = models.DateField(_("整改期限"), null=True, blank=True, help_text=_("留空按等级自动计算"))
    responsible = models.CharField(_("责任人"), max_length=50)
    measures = models.TextField(_("整改措施"), blank=True)
    photo = models.FileField(_("隐患照片"), upload_to="safety/hazards/%Y/%m/", blank=True, validators=[validate_upload])
    followup = models.OneToOneField("core.FollowUp", verbose_name=_("整改事项"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="safety_hazard", editable=False)

    class Meta:
        verbose_name = _("安全隐患")
        verbose_name_plural = _("安全隐患")
        ordering = ["-found_on", "-pk"]
        indexes = [models.Index(fields=["school", "found_on"])]

    def __str__(self):
        return f"{self.code or '隐患'} {self.description[:30]}"

    def get_absolute_url(self):
        return reverse("safety:hazard_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        """A new hazard gets its code and deadline, and its follow-up is opened (owed by the school)."""
        from .services import fill_hazard, open_hazard

        fill_hazard(self)
        new = self.followup_id is None
        super().save(*args, **kwargs)
        if new:
            # The issuer is the user of the form that recorded it (``HazardForm``), none from a script.
            open_hazard(self, user=getattr(self, "recorded_by", None))

    @property
    def status(self) -> str:
        if self.followup_id is None:
            return _("未下发")
        return self.followup.get_state_display()

    @property
    def completed_on(self):
        return self.followup.closed_on if self.followup_id else None

    @property
    def is_open(self) -> bool:
        return self.followup_id is not None and self.followup.is_open


# --- 校车 ------------------------------------------------------------------------------------------------------


class Vehicle(BaseModel):
    scope_path = "school"
    school_writable = True

    school = models.ForeignKey("org.School", verbose_name=_("使用学校"), on_delete=models.PROTECT, related_name="+")
    plate = models.CharField(_("车牌号"), max_length=12, unique=True)
    model_name = models.CharField(_("车型"), max_length=50, blank=True)
    seats = models.PositiveSmallIntegerField(_("核载人数"), validators=[MinValueValidator(1)])
    inspection_expiry = models.DateField(_("年检有效期至"))
    insurance_expiry = models.DateField(_("保险有效期至"))

    class Meta:
        verbose_name = _("校车")
        verbose_name_plural = _("校车")
        ordering = ["school", "plate"]

    def __str__(self):
        return self.plate


class Driver(BaseModel):
    scope_path = "school"
    school_writable = True

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("姓名"), max_length=20)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    vehicle = models.ForeignKey(Vehicle, verbose_name=_("驾驶校车"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="drivers")
    licence_class = models.CharField(_("准驾车型"), max_length=8, default="A1")
    licence_expiry = models.DateField(_("驾驶证有效期至"))
    qualification_expiry = models.DateField(_("校车驾驶资格有效期至"))

    class Meta:
        verbose_name = _("校车驾驶人")
        verbose_name_plural = _("校车驾驶人")
        ordering = ["school", "name"]

    def __str__(self):
        return self.name

    @property
    def masked_id_number(self) -> str:
        return idcard.mask(self.id_number) if self.id_number else ""

    @property
    def masked_phone(self) -> str:
        return idcard.mask_phone(self.phone) if self.phone else ""


class Route(BaseModel):
    """A bus route with its stops and the pupils it carries; more pupils than the bus's seats is refused."""

    scope_path = "school"
    school_writable = True

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("线路名称"), max_length=50)
    vehicle = models.ForeignKey(Vehicle, verbose_name=_("校车"), on_delete=models.PROTECT, related_name="routes")
    stops = models.TextField(_("停靠站点"), help_text=_("按顺序填写，用顿号分隔"))
    pupils = models.PositiveSmallIntegerField(_("乘车学生数"))
    escort = models.CharField(_("随车照管人员"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("校车线路")
        verbose_name_plural = _("校车线路")
        ordering = ["school", "name"]

    def __str__(self):
        return self.name

    @property
    def stop_list(self) -> list[str]:
        return [s.strip() for s in self.stops.replace(",", "、").replace("，", "、").split("、") if s.strip()]

    @property
    def overload_error(self) -> str | None:
        if self.vehicle_id is None:
            return None
        return overload_message(self.name, self.pupils or 0, self.vehicle.seats, self.vehicle.plate)

    def clean(self):
        if self.vehicle_id and self.school_id and self.vehicle.school_id != self.school_id:
            raise ValidationError({"vehicle": _("只能选择本校的校车。")})
        message = self.overload_error
        if message:
            raise ValidationError({"pupils": message})


class PaperAlert(BaseModel):
    """One follow-up raised for one paper expiring on one date: the daily scan opens it once, never again."""

    scope_path = "school"

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    paper = models.CharField(_("证照"), max_length=20)
    holder = models.CharField(_("对象"), max_length=60)
    holder_key = models.CharField(_("对象标识"), max_length=40, editable=False)
    expires = models.DateField(_("到期日期"))
    followup = models.OneToOneField("core.FollowUp", verbose_name=_("办理事项"), on_delete=models.PROTECT,
                                    related_name="safety_paper_alert", editable=False)

    class Meta:
        verbose_name = _("证照到期提醒")
        verbose_name_plural = _("证照到期提醒")
        ordering = ["expires", "pk"]
        constraints = [models.UniqueConstraint(fields=["holder_key", "paper", "expires"], name="safety_alert_once")]

    def __str__(self):
        return f"{self.holder}{self.paper}"


class SelfCheckAlert(BaseModel):
    """One follow-up for one school's missed monthly 自查: the daily scan opens it once per school and month."""

    scope_path = "school"

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    done = models.PositiveSmallIntegerField(_("已自查次数"))
    owed = models.PositiveSmallIntegerField(_("应自查次数"))
    followup = models.OneToOneField("core.FollowUp", verbose_name=_("补报事项"), on_delete=models.PROTECT,
                                    related_name="safety_selfcheck_alert", editable=False)

    class Meta:
        verbose_name = _("月度自查提醒")
        verbose_name_plural = _("月度自查提醒")
        ordering = ["-month", "school"]
        constraints = [models.UniqueConstraint(fields=["school", "month"], name="safety_selfcheck_once")]

    def __str__(self):
        return f"{self.school}{self.month.year}年{self.month.month}月自查"


# --- 食堂 ------------------------------------------------------------------------------------------------------


class Canteen(BaseModel):
    scope_path = "school"
    school_writable = True

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("食堂名称"), max_length=50)
    licence_no = models.CharField(_("食品经营许可证号"), max_length=30, blank=True)
    licence_expiry = models.DateField(_("许可证有效期至"))

    class Meta:
        verbose_name = _("学校食堂")
        verbose_name_plural = _("学校食堂")
        ordering = ["school", "name"]

    def __str__(self):
        return self.name


class Supplier(BaseModel):
    scope_path = "canteen__school"
    school_writable = True

    canteen = models.ForeignKey(Canteen, verbose_name=_("食堂"), on_delete=models.CASCADE, related_name="suppliers")
    name = models.CharField(_("供应商"), max_length=60)
    goods = models.CharField(_("供应品种"), max_length=60, blank=True)
    licence_no = models.CharField(_("许可证号"), max_length=30, blank=True)
    licence_expiry = models.DateField(_("许可证有效期至"))

    class Meta:
        verbose_name = _("食材供应商")
        verbose_name_plural = _("食材供应商")
        ordering = ["canteen", "name"]

    def __str__(self):
        return self.name


class MealCompanion(BaseModel):
    """学校负责人陪餐: a leader ate with the pupils."""

    scope_path = "canteen__school"
    school_writable = True

    class Meal(models.TextChoices):
        BREAKFAST = "早餐", _("早餐")
        LUNCH = "午餐", _("午餐")
        DINNER = "晚餐", _("晚餐")

    canteen = models.ForeignKey(Canteen, verbose_name=_("食堂"), on_delete=models.CASCADE, related_name="companions")
    day = models.DateField(_("日期"))
    meal = models.CharField(_("餐次"), max_length=4, choices=Meal.choices, default=Meal.LUNCH)
    leader = models.CharField(_("陪餐负责人"), max_length=30)
    remarks = models.CharField(_("陪餐意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("陪餐记录")
        verbose_name_plural = _("陪餐记录")
        ordering = ["-day", "-pk"]

    def __str__(self):
        return f"{self.day:%Y-%m-%d}{self.meal}·{self.leader}"


class SampleCheck(BaseModel):
    """A check of one meal's 留样: the lightest dish's weight and how long the samples were kept."""

    scope_path = "canteen__school"
    school_writable = True

    canteen = models.ForeignKey(Canteen, verbose_name=_("食堂"), on_delete=models.CASCADE, related_name="samples")
    day = models.DateField(_("日期"))
    meal = models.CharField(_("餐次"), max_length=4, choices=MealCompanion.Meal.choices, default="午餐")
    dishes = models.PositiveSmallIntegerField(_("留样品种数"), default=1)
    min_grams = models.PositiveSmallIntegerField(_("最少一份留样（克）"))
    hours = models.PositiveSmallIntegerField(_("保存时长（小时）"))
    checker = models.CharField(_("检查人"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("留样检查")
        verbose_name_plural = _("留样检查")
        ordering = ["-day", "-pk"]

    def __str__(self):
        return f"{self.canteen}{self.day:%Y-%m-%d}{self.meal}留样"

    @property
    def problems(self) -> list[str]:
        return self.problems_under(SafetySettings.current())

    def problems_under(self, rule: SafetySettings) -> list[str]:
        from .engine.drills import sample_problems

        return sample_problems(self.min_grams, self.hours, min_grams=rule.sample_grams, min_hours=rule.sample_hours)

    @property
    def verdict(self) -> str:
        return "；".join(self.problems) or _("合格")


# --- 演练 ------------------------------------------------------------------------------------------------------


class Drill(BaseModel):
    scope_path = "school"
    school_writable = True

    class Kind(models.TextChoices):
        EVACUATION = "疏散", _("应急疏散")
        FIRE = "消防", _("消防")
        EARTHQUAKE = "防震", _("防震")
        BUS = "校车", _("校车事故")
        FLOOD = "防汛", _("防汛")
        INTRUDER = "防暴", _("防暴反恐")

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("演练日期"))
    kind = models.CharField(_("演练类型"), max_length=4, choices=Kind.choices, default=Kind.EVACUATION)
    participants = models.PositiveIntegerField(_("参加人数"))
    evacuation_seconds = models.PositiveIntegerField(_("疏散用时（秒）"), null=True, blank=True)
    problems = models.CharField(_("发现问题"), max_length=200, blank=True)
    photo = models.FileField(_("现场照片"), upload_to="safety/drills/%Y/%m/", blank=True, validators=[validate_upload])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)

    class Meta:
        verbose_name = _("应急演练")
        verbose_name_plural = _("应急演练")
        ordering = ["-day", "-pk"]

    def __str__(self):
        return f"{self.day:%Y-%m-%d}{self.get_kind_display()}演练"

"""义务教育招生入学 (issue 12): residential units and their zones, births and past intake, seats, applications with
their checks, the 学位锁定 ledger, published lotteries and zoning proposals. The engines decide
(``engine.applications``, ``engine.allocation``, ``engine.lottery``, ``engine.zoning``, ``engine.forecast``); these
rows keep what was decided, by whom and when, and every change is audited."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard
from edubureau.core.models import BaseModel, BureauOnlyQuerySet
from edubureau.core.settings_row import SettingsRow
from edubureau.core.validators import validate_id_number

__all__ = [
    "Application", "BirthCount", "ChildSex", "EnrollmentSettings", "IntakeCount", "Level", "Lottery", "PropertyUse",
    "ResidentialUnit", "SeatChange", "SeatPlan", "UnitZone", "ZoningProposal",
]


class Level(models.TextChoices):
    PRIMARY = "小学", _("小学")
    JUNIOR = "初中", _("初中")


class ChildSex(models.TextChoices):
    """The sex as the application papers write it (the engines read 男/女)."""

    MALE = "男", _("男")
    FEMALE = "女", _("女")


# 班额标准 of the 大班额 rules: 小学 45, 初中 50 (a class above is 大班额).
CLASS_SIZE = {Level.PRIMARY: 45, Level.JUNIOR: 50}


# --- 划片 ----------------------------------------------------------------------------------------------------------


class ResidentialUnit(BaseModel):
    """A 居住单元 the zones are made of: a 小区, a 村 or a range of 楼栋, kept whole; with its place on the map."""

    region_path = "region"

    class Kind(models.TextChoices):
        ESTATE = "小区", _("小区")
        VILLAGE = "村", _("村（社区）")
        BUILDINGS = "楼栋", _("楼栋范围")

    region = models.ForeignKey("org.Region", verbose_name=_("区县"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("单元编号"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, default=Kind.ESTATE)
    township = models.CharField(_("乡镇（街道）"), max_length=32)
    # What a parent may type to find the unit on the public page: road and number ranges, other names.
    keywords = models.CharField(_("地址关键词"), max_length=200, blank=True,
                                help_text=_("家长查询时可匹配的路名、门牌、别名，用顿号分隔"))
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    latitude = models.DecimalField(_("纬度"), max_digits=8, decimal_places=6)
    households = models.PositiveIntegerField(_("户数"), default=0)
    # The 摸底调查 the 2022 notice asks for: the children of this unit due to start school next autumn, per level.
    surveyed_primary = models.PositiveIntegerField(_("摸底：下一届入小学儿童"), default=0)
    surveyed_junior = models.PositiveIntegerField(_("摸底：下一届升初中学生"), default=0)
    new_dwellings = models.PositiveIntegerField(_("在建或新交付住宅（套）"), default=0)
    dwellings_ready = models.PositiveSmallIntegerField(_("交付年份"), null=True, blank=True)

    class Meta:
        verbose_name = _("居住单元")
        verbose_name_plural = _("居住单元")
        ordering = ["township", "code"]

    def __str__(self):
        return self.name


class UnitZone(BaseModel):
    """划片: the school(s) a unit is zoned to at one level in one year — several for a 多校划片 group."""

    region_path = "unit__region"
    # The zones name every school of the county: published to parents through the lookup page (a unit at a time),
    # listed whole to the bureau only — a school reads no other school's name.
    objects = BureauOnlyQuerySet.as_manager()

    year = models.PositiveSmallIntegerField(_("招生年度"))
    level = models.CharField(_("学段"), max_length=4, choices=Level.choices)
    unit = models.ForeignKey(ResidentialUnit, verbose_name=_("居住单元"), on_delete=models.CASCADE,
                             related_name="zones")
    schools = models.ManyToManyField("org.School", verbose_name=_("对口学校"), related_name="+")

    class Meta:
        verbose_name = _("招生片区")
        verbose_name_plural = _("招生片区")
        ordering = ["-year", "level", "unit"]
        constraints = [models.UniqueConstraint(fields=["year", "level", "unit"], name="enrollment_unit_zoned_once",
                                               violation_error_message=_("该居住单元本年度该学段已划片"))]

    def __str__(self):
        return f"{self.year}年{self.level} {self.unit}"


class ZoningProposal(BaseModel):
    """A 划片方案 computed by the zoning engine (CP-SAT) with its weights, beside this year's zones and the nearest-
    school baseline; adopted, it becomes next year's ``UnitZone`` rows."""

    region_path = "region"
    objects = BureauOnlyQuerySet.as_manager()  # a proposal names every school: the bureau's working paper

    class State(models.TextChoices):
        DRAFT = "草稿", _("草稿")
        ADOPTED = "已采用", _("已采用")

    region = models.ForeignKey("org.Region", verbose_name=_("区县"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("适用招生年度"))
    level = models.CharField(_("学段"), max_length=4, choices=Level.choices)
    travel_weight = models.DecimalField(_("路程权重"), max_digits=6, decimal_places=2, default=Decimal(1))
    change_weight = models.DecimalField(_("稳定权重（每名改变学校的学生）"), max_digits=6, decimal_places=2,
                                        default=Decimal(2))
    max_km = models.DecimalField(_("最远距离（公里）"), max_digits=5, decimal_places=1, null=True, blank=True)
    result = models.JSONField(_("方案结果"), default=dict)
    state = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("计算人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("划片方案")
        verbose_name_plural = _("划片方案")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.year}年{self.level}划片方案（{self.created:%Y-%m-%d %H:%M}）"


# --- 学位: births, past intake, seats ------------------------------------------------------------------------------


class BirthCount(BaseModel):
    """户籍出生人口 of a township in a year (from the 公安 or 卫健): the forecast's first input."""

    region_path = "region"

    region = models.ForeignKey("org.Region", verbose_name=_("区县"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    township = models.CharField(_("乡镇（街道）"), max_length=32)
    year = models.PositiveSmallIntegerField(_("出生年份"))
    births = models.PositiveIntegerField(_("出生人数"))

    class Meta:
        verbose_name = _("出生人口")
        verbose_name_plural = _("出生人口")
        ordering = ["township", "year"]
        constraints = [models.UniqueConstraint(fields=["region", "township", "year"], name="enrollment_births_once",
                                               violation_error_message=_("该乡镇该年份的出生人数已登记"))]

    def __str__(self):
        return f"{self.township}{self.year}年"


class IntakeCount(BaseModel):
    """A school's actual first-year intake (一年级 or 七年级) of a past year: what the forecast's ratio learns from."""

    scope_path = "school"

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("学段"), max_length=4, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("招生年度"))
    pupils = models.PositiveIntegerField(_("招生人数"))

    class Meta:
        verbose_name = _("历年招生数")
        verbose_name_plural = _("历年招生数")
        ordering = ["school", "level", "year"]
        constraints = [models.UniqueConstraint(fields=["school", "level", "year"], name="enrollment_intake_once",
                                               violation_error_message=_("该校该学段该年度的招生数已登记"))]

    def __str__(self):
        return f"{self.school} {self.year}年{self.level}"


class SeatPlan(BaseModel):
    """学位供给: the first-year classes a school can open each year and its class-size norm."""

    scope_path = "school"

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("学段"), max_length=4, choices=Level.choices)
    classes = models.PositiveSmallIntegerField(_("起始年级可开班数"), validators=[MaxValueValidator(40)])
    class_size = models.PositiveSmallIntegerField(_("班额标准"), validators=[MinValueValidator(10),
                                                                           MaxValueValidator(60)],
                                                  help_text=_("小学45人、初中50人；超过即为大班额"))

    class Meta:
        verbose_name = _("学位供给")
        verbose_name_plural = _("学位供给")
        ordering = ["school", "level"]
        constraints = [models.UniqueConstraint(fields=["school", "level"], name="enrollment_one_seat_plan",
                                               violation_error_message=_("该校该学段已有学位供给"))]

    def __str__(self):
        return f"{self.school} {self.level}"

    @property
    def seats(self) -> int:
        return self.classes * self.class_size


class SeatChange(BaseModel):
    """New (or lost) first-year classes from a year on: a construction project's completion, as data."""

    scope_path = "school"

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("学段"), max_length=4, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("起用年度"))
    classes = models.SmallIntegerField(_("增减班数"), help_text=_("新增为正，减少为负"))
    source = models.CharField(_("来源（项目名称）"), max_length=100)

    class Meta:
        verbose_name = _("学位增减")
        verbose_name_plural = _("学位增减")
        ordering = ["year", "school"]

    def __str__(self):
        return f"{self.source}（{self.year}年）"


# --- 入学申请 ------------------------------------------------------------------------------------------------------


class Application(BaseModel):
    """One child's 入学申请 to one school: the papers (户籍, 房产 or 随迁), the checks' findings with reasons, the
    category and points, the clerk's decision and the outcome (admitted, 统筹 to another school, or waiting)."""

    scope_path = "school"  # the school applied to reads its applicants (masked); the bureau's clerk handles them

    class State(models.TextChoices):
        NEW = "待审核", _("待审核")
        FLAGGED = "待核实", _("待核实")
        CLEARED = "审核通过", _("审核通过")
        REFUSED = "不符合条件", _("不符合条件")
        ADMITTED = "已录取", _("已录取")
        REASSIGNED = "统筹安排", _("统筹安排")
        UNPLACED = "待安排", _("待安排")

    year = models.PositiveSmallIntegerField(_("招生年度"))
    level = models.CharField(_("学段"), max_length=4, choices=Level.choices, default=Level.PRIMARY)
    number = models.CharField(_("申请编号"), max_length=20, unique=True)
    child_name = models.CharField(_("儿童姓名"), max_length=32)
    child_id = models.CharField(_("儿童身份证件号"), max_length=18, validators=[validate_id_number])
    sex = models.CharField(_("性别"), max_length=2, choices=ChildSex.choices)
    school = models.ForeignKey("org.School", verbose_name=_("申请学校"), on_delete=models.PROTECT,
                               related_name="+")
    hukou_unit = models.ForeignKey(ResidentialUnit, verbose_name=_("户籍所在居住单元"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    hukou_address = models.CharField(_("户籍地址"), max_length=100, blank=True)
    guardian_name = models.CharField(_("监护人"), max_length=32)
    guardian_id = models.CharField(_("监护人身份证号"), max_length=18, validators=[validate_id_number])
    guardian_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    guardian2_id = models.CharField(_("另一监护人身份证号"), max_length=18, blank=True,
                                    validators=[validate_id_number])
    property_certificate = models.CharField(_("不动产权证号"), max_length=40, blank=True)
    property_address = models.CharField(_("房产地址"), max_length=100, blank=True)
    property_owner_id = models.CharField(_("房产权利人身份证号"), max_length=18, blank=True,
                                         validators=[validate_id_number])
    property_purchased = models.DateField(_("房产登记日期"), null=True, blank=True)
    property_unit = models.ForeignKey(ResidentialUnit, verbose_name=_("房产所在居住单元"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    residence_permit_start = models.DateField(_("居住证起始日期"), null=True, blank=True)
    insurance_months = models.PositiveSmallIntegerField(_("本县社保缴纳月数"), default=0)
    documents = models.JSONField(_("已交材料"), default=list, blank=True)
    special_needs = models.BooleanField(_("需特殊关照（随班就读等）"), default=False)
    sibling_of = models.CharField(_("同胞申请编号"), max_length=20, blank=True,
                                  help_text=_("双（多）胞胎或同时入学的兄弟姐妹的申请编号"))
    prior_score = models.DecimalField(_("入学前成绩"), max_digits=5, decimal_places=1, null=True, blank=True,
                                      help_text=_("小升初有统一测试的填写，用于均衡分班；没有的留空"))

    state = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.NEW)
    category = models.CharField(_("类别"), max_length=8, blank=True)
    points = models.DecimalField(_("积分"), max_digits=6, decimal_places=1, null=True, blank=True)
    points_lines = models.JSONField(_("积分计算"), default=list, blank=True)
    findings = models.JSONField(_("审核发现"), default=list, blank=True)
    clerk_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    admitted_school = models.ForeignKey("org.School", verbose_name=_("录取学校"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    followup = models.ForeignKey("core.FollowUp", verbose_name=_("统筹安排事项"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    appeal = models.ForeignKey("core.FollowUp", verbose_name=_("申诉事项"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("入学申请")
        verbose_name_plural = _("入学申请")
        ordering = ["-year", "number"]
        indexes = [models.Index(fields=["year", "level", "state"], name="enrollment_app_state")]

    def __str__(self):
        return f"{self.number} {self.child_name}"

    @property
    def masked_child_id(self) -> str:
        return idcard.mask(self.child_id)

    def delete_refusal(self) -> str:
        """A placed child's application is part of a published result (公示, 通知书, the 学位锁定台账): kept."""
        if self.admitted_school_id or self.state in (self.State.ADMITTED, self.State.REASSIGNED):
            return _("已录取或已统筹安排的申请不能删除：录取结果已公示。如需更正，请登记招生申诉。")
        return ""

    @property
    def flagged(self) -> bool:
        return bool(self.findings)


class PropertyUse(BaseModel):
    """学位锁定台账: a seat a property gave (一房一学位). Written when a child is admitted on the property, or imported
    for earlier years; the checks read it."""

    region_path = "region"
    objects = BureauOnlyQuerySet.as_manager()  # children's and parents' ID numbers: the bureau's ledger only

    region = models.ForeignKey("org.Region", verbose_name=_("区县"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    certificate = models.CharField(_("不动产权证号"), max_length=40, db_index=True)
    level = models.CharField(_("学段"), max_length=4, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("使用年度"))
    child_id = models.CharField(_("儿童身份证件号"), max_length=18, validators=[validate_id_number])
    guardian_ids = models.CharField(_("监护人身份证号"), max_length=40, blank=True,
                                    help_text=_("多个用顿号分隔；同一监护人的子女可再次使用"))
    application = models.CharField(_("申请编号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("学位锁定")
        verbose_name_plural = _("学位锁定台账")
        ordering = ["-year", "certificate"]

    def __str__(self):
        return f"{self.certificate} {self.year}年{self.level}"

    @property
    def masked_child_id(self) -> str:
        return idcard.mask(self.child_id)


class Lottery(BaseModel):
    """A school's 摇号: the seed published before the draw, the seats, and the full order drawn from them."""

    scope_path = "school"

    school = models.ForeignKey("org.School", verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("招生年度"))
    level = models.CharField(_("学段"), max_length=4, choices=Level.choices, default=Level.PRIMARY)
    seed = models.CharField(_("种子"), max_length=64)
    seed_source = models.CharField(_("种子来源"), max_length=100,
                                   help_text=_("如：公证处现场抽取；或某日福利彩票3D开奖号码"))
    published = models.DateTimeField(_("种子公布时间"))
    seats = models.PositiveSmallIntegerField(_("学位数"))
    drawn = models.DateTimeField(_("摇号时间"), null=True, blank=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    result = models.JSONField(_("摇号结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("摇号")
        verbose_name_plural = _("摇号")
        ordering = ["-year", "school"]
        constraints = [models.UniqueConstraint(fields=["school", "year", "level"], name="enrollment_one_lottery",
                                               violation_error_message=_("该校本年度该学段已有摇号"))]

    def __str__(self):
        return f"{self.school} {self.year}年{self.level}摇号"


# --- 设置 --------------------------------------------------------------------------------------------------------


class EnrollmentSettings(SettingsRow):
    """招生设置: the year's rules as numbers (the categories and the points formula are the engine's defaults)."""

    year = models.PositiveSmallIntegerField(_("招生年度"), default=2026)
    lock_years_primary = models.PositiveSmallIntegerField(
        _("小学学位锁定年限"), default=6, validators=[MaxValueValidator(12)],
        help_text=_("一房一学位：同一房产N年内只能提供一个小学学位（各地多为6年）"))
    lock_years_junior = models.PositiveSmallIntegerField(_("初中学位锁定年限"), default=3,
                                                         validators=[MaxValueValidator(12)])
    lock_from = models.DateField(_("锁定适用的房产登记日期起点"), null=True, blank=True,
                                 help_text=_("只对此日期之后登记的房产锁定学位；留空表示全部房产"))
    entry_age = models.PositiveSmallIntegerField(_("小学入学年龄"), default=6,
                                                 validators=[MinValueValidator(5), MaxValueValidator(8)])
    cutoff_month = models.PositiveSmallIntegerField(_("年龄计算截止月"), default=8,
                                                    validators=[MinValueValidator(1), MaxValueValidator(12)])
    cutoff_day = models.PositiveSmallIntegerField(_("年龄计算截止日"), default=31,
                                                  validators=[MinValueValidator(1), MaxValueValidator(31)])
    min_residence_months = models.PositiveSmallIntegerField(
        _("随迁子女居住证最短月数"), default=6, validators=[MaxValueValidator(60)],
        help_text=_("居住证暂行条例：在居住地居住满半年"))
    categories = models.TextField(
        _("入学类别（每行一类，按优先顺序）"), blank=True,
        help_text=_("名称|说明|条件（户房一致、有房无户、有户无房、随迁子女，可多项）|须交材料|按积分（是/否）；留空用默认"))
    points_items = models.TextField(
        _("随迁子女积分办法（每行一项）"), blank=True,
        help_text=_("说明|依据（居住证月数、社保月数或“材料：名称”）|每满|得分|上限；留空用默认"))
    migrant_share = models.DecimalField(_("预测：随迁子女增量比例"), max_digits=4, decimal_places=3,
                                        default=Decimal("0.000"), validators=[MinValueValidator(0)])
    children_per_dwelling = models.DecimalField(_("预测：每套新住宅每届适龄儿童"), max_digits=5, decimal_places=4,
                                                default=Decimal("0.0120"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("招生设置")
        verbose_name_plural = _("招生设置")

    def rules(self):
        import datetime as dt

        from .engine.applications import default_rules, parse_categories, parse_points

        dt.date(2000, self.cutoff_month, self.cutoff_day)  # a day that exists (the form checks it too)
        rules = default_rules(self.year, lock_years={Level.PRIMARY.value: self.lock_years_primary,
                                                     Level.JUNIOR.value: self.lock_years_junior},
                              lock_from=self.lock_from, cutoff=(self.cutoff_month, self.cutoff_day),
                              entry_age=self.entry_age, min_residence_months=self.min_residence_months)
        # The county's own categories and points formula, as written on the settings page (checked when saved).
        changes = {}
        if self.categories.strip():
            changes["categories"] = parse_categories(self.categories)
        if self.points_items.strip():
            changes["points"] = parse_points(self.points_items)
        return dataclasses.replace(rules, **changes) if changes else rules

"""The bureau's registry of places: region, zones, departments, school years, schools and their facts."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import BaseModel
from edubureau.core.pinyin import PinyinNamed, PinyinScopedQuerySet
from edubureau.core.roles import MODULES
from edubureau.core.validators import validate_school_code

from .choices import GroupKind, LevelPart, Locality, Ownership, RegionLevel, SchoolKind, ZoneKind

__all__ = [
    "Campus",
    "Department",
    "EducationGroup",
    "GroupMembership",
    "Pairing",
    "Region",
    "School",
    "SchoolFacts",
    "SchoolYear",
    "Term",
    "Zone",
]


# --- Reference data -------------------------------------------------------------------------------


class Region(BaseModel):
    """A 市 or a 县/区 — the area one bureau is responsible for.

    Regions form a tree (issue 16): a city and its counties in one instance. Schools belong to a county; a user bound
    to a region (``core.Profile.region``) reaches the schools of its subtree (``core.scope``). A county without a
    parent is a county instance on its own.
    """

    region_path = "pk"

    code = models.CharField(_("行政区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级别"), max_length=8, choices=RegionLevel.choices, default=RegionLevel.COUNTY)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区域"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("区县")
        verbose_name_plural = _("区县")
        constraints = [
            models.CheckConstraint(
                condition=~Q(level=RegionLevel.CITY) | Q(parent__isnull=True),
                name="region_city_has_no_parent",
                violation_error_message=_("市级区域不能有上级区域"),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("上级区域不能是自己")})
        if self.parent is not None and self.parent.level != RegionLevel.CITY:
            raise ValidationError({"parent": _("上级区域应为市级区域")})

    def subtree_ids(self) -> frozenset[int]:
        """This region and every region below it (a city's counties)."""
        from edubureau.core.scope import region_subtree

        from .directory import OrgDirectory

        tree, _home = OrgDirectory().region_tree()
        return region_subtree(tree, self.pk)


class Zone(BaseModel):
    """A 片区 or 学区: the group of schools a deputy or an inspector looks after."""

    region_path = "region"

    region = models.ForeignKey(Region, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="zones")
    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("类型"), max_length=16, choices=ZoneKind.choices, default=ZoneKind.AREA)

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("片区")
        verbose_name_plural = _("片区")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="zone_unique_name_per_region",
                violation_error_message=_("同一区县内片区名称不能重复"),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("org:zone_detail", args=[self.pk])


class Department(BaseModel):
    """A 科室 of a bureau (基教科, 人事科, 督导室 …) and the modules it owns.

    In a city instance every county bureau has its own 基教科: code and name are unique within a region, and a
    department without a region belongs to the instance (a county instance on its own).
    """

    region_path = "region"

    region = models.ForeignKey(
        Region, verbose_name=_("所属区域"), null=True, blank=True, on_delete=models.PROTECT, related_name="departments"
    )
    code = models.SlugField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=64)
    modules = models.JSONField(_("负责模块"), default=list, blank=True, help_text=", ".join(MODULES))
    head = models.CharField(_("负责人"), max_length=32, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)

    class Meta:
        ordering = ["region", "code"]
        verbose_name = _("科室")
        verbose_name_plural = _("科室")
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="department_unique_code_per_region",
                                    violation_error_message=_("同一区域内科室代码不能重复")),
            models.UniqueConstraint(fields=["region", "name"], name="department_unique_name_per_region",
                                    violation_error_message=_("同一区域内科室名称不能重复")),
            models.UniqueConstraint(fields=["code"], condition=Q(region__isnull=True),
                                    name="department_unique_code_without_region",
                                    violation_error_message=_("科室代码不能重复")),
            models.UniqueConstraint(fields=["name"], condition=Q(region__isnull=True),
                                    name="department_unique_name_without_region",
                                    violation_error_message=_("科室名称不能重复")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("org:department_detail", args=[self.pk])


class SchoolYear(BaseModel):
    """A school year (学年), e.g. 2025—2026学年, starting 1 September."""

    start_year = models.PositiveSmallIntegerField(_("起始年份"), unique=True)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    is_current = models.BooleanField(_("当前学年"), default=False)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("学年")
        verbose_name_plural = _("学年")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="schoolyear_one_current",
                violation_error_message=_("只能有一个当前学年"),
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="schoolyear_end_after_start",
                violation_error_message=_("学年结束日期应晚于开始日期"),
            ),
        ]

    def __str__(self):
        return _("{start}—{end}学年").format(start=self.start_year, end=self.start_year + 1)

    @property
    def name(self):
        return str(self)


class Term(BaseModel):
    """A term (学期) of a school year: 1 = autumn (第一学期), 2 = spring (第二学期)."""

    school_year = models.ForeignKey(SchoolYear, verbose_name=_("学年"), on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField(_("学期"), choices=[(1, _("第一学期")), (2, _("第二学期"))])
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))

    class Meta:
        ordering = ["-school_year__start_year", "-number"]
        verbose_name = _("学期")
        verbose_name_plural = _("学期")
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "number"],
                name="term_unique_per_year",
                violation_error_message=_("该学年已有此学期"),
            )
        ]

    def __str__(self):
        return f"{self.school_year}{self.get_number_display()}"


# --- Schools --------------------------------------------------------------------------------------


class School(PinyinNamed, BaseModel):
    """A school or kindergarten on the bureau's register, identified by its 10-digit 学校标识码.

    A 教学点 (teaching point) is a school row attached to its central school (中心校); the balance
    indicators may merge its figures into the central school's (policy-facts §1.4).
    """

    objects = PinyinScopedQuerySet.as_manager()

    scope_path = "pk"
    region_path = "region"
    school_writable = True
    # A school keeps its contact details up to date; its identity and place in the county are the bureau's.
    school_locked_fields = (
        "code",
        "name",
        "kind",
        "ownership",
        "locality",
        "region",
        "zone",
        "is_teaching_point",
        "central_school",
        "is_active",
    )
    school_deletable = False

    code = models.CharField(_("学校标识码"), max_length=10, unique=True, validators=[validate_school_code])
    name = models.CharField(_("学校名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    kind = models.CharField(_("办学类型"), max_length=24, choices=SchoolKind.choices)
    ownership = models.CharField(_("办学性质"), max_length=16, choices=Ownership.choices, default=Ownership.PUBLIC)
    locality = models.CharField(_("城乡分类"), max_length=16, choices=Locality.choices)
    region = models.ForeignKey(Region, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="schools")
    zone = models.ForeignKey(
        Zone, verbose_name=_("片区"), null=True, blank=True, on_delete=models.PROTECT, related_name="schools"
    )
    is_teaching_point = models.BooleanField(_("教学点"), default=False)
    central_school = models.ForeignKey(
        "self",
        verbose_name=_("所属中心校"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teaching_points",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    principal = models.CharField(_("校长"), max_length=32, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    founded = models.PositiveSmallIntegerField(_("建校年份"), null=True, blank=True)
    is_active = models.BooleanField(_("在办"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("学校")
        verbose_name_plural = _("学校")
        constraints = [
            # A teaching point hangs from a central school; an ordinary school hangs from nobody.
            models.CheckConstraint(
                condition=Q(is_teaching_point=False, central_school__isnull=True)
                | Q(is_teaching_point=True, central_school__isnull=False),
                name="school_teaching_point_has_central_school",
                violation_error_message=_("教学点必须指定所属中心校，非教学点不能指定中心校"),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("org:school_detail", args=[self.pk])

    @property
    def level_parts(self) -> list[str]:
        from .choices import KIND_PARTS

        return [str(p) for p in KIND_PARTS[SchoolKind(self.kind)]]


class Campus(BaseModel):
    """A campus (校区) of a school at another address."""

    scope_path = "school"
    school_writable = True

    school = models.ForeignKey(School, verbose_name=_("学校"), on_delete=models.CASCADE, related_name="campuses")
    name = models.CharField(_("校区名称"), max_length=64)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["school", "name"]
        verbose_name = _("校区")
        verbose_name_plural = _("校区")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"],
                name="campus_unique_name_per_school",
                violation_error_message=_("同一学校的校区名称不能重复"),
            )
        ]

    def __str__(self):
        return f"{self.school} {self.name}"


class EducationGroup(BaseModel):
    """An 教育集团: a lead school with member schools, under one legal entity (单一法人) or several."""

    region_path = "lead_school__region"

    name = models.CharField(_("集团名称"), max_length=100, unique=True)
    kind = models.CharField(_("法人类型"), max_length=16, choices=GroupKind.choices)
    lead_school = models.ForeignKey(
        School, verbose_name=_("牵头学校"), on_delete=models.PROTECT, related_name="led_groups"
    )
    members = models.ManyToManyField(
        School, verbose_name=_("成员学校"), through="GroupMembership", related_name="education_groups"
    )
    started = models.DateField(_("成立日期"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("教育集团")
        verbose_name_plural = _("教育集团")

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, school_ids):
        # A school reads the groups it leads or belongs to.
        return Q(lead_school__in=school_ids) | Q(
            pk__in=GroupMembership.objects.filter(school__in=school_ids).values("group")
        )

    def owning_school_ids(self) -> set[int]:
        members = set(self.memberships.values_list("school_id", flat=True)) if self.pk else set()
        return members | ({self.lead_school_id} if self.lead_school_id else set())

    def get_absolute_url(self):
        return reverse("org:educationgroup_detail", args=[self.pk])


class GroupMembership(BaseModel):
    """A school's membership of an education group, from the date it joined."""

    scope_path = "school"

    group = models.ForeignKey(
        EducationGroup, verbose_name=_("集团"), on_delete=models.CASCADE, related_name="memberships"
    )
    school = models.ForeignKey(School, verbose_name=_("学校"), on_delete=models.CASCADE, related_name="memberships")
    joined = models.DateField(_("加入日期"))

    class Meta:
        ordering = ["group", "school"]
        verbose_name = _("集团成员")
        verbose_name_plural = _("集团成员")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "school"],
                name="groupmembership_unique",
                violation_error_message=_("该学校已是此集团成员"),
            )
        ]

    def __str__(self):
        return f"{self.group} / {self.school}"


class Pairing(BaseModel):
    """结对帮扶: a strong school helps a supported school over a period."""

    strong_school = models.ForeignKey(
        School, verbose_name=_("帮扶学校"), on_delete=models.PROTECT, related_name="pairings_given"
    )
    supported_school = models.ForeignKey(
        School, verbose_name=_("受援学校"), on_delete=models.PROTECT, related_name="pairings_received"
    )
    start_term = models.ForeignKey(Term, verbose_name=_("起始学期"), on_delete=models.PROTECT, related_name="+")
    end_term = models.ForeignKey(
        Term, verbose_name=_("结束学期"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.CharField(_("帮扶内容"), max_length=200, blank=True)

    class Meta:
        ordering = ["strong_school", "supported_school"]
        verbose_name = _("结对帮扶")
        verbose_name_plural = _("结对帮扶")
        constraints = [
            models.CheckConstraint(
                condition=~Q(strong_school=models.F("supported_school")),
                name="pairing_distinct_schools",
                violation_error_message=_("帮扶学校与受援学校不能是同一所学校"),
            ),
            models.UniqueConstraint(
                fields=["strong_school", "supported_school", "start_term"],
                name="pairing_unique_per_term",
                violation_error_message=_("该结对关系在此学期已存在"),
            ),
        ]

    def __str__(self):
        return f"{self.strong_school} → {self.supported_school}"

    @classmethod
    def scope_q(cls, school_ids):
        # Both sides read the pairing; writing it needs both schools in scope (core.scope.can_write).
        return Q(strong_school__in=school_ids) | Q(supported_school__in=school_ids)

    def owning_school_ids(self) -> set[int]:
        return {i for i in (self.strong_school_id, self.supported_school_id) if i}


class SchoolFacts(BaseModel):
    """One school's yearly facts for one level part: enrolment, classes, facilities and staff counts.

    These are the inputs of the balance indicators (policy-facts §1.1, §2.1). Staff counts are
    derived from the people registry where a school's staff are on record (``staff_source``
    "derived"), and entered by hand otherwise.
    """

    scope_path = "school"
    school_writable = True

    class StaffSource(models.TextChoices):
        DERIVED = "derived", _("由教职工名册计算")
        ENTERED = "entered", _("手工填报")

    school = models.ForeignKey(School, verbose_name=_("学校"), on_delete=models.CASCADE, related_name="facts")
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("学年"), on_delete=models.PROTECT, related_name="school_facts"
    )
    level_part = models.CharField(_("学段"), max_length=16, choices=LevelPart.choices)

    students = models.PositiveIntegerField(_("在校生数"))
    classes = models.PositiveIntegerField(_("班级数"))
    classes_46_55 = models.PositiveIntegerField(_("46—55人班级数"), default=0)
    classes_56_65 = models.PositiveIntegerField(_("大班额班级数(56—65人)"), default=0)
    classes_66_plus = models.PositiveIntegerField(_("超大班额班级数(66人及以上)"), default=0)

    teaching_room_area = models.DecimalField(_("教学及辅助用房面积(㎡)"), max_digits=12, decimal_places=2)
    sports_area = models.DecimalField(_("体育运动场馆面积(㎡)"), max_digits=12, decimal_places=2)
    equipment_value = models.DecimalField(_("教学仪器设备值(元)"), max_digits=14, decimal_places=2)
    computers = models.PositiveIntegerField(_("教学用计算机台数"))
    books = models.PositiveIntegerField(_("图书册数"))
    multimedia_rooms = models.PositiveIntegerField(_("网络多媒体教室数"))

    staff_source = models.CharField(
        _("教师数来源"), max_length=16, choices=StaffSource.choices, default=StaffSource.ENTERED
    )
    full_time_teachers = models.PositiveIntegerField(_("专任教师数"))
    teachers_above_required_education = models.PositiveIntegerField(_("高于规定学历教师数"))
    teachers_intermediate_title = models.PositiveIntegerField(_("中级及以上职称教师数"))
    key_teachers = models.PositiveIntegerField(_("县级及以上骨干教师数"))
    pe_art_teachers = models.PositiveIntegerField(_("体育、艺术专任教师数"))

    class Meta:
        ordering = ["school", "-school_year__start_year", "level_part"]
        verbose_name = _("学校基本数据")
        verbose_name_plural = _("学校基本数据")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "level_part"],
                name="schoolfacts_unique_part_year",
                violation_error_message=_("该学校此学年此学段的基本数据已存在"),
            ),
            models.CheckConstraint(
                condition=Q(classes_66_plus__lte=models.F("classes")),
                name="schoolfacts_bands_within_classes",
                violation_error_message=_("超大班额班级数不能超过班级总数"),
            ),
        ]

    def __str__(self):
        return f"{self.school} {self.school_year} {self.get_level_part_display()}"

    def get_absolute_url(self):
        return reverse("org:schoolfacts_detail", args=[self.pk])

    @property
    def oversized_classes(self) -> int:
        """Classes of 56 or more (大班额 and 超大班额 together, policy-facts §3)."""
        return self.classes_56_65 + self.classes_66_plus

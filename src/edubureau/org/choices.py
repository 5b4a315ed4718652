"""Choice lists of the school registry, in the words of the bureau's statistical reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolKind(models.TextChoices):
    """学段 (school type) as in the education statistics: which levels a school runs."""

    KINDERGARTEN = "kindergarten", _("幼儿园")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    NINE_YEAR = "nine_year", _("九年一贯制")
    COMPLETE_SECONDARY = "complete_secondary", _("完全中学")
    TWELVE_YEAR = "twelve_year", _("十二年一贯制")
    SENIOR = "senior", _("高中")
    VOCATIONAL = "vocational", _("中职")
    SPECIAL = "special", _("特殊教育")


class LevelPart(models.TextChoices):
    """One level a school runs (a 九年一贯制 school has a 小学 part and an 初中 part)."""

    KINDERGARTEN = "kindergarten", _("幼儿园")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")
    VOCATIONAL = "vocational", _("中职")
    SPECIAL = "special", _("特殊教育")


# The level parts each kind of school runs, in order.
KIND_PARTS = {
    SchoolKind.KINDERGARTEN: [LevelPart.KINDERGARTEN],
    SchoolKind.PRIMARY: [LevelPart.PRIMARY],
    SchoolKind.JUNIOR: [LevelPart.JUNIOR],
    SchoolKind.NINE_YEAR: [LevelPart.PRIMARY, LevelPart.JUNIOR],
    SchoolKind.COMPLETE_SECONDARY: [LevelPart.JUNIOR, LevelPart.SENIOR],
    SchoolKind.TWELVE_YEAR: [LevelPart.PRIMARY, LevelPart.JUNIOR, LevelPart.SENIOR],
    SchoolKind.SENIOR: [LevelPart.SENIOR],
    SchoolKind.VOCATIONAL: [LevelPart.VOCATIONAL],
    SchoolKind.SPECIAL: [LevelPart.SPECIAL],
}

# Grades of each level part, numbered as the registry does (小学 1–6, 初中 7–9, 高中 10–12).
PART_GRADES = {
    LevelPart.KINDERGARTEN: [-3, -2, -1],
    LevelPart.PRIMARY: [1, 2, 3, 4, 5, 6],
    LevelPart.JUNIOR: [7, 8, 9],
    LevelPart.SENIOR: [10, 11, 12],
    LevelPart.VOCATIONAL: [10, 11, 12],
    LevelPart.SPECIAL: [1, 2, 3, 4, 5, 6, 7, 8, 9],
}


class Ownership(models.TextChoices):
    PUBLIC = "public", _("公办")
    PRIVATE = "private", _("民办")


class Locality(models.TextChoices):
    """城乡分类: where the school stands, as the statistics classify it."""

    URBAN = "urban", _("城区")
    TOWN = "town", _("镇区")
    RURAL = "rural", _("乡村")


class GroupKind(models.TextChoices):
    SINGLE_ENTITY = "single", _("单一法人")
    MULTI_ENTITY = "multi", _("多法人")


class ZoneKind(models.TextChoices):
    AREA = "area", _("片区")
    DISTRICT = "district", _("学区")


class RegionLevel(models.TextChoices):
    """The levels of the region tree one instance serves: a 市 and its 县/区 (片区/学区 below a county are Zones)."""

    CITY = "city", _("市")
    COUNTY = "county", _("县（市、区）")

"""Settings of 均衡发展 a 基教科 user edits on a page: unit costs of what it takes, and the province profile.

One row (the county's). Defaults are the national defaults of the engine's ``Standard`` and
``DEFAULT_UNIT_COSTS``; the engine stays pure and receives them as a ``Standard`` and a cost dict.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core.settings_row import SettingsRow

from .engine import DEFAULT_UNIT_COSTS, JUNIOR, PRIMARY, Standard

_DEFAULTS = Standard()
# Model field → engine resource of the unit costs.
COST_FIELDS = {
    "cost_above_qualified": "above_qualified",
    "cost_backbone": "backbone",
    "cost_pe_art": "pe_art_teachers",
    "cost_teaching_area": "teaching_area",
    "cost_sports_area": "sports_area",
    "cost_equipment": "equipment_value",
    "cost_multimedia_room": "multimedia_rooms",
}

PROFILE_FIELDS = ("exclude_special", "teaching_points", "min_students", "split_primary", "split_junior")
LINE_FIELDS = ("quality_cv_primary", "quality_cv_junior", "basic_cv_primary", "basic_cv_junior", "quality_min_met",
               "quality_rest_share")


def _money(resource: str) -> Decimal:
    return Decimal(str(DEFAULT_UNIT_COSTS[resource]))


def _cost_field(resource: str, label: str, help_text: str):
    return models.DecimalField(label, max_digits=12, decimal_places=2, default=_money(resource),
                               validators=[MinValueValidator(0)], help_text=help_text)


def _line(label, default: float, help_text: str = ""):
    return models.DecimalField(label, max_digits=4, decimal_places=3, default=Decimal(str(default)),
                               validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("1"))],
                               help_text=help_text)


def national_school_lines() -> dict[str, dict[str, float]]:
    return {level: dict(lines) for level, lines in _DEFAULTS.quality_thresholds.items()}


class BalanceSettings(SettingsRow):
    """The county's unit costs and province profile (scope rules, 九年一贯制 split)."""

    class TeachingPoints(models.TextChoices):
        MERGE = "merge", _("并入中心校计算")
        EXCLUDE = "exclude", _("不参与计算")

    cost_above_qualified = _cost_field("above_qualified", _("高于规定学历教师（元/人）"),
                                       _("新增或培养一名高于规定学历教师的年成本"))
    cost_backbone = _cost_field("backbone", _("县级及以上骨干教师（元/人）"), _("引进或培养一名骨干教师的成本"))
    cost_pe_art = _cost_field("pe_art_teachers", _("体育艺术专任教师（元/人）"),
                              _("新增一名体育、音乐或美术教师的年成本"))
    cost_teaching_area = _cost_field("teaching_area", _("教学及辅助用房（元/平方米）"), _("新建或改建的造价"))
    cost_sports_area = _cost_field("sports_area", _("体育运动场馆（元/平方米）"), _("新建或改扩建的造价"))
    cost_equipment = _cost_field("equipment_value", _("教学仪器设备（元/元）"), _("每元设备值的投入，通常为 1"))
    cost_multimedia_room = _cost_field("multimedia_rooms", _("网络多媒体教室（元/间）"), _("改造一间教室的费用"))
    exclude_special = models.BooleanField(_("特殊教育学校不参与计算"), default=_DEFAULTS.exclude_special)
    teaching_points = models.CharField(_("教学点"), max_length=8, choices=TeachingPoints.choices,
                                       default=_DEFAULTS.teaching_points)
    min_students = models.PositiveIntegerField(_("小规模学校下限（人）"), default=_DEFAULTS.min_students,
                                               help_text=_("在校生少于此数的学校不参与计算；0 表示都参与"))
    split_primary = models.DecimalField(_("九年一贯制分摊权重：小学"), max_digits=4, decimal_places=2,
                                        default=Decimal(str(_DEFAULTS.split_weights[PRIMARY])),
                                        validators=[MinValueValidator(Decimal("0.01"))])
    split_junior = models.DecimalField(_("九年一贯制分摊权重：初中"), max_digits=4, decimal_places=2,
                                       default=Decimal(str(_DEFAULTS.split_weights[JUNIOR])),
                                       validators=[MinValueValidator(Decimal("0.01"))],
                                       help_text=_("共用校舍、设备按“在校生数×权重”分摊到小学和初中"))
    # The lines (policy-facts §1–2): national values by default, a province may tighten them.
    quality_cv_primary = _line(_("优质均衡校际差异系数：小学（≤）"), _DEFAULTS.quality_cv[PRIMARY])
    quality_cv_junior = _line(_("优质均衡校际差异系数：初中（≤）"), _DEFAULTS.quality_cv[JUNIOR])
    basic_cv_primary = _line(_("基本均衡综合差异系数：小学（≤）"), _DEFAULTS.basic_composite_cv[PRIMARY])
    basic_cv_junior = _line(_("基本均衡综合差异系数：初中（≤）"), _DEFAULTS.basic_composite_cv[JUNIOR])
    quality_min_met = models.PositiveSmallIntegerField(
        _("每所学校至少达标项数"), default=_DEFAULTS.quality_min_met,
        validators=[MinValueValidator(1), MaxValueValidator(7)])
    quality_rest_share = _line(_("其余项不低于标准的比例"), _DEFAULTS.quality_rest_share,
                               _("国家标准为 0.85，即其余项达到标准的85%"))
    # Per-school lines that differ from the national ones: {"小学": {indicator: value}, "初中": {…}}.
    school_lines = models.JSONField(_("省定学校指标标准"), default=dict, blank=True)

    class Meta:
        verbose_name = _("均衡发展设置")
        verbose_name_plural = _("均衡发展设置")

    def lines(self) -> dict[str, dict[str, float]]:
        """The per-school lines: the national ones with this county's (province's) overrides."""
        lines = national_school_lines()
        for level, overrides in (self.school_lines or {}).items():
            for name, value in overrides.items():
                if name in lines.get(level, {}):
                    lines[level][name] = float(value)
        return lines

    def standard(self) -> Standard:
        """The engine ``Standard`` with this profile and these lines."""
        return Standard(
            basic_composite_cv={PRIMARY: float(self.basic_cv_primary), JUNIOR: float(self.basic_cv_junior)},
            quality_cv={PRIMARY: float(self.quality_cv_primary), JUNIOR: float(self.quality_cv_junior)},
            quality_thresholds=self.lines(), quality_min_met=self.quality_min_met,
            quality_rest_share=float(self.quality_rest_share),
            exclude_special=self.exclude_special, teaching_points=self.teaching_points,
            min_students=self.min_students,
            split_weights={PRIMARY: float(self.split_primary), JUNIOR: float(self.split_junior)},
        )

    def unit_costs(self) -> dict[str, float]:
        return {resource: float(getattr(self, name)) for name, resource in COST_FIELDS.items()}

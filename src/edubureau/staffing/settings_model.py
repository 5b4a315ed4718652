"""人事设置: every number of the 人事 rules, with the national value as default (provinces differ).

One row for the instance, as 均衡发展设置 is; an unsaved row with the defaults when none was saved. The engines take
plain rule objects (``RotationRules``, ``LeaveRules``, ``TrainingRules``, ``PromotionRules``); this row builds them.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core.settings_row import SettingsRow

from .engine.leave_rules import LeaveRules
from .engine.post_promotion import PromotionRules
from .engine.rotation import RotationRules
from .engine.training_hours import TrainingRules

__all__ = ["STRUCTURE_SHARES", "StaffingSettings"]

_ROTATION, _LEAVE, _TRAINING, _PROMOTION = RotationRules(), LeaveRules(), TrainingRules(), PromotionRules()

# 岗位结构比例 by a school's highest stage. These follow the one published rule the spec cites (山西: 副高 and above
# at most 35% in 高中 and 25% in 初中); 小学's 15% is this system's default, to be set locally.
STRUCTURE_SHARES = {
    "高中": {"正高": 0.01, "副高": 0.34, "中级": 0.45, "初级": 0.20},
    "初中": {"正高": 0.01, "副高": 0.24, "中级": 0.45, "初级": 0.30},
    "小学": {"正高": 0.01, "副高": 0.14, "中级": 0.45, "初级": 0.40},
}


def _share(label, default, help_text=""):
    return models.DecimalField(label, max_digits=4, decimal_places=2, default=Decimal(str(default)),
                               validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(1))],
                               help_text=help_text)


def _count(label, default, help_text="", low=0, high=400):
    return models.PositiveSmallIntegerField(label, default=default, help_text=help_text,
                                            validators=[MinValueValidator(low), MaxValueValidator(high)])


def _structure_default():
    return {stage: dict(shares) for stage, shares in STRUCTURE_SHARES.items()}


class StaffingSettings(SettingsRow):
    # 交流轮岗 (policy-facts §4)
    rotation_min_years = _count(_("同校任教满（年）应交流"), _ROTATION.min_years, low=1, high=20)
    rotation_share = _share(_("每年交流比例（占符合条件人数）"), _ROTATION.share_of_eligible, _("国家要求不低于10%"))
    backbone_share = _share(_("骨干教师比例"), _ROTATION.backbone_share, _("国家要求不低于交流人数的20%"))
    backbone_of_eligible = models.BooleanField(_("骨干比例按符合条件人数计"), default=_ROTATION.backbone_of_eligible,
                                               help_text=_("如安徽：骨干教师交流人数不低于符合条件骨干教师的20%"))
    rotation_max_out_share = _share(_("派出学校一年最多派出比例"), _ROTATION.max_out_share)
    # 请销假 (§7.1)
    marriage_days = _count(_("婚假（天）"), _LEAVE.marriage_days, high=30)
    maternity_province_extra = _count(_("产假省定延长（天）"), _LEAVE.maternity_province_extra,
                                      _("国家98天之外本省延长的天数，如30或60"), high=200)
    paternity_days = _count(_("陪产假（天）"), _LEAVE.paternity_days, high=60)
    bereavement_days = _count(_("丧假（天）"), _LEAVE.bereavement_days, high=15)
    school_approves_up_to = _count(_("学校可审批的请假（工作日以内）"), _LEAVE.school_approves_up_to,
                                   _("超过的经学校同意后报人事科审批"), low=1, high=30)
    close_within_days = _count(_("假满后应销假（工作日以内）"), _LEAVE.close_within_days, high=10)
    consecutive_absence_limit = _count(_("连续旷工上限（工作日）"), _LEAVE.consecutive_absence_limit,
                                       _("《事业单位人事管理条例》：连续超过15个工作日"), low=1, high=60)
    yearly_absence_limit = _count(_("一年累计旷工上限（工作日）"), _LEAVE.yearly_absence_limit,
                                  _("《事业单位人事管理条例》：一年内累计超过30个工作日"), low=1, high=120)
    # 继续教育
    training_cycle_hours = _count(_("每周期应修学时"), _TRAINING.cycle_hours, low=1, high=2000)
    training_cycle_years = _count(_("周期年数"), _TRAINING.cycle_years, low=1, high=10)
    training_cycle_start = models.PositiveSmallIntegerField(_("本周期起始年"), default=_TRAINING.cycle_start,
                                                            validators=[MinValueValidator(2000)])
    # 岗位等级晋升 (§7.2)
    years_zhenggao = _count(_("正高岗位：任现等级满（年）"), _PROMOTION.years_in_level["正高"], high=20)
    years_fugao = _count(_("副高岗位：任现等级满（年）"), _PROMOTION.years_in_level["副高"], high=20)
    years_zhongji = _count(_("中级岗位：任现等级满（年）"), _PROMOTION.years_in_level["中级"], high=20)
    years_chuji = _count(_("初级岗位：任现等级满（年）"), _PROMOTION.years_in_level["初级"], high=20)
    appraisal_years = _count(_("近几年考核合格以上"), _PROMOTION.appraisal_years, low=1, high=10)
    rural_years_for_senior = _count(_("晋升副高及以上须农村或薄弱学校任教（年）"),
                                    _PROMOTION.rural_years_for_senior, high=10)
    structure = models.JSONField(_("岗位结构比例"), default=_structure_default, blank=True)

    class Meta:
        verbose_name = _("人事设置")
        verbose_name_plural = _("人事设置")

    def rotation_rules(self) -> RotationRules:
        return RotationRules(min_years=self.rotation_min_years, share_of_eligible=float(self.rotation_share),
                             backbone_share=float(self.backbone_share), backbone_of_eligible=self.backbone_of_eligible,
                             max_out_share=float(self.rotation_max_out_share))

    def leave_rules(self) -> LeaveRules:
        return LeaveRules(marriage_days=self.marriage_days, maternity_province_extra=self.maternity_province_extra,
                          paternity_days=self.paternity_days, bereavement_days=self.bereavement_days,
                          school_approves_up_to=self.school_approves_up_to, close_within_days=self.close_within_days,
                          consecutive_absence_limit=self.consecutive_absence_limit,
                          yearly_absence_limit=self.yearly_absence_limit)

    def training_rules(self) -> TrainingRules:
        return TrainingRules(cycle_hours=self.training_cycle_hours, cycle_years=self.training_cycle_years,
                             cycle_start=self.training_cycle_start)

    def promotion_rules(self) -> PromotionRules:
        return PromotionRules(
            years_in_level={"正高": self.years_zhenggao, "副高": self.years_fugao, "中级": self.years_zhongji,
                            "初级": self.years_chuji},
            appraisal_years=self.appraisal_years, rural_years_for_senior=self.rural_years_for_senior)

    def structure_shares(self, stage: str) -> dict[str, float]:
        saved = (self.structure or {}).get(stage) or STRUCTURE_SHARES[stage]
        return {band: float(saved.get(band, STRUCTURE_SHARES[stage][band])) for band in STRUCTURE_SHARES[stage]}

"""人事设置 page: the numbers of the 人事 rules, editable by the 人事科 and read-only to everybody else; saved with
the version check every form has (an edit made meanwhile by someone else is refused, not overwritten)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _

from edubureau.core.scope import can_write
from edubureau.core.settings_page import SettingsPage, SettingsRowForm

from .settings_model import STRUCTURE_SHARES, StaffingSettings

GROUPS = (
    (_("交流轮岗"), ("rotation_min_years", "rotation_share", "backbone_share", "backbone_of_eligible",
                   "rotation_max_out_share")),
    (_("请销假与考勤"), ("marriage_days", "maternity_province_extra", "paternity_days", "bereavement_days",
                     "school_approves_up_to", "close_within_days", "consecutive_absence_limit",
                     "yearly_absence_limit")),
    (_("继续教育"), ("training_cycle_hours", "training_cycle_years", "training_cycle_start")),
    (_("岗位等级晋升"), ("years_zhenggao", "years_fugao", "years_zhongji", "years_chuji", "appraisal_years",
                     "rural_years_for_senior")),
)
BANDS = ("正高", "副高", "中级", "初级")


class SettingsForm(SettingsRowForm):
    """The rules' numbers, and one field per stage and band of the 岗位结构比例 (stored together as ``structure``)."""

    class Meta:
        model = StaffingSettings
        fields = [name for _title, names in GROUPS for name in names]

    def add_fields(self):
        self.share_names = []
        for s, stage in enumerate(STRUCTURE_SHARES):
            shares = self.instance.structure_shares(stage)
            for i, band in enumerate(BANDS):
                name = f"share_{s}_{i}"
                label = _("{stage}：{band}岗位比例").format(stage=stage, band=band)
                self.fields[name] = forms.DecimalField(
                    label=label, min_value=Decimal(0), max_value=Decimal(1), max_digits=4, decimal_places=3,
                    initial=Decimal(str(shares[band])), widget=forms.NumberInput(attrs={"aria-label": label}))
                self.share_names.append((name, stage, band))

    def clean(self):
        data = super().clean()
        for stage in STRUCTURE_SHARES:
            total = sum(data.get(name) or 0 for name, s, _b in self.share_names if s == stage)
            if total > 1:
                self.add_error(None, _("{stage}各档岗位比例合计{total}，不能超过1。").format(stage=stage, total=total))
        return data

    def save(self, commit=True):
        structure: dict[str, dict[str, float]] = {}
        for name, stage, band in self.share_names:
            structure.setdefault(stage, {})[band] = float(self.cleaned_data[name])
        self.instance.structure = structure
        return super().save(commit)


def _shares(form) -> dict:
    return {"shares": [(stage, [form[name] for name, s, _b in form.share_names if s == stage])
                       for stage in STRUCTURE_SHARES]}


PAGE = SettingsPage(
    form=SettingsForm, groups=GROUPS, template="staffing/settings.html", title=_("人事设置"),
    refused=_("只有人事科可以修改人事设置。"),
    saved=_("人事设置已保存：此后生成的交流方案、晋升人选、请假审批和学时进度按新设置计算。"),
    url_name="staffing:settings", extra={"bands": BANDS})


@login_required
def staffing_settings(request):
    return PAGE.handle(request, StaffingSettings.current(), can_write(request.user, StaffingSettings), _shares)

"""人事设置 page: the numbers of the 人事 rules, editable by the 人事科 and read-only to everybody else; saved with
the version check every form has (an edit made meanwhile by someone else is refused, not overwritten)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from edubureau.core.concurrency import ConcurrencyFormMixin
from edubureau.core.forms import bootstrapify
from edubureau.core.scope import can_write
from edubureau.core.settings_row import save_settings

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


class SettingsForm(ConcurrencyFormMixin, forms.ModelForm):
    """The rules' numbers, and one field per stage and band of the 岗位结构比例 (stored together as ``structure``)."""

    class Meta:
        model = StaffingSettings
        fields = [name for _title, names in GROUPS for name in names]

    def __init__(self, *args, readonly=False, **kwargs):
        super().__init__(*args, **kwargs)
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
        for field in self.fields.values():
            field.disabled = readonly
        bootstrapify(self)

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


def _render(request, form, writable, status=200):
    saved = form.instance
    groups = [(title, [form[name] for name in names]) for title, names in GROUPS]
    shares = [(stage, [form[name] for name, s, _b in form.share_names if s == stage]) for stage in STRUCTURE_SHARES]
    return render(request, "staffing/settings.html", {
        "title": _("人事设置"), "form": form, "groups": groups, "shares": shares, "bands": BANDS,
        "writable": writable, "saved": saved,
    }, status=status)


@login_required
def staffing_settings(request):
    current = StaffingSettings.current()
    writable = can_write(request.user, StaffingSettings)
    if request.method != "POST":
        return _render(request, SettingsForm(instance=current, readonly=not writable), writable)
    if not writable:
        raise PermissionDenied(_("只有人事科可以修改人事设置。"))
    form = SettingsForm(request.POST, instance=current)
    if not form.is_valid():
        return _render(request, form, writable, status=400)
    save_settings(request, form)
    messages.success(request, _("人事设置已保存：此后生成的交流方案、晋升人选、请假审批和学时进度按新设置计算。"))
    return redirect("staffing:settings")

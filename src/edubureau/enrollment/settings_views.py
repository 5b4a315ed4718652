"""招生设置: the year and the numbers of the county's enrolment rules, editable by the enrolment clerks."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from edubureau.core.concurrency import ConcurrencyFormMixin
from edubureau.core.forms import bootstrapify
from edubureau.core.settings_row import save_settings

from .models import EnrollmentSettings
from .permissions import handles_applications

GROUPS = (
    (_("招生年度与入学年龄"), ("year", "entry_age", "cutoff_month", "cutoff_day")),
    (_("一房一学位"), ("lock_years_primary", "lock_years_junior", "lock_from")),
    (_("随迁子女"), ("min_residence_months",)),
    (_("学位预测"), ("migrant_share", "children_per_dwelling")),
)


class SettingsForm(ConcurrencyFormMixin, forms.ModelForm):
    class Meta:
        model = EnrollmentSettings
        fields = [name for _title, names in GROUPS for name in names]
        widgets = {"lock_from": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, readonly=False, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.disabled = readonly
        bootstrapify(self)

    def clean(self):
        data = super().clean()
        month, day = data.get("cutoff_month"), data.get("cutoff_day")
        if month and day:
            try:
                dt.date(2001, month, day)
            except ValueError:
                self.add_error("cutoff_day", _("{month}月没有{day}日").format(month=month, day=day))
        return data


def _render(request, form, writable, status=200):
    groups = [(title, [form[name] for name in names]) for title, names in GROUPS]
    return render(request, "enrollment/settings.html", {
        "title": _("招生设置"), "form": form, "groups": groups, "writable": writable, "saved": form.instance,
    }, status=status)


@login_required
def enrollment_settings(request):
    current = EnrollmentSettings.current()
    writable = handles_applications(request.user)
    if request.method != "POST":
        return _render(request, SettingsForm(instance=current, readonly=not writable), writable)
    if not writable:
        raise PermissionDenied(_("只有招生工作人员可以修改招生设置。"))
    form = SettingsForm(request.POST, instance=current)
    if not form.is_valid():
        return _render(request, form, writable, status=400)
    save_settings(request, form)
    messages.success(request, _("招生设置已保存：此后的审核和预测按新设置计算。"))
    return redirect("enrollment:settings")

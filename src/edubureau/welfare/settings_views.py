"""学生工作设置: the county's numbers of the 控辍保学 and 资助 rules, editable by a department owning the module and
read-only to everybody else; saved with the version check every form has."""

from __future__ import annotations

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

from .models import WelfareSettings

GROUPS = (
    (_("控辍保学"), ("absence_days", "transfer_wait_days", "answer_days")),
    (_("学生资助"), ("public_days",)),
)


class SettingsForm(ConcurrencyFormMixin, forms.ModelForm):
    class Meta:
        model = WelfareSettings
        fields = [name for _title, names in GROUPS for name in names]

    def __init__(self, *args, readonly=False, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.disabled = readonly
        bootstrapify(self)


def _render(request, form, writable, status=200):
    groups = [(title, [form[name] for name in names]) for title, names in GROUPS]
    return render(request, "welfare/settings.html", {
        "title": _("学生工作设置"), "form": form, "groups": groups, "writable": writable, "saved": form.instance,
    }, status=status)


@login_required
def welfare_settings(request):
    current = WelfareSettings.current()
    # Written by the 学籍/控辍 office and the 资助 centre: both own the module; schools and leaders read.
    writable = can_write(request.user, WelfareSettings) and not getattr(
        getattr(request.user, "profile", None), "school_id", None)
    if request.method != "POST":
        return _render(request, SettingsForm(instance=current, readonly=not writable), writable)
    if not writable:
        raise PermissionDenied(_("只有教育局学籍和资助工作人员可以修改学生工作设置。"))
    form = SettingsForm(request.POST, instance=current)
    if not form.is_valid():
        return _render(request, form, writable, status=400)
    save_settings(request, form)
    messages.success(request, _("学生工作设置已保存：此后的风险名单、立案期限和认定公示按新设置计算。"))
    return redirect("welfare:settings")

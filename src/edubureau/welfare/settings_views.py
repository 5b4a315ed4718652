"""学生工作设置: the county's numbers of the 控辍保学 and 资助 rules, editable by a department owning the module and
read-only to everybody else; saved with the version check every form has."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _

from edubureau.core.scope import can_write
from edubureau.core.settings_page import SettingsPage, SettingsRowForm

from .models import WelfareSettings

GROUPS = (
    (_("控辍保学"), ("absence_days", "transfer_wait_days", "answer_days")),
    (_("学生资助"), ("public_days",)),
)


class SettingsForm(SettingsRowForm):
    class Meta:
        model = WelfareSettings
        fields = [name for _title, names in GROUPS for name in names]


PAGE = SettingsPage(
    form=SettingsForm, groups=GROUPS, template="welfare/settings.html", title=_("学生工作设置"),
    refused=_("只有教育局学籍和资助工作人员可以修改学生工作设置。"),
    saved=_("学生工作设置已保存：此后的风险名单、立案期限和认定公示按新设置计算。"), url_name="welfare:settings")


@login_required
def welfare_settings(request):
    # Written by the 学籍/控辍 office and the 资助 centre: both own the module; schools and leaders read.
    writable = can_write(request.user, WelfareSettings) and not getattr(
        getattr(request.user, "profile", None), "school_id", None)
    return PAGE.handle(request, WelfareSettings.current(), writable)

"""体质健康设置: the county's targets (where the year's plan states none) and the 毕业成绩 rule."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy

from edubureau.core.settings_page import SettingsPage, SettingsRowForm

from .models import FitnessSettings
from .permissions import handles_fitness

GROUPS = (
    (gettext_lazy("全县目标（年度工作计划未规定时使用）"), ("pass_target", "good_target", "excellent_target")),
    (gettext_lazy("毕业成绩"), ("final_year_weight",)),
)


class SettingsForm(SettingsRowForm):
    class Meta:
        model = FitnessSettings
        fields = [name for _title, names in GROUPS for name in names]


PAGE = SettingsPage(
    form=SettingsForm, groups=GROUPS, template="fitness/settings.html", title=gettext_lazy("体质健康设置"),
    refused=gettext_lazy("只有教育局体卫艺工作人员可以修改体质健康设置。"),
    saved=gettext_lazy("体质健康设置已保存。"), url_name="fitness:settings")


@login_required
def fitness_settings(request):
    return PAGE.handle(request, FitnessSettings.current(), handles_fitness(request.user))

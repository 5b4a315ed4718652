"""招生设置: the year and the numbers of the county's enrolment rules, editable by the enrolment clerks."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.core.settings_page import SettingsPage, SettingsRowForm

from .engine.applications import default_rules, format_categories, format_points, parse_categories, parse_points
from .models import EnrollmentSettings
from .permissions import handles_applications

GROUPS = (
    (gettext_lazy("招生年度与入学年龄"), ("year", "entry_age", "cutoff_month", "cutoff_day")),
    (gettext_lazy("一房一学位"), ("lock_years_primary", "lock_years_junior", "lock_from")),
    (gettext_lazy("随迁子女"), ("min_residence_months",)),
    (gettext_lazy("学位预测"), ("migrant_share", "children_per_dwelling")),
    (gettext_lazy("入学类别与积分办法"), ("categories", "points_items")),
)


class SettingsForm(SettingsRowForm):
    class Meta:
        model = EnrollmentSettings
        fields = [name for _title, names in GROUPS for name in names]
        widgets = {"lock_from": forms.DateInput(attrs={"type": "date"}),
                   "categories": forms.Textarea(attrs={"rows": 4}), "points_items": forms.Textarea(attrs={"rows": 4})}

    def add_fields(self):
        # The rules in force are shown (the defaults when the county wrote none), so a clerk edits rather than types.
        defaults = default_rules(self.instance.year)
        if not self.instance.categories.strip():
            self.initial["categories"] = format_categories(defaults.categories)
        if not self.instance.points_items.strip():
            self.initial["points_items"] = format_points(defaults.points)

    def clean_categories(self):
        return self._parsed("categories", parse_categories)

    def clean_points_items(self):
        return self._parsed("points_items", parse_points)

    def _parsed(self, name, parse):
        text = self.cleaned_data.get(name, "")
        if not text.strip():
            return ""  # the defaults
        try:
            parse(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return text

    def clean(self):
        data = super().clean()
        month, day = data.get("cutoff_month"), data.get("cutoff_day")
        if month and day:
            try:
                dt.date(2001, month, day)
            except ValueError:
                self.add_error("cutoff_day", _("{month}月没有{day}日").format(month=month, day=day))
        return data


PAGE = SettingsPage(
    form=SettingsForm, groups=GROUPS, template="enrollment/settings.html", title=gettext_lazy("招生设置"),
    refused=gettext_lazy("只有教育局招生工作人员可以修改招生设置。"),
    saved=gettext_lazy("招生设置已保存：此后的审核和预测按新设置计算。"), url_name="enrollment:settings")


@login_required
def enrollment_settings(request):
    return PAGE.handle(request, EnrollmentSettings.current(), handles_applications(request.user))

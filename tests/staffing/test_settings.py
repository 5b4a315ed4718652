"""人事设置 (issue 11: every number of the rules is a setting with the national value as default): the 人事科 changes
them on one page, the others read them, and the leave, promotion and rotation services follow the saved values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.staffing import leave, promotion
from edubureau.staffing.models import StaffingSettings
from edubureau.staffing.settings_views import SettingsForm

from .test_careers import TODAY, due  # noqa: F401  (the hand-checked promotion county)

pytestmark = pytest.mark.django_db
D = dt.date


def _posted(**changes) -> dict:
    form = SettingsForm(instance=StaffingSettings.current())
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("on" if value is True else "" if value is False or value is None else value)
            for name, value in data.items()}
    return {**data, **changes}


def test_the_defaults_are_the_national_rules():
    current = StaffingSettings.current()
    assert current.pk is None  # nothing saved: the national values
    assert (current.leave_rules().marriage_days, current.leave_rules().consecutive_absence_limit) == (3, 15)
    assert (current.rotation_rules().share_of_eligible, current.training_rules().cycle_hours) == (0.10, 360)
    assert current.promotion_rules().years_in_level == {"正高": 5, "副高": 5, "中级": 4, "初级": 3}


def test_only_the_personnel_department_changes_them(client, county):
    client.force_login(county["leader"])
    page = client.get(reverse("staffing:settings")).content.decode()
    assert "只有人事科可以修改这些设置" in page and "disabled" in page
    assert client.post(reverse("staffing:settings"), _posted(marriage_days=10)).status_code == 403
    assert not StaffingSettings.objects.exists()


def test_saved_values_drive_leave_and_promotion(client, county, due):  # noqa: F811
    teacher = due["丁"]  # 2 years in level 10: not due under the national 4 years for 中级
    with pytest.raises(ValidationError, match="婚假最长3天"):
        leave.file_leave(staff=teacher, kind="婚假", start=D(2026, 11, 2), end=D(2026, 11, 6),
                         user=f.make_user(Role.SCHOOL, school=county["town"]))
    client.force_login(county["renshi"])
    response = client.post(reverse("staffing:settings"), _posted(marriage_days=10, years_zhongji=2))
    assert response.status_code == 302, response.context["form"].errors
    saved = StaffingSettings.current()
    assert (saved.marriage_days, saved.years_zhongji, saved.updated_by) == (10, 2, county["renshi"])
    filed = leave.file_leave(staff=teacher, kind="婚假", start=D(2026, 11, 2), end=D(2026, 11, 6),
                             user=f.make_user(Role.SCHOOL, school=county["town"]))
    assert (filed.days, filed.chain) == (5, "school,bureau")  # five working days: the 人事科 approves too
    round_ = promotion.build_round(county["region"], 2026, county["renshi"], today=TODAY)
    assert round_.candidates.filter(staff=teacher).exists()


def test_a_structure_over_one_is_refused_and_nothing_saved(client, county):
    client.force_login(county["renshi"])
    response = client.post(reverse("staffing:settings"), _posted(share_2_1="0.9"))  # 小学 副高 90%
    assert response.status_code == 400
    assert "小学各档岗位比例合计" in response.content.decode()
    assert not StaffingSettings.objects.exists()

"""The 工作台's facility alert measures against the county's own lines (均衡发展设置), not only the national ones."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edubureau.balance.models import BalanceSettings
from edubureau.core.dashboard_engine import QUALITY_FACILITY_THRESHOLDS, facility_thresholds
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f

from .test_dashboard import county  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def short_schools(client) -> dict[str, list[str]]:
    summary = client.get(reverse("core:dashboard")).context["summary"]
    return {x.name: sorted(x.failing) for x in summary.facility_short}


def test_national_lines_by_default(client, county):  # noqa: F811
    client.force_login(f.make_user(Role.LEADER))
    assert short_schools(client) == {"乙秘山中学": ["equipment", "sports"]}
    assert facility_thresholds(BalanceSettings.current().standard()) == QUALITY_FACILITY_THRESHOLDS


def test_a_province_line_moves_the_alert_at_once(client, county):  # noqa: F811
    client.force_login(f.make_user(Role.LEADER))
    assert "甲城关小学" not in short_schools(client)  # read once: the figures are now cached
    settings = BalanceSettings.current()
    # 甲 has 600 primary pupils; a province line of 200 ㎡ of teaching rooms per pupil no school meets.
    settings.school_lines = {"小学": {"生均教学及辅助用房面积": 200}}
    settings.save()
    shortages = short_schools(client)
    assert shortages["甲城关小学"] == ["room"]
    assert shortages["乙秘山中学"] == ["equipment", "sports"]  # 初中 keeps the national lines

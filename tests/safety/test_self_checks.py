"""学校月度自查: which schools are short of a month's self-checks (a campaign's self-check counts, a bureau 抽查 does
not), the follow-up the daily scan opens once per school and missed month, and the 安全工作台's lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.core.followup import run_daily_scans
from edubureau.core.followup_models import FollowUp
from edubureau.core.testing import factories as f
from edubureau.org.models import School
from edubureau.safety import services
from edubureau.safety.engine.selfchecks import missing, month_end, month_of, previous_month
from edubureau.safety.models import Campaign, Inspection, SafetySettings, SelfCheckAlert

from .conftest import login

pytestmark = pytest.mark.django_db
APRIL, MAY_3 = dt.date(2026, 4, 1), dt.date(2026, 5, 3)


def _check(school, day, kind=Inspection.Kind.SELF, **kw):
    return Inspection.objects.create(school=school, kind=kind, day=day, categories=["消防"], **kw)


def test_months_and_the_schools_behind_by_hand():
    assert (month_of(dt.date(2026, 2, 28)), month_end(dt.date(2024, 2, 1)), previous_month(dt.date(2026, 3, 31))) == (
        dt.date(2026, 2, 1), dt.date(2024, 2, 29), dt.date(2026, 2, 1))
    assert missing({1: 1, 2: 2, 3: 0}, {1: 1, 2: 1, 3: 1, 4: 2}) == [(4, 0, 2), (3, 0, 1)]


@pytest.fixture
def three(county):
    """April 2026: A did its 自查, B only its part of a campaign, C (a kindergarten) only had a bureau 抽查 in April
    and did its 自查 in May."""
    a, b = county["a"], county["b"]
    c = f.make_school("城北幼儿园", kind="kindergarten", code="3301000003")
    campaign = Campaign.objects.create(title="汛期安全专项检查", kind="汛期", issued_on=dt.date(2026, 4, 10),
                                       due=dt.date(2026, 4, 25))
    _check(a, dt.date(2026, 4, 10))
    _check(b, dt.date(2026, 4, 20), kind=Inspection.Kind.CAMPAIGN, campaign=campaign)
    _check(c, dt.date(2026, 4, 15), kind=Inspection.Kind.SPOT)
    _check(c, dt.date(2026, 5, 2))
    Inspection.objects.create(school=a, kind=Inspection.Kind.CAMPAIGN, campaign=campaign)  # sent, not yet done
    return {**county, "c": c}


def test_a_month_lists_the_school_without_its_own_self_check(three):
    status = services.self_check_status(School.objects.all(), APRIL)
    assert (status["label"], status["schools"]) == ("2026年4月", 3)
    assert status["rows"] == [{"school_id": three["c"].pk, "school": "城北幼儿园", "done": 0, "owed": 1}]
    # May so far: only C. A kindergarten may owe a different number (the setting).
    SafetySettings.objects.update_or_create(pk=1, defaults={"kindergarten_self_checks_per_month": 2})
    may = services.self_check_status(School.objects.all(), dt.date(2026, 5, 1))
    assert [(r["school"], r["done"], r["owed"]) for r in may["rows"]] == [
        ("城东实验小学", 0, 1), ("城西第二中学", 0, 1), ("城北幼儿园", 1, 2)]


def test_the_scan_opens_one_follow_up_per_missed_school_once(three):
    assert services.scan_self_checks(MAY_3) == 1
    alert = SelfCheckAlert.objects.get()
    followup = alert.followup
    assert (alert.school, alert.month, alert.done, alert.owed) == (three["c"], APRIL, 0, 1)
    assert (followup.module, followup.kind, followup.school, followup.state) == ("safety", "selfcheck", three["c"],
                                                                                   "issued")
    assert (followup.issued_on, followup.due) == (MAY_3, dt.date(2026, 5, 8))
    assert followup.title == "城北幼儿园2026年4月安全自查未完成" and "2026年5月8日前" in followup.detail
    # A second scan the same day, the next day, or the whole daily run: nothing new.
    assert services.scan_self_checks(MAY_3) == 0
    assert services.scan_self_checks(MAY_3 + dt.timedelta(days=1)) == 0
    run_daily_scans(MAY_3 + dt.timedelta(days=2))
    assert FollowUp.objects.filter(kind="selfcheck").count() == 1


def test_a_month_nobody_recorded_is_not_chased(three):
    assert services.scan_self_checks(dt.date(2026, 4, 2)) == 0  # March: the county kept no self-checks here yet
    assert not SelfCheckAlert.objects.exists()


def test_the_safety_page_lists_this_and_last_months_schools_and_a_school_sees_its_own(client, county):
    today = county["today"]
    _check(county["a"], today)
    _check(county["a"], previous_month(today))
    body = login(client, county["clerk"]).get(reverse("safety:home")).content.decode()
    section = body[body.index('data-section="selfchecks"'):]
    assert "本月未自查学校" in section and "上月未自查学校" in section
    this_month, last_month = section.split("上月未自查学校")[:2]
    assert county["b"].name in this_month and county["a"].name not in this_month
    assert county["b"].name in last_month and county["a"].name not in last_month

    body = login(client, county["school_a"]).get(reverse("safety:home")).content.decode()
    section = body[body.index('data-section="selfchecks"'):]
    assert "本月自查" in section and "已完成" in section and "未完成" not in section
    assert county["b"].name not in body
    body = login(client, county["school_b"]).get(reverse("safety:home")).content.decode()
    section = body[body.index('data-section="selfchecks"'):]
    assert "未完成" in section and county["a"].name not in body


def test_the_setting_is_on_the_settings_page(client, county):
    body = login(client, county["clerk"]).get(reverse("safety:settings")).content.decode()
    assert "中小学每月安全自查次数" in body and "幼儿园每月安全自查次数" in body

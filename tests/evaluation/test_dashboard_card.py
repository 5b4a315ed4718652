"""The 学校考核 card on the 工作台 (issue 17): grades for the bureau, a school's own result once published, drafts
only for the evaluating department."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_user
from edubureau.evaluation import services
from edubureau.evaluation.dashboard_card import evaluation_card

from .test_services import score, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 12, 1)


def test_bureau_sees_grades_and_a_school_its_own_result_after_publication(world):  # noqa: F811
    s, staff = world["scheme"], world["staff"]
    for school, value in (("a", 9), ("b", 6), ("c", 8)):
        score(s, world[school], "1.3", value, staff)
    services.recompute(s, staff)
    head = make_user(Role.SCHOOL, school=world["a"])
    leader = make_user(Role.LEADER)
    # A draft: the evaluating department sees it, a leader and the school only that nothing is published.
    assert evaluation_card(staff, DAY)["status"] == "草稿（未发布）"
    for reader in (leader, head):
        card = evaluation_card(reader, DAY)
        assert card["version"] is None and card["status"] == "结果尚未发布" and "own" not in card
    services.publish(s, staff)
    card = evaluation_card(leader, DAY)
    assert card["status"] == "已发布第1版" and card["schools"] == 4
    assert sum(n for _grade, n in card["grades"]) == 4 and card["appeals_open"] == 0
    own = evaluation_card(head, DAY)["own"]
    row = services.school_row(services.latest_published(s), world["a"].code)
    assert (own["code"], own["total"], own["rank"], own["grade"]) == (world["a"].code, row["total"], row["rank"],
                                                                      row["grade"])
    assert own["count"] == 2  # 甲 and 乙 are the 城区小学 category
    other = services.school_row(services.latest_published(s), world["b"].code)
    assert own["category_mean"] == pytest.approx((row["total"] + other["total"]) / 2)  # the county's, issue 17
    assert "grades" not in evaluation_card(head, DAY)  # nothing of the other schools


def test_card_on_the_dashboard_and_none_without_a_scheme(client, world):  # noqa: F811
    s, staff = world["scheme"], world["staff"]
    services.publish(s, staff)
    client.force_login(make_user(Role.LEADER))
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-section="card-evaluation"' in page and "查看考核排名" in page
    assert reverse("evaluation:ranking_scheme", args=[s.pk]) in page
    assert evaluation_card(make_user(Role.LEADER), dt.date(2030, 1, 1)) is None  # no scheme of 2029 or 2030

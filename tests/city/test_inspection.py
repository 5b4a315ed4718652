"""市级对比 · 督导: coverage and on-time rectification by county, hand-checked; drill-down; a county user refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from edubureau.core.models import FollowUp
from edubureau.core.testing.factories import make_school
from edubureau.inspection.models import Finding, Visit
from edubureau.inspection.services import issue_notice

from .conftest import queries

pytestmark = pytest.mark.django_db
URL = reverse("inspection:city")


def visit(school, day, description="食品留样不足"):
    v = Visit.objects.create(day=day, kind="routine")
    v.schools.set([school])
    return Finding.objects.create(visit=v, school=school, category="food", description=description, found_on=day)


@pytest.fixture
def world(city):
    today = timezone.localdate()
    a, c = city.schools["a"], city.schools["c"]
    days = lambda n: today + dt.timedelta(days=n)  # noqa: E731
    # 东县: 一小 visited twice (二小 never): coverage 1 of 2. One notice closed on time, one overdue: 50%.
    on_time = issue_notice([visit(a, days(-10))], due=days(-5), user=city.leader, issued_on=days(-10))
    FollowUp.objects.filter(pk=on_time.followup_id).update(state="closed", closed_on=days(-6))
    issue_notice([visit(a, days(-8), "台账不全")], due=days(-3), user=city.leader, issued_on=days(-8))
    # 西县: its one school visited; its notice not yet due: no rate.
    issue_notice([visit(c, days(-4))], due=days(5), user=city.leader, issued_on=days(-4))
    return {"today": today, "query": f"?start={days(-30)}&end={today}"}


def test_city_user_sees_both_counties(client, city, world):
    client.force_login(city.leader)
    response = client.get(URL + world["query"])
    assert response.status_code == 200
    rows = {r["county"]: r for r in response.context["rows"]}
    east, west, total = rows["东县"], rows["西县"], response.context["total"]
    assert (east["schools"], east["visited"], east["coverage"], east["visits"]) == (2, 1, 0.5, 2)
    assert (east["findings"], east["notices"], east["overdue"], east["on_time_rate"]) == (2, 2, 1, 0.5)
    assert (west["visited"], west["coverage"], west["on_time_rate"], west["overdue"]) == (1, 1.0, None, 0)
    assert (total["visited"], total["schools"], total["overdue"], total["on_time_rate"]) == (2, 3, 1, 0.5)
    page = response.content.decode()
    for figure in ("50.0%", "100.0%", "66.7%", "全市合计"):
        assert figure in page, figure
    assert f'{reverse("inspection:notice_list")}?region={city.east.pk}' in page


def test_drill_down_lists_that_county_notices(client, city, world):
    client.force_login(city.leader)
    page = client.get(reverse("inspection:notice_list") + f"?region={city.west.pk}").content.decode()
    assert "西县一小" in page and "东县一小" not in page


def test_county_user_is_refused(client, city, world):
    client.force_login(city.east_user)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("inspection:notice_list") + f"?region={city.west.pk}").status_code == 403
    own = client.get(reverse("inspection:notice_list")).content.decode()
    assert "东县一小" in own and "西县一小" not in own


def test_query_count_does_not_grow_with_schools(client, city, world):
    client.force_login(city.leader)
    before = queries(client, URL + world["query"])
    today = world["today"]
    for county in (city.east, city.west, city.west):
        school = make_school(region=county)
        issue_notice([visit(school, today)], due=today + dt.timedelta(days=3), user=city.leader, issued_on=today)
    assert queries(client, URL + world["query"]) == before

"""市级对比 · 均衡发展: each county's standing with its own schools; a county user is refused."""

import pytest
from django.urls import reverse

from edubureau.core.testing.factories import make_facts, make_school, make_school_year

from .conftest import queries

pytestmark = pytest.mark.django_db
URL = reverse("balance:city")


@pytest.fixture
def facts(city):
    year = make_school_year(2025)
    # Default facts meet 6 of 7 小学 lines; 5 key teachers for 600 pupils is 0.83 per 100, under 85% of 1:
    # the school fails. With 6 key teachers (1.0 per 100) it meets all seven.
    make_facts(city.schools["a"], year, key_teachers=6)
    make_facts(city.schools["b"], year)
    make_facts(city.schools["c"], year, key_teachers=6)
    return year


def test_city_user_sees_both_counties_with_hand_checked_figures(client, city, facts):
    client.force_login(city.leader)
    response = client.get(URL)
    assert response.status_code == 200
    rows = {r["county"]: r for r in response.context["rows"]}
    assert set(rows) == {"东县", "西县"}
    # 东县: 1 of 2 schools meets the rule; backbone per 100: 1.0 and 0.8333 with equal weights,
    # mean 0.91667, sd 0.08333, CV 0.0909 (the largest; every other indicator is equal).
    assert rows["东县"]["p_schools"] == 2 and rows["东县"]["p_passing_share"] == 0.5
    assert rows["东县"]["p_worst_cv"] == pytest.approx(0.0833333 / 0.9166667, rel=1e-5)
    assert rows["东县"]["p_quality"] == "未达标" and rows["东县"]["p_basic"] == "达标"
    assert rows["西县"]["p_passing_share"] == 1.0 and rows["西县"]["p_quality"] == "达标"
    assert rows["西县"]["j_schools"] is None
    total = response.context["total"]
    assert total["p_schools"] == 3 and total["p_passing_share"] == pytest.approx(2 / 3)
    page = response.content.decode()
    assert "50.0%" in page and "66.7%" in page and "0.091" in page and "全市合计" in page
    assert f'{reverse("balance:standing")}?year=2025&amp;region={city.east.pk}' in page


def test_county_user_is_refused(client, city, facts):
    client.force_login(city.east_user)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?export=xlsx").status_code == 403


def test_export_writes_the_table(client, city, facts):
    import io

    from python_calamine import CalamineWorkbook

    client.force_login(city.leader)
    response = client.get(URL + "?year=2025&export=xlsx")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    body = {r[0]: r for r in rows if r and r[0] in ("东县", "西县", "全市合计")}
    assert set(body) == {"东县", "西县", "全市合计"}
    assert body["东县"][1] == 2 and body["东县"][2] == pytest.approx(0.5)


def test_drill_down_shows_only_that_county(client, city, facts):
    client.force_login(city.leader)
    page = client.get(reverse("balance:standing") + f"?year=2025&region={city.west.pk}").content.decode()
    assert "西县一小" in page and "东县二小" not in page


def test_query_count_does_not_grow_with_schools(client, city, facts):
    client.force_login(city.leader)
    before = queries(client, URL)
    for county in (city.east, city.west):
        for _ in range(3):
            make_facts(make_school(region=county), facts, key_teachers=6)
    assert queries(client, URL) == before


def test_drill_down_refuses_another_county(client, city, facts):
    client.force_login(city.east_user)
    assert client.get(reverse("balance:standing") + f"?year=2025&region={city.west.pk}").status_code == 403


def test_menu_shows_the_comparisons_to_the_city_only(client, city, facts):
    client.force_login(city.leader)
    assert URL in client.get(reverse("balance:settings")).content.decode()
    client.force_login(city.east_user)
    assert URL not in client.get(reverse("balance:standing")).content.decode()


def test_a_city_reader_starts_from_the_county_comparison(client, city, facts):
    """The standard is met county by county: no pooled table of the whole city's schools (2 s at city scale)."""
    client.force_login(city.leader)
    response = client.get(reverse("balance:standing") + "?year=2025")
    assert response.status_code == 302 and response["Location"] == URL + "?year=2025"
    assert client.get(reverse("balance:standing") + f"?year=2025&region={city.west.pk}").status_code == 200


def test_county_users_own_standing_is_its_county_alone(client, city, facts):
    """东县's standing page is 东县's: CVs between its two schools (0.091), 西县 nowhere."""
    client.force_login(city.east_user)
    response = client.get(reverse("balance:standing") + "?year=2025")
    page = response.content.decode()
    assert response.context["region"] == city.east
    level = response.context["levels"][0]
    assert level["result"]["indicators"]["每百名学生拥有县级及以上骨干教师数"]["cv"] == pytest.approx(0.0909, abs=1e-4)
    assert "东县二小" in page and "西县" not in page
    assert [s["code"] for s in level["result"]["schools"]] == [city.schools["a"].code, city.schools["b"].code]

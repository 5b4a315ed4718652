"""/api/balance/standing/: county CVs for everyone signed in, school rows cut to scope, bad input is a 4xx."""

from decimal import Decimal

import pytest

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_facts, make_school, make_school_year, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    year = make_school_year(2025)
    a, b = make_school("城关小学"), make_school("东河小学")
    make_facts(a, year, key_teachers=6)
    make_facts(b, year, sports_area=Decimal("1200"))
    return a, b


def test_school_reads_county_cv_and_own_row(client, county):
    a, _b = county
    client.force_login(make_user(Role.SCHOOL, school=a))
    body = client.get("/api/balance/standing/").json()
    assert body["year"] == 2025 and body["standard"] == "quality"
    primary = body["levels"]["小学"]
    assert primary["indicators"]["生均体育运动场馆面积"]["cv"] == pytest.approx(0.6129, abs=1e-4)
    assert [s["name"] for s in primary["schools"]] == ["城关小学"]


def test_leader_basic_and_errors(client, county):
    client.force_login(make_user(Role.LEADER))
    body = client.get("/api/balance/standing/?standard=basic&year=2025").json()
    assert len(body["levels"]["小学"]["schools"]) == 2
    assert body["levels"]["小学"]["composite_cv"] is not None
    assert client.get("/api/balance/standing/?standard=x").status_code == 400
    assert client.get("/api/balance/standing/?year=1999").status_code == 404
    assert client.post("/api/balance/standing/").status_code in (403, 405)


def test_anonymous_refused(client, county):
    assert client.get("/api/balance/standing/").status_code in (401, 403)


def test_schools_sinking_an_indicator_are_named_only_within_scope(client, county):
    a, b = county
    client.force_login(make_user(Role.SCHOOL, school=a))
    sports = client.get("/api/balance/standing/").json()["levels"]["小学"]["indicators"]["生均体育运动场馆面积"]
    assert sports["short_schools"] == [] and sports["short_schools_count"] == 1
    assert b.code not in str(client.get("/api/balance/standing/").content)
    client.force_login(make_user(Role.LEADER))
    sports = client.get("/api/balance/standing/").json()["levels"]["小学"]["indicators"]["生均体育运动场馆面积"]
    assert sports["short_schools"] == [b.code]

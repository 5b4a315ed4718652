"""A city (示例市) with two counties, 东县 and 西县, their schools, and a user at each level."""

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_city_with_counties, make_school, make_user


@dataclass
class City:
    city: object
    east: object
    west: object
    schools: dict
    leader: object
    east_user: object


@pytest.fixture
def city(db):
    city, (east, west) = make_city_with_counties("东县", "西县")
    schools = {
        "a": make_school("东县一小", region=east),
        "b": make_school("东县二小", region=east),
        "c": make_school("西县一小", region=west),
    }
    return City(city=city, east=east, west=west, schools=schools,
                leader=make_user(Role.LEADER, region=city), east_user=make_user(Role.LEADER, region=east))


def queries(client, url) -> int:
    """How many queries one GET of ``url`` takes (the page must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)

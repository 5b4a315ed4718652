"""Lists cost the same number of queries for 2 rows as for 20 (no query per row, ID-number rule included)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edubureau.core.testing import factories as f

from .endpoints import ENDPOINTS


def queries(api, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url, {"limit": 1000}).status_code == 200
    return len(captured)


def add_rows(county, n):
    for i in range(n):
        staff = f.make_staff(county.a)
        klass = f.make_class(county.a, head_teacher=staff)
        f.make_student(county.a, klass, id_number=f.make_id_number())
        f.make_facts(county.a, f.make_school_year(2000 + i, current=False), level_part="junior")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@pytest.mark.parametrize("who", ["dept_api", "school_api"])
def test_list_queries_do_not_grow_with_rows(county, request, who, endpoint):
    api = request.getfixturevalue(who)
    before = queries(api, endpoint.list_url)
    add_rows(county, 10)
    assert queries(api, endpoint.list_url) == before

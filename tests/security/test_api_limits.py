"""Issue 18: an API page is capped (200 rows) and exam results cost the same few queries whatever their number."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from edubureau.core.api.pagination import Pagination
from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_user
from edubureau.quality.models import ExamResult
from tests.quality.conftest import county  # noqa: F401  (two schools, two exams imported)

pytestmark = pytest.mark.django_db


def add_results(exam, school, n: int, start: int = 1000) -> None:
    ExamResult.objects.bulk_create(
        ExamResult(exam=exam, school=school, exam_no=str(start + i), name=f"考生{i}", class_name="3班",
                   scores={"语文": 90, "数学": 80}, total=170)
        for i in range(n)
    )


@pytest.fixture
def reader():
    client = APIClient()
    client.force_authenticate(make_user(Role.DEPARTMENT, department=make_department(modules=("quality",))))
    return client


def test_a_page_is_capped_at_200_rows(county, reader):  # noqa: F811
    add_results(county["exam"], county["a"], 250)
    body = reader.get("/api/quality/results/?limit=1000").json()
    assert Pagination.max_limit == 200
    assert body["count"] == 258 and len(body["results"]) == 200
    assert "offset=200" in body["next"]
    assert len(reader.get(body["next"]).json()["results"]) == 58


def test_result_queries_do_not_grow_with_the_rows_nor_read_the_stored_analysis(county, reader):  # noqa: F811
    exam = county["exam"]
    assert exam.report  # the import stored its analysis on the exam
    with CaptureQueriesContext(connection) as few:
        assert len(reader.get("/api/quality/results/?limit=200").json()["results"]) == 8  # two exams of four candidates
    add_results(exam, county["b"], 192)
    with CaptureQueriesContext(connection) as many:
        assert len(reader.get("/api/quality/results/?limit=200").json()["results"]) == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    rows_query = next(q["sql"] for q in many.captured_queries if "quality_examresult" in q["sql"]
                      and "COUNT(" not in q["sql"].upper())
    # The exam's analysis (megabytes on a county exam) was read and decoded once per row before the fix.
    assert '"quality_exam"."report"' not in rows_query and '"quality_exam"."name"' in rows_query

"""The quality API: read-only, scoped (a school sees the county and its own candidates only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_user

from .conftest import login

pytestmark = pytest.mark.django_db


def test_leader_reads_every_result_and_the_full_report(county, client):
    login(client, make_user(Role.LEADER))
    results = client.get(reverse("quality-api:examresult-list"), {"exam": county["exam"].pk}).json()
    assert results["count"] == 4
    report = client.get(reverse("quality-api:exam-report", args=[county["exam"].pk])).json()
    assert {s["school"] for s in report["subjects"]["总分"]["schools"]} == {county["a"].name, county["b"].name}


def test_school_reads_its_own_candidates_and_county_aggregates(county, client):
    login(client, make_user(Role.SCHOOL, school=county["a"]))
    results = client.get(reverse("quality-api:examresult-list"), {"exam": county["exam"].pk}).json()
    assert results["count"] == 2
    assert {r["school"]["id"] for r in results["results"]} == {county["a"].pk}
    other = county["exam"].results.get(school=county["b"], exam_no="3")
    assert client.get(reverse("quality-api:examresult-detail", args=[other.pk])).status_code == 404
    report = client.get(reverse("quality-api:exam-report", args=[county["exam"].pk])).json()
    assert report["subjects"]["数学"]["county"]["n"] == 3
    assert [s["school"] for s in report["subjects"]["数学"]["schools"]] == [county["a"].name]
    assert {c["school"] for c in report["subjects"]["数学"]["classes"]} == {county["a"].name}


def test_the_api_does_not_write(county, client):
    # Even the department that owns 学业质量 reads only: scores come in through the checked import.
    login(client, make_user(Role.DEPARTMENT, department=make_department(modules=("quality",))))
    url = reverse("quality-api:exam-detail", args=[county["exam"].pk])
    assert client.delete(url).status_code == 405
    assert client.post(reverse("quality-api:exam-list"), {"name": "x"}).status_code == 405
    assert county["exam"].__class__.objects.filter(pk=county["exam"].pk).exists()

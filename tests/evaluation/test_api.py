"""Evaluation API: read-only schemes, the ranking and cards with scope (a school: published only, its own card)."""

import pytest
from rest_framework.test import APIClient

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_school, make_user
from edubureau.evaluation import engine, services
from edubureau.evaluation.models import EvaluatorScore
from edubureau.evaluation.views import TEMPLATE_CATEGORIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    a = make_school("甲小学", locality="urban")
    b = make_school("乙小学", locality="rural")
    scheme = services.from_engine(engine.standard_scheme(2026), categories=TEMPLATE_CATEGORIES)
    staff = make_user(Role.DEPARTMENT, department=make_department(modules=("evaluation",)))
    EvaluatorScore.objects.create(scheme=scheme, indicator=scheme.indicators.get(code="1.3"), school=a,
                                  evaluator=staff, score=9)
    services.recompute(scheme, staff)
    return {"a": a, "b": b, "scheme": scheme, "staff": staff, "head": make_user(Role.SCHOOL, school=a)}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_schemes_are_read_only(world):
    client = api(world["staff"])
    body = client.get("/api/evaluation/schemes/").json()
    row = body["results"][0]
    assert row["year"] == 2026 and row["definition"]["indicators"][0]["title"] == "常规考核"
    assert [c["key"] for c in row["categories"]] == ["urban", "rural", "junior"]
    assert client.post("/api/evaluation/schemes/", {"year": 2027}).status_code == 405
    assert client.delete(f"/api/evaluation/schemes/{world['scheme'].pk}/").status_code == 405


def test_bureau_sees_the_draft_school_sees_nothing_before_publication(world):
    s, a, b = world["scheme"], world["a"], world["b"]
    staff, head = api(world["staff"]), api(world["head"])
    ranking = staff.get(f"/api/evaluation/schemes/{s.pk}/ranking/").json()
    assert ranking["version"] == 0
    urban = next(c for c in ranking["categories"] if c["key"] == "urban")
    assert urban["rows"][0]["name"] == "甲小学"
    assert staff.get(f"/api/evaluation/schemes/{s.pk}/cards/{b.code}/").status_code == 200
    assert head.get(f"/api/evaluation/schemes/{s.pk}/ranking/").status_code == 404
    assert head.get(f"/api/evaluation/schemes/{s.pk}/cards/{a.code}/").status_code == 404
    assert head.get(f"/api/evaluation/schemes/{s.pk}/ranking/?version=0").status_code == 404


def test_school_after_publication(world):
    s, a, b = world["scheme"], world["a"], world["b"]
    services.publish(s, world["staff"])
    head = api(world["head"])
    ranking = head.get(f"/api/evaluation/schemes/{s.pk}/ranking/").json()
    assert ranking["version"] == 1 and sum(len(c["rows"]) for c in ranking["categories"]) == 2
    card = head.get(f"/api/evaluation/schemes/{s.pk}/cards/{a.code}/").json()["card"]
    # 1.3: 9 of 10 → 14.4 of 16 in 城区小学; 1.2 with no notice due counts full (the template's setting): 12 of 12.
    assert card["total"] == pytest.approx(26.4)
    assert head.get(f"/api/evaluation/schemes/{s.pk}/cards/{b.code}/").status_code == 403
    assert head.get(f"/api/evaluation/schemes/{s.pk}/cards/0000000000/").status_code == 404
    assert head.get(f"/api/evaluation/schemes/{s.pk}/ranking/?version=x").status_code == 404
    assert APIClient().get(f"/api/evaluation/schemes/{s.pk}/ranking/").status_code in (401, 403)

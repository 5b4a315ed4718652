"""Issue 18: draft (unpublished) evaluation rankings are the evaluating department's only.

The probe read the draft ranking as an inspector through the page and the API (``?version=0``). Now an inspector,
a leader and a department that does not own "evaluation" get 404 for the draft; the evaluating department gets 200.
"""

import pytest
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_school, make_user, make_zone
from edubureau.evaluation import engine, services
from edubureau.evaluation.models import EvaluatorScore

pytestmark = pytest.mark.django_db
CATS = {"urban": {"school_kinds": ["primary"], "localities": ["urban", "town"]}}


@pytest.fixture
def world():
    zone = make_zone()
    a = make_school("甲小学", locality="urban", zone=zone)
    b = make_school("乙小学", locality="urban", zone=zone)
    scheme = services.from_engine(engine.standard_scheme(2026), categories=CATS)
    evaluator = make_user(Role.DEPARTMENT, department=make_department(modules=("evaluation",)))
    for school, value in ((a, 9), (b, 6)):
        EvaluatorScore.objects.create(scheme=scheme, indicator=scheme.indicators.get(code="1.3"), school=school,
                                      evaluator=evaluator, score=value)
    services.recompute(scheme, evaluator)
    return {
        "scheme": scheme, "a": a, "evaluator": evaluator,
        "inspector": make_user(Role.INSPECTOR, zone=zone),
        "leader": make_user(Role.LEADER),
        "people_dept": make_user(Role.DEPARTMENT, department=make_department(modules=("people",))),
    }


def _page(scheme, draft=True):
    return reverse("evaluation:ranking_scheme", args=[scheme.pk]) + ("?version=0" if draft else "")


def _api(scheme):
    return f"/api/evaluation/schemes/{scheme.pk}/ranking/?version=0"


@pytest.mark.parametrize("who", ["inspector", "leader", "people_dept"])
def test_draft_ranking_is_closed_to_others(client, world, who):
    s = world["scheme"]
    client.force_login(world[who])
    page = client.get(_page(s))
    # an unknown version of this scheme falls back to the default, which is nothing before publication
    assert page.status_code in (200, 404)
    text = page.content.decode()
    assert "甲小学" not in text and "草稿" not in text
    assert client.get(_page(s, draft=False)).content.decode().count("甲小学") == 0
    card = reverse("evaluation:report_card", args=[s.pk, world["a"].code])
    assert client.get(card + "?version=0").status_code == 404
    assert client.get(_api(s)).status_code == 404
    assert client.get(f"/api/evaluation/schemes/{s.pk}/ranking/").status_code == 404


def test_draft_stays_closed_after_publication(client, world):
    s = world["scheme"]
    services.publish(s, world["evaluator"])
    services.recompute(s, world["evaluator"])  # a new draft beside the published version
    client.force_login(world["inspector"])
    assert client.get(_api(s)).status_code == 404
    published = client.get(f"/api/evaluation/schemes/{s.pk}/ranking/")
    assert published.status_code == 200 and published.json()["version"] >= 1
    page = client.get(_page(s)).content.decode()
    assert "草稿" not in page and "甲小学" in page  # the published version, not the draft


def test_evaluating_department_sees_the_draft(client, world):
    s = world["scheme"]
    client.force_login(world["evaluator"])
    page = client.get(_page(s))
    assert page.status_code == 200 and "草稿" in page.content.decode() and "甲小学" in page.content.decode()
    response = client.get(_api(s))
    assert response.status_code == 200 and response.json()["version"] == 0

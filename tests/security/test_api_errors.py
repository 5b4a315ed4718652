"""Issue 18, must-fix 5: the inspection API answers, every API error is JSON, the schema needs a login."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from edubureau.inspection.models import Finding, Visit
from tests.inspection.conftest import world  # noqa: F401  (the small inspected county)

pytestmark = pytest.mark.django_db


def _api(client, user, url):
    token = Token.objects.get_or_create(user=user)[0]
    return client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.fixture
def checked_visit(world):  # noqa: F811
    """A visit at 甲一小学 done with the routine checklist, and the finding its first item raised."""
    visit = Visit.objects.create(day=world["today"], kind="routine", checklist=world["checklist"])
    visit.schools.set([world["a1"]])
    visit.inspectors.set([world["i1"]])
    finding = Finding.objects.create(visit=visit, school=world["a1"], item=world["items"][0], category="safety",
                                     severity="serious", description="校门无人值守", found_on=world["today"])
    return visit, finding


@pytest.mark.parametrize("reader", ["office", "u1"], ids=["department", "zone_inspector"])
def test_visits_and_findings_with_a_checklist_answer(client, world, checked_visit, reader):  # noqa: F811
    # Before issue 18 every visit with a checklist and every finding with an item answered 500 (no checklist route).
    visit, finding = checked_visit
    user = world[reader]
    visits = _api(client, user, reverse("inspection-api:visit-list"))
    assert visits.status_code == 200, visits.content
    row = visits.json()["results"][0]
    assert row["checklist"]["display"] == "经常性督导检查表"
    detail = _api(client, user, reverse("inspection-api:visit-detail", args=[visit.pk]))
    assert detail.status_code == 200
    findings = _api(client, user, reverse("inspection-api:finding-list"))
    assert findings.status_code == 200, findings.content
    assert findings.json()["results"][0]["item"]["display"] == "校门值守"
    item_url = _api(client, user, reverse("inspection-api:finding-detail", args=[finding.pk])).json()["item"]["url"]
    # The brief's url leads somewhere: the item itself, and from it its checklist.
    item = _api(client, user, item_url)
    assert item.status_code == 200 and item.json()["text"] == "校门值守"
    checklist = _api(client, user, item.json()["checklist"]["url"]).json()
    assert [i["display"] for i in checklist["items"]] == ["校门值守", "食品留样"]


def test_unknown_api_route_is_a_json_404_in_chinese(client, world):  # noqa: F811
    for response in (client.get("/api/no-such-thing/"), _api(client, world["office"], "/api/inspection/nothing/")):
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert "接口地址不存在" in response.json()["detail"]
    # Pages keep their HTML 404.
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_an_unhandled_error_in_an_api_view_is_a_json_500_logged_once(client, world, monkeypatch, caplog):  # noqa: F811
    from edubureau.inspection.api.views import VisitViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(VisitViewSet, "list", broken)
    response = _api(client, world["office"], reverse("inspection-api:visit-list"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "服务器内部错误" in response.json()["detail"]
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(tracebacks) == 1 and "broken on purpose" in str(tracebacks[0].exc_info[1])


def test_an_error_outside_drf_is_a_json_500_under_api(world, monkeypatch):  # noqa: F811
    # A crash before any view runs (here: in URL resolution) goes through handler500.
    import django.core.handlers.base as base

    def broken(self, request):
        raise RuntimeError("resolver broken on purpose")

    monkeypatch.setattr(base.BaseHandler, "resolve_request", broken)
    client = Client(raise_request_exception=False)
    api = client.get("/api/inspection/visits/")
    assert api.status_code == 500 and "服务器内部错误" in api.json()["detail"]
    page = client.get("/inspection/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
    assert "系统出错（500）" in page.content.decode()  # our own Chinese page, not Django's English one


def test_schema_and_docs_need_a_login(client, world):  # noqa: F811
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 401
    assert schema.json()["detail"] == "身份认证信息未提供。"
    docs = client.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/login/")
    assert client.get("/api/docs/?script=").status_code == 302
    # Signed in (session or token), both answer.
    assert _api(client, world["admin_a1"], "/api/schema/?format=json").status_code == 200
    client.force_login(world["office"])
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/schema/?format=json").status_code == 200


def test_static_files_stay_public(client):
    # The login page needs its CSS before anyone is signed in.
    assert client.get("/login/").status_code == 200
    assert client.get("/static/img/favicon.svg").status_code == 200

"""The read-only API: an inspector reads its zone, a school its own notices and findings, nothing else."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from .helpers import notice_for, visit_with_finding

pytestmark = pytest.mark.django_db


def _get(client, user, name, *args):
    token = Token.objects.get_or_create(user=user)[0]
    url = reverse(f"inspection-api:{name}", args=args)
    return client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_inspector_reads_its_zone(client, world):
    mine = notice_for(world, world["a1"])
    other = notice_for(world, world["b"])
    assert _ids(_get(client, world["u1"], "rectification-list")) == {mine.pk}
    assert _get(client, world["u1"], "rectification-detail", other.pk).status_code == 404
    assert _ids(_get(client, world["u1"], "responsibilityzone-list")) == {world["za"].pk}
    visits = _get(client, world["u1"], "visit-list").json()["results"]
    assert {s["display"] for v in visits for s in v["schools"]} == {"甲一小学"}
    assert "乙秘" not in _get(client, world["u1"], "finding-list").content.decode()


def test_school_reads_its_own_notices_only(client, world):
    mine = notice_for(world, world["a1"])
    notice_for(world, world["a2"])
    notice_for(world, world["b"])
    body = _get(client, world["admin_a1"], "rectification-list").json()["results"]
    assert [row["id"] for row in body] == [mine.pk]
    assert body[0]["state"] == "issued" and body[0]["school"]["display"] == "甲一小学"
    assert _ids(_get(client, world["admin_a1"], "visit-list")) == set()
    assert _ids(_get(client, world["admin_a1"], "responsibilityzone-list")) == set()
    assert len(_ids(_get(client, world["admin_a1"], "finding-list"))) == 1


def test_office_reads_everything_and_cannot_write(client, world):
    visit_with_finding(world, world["b"])
    assert len(_ids(_get(client, world["office"], "finding-list"))) == 1
    token = Token.objects.get_or_create(user=world["office"])[0].key
    response = client.post(reverse("inspection-api:finding-list"), {}, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 405

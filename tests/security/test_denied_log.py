"""Issue 18: a refused request (403) logs one line — method, path, user, reason — and no traceback."""

from __future__ import annotations

import logging

import pytest
from rest_framework.test import APIClient

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f

pytestmark = pytest.mark.django_db


def forbidden_records(caplog):
    return [r for r in caplog.records if getattr(r, "status_code", None) == 403]


def test_a_refused_page_logs_one_line_without_traceback(client, caplog):
    client.force_login(f.make_user(None, username="norole"))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/org/schools/")
    assert response.status_code == 403
    [record] = forbidden_records(caplog)
    assert record.exc_info is None and record.exc_text is None
    reason = "您的账号尚未分配角色，请联系系统管理员。"
    assert record.getMessage() == f"Forbidden: GET /org/schools/ user=norole reason={reason}"
    # The handler's output is that one line too (the traceback was written by the formatter from exc_info).
    assert "Traceback" not in caplog.text and len(caplog.text.strip().splitlines()) == 1


def test_a_refused_api_request_logs_who_and_why(caplog):
    school = f.make_school()
    api = APIClient()
    api.force_authenticate(f.make_user(Role.SCHOOL, school=school, username="xiao_admin"))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = api.post("/api/org/regions/", {"code": "330199", "name": "新区"}, format="json")
    assert response.status_code == 403
    [record] = forbidden_records(caplog)
    assert record.exc_info is None
    assert record.getMessage() == "Forbidden: POST /api/org/regions/ user=xiao_admin reason=无权执行此操作"


def test_an_anonymous_refusal_names_no_user(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/api/schema/?format=json").status_code == 401
        assert client.post("/api/inspection/visits/").status_code == 401
    # 401 is not a refusal of a known user: Django's own line stays as it was.
    assert not forbidden_records(caplog)

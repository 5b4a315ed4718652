"""Token and session authentication, the OpenAPI schema and the docs page."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from edubureau.core.api.views import TokenThrottle
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f

from .endpoints import ENDPOINTS

PASSWORD = "pass-1234-edu"


# --- Token ----------------------------------------------------------------------------------------


def test_token_from_username_and_password_opens_the_api(county):
    user = f.make_user(Role.SCHOOL, school=county.a, username="jia", password=PASSWORD)
    response = APIClient().post("/api/token/", {"username": "jia", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=user).key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert [s["id"] for s in api.get("/api/org/schools/").json()["results"]] == [county.a.pk]


def test_wrong_password_or_inactive_user_gets_no_token(county):
    user = f.make_user(Role.LEADER, username="lingdao", password=PASSWORD)
    response = APIClient().post("/api/token/", {"username": "lingdao", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["无法使用提供的认证信息登录。"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert APIClient().post("/api/token/", {"username": "lingdao", "password": PASSWORD}).status_code == 400
    assert not Token.objects.filter(user=user).exists()


def test_bad_or_stale_token_is_401(county):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    response = api.get("/api/org/schools/")
    assert response.status_code == 401
    assert response.json()["detail"] == "认证令牌无效。"


def test_token_requests_are_throttled(county):
    api = APIClient()
    limit = TokenThrottle().num_requests
    answers = [api.post("/api/token/", {"username": "nobody", "password": "x"}).status_code for _ in range(limit + 1)]
    assert answers[:-1] == [400] * limit
    assert answers[-1] == 429
    assert "请求已被限流" in api.post("/api/token/", {"username": "nobody", "password": "x"}).json()["detail"]


# --- Session --------------------------------------------------------------------------------------


def test_session_login_reads_and_writes_with_csrf(county, department_user):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(department_user)
    assert api.get("/api/org/schools/").status_code == 200
    # A session write without the CSRF token is refused: a page elsewhere cannot write on the user's behalf.
    response = api.patch(f"/api/org/schools/{county.a.pk}/", {"phone": "123"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# --- Schema and docs ------------------------------------------------------------------------------


@pytest.fixture
def schema(county, dept_api):
    response = dept_api.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document


def test_schema_lists_every_endpoint_and_operation(schema):
    paths = schema["paths"]
    for endpoint in ENDPOINTS:
        assert set(paths[endpoint.list_url]) >= {"get", "post"}, endpoint
        assert set(paths[endpoint.list_url + "{id}/"]) >= {"get", "put", "patch", "delete"}, endpoint
    assert "post" in paths["/api/token/"]
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_schema_documents_filters_and_brief_foreign_keys(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/people/staff/"]["get"]["parameters"]}
    assert {"q", "school", "zone", "limit", "offset", "ordering"} <= parameters
    school = next(p for p in schema["paths"]["/api/people/staff/"]["get"]["parameters"] if p["name"] == "school")
    assert school["schema"]["type"] == "integer"
    components = schema["components"]["schemas"]
    assert components["SchoolClass"]["properties"]["school"]["allOf"] == [{"$ref": "#/components/schemas/Brief"}]
    assert set(components["Brief"]["properties"]) == {"id", "url", "display"}
    assert components["SchoolClassRequest"]["properties"]["school"]["type"] == "integer"


def test_docs_page_renders_for_a_signed_in_user_without_inline_script(client, department_user):
    client.force_login(department_user)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in html
    # Every script is a file (CSP script-src 'self'): no inline code, the initializer comes from ?script.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    init = client.get("/api/docs/?script=")
    assert init.status_code == 200
    assert "/api/schema/" in init.content.decode()


@override_settings(DEBUG=False)
def test_swagger_ui_files_are_served_locally(client):
    response = client.get("/static/vendor/swagger-ui-dist/swagger-ui-bundle.js")
    assert response.status_code == 200


def test_schema_generates_without_warnings(county):
    from django.core.management import call_command

    # --fail-on-warn turns any drf-spectacular warning (an unguessable type, a naming clash) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_browsable_api_pages_render(client, county, department_user, endpoint):
    """The HTML view of the API (session users in a browser) renders lists and details with a raw JSON form."""
    client.force_login(department_user)
    row = county.rows["ref" if not endpoint.owned else "a"][endpoint.model_name]
    for url in (endpoint.list_url, endpoint.detail_url(row.pk)):
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        assert "text/html" in response["Content-Type"]
        html = response.content.decode()
        assert 'name="_content"' in html  # the raw JSON form
        # No generated drop-downs (the only <select> left is the raw form's content type).
        assert html.count("<select") == html.count('name="_content_type"')

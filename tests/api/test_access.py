"""Every registry endpoint as anonymous, as a department, as a school administrator: the same scope as pages."""

from __future__ import annotations

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f

from .conftest import token_client
from .endpoints import ENDPOINTS, OWNED, new_row

# What a school administrator may create for its own school (models with ``school_writable``).
SCHOOL_CREATES = {"campus", "schoolfacts", "staff", "schoolclass", "student"}


def model_of(endpoint):
    return apps.get_model(endpoint.app, endpoint.model_name)


def snapshot(model, pk):
    return model.objects.filter(pk=pk).values().first()


def a_row(endpoint, county):
    return county.rows["ref" if not endpoint.owned else "a"][endpoint.model_name]


def test_every_registry_model_has_an_endpoint():
    covered = {(e.app, e.model_name) for e in ENDPOINTS}
    models = {
        (m._meta.app_label, m._meta.model_name)
        for label in ("org", "people")
        for m in apps.get_app_config(label).get_models()
    }
    assert covered == models


def test_paths_are_plural_kebab_case():
    assert [e.list_url for e in ENDPOINTS if e.model_name in {"schoolfacts", "schoolclass", "staff", "school"}] == [
        "/api/org/schools/",
        "/api/org/school-facts/",
        "/api/people/staff/",
        "/api/people/classes/",
    ]
    for e in ENDPOINTS:
        assert e.list_url == f"/api/{e.app}/{e.path}/"


# --- Anonymous and profile-less users -------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_gets_401_and_writes_nothing(county, endpoint):
    api = APIClient()
    model = model_of(endpoint)
    row = a_row(endpoint, county)
    count = model.objects.count()
    assert api.get(endpoint.list_url).status_code == 401
    assert api.get(endpoint.detail_url(row.pk)).status_code == 401
    assert api.post(endpoint.list_url, new_row(endpoint, county), format="json").status_code == 401
    assert api.delete(endpoint.detail_url(row.pk)).status_code == 401
    assert model.objects.count() == count
    response = api.get(endpoint.list_url)
    assert response.json()["detail"] == "身份认证信息未提供。"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_user_without_role_gets_403(county, endpoint):
    api = token_client(f.make_user(None))
    assert api.get(endpoint.list_url).status_code == 403


# --- Department: the whole registry ---------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_department_reads_every_row(county, dept_api, endpoint):
    model = model_of(endpoint)
    response = dept_api.get(endpoint.list_url, {"limit": 1000})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == model.objects.count() > 0
    assert {r["id"] for r in body["results"]} == set(model.objects.values_list("pk", flat=True))
    row = a_row(endpoint, county)
    detail = dept_api.get(endpoint.detail_url(row.pk))
    assert detail.status_code == 200
    data = detail.json()
    assert data["id"] == row.pk
    assert data["display"] == str(row)
    assert data["url"].endswith(endpoint.detail_url(row.pk))


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_department_creates_changes_and_deletes(county, dept_api, endpoint):
    model = model_of(endpoint)
    count = model.objects.count()
    response = dept_api.post(endpoint.list_url, new_row(endpoint, county), format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert model.objects.count() == count + 1
    assert model.objects.filter(pk=created["id"]).exists()
    # PUT the row back as it came out (foreign keys as ids), then delete it.
    detail = endpoint.detail_url(created["id"])
    assert dept_api.patch(detail, {}, format="json").status_code == 200
    assert dept_api.delete(detail).status_code == 204
    assert model.objects.count() == count


def test_foreign_keys_come_out_brief_and_go_in_by_id(county, dept_api):
    klass = county.rows["a"]["schoolclass"]
    data = dept_api.get(f"/api/people/classes/{klass.pk}/").json()
    assert data["school"] == {
        "id": county.a.pk,
        "url": f"http://testserver/api/org/schools/{county.a.pk}/",
        "display": county.a.name,
    }
    assert data["head_teacher"]["display"] == str(klass.head_teacher)
    response = dept_api.patch(f"/api/people/classes/{klass.pk}/", {"size": 45, "head_teacher": None}, format="json")
    assert response.status_code == 200
    klass.refresh_from_db()
    assert (klass.size, klass.head_teacher) == (45, None)


# --- School administrator: own school only --------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_school_admin_lists_only_own_school_rows(county, school_api, endpoint):
    model = model_of(endpoint)
    response = school_api.get(endpoint.list_url, {"limit": 1000})
    assert response.status_code == 200
    ids = [r["id"] for r in response.json()["results"]]
    assert ids, "the admin's own rows must be listed"
    if not endpoint.owned:
        assert len(ids) == model.objects.count()  # reference data: everyone reads it
        return
    for row in model.objects.filter(pk__in=ids):
        assert county.a.pk in row.owning_school_ids(), row
    assert county.rows["b"][endpoint.model_name].pk not in ids


@pytest.mark.parametrize("endpoint", OWNED, ids=str)
def test_school_admin_cannot_read_or_write_other_school_rows(county, school_api, endpoint):
    model = model_of(endpoint)
    row = county.rows["b"][endpoint.model_name]
    before = snapshot(model, row.pk)
    url = endpoint.detail_url(row.pk)
    assert school_api.get(url).status_code == 404
    # 404 where schools may write such rows (the row does not exist for them), 403 where they may not at all.
    expected = 404 if endpoint.model_name in SCHOOL_CREATES | {"school"} else 403
    assert school_api.put(url, new_row(endpoint, county, school=county.b), format="json").status_code == expected
    assert school_api.patch(url, {"name": "改名"}, format="json").status_code == expected
    assert school_api.delete(url).status_code == expected
    assert snapshot(model, row.pk) == before


@pytest.mark.parametrize("endpoint", OWNED, ids=str)
def test_school_admin_cannot_create_rows_for_other_school(county, school_api, endpoint):
    model = model_of(endpoint)
    count = model.objects.count()
    response = school_api.post(endpoint.list_url, new_row(endpoint, county, school=county.b), format="json")
    assert response.status_code in (400, 403), response.json()
    assert model.objects.count() == count


@pytest.mark.parametrize("endpoint", OWNED, ids=str)
def test_school_admin_creates_own_rows_where_schools_report(county, school_api, endpoint):
    model = model_of(endpoint)
    count = model.objects.count()
    response = school_api.post(endpoint.list_url, new_row(endpoint, county, school=county.a), format="json")
    if endpoint.model_name in SCHOOL_CREATES:
        assert response.status_code == 201, response.json()
        assert model.objects.count() == count + 1
    else:
        assert response.status_code == 403, response.json()
        assert model.objects.count() == count


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if not e.owned], ids=str)
def test_school_admin_cannot_write_reference_data(county, school_api, endpoint):
    model = model_of(endpoint)
    row = county.rows["ref"][endpoint.model_name]
    before = snapshot(model, row.pk)
    assert school_api.post(endpoint.list_url, new_row(endpoint, county), format="json").status_code == 403
    assert school_api.patch(endpoint.detail_url(row.pk), {}, format="json").status_code == 403
    assert school_api.delete(endpoint.detail_url(row.pk)).status_code == 403
    assert snapshot(model, row.pk) == before


def test_school_admin_edits_own_class_but_cannot_move_it_to_another_school(county, school_api):
    klass = county.rows["a"]["schoolclass"]
    url = f"/api/people/classes/{klass.pk}/"
    assert school_api.patch(url, {"size": 41}, format="json").status_code == 200
    response = school_api.patch(url, {"school": county.b.pk}, format="json")
    assert response.status_code == 400
    assert "不在您的权限范围内" in response.json()["school"][0]
    klass.refresh_from_db()
    assert (klass.school, klass.size) == (county.a, 41)


def test_write_is_rechecked_after_save_and_rolled_back(county, school_api):
    """A school administrator may write schools, but a new school is outside its scope: 403, nothing saved."""
    from edubureau.org.models import School

    count = School.objects.count()
    response = school_api.post("/api/org/schools/", new_row(ENDPOINTS[5], county), format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "保存后的记录超出您的权限范围，未写入。"
    assert School.objects.count() == count


def test_inspector_reads_zone_and_writes_nothing(county):
    other_zone_school = f.make_school("外片区小学", zone=f.make_zone("北部片区"))
    inspector = token_client(f.make_user(Role.INSPECTOR, zone=county.a.zone))
    ids = {r["id"] for r in inspector.get("/api/org/schools/").json()["results"]}
    assert county.a.pk in ids and other_zone_school.pk not in ids
    url = f"/api/org/schools/{county.a.pk}/"
    assert inspector.patch(url, {"name": "改名"}, format="json").status_code == 403
    county.a.refresh_from_db()
    assert county.a.name == "甲小学"


def test_a_row_can_be_put_back_as_it_came_out(county, dept_api):
    """Brief objects sent back are read by their id, so GET → edit → PUT works without rewriting foreign keys."""
    klass = county.rows["a"]["schoolclass"]
    url = f"/api/people/classes/{klass.pk}/"
    data = dept_api.get(url).json()
    data["size"] = 52
    response = dept_api.put(url, data, format="json")
    assert response.status_code == 200, response.json()
    klass.refresh_from_db()
    assert (klass.size, klass.school, klass.head_teacher) == (52, county.a, county.rows["a"]["staff"])


def test_rotating_teacher_shows_each_reader_a_school_it_can_see(county, dept_api, school_api):
    """Home school A, rotated to B this year: the department sees B (latest), school A's admin sees A, never B."""
    from edubureau.people.models import Posting

    staff = county.rows["a"]["staff"]
    Posting.objects.create(staff=staff, school=county.b, start="2025-09-01", reason="rotation")
    url = f"/api/people/staff/{staff.pk}/"
    assert dept_api.get(url).json()["current_school"]["id"] == county.b.pk
    data = school_api.get(url).json()
    assert data["current_school"]["id"] == county.a.pk
    assert county.b.name not in str(data)

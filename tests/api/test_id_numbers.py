"""ID numbers in the API: written in, masked out — in full only for those ``can_see_personal`` allows."""

from __future__ import annotations

import pytest

from edubureau.core import idcard
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f

from .conftest import token_client

STAFF, STUDENTS = "/api/people/staff/", "/api/people/students/"


def users(county, django_user_model):
    """Who asks, and whether they may see the full numbers of school A's people."""
    zone = county.a.zone
    return {
        "superuser": (django_user_model.objects.create_superuser("root", password="pass-1234-edu"), True),
        "people department": (f.make_user(Role.DEPARTMENT, department=county.rows["ref"]["department"]), True),
        "org-only department": (f.make_user(Role.DEPARTMENT, department=f.make_department(modules=["org"])), False),
        "leader": (f.make_user(Role.LEADER), False),
        "auditor": (f.make_user(Role.READONLY), False),
        "inspector": (f.make_user(Role.INSPECTOR, zone=zone), False),
        "school A admin": (f.make_user(Role.SCHOOL, school=county.a), True),
    }


@pytest.fixture
def askers(county, django_user_model):
    return users(county, django_user_model)


@pytest.mark.parametrize(
    "who",
    ["superuser", "people department", "org-only department", "leader", "auditor", "inspector", "school A admin"],
)
@pytest.mark.parametrize(("url", "kind"), [(STAFF, "staff"), (STUDENTS, "student")])
def test_full_id_number_only_for_those_allowed(county, askers, who, url, kind):
    user, allowed = askers[who]
    person = county.rows["a"][kind]
    api = token_client(user)
    rows = [r for r in api.get(url, {"limit": 1000}).json()["results"] if r["id"] == person.pk]
    detail = api.get(f"{url}{person.pk}/").json()
    assert len(rows) == 1
    for data in (rows[0], detail):
        assert data["id_number_masked"] == idcard.mask(person.id_number)
        if allowed:
            assert data["id_number"] == person.id_number
        else:
            assert "id_number" not in data
            assert person.id_number not in str(data)
        if kind == "staff":
            # The birth date is the middle of the number: shown with it or not at all.
            assert ("birth_date" in data) is allowed
            assert data["age"] == person.age


def test_school_admin_sees_full_numbers_of_own_people_only(county, askers):
    """School A's staff come in full; school B's do not exist for A at all (no number, masked or full)."""
    api = token_client(askers["school A admin"][0])
    listed = api.get(STAFF, {"limit": 1000}).json()["results"]
    assert {r["id"] for r in listed} == {county.rows["a"]["staff"].pk}
    assert all("id_number" in r for r in listed)
    assert api.get(f"{STAFF}{county.rows['b']['staff'].pk}/").status_code == 404


def test_id_number_change_needs_write_rights_and_is_normalized(county, askers):
    """A leader cannot change a number; the people department can, and the birth date follows."""
    staff = county.rows["a"]["staff"]
    new_number = f.make_id_number()
    leader = token_client(askers["leader"][0])
    assert leader.patch(f"{STAFF}{staff.pk}/", {"id_number": new_number}, format="json").status_code == 403
    people = token_client(askers["people department"][0])
    response = people.patch(f"{STAFF}{staff.pk}/", {"id_number": new_number.lower()}, format="json")
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.id_number == new_number
    assert staff.birth_date == idcard.birth_date(new_number)
    assert response.json()["id_number"] == new_number


def test_schema_marks_the_full_number_optional_in_responses(county, dept_api):
    schema = dept_api.get("/api/schema/?format=json").json()["components"]["schemas"]
    assert "id_number" in schema["StaffRequest"]["required"]
    assert "id_number" in schema["Staff"]["properties"]
    assert "id_number" not in schema["Staff"]["required"]
    assert "birth_date" not in schema["Staff"]["required"]
    assert "id_number_masked" in schema["Staff"]["required"]
    assert "id_number" not in schema["Student"].get("required", [])

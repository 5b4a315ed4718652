"""Issue #2: walk every list, detail, export and API endpoint as a school administrator and prove
that no row of another school is readable or writable.

The fixture gives the other schools' rows names that all contain the marker character "秘", which
nothing of school A contains. Every response a school-A administrator gets — HTML pages, JSON,
Excel exports (unzipped and read) — must not contain it; every write aimed at another school's row
must be refused and leave the database unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from python_calamine import CalamineWorkbook
from rest_framework.authtoken.models import Token

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.org.models import EducationGroup, GroupMembership, Pairing, Term
from edubureau.people.models import Honour, Posting

MARK = "秘"
REGISTRY_APPS = ("org", "people")
# Reference data every signed-in user reads (no school owns these rows).
REFERENCE_MODELS = {"region", "zone", "department", "schoolyear", "term"}


def registry_models():
    return [m for label in REGISTRY_APPS for m in apps.get_app_config(label).get_models()]


@pytest.fixture
def county(db):
    """School A (the administrator's) and schools B, C with secret-marked rows of every kind."""
    zone_a, zone_b = f.make_zone("东部片区"), f.make_zone("西部片区")
    year = f.make_school_year()
    term = Term.objects.create(school_year=year, number=1, start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    a = f.make_school("甲实验小学", zone=zone_a, code="3300000001")
    b = f.make_school("乙秘山小学", zone=zone_b, code="3300000002", address="秘密路1号", principal="秘校长")
    c = f.make_school("丙秘河中学", kind="junior", zone=zone_b, code="3300000003")
    point = f.make_school("乙秘村教学点", zone=zone_b, code="3300000004", is_teaching_point=True, central_school=b)
    rows = {"a": a, "b": b, "c": c, "point": point}
    for school, tag in ((a, "甲"), (b, "乙秘")):
        f.make_facts(school, year)
        klass = f.make_class(school, grade=3, size=58, name=f"{tag}三年级1班")
        f.make_student(school, klass, name=f"{tag}学生", student_no=f"G3300{'1' if tag == '甲' else '2'}0000000000001")
        staff = f.make_staff(school, name=f"{tag}教师", subject="数学")
        Honour.objects.create(staff=staff, kind="key_teacher", level="county", awarded=dt.date(2023, 9, 1))
        school.campuses.create(name=f"{tag}东校区")
        rows[f"staff_{tag}"] = staff
    group = EducationGroup.objects.create(name="乙秘教育集团", kind="multi", lead_school=b, started=dt.date(2024, 9, 1))
    GroupMembership.objects.create(group=group, school=c, joined=dt.date(2024, 9, 1))
    Pairing.objects.create(strong_school=b, supported_school=c, start_term=term, content="秘密帮扶")
    Posting.objects.create(staff=rows["staff_乙秘"], school=c, start=dt.date(2025, 9, 1), reason="rotation")
    admin = f.make_user(Role.SCHOOL, school=a, username="school_a_admin")
    rows["admin"] = admin
    return rows


def other_school_rows(model, county):
    """Rows of ``model`` that a school-A administrator must not read (owned by other schools only)."""
    a_id = county["a"].pk
    out = []
    for obj in model.objects.all():
        owners = obj.owning_school_ids()
        if owners and a_id not in owners:
            out.append(obj)
    return out


def body_text(response) -> str:
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type or content[:2] == b"PK":
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return "\n".join(
            " ".join(str(cell) for cell in row)
            for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python()
        )
    return content.decode("utf-8", errors="replace")


def test_fixture_marks_other_schools_rows(county):
    """The fixture really has secret rows of every school-owned model (else the walk proves nothing)."""
    for model in registry_models():
        if model._meta.model_name in REFERENCE_MODELS:
            continue
        assert other_school_rows(model, county), model


@pytest.mark.parametrize("model", registry_models(), ids=lambda m: m._meta.label)
def test_pages_and_exports_reveal_no_other_school(client, county, model):
    client.force_login(county["admin"])
    name = model._meta.model_name
    app = model._meta.app_label
    list_url = reverse(f"{app}:{name}_list")
    export_url = reverse("core:export", args=[f"{app}.{name}"])
    # Searching for the other schools' prefix ("乙") must find nothing of theirs either.
    for url in (list_url, export_url, list_url + "?q=乙", export_url + "?q=乙"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARK not in body_text(response), url
    for obj in other_school_rows(model, county):
        for action in ("detail", "edit", "delete", "history"):
            try:
                url = reverse(f"{app}:{name}_{action}", args=[obj.pk])
            except NoReverseMatch:
                continue
            response = client.get(url)
            assert response.status_code in (403, 404), url
            assert MARK not in body_text(response), url


@pytest.mark.parametrize("model", registry_models(), ids=lambda m: m._meta.label)
def test_api_reveals_no_other_school_and_refuses_writes(client, county, model):
    token = Token.objects.create(user=county["admin"])
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    app = model._meta.app_label
    basename = model._meta.model_name
    list_url = reverse(f"{app}-api:{basename}-list")
    response = client.get(list_url + "?limit=1000", **headers)
    assert response.status_code == 200
    assert MARK not in response.content.decode()
    for obj in other_school_rows(model, county):
        detail = reverse(f"{app}-api:{basename}-detail", args=[obj.pk])
        assert client.get(detail, **headers).status_code == 404
        before = model.objects.filter(pk=obj.pk).values().first()
        for method in ("put", "patch", "delete"):
            response = getattr(client, method)(detail, data=json.dumps({}), content_type="application/json", **headers)
            assert response.status_code in (403, 404), (method, detail, response.status_code)
        assert model.objects.filter(pk=obj.pk).values().first() == before


def test_page_edit_of_other_school_changes_nothing(client, county):
    client.force_login(county["admin"])
    b = county["b"]
    response = client.post(reverse("org:school_edit", args=[b.pk]), {"name": "改名"})
    assert response.status_code in (403, 404)
    b.refresh_from_db()
    assert b.name == "乙秘山小学"


def test_api_cannot_create_row_for_other_school(client, county):
    token = Token.objects.create(user=county["admin"])
    before = county["b"].classes.count()
    response = client.post(
        reverse("people-api:schoolclass-list"),
        data=json.dumps({"school": county["b"].pk, "school_year": county["a"].facts.first().school_year_id,
                         "grade": 1, "name": "偷建班", "size": 30}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code in (400, 403)
    assert county["b"].classes.count() == before

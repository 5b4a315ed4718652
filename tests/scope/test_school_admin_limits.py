"""What a school administrator may not do even to its own rows: re-zone or rename its school (the
bureau keeps a school's identity), or delete its school or a staff member (which would erase
postings at other schools). Checked through every write path: page, API and Excel import."""

import json

import pytest
from auditlog.models import LogEntry
from rest_framework.authtoken.models import Token

from edubureau.core.generic.urls import object_url
from edubureau.core.io.registry import get_spec
from edubureau.core.io.runner import run_import
from edubureau.core.roles import Role
from edubureau.core.scope import can_delete, can_write, changed_locked_fields
from edubureau.core.testing import factories as f
from edubureau.org.forms import SchoolForm
from edubureau.org.models import School
from edubureau.people.models import Staff
from tests.io.conftest import workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    home, other = f.make_zone("城区片区"), f.make_zone("乡村片区")
    school = f.make_school("城关第一小学", zone=home, code="3300000101", phone="0563-1111111")
    admin = f.make_user(Role.SCHOOL, school=school)
    staff = f.make_staff(school, name="王老师")
    return {"school": school, "admin": admin, "staff": staff, "home": home, "other": other}


def test_rules_in_the_scope_module(world):
    school, admin = world["school"], world["admin"]
    school.phone = "0563-2222222"
    assert can_write(admin, school)
    school.zone = world["other"]
    assert changed_locked_fields(admin, school) == ["zone"] and not can_write(admin, school)
    assert not can_delete(admin, School.objects.get(pk=school.pk))
    assert not can_delete(admin, world["staff"]) and can_write(admin, world["staff"])
    clerk = f.make_user(Role.DEPARTMENT, department=f.make_department())
    assert can_write(clerk, school) and can_delete(clerk, world["staff"])


def test_page_form_shows_locked_fields_disabled_and_ignores_posted_changes(client, world):
    school, admin = world["school"], world["admin"]
    form = SchoolForm(instance=school, user=admin)
    assert form.fields["zone"].disabled and form.fields["name"].disabled and not form.fields["phone"].disabled
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(phone="0563-3333333", zone=world["other"].pk, name="改名小学")
    client.force_login(admin)
    response = client.post(object_url(school, "edit"), data)
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.phone == "0563-3333333"
    assert school.zone == world["home"] and school.name == "城关第一小学"


def test_page_delete_of_own_school_and_staff_is_refused(client, world):
    client.force_login(world["admin"])
    for obj in (world["school"], world["staff"]):
        assert client.post(object_url(obj, "delete")).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()
    detail = client.get(object_url(world["staff"], "detail")).content.decode()
    assert object_url(world["staff"], "delete") not in detail


def test_api_refuses_locked_field_change_with_a_message_and_refuses_deletes(client, world):
    token = Token.objects.create(user=world["admin"])
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    url = f"/api/org/schools/{world['school'].pk}/"
    response = client.patch(url, json.dumps({"zone": world["other"].pk}), content_type="application/json", **headers)
    assert response.status_code == 403 and "片区" in response.json()["detail"]
    assert School.objects.get(pk=world["school"].pk).zone == world["home"]
    response = client.patch(url, json.dumps({"phone": "0563-4444444"}), content_type="application/json", **headers)
    assert response.status_code == 200
    assert client.delete(f"/api/people/staff/{world['staff'].pk}/", **headers).status_code == 403
    assert Staff.objects.filter(pk=world["staff"].pk).exists()


def test_api_audit_entries_name_the_token_user(client, world):
    token = Token.objects.create(user=world["admin"])
    client.patch(
        f"/api/org/schools/{world['school'].pk}/", json.dumps({"phone": "0563-5555555"}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    entry = LogEntry.objects.get_for_object(world["school"]).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == world["admin"]


def test_import_refuses_locked_field_change_and_writes_nothing(world):
    school = world["school"]
    content = workbook(
        ["学校标识码", "学校名称", "办学类型", "城乡分类", "片区", "联系电话"],
        [[school.code, school.name, "小学", "城区", "乡村片区", "0563-6666666"]],
        text_columns={0},
    )
    result = run_import(get_spec("org.school"), content, "upload.xlsx", user=world["admin"], commit=True)
    assert not result.committed
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(2, "片区", "无权修改此项：由教育局统一维护")]
    school.refresh_from_db()
    assert school.zone == world["home"] and school.phone == "0563-1111111"

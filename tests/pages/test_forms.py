"""Bad input re-renders the form with a Chinese message naming the field, and writes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from edubureau.core.generic import object_url
from edubureau.org.forms import SchoolForm
from edubureau.org.models import School, SchoolFacts
from edubureau.people.models import Posting, SchoolClass, Staff, Student

from .conftest import form_data
from .specs import SPECS

pytestmark = pytest.mark.django_db

SPEC = {s.model: s for s in SPECS}


def post_as_department(client, world, url, data):
    client.force_login(world.users["department"])
    return client.post(url, data)


def field_errors(response, name):
    return [str(e) for e in response.context["form"].errors.get(name, [])]


def test_school_code_of_five_digits_is_refused(client, world):
    data = SPEC[School].create(world) | {"code": "12345"}
    response = post_as_department(client, world, reverse("org:school_add"), data)
    assert response.status_code == 200
    assert field_errors(response, "code") == ["学校标识码应为10位数字"]
    body = response.content.decode()
    assert "学校标识码应为10位数字" in body and 'class="form-control is-invalid"' in body
    assert not School.objects.filter(name=data["name"]).exists()


def test_edit_with_bad_code_changes_nothing(client, world):
    user = world.users["department"]
    data = form_data(SchoolForm, world.a, user, code="33000A0001", name="甲小学（改）")
    response = post_as_department(client, world, object_url(world.a, "edit"), data)
    assert response.status_code == 200 and field_errors(response, "code")
    world.a.refresh_from_db()
    assert (world.a.code, world.a.name) == ("3300000001", "甲小学")


def test_teaching_point_needs_central_school(client, world):
    data = SPEC[School].create(world) | {"is_teaching_point": "on"}
    response = post_as_department(client, world, reverse("org:school_add"), data)
    assert field_errors(response, "central_school") == ["教学点须填写所属中心校。"]
    assert School.objects.count() == 3


def test_duplicate_school_code_is_named(client, world):
    data = SPEC[School].create(world) | {"code": world.a.code}
    response = post_as_department(client, world, reverse("org:school_add"), data)
    assert response.status_code == 200
    errors = " ".join(field_errors(response, "code"))
    assert "学校标识码" in errors and "已存在" in errors


def test_facts_bands_above_classes_and_wrong_level_part(client, world):
    data = SPEC[SchoolFacts].create(world) | {"classes": "2", "classes_46_55": "2", "classes_56_65": "1",
                                              "level_part": "senior"}
    before = SchoolFacts.objects.count()
    response = post_as_department(client, world, reverse("org:schoolfacts_add"), data)
    assert "超过了班级总数" in field_errors(response, "classes")[0]
    assert "没有这个学段" in field_errors(response, "level_part")[0]
    assert SchoolFacts.objects.count() == before


def test_staff_id_number_and_sex_are_checked(client, world):
    data = SPEC[Staff].create(world)
    bad = data | {"id_number": data["id_number"][:-1] + ("0" if data["id_number"][-1] != "0" else "1")}
    response = post_as_department(client, world, reverse("people:staff_add"), bad)
    assert field_errors(response, "id_number") == ["身份证号校验位错误"]
    response = client.post(reverse("people:staff_add"), data | {"sex": "M"})
    assert "性别与身份证号不符" in field_errors(response, "sex")[0]
    response = client.post(reverse("people:staff_add"), data | {"title": "senior", "post_grade": "12"})
    assert field_errors(response, "post_grade") == ["高级职称对应的岗位等级为5—7级。"]
    assert not Staff.objects.filter(name="新教师").exists()


def test_new_staff_gets_first_posting(client, world):
    data = SPEC[Staff].create(world)
    post_as_department(client, world, reverse("people:staff_add"), data)
    staff = Staff.objects.get(name="新教师")
    posting = staff.postings.get()
    assert (posting.school, posting.reason, str(posting.start)) == (world.a, "regular", "2025-09-01")
    assert staff.birth_date.year == 1985


def test_posting_dates_and_double_open_posting(client, world):
    data = {"staff": world.staff_a.pk, "school": world.a.pk, "reason": "regular", "start": "2025-09-01"}
    response = post_as_department(client, world, reverse("people:posting_add"), data)
    assert "已有一条在任的任职记录" in field_errors(response, "school")[0]
    response = client.post(reverse("people:posting_add"), data | {"school": world.b.pk, "end": "2024-01-01"})
    assert field_errors(response, "end") == ["结束日期不能早于开始日期。"]
    assert Posting.objects.filter(staff=world.staff_a).count() == 1


def test_class_grade_must_belong_to_school_kind(client, world):
    data = SPEC[SchoolClass].create(world) | {"grade": "8"}
    response = post_as_department(client, world, reverse("people:schoolclass_add"), data)
    assert "没有这个年级" in field_errors(response, "grade")[0]
    assert not SchoolClass.objects.filter(name="一年级2班").exists()


def test_student_class_must_be_of_the_school(client, world):
    data = SPEC[Student].create(world) | {"school_class": world.class_b.pk}
    response = post_as_department(client, world, reverse("people:student_add"), data)
    assert response.status_code == 200
    assert field_errors(response, "school_class") == ["所选班级不属于该学校。"]
    assert not Student.objects.filter(name="新同学").exists()


def test_delete_of_referenced_row_is_refused_kindly(client, world):
    response = post_as_department(client, world, object_url(world.a, "delete"), {})
    assert response.status_code == 409
    body = response.content.decode()
    assert "无法删除“甲小学”" in body and "任职经历" in body
    assert School.objects.filter(pk=world.a.pk).exists()


def test_add_form_is_prefilled_and_returns_where_it_came_from(client, world):
    client.force_login(world.users["department"])
    back = object_url(world.group_a, "detail")
    page = client.get(reverse("org:groupmembership_add"), {"group": world.group_a.pk, "return_url": back})
    assert page.context["form"]["group"].value() == str(world.group_a.pk)
    data = {"group": world.group_a.pk, "school": world.b.pk, "joined": "2025-09-01", "return_url": back}
    response = client.post(reverse("org:groupmembership_add"), data)
    assert response["Location"] == back
    evil = client.post(reverse("org:groupmembership_add"), data | {"school": world.c.pk,
                                                                   "return_url": "https://evil.example/"})
    assert evil["Location"].startswith("/org/group-memberships/")


def test_school_admin_form_offers_only_own_school(client, world):
    client.force_login(world.users["school"])
    form = client.get(reverse("people:schoolclass_add")).context["form"]
    assert list(form.fields["school"].queryset) == [world.a]
    assert set(form.fields["head_teacher"].queryset) == {world.staff_a}

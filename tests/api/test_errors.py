"""Everything a client can send wrong gets a 4xx with a Chinese reason, and nothing is written."""

from __future__ import annotations

import pytest

from edubureau.core.api.serializers import BaseModelSerializer
from edubureau.org.models import Campus, Department, Pairing, School, SchoolYear
from edubureau.people.models import Posting, Staff, Student

from .conftest import token_client
from .endpoints import ENDPOINTS, new_row

SCHOOLS = "/api/org/schools/"
SCHOOL = ENDPOINTS[5]


def rule(model, name: str) -> str:
    """The Chinese sentence a model's named constraint answers with (one wording, kept in the model)."""
    return str(next(c for c in model._meta.constraints if c.name == name).violation_error_message)


def test_bad_json_is_400_with_reason(county, dept_api):
    response = dept_api.post(SCHOOLS, data='{"name": "新学校",', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("请求正文无法解析，请检查JSON格式：")
    assert "line 1 column 16" in response.json()["detail"]


def test_unsupported_media_type_is_415(county, dept_api):
    response = dept_api.post(SCHOOLS, data="<school/>", content_type="application/xml")
    assert response.status_code == 415


def test_wrong_types_name_the_field(county, dept_api):
    payload = {**new_row(SCHOOL, county), "founded": "很久以前", "is_active": "也许", "region": "东区"}
    response = dept_api.post(SCHOOLS, payload, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["founded"] == ["请填写合法的整数值。"]
    assert "is_active" in errors
    assert errors["region"] == ["应为记录编号（正整数），实为 str。"]
    assert not School.objects.filter(code=payload["code"]).exists()


@pytest.mark.parametrize("value", [10**30, -(10**30), True, 1.5, [1], {"name": "示例县"}, {"id": True}, "1e3"])
def test_foreign_key_must_be_a_whole_number_of_a_visible_row(county, dept_api, value):
    response = dept_api.post(SCHOOLS, {**new_row(SCHOOL, county), "region": value}, format="json")
    assert response.status_code == 400
    assert "region" in response.json()


def test_unknown_foreign_key_id_is_400(county, dept_api):
    response = dept_api.post(SCHOOLS, {**new_row(SCHOOL, county), "region": 987654}, format="json")
    assert response.status_code == 400
    assert response.json()["region"] == ["编号为 987654 的记录不存在或不在您的权限范围内。"]


@pytest.mark.parametrize("field", ["students", "computers", "books"])
def test_huge_numbers_are_400(county, dept_api, field):
    payload = {**new_row(ENDPOINTS[10], county), field: 10**40}
    response = dept_api.post("/api/org/school-facts/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("path", ["99999999999999999999999999", "-1", "abc", "1.5"])
def test_odd_ids_in_the_url_are_404(county, dept_api, path):
    assert dept_api.get(f"{SCHOOLS}{path}/").status_code == 404


@pytest.mark.parametrize("query", ["limit=99999999999999999999&offset=99999999999999999999999", "limit=-5&offset=-1"])
def test_odd_pagination_is_answered(county, dept_api, query):
    response = dept_api.get(f"{SCHOOLS}?{query}")
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 1000


def test_odd_filters_are_400_not_500(county, dept_api):
    assert dept_api.get(f"{SCHOOLS}?zone=99999999999999999999999").status_code in (200, 400)
    assert dept_api.get(f"{SCHOOLS}?zone=东区").status_code == 400
    assert dept_api.get(f"{SCHOOLS}?q=%00").status_code == 400
    assert dept_api.get(f"{SCHOOLS}?ordering=display,__str__,-region__name").status_code == 200


def test_null_character_in_text_is_400(county, dept_api):
    response = dept_api.post(SCHOOLS, {**new_row(SCHOOL, county), "name": "新\x00学校"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


def test_unique_field_conflict_is_400_with_chinese_reason(county, dept_api):
    response = dept_api.post(SCHOOLS, {**new_row(SCHOOL, county), "code": county.a.code}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == ["具有 学校标识码 的 学校 已存在。"]


def test_unique_constraint_conflict_is_400(county, dept_api):
    campus = county.rows["a"]["campus"]
    response = dept_api.post("/api/org/campuses/", {"school": county.a.pk, "name": campus.name}, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [rule(Campus, "campus_unique_name_per_school")]
    assert Campus.objects.filter(school=county.a, name=campus.name).count() == 1


def test_named_constraints_speak_chinese(county, dept_api):
    response = dept_api.post(
        "/api/org/school-years/", {"start_year": 2030, "start": "2030-09-01", "end": "2030-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [rule(SchoolYear, "schoolyear_end_after_start")]
    response = dept_api.post(
        "/api/org/pairings/",
        {"strong_school": county.a.pk, "supported_school": county.a.pk, "start_term": county.term.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [rule(Pairing, "pairing_distinct_schools")]
    response = dept_api.patch(f"{SCHOOLS}{county.b.pk}/", {"is_teaching_point": True}, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [rule(School, "school_teaching_point_has_central_school")]
    assert not SchoolYear.objects.filter(start_year=2030).exists()


def test_date_order_is_checked(county, dept_api):
    posting = county.rows["a"]["posting"]
    response = dept_api.patch(f"/api/people/postings/{posting.pk}/", {"end": "2000-01-01"}, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [rule(Posting, "posting_end_after_start")]
    posting.refresh_from_db()
    assert posting.end is None
    # Terms have no such constraint in the database; the API checks the order itself.
    response = dept_api.patch(f"/api/org/terms/{county.term.pk}/", {"end": "2025-08-01"}, format="json")
    assert response.status_code == 400
    assert response.json()["end"] == ["结束日期不能早于开始日期。"]


def test_database_conflict_is_409_and_rolled_back(county, dept_api, monkeypatch):
    """When a rule reaches the database unchecked (a race between two writers), the answer is 409, not 500."""
    monkeypatch.setattr(BaseModelSerializer, "full_clean", lambda self, instance: None)
    campus = county.rows["a"]["campus"]
    count = Campus.objects.count()
    response = dept_api.post("/api/org/campuses/", {"school": county.a.pk, "name": campus.name}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == "数据冲突：与已有记录重复或违反约束。"
    assert Campus.objects.count() == count


def test_protected_delete_is_409_with_reason(county, dept_api):
    response = dept_api.delete(f"{SCHOOLS}{county.a.pk}/")
    assert response.status_code == 409
    assert response.json()["detail"].startswith(f"无法删除“{county.a.name}”：仍有")
    assert School.objects.filter(pk=county.a.pk).exists()
    assert Posting.objects.filter(school=county.a).exists()


def test_only_superuser_grants_modules_to_a_department(county, dept_api, django_user_model):
    department = county.rows["ref"]["department"]
    url = f"/api/org/departments/{department.pk}/"
    response = dept_api.patch(url, {"modules": ["org", "people", "inspection"]}, format="json")
    assert response.status_code == 400
    assert response.json()["modules"] == ["只有系统管理员可以设置科室负责的模块。"]
    assert dept_api.patch(url, {"head": "张科长"}, format="json").status_code == 200
    superuser = django_user_model.objects.create_superuser("root", password="pass-1234-edu")
    response = token_client(superuser).patch(url, {"modules": ["people", "org", "people"]}, format="json")
    assert response.status_code == 200 and response.json()["modules"] == ["org", "people"]
    response = token_client(superuser).patch(url, {"modules": ["nonsense"]}, format="json")
    assert response.status_code == 400
    department.refresh_from_db()
    assert department.modules == ["org", "people"] and department.head == "张科长"
    assert Department.objects.count() == 1


# --- Staff and students: the school and the ID number ---------------------------------------------


def test_staff_created_with_a_school_opens_a_regular_posting(county, dept_api):
    payload = {**new_row(ENDPOINTS[11], county), "posting_start": "2025-09-01"}
    response = dept_api.post("/api/people/staff/", payload, format="json")
    assert response.status_code == 201, response.json()
    staff = Staff.objects.get(pk=response.json()["id"])
    posting = staff.postings.get()
    assert (posting.school, posting.reason, str(posting.start)) == (county.a, "regular", "2025-09-01")
    assert response.json()["current_school"]["id"] == county.a.pk


def test_staff_without_school_joins_the_county_pool_when_a_department_creates_it(county, dept_api):
    payload = {**new_row(ENDPOINTS[11], county), "school": None}
    response = dept_api.post("/api/people/staff/", payload, format="json")
    assert response.status_code == 201
    assert response.json()["current_school"] is None
    assert not Posting.objects.filter(staff_id=response.json()["id"]).exists()


def test_school_admin_must_give_its_own_school_for_new_staff(county, school_api):
    count = Staff.objects.count()
    payload = {**new_row(ENDPOINTS[11], county), "school": None}
    response = school_api.post("/api/people/staff/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["school"] == ["学校管理员新增教职工时必须填写本校。"]
    response = school_api.post("/api/people/staff/", {**payload, "school": county.b.pk}, format="json")
    assert response.status_code == 400
    assert Staff.objects.count() == count


def test_staff_school_cannot_be_changed_by_update(county, dept_api):
    staff = county.rows["a"]["staff"]
    response = dept_api.patch(f"/api/people/staff/{staff.pk}/", {"school": county.b.pk}, format="json")
    assert response.status_code == 400
    assert "调动请通过任职经历办理" in response.json()["school"][0]
    assert staff.postings.get().school == county.a


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("330102198506150012", "身份证号校验位错误"),
        ("12345", "身份证号应为18位，实为5位"),
        ("33010219850230001X", "出生日期"),
    ],
)
def test_invalid_id_numbers_are_refused_with_the_reason(county, dept_api, value, reason):
    payload = {**new_row(ENDPOINTS[11], county), "id_number": value}
    response = dept_api.post("/api/people/staff/", payload, format="json")
    assert response.status_code == 400
    assert reason in response.json()["id_number"][0]


def test_id_numbers_are_normalized_and_unique(county, dept_api):
    from edubureau.core.testing.factories import make_id_number

    number = make_id_number()
    spaced = f" {number[:6]} {number[6:14]} {number[14:].lower()} "
    payload = {**new_row(ENDPOINTS[11], county), "id_number": spaced}
    response = dept_api.post("/api/people/staff/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert Staff.objects.get(pk=response.json()["id"]).id_number == number
    again = dept_api.post("/api/people/staff/", {**new_row(ENDPOINTS[11], county), "id_number": number}, format="json")
    assert again.status_code == 400
    # Issue 18: neutral, not "已存在" (a school must not learn that the person exists elsewhere).
    assert again.json()["id_number"] == ["该身份证号无法使用，请联系教育局人事科核实"]


def test_blank_student_id_number_is_stored_as_none(county, dept_api):
    payloads = [{**new_row(ENDPOINTS[15], county), "id_number": ""} for _ in range(2)]
    ids = [dept_api.post("/api/people/students/", p, format="json").json()["id"] for p in payloads]
    assert list(Student.objects.filter(pk__in=ids).values_list("id_number", flat=True)) == [None, None]


def test_student_class_must_belong_to_the_school(county, dept_api):
    payload = {**new_row(ENDPOINTS[15], county), "school_class": county.rows["b"]["schoolclass"].pk}
    response = dept_api.post("/api/people/students/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["school_class"] == ["班级不属于该学校。"]

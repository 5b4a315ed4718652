"""Issue 18, must-fix 10: personal numbers (身份证号, 手机号) masked; each full reveal logged; neutral refusal.

The probe read all staff's full ID numbers in the staff list as any reader. Now lists, exports and the API show
110101********1234 and 138****5678 to everybody but the 人事 department and the person's own school administrator,
who see the full numbers on the detail page only, each time logged as an auditlog access entry. A school typing
another school's staff ID number is told only that the number cannot be used (form, import, API).
"""

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from python_calamine import CalamineWorkbook
from rest_framework.test import APIClient

from edubureau.core import idcard
from edubureau.core.generic import object_url
from edubureau.core.io.registry import get_spec
from edubureau.core.io.runner import run_import
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.people.models import Staff
from tests.io.conftest import workbook

pytestmark = pytest.mark.django_db
PHONE = "13812345678"
NEUTRAL = "该身份证号无法使用，请联系教育局人事科核实"


@pytest.fixture
def world():
    zone = f.make_zone("东片区")
    a = f.make_school("甲小学", zone=zone, code="3300000001")
    b = f.make_school("乙小学", zone=zone, code="3300000002")
    staff = f.make_staff(a, name="甲教师", phone=PHONE)
    users = {
        "personnel": f.make_user(Role.DEPARTMENT, department=f.make_department("renshi", modules=("people",))),
        "school_a": f.make_user(Role.SCHOOL, school=a),
        "school_b": f.make_user(Role.SCHOOL, school=b),
        "inspector": f.make_user(Role.INSPECTOR, zone=zone),
        "leader": f.make_user(Role.LEADER),
        "other_dept": f.make_user(Role.DEPARTMENT, department=f.make_department("kaohe", modules=("evaluation",))),
    }
    return {"a": a, "b": b, "staff": staff, "users": users}


MASKED_READERS = ("school_b", "inspector", "leader", "other_dept")


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def _api(user, url):
    api = APIClient()
    api.force_authenticate(user)
    return api.get(url)


def test_mask_formats():
    assert idcard.mask("11010119900307123X") == "110101********123X"
    assert idcard.mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize("who", MASKED_READERS)
def test_list_export_and_api_mask_numbers(client, world, who):
    staff, user = world["staff"], world["users"][who]
    full_id = staff.id_number
    listing = _get(client, user, reverse("people:staff_list")).content.decode()
    assert full_id not in listing and PHONE not in listing
    if who != "school_b":  # school B does not see A's staff at all (scope); the others see the masked number
        assert idcard.mask(full_id) in listing
    export = _get(client, user, reverse("core:export", args=["people.staff"])).content
    cells = {str(c) for row in CalamineWorkbook.from_filelike(io.BytesIO(export)).get_sheet_by_index(0).to_python()
             for c in row}
    assert full_id not in cells and PHONE not in cells
    if who != "school_b":
        assert idcard.mask(full_id) in cells and "138****5678" in cells
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()  # nothing shown, nothing logged
    data = _api(user, "/api/people/staff/").json()
    rows = [r for r in data["results"] if r["id"] == staff.pk]
    assert full_id not in str(data) and PHONE not in str(data)
    if who != "school_b":
        assert rows[0]["id_number_masked"] == f"{full_id[:6]}********{full_id[-4:]}"
        assert rows[0]["phone"] == "138****5678" and "id_number" not in rows[0]


@pytest.mark.parametrize("who", ["personnel", "school_a"])
def test_handlers_see_full_numbers_on_the_detail_page_each_reveal_logged(client, world, who):
    staff, user = world["staff"], world["users"][who]
    url = object_url(staff, "detail")
    listing = _get(client, user, reverse("people:staff_list")).content.decode()
    assert staff.id_number not in listing  # lists mask for everybody
    reveals = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(staff.pk))
    for n in (1, 2):
        body = _get(client, user, url).content.decode()
        assert staff.id_number in body and PHONE in body
        assert reveals.count() == n
    entry = reveals.latest("timestamp")
    assert entry.actor == user and entry.additional_data["page"] == url
    assert set(entry.additional_data["revealed"]) == {"id_number", "phone"}
    assert staff.id_number not in str(entry.changes) and staff.id_number not in str(entry.serialized_data)
    # the export and the API give the handler the full numbers
    assert _api(user, f"/api/people/staff/{staff.pk}/").json()["id_number"] == staff.id_number


@pytest.mark.parametrize("who", ["personnel", "school_a"])
def test_a_handlers_export_with_full_numbers_is_one_logged_reveal(client, world, who):
    staff, user = world["staff"], world["users"][who]
    f.make_staff(world["a"], name="乙教师")
    url = reverse("core:export", args=["people.staff"])
    export = _get(client, user, url).content
    cells = {str(c) for row in CalamineWorkbook.from_filelike(io.BytesIO(export)).get_sheet_by_index(0).to_python()
             for c in row}
    assert staff.id_number in cells
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)  # one for the export, not one per row
    assert entry.actor == user and entry.additional_data["page"] == url
    assert entry.additional_data["export"] is True and entry.additional_data["rows"] == 2
    assert entry.additional_data["revealed"] == ["id_number"] and staff.id_number not in str(entry.additional_data)


@pytest.mark.parametrize("who", ["personnel", "school_a"])
def test_an_api_answer_with_full_numbers_is_one_logged_reveal(world, who):
    staff, user = world["staff"], world["users"][who]
    f.make_staff(world["a"], name="乙教师")
    reveals = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert _api(user, f"/api/people/staff/{staff.pk}/").json()["id_number"] == staff.id_number
    entry = reveals.get()
    assert entry.object_pk == str(staff.pk) and entry.actor == user
    assert entry.additional_data["api"] is True and entry.additional_data["rows"] == 1
    assert set(entry.additional_data["revealed"]) == {"id_number", "phone"}
    listing = _api(user, "/api/people/staff/").json()
    assert staff.id_number in str(listing)
    assert reveals.count() == 2 and reveals.latest("timestamp").additional_data["rows"] == 2  # one per answer


@pytest.mark.parametrize("who", MASKED_READERS)
def test_a_masked_api_answer_logs_nothing(world, who):
    _api(world["users"][who], "/api/people/staff/")
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


@pytest.mark.parametrize("who", ["inspector", "leader", "other_dept"])
def test_masked_detail_page_logs_nothing(client, world, who):
    staff = world["staff"]
    body = _get(client, world["users"][who], object_url(staff, "detail")).content.decode()
    assert staff.id_number not in body and PHONE not in body and "138****5678" in body
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


@pytest.mark.parametrize("param", ["id_number", "q"])
def test_search_by_full_id_number_finds_the_person_masked(client, world, param):
    staff = world["staff"]
    f.make_staff(world["a"], name="乙教师")
    url = reverse("people:staff_list") + f"?{param}={staff.id_number.lower()}"
    body = _get(client, world["users"]["leader"], url).content.decode()
    assert "甲教师" in body and "乙教师" not in body
    # the row shows the masked number (the typed number is only echoed back in the search box and links)
    assert f'<span class="eb-masked">{idcard.mask(staff.id_number)}</span>' in body
    # a part of a phone number no longer finds anybody (it would read masked phones digit by digit)
    body = _get(client, world["users"]["leader"], reverse("people:staff_list") + "?q=1381234").content.decode()
    assert "甲教师" not in body


def _assert_neutral(text, world):
    assert NEUTRAL in text
    assert "已存在" not in text and world["a"].name not in text and "甲教师" not in text


def test_form_gives_the_neutral_message(client, world):
    client.force_login(world["users"]["school_b"])
    response = client.post(reverse("people:staff_add"), {
        "school": world["b"].pk, "posting_start": "2025-09-01", "name": "新教师", "sex": "F",
        "id_number": world["staff"].id_number, "establishment": "civil", "post_kind": "teacher",
        "education": "bachelor", "is_active": "on",
    })
    assert response.status_code == 200
    _assert_neutral(response.content.decode(), world)
    assert Staff.objects.count() == 1


def test_api_gives_the_neutral_message(world):
    api = APIClient()
    api.force_authenticate(world["users"]["school_b"])
    response = api.post("/api/people/staff/", {
        "school": world["b"].pk, "name": "新教师", "sex": "F", "id_number": world["staff"].id_number,
        "establishment": "civil", "post_kind": "teacher", "education": "bachelor",
    }, format="json")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    _assert_neutral(response.content.decode(), world)


def test_import_gives_the_neutral_message(world):
    headers = ["身份证号", "姓名", "编制类型", "岗位类别", "最高学历", "现任学校标识码"]
    rows = [[world["staff"].id_number, "新教师", "事业编制", "专任教师", "本科", world["b"].code]]
    result = run_import(get_spec("people.staff"), workbook(headers, rows), "upload.xlsx",
                        user=world["users"]["school_b"], commit=True)
    reasons = " ".join(e.reason for e in result.errors)
    _assert_neutral(reasons, world)
    assert Staff.objects.get().name == "甲教师" and dt.date.today()


def test_history_hides_phone_changes_from_masked_readers(client, world):
    staff = world["staff"]
    staff.phone = "13987654321"
    staff.save()
    history = object_url(staff, "history")
    body = _get(client, world["users"]["inspector"], history).content.decode()
    assert "13987654321" not in body and PHONE not in body and "（已隐藏）" in body
    assert "13987654321" in _get(client, world["users"]["personnel"], history).content.decode()

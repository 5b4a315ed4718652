"""A child's family situation (困难认定, grants, care records, 送教上门) is read only by the school's 资助 staff and the
bureau's 资助 centre (issue 13): every page, export and API endpoint gives everybody else counts or nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from edubureau.core.io.registry import all_specs
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.org.models import Term
from edubureau.welfare.models import AidProgram, AidRecognition, CareProfile, Grant, HomeVisit

pytestmark = pytest.mark.django_db

SECRET = "父亲病故母亲重病"  # the family situation
GUARDIAN = "宋秀兰"
WORK_PLACE = "浙江省宁波市鄞州区"


@pytest.fixture
def county():
    year = f.make_school_year()
    term = Term.objects.create(school_year=year, number=1, start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    zone = f.make_zone("东部片区")
    a, b = f.make_school("甲小学", zone=zone), f.make_school("乙小学", zone=zone)
    pupil = f.make_student(a, f.make_class(a, grade=3), name="宋小雨", left_behind=True,
                           id_number=f.make_id_number(dt.date(2016, 3, 1), "F"))
    program = AidProgram.objects.create(year=2025, name="义务教育家庭经济困难学生生活补助", levels=["小学"],
                                        yearly={"小学": 1250}, day_share=Decimal("0.5"))
    AidRecognition.objects.create(student=pupil, school=a, year=2025, groups=["低保"], family_situation=SECRET,
                                  tier="困难", state="已认定")
    Grant.objects.create(term=term, program=program, student=pupil, school=a, amount=Decimal("312.50"),
                         account="6217000011112222")
    care = CareProfile.objects.create(student=pupil, guardian=GUARDIAN, parents_work_place=WORK_PLACE,
                                      placement="送教上门", visits_per_term=2)
    HomeVisit.objects.create(profile=care, day=dt.date(2025, 10, 20), teachers="王老师", content="识字")
    users = {
        "centre": f.make_user(Role.DEPARTMENT, department=f.make_department(modules=("welfare", "aid"))),
        "head_a": f.make_user(Role.SCHOOL, school=a),
        "leader": f.make_user(Role.LEADER),
        "auditor": f.make_user(Role.READONLY),
        "jichu": f.make_user(Role.DEPARTMENT, department=f.make_department(modules=("people", "welfare"))),
        "inspector": f.make_user(Role.INSPECTOR, zone=a.zone),
        "head_b": f.make_user(Role.SCHOOL, school=b),
    }
    return {"term": term, "pupil": pupil, "users": users}


ALLOWED = ("centre", "head_a")
REFUSED = ("leader", "auditor", "jichu", "inspector", "head_b")
ENDPOINTS = ("aid-recognitions", "grants", "care-profiles", "home-visits")
LISTS = ("welfare:aidrecognition_list", "welfare:grant_list", "welfare:careprofile_list", "welfare:homevisit_list")


@pytest.mark.parametrize("who", ALLOWED + REFUSED)
def test_the_api_lists_family_rows_only_to_the_aid_staff(county, client, who):
    client.force_login(county["users"][who])
    for endpoint in ENDPOINTS:
        response = client.get(f"/api/welfare/{endpoint}/")
        assert response.status_code == 200, endpoint
        count = response.json()["count"]
        assert count == (1 if who in ALLOWED else 0), (who, endpoint, count)
        assert (SECRET in response.content.decode()) is False  # not even the aid staff get it through the API


@pytest.mark.parametrize("who", ALLOWED + REFUSED)
def test_registry_pages_and_their_exports(county, client, who):
    client.force_login(county["users"][who])
    for name in LISTS:
        page = client.get(reverse(name)).content.decode()
        assert ("宋小雨" in page or GUARDIAN in page or "王老师" in page) is (who in ALLOWED), (who, name)
        spec = f"{name.split(':')[0]}.{name.split(':')[1].removesuffix('_list')}"
        if spec not in all_specs():
            continue  # a register without a workbook (认定 is made on the page): its list offers no export
        export = client.get(f"/export/{spec}/")  # the list page's 导出Excel button
        assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd"), name
        text = _text(export)
        # A register's workbook names the pupil by 学籍号 (the key an import reads back).
        number = county["pupil"].student_no
        assert (number in text or GUARDIAN in text or "王老师" in text) is (who in ALLOWED), (who, name)
        assert SECRET not in text


def _text(response) -> str:
    """The page, or every cell of a workbook, as text."""
    if response["Content-Type"].startswith("application/vnd"):
        book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        return " ".join(str(c) for name in book.sheet_names for r in book.get_sheet_by_name(name).to_python()
                        for c in r)
    return response.content.decode()


@pytest.mark.parametrize("who", REFUSED)
def test_the_aid_pages_show_the_others_counts_only(county, client, who):
    client.force_login(county["users"][who])
    for name in ("welfare:recognition_list", "welfare:recognition_public", "welfare:aid_bank"):
        response = client.get(reverse(name), {"term": county["term"].pk})
        if who == "head_b":  # another school's 资助 staff: its own pupils only, none of A's
            assert response.status_code == 200 and "宋小雨" not in _text(response)
        else:  # the bureau's other readers: refused outright
            assert response.status_code == 403, name
    ledger = client.get(reverse("welfare:aid_ledger"), {"term": county["term"].pk})
    assert ledger.status_code == 200 and "宋小雨" not in ledger.content.decode()
    care = client.get(reverse("welfare:care_rosters"), {"group": "left_behind"}).content.decode()
    assert GUARDIAN not in care and WORK_PLACE not in care
    detail = client.get(reverse("welfare:aidrecognition_detail", args=[AidRecognition.objects.get().pk]))
    assert detail.status_code == 404


def test_the_aid_centre_reads_the_situation_and_the_bank_file(county, client):
    client.force_login(county["users"]["centre"])
    detail = client.get(reverse("welfare:aidrecognition_detail", args=[AidRecognition.objects.get().pk]))
    assert SECRET in detail.content.decode()
    care = client.get(reverse("welfare:care_rosters"), {"group": "left_behind"}).content.decode()
    assert GUARDIAN in care and WORK_PLACE in care
    ledger = client.get(reverse("welfare:aid_ledger"), {"term": county["term"].pk}).content.decode()
    assert "312.50" in ledger
    bank = client.get(reverse("welfare:aid_bank"), {"term": county["term"].pk})
    assert bank.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(bank.content)).get_sheet_by_index(0).to_python()
    assert ["宋小雨", county["pupil"].id_number, "6217000011112222"] in [r[:3] for r in rows]


def test_the_public_notice_names_the_tier_and_nothing_else(county, client):
    rec = AidRecognition.objects.get()
    rec.state, rec.public_until = "公示中", dt.date(2025, 10, 17)
    rec.save()
    client.force_login(county["users"]["head_a"])
    page = client.get(reverse("welfare:recognition_public")).content.decode()
    assert "宋小雨" in page and "困难" in page
    assert SECRET not in page and "低保" not in page and county["pupil"].id_number not in page

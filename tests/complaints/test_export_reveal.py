"""The office's exports hold who complained: each download is a reveal, logged once per export like the case page's
reveal (``core.audit.log_reveal``), naming the user, how many cases and which. Every other reader's export has
no identity and leaves no reveal entry."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from edubureau.complaints import services
from edubureau.complaints.models import Complaint

pytestmark = pytest.mark.django_db

NAME, PHONE, ADDRESS = "龚导出人", "13912345678", "标记镇秘密村99号"
MARKERS = (NAME, PHONE, ADDRESS, "1391234", "秘密村")
# The office's list export (with who complained) and the registry export through the sheet spec.
EXPORTS = [("complaints:complaint_list", {"format": "xlsx"}), ("core:export", None)]


def url_of(name, query):
    return reverse(name, args=["complaints.complaint"]) if name == "core:export" else reverse(name)


@pytest.fixture
def cases(county):
    office = county.users["office"]
    today = timezone.localdate()
    named = services.register(Complaint(channel="来信", received_on=today, category="乱收费", school=county.a,
                                        summary="反映收费", content="收取资料费。", complainant_name=NAME,
                                        complainant_phone=PHONE, complainant_address=ADDRESS), by=office)
    services.assign(named, by=office, school=county.a)
    phone_only = services.register(Complaint(channel="12345热线", received_on=today, category="招生",
                                             summary="反映招生", content="招生不公。", complainant_phone="13800000002"),
                                   by=office)
    anonymous = services.register(Complaint(channel="网上信访", received_on=today, category="安全", school=county.a,
                                            summary="反映校门口交通", content="拥堵。", anonymous=True), by=office)
    services.assign(anonymous, by=office, school=county.a)
    return named, phone_only, anonymous


def text_of(response) -> str:
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return "\n".join(str(cell) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python()
                     for cell in row)


def reveals():
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS)


@pytest.mark.parametrize(("name", "query"), EXPORTS)
def test_an_office_export_is_one_logged_reveal(county, login, cases, name, query):
    named, phone_only, anonymous = cases
    before = reveals().count()
    response = login("office").get(url_of(name, query), query or {})
    assert response.status_code == 200 and all(m in text_of(response) for m in (NAME, PHONE, ADDRESS))
    assert reveals().count() == before + 1
    entry = reveals().latest("pk")
    assert entry.actor == county.users["office"] and entry.additional_data["export"] is True
    assert entry.additional_data["count"] == 2
    assert sorted(entry.additional_data["cases"]) == sorted([named.number, phone_only.number])
    assert entry.additional_data["revealed"] == ["complainant_name", "complainant_phone", "complainant_address"]
    assert entry.object_pk in {str(named.pk), str(phone_only.pk)}
    assert not [m for m in MARKERS if m in str(entry.additional_data) + str(entry.changes)]


def test_an_office_export_naming_nobody_is_not_a_reveal(county, login, cases):
    named, phone_only, anonymous = cases
    before = reveals().count()
    response = login("office").get(reverse("complaints:complaint_list"), {"format": "xlsx", "channel": "网上信访"})
    assert response.status_code == 200 and anonymous.number in text_of(response)
    assert reveals().count() == before


@pytest.mark.parametrize("role", ["school_a", "jichu", "renshi", "leader", "readonly"])
@pytest.mark.parametrize(("name", "query"), EXPORTS)
def test_other_readers_exports_are_masked_and_not_logged(county, login, cases, role, name, query):
    before = reveals().count()
    response = login(role).get(url_of(name, query), query or {})
    assert response.status_code in (200, 403)
    if response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats"):
        body = text_of(response)
        assert not [m for m in MARKERS if m in body], role
        assert "13800000002" not in body
    assert reveals().count() == before


def test_the_school_export_has_its_case_but_blank_identity_cells(county, login, cases):
    response = login("school_a").get(reverse("core:export", args=["complaints.complaint"]))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    header, rows = book[0], book[1:]
    assert {row[header.index("*事由摘要")] for row in rows} == {"反映收费", "反映校门口交通"}
    for title in ("匿名", "信访人姓名", "联系电话", "身份证件号", "联系地址"):
        assert {row[header.index(title)] for row in rows} == {""}, title

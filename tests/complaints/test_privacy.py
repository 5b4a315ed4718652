"""Who complained is the 信访 office's alone (issue 15): a walk of every page, export and API endpoint of the app,
the 工作台 and the follow-up pages, as every other reader — the school the case is assigned to, the other school,
the department handling a case, the 人事科, leaders, auditors, an inspector — finds no marker of the complainant's
name, phone, ID number or address; the office reads them masked, and in full after a logged reveal."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from edubureau.complaints import services, urls
from edubureau.complaints.models import Complaint
from edubureau.core.testing import factories as f

pytestmark = pytest.mark.django_db

NAME, PHONE, ADDRESS = "龚标记人", "13912345678", "标记镇秘密村99号"
ID = f.make_id_number()
MARKERS = (NAME, PHONE, ID, ADDRESS, "1391234", "秘密村")
OTHERS = ("school_a", "school_b", "jichu", "renshi", "leader", "readonly", "inspector")


@pytest.fixture
def cases(county):
    office = county.users["office"]
    today = timezone.localdate()

    def new(**kw):
        c = Complaint(channel="来信", received_on=today, category="师德", summary="反映教师有偿补课",
                      content="反映甲老师有偿补课。", complainant_name=NAME, complainant_phone=PHONE,
                      complainant_id=ID, complainant_address=ADDRESS, **kw)
        return services.register(c, by=office)

    at_school = new(school=county.a, teacher=county.teacher)
    services.assign(at_school, by=office, school=county.a)
    services.answer(at_school, by=county.users["school_a"], finding="属实", reply="属实，已处理。")
    services.refer_conduct(at_school, by=office, category="规范从教行为")
    at_department = new(school=county.b)
    services.assign(at_department, by=office, department=county.jichu_dept)
    unassigned = new()
    # A repeat of the same person: its link must not tell anyone else who complained.
    return [Complaint.objects.get(pk=c.pk) for c in (at_school, at_department, unassigned)]


def text_of(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        return "\n".join(str(cell) for name in book.sheet_names
                         for row in book.get_sheet_by_name(name).to_python() for cell in row)
    return response.content.decode("utf-8", errors="replace")


def urls_to_walk(cases) -> list[str]:
    found = []
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        name = f"complaints:{pattern.name}"
        if "<int:pk>" in str(pattern.pattern):
            found += [reverse(name, args=[c.pk]) for c in cases]
            found += [reverse(name, args=[c.pk]) + "?reveal=1" for c in cases]
        else:
            found += [reverse(name), reverse(name) + "?format=xlsx", reverse(name) + "?q=反映"]
    found += ["/api/complaints/", "/api/complaints/cases/", "/api/complaints/cases/?channel=来信"]
    found += [f"/api/complaints/cases/{c.pk}/" for c in cases]
    found += [reverse("core:dashboard"), reverse("core:followup_list"), reverse("core:followup_list") + "?format=xlsx"]
    found += [reverse("core:followup_detail", args=[c.followup_id]) for c in cases if c.followup_id]
    # The registry's Excel pages (issue 15 imports): the export, the import page, the blank template.
    found += [reverse(name, args=["complaints.complaint"])
              for name in ("core:export", "core:import_start", "core:import_template")]
    return found


@pytest.mark.parametrize("role", OTHERS)
def test_no_other_reader_ever_sees_who_complained(county, login, cases, role):
    client = login(role)
    walked = 0
    for url in urls_to_walk(cases):
        response = client.get(url)
        assert response.status_code < 500, url
        body = text_of(response)
        leaked = [m for m in MARKERS if m in body]
        assert not leaked, (role, url, leaked)
        walked += response.status_code == 200
    assert walked >= 4  # the dashboard and the follow-up list at least answered
    # POSTs that a non-office reader might try answer 403/404/redirect, never a page with the identity.
    for c in cases:
        response = client.post(reverse("complaints:complaint_detail", args=[c.pk]) + "?reveal=1")
        assert not [m for m in MARKERS if m in text_of(response)]


def test_school_sees_its_case_content_and_deadline_but_not_the_identity(county, login, cases):
    page = login("school_a").get(reverse("complaints:complaint_detail", args=[cases[0].pk])).content.decode()
    assert "反映甲老师有偿补课" in page and "信访人" not in page
    api = login("school_a").get("/api/complaints/cases/").json()
    assert [row["number"] for row in api["results"]] == [cases[0].number]
    assert not {"complainant_name", "complainant_phone", "complainant_id", "complainant_address",
                "anonymous", "repeat_of"} & set(api["results"][0])


def test_office_reads_masked_then_reveals_with_a_log(county, login, cases):
    office = login("office")
    url = reverse("complaints:complaint_detail", args=[cases[0].pk])
    masked = office.get(url).content.decode()
    assert NAME not in masked and PHONE not in masked and ID not in masked and ADDRESS not in masked
    assert "龚**" in masked and "139****5678" in masked
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    revealed = office.get(url + "?reveal=1").content.decode()
    assert all(m in revealed for m in (NAME, PHONE, ID, ADDRESS))
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1
    assert entry.actor == county.users["office"] and entry.object_pk == str(cases[0].pk)
    assert entry.additional_data["revealed"] == ["complainant_name", "complainant_phone", "complainant_id",
                                                 "complainant_address"]
    assert PHONE not in str(entry.additional_data) and NAME not in str(entry.additional_data)
    export = text_of(office.get(reverse("complaints:complaint_list") + "?format=xlsx"))
    assert all(m in export for m in (NAME, PHONE, ID, ADDRESS))
    api = office.get(f"/api/complaints/cases/{cases[0].pk}/").json()
    assert (api["complainant_name"], api["complainant_phone"], api["complainant_id"]) == (NAME, PHONE, ID)


def test_audit_trail_keeps_the_identity_masked(cases):
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Complaint))
    assert entries.exists()
    trail = " ".join(str(e.changes) for e in entries)
    assert PHONE not in trail and ID not in trail and ADDRESS not in trail and NAME not in trail


def test_the_followup_names_the_case_not_the_person(cases):
    for c in cases:
        if c.followup_id:
            assert not [m for m in MARKERS if m in c.followup.title + c.followup.detail]


def test_api_bad_filters_are_4xx_and_the_schema_builds(county, login, cases):
    office = login("office")
    for query in ("received_on=not-a-date", "channel=信鸽", "page=999", "ordering=complainant_phone"):
        response = office.get(f"/api/complaints/cases/?{query}")
        assert response.status_code < 500, (query, response.status_code)
    assert office.get("/api/complaints/cases/999999/").status_code == 404
    schema = office.get("/api/schema/")
    assert schema.status_code == 200

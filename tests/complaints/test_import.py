"""Batches of cases from the 12345 platform and the 上级 信访 system as spreadsheets (issue 15): a good file gives
cases with their deadlines, repeat links and follow-ups; one bad row names its row, column and reason and nothing is
written; only the 信访 office imports, and only the office's export holds who complained (a logged reveal)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from edubureau.complaints import services
from edubureau.complaints.engine import deadlines
from edubureau.complaints.models import Complaint
from edubureau.core.io import writer
from edubureau.core.io.registry import get_spec
from edubureau.core.io.runner import run_import
from edubureau.core.models import FollowUp, ImportJob
from tests.io.conftest import workbook

pytestmark = pytest.mark.django_db

SPEC = "complaints.complaint"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["信访件编号", "工单编号", "来源渠道", "收件日期", "问题类别", "涉及学校", "事由摘要", "反映内容", "匿名",
           "信访人姓名", "联系电话", "承办学校", "承办科室"]
PHONE = "13912340001"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def line(ref="", channel="12345热线", day=None, category="乱收费", school="", summary="反映收取资料费",
         content="每生收取资料费80元。", anonymous="否", name="", phone=PHONE, handler="", department="", number=""):
    day = day or timezone.localdate() - dt.timedelta(days=3)
    return [number, ref, channel, day, category, school, summary, content, anonymous, name, phone, handler, department]


def run(content, user, commit=True):
    return run_import(get_spec(SPEC), content, "12345工单.xlsx", user=user, commit=commit)


def book_text(content: bytes) -> str:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return "\n".join(str(cell) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python()
                     for cell in row)


def upload(client, content, *, dry_run=False):
    data = {"file": SimpleUploadedFile("12345工单.xlsx", content, content_type=XLSX)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("core:import_start", args=[SPEC]), data)


def test_good_file_registers_cases_with_deadlines_repeats_and_followups_through_the_page(county, login):
    office = login("office")
    a = county.a
    day = timezone.localdate() - dt.timedelta(days=3)
    rows = [
        line("GD2026001", school=a.code, name="钱女士", handler=a.code),  # assigned at once
        line("SJ-77", channel="上级转办", category="师德", school=a.name, anonymous="是", phone="",
             summary="反映教师有偿补课", content="反映甲老师周末有偿补课。", department="基础教育科"),
        line("", channel="来信", school=county.b.code, category="招生", summary="反映招生不公"),  # the same caller
    ]
    response = upload(office, workbook(HEADERS, rows))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.DONE, job.errors
    assert job.created_count == 3
    hotline, referred, letter = Complaint.objects.order_by("pk")
    year = day.year
    assert [c.number for c in (hotline, referred, letter)] == [f"XF{year}-0001", f"XF{year}-0002", f"XF{year}-0003"]
    # The intake's steps: deadlines by channel, the office's region, who registered it.
    calendar = services.calendar()
    assert (hotline.accept_due, hotline.answer_due) == deadlines.due_dates("12345热线", day, calendar)
    assert (referred.accept_due, referred.answer_due) == (day + dt.timedelta(days=15), day + dt.timedelta(days=60))
    assert hotline.source_ref == "GD2026001" and hotline.school == a and referred.school == a
    assert hotline.registered_by == county.users["office"]
    assert referred.anonymous and referred.complainant_name == "" and letter.source_ref == ""
    # A handler named: assigned at once, its follow-up due by the 办理期限.
    assert hotline.followup.school == a and hotline.followup.due == hotline.answer_due
    assert hotline.status == "办理中" and referred.followup.department == county.jichu_dept
    assert letter.followup is None and letter.status == "待交办"
    # The same caller within 90 days: the letter repeats the hotline case.
    assert (letter.repeat_of, letter.repeat_reason) == (hotline, "person")
    # The school reads its case like one typed in, and exports it without the caller or the 工单号; the audit trail
    # keeps the caller masked.
    assert login("school_a").get(reverse("complaints:complaint_detail", args=[hotline.pk])).status_code == 200
    exported = book_text(login("school_a").get(reverse("core:export", args=[SPEC])).content)
    assert hotline.number in exported and not {"GD2026001", PHONE, "钱女士"} & set(exported.split("\n"))
    trail = " ".join(str(e.changes) for e in LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Complaint)))
    assert PHONE not in trail and "钱女士" not in trail
    # The same batch again: matched by channel and 工单编号, nothing registered twice.
    again = run(workbook(HEADERS, rows[:2]), county.users["office"])
    assert again.errors == [] and (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Complaint.objects.count() == 3 and FollowUp.objects.count() == 2


def test_dry_run_previews_the_numbers_and_writes_nothing(county, login):
    office = login("office")
    response = upload(office, workbook(HEADERS, [line("GD1", school=county.a.code, name="钱女士")]), dry_run=True)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALID and Complaint.objects.count() == 0
    page = office.get(response.url).content.decode()
    assert "将新增 1 条" in page and f"XF{timezone.localdate().year}-0001" in page


def test_one_bad_row_names_row_column_and_reason_and_nothing_is_written(county):
    office = county.users["office"]
    services.register(Complaint(channel="来信", received_on=timezone.localdate(), category="其他", summary="已有",
                                content="已有件", complainant_name="甲"), by=office)
    before = (Complaint.objects.count(), FollowUp.objects.count(), LogEntry.objects.count())
    rows = [
        line("GD1", school=county.a.code, handler=county.a.code),  # good
        line("GD2", channel="信鸽"),
        [*line("GD3")[:3], None, *line("GD3")[4:]],  # no date
        line("GD4", school="不存在的学校"),
        line("GD5", anonymous="是", name="王某"),
        line("GD6", number="XF1999-0001"),
        line("GD1", school=county.a.code),  # the same 工单 twice
        line("GD8", phone="", name=""),
        line("GD9", day=timezone.localdate() + dt.timedelta(days=2)),
        line("GD10", handler=county.a.code, department="基础教育科"),
    ]
    result = run(workbook(HEADERS, rows), office)
    assert not result.committed
    found = {(e.row, e.column): e.reason for e in result.errors}
    assert found[(3, "来源渠道")].startswith("“信鸽”不是可选值，可选：来信、来访、电话、12345热线")
    assert found[(4, "收件日期")] == "必填"
    assert found[(5, "涉及学校")] == "找不到学校：不存在的学校（请填写学校标识码或学校全称）"
    assert found[(6, "信访人姓名")] == "匿名信访件不登记信访人信息"
    assert found[(7, "信访件编号")] == "信访件编号不存在：XF1999-0001（新件请留空，由系统编号）"
    assert found[(8, "来源编号（工单号）")] == "与第2行的来源渠道和来源编号相同"
    assert found[(9, "信访人姓名")] == "实名信访件请至少填写信访人姓名或联系电话"
    assert found[(10, "收件日期")] == "收件日期不能晚于今天"
    assert found[(11, "承办科室")] == "承办单位只能是一所学校或一个科室"
    assert 2 not in {e.row for e in result.errors}
    assert (Complaint.objects.count(), FollowUp.objects.count(), LogEntry.objects.count()) == before


def test_an_assigned_case_is_not_reassigned_nor_its_caller_changed_by_an_import(county):
    office = county.users["office"]
    assert run(workbook(HEADERS, [line("GD1", school=county.a.code, name="钱女士", handler=county.a.code)]),
               office).committed
    case = Complaint.objects.get()
    changed = line("GD1", school=county.a.code, name="钱先生", handler=county.b.code, number=case.number)
    result = run(workbook(HEADERS, [changed]), office)
    assert {(e.column, e.reason) for e in result.errors} == {
        ("信访人姓名", "已登记信访件的信访人信息不能通过导入修改"), ("承办学校", "该信访件已交办，不能通过导入改派")}
    # Matter fixed by number: updated, the deadline kept.
    fixed = line("GD1", school=county.a.code, name="钱女士", handler=county.a.code, number=case.number,
                 summary="反映收取资料费（更正）")
    result = run(workbook(HEADERS, [fixed]), office)
    assert result.errors == [] and (result.created, result.updated) == (0, 1)
    assert Complaint.objects.get().summary == "反映收取资料费（更正）"


@pytest.mark.parametrize("role", ["jichu", "renshi", "leader", "readonly", "school_a"])
def test_only_the_office_imports(county, login, role):
    client = login(role)
    content = workbook(HEADERS, [line("GD1", school=county.a.code)])
    assert client.get(reverse("core:import_start", args=[SPEC])).status_code == 403
    assert upload(client, content).status_code == 403
    assert ImportJob.objects.count() == 0 and Complaint.objects.count() == 0
    result = run(content, county.users[role])
    assert [e.reason for e in result.errors] == ["您没有导入“信访件”的权限"] and not result.committed
    # Not offered on the list page either.
    page = client.get(reverse("complaints:complaint_list")).content.decode()
    assert reverse("core:import_start", args=[SPEC]) not in page


def test_the_office_is_offered_the_import_and_the_template_has_no_identity(county, login):
    office = login("office")
    page = office.get(reverse("complaints:complaint_list")).content.decode()
    assert reverse("core:import_start", args=[SPEC]) in page
    assert office.get(reverse("core:import_start", args=[SPEC])).status_code == 200
    template = office.get(reverse("core:import_template", args=[SPEC]))
    headers = CalamineWorkbook.from_filelike(io.BytesIO(template.content)).get_sheet_by_index(0).to_python()[0]
    assert headers[:5] == ["信访件编号", "来源编号（工单号）", "*来源渠道", "*收件日期", "*问题类别"]


def test_export_is_full_for_the_office_and_reimports_as_no_change(county, login):
    office = county.users["office"]
    assert run(workbook(HEADERS, [line("GD1", school=county.a.code, name="钱女士", handler=county.a.code),
                                  line("GD2", channel="上级转办", anonymous="是", phone="")]), office).committed
    response = login("office").get(reverse("core:export", args=[SPEC]))
    assert response.status_code == 200
    assert PHONE in book_text(response.content) and "钱女士" in book_text(response.content)
    again = run(response.content, office)
    assert again.errors == [] and (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_typed_formulas_are_written_as_text(county):
    office = county.users["office"]
    summary = '=HYPERLINK("http://example.com","点此")'
    services.register(Complaint(channel="来信", received_on=timezone.localdate(), category="其他", summary=summary,
                                content="+1+1", complainant_name="@某"), by=office)
    spec = get_spec(SPEC)
    content = writer.export_workbook(spec, spec.export_queryset(Complaint.objects.all()), user=office)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and summary in book_text(content) and "@某" in book_text(content)

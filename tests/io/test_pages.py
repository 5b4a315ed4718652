"""The import pages: upload, preview with errors, confirm, progress polling, the error workbook."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from edubureau.core.io import jobs
from edubureau.core.models import ImportJob
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.people.models import Posting, Staff

from .conftest import workbook
from .test_import import STAFF_HEADERS, bad_checksum, staff_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, content, *, dry_run=True, spec="people.staff", name="教职工.xlsx"):
    data = {"file": SimpleUploadedFile(name, content, content_type=XLSX)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("core:import_start", args=[spec]), data)


def test_upload_with_errors_shows_them_and_writes_nothing(client, county):
    client.force_login(county["clerk"])
    bad = bad_checksum(f.make_id_number())
    content = workbook(STAFF_HEADERS, [staff_row(f.make_id_number()), staff_row(bad, "王老师", school="3301099999")])
    response = upload(client, content, dry_run=False)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:import_detail", args=[job.pk])
    assert job.status == ImportJob.Status.INVALID and Staff.objects.count() == 0
    page = client.get(response.url).content.decode()
    assert "发现 2 处错误（涉及 1 行），没有写入任何数据" in page
    assert "第 3 行" in page and "身份证号校验位错误" in page and "学校标识码不存在：3301099999" in page
    errors = client.get(reverse("core:import_errors", args=[job.pk]))
    header = CalamineWorkbook.from_filelike(io.BytesIO(errors.content)).get_sheet_by_index(0).to_python()[0]
    assert "错误原因" in header


def test_valid_upload_previews_then_confirm_writes(client, county):
    client.force_login(county["clerk"])
    content = workbook(STAFF_HEADERS, [staff_row(f.make_id_number(), f"教师{i}") for i in range(3)])
    response = upload(client, content)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALID and Staff.objects.count() == 0
    page = client.get(response.url).content.decode()
    assert "将新增 3 条" in page and "确认导入" in page and "教师1" in page
    confirm = client.post(reverse("core:import_confirm", args=[job.pk]))
    assert confirm.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 3
    assert Staff.objects.count() == 3 and Posting.objects.filter(school=county["a"]).count() == 3
    assert "导入完成：新增 3 条" in client.get(response.url).content.decode()
    # Not twice: a second confirm lands on the job page with a notice (issue 18), and nothing more is written.
    again = client.post(reverse("core:import_confirm", args=[job.pk]), follow=True)
    assert again.status_code == 200 and "该导入已在写入中或已完成" in again.content.decode()
    assert Staff.objects.count() == 3 and Posting.objects.count() == 3


def test_large_file_runs_as_a_task_and_the_page_polls_progress(client, county, monkeypatch):
    monkeypatch.setattr(jobs, "INLINE_ROWS", 1)
    calls = []
    from edubureau.core.io import tasks

    monkeypatch.setattr(tasks, "run_job", lambda job: calls.append(job.pk) or jobs.run_job(job))
    client.force_login(county["clerk"])
    upload(client, workbook(STAFF_HEADERS, [staff_row(f.make_id_number()), staff_row(f.make_id_number(), "李")]))
    job = ImportJob.objects.get()
    assert calls == [job.pk] and job.status == ImportJob.Status.VALID  # ran through the django-tasks task
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, done=500, total=2000, message="校验")
    detail = reverse("core:import_detail", args=[job.pk])
    partial = client.get(detail, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in partial and "500 / 2,000" in partial and "25%" in partial
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALID)
    finished = client.get(detail, HTTP_HX_REQUEST="true")
    assert finished.status_code == 204 and finished["HX-Refresh"] == "true"


def test_jobs_are_private_to_their_uploader(client, county):
    client.force_login(county["clerk"])
    upload(client, workbook(STAFF_HEADERS, [staff_row(f.make_id_number())]))
    job = ImportJob.objects.get()
    other = f.make_user(Role.DEPARTMENT, department=county["clerk"].profile.department)
    client.force_login(other)
    assert client.get(reverse("core:import_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("core:import_confirm", args=[job.pk])).status_code == 404
    assert job.filename not in client.get(reverse("core:importjob_list")).content.decode()


def test_import_page_needs_write_right(client, county):
    client.force_login(f.make_user(Role.LEADER))
    assert client.get(reverse("core:import_start", args=["people.staff"])).status_code == 403
    client.force_login(county["clerk"])
    page = client.get(reverse("core:import_start", args=["people.staff"]))
    assert page.status_code == 200 and "下载模板" in page.content.decode()


def test_wrong_file_type_is_a_form_error(client, county):
    client.force_login(county["clerk"])
    response = upload(client, b"%PDF-1.4", name="名单.pdf")
    assert response.status_code == 400 and "不支持的文件类型" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_template_download_has_instructions_and_dropdowns(client, county):
    client.force_login(county["clerk"])
    response = client.get(reverse("core:import_template", args=["people.staff"]))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names[:2] == ["教职工", "填写说明"]
    rules = " ".join(str(c) for row in book.get_sheet_by_name("填写说明").to_python() for c in row)
    assert "事业编制、备案制、合同制、临聘" in rules
    assert b"dataValidation" in _zip_member(response.content, "xl/worksheets/sheet1.xml")


def _zip_member(content: bytes, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(name)

"""Issue 18, must-fix 9: uploaded files are served through one view, only within the owning record's scope."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.core.files import file_url
from edubureau.core.followup import act, open_followup
from edubureau.core.models import FollowUpEvidence, ImportJob
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.inspection.models import Visit, VisitPhoto
from edubureau.plans.models import ProgressReport, ReportAttachment, Task, WorkPlan

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world():
    east, west = f.make_zone("东部片区"), f.make_zone("西部片区")
    a, b = f.make_school("甲小学", zone=east), f.make_school("乙小学", zone=east)
    c = f.make_school("丙小学", zone=west)
    admin_a = f.make_user(Role.SCHOOL, school=a)
    notice = open_followup(module="inspection", kind="rectification", title="消防通道堵塞", school=a,
                           due=dt.date(2026, 6, 1), issued_on=dt.date(2026, 5, 1))
    act(notice, "respond", admin_a, measures="已清理通道", today=dt.date(2026, 5, 10), files=[
        SimpleUploadedFile("通道照片.png", PNG, content_type="image/png"),
        SimpleUploadedFile("整改报告.pdf", PDF, content_type="application/pdf"),
        # An HTML page named .jpg: never shown inline, whatever its name says.
        SimpleUploadedFile("伪装.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"),
    ])
    evidence = {e.name: e for e in FollowUpEvidence.objects.all()}
    visit = Visit.objects.create(day=dt.date(2026, 5, 12), kind="routine")
    visit.schools.set([a, b])
    photo = VisitPhoto.objects.create(visit=visit, school=a, caption="操场",
                                      file=SimpleUploadedFile("playground.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32))
    plan = WorkPlan.objects.create(title="2026年工作要点", year=2026)
    task = Task.objects.create(plan=plan, item="1", title="校舍改造")
    task.schools.set([a])
    report = ProgressReport.objects.create(task=task, school=a, period=dt.date(2026, 5, 1), narrative="已开工")
    attachment = ReportAttachment.objects.create(report=report, name="验收单.pdf",
                                                 file=SimpleUploadedFile("acceptance.pdf", PDF))
    leader = f.make_user(Role.LEADER)
    job = ImportJob.objects.create(user=leader, spec="org.school", filename="学校.xlsx",
                                   file=SimpleUploadedFile("schools.xlsx", b"PK\x03\x04" + b"\x00" * 16))
    return {
        "evidence": evidence, "photo": photo, "attachment": attachment, "job": job,
        "users": {
            "admin_a": admin_a,
            "admin_b": f.make_user(Role.SCHOOL, school=b),
            "admin_c": f.make_user(Role.SCHOOL, school=c),
            "inspector_west": f.make_user(Role.INSPECTOR, zone=west),
            "leader": leader,
            "other_leader": f.make_user(Role.LEADER),
            "superuser": f.make_user(superuser=True),
        },
    }


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _assert_private(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_owning_school_sees_an_image_inline(client, world):
    response = _get(client, world["users"]["admin_a"], file_url(world["evidence"]["通道照片.png"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PNG
    _assert_private(response)


def test_a_document_is_a_download(client, world):
    response = _get(client, world["users"]["admin_a"], file_url(world["evidence"]["整改报告.pdf"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "filename*=utf-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    _assert_private(response)


def test_a_page_named_like_an_image_is_not_shown_inline(client, world):
    response = _get(client, world["users"]["admin_a"], file_url(world["evidence"]["伪装.jpg"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    _assert_private(response)


@pytest.mark.parametrize("record", ["evidence", "photo", "attachment"])
def test_another_school_gets_not_found(client, world, record):
    row = world["evidence"]["通道照片.png"] if record == "evidence" else world[record]
    url = file_url(row)
    for who in ("admin_b", "admin_c", "inspector_west") if record != "photo" else ("admin_c", "inspector_west"):
        assert _get(client, world["users"][who], url).status_code == 404, who
    assert _get(client, world["users"]["leader"], url).status_code == 200


def test_visit_photo_of_one_school_is_not_the_other_schools(client, world):
    """A visit to 甲 and 乙: the photo taken at 甲 is 甲's (and the bureau's), not 乙's."""
    url = file_url(world["photo"])
    response = _get(client, world["users"]["admin_a"], url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert _get(client, world["users"]["admin_b"], url).status_code == 404


def test_import_workbook_only_for_its_uploader(client, world):
    url = file_url(world["job"])
    response = _get(client, world["users"]["leader"], url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    for who in ("other_leader", "superuser", "admin_a"):
        assert _get(client, world["users"][who], url).status_code == 404, who


def test_anonymous_is_sent_to_login(client, world):
    url = file_url(world["evidence"]["通道照片.png"])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_only_listed_file_fields_are_served(client, world):
    leader = world["users"]["leader"]
    school = world["users"]["admin_a"].profile.school
    assert _get(client, leader, f"/files/org/school/{school.pk}/name/").status_code == 404
    assert _get(client, leader, f"/files/core/followupevidence/{world['evidence']['通道照片.png'].pk}/name/"
                ).status_code == 404


def test_missing_file_is_not_found(client, world):
    photo = world["photo"]
    photo.file.storage.delete(photo.file.name)
    assert _get(client, world["users"]["admin_a"], file_url(photo)).status_code == 404


def test_pages_link_to_the_view(client, world):
    followup = world["evidence"]["通道照片.png"].event.followup
    page = _get(client, world["users"]["admin_a"], reverse("core:followup_detail", args=[followup.pk]))
    assert file_url(world["evidence"]["通道照片.png"]) in page.content.decode()
    visit = world["photo"].visit
    visit_page = _get(client, world["users"]["leader"], reverse("inspection:visit_detail", args=[visit.pk]))
    assert visit_page.status_code == 200 and file_url(world["photo"]) in visit_page.content.decode()
    task = world["attachment"].report.task
    task_page = _get(client, world["users"]["leader"], reverse("plans:task_detail", args=[task.pk]))
    assert task_page.status_code == 200 and file_url(world["attachment"]) in task_page.content.decode()

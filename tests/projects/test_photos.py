"""Photos per stage (issue 15): uploaded from the project page by the project's school or the 计划财务科, shown as
thumbnails per stage, served only through the scoped file route, refused when not a real image or too big (nothing
stored), deleted by the side that uploaded them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edubureau.core.files import file_url
from edubureau.projects.models import Project, StagePhoto

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def project(county):
    project = Project(number="XM-P", name="甲小学教学楼扩建", school=county["a"], kind="改扩建",
                      region=county["region"], budget_county=Decimal(100))
    project.save()
    return project


def upload(client, stage, *files, **extra):
    data = {"photos": list(files), "caption": extra.pop("caption", "基坑开挖"), "taken_on": extra.pop("taken_on", ""),
            **extra}
    return client.post(reverse("projects:stage_photo_upload", args=[stage.pk]), data)


def test_the_department_uploads_photos_and_the_project_page_shows_them(county, project, media):
    started = project.stages.get(step="开工")
    writer = client_for(county["writer"])
    response = upload(writer, started, SimpleUploadedFile("工地.png", PNG), SimpleUploadedFile("围挡.jpg", JPEG),
                      taken_on="2025-03-01")
    assert response.status_code == 302 and response["Location"].endswith(f"#stage-{started.pk}")
    photos = list(StagePhoto.objects.filter(stage=started))
    assert len(photos) == 2 and all(p.uploaded_by == county["writer"] and not p.by_school for p in photos)
    assert len(stored_files(media)) == 2
    page = writer.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    for photo in photos:
        assert f'<img src="{file_url(photo)}"' in page
    assert "基坑开挖" in page and "2025年3月1日" in page
    # Served inline by the scoped route, as for the owning school; the stage page shows them too.
    served = client_for(county["head_a"]).get(file_url(photos[0]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert "private" in served["Cache-Control"] and served["X-Content-Type-Options"] == "nosniff"
    stage_page = writer.get(reverse("projects:stage_detail", args=[started.pk])).content.decode()
    assert file_url(photos[1]) in stage_page and 'data-section="stage-photos"' in stage_page


def test_the_school_uploads_to_its_own_project_only(county, project):
    delivered = project.stages.get(step="交付")
    assert upload(client_for(county["head_a"]), delivered, SimpleUploadedFile("交付.jpg", JPEG),
                  back="stage").status_code == 302
    photo = StagePhoto.objects.get()
    assert photo.by_school and photo.uploaded_by == county["head_a"]
    # Another school: the stage, the project, the photo and its file do not exist for it; nothing is written.
    other = client_for(county["head_b"])
    assert upload(other, delivered, SimpleUploadedFile("x.jpg", JPEG)).status_code == 404
    assert other.get(file_url(photo)).status_code == 404
    assert other.get(reverse("projects:project_detail", args=[project.pk])).status_code == 404
    assert other.get(reverse("projects:stage_detail", args=[delivered.pk])).status_code == 404
    assert other.post(reverse("projects:stage_photo_delete", args=[photo.pk])).status_code == 404
    # A department that does not run projects reads the photo but adds none.
    reader = client_for(county["other_department"])
    assert reader.get(file_url(photo)).status_code == 200
    assert upload(reader, delivered, SimpleUploadedFile("y.jpg", JPEG)).status_code == 403
    assert StagePhoto.objects.count() == 1
    # The upload form is offered to the school and the 计划财务科, not to the reader.
    def has_form(user):
        page = client_for(user).get(reverse("projects:project_detail", args=[project.pk])).content.decode()
        return reverse("projects:stage_photo_upload", args=[delivered.pk]) in page
    assert has_form(county["head_a"]) and has_form(county["writer"]) and not has_form(county["other_department"])


@pytest.mark.parametrize(("name", "content", "message"), [
    ("工地.jpg", EXE, "不是有效的图片"),
    ("页面.png", b"<html><script>alert(1)</script></html>", "不是有效的图片"),
    ("setup.exe", EXE, "类型不受支持"),
    ("手机.heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 32, "不是照片"),
])
def test_a_file_that_is_no_photo_is_refused_and_nothing_is_stored(county, project, media, name, content, message):
    started = project.stages.get(step="开工")
    response = upload(client_for(county["writer"]), started, SimpleUploadedFile("好.png", PNG),
                      SimpleUploadedFile(name, content))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and name in page and "所选文件均未保存" in page
    assert not StagePhoto.objects.exists() and stored_files(media) == []


def test_a_photo_over_the_attachment_cap_is_refused(county, project, media, settings):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "attachment": {"max_bytes": 1000}}
    response = upload(client_for(county["writer"]), project.stages.get(step="开工"),
                      SimpleUploadedFile("大图.jpg", JPEG + b"\x00" * 1000))
    assert response.status_code == 400 and "超过1000 B" in response.content.decode()
    assert not StagePhoto.objects.exists() and stored_files(media) == []


def test_no_file_or_a_future_date_is_refused(county, project):
    started = project.stages.get(step="开工")
    writer = client_for(county["writer"])
    assert upload(writer, started).status_code == 400
    response = upload(writer, started, SimpleUploadedFile("a.png", PNG), taken_on="2999-01-01")
    assert response.status_code == 400 and "拍摄日期不能晚于今天" in response.content.decode()
    assert not StagePhoto.objects.exists()


def test_a_photo_is_deleted_by_the_side_that_uploaded_it(county, project, media, django_capture_on_commit_callbacks):
    started = project.stages.get(step="开工")
    school, writer = client_for(county["head_a"]), client_for(county["writer"])
    upload(school, started, SimpleUploadedFile("学校.jpg", JPEG))
    upload(writer, started, SimpleUploadedFile("科室.png", PNG))
    mine = StagePhoto.objects.get(by_school=True)
    theirs = StagePhoto.objects.get(by_school=False)
    assert len(stored_files(media)) == 2
    # The other side may not delete, nor does its page offer to.
    assert writer.post(reverse("projects:stage_photo_delete", args=[mine.pk])).status_code == 403
    assert school.post(reverse("projects:stage_photo_delete", args=[theirs.pk])).status_code == 403
    page = school.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert reverse("projects:stage_photo_delete", args=[mine.pk]) in page
    assert reverse("projects:stage_photo_delete", args=[theirs.pk]) not in page
    assert school.get(reverse("projects:stage_photo_delete", args=[mine.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = school.post(reverse("projects:stage_photo_delete", args=[mine.pk]), {"back": "stage"})
    assert response.status_code == 302 and response["Location"] == reverse("projects:stage_detail",
                                                                           args=[started.pk])
    assert list(StagePhoto.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert [p.name for p in stored_files(media)] == [Path(theirs.file.name).name]


def test_the_api_gives_no_file_address_and_the_page_stays_flat(county, project):
    started = project.stages.get(step="开工")
    writer = client_for(county["writer"])
    upload(writer, started, SimpleUploadedFile("a.png", PNG))
    body = writer.get("/api/projects/stages/", {"project": project.pk}).content.decode()
    assert ".png" not in body and "/files/" not in body and "photo" not in body
    url = reverse("projects:project_detail", args=[project.pk])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert writer.get(url).status_code == 200
        return len(captured)

    before = count()
    for step in ("立项", "开工", "交付"):
        for _ in range(3):
            upload(writer, project.stages.get(step=step), SimpleUploadedFile("b.png", PNG))
    assert count() <= before + 1


def test_deleting_the_project_removes_its_photos_and_their_files(county, project, media,
                                                                 django_capture_on_commit_callbacks):
    upload(client_for(county["writer"]), project.stages.get(step="开工"), SimpleUploadedFile("a.png", PNG),
           SimpleUploadedFile("b.jpg", JPEG))
    assert len(stored_files(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(county["writer"]).post(reverse("projects:project_delete", args=[project.pk]))
    assert response.status_code == 302
    assert not StagePhoto.objects.exists() and stored_files(media) == []

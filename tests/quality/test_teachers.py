"""Class–subject teachers of an exam: a checked file, shown on the class page, scoped."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_user
from edubureau.quality.models import TeacherAssignment
from edubureau.quality.services import import_teachers

from .conftest import csv_bytes, login

pytestmark = pytest.mark.django_db

HEADER = ["学校", "班级", "学科", "任课教师"]


def test_teachers_are_written_and_shown_on_the_class_page(county, client, tmp_path):
    exam, a = county["exam"], county["a"]
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes([HEADER, [a.name, "1班", "语文", "王芳"], [county["b"].code, "1班", "数学", "李强"]]))
    assert import_teachers(exam, path) == (2, [])
    assert TeacherAssignment.objects.get(exam=exam, subject="数学").school == county["b"]
    login(client, make_user(Role.SCHOOL, school=a))
    page = client.get(reverse("quality:exam_class", args=[exam.pk, a.pk, "1班"])).content.decode()
    assert "王芳" in page and "李强" not in page


def test_a_bad_teacher_file_writes_nothing(county, tmp_path):
    exam, a = county["exam"], county["a"]
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes([HEADER, [a.name, "1班", "语文", "王芳"], [a.name, "1班", "语文", "赵敏"],
                                ["外县中学", "1班", "体育", ""]]))
    count, errors = import_teachers(exam, path)
    assert count == 0 and not TeacherAssignment.objects.exists()
    expected = {(3, "学科"), (4, "学校"), (4, "学科"), (4, "任课教师")}
    assert {(row, column) for row, column, _reason in errors} == expected
    assert any("已在第2行填写" in reason for _row, _column, reason in errors)


def test_upload_page_for_the_quality_department_only(county, client):
    exam, a = county["exam"], county["a"]
    url = reverse("quality:exam_teachers", args=[exam.pk])
    upload = SimpleUploadedFile("t.csv", csv_bytes([HEADER, [a.name, "2班", "语文", "周平"]]), content_type="text/csv")
    login(client, make_user(Role.SCHOOL, school=a))
    assert client.post(url, {"file": upload}).status_code == 403
    login(client, make_user(Role.DEPARTMENT, department=make_department(modules=("quality",))))
    upload.seek(0)
    response = client.post(url, {"file": upload}, follow=True)
    assert "已导入1条任课教师记录" in response.content.decode()
    bad = SimpleUploadedFile("t.txt", b"x", content_type="text/plain")
    assert "请上传" in client.post(url, {"file": bad}, follow=True).content.decode()
    assert TeacherAssignment.objects.filter(exam=exam).count() == 1

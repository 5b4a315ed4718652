"""Class–subject teachers of an exam: a checked file, shown on the class page, scoped."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_staff, make_user
from edubureau.quality.models import TeacherAssignment
from edubureau.quality.services import import_teachers

from .conftest import csv_bytes, login

pytestmark = pytest.mark.django_db

HEADER = ["学校", "班级", "学科", "任课教师"]


def test_teachers_are_written_and_shown_on_the_class_page(county, client, tmp_path):
    exam, a = county["exam"], county["a"]
    wang, li = make_staff(a, name="王芳"), make_staff(county["b"], name="李强")
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes([HEADER, [a.name, "1班", "语文", "王芳"], [county["b"].code, "1班", "数学", "李强"]]))
    assert import_teachers(exam, path) == (2, [])
    assert TeacherAssignment.objects.get(exam=exam, subject="数学").school == county["b"]
    assert TeacherAssignment.objects.get(exam=exam, subject="数学").staff == li
    assert TeacherAssignment.objects.get(exam=exam, subject="语文").staff == wang
    login(client, make_user(Role.SCHOOL, school=a))
    page = client.get(reverse("quality:exam_class", args=[exam.pk, a.pk, "1班"])).content.decode()
    assert "王芳" in page and "李强" not in page


def test_a_bad_teacher_file_writes_nothing(county, tmp_path):
    exam, a = county["exam"], county["a"]
    make_staff(a, name="王芳")
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes([HEADER, [a.name, "1班", "语文", "王芳"], [a.name, "1班", "语文", "赵敏"],
                                ["外县中学", "1班", "体育", ""]]))
    count, errors = import_teachers(exam, path)
    assert count == 0 and not TeacherAssignment.objects.exists()
    # Row 3 repeats 1班语文 and names nobody of the school; row 4 is wrong everywhere.
    expected = {(3, "学科"), (3, "任课教师"), (4, "学校"), (4, "学科"), (4, "任课教师")}
    assert {(row, column) for row, column, _reason in errors} == expected
    assert any("已在第2行填写" in reason for _row, _column, reason in errors)


def test_upload_page_for_the_quality_department_only(county, client):
    exam, a = county["exam"], county["a"]
    make_staff(a, name="周平")
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


def test_teachers_are_matched_by_id_number_or_by_a_unique_name(county, tmp_path):
    exam, a, b = county["exam"], county["a"], county["b"]
    wang = make_staff(a, name="王芳")
    make_staff(a, name="张伟")
    make_staff(a, name="张伟")
    rotating = make_staff(b, name="刘洋")
    header = ["学校", "班级", "学科", "教师身份证号", "任课教师"]
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes([header, [a.name, "1班", "语文", wang.id_number, ""],
                                [a.name, "1班", "数学", "", "张伟"],
                                [a.name, "2班", "语文", wang.id_number, "王小芳"],
                                [a.name, "2班", "数学", rotating.id_number, "刘洋"],
                                [a.name, "3班", "语文", "110105194912310029", ""]]))
    count, errors = import_teachers(exam, path)
    assert count == 0
    reasons = {row: reason for row, _column, reason in errors}
    assert set(reasons) == {3, 4, 5, 6}
    assert "2名“张伟”" in reasons[3] and "请填写教师身份证号" in reasons[3]
    assert "与姓名“王小芳”不符" in reasons[4]
    assert "目前不在" in reasons[5]
    assert "不在教职工名单中" in reasons[6] and "110105194912310029" not in reasons[6]  # masked
    path.write_bytes(csv_bytes([header, [a.name, "1班", "语文", wang.id_number, ""]]))
    assert import_teachers(exam, path) == (1, [])
    assignment = TeacherAssignment.objects.get(exam=exam)
    assert (assignment.staff, assignment.teacher_name) == (wang, "王芳")


def test_teacher_page_shows_their_classes_against_the_county(county, client, tmp_path):
    exam, a, b = county["exam"], county["a"], county["b"]
    wang, li = make_staff(a, name="王芳"), make_staff(b, name="李强")
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes([HEADER, [a.name, "1班", "语文", "王芳"], [a.name, "2班", "语文", "王芳"],
                                [b.name, "1班", "语文", "李强"]]))
    assert import_teachers(exam, path) == (3, [])
    login(client, make_user(Role.LEADER))
    page = client.get(reverse("quality:teacher_results", args=[wang.pk])).content.decode()
    # 1班 110 and 2班 80 in 语文 against the county mean 85 (110, 80, 60, 90).
    assert "王芳的任教成绩" in page and "1班" in page and "2班" in page and "85.00" in page
    assert 'id="quality-teacher"' in page
    listing = client.get(reverse("quality:exam_teacher_list", args=[exam.pk]), {"subject": "语文"}).content.decode()
    assert "王芳" in listing and "李强" in listing
    assert listing.index("王芳") < listing.index("李强")  # 1班 (ratio 1.29) before 二中 1班 (0.88)
    class_page = client.get(reverse("quality:exam_class", args=[exam.pk, a.pk, "1班"])).content.decode()
    assert reverse("quality:teacher_results", args=[wang.pk]) in class_page
    # A school sees its own teachers only: another school's teacher is not found, nor listed.
    login(client, make_user(Role.SCHOOL, school=a))
    assert client.get(reverse("quality:teacher_results", args=[li.pk])).status_code == 404
    listing = client.get(reverse("quality:exam_teacher_list", args=[exam.pk])).content.decode()  # 语文 first
    assert "王芳" in listing and "李强" not in listing
    assert client.get(reverse("quality:exam_teacher_list", args=[exam.pk]), {"subject": "x"}).status_code == 404

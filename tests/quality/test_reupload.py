"""Imports for the office that owns them (issue 17): a refused exam can be uploaded again or removed, the exam page
offers its score-file template, and columns the import did not read are named, not silently dropped."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_user
from edubureau.quality.models import Exam
from edubureau.quality.services import import_scores

from .conftest import csv_bytes, login

pytestmark = pytest.mark.django_db


def office():
    return make_user(Role.DEPARTMENT, department=make_department(modules=("quality",)))


def upload(rows, name="scores.csv"):
    return SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")


def refused_exam(county, tmp_path) -> Exam:
    marks = {"语文": 120, "数学": 120}
    exam = Exam.objects.create(name="八年级期末统考", term=county["term"], grade=8, full_marks=marks)
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([*county["rows"], ["5", "钱七", "不存在中学", "1班", 130, 1]]))
    import_scores(exam, path)
    exam.refresh_from_db()
    assert exam.status == Exam.Status.INVALID and not exam.results.exists()
    return exam


def test_a_refused_exam_is_uploaded_again_and_then_ready(county, client, tmp_path):
    exam = refused_exam(county, tmp_path)
    login(client, office())
    page = client.get(reverse("quality:exam_detail", args=[exam.pk])).content.decode()
    assert "改正后重新上传成绩文件" in page and "删除这次考试" in page
    response = client.post(reverse("quality:exam_reupload", args=[exam.pk]), {"file": upload(county["rows"])})
    assert response.status_code == 302
    exam.refresh_from_db()
    assert exam.status == Exam.Status.READY and exam.results.count() == 4 and not exam.errors
    assert "删除这次考试" not in client.get(reverse("quality:exam_detail", args=[exam.pk])).content.decode()


def test_a_refused_exam_without_scores_can_be_removed_and_one_with_scores_cannot(county, client, tmp_path):
    exam = refused_exam(county, tmp_path)
    login(client, make_user(Role.SCHOOL, school=county["a"]))
    assert client.post(reverse("quality:exam_delete", args=[exam.pk])).status_code == 403
    login(client, make_user(Role.LEADER))
    assert client.post(reverse("quality:exam_delete", args=[exam.pk])).status_code == 403
    login(client, office())
    assert client.get(reverse("quality:exam_delete", args=[exam.pk])).status_code == 403  # GET never deletes
    assert client.post(reverse("quality:exam_delete", args=[exam.pk])).status_code == 302
    assert not Exam.objects.filter(pk=exam.pk).exists()
    kept = county["exam"]  # imported: it holds scores
    client.post(reverse("quality:exam_delete", args=[kept.pk]))
    assert Exam.objects.filter(pk=kept.pk).exists() and kept.results.count() == 4


def test_reupload_refuses_a_wrong_file_and_writes_nothing(county, client):
    exam = county["exam"]
    login(client, office())
    client.post(reverse("quality:exam_reupload", args=[exam.pk]), {"file": upload(county["rows"], "scores.txt")})
    exam.refresh_from_db()
    assert exam.status == Exam.Status.READY and exam.results.count() == 4
    login(client, make_user(Role.LEADER))
    assert client.post(reverse("quality:exam_reupload", args=[exam.pk]),
                       {"file": upload(county["rows"])}).status_code == 403


def test_score_template_has_the_exams_subjects_as_chinese_headers(county, client):
    exam = county["exam"]
    login(client, office())
    assert reverse("quality:exam_score_template", args=[exam.pk]) in client.get(
        reverse("quality:exam_detail", args=[exam.pk])).content.decode()
    response = client.get(reverse("quality:exam_score_template", args=[exam.pk]))
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["成绩", "填写说明"]
    assert book.get_sheet_by_name("成绩").to_python()[0] == ["考号", "姓名", "学校", "班级", "语文", "数学"]


def test_columns_the_import_did_not_read_are_named_with_a_guess(county, client, tmp_path):
    exam = county["exam"]
    rows = [[*row, extra, note] for row, extra, note in
            zip(county["rows"], ["英语成绩", 90, 91, 92, 93], ["备注", "", "", "", ""], strict=True)]
    path = tmp_path / "extra.csv"
    path.write_bytes(csv_bytes(rows))
    import_scores(exam, path)
    exam.refresh_from_db()
    assert exam.status == Exam.Status.READY
    assert exam.report["ignored_columns"] == [{"column": "英语成绩", "suggestion": None},
                                              {"column": "备注", "suggestion": None}]
    login(client, office())
    page = client.get(reverse("quality:exam_detail", args=[exam.pk])).content.decode()
    assert "未识别的列" in page and "“英语成绩”" in page and "“备注”" in page


def test_a_renamed_subject_column_gets_its_likely_name():
    from edubureau.quality.engine.config import ExamConfig
    from edubureau.quality.engine.scores import ignored_columns

    config = ExamConfig({"语文": 120, "数学": 120})
    headers = ["考号", "学校名称", "班级", "语文", "数学", "数学_1", "数学成绩", "班 级 ", "学号"]
    assert ignored_columns(headers, config) == [("数学成绩", "数学"), ("学号", "学籍号")]

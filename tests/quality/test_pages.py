"""Exam import, pages, workbook download: scope (a school sees the county and itself, never others)."""

from __future__ import annotations

import io

import pytest
import python_calamine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.core.roles import Role
from edubureau.core.testing.factories import make_department, make_user
from edubureau.quality.models import Exam, ExamResult
from edubureau.quality.services import import_scores

from .conftest import csv_bytes, login

pytestmark = pytest.mark.django_db


def test_import_writes_results_and_the_county_analysis(county):
    exam = county["exam"]
    assert exam.status == Exam.Status.READY and exam.candidates == 4
    assert ExamResult.objects.filter(exam=exam).count() == 4
    by_code = ExamResult.objects.get(exam=exam, exam_no="3")
    assert by_code.school == county["b"]  # 学校标识码 resolves to the school
    assert ExamResult.objects.get(exam=exam, exam_no="2").scores == {"语文": 80.0, "数学": None}
    assert exam.report["subjects"]["数学"]["county"]["absent"] == 1
    # The zone level comes from the registry's 片区 of each school.
    zones = {z["zone"]: z["mean"] for z in exam.report["subjects"]["语文"]["zones"]}
    assert zones == {"城区片": 95.0, "山区片": 75.0}


def test_a_bad_file_writes_nothing_and_keeps_the_errors(county, tmp_path):
    exam = county["exam"]
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([*county["rows"], ["5", "钱七", "不存在中学", "1班", 130, 1]]))
    import_scores(exam, path)
    exam.refresh_from_db()
    assert exam.status == Exam.Status.INVALID
    assert {(e["row"], e["code"]) for e in exam.errors} == {(6, "unknown_school"), (6, "above_full")}
    assert ExamResult.objects.filter(exam=exam).count() == 4  # the earlier results stand


def test_create_page_imports_in_the_background(county, client):
    department = make_department(modules=("quality",))
    login(client, make_user(Role.DEPARTMENT, department=department))
    upload = SimpleUploadedFile("scores.csv", csv_bytes(county["rows"]), content_type="text/csv")
    response = client.post(reverse("quality:exam_create"), {
        "name": "九年级期末统考（重考）", "term": county["term"].pk, "grade": 9,
        "full_marks_text": "语文=120，数学=120",
        "total_text": "", "excellent_cut": 85, "good_cut": 70, "pass_cut": 60, "low_cut": 40, "file": upload})
    exam = Exam.objects.get(name="九年级期末统考（重考）")
    assert response.status_code == 302 and response["Location"] == reverse("quality:exam_detail", args=[exam.pk])
    assert exam.status == Exam.Status.READY and exam.results.count() == 4
    # Cut-offs are typed as percentages of full marks and kept as shares (issue 17).
    assert (exam.excellent_cut, exam.good_cut, exam.pass_cut, exam.low_cut) == (0.85, 0.7, 0.6, 0.4)


def test_create_form_errors_name_the_field(county, client):
    login(client, make_user(Role.DEPARTMENT, department=make_department(modules=("quality",))))
    response = client.post(reverse("quality:exam_create"), {
        "name": "x", "term": county["term"].pk, "grade": 9, "full_marks_text": "语文", "excellent_cut": 85,
        "good_cut": 70, "pass_cut": 60, "low_cut": 40,
        "file": SimpleUploadedFile("s.csv", b"a", content_type="text/csv")})
    assert response.status_code == 200
    assert "请按“科目=满分”填写" in response.content.decode()
    assert not Exam.objects.filter(name="x").exists()


def test_only_writers_of_quality_may_create(client, county):
    login(client, make_user(Role.LEADER))
    assert client.get(reverse("quality:exam_create")).status_code == 403
    login(client, make_user(Role.SCHOOL, school=county["a"]))
    assert client.get(reverse("quality:exam_create")).status_code == 403


def test_leader_sees_every_school_in_the_overview(county, client):
    login(client, make_user(Role.LEADER))
    response = client.get(reverse("quality:exam_detail", args=[county["exam"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert county["a"].name in page and county["b"].name in page
    assert 'id="quality-data"' in page and "<script>" not in page
    assert "城区片" in page and "山区片" in page


def test_school_sees_county_figures_and_itself_only(county, client):
    login(client, make_user(Role.SCHOOL, school=county["a"]))
    exam = county["exam"]
    page = client.get(reverse("quality:exam_detail", args=[exam.pk]), {"subject": "数学"}).content.decode()
    assert county["a"].name in page and county["b"].name not in page
    assert "83.33" in page  # the county mean of 数学 is still shown
    own = client.get(reverse("quality:exam_school", args=[exam.pk, county["a"].pk]))
    assert own.status_code == 200 and "1班" in own.content.decode()
    assert client.get(reverse("quality:exam_school", args=[exam.pk, county["b"].pk])).status_code == 404
    va = client.get(reverse("quality:exam_value_added", args=[exam.pk]), {"prior": county["prior"].pk})
    assert va.status_code == 200 and county["b"].name not in va.content.decode()
    workbook = client.get(reverse("quality:exam_workbook", args=[exam.pk]))
    sheets = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(workbook.content)).sheet_names
    assert sheets == ["全县概况", "学校排名", county["a"].name]


def test_value_added_page_for_the_leader(county, client):
    login(client, make_user(Role.LEADER))
    url = reverse("quality:exam_value_added", args=[county["exam"].pk])
    page = client.get(url, {"prior": county["prior"].pk, "subject": "语文"}).content.decode()
    assert "匹配4人" in page and county["b"].name in page and 'id="quality-va"' in page
    assert client.get(url, {"prior": "999999"}).status_code == 404
    assert client.get(url, {"prior": county["prior"].pk, "subject": "体育"}).status_code == 404


def test_bad_subject_is_404_not_500(county, client):
    login(client, make_user(Role.LEADER))
    assert client.get(reverse("quality:exam_detail", args=[county["exam"].pk]), {"subject": "x"}).status_code == 404


def test_exam_list_and_menu(county, client):
    login(client, make_user(Role.LEADER))
    page = client.get(reverse("quality:exam_list")).content.decode()
    assert "九年级期末统考" in page and reverse("quality:exam_list") in page


def test_class_page_lists_its_pupils_with_county_standing(county, client):
    exam, a = county["exam"], county["a"]
    login(client, make_user(Role.SCHOOL, school=a))
    response = client.get(reverse("quality:exam_class", args=[exam.pk, a.pk, "1班"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "张三" in page and "李四" not in page  # 李四 is in 2班
    # 张三's 语文 110 is the best of four: county rank 1, percentile rank 87.5.
    assert "1 / 87.5 / " in page
    assert "95.00" in page  # the school's 语文 mean (110 and 80) beside the class's
    assert client.get(reverse("quality:exam_class", args=[exam.pk, a.pk, "9班"])).status_code == 404
    login(client, make_user(Role.SCHOOL, school=county["b"]))
    assert client.get(reverse("quality:exam_class", args=[exam.pk, a.pk, "1班"])).status_code == 404


def test_item_analysis_shows_on_the_overview(county, client, tmp_path):
    exam = county["exam"]
    rows = [[*county["rows"][0], "数学_1", "数学_2"]] + [
        [*r, *(("", "") if r[5] == "缺考" else (r[5] // 2, r[5] - r[5] // 2))] for r in county["rows"][1:]]
    path = tmp_path / "items.csv"
    path.write_bytes(csv_bytes(rows))
    import_scores(exam, path)
    exam.refresh_from_db()
    assert exam.report["items"]["数学"]["n"] == 3
    login(client, make_user(Role.LEADER))
    page = client.get(reverse("quality:exam_detail", args=[exam.pk])).content.decode()
    assert "试题分析" in page and "数学_2" in page and "克隆巴赫α系数" in page


def test_progress_is_polled_until_the_import_ends(county, client):
    exam = county["exam"]
    assert exam.stage == Exam.Stage.DONE
    login(client, make_user(Role.LEADER))
    url = reverse("quality:exam_progress", args=[exam.pk])
    Exam.objects.filter(pk=exam.pk).update(status=Exam.Status.RUNNING, stage=Exam.Stage.CHECKING)
    running = client.get(url)
    assert "逐行校验" in running.content.decode() and "HX-Refresh" not in running
    assert 'hx-trigger="every 2s"' in client.get(reverse("quality:exam_detail", args=[exam.pk])).content.decode()
    Exam.objects.filter(pk=exam.pk).update(status=Exam.Status.READY, stage=Exam.Stage.DONE)
    assert client.get(url)["HX-Refresh"] == "true"


def test_index_presets_rerank_the_schools(county, client):
    exam, a, b = county["exam"], county["a"], county["b"]
    url = reverse("quality:exam_detail", args=[exam.pk])
    login(client, make_user(Role.LEADER))
    page = client.get(url, {"subject": "语文"}).content.decode()
    assert "一分两率" in page and "均分40 优秀率30 及格率30" in page  # the default, as stored at import
    assert "三率一分" in page and "四率一分" in page
    chosen = client.get(url, {"subject": "语文", "preset": "three_rates"})
    assert chosen.status_code == 200
    rows = chosen.context["school_rows"]
    assert [r["index_rank"] for r in rows] == sorted(r["index_rank"] for r in rows)
    assert "均分40 优秀率20 及格率30 低分率−10" in chosen.content.decode()
    # 语文 out of 120: 一中 110 and 80 (mean 95, pass 100%, excellent 50%), 二中 60 and 90 (75, 50%, 0%).
    first = rows[0]
    assert first["school"] == a.name and first["index"] == pytest.approx(40 + 20 + 30 - 0)
    assert client.get(url, {"preset": "nonsense"}).status_code == 404
    # A school sees its own index under the chosen weights, computed against the whole county.
    login(client, make_user(Role.SCHOOL, school=b))
    rows = client.get(url, {"subject": "语文", "preset": "three_rates"}).context["school_rows"]
    assert [r["school"] for r in rows] == [b.name] and rows[0]["index_rank"] == 2


def test_create_page_takes_an_optional_teacher_file(county, client):
    from edubureau.core.testing.factories import make_staff

    a = county["a"]
    wang = make_staff(a, name="王芳")
    login(client, make_user(Role.DEPARTMENT, department=make_department(modules=("quality",))))
    form = {"term": county["term"].pk, "grade": 9, "full_marks_text": "语文=120,数学=120", "total_text": "",
            "excellent_cut": 85, "good_cut": 70, "pass_cut": 60, "low_cut": 40}
    teachers = [["学校", "班级", "学科", "任课教师"], [a.name, "1班", "语文", "王芳"]]
    for name, rows in (("带教师表", teachers), ("教师表有错", [*teachers, [a.name, "1班", "数学", "查无此人"]])):
        client.post(reverse("quality:exam_create"), {
            **form, "name": name,
            "file": SimpleUploadedFile("s.csv", csv_bytes(county["rows"]), content_type="text/csv"),
            "teachers_file": SimpleUploadedFile("t.csv", csv_bytes(rows), content_type="text/csv")})
    good, bad = Exam.objects.get(name="带教师表"), Exam.objects.get(name="教师表有错")
    assert good.status == bad.status == Exam.Status.READY and bad.results.count() == 4
    assert [(t.class_name, t.staff) for t in good.teachers.all()] == [("1班", wang)] and not good.errors
    assert not bad.teachers.exists() and [e["row"] for e in bad.errors] == [3]
    page = client.get(reverse("quality:exam_detail", args=[bad.pk])).content.decode()
    assert "任课教师表有1处错误" in page and "查无此人" in page

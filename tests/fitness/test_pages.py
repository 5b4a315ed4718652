"""体质健康 through the pages (issue 14): a school uploads the national template, the bureau reads the county, a
bad row refuses the whole file, the template comes back as it was written, and each reader sees their own scope."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from python_calamine import CalamineWorkbook

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.fitness.engine.scoring import score_pupil
from edubureau.fitness.models import FitnessResult, FitnessSettings, FitnessTest
from edubureau.plans.models import Target, WorkPlan

pytestmark = pytest.mark.django_db

HEADERS = ["年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址", "身高",
           "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳"]
# 一年级 boys and girls; the first is the engine's doctest pupil (100 points on every item, 跳绳 bonus 10).
PUPILS = [
    ["11", "1101", "一年级(1)班", "G0001", "01", "张一", "1", "2019-03-01", "城关镇幸福路1号",
     "120", "22", "1700", "10.2", "16.1", "129"],
    ["11", "1101", "一年级(1)班", "G0002", "01", "李二", "2", "2019-05-01", "城关镇幸福路2号",
     "118", "21", "900", "12.0", "10", "60"],
    ["11", "1102", "一年级(2)班", "G0003", "01", "王三", "1", "2019-07-01", "城关镇幸福路3号",
     "121", "30", "700", "13.5", "2", "20"],
]


def _csv(rows, headers=HEADERS) -> bytes:
    lines = [",".join(headers), *(",".join(r) for r in rows)]
    return "\n".join(lines).encode("utf-8-sig")


@pytest.fixture
def county():
    region = f.make_region()
    a, b = f.make_school("甲小学", region=region), f.make_school("乙小学", region=region)
    department = f.make_department(modules=("fitness",), region=region)
    return {"a": a, "b": b, "clerk": f.make_user(Role.DEPARTMENT, department=department),
            "head_a": f.make_user(Role.SCHOOL, school=a), "head_b": f.make_user(Role.SCHOOL, school=b),
            "leader": f.make_user(Role.LEADER), "region": region}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client, school, content: bytes, year: int = 2026, name: str = "体测.csv"):
    return client.post("/fitness/upload/", {"school": school.pk, "year": year,
                                            "file": SimpleUploadedFile(name, content, content_type="text/csv")})


def test_a_school_uploads_its_template_and_every_pupil_is_scored_as_the_engine_scores_them(county):
    response = _upload(_client(county["head_a"]), county["a"], _csv(PUPILS))
    assert response.status_code == 302
    test = FitnessTest.objects.get()
    assert (test.school, test.year, test.pupils, test.scored) == (county["a"], 2026, 3, 3)
    first = FitnessResult.objects.get(student_no="G0001")
    expected = score_pupil("11", "男", 120.0, 22.0, {"肺活量": 1700, "50米跑": 10.2, "坐位体前屈": 16.1,
                                                      "一分钟跳绳": 129})
    assert (first.bmi, first.standard_score, first.bonus, first.total, first.level) == (
        expected["bmi"], expected["standard_score"], expected["bonus"], expected["total"], expected["grade"])
    assert first.total == 110.0 and first.level == "优秀"
    assert first.raw["50米跑"] == "10.2" and first.points["一分钟跳绳"] == 100
    # The school's report shows its rates; its page names no other school.
    page = _client(county["head_a"]).get(f"/fitness/schools/{county['a'].pk}/?year=2026").content.decode()
    assert "合格率" in page and "乙小学" not in page


def test_a_bad_row_refuses_the_whole_file_and_keeps_the_old_results(county):
    client = _client(county["head_a"])
    assert _upload(client, county["a"], _csv(PUPILS)).status_code == 302
    bad = [list(r) for r in PUPILS]
    bad[1][12] = "abc"  # 50米跑 of the second pupil (row 3 of the sheet)
    bad[2][6] = "3"  # 性别 of the third (row 4)
    response = _upload(client, county["a"], _csv(bad))
    body = response.content.decode()
    assert response.status_code == 400 and "文件未导入" in body
    assert "第3行, 50米跑" in body and "第4行, 性别" in body
    assert FitnessResult.objects.count() == 3 and FitnessResult.objects.filter(student_no="G0001").exists()


def test_a_row_of_another_school_is_refused(county):
    headers = ["学校名称", *HEADERS]
    rows = [["甲小学", *PUPILS[0]], ["乙小学", *PUPILS[1]]]
    response = _upload(_client(county["clerk"]), county["a"], _csv(rows, headers))
    assert response.status_code == 400 and "第3行, 学校名称" in response.content.decode()
    assert not FitnessTest.objects.exists()


def test_a_row_with_another_schools_code_is_refused(county):
    headers = ["学校标识码", *HEADERS]
    rows = [[county["a"].code, *PUPILS[0]], [county["b"].code, *PUPILS[1]]]
    response = _upload(_client(county["clerk"]), county["a"], _csv(rows, headers))
    assert response.status_code == 400 and "第3行, 学校标识码" in response.content.decode()
    assert not FitnessTest.objects.exists()


def test_a_school_cannot_upload_for_another_school(county):
    response = _upload(_client(county["head_a"]), county["b"], _csv(PUPILS))
    assert response.status_code in (400, 403)  # 乙小学 is not among its choices
    assert not FitnessTest.objects.exists()


def test_the_template_comes_back_as_the_school_wrote_it_and_only_to_those_who_handle_it(county):
    _upload(_client(county["head_a"]), county["a"], _csv(PUPILS))
    test = FitnessTest.objects.get()
    url = f"/fitness/tests/{test.pk}/template.xlsx"
    assert _client(county["leader"]).get(url).status_code == 403  # 家庭住址 in it
    assert _client(county["head_b"]).get(url).status_code == 404
    content = _client(county["clerk"]).get(url).content
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert sheet[0][:9] == HEADERS[:9] and "50米跑" in sheet[0]
    assert [str(c) for c in sheet[1]][:9] == PUPILS[0][:9]
    # Uploaded again as is, it scores the same.
    before = list(FitnessResult.objects.order_by("student_no").values_list("student_no", "total"))
    response = _upload(_client(county["clerk"]), county["a"], content, name="back.xlsx")
    assert response.status_code == 302
    assert list(FitnessResult.objects.order_by("student_no").values_list("student_no", "total")) == before


def test_each_reader_reads_its_own_scope(county):
    _upload(_client(county["head_a"]), county["a"], _csv(PUPILS))
    _upload(_client(county["head_b"]), county["b"], _csv([[*PUPILS[0][:3], "H0001", *PUPILS[0][4:]]]))
    pupil_b = FitnessResult.objects.get(student_no="H0001")
    head_a = _client(county["head_a"])
    assert head_a.get("/fitness/").status_code == 302  # a school goes to its own report
    assert head_a.get(f"/fitness/results/{pupil_b.pk}/").status_code == 404
    assert head_a.get(f"/fitness/schools/{county['b'].pk}/").status_code == 404
    api = head_a.get("/api/fitness/results/").json()
    assert {r["student_no"] for r in api["results"]} == {"G0001", "G0002", "G0003"}
    overview = _client(county["leader"]).get("/fitness/?year=2026").content.decode()
    assert "甲小学" in overview and "乙小学" in overview


def test_the_overview_sums_up_each_zone(county):
    from edubureau.org.models import Zone

    east = Zone.objects.create(region=county["region"], name="东片")
    county["a"].zone = east
    county["a"].save()
    _upload(_client(county["head_a"]), county["a"], _csv(PUPILS))
    _upload(_client(county["head_b"]), county["b"], _csv([[*PUPILS[2][:3], "H0001", *PUPILS[2][4:]]]))
    page = _client(county["leader"]).get("/fitness/?year=2026").content.decode()
    assert "各片区体质健康情况" in page and "东片" in page and "未划片区" in page


def test_the_overview_reads_the_targets_of_the_years_plan_before_the_settings(county):
    _upload(_client(county["clerk"]), county["a"], _csv(PUPILS))
    page = _client(county["leader"]).get("/fitness/?year=2026").content.decode()
    assert "体质健康设置" in page and "95.0%" in page  # the settings' default 合格率 target
    plan = WorkPlan.objects.create(title="2026年教育工作要点", year=2026, region=county["region"])
    Target.objects.create(plan=plan, text="学生体质健康合格率达到97%", number=97, unit="%")
    page = _client(county["leader"]).get("/fitness/?year=2026").content.decode()
    assert "学生体质健康合格率达到97%" in page and "97.0%" in page


def test_a_class_page_without_a_grade_is_not_found_rather_than_an_error(county):
    _upload(_client(county["head_a"]), county["a"], _csv(PUPILS))
    head = _client(county["head_a"])
    assert head.get(f"/fitness/schools/{county['a'].pk}/class/").status_code == 404
    assert head.get(f"/fitness/schools/{county['a'].pk}/class/?grade=99&year=x").status_code == 404
    page = head.get(f"/fitness/schools/{county['a'].pk}/class/?grade=11&class=一年级(1)班&year=2026")
    assert page.status_code == 200 and "张一" in page.content.decode() and "王三" not in page.content.decode()


def test_the_pupil_card_shows_each_item_and_what_the_next_band_takes(county):
    _upload(_client(county["head_a"]), county["a"], _csv(PUPILS))
    weakest = FitnessResult.objects.order_by("total").first()
    page = _client(county["head_a"]).get(f"/fitness/results/{weakest.pk}/").content.decode()
    assert "学生体质健康卡" in page and "坐位体前屈" in page and "一分钟跳绳" in page
    if weakest.total < 90:
        assert "可达到" in page


def test_only_the_fitness_staff_change_the_targets(county):
    data = {"pass_target": "96", "good_target": "50", "excellent_target": "25", "final_year_weight": "50"}
    _client(county["head_a"]).post("/fitness/settings/", data)
    assert float(FitnessSettings.current().pass_target) == 95
    response = _client(county["clerk"]).post("/fitness/settings/", data)
    assert response.status_code in (200, 302)
    assert float(FitnessSettings.current().pass_target) == 96

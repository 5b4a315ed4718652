"""岗位等级晋升, 师德 records, 继续教育 hours and a teacher's own page (issue 11), on the small county of conftest.

The promotion case is worked by hand: 城关小学 ends up with 18 staff, so its 中级 posts at level 9 are
⌊18 × 45% × 40%⌋ = ⌊3.24⌋ = 3; two are held, one is free. Three 一级教师 at level 10 are due (4 years in the level):
甲 (since 2020) and 乙 (since 2021) qualify and 甲 is ranked first, so 甲 is 拟晋升 and 乙 候补; 丙 has served longest
but a 记过 of this year vetoes the promotion. 丁 (2 years in level 10) is not due; 戊 at level 8 has reached what a
一级教师 may hold.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from edubureau.core.io.registry import get_spec
from edubureau.core.io.runner import run_import
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.staffing import promotion
from edubureau.staffing.models import (
    Appraisal,
    ConductRecord,
    PostAppointment,
    PromotionCandidate,
    PromotionRound,
    TrainingRecord,
)
from tests.io.conftest import workbook

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 9, 15)


def _teacher(school, name, level, since, *, title="first"):
    staff = f.make_staff(school, start=D(2010, 9, 1), name=name, subject="语文", title=title, post_grade=level,
                         work_start=D(2008, 8, 1))
    PostAppointment.objects.create(staff=staff, grade=level, since=since)
    for year in (2023, 2024, 2025):
        Appraisal.objects.create(staff=staff, year=year, result="合格")
    TrainingRecord.objects.create(staff=staff, course="新课标培训", hours=Decimal(150), level="省", year=2025)
    return staff


@pytest.fixture
def due(county):
    town = county["town"]
    people = {
        "甲": _teacher(town, "甲老师", 10, D(2020, 9, 1)),
        "乙": _teacher(town, "乙老师", 10, D(2021, 9, 1)),
        "丙": _teacher(town, "丙老师", 10, D(2019, 9, 1)),
        "丁": _teacher(town, "丁老师", 10, D(2024, 9, 1)),
        "戊": _teacher(town, "戊老师", 8, D(2015, 9, 1)),
    }
    for n in range(2):
        _teacher(town, f"已聘九级{n}", 9, D(2024, 9, 1))  # not due
    ConductRecord.objects.create(staff=people["丙"], kind="违规", category="规范从教行为", day=D(2026, 3, 1),
                                 sanction="记过", note="有偿补课")
    return people


def test_candidates_are_ranked_within_the_free_posts_and_the_veto_holds(county, due):
    round_ = promotion.build_round(county["region"], 2026, county["renshi"], today=TODAY)
    rows = {c.staff.name: c for c in round_.candidates.all()}
    assert set(rows) == {"甲老师", "乙老师", "丙老师"}  # 丁 not due, 戊 at the ceiling of 一级教师
    assert (rows["甲老师"].standing, rows["甲老师"].rank, rows["甲老师"].to_grade) == ("拟晋升", 1, 9)
    assert (rows["乙老师"].standing, rows["乙老师"].rank) == ("候补", 2)
    vetoed = rows["丙老师"]
    assert vetoed.standing == "不符合条件" and vetoed.rank is None
    assert [r["rule"] for r in vetoed.failed_rules] == ["师德"]
    assert "一票否决" in vetoed.failed_rules[0]["why"]
    # 18 posts: 副高 14% split 2:4:4 → 6级 ⌊1.008⌋ = 1, 7级 1; 中级 45% split 3:4:3 → 8级 ⌊2.43⌋ = 2 less 戊 = 1,
    # 9级 3 less 2 = 1, 10级 2 less the four held = 0; 初级 40% split 5:5 → 11级 and 12级 ⌊3.6⌋ = 3 each.
    assert round_.posts[str(county["town"].pk)] == {
        "posts": 18, "free": {"6": 1, "7": 1, "8": 1, "9": 1, "11": 3, "12": 3}}
    years = next(r for r in rows["甲老师"].trail if r["rule"] == "任现岗位等级年限")
    assert years["passed"] and years["why"] == "任现等级6年，要求满4年"


def test_a_teacher_behind_on_training_or_appraisal_fails_that_rule(county, due):
    TrainingRecord.objects.filter(staff=due["乙"]).update(hours=Decimal(100))  # 144 due two years into the cycle
    Appraisal.objects.filter(staff=due["甲"], year=2024).update(result="基本合格")
    round_ = promotion.build_round(county["region"], 2026, county["renshi"], today=TODAY)
    rows = {c.staff.name: c for c in round_.candidates.all()}
    assert [r["why"] for r in rows["乙老师"].failed_rules] == ["继续教育学时落后44学时"]
    assert [r["rule"] for r in rows["甲老师"].failed_rules] == ["年度考核"]
    assert not PromotionCandidate.objects.filter(round=round_, standing="拟晋升").exists()


def test_approval_after_the_public_notice_writes_the_new_level(county, due):
    renshi = county["renshi"]
    round_ = promotion.build_round(county["region"], 2026, renshi, today=TODAY)
    round_ = promotion.advance_round(round_, renshi, today=TODAY)
    assert (round_.status, round_.public_until) == ("public", D(2026, 9, 22))
    with pytest.raises(ValidationError, match="公示期满后才能批准"):
        promotion.advance_round(round_, renshi, today=D(2026, 9, 22))
    round_ = promotion.advance_round(round_, renshi, today=D(2026, 9, 23))
    due["甲"].refresh_from_db()
    due["乙"].refresh_from_db()
    assert (round_.status, due["甲"].post_grade, due["乙"].post_grade) == ("approved", 9, 10)
    appointment = PostAppointment.objects.get(staff=due["甲"], grade=9)
    assert (appointment.since, appointment.reason, appointment.promotion) == (D(2026, 9, 23), "晋升", round_)


def test_approval_stops_when_a_level_changed_meanwhile(county, due):
    renshi = county["renshi"]
    round_ = promotion.advance_round(promotion.build_round(county["region"], 2026, renshi, today=TODAY), renshi,
                                     today=TODAY)
    due["甲"].post_grade = 9
    due["甲"].save()
    with pytest.raises(ValidationError, match="甲老师的岗位等级已变为9级"):
        promotion.advance_round(round_, renshi, today=D(2026, 10, 1))
    assert not PostAppointment.objects.filter(promotion=round_).exists()


def test_only_the_personnel_department_draws_up_a_round(county, due):
    with pytest.raises(PermissionDenied):
        promotion.build_round(county["region"], 2026, county["leader"], today=TODAY)
    assert not PromotionRound.objects.exists()


def test_a_school_reads_its_own_candidates_from_the_public_notice_on(client, county, due):
    round_ = promotion.build_round(county["region"], 2026, county["renshi"], today=TODAY)
    town_head = f.make_user(Role.SCHOOL, school=county["town"])
    client.force_login(town_head)
    assert client.get(reverse("staffing:promotion_detail", args=[round_.pk])).status_code == 404  # a draft
    promotion.advance_round(round_, county["renshi"], today=TODAY)
    page = client.get(reverse("staffing:promotion_detail", args=[round_.pk])).content.decode()
    assert "甲老师" in page and "师德处分期内，一票否决" in page
    client.force_login(county["village_head"])
    page = client.get(reverse("staffing:promotion_detail", args=[round_.pk])).content.decode()
    assert "甲老师" not in page and "没有晋升人选" in page


def test_conduct_records_are_read_by_the_personnel_department_and_the_own_school_only(client, county, due):
    record = ConductRecord.objects.get(staff=due["丙"])
    town_head = f.make_user(Role.SCHOOL, school=county["town"])
    other = f.make_user(Role.DEPARTMENT, department=f.make_department(modules=("people", "quality")))
    readers = {"renshi": county["renshi"], "town": town_head}
    strangers = {"leader": county["leader"], "village": county["village_head"], "other department": other,
                 "auditor": f.make_user(Role.READONLY)}
    for name, user in readers.items():
        assert list(ConductRecord.objects.visible_to(user)) == [record], name
    for name, user in strangers.items():
        assert not ConductRecord.objects.visible_to(user).exists(), name
        client.force_login(user)
        assert client.get(reverse("staffing:conductrecord_detail", args=[record.pk])).status_code == 404, name
        page = client.get(reverse("staffing:conductrecord_list")).content.decode()
        assert "丙老师" not in page, name
        in_menu = 'href="' + reverse("staffing:conductrecord_list") + '"' in page.split("<main")[0]
        assert in_menu == (name == "village"), name  # a school keeps the menu entry for its own teachers' records
    client.force_login(county["renshi"])
    assert "有偿补课" in client.get(reverse("staffing:conductrecord_detail", args=[record.pk])).content.decode()


def test_the_training_platform_export_imports_with_its_own_headers(county, due):
    headers = ["姓名", "证件号码", "项目名称", "获得学时", "级别", "年度"]
    rows = [["甲老师", due["甲"].id_number, "国培计划（2026）", 24, "国家级", 2026],
            ["乙老师", due["乙"].id_number, "校本研修", 12.5, "校本", 2026]]
    result = run_import(get_spec("staffing.trainingrecord"), workbook(headers, rows), "平台导出.xlsx",
                        user=county["renshi"], commit=True)
    assert result.committed and result.created == 2
    assert TrainingRecord.objects.get(staff=due["甲"], year=2026).level == "国家"
    assert TrainingRecord.objects.get(staff=due["乙"], year=2026).hours == Decimal("12.5")


def test_a_bad_training_row_is_named_and_nothing_is_written(county, due):
    before = TrainingRecord.objects.count()
    headers = ["证件号码", "项目名称", "获得学时", "级别", "年度"]
    rows = [[due["甲"].id_number, "国培计划（2026）", 24, "国家级", 2026],
            [due["乙"].id_number, "省级培训", 800, "省级", 2026],
            [due["丙"].id_number, "县级培训", 10, "乡级", 2026]]
    result = run_import(get_spec("staffing.trainingrecord"), workbook(headers, rows), "平台导出.xlsx",
                        user=county["renshi"], commit=True)
    assert not result.committed and TrainingRecord.objects.count() == before
    errors = {(e.row, e.column): e.reason for e in result.errors}
    assert errors == {(3, "学时"): "学时应大于0且不超过500",
                      (4, "培训级别"): "“乡级”不是可选值，可选：国家、省、市、县、校"}


def test_a_school_enters_training_hours_of_its_own_teachers_but_no_conduct_records(county, due):
    from edubureau.core.scope import can_write

    town_head = f.make_user(Role.SCHOOL, school=county["town"])
    village_teacher = f.make_staff(county["village"], name="山口老师")
    hours = {"course": "校本研修", "hours": 8, "level": "校", "year": 2026}
    assert can_write(town_head, TrainingRecord(staff=due["甲"], **hours))
    assert not can_write(town_head, TrainingRecord(staff=village_teacher, **hours))
    assert not can_write(town_head, ConductRecord(staff=due["甲"], kind="表彰", category="关心爱护学生", day=TODAY))
    assert can_write(county["renshi"], ConductRecord(staff=due["甲"], kind="表彰", category="关心爱护学生", day=TODAY))


def test_a_teacher_sees_their_own_lines_only(client, county, due):
    renshi = county["renshi"]
    round_ = promotion.build_round(county["region"], 2026, renshi, today=TODAY)
    login = f.make_user(Role.TEACHER, staff=due["乙"])
    client.force_login(login)
    assert client.get(reverse("core:dashboard")).url == reverse("staffing:me")
    page = client.get(reverse("staffing:me")).content.decode()
    assert "乙老师" in page and "专业技术10级" in page and "公示中和已批准的晋升批次中没有您" in page  # a draft
    promotion.advance_round(round_, renshi, today=TODAY)
    page = client.get(reverse("staffing:me")).content.decode()
    assert "候补" in page and "10级 → 9级" in page and "甲老师" not in page
    assert "本周期已获150学时，按进度应达144学时" in page.replace(",", "")
    # Nothing of the registry through the scope: no school, no staff, no leave of others.
    for name in ("people:staff_list", "org:school_list", "staffing:leave_list", "staffing:conductrecord_list"):
        assert "乙老师" not in client.get(reverse(name)).content.decode().split("<main")[-1], name
    menu = client.get(reverse("staffing:me")).content.decode()
    assert reverse("people:staff_list") not in menu and reverse("staffing:me") in menu


def test_post_appointments_of_the_three_families_import_with_their_own_levels(county, due):
    headers = ["身份证号", "岗位类别", "岗位等级", "聘任日期"]
    rows = [[due["甲"].id_number, "管理岗位", 8, "2023-09-01"],  # 双肩挑: a 管理 post beside the 专业技术 one
            [due["乙"].id_number, "", 10, "2018-09-01"],  # blank family: 专业技术
            [due["丙"].id_number, "工勤技能岗位", 7, "2020-09-01"]]
    result = run_import(get_spec("staffing.postappointment"), workbook(headers, rows), "聘任.xlsx",
                        user=county["renshi"], commit=True)
    assert not result.committed
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(4, "岗位等级", "应为1—6级")]
    rows[2][2] = 5
    result = run_import(get_spec("staffing.postappointment"), workbook(headers, rows), "聘任.xlsx",
                        user=county["renshi"], commit=True)
    assert result.committed and result.created == 3
    assert PostAppointment.objects.get(staff=due["乙"], since=D(2018, 9, 1)).family == "专业技术"
    # The 管理 post does not move 甲's 专业技术 level's start (still 2020, 6 years); 乙's earlier 10级 appointment
    # (2018, renewed in 2021) makes 乙 the longest in the level, so 乙 now takes the one free post.
    round_ = promotion.build_round(county["region"], 2026, county["renshi"], today=TODAY)
    first, second = round_.candidates.get(staff=due["甲"]), round_.candidates.get(staff=due["乙"])
    assert next(r["why"] for r in first.trail if r["rule"] == "任现岗位等级年限") == "任现等级6年，要求满4年"
    assert (second.standing, second.rank, first.standing, first.rank) == ("拟晋升", 1, "候补", 2)


def test_a_running_sanction_vetoes_an_honour_in_the_form_and_the_import(client, county, due):
    """丙's 记过 of 1 March 2026 runs 12 months, to 28 February 2027: an honour in that time is refused."""
    from edubureau.people.models import Honour

    with pytest.raises(ValidationError, match="师德处分期内（处分期至2027年2月28日），评优评先一票否决"):
        Honour(staff=due["丙"], kind="key_teacher", level="county", awarded=D(2026, 9, 10)).full_clean()
    Honour(staff=due["丙"], kind="key_teacher", level="county", awarded=D(2027, 3, 1)).full_clean()  # after it
    Honour(staff=due["甲"], kind="key_teacher", level="county", awarded=D(2026, 9, 10)).full_clean()
    headers = ["身份证号", "称号", "级别", "认定日期"]
    rows = [[due["甲"].id_number, "骨干教师", "县级", "2026-09-10"], [due["丙"].id_number, "骨干教师", "县级",
                                                                 "2026-09-10"]]
    result = run_import(get_spec("people.honour"), workbook(headers, rows), "骨干.xlsx", user=county["renshi"],
                        commit=True)
    assert not result.committed and not Honour.objects.exists()
    assert [(e.row, e.column) for e in result.errors] == [(3, "身份证号")]
    assert "一票否决" in result.errors[0].reason


def test_the_school_evaluation_reads_serious_sanctions_for_its_veto(county, due):
    """丙's 记过 is not serious enough for the evaluation's 师德 veto; 乙's 降低岗位等级 this year is: 1 at 城关小学."""
    from edubureau.evaluation.figures import serious_conduct_cases

    town, village = county["town"], county["village"]
    assert serious_conduct_cases(2026, [town, village]) == {
        town.pk: (0.0, "2026年人事科师德记录：受降低岗位等级或开除处分0人"),
        village.pk: (0.0, "2026年人事科师德记录：受降低岗位等级或开除处分0人")}
    ConductRecord.objects.create(staff=due["乙"], kind="违规", category="关心爱护学生", day=D(2026, 5, 6),
                                 sanction="降低岗位等级", note="体罚学生")
    figures = serious_conduct_cases(2026, [town, village])
    assert (figures[town.pk][0], figures[village.pk][0]) == (1.0, 0.0)
    assert serious_conduct_cases(2025, [town])[town.pk][0] == 0.0  # another year's record does not count

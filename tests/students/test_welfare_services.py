"""The students module in the database (issue 13): 学籍 changes through the roll engine, the reconciliation queue,
劝返 cases on follow-ups and the 资助 checks, each worked by hand on a small county of three schools."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from edubureau.core.followup_engine import State as FollowUpState
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.org.models import SchoolFacts, Term
from edubureau.people.models import Student
from edubureau.welfare import aid, dropout, reconciliation, rolls
from edubureau.welfare.models import (
    AidProgram,
    AidRecognition,
    DropoutCase,
    Grant,
    PupilAbsence,
    RollChange,
    RollDifference,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 10, 13)


@pytest.fixture
def county():
    year = f.make_school_year()
    term = Term.objects.create(school_year=year, number=1, start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    a, b, c = f.make_school("甲小学"), f.make_school("乙小学"), f.make_school("丙小学")
    klass = f.make_class(a, grade=3, name="三年级（2）班", school_year=year)
    other = f.make_class(a, grade=3, name="三年级（3）班", school_year=year)
    pupil = f.make_student(a, klass, name="张小明", id_number=f.make_id_number(dt.date(2016, 3, 1), "M"),
                           enrolled=dt.date(2022, 9, 1))
    clerk = f.make_user(Role.DEPARTMENT, department=f.make_department(modules=("people", "welfare")))
    centre = f.make_user(Role.DEPARTMENT, department=f.make_department(modules=("welfare", "aid")))
    return {"year": year, "term": term, "a": a, "b": b, "c": c, "klass": klass, "other": other, "pupil": pupil,
            "clerk": clerk, "centre": centre, "head_a": f.make_user(Role.SCHOOL, school=a),
            "head_b": f.make_user(Role.SCHOOL, school=b), "head_c": f.make_user(Role.SCHOOL, school=c),
            "leader": f.make_user(Role.LEADER)}


# --- 学籍变动 ----------------------------------------------------------------------------------------------------


def test_a_transfer_moves_the_pupil_only_when_both_schools_confirm(county):
    pupil = county["pupil"]
    facts_a, facts_b = f.make_facts(county["a"], county["year"]), f.make_facts(county["b"], county["year"])
    change = rolls.file_change(user=county["head_a"], student=pupil, kind="转学", day=DAY, reason="随父母搬迁",
                               to_school=county["b"])
    assert change.state == "待确认" and change.out_confirmed_on == DAY and change.in_confirmed_on is None
    pupil.refresh_from_db()
    assert pupil.school == county["a"]  # asked by A, not yet accepted by B: still at A

    with pytest.raises(PermissionDenied):  # a third school has no say
        rolls.confirm_transfer(change, county["head_c"], day=DAY)
    change = rolls.confirm_transfer(change, county["head_b"], day=DAY + dt.timedelta(days=2))
    pupil.refresh_from_db()
    assert change.state == "已生效" and pupil.school == county["b"] and pupil.school_class is None
    assert pupil.status == "在读"

    # The roll on any day: at A the day before B confirmed, at B from then on.
    counts_before = rolls.roll_counts_on(Student.objects.all(), DAY + dt.timedelta(days=1))
    counts_after = rolls.roll_counts_on(Student.objects.all(), DAY + dt.timedelta(days=2))
    assert counts_before[(county["a"].pk, 3)] == 1 and counts_before[(county["b"].pk, 3)] == 0
    assert counts_after[(county["a"].pk, 3)] == 0 and counts_after[(county["b"].pk, 3)] == 1
    by_class = rolls.roll_counts_on(Student.objects.all(), DAY + dt.timedelta(days=1), by_class=True)
    assert by_class == {(county["a"].pk, 3, county["klass"].pk): 1}  # back in the class they left, that day
    # The registry's 在校生数 follows the roll of the schools that keep one: A lost its one pupil, B gained one.
    assert SchoolFacts.objects.get(pk=facts_a.pk).students == 0
    assert SchoolFacts.objects.get(pk=facts_b.pk).students == 1


def test_a_withdrawn_transfer_leaves_the_pupil_where_they_are(county):
    change = rolls.file_change(user=county["clerk"], student=county["pupil"], kind="转学", day=DAY, reason="拟转学",
                               to_school=county["b"])
    assert (change.out_confirmed_on, change.in_confirmed_on) == (None, None)  # the bureau filed: both must agree
    rolls.withdraw_transfer(change, county["head_b"], note="学位已满")
    change.refresh_from_db()
    county["pupil"].refresh_from_db()
    assert change.state == "已撤回" and "学位已满" in change.reason and county["pupil"].school == county["a"]
    with pytest.raises(ValidationError):
        rolls.confirm_transfer(change, county["head_b"])


def test_the_engine_refuses_and_its_reason_is_shown(county):
    pupil = county["pupil"]
    with pytest.raises(ValidationError, match="不在休学中"):
        rolls.file_change(user=county["head_a"], student=pupil, kind="复学", day=DAY, reason="返校")
    rolls.file_change(user=county["head_a"], student=pupil, kind="休学", day=DAY, reason="病休",
                      until=DAY + dt.timedelta(days=60))
    pupil.refresh_from_db()
    assert pupil.status == "休学"
    with pytest.raises(ValidationError, match="休学期间不能转学"):
        rolls.file_change(user=county["head_a"], student=pupil, kind="转学", day=DAY + dt.timedelta(days=1),
                          reason="转学", to_school=county["b"])
    with pytest.raises(ValidationError, match="转出县外须写明接收学校"):
        rolls.file_change(user=county["head_a"], student=pupil, kind="转出", day=DAY + dt.timedelta(days=2),
                          reason="随迁")
    with pytest.raises(PermissionDenied):  # another school cannot file for A's pupil
        rolls.file_change(user=county["head_c"], student=pupil, kind="死亡", day=DAY + dt.timedelta(days=3),
                          reason="—")
    assert RollChange.objects.filter(student=pupil).count() == 1


# --- 与国家学籍比对 --------------------------------------------------------------------------------------------


def _national(rows: list[list[str]]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["证件类型", "身份证件号", "姓名", "性别", "出生日期", "学校标识码", "年级", "班级",
                           "是否留守儿童", "是否进城务工人员随迁子女", "随班就读"])
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return SimpleUploadedFile("国家学籍.xlsx", buffer.getvalue())


def test_the_queue_lists_differences_and_the_clerk_decides_each(county):
    pupil, a = county["pupil"], county["a"]
    stranger = f.make_id_number(dt.date(2015, 1, 9), "F")
    upload = _national([
        ["1", pupil.id_number, "张小明", "1", "20160301", a.code, "13", "3班", "1", "0", ""],
        ["1", stranger, "李丽", "2", "20150109", a.code, "四年级", "1班", "0", "0", ""],
    ])
    batch = reconciliation.import_national(upload, user=county["clerk"])
    pupil.refresh_from_db()
    assert pupil.school_class == county["klass"] and not pupil.left_behind  # the import changed nothing
    found = {(d.kind, d.field): d for d in batch.differences.all()}
    assert set(found) == {("信息不一致", "班级"), ("信息不一致", "是否留守儿童"), ("仅国家系统有", "")}
    klass = found[("信息不一致", "班级")]
    assert (klass.national, klass.roll, klass.student, klass.school) == ("3班", "2班", pupil, a)
    assert found[("仅国家系统有", "")].label.startswith("李丽（") and "*" in found[("仅国家系统有", "")].label

    with pytest.raises(PermissionDenied):  # school B may not settle A's pupil
        reconciliation.resolve(klass, county["head_b"], resolution="已更正本系统")
    reconciliation.resolve(klass, county["head_a"], resolution="已更正本系统")
    pupil.refresh_from_db()
    assert pupil.school_class == county["other"]  # 三年级（3）班, as the national 学籍 has it
    with pytest.raises(ValidationError, match="已处理"):
        reconciliation.resolve(klass, county["clerk"], resolution="核实无误", note="再次处理")
    with pytest.raises(ValidationError, match="须写明核实情况"):
        reconciliation.resolve(found[("仅国家系统有", "")], county["clerk"], resolution="核实无误")
    done = reconciliation.resolve(found[("仅国家系统有", "")], county["clerk"], resolution="报国家系统更正")
    assert done.resolution == "报国家系统更正" and done.resolved_by == county["clerk"]
    assert RollDifference.objects.filter(resolution="").count() == 1


def test_a_file_that_is_not_a_workbook_is_refused_in_words(county):
    with pytest.raises(ValidationError, match="不支持的文件类型：.pdf"):
        reconciliation.import_national(SimpleUploadedFile("名单.pdf", b"%PDF-1.4"), user=county["clerk"])
    with pytest.raises(ValidationError, match="不是有效的 xlsx 文件"):
        reconciliation.import_national(SimpleUploadedFile("名单.xlsx", b"not a zip"), user=county["clerk"])
    assert not RollDifference.objects.exists()


# --- 控辍保学 --------------------------------------------------------------------------------------------------


def _absent(pupil, days):
    PupilAbsence.objects.bulk_create([PupilAbsence(student=pupil, day=d) for d in days])


def test_an_absence_run_becomes_a_case_the_school_answers(county):
    pupil = county["pupil"]
    days = [dt.date(2025, 10, 13), dt.date(2025, 10, 14), dt.date(2025, 10, 15)]
    _absent(pupil, days)
    today = dt.date(2025, 10, 16)
    risks = dropout.current_risks(Student.objects.all(), [], today=today)
    assert [(r.kind, r.student) for r in risks] == [("疑似辍学", pupil)]
    assert dropout.scan_dropout_risks(today) == 1 and dropout.scan_dropout_risks(today) == 0  # once
    case = DropoutCase.objects.get()
    assert case.school == county["a"] and case.followup.school == county["a"]
    assert case.followup.due == today + dt.timedelta(days=30)  # 学生工作设置's default

    dropout.take_step(case, "核实", county["clerk"], day=today, note="家访")
    with pytest.raises(PermissionDenied):  # the bureau verifies; the school closes its own case
        dropout.take_step(case, "复学", county["clerk"], day=today, note="已返校")
    with pytest.raises(ValidationError, match="复学须写明返校情况"):
        dropout.take_step(case, "复学", county["head_a"], day=today)
    dropout.take_step(case, "复学", county["head_a"], day=today + dt.timedelta(days=1), note="已返校")
    case.refresh_from_db()
    assert case.state == "复学" and case.followup.state == FollowUpState.RESPONDED
    assert [e.step for e in case.entries.all()] == ["疑似", "核实", "复学"]
    # Settled: the old absences no longer raise the risk; a new run after it would.
    assert dropout.current_risks(Student.objects.all(), [], today=today + dt.timedelta(days=2)) == []


def test_attempts_are_recorded_and_a_closing_needs_its_evidence(county):
    pupil = county["pupil"]
    _absent(pupil, [dt.date(2025, 10, 13), dt.date(2025, 10, 14), dt.date(2025, 10, 15)])
    row = dropout.current_risks(Student.objects.all(), [], today=dt.date(2025, 10, 16))[0]
    case = dropout.open_case(row, user=county["clerk"], today=dt.date(2025, 10, 16))
    for step in ("核实", "辍学"):
        dropout.take_step(case, step, county["clerk"], day=dt.date(2025, 10, 17), note=step)
    with pytest.raises(ValidationError, match="参与人员"):
        dropout.add_attempt(case, county["clerk"], day=dt.date(2025, 10, 18), people=" ", outcome="未见到家长")
    dropout.add_attempt(case, county["clerk"], day=dt.date(2025, 10, 18), people="校长、村主任", outcome="家长同意")
    case.refresh_from_db()
    assert case.state == "劝返中" and case.entries.filter(step="").count() == 1
    with pytest.raises(ValidationError, match="销号须写明去向"):
        dropout.take_step(case, "销号", county["head_a"], day=dt.date(2025, 10, 20), closing="不详")
    dropout.take_step(case, "销号", county["head_a"], day=dt.date(2025, 10, 20), closing="送教上门", note="重度残疾")
    case.refresh_from_db()
    assert (case.state, case.closing, case.closed_on) == ("销号", "送教上门", dt.date(2025, 10, 20))


# --- 学生资助 --------------------------------------------------------------------------------------------------


def _program(county, **kw):
    return AidProgram.objects.create(year=2025, name="义务教育家庭经济困难学生生活补助", levels=["小学", "初中"],
                                     yearly={"小学": 1250, "初中": 1500}, day_share=Decimal("0.5"), **kw)


def test_the_term_check_finds_the_gap_and_the_double_payment(county):
    term, a, b = county["term"], county["a"], county["b"]
    program = _program(county)
    poor = f.make_student(b, name="王芳", grade=4, registered_poor=True)  # 建档立卡, paid nothing: 应助未助
    moved = county["pupil"]
    for school in (a, b):  # paid by both schools of a transfer
        Grant.objects.create(term=term, program=program, student=moved, school=school, amount=Decimal("312.50"))
    check = aid.check_term(term, Student.objects.all(), Grant.objects.all())
    assert check.result.unfunded == [(str(poor.pk), "建档立卡")]
    assert check.result.duplicates == [(str(moved.pk), program.name, (a.name, b.name))]
    assert check.result.over_budget == {} and check.result.wrong_amount == []  # no budget set; 1250 ÷ 2 × 50%
    lines = {item["kind"]: item for item in check.findings()}
    assert lines["应助未助"]["student"] == poor and "王芳" not in lines["应助未助"]["text"]


def test_the_budget_line_is_drawn(county):
    program = _program(county, term_budget=Decimal(600))
    for school in (county["a"], county["b"]):
        Grant.objects.create(term=county["term"], program=program, student=county["pupil"], school=school,
                             amount=Decimal("312.50"))
    check = aid.check_term(county["term"], Student.objects.all(), Grant.objects.all())
    assert check.result.over_budget == {program.name: pytest.approx(25.0)}


def test_recognition_goes_through_public_notice_appeal_and_review(county):
    rec = AidRecognition.objects.create(student=county["pupil"], school=county["a"], year=2025,
                                        indicators={"单亲家庭": True, "家庭成员患重大疾病": True}, tier="困难")
    assert rec.score == 30  # 10 + 20, the engine's weights
    with pytest.raises(PermissionDenied):  # school B cannot put A's pupils to 公示
        aid.start_public(AidRecognition.objects.filter(pk=rec.pk), county["head_b"])
    assert aid.start_public(AidRecognition.objects.filter(pk=rec.pk), county["head_a"],
                            today=dt.date(2025, 10, 10)) == 1
    rec.refresh_from_db()
    assert rec.state == "公示中" and rec.public_until == dt.date(2025, 10, 17)  # five working days after Friday
    with pytest.raises(ValidationError, match="期满后复核"):
        aid.decide_recognition(rec, county["centre"], approve=True, today=dt.date(2025, 10, 15))
    aid.file_appeal(rec, county["head_a"], "应为特别困难", today=dt.date(2025, 10, 15))
    with pytest.raises(PermissionDenied):  # the 基础教育科 owns 学籍, not 资助
        aid.decide_recognition(rec, county["clerk"], approve=True, note="同意")
    aid.decide_recognition(rec, county["centre"], approve=True, tier="特别困难", note="复核属实",
                           today=dt.date(2025, 10, 20))
    rec.refresh_from_db()
    assert (rec.state, rec.tier, rec.reviewed_by) == ("已认定", "特别困难", county["centre"])


# --- 学生工作设置 ----------------------------------------------------------------------------------------------


def test_the_settings_set_the_warning_and_the_deadline(county, client):
    from edubureau.welfare.models import WelfareSettings

    pupil = county["pupil"]
    _absent(pupil, [dt.date(2025, 10, 13), dt.date(2025, 10, 14), dt.date(2025, 10, 15)])
    today = dt.date(2025, 10, 16)
    client.force_login(county["leader"])
    assert client.post("/welfare/settings/", {"absence_days": 5}).status_code == 403  # leaders read only
    WelfareSettings.objects.create()  # saved once: from then on every edit carries its version
    client.force_login(county["clerk"])
    page = client.get("/welfare/settings/").content.decode()
    version = page.split('name="eb_version" value="')[1].split('"')[0]
    response = client.post("/welfare/settings/", {"absence_days": 5, "transfer_wait_days": 10, "answer_days": 15,
                                                   "public_days": 5, "eb_version": version})
    assert response.status_code == 302
    assert WelfareSettings.current().absence_days == 5
    assert dropout.current_risks(Student.objects.all(), [], today=today) == []  # 3 days no longer warn
    settings = WelfareSettings.current()
    settings.absence_days = 3
    settings.save()
    row = dropout.current_risks(Student.objects.all(), [], today=today)[0]
    assert dropout.open_case(row, today=today).followup.due == today + dt.timedelta(days=15)
    response = client.post("/welfare/settings/", {"absence_days": 5, "transfer_wait_days": 10, "answer_days": 15,
                                                   "public_days": 4, "eb_version": version})
    assert response.status_code in (400, 409)  # a stale copy, and a 公示 shorter than the rule's 5 days


def test_a_transfer_in_is_recorded_for_a_new_pupil_and_refused_for_one_long_on_the_roll(county):
    from django.utils import timezone

    newcomer = f.make_student(county["a"], county["klass"], name="新来的")
    change = rolls.file_change(user=county["head_a"], student=newcomer, kind="转入", day=DAY, reason="随父母迁入",
                               destination="浙江省宁波市东湖小学")
    assert change.state == "已生效"
    old = county["pupil"]
    Student.objects.filter(pk=old.pk).update(created=timezone.now() - dt.timedelta(days=400))
    old.refresh_from_db()
    with pytest.raises(ValidationError, match="已在"):
        rolls.file_change(user=county["head_a"], student=old, kind="转入", day=DAY, reason="重复登记")


def test_a_school_files_a_transfer_to_a_school_it_cannot_read_from_the_page(county, client):
    client.force_login(county["head_a"])
    form = client.get("/welfare/changes/new/").content.decode()
    assert "乙小学" not in form  # the receiving school is named by its code: no list of the other schools
    refused = client.post("/welfare/changes/new/", {
        "student": county["pupil"].pk, "kind": "转学", "day": "2025-10-13", "to_school_code": "9999999999",
        "reason": "随父母搬迁"})
    assert refused.status_code == 200 and "没有学校标识码为9999999999" in refused.content.decode()
    response = client.post("/welfare/changes/new/", {
        "student": county["pupil"].pk, "kind": "转学", "day": "2025-10-13", "to_school_code": county["b"].code,
        "reason": "随父母搬迁"})
    change = RollChange.objects.get()
    assert response.status_code == 302 and change.state == "待确认" and change.to_school == county["b"]
    client.force_login(county["head_b"])
    assert "待您确认" in client.get("/welfare/changes/").content.decode()
    client.post(f"/welfare/changes/{change.pk}/step/", {"action": "confirm"})
    county["pupil"].refresh_from_db()
    assert county["pupil"].school == county["b"]

"""Imports: tolerant of real spreadsheets, strict about wrong data, all or nothing, inside the user's scope."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from python_calamine import CalamineWorkbook

from edubureau.core.io import writer
from edubureau.core.io.registry import all_specs, get_spec
from edubureau.core.io.runner import run_import
from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.org.models import EducationGroup, GroupMembership, Pairing, School, SchoolFacts, Term
from edubureau.people.models import Posting, Staff
from tests.api.conftest import (
    complaints_rows,  # issue 15: complaints
    enrollment_reference,
    enrollment_rows,
    projects_rows,  # issue 15: projects
    safety_rows,  # issue 15: safety
    staffing_registers,
    welfare_registers,
)

from .conftest import workbook

STAFF_HEADERS = ["身份证号", "姓名", "编制类型", "岗位类别", "最高学历", "现任学校标识码"]


def staff_row(id_number, name="张老师", school="3301000001"):
    return [id_number, name, "事业编制", "专任教师", "本科", school]


def bad_checksum(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def read_book(content: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def counts():
    return Staff.objects.count(), Posting.objects.count(), SchoolFacts.objects.count(), LogEntry.objects.count()


def run(spec, content, user, commit=True):
    return run_import(get_spec(spec), content, "upload.xlsx", user=user, commit=commit)


# --- Round trips ----------------------------------------------------------------------------------


def test_template_filled_in_imports_and_export_reimports_without_changes(county):
    spec = get_spec("people.staff")
    headers = read_book(writer.template_workbook(spec))["教职工"][0]
    assert headers[0] == "*身份证号" and "现任学校标识码" in headers
    values = {"*身份证号": f.make_id_number(), "*姓名": "陈晓梅", "*编制类型": "事业编制", "*岗位类别": "专任教师",
              "*最高学历": "硕士研究生", "职称": "一级", "专业技术岗位等级": 9, "参加工作时间": dt.date(2010, 8, 1),
              "现任学校标识码": "3301000001", "到校日期": dt.date(2019, 9, 1), "在职": "是"}
    content = workbook(headers, [[values.get(h) for h in headers]])
    result = run("people.staff", content, county["clerk"])
    assert result.committed and (result.created, result.updated) == (1, 0)
    staff = Staff.objects.get(name="陈晓梅")
    assert (staff.education, staff.title, staff.post_grade, staff.sex) == ("master", "first", 9, "F")
    assert staff.postings.get().school == county["a"] and staff.postings.get().start == dt.date(2019, 9, 1)

    exported = writer.export_workbook(spec, spec.export_queryset(Staff.objects.all()))
    again = run("people.staff", exported, county["clerk"])
    assert again.committed and (again.created, again.updated, again.unchanged) == (0, 0, 1)


@pytest.mark.parametrize("name", sorted(all_specs()))
def test_every_export_reimports_as_no_change(county, name):
    a, b = county["a"], county["b"]
    term = Term.objects.create(school_year=county["year"], number=1,
                               start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    group = EducationGroup.objects.create(name="城东教育集团", kind="multi", lead_school=a, started=dt.date(2024, 9, 1))
    GroupMembership.objects.create(group=group, school=b, joined=dt.date(2024, 9, 1))
    Pairing.objects.create(strong_school=a, supported_school=b, start_term=term, end_term=term, content="教研帮扶")
    f.make_facts(a, county["year"])
    a.campuses.create(name="东校区", address="东路1号")
    staff = f.make_staff(a, title="senior", post_grade=6)
    staff.honours.create(kind="key_teacher", level="county", awarded=dt.date(2023, 9, 1))
    staffing_registers(staff)
    klass = f.make_class(a, grade=3, name="三年级1班", head_teacher=staff)
    pupil = f.make_student(a, klass, id_number=f.make_id_number(dt.date(2016, 5, 1), "M"), sex="M",
                           left_behind=True)
    welfare_registers(pupil, term)
    enrollment_rows(a, "a")
    enrollment_reference(a.region, a)
    safety_rows(a, "a")  # issue 15: safety
    projects_rows(a, "a")  # issue 15: projects
    complaints_rows(a, "a")  # issue 15: complaints
    spec = get_spec(name)
    model = spec.model
    before = model.objects.count()
    assert before, name
    exported = writer.export_workbook(spec, spec.export_queryset(model.objects.all()))
    result = run(name, exported, county["clerk"])
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, before)


# --- Tolerance ------------------------------------------------------------------------------------


FACTS_HEADERS = ["学校标识码", "学年", "学段", "在校生数", "班级数", "教学及辅助用房面积（平方米）",
                 "体育运动场馆面积(㎡)", "教学仪器设备值（元）", "教学用计算机台数", "图书册数(册)",
                 "网络多媒体教室数", "专任教师数",
                 "高于规定学历教师数", "中级及以上职称教师数", "县级及以上骨干教师数", "体育、艺术专任教师数"]


def facts_row(code="3301000001", **kw):
    row = [code, "2025—2026学年", "小学", "1,234", "２８", "3000.5 ", 5000, 1500000, 80, "20,000", 14, 40, 38, 20, 5, 6]
    for index, value in kw.items():
        row[int(index[1:])] = value
    return row


def test_tolerates_text_numbers_fullwidth_digits_spaces_units_and_blank_rows(county):
    content = workbook(["*学校标识码 ", *FACTS_HEADERS[1:]], [None, facts_row(), None, None],
                       title_rows=[["城东片区2025年学校基本数据"]])
    result = run("org.schoolfacts", content, county["clerk"])
    assert result.errors == [] and result.created == 1
    facts = SchoolFacts.objects.get()
    assert (facts.students, facts.classes, facts.books) == (1234, 28, 20000)
    assert facts.teaching_room_area == Decimal("3000.5") and facts.school == county["a"]


def test_blank_rows_keep_excel_row_numbers_in_messages(county):
    rows = [facts_row(), None, None, facts_row(code="3301000002", c3="很多")]
    content = workbook(FACTS_HEADERS, rows, title_rows=[["标题行"]])
    result = run("org.schoolfacts", content, county["clerk"])
    # Title on row 1, header on row 2, data on 3, blanks on 4–5, the bad row is Excel row 6.
    assert [(e.row, e.column, e.value, e.reason) for e in result.errors] == [(6, "在校生数", "很多", "应为整数")]


def test_school_code_typed_as_number_and_fullwidth_is_found(county):
    content = workbook(STAFF_HEADERS, [staff_row(f.make_id_number(), school=3301000001),
                                       staff_row(f.make_id_number(), "李老师", school="３３０１０００００２")])
    result = run("people.staff", content, county["clerk"])
    assert result.errors == []
    assert sorted(Posting.objects.values_list("school__code", flat=True)) == ["3301000001", "3301000002"]


# --- Refusals: exact row, column, reason, and nothing written ------------------------------------


def test_bad_id_checksum_is_refused_and_nothing_written(county):
    good, bad = f.make_id_number(), bad_checksum(f.make_id_number())
    before = counts()
    result = run("people.staff", workbook(STAFF_HEADERS, [staff_row(good), staff_row(bad, "王老师")]), county["clerk"])
    assert not result.committed
    assert [(e.row, e.column, e.value, e.reason) for e in result.errors] == [(3, "身份证号", bad, "身份证号校验位错误")]
    assert counts() == before


def test_unknown_school_code_is_refused(county):
    before = counts()
    result = run("people.staff", workbook(STAFF_HEADERS, [staff_row(f.make_id_number(), school="3301099999")]),
                 county["clerk"])
    expected = [(2, "现任学校标识码", "学校标识码不存在：3301099999")]
    assert [(e.row, e.column, e.reason) for e in result.errors] == expected
    assert counts() == before


def test_duplicate_keys_within_the_file_are_refused(county):
    number = f.make_id_number()
    before = counts()
    rows = [staff_row(number), staff_row(f.make_id_number(), "李老师"), staff_row(number, "张老师二")]
    result = run("people.staff", workbook(STAFF_HEADERS, rows), county["clerk"])
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(4, "身份证号", "与第2行重复")]
    assert counts() == before


def test_wrong_types_are_refused_with_the_column_named(county):
    before = counts()
    content = workbook(FACTS_HEADERS, [facts_row(c4="12.5", c6="五千", c2="大学")])
    result = run("org.schoolfacts", content, county["clerk"])
    assert {(e.row, e.column, e.reason.split("，")[0]) for e in result.errors} == {
        (2, "学段", "“大学”不是可选值"), (2, "班级数", "应为整数"), (2, "体育运动场馆面积(㎡)", "应为数字")}
    assert counts() == before


def test_absurdly_large_number_is_refused_not_a_crash(county):
    result = run("org.schoolfacts", workbook(FACTS_HEADERS, [facts_row(c3="99999999999999")]), county["clerk"])
    assert [(e.column, e.reason) for e in result.errors] == [("在校生数", "数值过大")]


def test_missing_required_column_is_a_file_error(county):
    result = run("people.staff", workbook(STAFF_HEADERS[:2], [[f.make_id_number(), "张"]]), county["clerk"])
    assert {(e.row, e.reason) for e in result.errors} == {
        (0, "缺少必填列“编制类型”（文件中有新增记录）"), (0, "缺少必填列“岗位类别”（文件中有新增记录）"),
        (0, "缺少必填列“最高学历”（文件中有新增记录）")}


def test_one_bad_row_among_many_writes_nothing(county):
    rows = [staff_row(f.make_id_number(), f"教师{i}") for i in range(30)]
    rows[17][2] = "编外"
    before = counts()
    result = run("people.staff", workbook(STAFF_HEADERS, rows), county["clerk"])
    assert [(e.row, e.column) for e in result.errors] == [(19, "编制类型")]
    assert counts() == before


def test_not_a_workbook_is_a_clear_error(county):
    result = run_import(get_spec("people.staff"), b"hello", "upload.xlsx", user=county["clerk"], commit=True)
    assert result.errors[0].row == 0 and "无法读取" in result.errors[0].reason


# --- Updates --------------------------------------------------------------------------------------


def test_existing_natural_key_updates_the_row_and_audits_the_change(county):
    staff = f.make_staff(county["a"], name="旧名字")
    content = workbook(["身份证号", "姓名", "职称"], [[staff.id_number, "新名字", "高级"]])
    result = run("people.staff", content, county["clerk"])
    assert (result.created, result.updated) == (0, 1)
    staff.refresh_from_db()
    assert (staff.name, staff.title) == ("新名字", "senior")
    entry = LogEntry.objects.get_for_object(staff).filter(actor=county["clerk"]).get()
    assert entry.action == LogEntry.Action.UPDATE and entry.changes["name"] == ["旧名字", "新名字"]


def test_created_rows_get_bulk_audit_entries_with_the_importer_as_actor(county):
    rows = [staff_row(f.make_id_number(), f"教师{i}") for i in range(5)]
    result = run("people.staff", workbook(STAFF_HEADERS, rows), county["clerk"])
    assert result.created == 5
    entries = LogEntry.objects.filter(actor=county["clerk"], action=LogEntry.Action.CREATE)
    assert entries.count() == 10  # five staff and their five postings
    assert {e.additional_data["row"] for e in entries if e.additional_data} == {2, 3, 4, 5, 6}


def test_bulk_audit_entries_mask_id_numbers_as_the_pages_edits_do(county):
    """The import writes its audit entries itself, in bulk; they follow the model's audit registration (ID numbers
    masked, left-out fields left out), not the raw values."""
    number = f.make_id_number()
    result = run("people.staff", workbook(STAFF_HEADERS, [staff_row(number, "教师甲")]), county["clerk"])
    assert result.created == 1
    staff = Staff.objects.get(id_number=number)
    entry = LogEntry.objects.get_for_object(staff).get()
    old, new = entry.changes["id_number"]
    assert number not in str(entry.changes) and new.endswith(number[-4:]) and "*" in new
    assert entry.changes["name"][1] == "教师甲"


def test_changing_the_current_school_closes_the_old_posting(county):
    staff = f.make_staff(county["a"], start=dt.date(2015, 9, 1))
    content = workbook(["身份证号", "现任学校标识码", "到校日期"], [[staff.id_number, "3301000002", "2025-09-01"]])
    result = run("people.staff", content, county["clerk"])
    assert result.errors == [] and result.updated == 1
    postings = {p.school.code: (p.start, p.end) for p in staff.postings.all()}
    assert postings == {"3301000001": (dt.date(2015, 9, 1), dt.date(2025, 8, 31)),
                        "3301000002": (dt.date(2025, 9, 1), None)}


def test_sex_contradicting_the_id_number_is_refused(county):
    number = f.make_id_number(sex="F")
    content = workbook([*STAFF_HEADERS, "性别"], [[*staff_row(number), "男"]])
    result = run("people.staff", content, county["clerk"])
    assert [(e.column, e.reason) for e in result.errors] == [("性别", "性别与身份证号不符（身份证号为女性）")]


# --- Scope ----------------------------------------------------------------------------------------


def test_school_admin_cannot_import_rows_of_another_school(county):
    admin = f.make_user(Role.SCHOOL, school=county["a"])
    before = counts()
    rows = [facts_row(), facts_row(code="3301000002")]
    result = run("org.schoolfacts", workbook(FACTS_HEADERS, rows), admin)
    # School B is outside the administrator's scope: reported as not found, never as "another school".
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(3, "学校标识码", "学校标识码不存在：3301000002")]
    assert counts() == before
    own = run("org.schoolfacts", workbook(FACTS_HEADERS, [facts_row()]), admin)
    assert own.committed and SchoolFacts.objects.get().school == county["a"]


def test_school_admin_cannot_update_staff_of_another_school(county):
    other = f.make_staff(county["b"], name="乙校教师")
    admin = f.make_user(Role.SCHOOL, school=county["a"])
    result = run("people.staff", workbook(["身份证号", "姓名"], [[other.id_number, "改名"]]), admin)
    # Issue 18: neutral, so that the school does not learn the person exists elsewhere.
    neutral = "该身份证号无法使用，请联系教育局人事科核实"
    assert [(e.row, e.column, e.reason) for e in result.errors] == [(2, "身份证号", neutral)]
    other.refresh_from_db()
    assert other.name == "乙校教师"


def test_school_admin_cannot_transfer_staff(county):
    staff = f.make_staff(county["a"])
    admin = f.make_user(Role.SCHOOL, school=county["a"])
    result = run("people.staff", workbook(["身份证号", "现任学校标识码"], [[staff.id_number, "3301000002"]]), admin)
    assert result.errors[0].column == "现任学校标识码"  # school B is out of scope: "不存在"
    added = run("people.staff", workbook(STAFF_HEADERS, [staff_row(f.make_id_number(), "新教师")]), admin)
    assert added.committed and Staff.objects.visible_to(admin).filter(name="新教师").exists()


def test_user_without_write_right_is_refused_for_the_whole_file(county):
    leader = f.make_user(Role.LEADER)
    result = run("org.school", workbook(["学校标识码", "学校名称"], [["3301000009", "新学校"]]), leader)
    assert result.errors[0].row == 0 and "没有导入" in result.errors[0].reason
    assert not School.objects.filter(code="3301000009").exists()


# --- Error workbook -------------------------------------------------------------------------------


def test_error_workbook_keeps_rows_and_adds_the_reason_column(county):
    bad = bad_checksum(f.make_id_number())
    rows = [staff_row(f.make_id_number()), None, staff_row(bad, "王老师")]
    result = run("people.staff", workbook(STAFF_HEADERS, rows), county["clerk"])
    sheets = read_book(writer.error_workbook(get_spec("people.staff"), result.plan.sheet, result.errors))
    data = sheets["教职工"]
    assert data[0][: len(STAFF_HEADERS)] == STAFF_HEADERS and data[0][len(STAFF_HEADERS)] == "错误原因"
    assert data[1][len(STAFF_HEADERS)] == ""  # the good row: no reason
    assert data[2][0] == bad and data[2][len(STAFF_HEADERS)] == "身份证号：身份证号校验位错误"
    assert data[2][len(STAFF_HEADERS) + 1] == 4  # 原行号: Excel row 4 (a blank line was skipped)
    assert sheets["错误清单"][1][:2] == [4.0, "身份证号"]


def test_renamed_and_extra_columns_are_reported_not_silently_dropped(county):
    headers = ["身份证号码", "姓名", "编制类型", "岗位类别", "最高学历", "现任学校标识码", "备注", "家庭住址"]
    row = [*staff_row(f.make_id_number()), "新调入", "城关镇"]
    result = run("people.staff", workbook(headers, [row]), county["clerk"], commit=False)
    assert not result.errors and result.created == 1
    assert result.plan.renamed == [("身份证号码", "身份证号")]
    assert result.plan.ignored == ["备注", "家庭住址"]
    # The error workbook's own 错误原因 column is expected when a corrected file comes back: not reported.
    again = run("people.staff", workbook([*STAFF_HEADERS, "错误原因"], [[*staff_row(f.make_id_number()), "必填"]]),
                county["clerk"], commit=False)
    assert again.plan.ignored == [] and again.plan.renamed == []


def test_import_page_names_the_columns_it_did_not_import(county, client):
    from edubureau.core.io.jobs import preview_of

    headers = [*STAFF_HEADERS, "备注"]
    result = run("people.staff", workbook(headers, [[*staff_row(f.make_id_number()), "x"]]), county["clerk"],
                 commit=False)
    assert preview_of(result)["ignored"] == ["备注"]
    from edubureau.core.models import ImportJob

    job = ImportJob.objects.create(user=county["clerk"], spec="people.staff", filename="a.xlsx",
                                   status=ImportJob.Status.VALID, total=1, created_count=1,
                                   preview=preview_of(result))
    client.force_login(county["clerk"])
    from django.urls import reverse

    page = client.get(reverse("core:import_detail", args=[job.pk])).content.decode()
    assert "以下列不是本表的列，未导入：备注" in page


def test_import_log_counts_only_what_confirmed_imports_wrote(county, client):
    from django.urls import reverse

    from edubureau.core.models import ImportJob

    common = {"user": county["clerk"], "spec": "people.staff", "total": 5, "created_count": 4, "updated_count": 1}
    ImportJob.objects.create(filename="只校验.xlsx", status=ImportJob.Status.VALID, **common)
    ImportJob.objects.create(filename="已确认.xlsx", status=ImportJob.Status.DONE, unchanged_count=0, **common)
    client.force_login(county["clerk"])
    book = read_book(client.get(reverse("core:importjob_list"), {"format": "xlsx"}).content)
    rows = next(iter(book.values()))
    assert rows[1][2:8] == ["文件", "状态", "行数", "已新增", "已更新", "无变化"]
    written = {r[2]: r[5:8] for r in rows[2:]}
    assert written == {"只校验.xlsx": ["", "", ""], "已确认.xlsx": [4.0, 1.0, 0.0]}
    page = client.get(reverse("core:importjob_list"), {"q": "已确认"}).content.decode()
    assert "已确认.xlsx" in page and "只校验.xlsx" not in page


def test_aid_programs_import_with_their_amounts_and_name_a_bad_row(county):
    from edubureau.welfare.models import AidProgram

    headers = ["资助年度", "项目名称", "资助学段", "年资助标准（元）", "走读生比例", "每学期预算（元）"]
    good = [2026, "义务教育家庭经济困难学生生活补助", "小学、初中", "小学1250、初中1500", 0.5, 400000]
    bad = [2026, "普通高中国家助学金", "高中、大学", "高中2300", 1, ""]
    result = run("welfare.aidprogram", workbook(headers, [good, bad]), county["clerk"])
    assert not result.committed and AidProgram.objects.count() == 0  # one bad row: nothing written
    assert [(e.row, e.reason) for e in result.errors] == [(3, "不认识的学段：大学")]
    result = run("welfare.aidprogram", workbook(headers, [good]), county["clerk"])
    program = AidProgram.objects.get()
    assert result.committed and (program.levels, program.yearly) == (["小学", "初中"], {"小学": 1250, "初中": 1500})

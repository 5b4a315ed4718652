"""学籍 reconciliation (issue 13): the national export, with its title line, its own headers and codes, against our
roll; checked by hand for six pupils.

甲 agrees everywhere once the codes are read (1 → 男, 20160301 → 2016-03-01, 0 → 非留守, 13 → 三年级, 2班 → 2).
乙 is in 3班 nationally and 2 in the roll, and 单亲留守 (code 1) against 非留守: two differences. 丙 is only in the
national export, 丁 only in the roll. 戊's national ID number has a wrong check digit: listed (masked) and matched by
学籍辅号. 己 has no ID number on either side and is matched by 姓名 + 出生日期.
"""

from __future__ import annotations

import csv
import json

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from edubureau.cli import dispatch
from edubureau.core import idcard
from edubureau.people.roll_reconcile import ROLL_HEADERS, ReconcileError, reconcile_files


def pid(born: str, serial: str) -> str:
    first = f"110105{born}{serial}"
    return first + idcard.check_digit(first)


JIA, YI, BING, DING, WU = (pid("20160301", "011"), pid("20160512", "022"), pid("20150720", "033"),
                           pid("20151108", "044"), pid("20160214", "055"))
WU_TYPO = WU[:17] + ("0" if WU[17] != "0" else "1")
SCHOOL = "3133000001"

NATIONAL_HEADERS = ["学籍接续标识", "学校标识码", "姓名", "性别", "出生日期", "证件类型", "身份证号", "民族", "年级",
                    "班级号", "是否留守儿童", "是否进城务工人员随迁子女", "随班就读", "学籍辅号"]
NATIONAL_ROWS = [
    ["", SCHOOL, "甲", "1", "20160301", "1", JIA, "01", "13", "2班", "0", "0", "", ""],
    ["", SCHOOL, "乙", "2", "20160512", "1", YI, "01", "13", "3班", "1", "0", "非随班就读", ""],
    ["", SCHOOL, "丙", "1", "20150720", "1", BING, "01", "14", "1班", "0", "1", "", ""],
    ["", SCHOOL, "戊", "1", "20160214", "1", WU_TYPO, "01", "13", "1班", "2", "0", "", "FZ0005"],
    ["", SCHOOL, "己", "2", "20160909", "", "", "01", "13", "1班", "0", "0", "", ""],
]
ROLL_ROWS = [
    [JIA, "", "甲", "男", "2016-03-01", SCHOOL, "三年级", "2", "非留守", "否", "非随班就读"],
    [YI, "", "乙", "女", "2016-05-12", SCHOOL, "三年级", "2", "非留守", "否", "非随班就读"],
    [DING, "", "丁", "男", "2015-11-08", SCHOOL, "四年级", "1", "非留守", "否", "非随班就读"],
    [WU, "FZ0005", "戊", "男", "2016-02-14", SCHOOL, "三年级", "1", "双亲留守", "否", "非随班就读"],
    ["", "", "己", "女", "2016-09-09", SCHOOL, "三年级", "1", "非留守", "否", "非随班就读"],
]


@pytest.fixture
def files(tmp_path):
    national = tmp_path / "学籍导出.xlsx"
    book = xlsxwriter.Workbook(str(national))
    sheet = book.add_worksheet("学生信息")
    sheet.write_row(0, 0, ["桐溪县2026年秋季学期学生学籍信息"])  # a title line above the header
    sheet.write_row(1, 0, NATIONAL_HEADERS)
    for r, row in enumerate(NATIONAL_ROWS, start=2):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    roll = tmp_path / "名册.csv"
    with roll.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ROLL_HEADERS)
        writer.writerows(ROLL_ROWS)
    return national, roll


def test_six_pupils_reconcile_as_worked_by_hand(files):
    result = reconcile_files(*files).as_dict()
    assert result["matched"] == 4  # 甲, 乙, 戊 (by 学籍辅号), 己 (by 姓名 + 出生日期)
    assert result["only_national"] == [BING] and result["only_roll"] == [DING]
    assert result["different"] == [{"id": YI, "name": "乙", "fields": {"班级": ["3", "2"],
                                                                      "是否留守儿童": ["单亲留守", "非留守"]}}]
    assert result["invalid_ids"] == [{"file": "national", "row": 6, "value": idcard.mask(WU_TYPO),
                                      "reason": "身份证号校验位错误"}]


def test_the_command_prints_json_and_writes_the_workbook(files, tmp_path, capsys):
    out = tmp_path / "核对结果.xlsx"
    assert dispatch(["students", "reconcile", str(files[0]), str(files[1]), "--json", "--xlsx", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["matched"], printed["only_national"], printed["only_roll"]) == (4, [BING], [DING])
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["汇总", "仅国家系统有", "仅本系统有", "信息不一致", "身份证号无效"]
    rows = book.get_sheet_by_name("信息不一致").to_python()
    assert rows[1:] == [[YI, "乙", "班级", "3", "2"], [YI, "乙", "是否留守儿童", "单亲留守", "非留守"]]


def test_the_summary_in_words(files, capsys):
    assert dispatch(["students", "reconcile", str(files[0]), str(files[1])]) == 0
    text = capsys.readouterr().out
    assert "已对上4人；仅国家系统有1人，仅本系统有1人，信息不一致1人，身份证号无效1个" in text
    assert "乙（" in text and "班级：国家“3”，本系统“2”" in text


def test_a_roll_without_its_headers_is_refused_by_name(files, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("身份证件号,姓名,学校标识码,年级\n" + JIA + ",甲,1,三年级\n", encoding="utf-8")
    with pytest.raises(ReconcileError, match="bad.csv：第1行表头缺少列：学籍辅号、性别、出生日期"):
        reconcile_files(files[0], bad)
    assert dispatch(["students", "reconcile", str(files[0]), str(bad)]) == 1
    assert "缺少列" in capsys.readouterr().err
    assert dispatch(["students", "reconcile", str(tmp_path / "none.xlsx"), str(bad)]) == 1
    assert "文件不存在" in capsys.readouterr().err


def _frame(rows):
    import polars as pl

    data = {name: [row[i] for row in rows] for i, name in enumerate(ROLL_HEADERS)}
    data["_row"] = list(range(2, len(rows) + 2))
    return pl.DataFrame(data)


@pytest.fixture(scope="module")
def pupils():
    """A school's 60 pupils in the roll's own words, each with a valid ID number."""
    rows = []
    for n in range(60):
        born = f"2016{1 + n % 12:02d}{1 + n % 28:02d}"
        rows.append([pid(born, f"{n:03d}"), "", f"学生{n}", "男" if n % 2 else "女",
                     f"{born[:4]}-{born[4:6]}-{born[6:]}", SCHOOL, "三年级", str(1 + n % 3),
                     ("非留守", "单亲留守", "双亲留守")[n % 3], "否", "非随班就读"])
    return rows


def test_properties_of_the_match(pupils):
    """A roll against itself matches everyone with no difference; the order of rows does not matter; dropping
    pupils from one side puts exactly them on the other side's list."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from edubureau.people.roll_reconcile import reconcile

    same = reconcile(_frame(pupils), _frame(pupils))
    assert (same.matched, same.only_national, same.only_roll, same.different) == (60, [], [], [])

    @settings(max_examples=25, deadline=None)
    @given(order=st.permutations(range(60)), dropped=st.sets(st.integers(0, 59), max_size=10))
    def check(order, dropped):
        national = [pupils[i] for i in order]
        roll = [row for i, row in enumerate(pupils) if i not in dropped]
        result = reconcile(_frame(national), _frame(roll))
        assert result.matched == 60 - len(dropped)
        assert sorted(result.only_national) == sorted(pupils[i][0] for i in dropped)
        assert result.only_roll == [] and result.different == []

    check()


def test_the_command_needs_no_django_and_prints_what_the_django_command_prints(files):
    import io

    from django.core.management import call_command

    from tests.core.test_cli_fast import console

    code, out, err, modules = console("students", "reconcile", str(files[0]), str(files[1]), "--json")
    assert code == 0, err
    assert modules["django"] == [] and json.loads(out)["matched"] == 4
    through_django = io.StringIO()
    call_command("students", "reconcile", str(files[0]), str(files[1]), "--json", stdout=through_django)
    assert json.loads(through_django.getvalue()) == json.loads(out)

"""The evaluation workbook: sheets, headers, and two schools' totals checked against the hand calculation."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from edubureau.evaluation.engine import score
from edubureau.evaluation.engine.workbook import evaluation_workbook

from .test_engine import example_scheme, example_schools


@pytest.fixture(scope="module")
def data() -> bytes:
    return evaluation_workbook(score(example_scheme(), example_schools()))


def rows(data: bytes, sheet: str) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()


def test_sheets(data):
    assert CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names == ["城区小学", "农村小学", "计分说明", "方案"]


def test_two_schools_against_the_hand_calculation(data):
    urban = rows(data, "城区小学")
    head = urban[0]
    assert head[:5] == ["排名", "学校", "总分", "等次", "一票否决"]
    assert "1.1 计划执行（20分）" in head and "1 常规考核（40分）" in head
    by_school = {row[1]: dict(zip(head, row, strict=True)) for row in urban[1:] if row[1]}
    a = by_school["甲校"]
    # 甲校 (see tests/evaluation/test_engine.py): 15 + 17 = 32; 15 + 30 = 45; 77 + 5 − 2 = 80; 0.8×80 + 14 = 78.
    assert a["1.1 计划执行（20分）"] == pytest.approx(15) and a["1.2 规范办学（20分）"] == pytest.approx(17)
    assert a["1 常规考核（40分）"] == pytest.approx(32) and a["2 办学成效（60分）"] == pytest.approx(45)
    assert (a["指标得分"], a["加分"], a["扣分"], a["本校得分"]) == pytest.approx((77, 5, 2, 80))
    assert (a["本校部分"], a["捆绑部分"], a["总分"]) == pytest.approx((64, 14, 78))
    assert (a["排名"], a["等次"], a["上年总分"], a["比上年"]) == (1, "合格", 75, pytest.approx(3))
    # 丁校 (农村小学, every leaf 25): 12.5 + 22.5 + 25 + 25 = 85, + bonus 1 = 86.
    rural = rows(data, "农村小学")
    d = dict(zip(rural[0], rural[1], strict=True))
    assert d["学校"] == "丁校" and d["总分"] == pytest.approx(86) and d["等次"] == "良好"
    assert d["1.1 计划执行（25分）"] == pytest.approx(12.5)
    # The vetoed school says why.
    b = by_school["乙校"]
    assert b["等次"] == "不合格" and "重大安全责任事故" in b["一票否决"] and b["排名"] == 3
    # Category mean: (78 + 34 + 82) / 3 = 64.67; 常规考核 (32 + 13 + 40) / 3 = 28.33.
    mean = by_school["本类别平均"]
    assert mean["总分"] == pytest.approx(194 / 3) and mean["1 常规考核（40分）"] == pytest.approx(85 / 3)


def test_totals_are_formulas_an_auditor_can_follow(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data))["城区小学"]
    head = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "甲校")
    total = row[head.index("总分")].value
    branch = row[head.index("1 常规考核（40分）")].value
    assert total.startswith("=") and branch.startswith("=")
    assert sheet.freeze_panes == "C2"


def evaluate(sheet, ref: str, seen=()):
    """A cell's value, following our formulas (sums, differences, products and MAX over cells)."""
    value = sheet[ref].value
    if not (isinstance(value, str) and value.startswith("=")):
        return value or 0
    expr = re.sub(r"[A-Z]+[0-9]+", lambda m: repr(evaluate(sheet, m.group(0))), value[1:])
    return eval(expr.replace("MAX", "max"), {"__builtins__": {}, "max": max})


def test_formulas_recompute_the_engine_totals(data):
    result = score(example_scheme(), example_schools())
    book = openpyxl.load_workbook(io.BytesIO(data))
    for category in result.scheme.categories:
        sheet = book[category.title]
        rows = [r for r in sheet.iter_rows(min_row=2) if r[1].value]
        for row in rows[:-1]:
            school = next(s for s in result.schools if s.name == row[1].value)
            assert evaluate(sheet, row[2].coordinate) == pytest.approx(school.total)
        mean = rows[-1]
        assert mean[1].value == "本类别平均" and mean[2].value == f"=AVERAGE(C2:C{len(rows)})"


def test_trail_and_scheme_sheets(data):
    trail = rows(data, "计分说明")
    assert trail[0] == ["学校", "类别", "编号", "指标", "数据及取值", "计分规则", "原始得分", "计入得分"]
    a = [r for r in trail[1:] if r[0] == "甲校"]
    steps = {r[2]: r for r in a}
    assert "计划任务完成率 0.9" in steps["1.1"][4] and steps["1.1"][7] == pytest.approx(15)
    assert steps["总分"][7] == pytest.approx(78)
    scheme = rows(data, "方案")
    assert scheme[1][:3] == ["编号", "指标", "类型"] and scheme[1][-2:] == ["城区小学满分", "农村小学满分"]
    codes = [r[0] for r in scheme[2:] if r[0]]
    assert codes[:3] == ["1", "1.1", "1.2"]
    assert any("捆绑" in str(r[0]) or "甲校教育集团" in str(r[0]) for r in scheme)


def test_writes_a_path(tmp_path):
    target = tmp_path / "考核.xlsx"
    data = evaluation_workbook(score(example_scheme(), example_schools()), target)
    assert target.read_bytes() == data

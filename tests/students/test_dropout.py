"""控辍保学 (issue 13): the risk list of the 四查三比对 on the county's own data, checked by hand, and the 劝返
case's life (every attempt recorded, 销号 only with its evidence)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from edubureau.welfare.engine.dropout import Case, CaseRefused, DropoutRules, dropout_rates, risks

D = dt.date
# Term days of 2–13 March 2026: Monday to Friday, weekends off.
SCHOOL_DAYS = [D(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13)]


def test_the_risk_list_worked_by_hand():
    found = risks(
        household={"A": D(2018, 5, 1), "B": D(2021, 1, 1), "C": D(2017, 3, 3), "G": D(2009, 1, 1)},
        on_roll={"C", "D", "E", "F"},
        # D: Fri 6 and Mon 9, Tue 10 — three school days in a row over a weekend; E: two days, then one.
        absences={"D": [D(2026, 3, 6), D(2026, 3, 9), D(2026, 3, 10)], "E": [D(2026, 3, 3), D(2026, 3, 4),
                                                                             D(2026, 3, 6)]},
        school_days=SCHOOL_DAYS, transfers_out={"F": "", "H": "杭州市某小学"},
        suspensions={"J": D(2026, 2, 28), "K": D(2026, 6, 30), "L": None}, today=D(2026, 3, 11))
    # A (7 on 31 August 2025) is of age and on no roll; B (4) too young; C on a roll; G (16) past it.
    assert [(r.child, r.kind) for r in found] == [("A", "适龄未入学"), ("D", "疑似辍学"), ("F", "转出无接收学校"),
                                                 ("J", "休学逾期")]
    assert found[1].reason == "学籍 vs 在校：连续缺课3天（3天即预警）"
    assert found[3].reason == "休学至2026年02月28日，逾期未复学"
    stricter = risks(household={}, on_roll=set(), absences={"D": [D(2026, 3, 6), D(2026, 3, 9), D(2026, 3, 10)]},
                     school_days=SCHOOL_DAYS, transfers_out={}, suspensions={}, today=D(2026, 3, 11),
                     rules=DropoutRules(absence_days=5))
    assert stricter == []


def test_a_case_is_worked_to_its_end_and_refuses_shortcuts():
    case = Case("D", "学籍 vs 在校：连续缺课3天")
    with pytest.raises(CaseRefused, match="不能直接“复学”"):
        case.move("复学", D(2026, 3, 11), note="返校")
    case.move("核实", D(2026, 3, 11), note="班主任家访：外出打工")
    case.move("辍学", D(2026, 3, 12), note="确认辍学，报乡镇")
    with pytest.raises(CaseRefused, match="参与人员和结果"):
        case.attempt(D(2026, 3, 13), "", "未见到学生")
    case.attempt(D(2026, 3, 13), "校长、村支书", "家长承诺月底前返校")
    assert case.state == "劝返中"
    with pytest.raises(CaseRefused, match="销号须写明去向"):
        case.move("销号", D(2026, 3, 20), evidence="家长说会去的")
    case.move("复学", D(2026, 3, 30), note="已返校，安排结对帮扶")
    assert [step for _d, step, _n in case.trail] == ["核实", "辍学", "劝返中", "复学"]
    with pytest.raises(CaseRefused, match="已办结"):
        case.attempt(D(2026, 4, 1), "班主任", "回访")


def test_dropout_rates_per_level():
    rates = dropout_rates(Counter({"小学": 2000, "初中": 900, "高中": 0}), Counter({"小学": 3, "初中": 9}))
    assert rates == {"小学": 0.0015, "初中": 0.01, "高中": 0.0}
